//! The item list behind `arledger invoices`: each item with what was paid, what is open, its
//! status and, once settled, how long it took.

use chrono::NaiveDate;
use regex::Regex;
use rust_decimal::Decimal;

use super::items::{Item, ItemKind, MovementKind, OpenItems};
use super::records::disputed;
use arledger_journal::Journal;

/// Where an item stands at the report date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InvoiceStatus {
    /// Nothing paid, not yet due.
    Open,
    /// Some paid, not yet due.
    PartiallyPaid,
    /// Fully settled.
    Paid,
    /// Settled by a write-off: a write-off paid the rest of it in full.
    WrittenOff,
    /// Written off, then reinstated and paid: a bad-debt recovery (§7.4).
    Recovered,
    /// Past due with an amount open.
    Overdue,
    /// Money owed to the customer (a credit item, or an overpaid invoice).
    Credit,
    /// Under dispute (§4).
    Disputed,
}

impl InvoiceStatus {
    /// The word shown in reports.
    pub fn name(self) -> &'static str {
        match self {
            InvoiceStatus::Open => "open",
            InvoiceStatus::PartiallyPaid => "partially paid",
            InvoiceStatus::Paid => "paid",
            InvoiceStatus::WrittenOff => "written-off",
            InvoiceStatus::Recovered => "recovered",
            InvoiceStatus::Overdue => "overdue",
            InvoiceStatus::Credit => "credit",
            InvoiceStatus::Disputed => "disputed",
        }
    }
}

/// Which items `invoices` lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Selection {
    /// Every item.
    #[default]
    All,
    /// Items with an amount open.
    Open,
    /// Open items past due.
    Overdue,
    /// Settled items.
    Paid,
}

/// One item of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceRow {
    /// Index in [`OpenItems::items`].
    pub item: usize,
    /// Amount settled so far: for invoices what reduced them (payments, credits, write-offs),
    /// for credit items what was applied or refunded.
    pub paid: Decimal,
    /// Status at the report date.
    pub status: InvoiceStatus,
    /// Whether the item is disputed.
    pub disputed: bool,
    /// For settled invoices: days from the invoice date to the settlement.
    pub days_to_pay: Option<i64>,
    /// When it was settled.
    pub settled_on: Option<NaiveDate>,
}

/// What has settled item `it` so far: for an invoice what reduced it, for a credit what was
/// applied of it (see [`InvoiceRow::paid`]).
pub fn settled(it: &Item) -> Decimal {
    // A returned payment (§7.10) takes back what it had paid, a reinstatement (§7.4) what
    // its write-off had settled.
    let later = it.movements[1..].iter();
    let returned: Decimal = later
        .clone()
        .filter(|m| matches!(m.kind, MovementKind::Returned | MovementKind::Reinstated))
        .map(|m| m.amount)
        .sum();
    match it.kind {
        ItemKind::Invoice => {
            -later
                .filter(|m| m.amount.is_sign_negative())
                .map(|m| m.amount)
                .sum::<Decimal>()
                - returned
        }
        ItemKind::Credit => {
            later
                .filter(|m| m.amount.is_sign_positive())
                .map(|m| m.amount)
                .sum::<Decimal>()
                - returned
        }
    }
}

/// Where item `i` of `ar` stands at its date (`disputed`: whether a dispute is open on it).
pub fn status(ar: &OpenItems, i: usize, disputed: bool) -> InvoiceStatus {
    let it = &ar.items[i];
    if disputed && !it.open.is_zero() {
        InvoiceStatus::Disputed
    } else if it.open.is_zero()
        && it
            .paid_in_full()
            .is_some_and(|m| m.kind == MovementKind::WriteOff)
    {
        InvoiceStatus::WrittenOff
    } else if it.open.is_zero()
        && it
            .movements
            .iter()
            .any(|m| m.kind == MovementKind::Reinstated)
    {
        InvoiceStatus::Recovered
    } else if it.open.is_zero() {
        InvoiceStatus::Paid
    } else if it.kind == ItemKind::Credit || it.open.is_sign_negative() {
        InvoiceStatus::Credit
    } else if it.due < ar.as_of {
        InvoiceStatus::Overdue
    } else if !settled(it).is_zero() {
        InvoiceStatus::PartiallyPaid
    } else {
        InvoiceStatus::Open
    }
}

/// Lists the items of the customers `filter` selects, sorted by customer, date, file position.
pub fn invoices(
    j: &Journal,
    ar: &OpenItems,
    selection: Selection,
    filter: Option<&Regex>,
) -> Vec<InvoiceRow> {
    let disputes = disputed(j, ar);
    let mut rows: Vec<InvoiceRow> = ar
        .items
        .iter()
        .enumerate()
        .filter(|(_, it)| {
            let c = &ar.customers.list[it.customer];
            filter.is_none_or(|re| re.is_match(&c.id) || re.is_match(&c.name))
        })
        .map(|(i, it)| {
            let paid = settled(it);
            let status = status(ar, i, disputes[i]);
            let settled_on = it.paid_in_full().map(|m| m.date).or(it.settled_on());
            let days_to_pay = it.days_to_pay();
            InvoiceRow {
                item: i,
                paid,
                status,
                disputed: disputes[i],
                days_to_pay,
                settled_on,
            }
        })
        .filter(|r| {
            let it = &ar.items[r.item];
            match selection {
                Selection::All => true,
                Selection::Open => !it.open.is_zero(),
                Selection::Overdue => !it.overdue(it.open, ar.as_of).is_zero(),
                Selection::Paid => it.open.is_zero(),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        let (x, y) = (&ar.items[a.item], &ar.items[b.item]);
        (
            ar.customers.list[x.customer].id.as_bytes(),
            x.date,
            x.posting,
        )
            .cmp(&(
                ar.customers.list[y.customer].id.as_bytes(),
                y.date,
                y.posting,
            ))
    });
    rows
}
