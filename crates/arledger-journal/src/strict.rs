//! `--strict` checks: every account and commodity used must be declared.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::Journal;

/// Reports the first use of each undeclared account and commodity.
pub fn check_strict(j: &Journal) -> Vec<Diagnostic> {
    let mut seen_account = vec![false; j.accounts.len()];
    let mut seen_commodity = vec![false; j.commodities.len()];
    let mut out = Vec::new();
    for txn in &j.transactions {
        for p in j.postings_of(txn) {
            let a = p.account.index();
            if !seen_account[a] && j.account_info[a].declared.is_none() {
                seen_account[a] = true;
                out.push(
                    Diagnostic::error(
                        Code::UndeclaredAccount,
                        j.account_span(p),
                        format!("account `{}` is not declared", j.account_name(p.account)),
                    )
                    .expected(format!(
                        "an `account {}` directive",
                        j.account_name(p.account)
                    )),
                );
            }
            let c = p.amount.commodity.index();
            if c != 0 && !seen_commodity[c] && j.commodity_info[c].declared.is_none() {
                seen_commodity[c] = true;
                let name = j.commodity_name(p.amount.commodity);
                out.push(
                    Diagnostic::error(
                        Code::UndeclaredCommodity,
                        p.amount_span,
                        format!("commodity `{name}` is not declared"),
                    )
                    .expected(format!("a `commodity {name}` directive")),
                );
            }
        }
    }
    out
}
