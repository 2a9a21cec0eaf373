//! Subledger against general ledger: the total of every customer's open items in the AR
//! books against the balance of the receivable control account in the general-ledger books,
//! at each month end, with the entries that explain each difference.

use std::collections::BTreeMap;

use arledger_journal::{AccountId, Journal, TxnId};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::ar::OpenItems;
use crate::mixed::Overflow;

/// One month end in one commodity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControlRow {
    /// The month end.
    pub date: NaiveDate,
    /// The commodity (its name; the two books intern names separately).
    pub commodity: String,
    /// Total of the customers' open items at the date.
    pub subledger: Decimal,
    /// Balance of the control account (and its sub-accounts) at the date.
    pub control: Decimal,
}

impl ControlRow {
    /// Subledger minus control account.
    pub fn difference(&self) -> Decimal {
        self.subledger - self.control
    }
}

/// An entry of one side with no counterpart on the other, in a month whose difference moved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unmatched {
    /// The month end of the month it belongs to.
    pub month_end: NaiveDate,
    /// Whether it is in the AR books (else in the general ledger).
    pub in_ar: bool,
    /// Its transaction (in the AR journal or the GL journal).
    pub txn: TxnId,
    /// Its date.
    pub date: NaiveDate,
    /// The commodity name.
    pub commodity: String,
    /// Its effect on the receivable: the sum of its customer (or control account) postings.
    pub amount: Decimal,
}

/// The comparison over a range of month ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControlRecon {
    /// Rows by date, then commodity.
    pub rows: Vec<ControlRow>,
    /// Entries that explain the differences, by month.
    pub unmatched: Vec<Unmatched>,
}

impl ControlRecon {
    /// Whether every month end ties.
    pub fn ties(&self) -> bool {
        self.rows.iter().all(|r| r.difference().is_zero())
    }
}

fn month_end(d: NaiveDate) -> NaiveDate {
    let first = d.with_day(1).unwrap_or(d);
    first
        .checked_add_months(chrono::Months::new(1))
        .and_then(|n| n.pred_opt())
        .unwrap_or(d)
}

type Entries = BTreeMap<NaiveDate, Vec<(TxnId, NaiveDate, String, Decimal)>>;

/// Per month end: each transaction's effect, per commodity, of the postings `is_ours` selects.
fn entries(
    j: &Journal,
    until: NaiveDate,
    is_ours: impl Fn(AccountId) -> bool,
) -> Result<Entries, Overflow> {
    let mut out: Entries = BTreeMap::new();
    for (i, t) in j.transactions.iter().enumerate() {
        if t.date > until {
            continue;
        }
        let mut sums: Vec<(String, Decimal)> = Vec::new();
        for p in j.postings_of(t).iter().filter(|p| is_ours(p.account)) {
            let name = j.commodity_name(p.amount.commodity);
            match sums.iter_mut().find(|(c, _)| c == name) {
                Some((_, q)) => *q = q.checked_add(p.amount.quantity).ok_or(Overflow)?,
                None => sums.push((name.to_string(), p.amount.quantity)),
            }
        }
        for (c, q) in sums.into_iter().filter(|(_, q)| !q.is_zero()) {
            out.entry(month_end(t.date).min(until)).or_default().push((
                TxnId(i as u32),
                t.date,
                c,
                q,
            ));
        }
    }
    Ok(out)
}

