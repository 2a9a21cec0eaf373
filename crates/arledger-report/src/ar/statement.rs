//! A customer statement of account: opening balance, every movement in a date range with a
//! running balance, closing balance, and the open items at the end date.

use std::collections::BTreeMap;

use arledger_journal::{CommodityId, Journal, TxnId};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::items::{MovementKind, OpenItems};

/// One line of activity: one posting to the customer's account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementLine {
    /// Its date.
    pub date: NaiveDate,
    /// The transaction.
    pub txn: TxnId,
    /// What the posting was (invoice, payment, credit memo, …).
    pub kind: MovementKind,
    /// The items it moved, in order.
    pub references: Vec<String>,
    /// The posting's amount.
    pub amount: Decimal,
    /// Balance after it.
    pub balance: Decimal,
}

/// The statement of one customer in one commodity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// The customer's index.
    pub customer: usize,
    /// The commodity.
    pub commodity: CommodityId,
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day of the period (inclusive).
    pub to: NaiveDate,
    /// Balance before `from`.
    pub opening: Decimal,
    /// Activity from `from` to `to`.
    pub lines: Vec<StatementLine>,
    /// Balance at the end of `to`.
    pub closing: Decimal,
    /// Items open at `to` (indexes in [`OpenItems::items`]), by due date.
    pub open_items: Vec<usize>,
}

/// Per commodity while building: commodity, opening balance, lines keyed by (date, posting,
/// whether the line is the posting's discount part, which gets a line of its own).
type Period = (
    CommodityId,
    Decimal,
    BTreeMap<(NaiveDate, usize, bool), StatementLine>,
);

/// Statements of customer `c` from `from` to `to` (inclusive), one per commodity it has items
/// in; `ar` must be built as of `to`.
pub fn statements(j: &Journal, ar: &OpenItems, c: usize, from: NaiveDate) -> Vec<Statement> {
    let to = ar.as_of;
    // Per commodity: opening balance, and the movements of the period grouped by posting.
    let mut per: BTreeMap<&str, Period> = BTreeMap::new();
    for it in ar.of_customer(c).map(|i| &ar.items[i]) {
        let entry = per.entry(j.commodity_name(it.commodity)).or_insert((
            it.commodity,
            Decimal::ZERO,
            BTreeMap::new(),
        ));
        for m in &it.movements {
            if m.date < from {
                entry.1 += m.amount;
                continue;
            }
            let discount = m.kind == MovementKind::Discount;
            let line = entry
                .2
                .entry((m.date, m.posting as usize, discount))
                .or_insert(StatementLine {
                    date: m.date,
                    txn: m.txn,
                    kind: m.kind,
                    references: Vec::new(),
                    amount: Decimal::ZERO,
                    balance: Decimal::ZERO,
                });
            line.amount += m.amount;
            let reference = it.reference(j).into_owned();
            if !line.references.contains(&reference) {
                line.references.push(reference);
            }
            line.kind = m.kind;
        }
    }
    per.into_values()
        .map(|(commodity, opening, lines)| {
            let mut balance = opening;
            let lines: Vec<StatementLine> = lines
                .into_values()
                .map(|mut l| {
                    balance += l.amount;
                    l.balance = balance;
                    l
                })
                .collect();
            let mut open_items: Vec<usize> = ar
                .of_customer(c)
                .filter(|&i| {
                    let it = &ar.items[i];
                    it.commodity == commodity && !it.open.is_zero()
                })
                .collect();
            open_items.sort_by_key(|&i| (ar.items[i].due, ar.items[i].date, ar.items[i].posting));
            Statement {
                customer: c,
                commodity,
                from,
                to,
                opening,
                lines,
                closing: balance,
                open_items,
            }
        })
        .collect()
}

/// The word for a movement on a statement.
pub fn movement_name(kind: MovementKind) -> &'static str {
    match kind {
        MovementKind::Invoice => "invoice",
        MovementKind::Opening => "carried over",
        MovementKind::DebitMemo => "debit memo",
        MovementKind::Payment => "payment",
        MovementKind::CreditMemo => "credit memo",
        MovementKind::WriteOff => "write-off",
        MovementKind::Reinstated => "reinstatement",
        MovementKind::Application => "credit applied",
        MovementKind::Refund => "refund",
        MovementKind::Returned => "returned payment",
        MovementKind::Discount => "discount",
        MovementKind::Adjustment => "adjustment",
    }
}
