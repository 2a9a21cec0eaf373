//! An item's history: the movements of its amount and the collections records about it
//! (reminders, promises and how they turned out, disputes), in date order.

use arledger_journal::{Journal, TxnId};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::items::OpenItems;
use super::records::{promise_state, PromiseState, RecordKind, Records};
use super::statement::movement_name;

/// One event in an item's life.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// When it happened.
    pub date: NaiveDate,
    /// The transaction it comes from.
    pub txn: TxnId,
    /// What happened: `invoice`, `payment`, …, `reminder`, `promise`, `dispute`, `resolved`.
    pub what: &'static str,
    /// The change of the open amount (movements only).
    pub amount: Option<Decimal>,
    /// The open amount after the event.
    pub open: Decimal,
    /// Details: the transaction's description for movements; level, promise date and outcome,
    /// dispute reason for records.
    pub detail: String,
}

/// The history of item `item`, oldest first (file order within a date; a transaction's
/// movement before its records).
pub fn history(j: &Journal, ar: &OpenItems, records: &Records, item: usize) -> Vec<Event> {
    let it = &ar.items[item];
    let mut keyed: Vec<((NaiveDate, TxnId, u8), Event)> = Vec::new();
    for m in &it.movements {
        let txn = &j.transactions[m.txn.index()];
        keyed.push((
            (m.date, m.txn, 0),
            Event {
                date: m.date,
                txn: m.txn,
                what: movement_name(m.kind),
                amount: Some(m.amount),
                open: Decimal::ZERO,
                detail: j.text(txn.description()).trim().to_string(),
            },
        ));
    }
    for r in records.of(item) {
        let detail = match &r.kind {
            RecordKind::Reminder(level) => format!("level {level}"),
            RecordKind::Promise(by) => {
                let state = match promise_state(ar, r) {
                    PromiseState::Kept => "kept",
                    PromiseState::Broken => "broken",
                    PromiseState::Pending => "pending",
                };
                match by {
                    Some(d) => format!("to pay by {d}: {state}"),
                    None => format!("to pay (no date): {state}"),
                }
            }
            RecordKind::Dispute(reason) => reason.clone().unwrap_or_default(),
            RecordKind::Resolved => "dispute resolved".to_string(),
        };
        keyed.push((
            (r.date, r.txn, 1),
            Event {
                date: r.date,
                txn: r.txn,
                what: r.kind.tag(),
                amount: None,
                open: Decimal::ZERO,
                detail,
            },
        ));
    }
    keyed.sort_by_key(|(k, _)| *k);
    let mut open = Decimal::ZERO;
    keyed
        .into_iter()
        .map(|(_, mut e)| {
            open += e.amount.unwrap_or_default();
            e.open = open;
            e
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ar::{open_items, records, ArOptions};
    use arledger_journal::parse_str;

    #[test]
    fn movements_and_records_in_date_order_with_the_running_open_amount() {
        let l = parse_str(
            "\
2026-01-05 * (INV-1) Acme | Invoice
    Assets:Receivable:Acme     100.00 USD
    Income:Sales

2026-02-10 Acme | Call
    ; reminder: INV-1
    ; level: 2
    ; promise: INV-1
    ; promise-date: 2026-02-20

2026-02-25 * (PMT-1) Acme | Payment
    Assets:Bank:Checking        60.00 USD
    Assets:Receivable:Acme     -60.00 USD  ; invoice: INV-1
",
        );
        let j = &l.journal;
        let ar = open_items(
            j,
            &ArOptions {
                root: "Assets:Receivable".into(),
                as_of: "2026-03-01".parse().unwrap(),
            },
        );
        let recs = records(j, &ar);
        let h = history(j, &ar, &recs, 0);
        let rows: Vec<(String, &str, String, String)> = h
            .iter()
            .map(|e| {
                (
                    e.date.to_string(),
                    e.what,
                    e.open.to_string(),
                    e.detail.clone(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                (
                    "2026-01-05".into(),
                    "invoice",
                    "100.00".into(),
                    "Acme | Invoice".into()
                ),
                (
                    "2026-02-10".into(),
                    "reminder",
                    "100.00".into(),
                    "level 2".into()
                ),
                (
                    "2026-02-10".into(),
                    "promise",
                    "100.00".into(),
                    "to pay by 2026-02-20: broken".into()
                ),
                (
                    "2026-02-25".into(),
                    "payment",
                    "40.00".into(),
                    "Acme | Payment".into()
                ),
            ]
        );
    }
}
