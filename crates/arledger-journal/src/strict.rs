//! Whole-journal checks run by `check`: declarations (`--strict`) and sums that overflow.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{CommodityId, Journal};
use rust_decimal::Decimal;

/// Reports the first use of each undeclared account and commodity (`check --strict`).
pub fn check_strict(j: &Journal) -> Vec<Diagnostic> {
    let mut out = check_accounts(j);
    out.extend(check_commodities(j));
    out.sort_by_key(|d| (d.span.source, d.span.start));
    out
}

/// Reports the first use of each account that is posted to but not declared (hledger's
/// `accounts` check).
pub fn check_accounts(j: &Journal) -> Vec<Diagnostic> {
    let mut seen = vec![false; j.accounts.len()];
    let mut out = Vec::new();
    for p in j.transactions.iter().flat_map(|t| j.postings_of(t)) {
        let a = p.account.index();
        if !seen[a] && j.account_info[a].declared.is_none() {
            seen[a] = true;
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
    }
    out
}

/// Reports the first use of each undeclared commodity in a posting's amount or balance
/// assertion (hledger's `commodities` check; amounts without a commodity need none).
pub fn check_commodities(j: &Journal) -> Vec<Diagnostic> {
    let mut seen = vec![false; j.commodities.len()];
    let mut out = Vec::new();
    for p in j.transactions.iter().flat_map(|t| j.postings_of(t)) {
        // The assertion's span, or none for the amount's (computed only for a message).
        let asserted = j
            .extra(p)
            .and_then(|e| e.assertion)
            .map(|a| (a.amount.commodity, Some(a.span)));
        for (c, span) in [(p.amount.commodity, None)].into_iter().chain(asserted) {
            if c.index() != 0 && !seen[c.index()] && j.commodity_info[c.index()].declared.is_none()
            {
                seen[c.index()] = true;
                let name = j.commodity_name(c);
                out.push(
                    Diagnostic::error(
                        Code::UndeclaredCommodity,
                        span.unwrap_or_else(|| j.amount_span(p)),
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
    let mut per_account: Vec<Vec<(CommodityId, Decimal)>> = vec![Vec::new(); j.accounts.len()];
    // Per commodity: the gross total, and the most decimal places of its amounts so far.
    let mut gross: Vec<(Decimal, u32)> = vec![(Decimal::ZERO, 0); j.commodities.len()];
    for txn in &j.transactions {
        for p in j.postings_of(txn) {
            let q = p.amount.quantity;
            let sums = &mut per_account[p.account.index()];
            let i = match sums.iter().position(|(c, _)| *c == p.amount.commodity) {
                Some(i) => i,
                None => {
                    sums.push((p.amount.commodity, Decimal::ZERO));
                    sums.len() - 1
                }
            };
            let Some(account) = sums[i].1.checked_add(q) else {
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
            sums[i].1 = account;
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
