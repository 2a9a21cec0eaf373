//! Whole-journal checks run by `check`: declarations (`--strict`) and sums that overflow.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{AccountId, CommodityId, Journal};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

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

/// Reports the first posting at which an account's balance, or a commodity's gross total (the
/// sum of the sizes of all its amounts, signs ignored), grows past what exact decimal
/// arithmetic holds.
///
/// When the gross total of every commodity fits, so does every sum of any of its amounts,
/// exactly: no report total (tree balances, aging buckets, forecasts, statements) can overflow
/// or be rounded. The reports rely on this and run only on journals this check passes.
pub fn check_totals(j: &Journal) -> Vec<Diagnostic> {
    // Per account and commodity: the balance so far (hashed: an account may hold many
    // commodities).
    let mut per_account: FxHashMap<(AccountId, CommodityId), Decimal> = FxHashMap::default();
    // Per commodity: the gross total, and the most decimal places of its amounts so far.
    let mut gross: Vec<(Decimal, u32)> = vec![(Decimal::ZERO, 0); j.commodities.len()];
    for txn in &j.transactions {
        for p in j.postings_of(txn) {
            let q = p.amount.quantity;
            let sum = per_account
                .entry((p.account, p.amount.commodity))
                .or_default();
            let Some(account) = sum.checked_add(q) else {
                return vec![Diagnostic::error(
                    Code::Overflow,
                    j.amount_span(p),
                    format!(
                        "the balance of {} grows too large for exact arithmetic here",
                        j.account_name(p.account)
                    ),
                )
                .expected("sums of at most 28 significant digits")];
            };
            *sum = account;
            let (total, scale) = &mut gross[p.amount.commodity.index()];
            *scale = (*scale).max(q.scale());
            // A sum that had to drop decimal places to fit was rounded: not exact any more.
            match total.checked_add(q.abs()).filter(|t| t.scale() >= *scale) {
                Some(t) => *total = t,
                None => {
                    let name = j.commodity_name(p.amount.commodity);
                    let name = if name.is_empty() {
                        "no commodity"
                    } else {
                        name
                    };
                    return vec![Diagnostic::error(
                        Code::Overflow,
                        j.amount_span(p),
                        format!(
                            "the amounts in {name} add up to more than exact arithmetic holds here"
                        ),
                    )
                    .note(format!(
                        "their sizes (signs ignored) add up to more than 28 significant digits with {scale} decimal places, so some report totals could not be exact"
                    ))
                    .expected("amounts whose sizes add up to at most 28 significant digits")];
                }
            }
        }
    }
    Vec::new()
}
