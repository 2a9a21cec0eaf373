//! The month-end checklist behind `arledger close` (docs/ar-conventions.md §5): whether a
//! month may be sealed with a close record. Each item says what it found as data (the
//! diagnostics, transactions, roll-forward rows and items concerned); the CLI names the items
//! and writes the lines that explain them.

use std::path::PathBuf;

use arledger_journal::{Diagnostic, Journal, Status, TxnId};
use chrono::NaiveDate;

use crate::ar::{disputed, open_items, rollforward, ArOptions, ItemKind, OpenItems, RollRow};
use crate::close::close_records;
use crate::reconcile::BankReconciliation;
use crate::Overflow;

/// The month to close and the limits the checklist applies.
#[derive(Clone, Debug)]
pub struct CloseOptions {
    /// The month, as written (`2026-01`).
    pub period: String,
    /// The month's first day.
    pub first: NaiveDate,
    /// The month's last day.
    pub last: NaiveDate,
    /// Today: a month closes once it has ended.
    pub today: NaiveDate,
    /// Accounts strictly below this account are customers.
    pub root: String,
    /// Unapplied credits older than this many days at the month end fail the close.
    pub credit_age: i64,
}

/// A bank account's reconciliation with its statement for the month (read by the caller).
#[derive(Clone, Debug)]
pub struct BankCheck {
    /// The bank account's name.
    pub account: String,
    /// The statement file.
    pub statement: PathBuf,
    /// The month reconciled.
    pub reconciliation: BankReconciliation,
}

/// How one checklist item came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing stops the close here.
    Pass,
    /// The month cannot be closed.
    Fail,
    /// Listed for the record; does not stop the close.
    Info,
}

/// One checklist item and what it found.
#[derive(Clone, Debug)]
pub enum Item {
    /// The month has ended (`ended`), judged on `today`.
    MonthEnded {
        /// Today.
        today: NaiveDate,
        /// The month's last day.
        last: NaiveDate,
        /// Whether the month's last day is before today.
        ended: bool,
    },
    /// The journal has no errors: the errors among the findings given.
    JournalClean {
        /// The errors, in the order given.
        errors: Vec<Diagnostic>,
    },
    /// No close record names the month yet: the ones that do.
    NotClosedYet {
        /// The close records of the month.
        records: Vec<TxnId>,
    },
    /// No transaction of the month, or posting in it, is pending (`!`).
    NoPending {
        /// The pending transactions, in journal order.
        transactions: Vec<TxnId>,
    },
    /// The AR subledger ties to the customer accounts at the month end.
    ArTies {
        /// Whether every roll-forward row ties.
        ties: bool,
        /// The total rows and the customer rows that do not tie, in roll-forward order.
        rows: Vec<RollRow>,
    },
    /// No unapplied credit is older than `max_age` days at the month end.
    NoOldCredits {
        /// The limit in days.
        max_age: i64,
        /// The older credits: item index and age in days, in item order.
        credits: Vec<(usize, i64)>,
    },
    /// Items open and disputed at the month end (information only).
    OpenDisputes {
        /// Their item indices, in item order.
        items: Vec<usize>,
    },
    /// The bank account reconciles with its statement for the month.
    BankReconciled(Box<BankCheck>),
}

impl Item {
    /// How the item came out.
    pub fn outcome(&self) -> Outcome {
        let failed = match self {
            Item::MonthEnded { ended, .. } => !ended,
            Item::JournalClean { errors } => !errors.is_empty(),
            Item::NotClosedYet { records } => !records.is_empty(),
            Item::NoPending { transactions } => !transactions.is_empty(),
            Item::ArTies { ties, .. } => !ties,
            Item::NoOldCredits { credits, .. } => !credits.is_empty(),
            Item::OpenDisputes { .. } => return Outcome::Info,
            Item::BankReconciled(b) => !b.reconciliation.is_reconciled(),
        };
        if failed {
            Outcome::Fail
        } else {
            Outcome::Pass
        }
    }
}

