//! Whole-journal checks run by `check`: declarations (`--strict`) and sums that overflow.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{CommodityId, Journal};
use rust_decimal::Decimal;

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
                        j.amount_span(p),
                        format!("commodity `{name}` is not declared"),
                    )
                    .expected(format!("a `commodity {name}` directive")),
                );
            }
        }
    }
    out
}

/// Reports the first posting at which an account's balance, or a commodity's total over all
/// postings, grows past what exact decimal arithmetic holds (reports would fail there).
pub fn check_totals(j: &Journal) -> Vec<Diagnostic> {
    let mut per_account: Vec<Vec<(CommodityId, Decimal)>> = vec![Vec::new(); j.accounts.len()];
    let mut per_commodity: Vec<Decimal> = vec![Decimal::ZERO; j.commodities.len()];
    for txn in &j.transactions {
        for p in j.postings_of(txn) {
            let sums = &mut per_account[p.account.index()];
            let i = match sums.iter().position(|(c, _)| *c == p.amount.commodity) {
                Some(i) => i,
                None => {
                    sums.push((p.amount.commodity, Decimal::ZERO));
                    sums.len() - 1
                }
            };
            let account = sums[i].1.checked_add(p.amount.quantity);
            let total = per_commodity[p.amount.commodity.index()].checked_add(p.amount.quantity);
            match (account, total) {
                (Some(a), Some(t)) => {
                    sums[i].1 = a;
                    per_commodity[p.amount.commodity.index()] = t;
                }
                _ => {
                    return vec![Diagnostic::error(
                        Code::Overflow,
                        j.amount_span(p),
                        format!(
                            "the balance of {} grows too large for exact arithmetic here",
                            j.account_name(p.account)
                        ),
                    )
                    .expected("sums of at most 28 significant digits")]
                }
            }
        }
    }
    Vec::new()
}
