//! The register: matching postings in date order with a running total.

use arledger_journal::period::Period;
use arledger_journal::{Amount, Journal, Posting, TxnId};
use chrono::NaiveDate;

use crate::balance::BalanceOptions;
use crate::mixed::{MixedAmount, Overflow};
use crate::periodic::PeriodicOptions;
use crate::value::{cost_of, rounded, Prices, Valuation};
use arledger_journal::query::CompiledQuery;

/// One register line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisterRow {
    /// The posting's date.
    pub date: NaiveDate,
    /// Its transaction.
    pub txn: TxnId,
    /// Index of the posting in [`Journal::postings`].
    pub posting: usize,
    /// Whether this is the first row shown for its transaction.
    pub first_of_txn: bool,
    /// The posting's amount.
    pub amount: Amount,
    /// Running total of the rows so far, after this one.
    pub total: Vec<Amount>,
}

/// How register amounts are shown.
#[derive(Clone, Copy, Debug, Default)]
pub struct RegisterOptions {
    /// `-B`, `-V` or `-X`; market values are taken on `value_date`.
    pub valuation: Option<Valuation>,
    /// The valuation date (the report's last day, else the journal's).
    pub value_date: NaiveDate,
    /// `--invert`: amounts negated.
    pub invert: bool,
}

/// Computes the register of the postings `q` matches, in date order (file order within a date).
pub fn register(j: &Journal, q: &CompiledQuery) -> Result<Vec<RegisterRow>, Overflow> {
    register_with(j, q, RegisterOptions::default())
}

/// The register with amounts valued or inverted as `opts` says; the running total sums the
/// amounts shown, as hledger's does.
pub fn register_with(
    j: &Journal,
    q: &CompiledQuery,
    opts: RegisterOptions,
) -> Result<Vec<RegisterRow>, Overflow> {
    let prices = Prices::new(j);
    let mut hits: Vec<(NaiveDate, usize, usize)> = Vec::new();
    for (t, txn) in j.transactions.iter().enumerate() {
        for (k, p) in j.postings_of(txn).iter().enumerate() {
            if q.matches_posting(j, txn, p) {
                hits.push((j.posting_date(txn, p), t, txn.postings.start as usize + k));
            }
        }
    }
    hits.sort_by_key(|&(d, t, _)| (d, t));
    let mut running = MixedAmount::default();
    let mut rows = Vec::with_capacity(hits.len());
    let mut last_txn = usize::MAX;
    for (date, t, i) in hits {
        let p = &j.postings[i];
        let amount = shown(j, &prices, p, opts)?;
        running.add(amount)?;
        rows.push(RegisterRow {
            date,
            txn: TxnId(t as u32),
            posting: i,
            first_of_txn: t != last_txn,
            amount: match opts.valuation {
                Some(Valuation::Market | Valuation::Exchange(_)) => {
                    rounded(j, vec![amount]).first().copied().unwrap_or(Amount {
                        quantity: Default::default(),
                        ..amount
                    })
                }
                _ => amount,
            },
            total: match opts.valuation {
                Some(Valuation::Market | Valuation::Exchange(_)) => rounded(j, running.amounts(j)),
                _ => running.amounts(j),
            },
        });
        last_txn = t;
    }
    Ok(rows)
}

/// A posting's amount as the register shows it.
fn shown(
    j: &Journal,
    prices: &Prices,
    p: &Posting,
    opts: RegisterOptions,
) -> Result<Amount, Overflow> {
    let mut a = match opts.valuation {
        None => p.amount,
        Some(Valuation::Cost) => cost_of(j, p)?,
        Some(v) => {
            let m = prices.value(&[p.amount], v, opts.value_date)?;
            m.amounts(j).first().copied().unwrap_or(Amount {
                quantity: Default::default(),
                ..p.amount
            })
        }
    };
    if opts.invert {
        a.quantity = -a.quantity;
    }
    Ok(a)
}

/// One line of a register by period (`register -M`): an account's movement in a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryRow {
    /// The period.
    pub period: Period,
    /// The account (clipped to the depth) or pivot value.
    pub account: String,
    /// Its movement in the period, one amount per commodity.
    pub amount: Vec<Amount>,
    /// Running total after this line.
    pub total: Vec<Amount>,
}

/// hledger's `register -M` (or any interval): per period, one line per account whose
/// movement is not zero (every account with `empty`), by name; with `pivot`, by that tag's
/// value instead of the account. Market values are taken at each period's end.
pub fn register_summary(
    j: &Journal,
    q: &CompiledQuery,
    periods: &[Period],
    depth: Option<usize>,
    empty: bool,
    pivot: Option<&str>,
    opts: RegisterOptions,
) -> Result<Vec<SummaryRow>, Overflow> {
    let report = crate::periodic::periodic_balance(
        j,
        q,
        periods,
        PeriodicOptions {
            layout: BalanceOptions {
                tree: false,
                depth,
                empty: true,
            },
            invert: opts.invert,
            valuation: opts.valuation,
            pivot,
            ..Default::default()
        },
    )?;
    let mut running = MixedAmount::default();
    let mut rows = Vec::new();
    for (i, &period) in periods.iter().enumerate() {
        for r in &report.rows {
            let cell = &r.cells[i];
            if cell.is_empty() && !empty {
                continue;
            }
            for &a in cell {
                running.add(a)?;
            }
            rows.push(SummaryRow {
                period,
                account: r.account.clone(),
                amount: cell.clone(),
                total: running.amounts(j),
            });
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arledger_journal::parse_str;
    use arledger_journal::query::Query;

    #[test]
    fn running_total_in_date_order() {
        let l = parse_str(
            "2026-01-05 b\n  Assets:Cash  5 USD\n  Income\n2026-01-01 a\n  Assets:Cash  10 USD\n  Income\n",
        );
        let j = &l.journal;
        let q = Query::parse_at(
            &["cash"],
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        )
        .unwrap();
        let rows = register(j, &q.compile(j).unwrap()).unwrap();
        let totals: Vec<String> = rows
            .iter()
            .map(|r| r.total[0].quantity.to_string())
            .collect();
        assert_eq!(totals, vec!["10", "15"]);
        assert_eq!(
            j.text(j.transactions[rows[0].txn.index()].description()),
            "a"
        );
    }
}