/// Compares the AR books (`ar_books`, items in `ar` computed at `until` or later) with the
/// control account `control` (and its sub-accounts) of the GL books, at every month end from
/// the first month with activity on either side to the month of `until` (the last row is at
/// `until` itself when it is not a month end).
pub fn reconcile_control(
    ar_books: &Journal,
    ar: &OpenItems,
    gl: &Journal,
    control: &str,
    until: NaiveDate,
) -> Result<ControlRecon, Overflow> {
    let under = |name: &str| {
        name == control
            || name.len() > control.len()
                && name.starts_with(control)
                && name.as_bytes()[control.len()] == b':'
    };
    let control_ids: Vec<bool> = gl.accounts.iter().map(|(_, n)| under(n)).collect();
    let ar_side = entries(ar_books, until, |a| ar.customers.of_account(a).is_some())?;
    let gl_side = entries(gl, until, |a| control_ids[a.index()])?;
    let mut months: Vec<NaiveDate> = ar_side.keys().chain(gl_side.keys()).copied().collect();
    months.sort();
    months.dedup();
    let Some(&first) = months.first() else {
        return Ok(ControlRecon {
            rows: Vec::new(),
            unmatched: Vec::new(),
        });
    };
    // Every month end from the first month through `until`.
    let mut ends = Vec::new();
    let mut m = first;
    while m < until {
        ends.push(m);
        m = month_end(m.succ_opt().unwrap_or(m));
    }
    ends.push(until);

    // Changes per month: the subledger from the items' movements, the control account from
    // the GL postings; the rows are their running sums.
    type Deltas = BTreeMap<NaiveDate, BTreeMap<String, Decimal>>;
    let add = |d: &mut Deltas, at: NaiveDate, c: &str, q: Decimal| -> Result<(), Overflow> {
        let s = d.entry(at).or_default().entry(c.to_string()).or_default();
        *s = s.checked_add(q).ok_or(Overflow)?;
        Ok(())
    };
    let mut sub_deltas = Deltas::new();
    for it in &ar.items {
        let c = ar_books.commodity_name(it.commodity);
        for m in it.movements.iter().filter(|m| m.date <= until) {
            add(&mut sub_deltas, month_end(m.date).min(until), c, m.amount)?;
        }
    }
    let mut gl_deltas = Deltas::new();
    for list in gl_side.values() {
        for (_, date, c, q) in list {
            add(&mut gl_deltas, month_end(*date).min(until), c, *q)?;
        }
    }
    let mut rows = Vec::new();
    let mut unmatched = Vec::new();
    let (mut sub, mut ctl): (BTreeMap<String, Decimal>, BTreeMap<String, Decimal>) =
        Default::default();
    let mut previous: BTreeMap<String, Decimal> = BTreeMap::new();
    for &end in &ends {
        for (deltas, running) in [(&sub_deltas, &mut sub), (&gl_deltas, &mut ctl)] {
            for (c, q) in deltas.get(&end).into_iter().flatten() {
                let s = running.entry(c.clone()).or_default();
                *s = s.checked_add(*q).ok_or(Overflow)?;
            }
        }
        let mut names: Vec<&String> = sub.keys().chain(ctl.keys()).collect();
        names.sort();
        names.dedup();
        let mut moved = false;
        for c in names {
            let row = ControlRow {
                date: end,
                commodity: c.clone(),
                subledger: sub.get(c).copied().unwrap_or_default(),
                control: ctl.get(c).copied().unwrap_or_default(),
            };
            let before = previous.get(c).copied().unwrap_or_default();
            moved |= row.difference() != before;
            previous.insert(c.clone(), row.difference());
            rows.push(row);
        }
        if moved {
            unmatched.extend(explain(&ar_side, &gl_side, end));
        }
    }
    Ok(ControlRecon { rows, unmatched })
}

/// The entries of the month ending `end` that have no counterpart (same date, commodity and
/// amount) on the other side.
fn explain(ar_side: &Entries, gl_side: &Entries, end: NaiveDate) -> Vec<Unmatched> {
    let empty = Vec::new();
    let ours = ar_side.get(&end).unwrap_or(&empty);
    let theirs = gl_side.get(&end).unwrap_or(&empty);
    let mut taken = vec![false; theirs.len()];
    let mut out = Vec::new();
    for (txn, date, c, q) in ours {
        let hit = theirs
            .iter()
            .enumerate()
            .position(|(k, (_, d, c2, q2))| !taken[k] && d == date && c2 == c && q2 == q);
        match hit {
            Some(k) => taken[k] = true,
            None => out.push(Unmatched {
                month_end: end,
                in_ar: true,
                txn: *txn,
                date: *date,
                commodity: c.clone(),
                amount: *q,
            }),
        }
    }
    for ((txn, date, c, q), _) in theirs.iter().zip(&taken).filter(|(_, &t)| !t) {
        out.push(Unmatched {
            month_end: end,
            in_ar: false,
            txn: *txn,
            date: *date,
            commodity: c.clone(),
            amount: *q,
        });
    }
    out.sort_by_key(|u| (u.date, !u.in_ar));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ar::{open_items, ArOptions};
    use arledger_journal::parse_str;

    #[test]
    fn differences_are_found_by_month_and_explained_by_entries() {
        let ar_books = parse_str(
            "\
2026-01-05 * (INV-1) Acme | invoice
    Assets:Receivable:Acme     100.00 USD
    Income:Sales

2026-02-10 * (INV-2) Acme | invoice the GL lacks
    Assets:Receivable:Acme      40.00 USD
    Income:Sales
",
        )
        .journal;
        let gl = parse_str(
            "\
2026-01-05 * AR summary
    Assets:Accounts Receivable     100.00 USD
    Income:Sales

2026-02-20 * Manual adjustment
    Assets:Accounts Receivable       5.00 USD
    Income:Sales
",
        )
        .journal;
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let ar = open_items(
            &ar_books,
            &ArOptions {
                root: "Assets:Receivable".into(),
                as_of: d("2026-03-31"),
            },
        );
        let r = reconcile_control(
            &ar_books,
            &ar,
            &gl,
            "Assets:Accounts Receivable",
            d("2026-03-31"),
        )
        .unwrap();
        let diffs: Vec<(NaiveDate, String)> = r
            .rows
            .iter()
            .map(|x| (x.date, x.difference().to_string()))
            .collect();
        assert_eq!(
            diffs,
            vec![
                (d("2026-01-31"), "0.00".to_string()),
                (d("2026-02-28"), "35.00".to_string()),
                (d("2026-03-31"), "35.00".to_string()),
            ]
        );
        assert!(!r.ties());
        let explained: Vec<(bool, String)> = r
            .unmatched
            .iter()
            .map(|u| (u.in_ar, u.amount.to_string()))
            .collect();
        assert_eq!(
            explained,
            vec![(true, "40.00".into()), (false, "5.00".into())]
        );
    }
}