/// The checklist of a month.
#[derive(Clone, Debug)]
pub struct Checklist {
    /// The items, in the order they are checked.
    pub items: Vec<Item>,
    /// The open items at the month end, which the AR items index (none when the journal has
    /// errors: the AR items are then left out, as they need a journal that reads cleanly).
    pub ar: Option<OpenItems>,
}

impl Checklist {
    /// Whether every item passed (so the month may be closed).
    pub fn passed(&self) -> bool {
        self.items.iter().all(|c| c.outcome() != Outcome::Fail)
    }

    /// Whether the only failure is that the month is closed already.
    pub fn only_closed_already(&self) -> bool {
        let mut failed = self.items.iter().filter(|c| c.outcome() == Outcome::Fail);
        matches!(
            (failed.next(), failed.next()),
            (Some(Item::NotClosedYet { .. }), None)
        )
    }
}

/// Runs the checklist of `o.period` on `j`, given what `check` finds in it (`findings`; its
/// errors fail the close) and, optionally, the month's bank reconciliation.
pub fn checklist(
    j: &Journal,
    findings: &[Diagnostic],
    o: &CloseOptions,
    bank: Option<BankCheck>,
) -> Result<Checklist, Overflow> {
    let (first, last) = (o.first, o.last);
    let mut items = vec![Item::MonthEnded {
        today: o.today,
        last,
        ended: last < o.today,
    }];
    let errors: Vec<Diagnostic> = findings.iter().filter(|d| d.is_error()).cloned().collect();
    let clean = errors.is_empty();
    items.push(Item::JournalClean { errors });
    let (records, _) = close_records(j);
    items.push(Item::NotClosedYet {
        records: records
            .iter()
            .filter(|r| r.period == o.period)
            .map(|r| r.txn)
            .collect(),
    });
    items.push(Item::NoPending {
        transactions: j
            .transactions
            .iter()
            .enumerate()
            .filter(|(_, t)| (first..=last).contains(&t.date))
            .filter(|(_, t)| {
                t.status == Status::Pending
                    || j.postings_of(t).iter().any(|p| p.status == Status::Pending)
            })
            .map(|(i, _)| TxnId(i as u32))
            .collect(),
    });
    let mut ar = None;
    if clean {
        let items_at_end = open_items(
            j,
            &ArOptions {
                root: o.root.clone(),
                as_of: last,
            },
        );
        ar_items(j, &items_at_end, o, &mut items)?;
        ar = Some(items_at_end);
    }
    if let Some(b) = bank {
        items.push(Item::BankReconciled(Box::new(b)));
    }
    Ok(Checklist { items, ar })
}

/// The items that need the AR reading: the roll-forward ties, old credits, open disputes.
fn ar_items(
    j: &Journal,
    ar: &OpenItems,
    o: &CloseOptions,
    items: &mut Vec<Item>,
) -> Result<(), Overflow> {
    let rows = rollforward(j, ar, o.first, o.last, |_| true)?;
    items.push(Item::ArTies {
        ties: rows.iter().all(RollRow::ties),
        rows: rows
            .into_iter()
            .filter(|r| r.customer.is_none() || !r.ties())
            .collect(),
    });
    let age = |date: NaiveDate| (o.last - date).num_days();
    items.push(Item::NoOldCredits {
        max_age: o.credit_age,
        credits: ar
            .items
            .iter()
            .enumerate()
            .filter(|(_, it)| it.kind == ItemKind::Credit && !it.open.is_zero())
            .filter(|(_, it)| age(it.date) > o.credit_age)
            .map(|(i, it)| (i, age(it.date)))
            .collect(),
    });
    let flags = disputed(j, ar);
    items.push(Item::OpenDisputes {
        items: ar
            .items
            .iter()
            .zip(&flags)
            .enumerate()
            .filter(|(_, (it, &d))| d && !it.open.is_zero())
            .map(|(i, _)| i)
            .collect(),
    });
    Ok(())
}
