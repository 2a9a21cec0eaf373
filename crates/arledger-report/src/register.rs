//! The register: matching postings in date order with a running total.

use arledger_journal::{Amount, Journal, TxnId};
use chrono::NaiveDate;

use crate::mixed::{MixedAmount, Overflow};
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

/// Computes the register of the postings `q` matches, in date order (file order within a date).
pub fn register(j: &Journal, q: &CompiledQuery) -> Result<Vec<RegisterRow>, Overflow> {
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
        running.add(p.amount)?;
        rows.push(RegisterRow {
            date,
            txn: TxnId(t as u32),
            posting: i,
            first_of_txn: t != last_txn,
            amount: p.amount,
            total: running.amounts(j),
        });
        last_txn = t;
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
        let q = Query::parse(&["cash"]).unwrap();
        let rows = register(j, &q.compile(j).unwrap()).unwrap();
        let totals: Vec<String> = rows
            .iter()
            .map(|r| r.total[0].quantity.to_string())
            .collect();
        assert_eq!(totals, vec!["10", "15"]);
        assert_eq!(j.text(j.transactions[rows[0].txn.index()].description), "a");
    }
}
