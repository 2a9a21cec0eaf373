//! Collections records (spec §4): reminders with their dunning level, payment promises,
//! disputes and their resolution, read from tags and attached to the items they name.
//!
//! A record is a tag whose value is an item reference: `reminder:`, `promise:`, `dispute:`,
//! `resolved:`. The transaction's other tags qualify it: `level:` for a reminder,
//! `promise-date:` for a promise, `reason:` for a dispute. Records usually sit on note
//! transactions (no postings); `dispute:` may also sit on the invoice's own transaction.

use arledger_journal::{Code, Diagnostic, Journal, Span, TxnId};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::items::OpenItems;

/// A dunning level: the reminders of increasing firmness.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// First reminder (friendly).
    One,
    /// Second reminder.
    Two,
    /// Third reminder (firm).
    Three,
    /// Final demand before further action.
    Final,
}

impl Level {
    /// Every level, in order.
    pub const ALL: [Level; 4] = [Level::One, Level::Two, Level::Three, Level::Final];

    /// Reads a `level:` value: `1`, `2`, `3` or `final`.
    pub fn parse(v: &str) -> Option<Level> {
        match v.trim().to_ascii_lowercase().as_str() {
            "1" => Some(Level::One),
            "2" => Some(Level::Two),
            "3" => Some(Level::Three),
            "final" | "4" => Some(Level::Final),
            _ => None,
        }
    }

    /// How the level is written in records and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::One => "1",
            Level::Two => "2",
            Level::Three => "3",
            Level::Final => "final",
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a record says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordKind {
    /// A reminder was sent at this level (`level:`; a reminder without one counts as level 1).
    Reminder(Level),
    /// The customer promised to pay the item by this date (`promise-date:`), if given.
    Promise(Option<NaiveDate>),
    /// The customer disputes the item, for this reason (`reason:`), if given.
    Dispute(Option<String>),
    /// The dispute is settled.
    Resolved,
}

impl RecordKind {
    /// The record's tag name.
    pub fn tag(&self) -> &'static str {
        match self {
            RecordKind::Reminder(_) => "reminder",
            RecordKind::Promise(_) => "promise",
            RecordKind::Dispute(_) => "dispute",
            RecordKind::Resolved => "resolved",
        }
    }
}

/// One record attached to an item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The transaction carrying it.
    pub txn: TxnId,
    /// Its date.
    pub date: NaiveDate,
    /// The item (index into [`OpenItems::items`]).
    pub item: usize,
    /// What it says.
    pub kind: RecordKind,
    /// Where its reference is written.
    pub span: Span,
}

/// How a promise turned out at the report date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromiseState {
    /// The item was paid in full by the promise date.
    Kept,
    /// The promise date passed with the item still open.
    Broken,
    /// The promise date has not come yet (or none was given) and the item is open.
    Pending,
}

/// Every record of the journal up to the report date, by item.
#[derive(Clone, Debug, Default)]
pub struct Records {
    /// The records in processing order (date, then file order).
    pub list: Vec<Record>,
    /// For each item, the indices of its records in `list`.
    pub by_item: Vec<Vec<usize>>,
    /// Records naming no item (errors), resolutions without a dispute and promise dates
    /// before the record (warnings).
    pub diagnostics: Vec<Diagnostic>,
}

const RECORD_TAGS: [&str; 4] = ["reminder", "promise", "dispute", "resolved"];

/// Reads the collections records dated on or before the report date and attaches them to the
/// items of `ar`.
pub fn records(j: &Journal, ar: &OpenItems) -> Records {
    let mut out = Records {
        by_item: vec![Vec::new(); ar.items.len()],
        ..Records::default()
    };
    let ids: Vec<_> = RECORD_TAGS.iter().map(|t| j.tag_names.get(t)).collect();
    if ids.iter().all(Option::is_none) {
        return out;
    }
    // Reference → items, built once.
    let mut by_reference: FxHashMap<std::borrow::Cow<str>, Vec<usize>> = FxHashMap::default();
    for (i, it) in ar.items.iter().enumerate() {
        by_reference.entry(it.reference(j)).or_default().push(i);
    }
    let mut open_dispute = vec![false; ar.items.len()];
    for t in super::items::processing_order(j, ar.as_of) {
        let t = t as usize;
        let txn = &j.transactions[t];
        let tags = j.tags_in(&txn.tags);
        if !tags.iter().any(|tag| ids.contains(&Some(tag.name))) {
            continue;
        }
        let posted: Vec<usize> = j
            .postings_of(txn)
            .iter()
            .filter_map(|p| ar.customers.of_account(p.account))
            .collect();
        for tag in tags {
            let Some(which) = ids.iter().position(|id| *id == Some(tag.name)) else {
                continue;
            };
            let reference = j.text(tag.value).trim();
            let candidates: Vec<usize> = by_reference
                .get(reference)
                .map(|v| {
                    v.iter()
                        .copied()
                        .filter(|&i| posted.is_empty() || posted.contains(&ar.items[i].customer))
                        .collect()
                })
                .unwrap_or_default();
            let item = match candidates.as_slice() {
                [i] => *i,
                [] => {
                    out.diagnostics.push(
                        Diagnostic::error(
                            Code::Receivable,
                            tag.value,
                            format!(
                                "`{}: {reference}` names no item on {}",
                                RECORD_TAGS[which], txn.date
                            ),
                        )
                        .expected("the reference of an invoice or credit created on or before the record's date"),
                    );
                    continue;
                }
                several => {
                    let who: Vec<&str> = several
                        .iter()
                        .map(|&i| ar.customers.list[ar.items[i].customer].id.as_str())
                        .collect();
                    out.diagnostics.push(
                        Diagnostic::error(
                            Code::Receivable,
                            tag.value,
                            format!(
                                "`{}: {reference}` is ambiguous: customers {} all have an item `{reference}`",
                                RECORD_TAGS[which],
                                who.join(", ")
                            ),
                        )
                        .expected("a record transaction that posts to the customer's account (a zero amount is enough), or a unique reference"),
                    );
                    continue;
                }
            };
            let kind = match which {
                0 => RecordKind::Reminder(match j.tag_value(&txn.tags, "level") {
                    None => Level::One,
                    Some(v) => match Level::parse(v) {
                        Some(l) => l,
                        None => {
                            out.diagnostics.push(
                                Diagnostic::error(
                                    Code::Receivable,
                                    tag.value,
                                    format!("cannot read the dunning level `{}`", v.trim()),
                                )
                                .expected("`level: 1`, `2`, `3` or `final`"),
                            );
                            continue;
                        }
                    },
                }),
                1 => {
                    let date = match j.tag_value(&txn.tags, "promise-date") {
                        None => None,
                        Some(v) => match super::full_date(v.trim()) {
                            Some(d) => Some(d),
                            None => {
                                out.diagnostics.push(
                                    Diagnostic::error(
                                        Code::Receivable,
                                        tag.value,
                                        format!("cannot read the promise date `{}`", v.trim()),
                                    )
                                    .expected("a full date like 2026-03-15"),
                                );
                                continue;
                            }
                        },
                    };
                    if let Some(d) = date.filter(|d| *d < txn.date) {
                        out.diagnostics.push(Diagnostic::warning(
                            Code::Receivable,
                            tag.value,
                            format!(
                                "the promise to pay `{reference}` by {d} is dated {}, after that day",
                                txn.date
                            ),
                        ));
                    }
                    RecordKind::Promise(date)
                }
                2 => {
                    open_dispute[item] = true;
                    RecordKind::Dispute(
                        j.tag_value(&txn.tags, "reason")
                            .map(|r| r.trim().to_string()),
                    )
                }
                _ => {
                    if !open_dispute[item] {
                        out.diagnostics.push(Diagnostic::warning(
                            Code::Receivable,
                            tag.value,
                            format!("`resolved: {reference}` but `{reference}` has no open dispute on {}", txn.date),
                        ));
                    }
                    open_dispute[item] = false;
                    RecordKind::Resolved
                }
            };
            out.by_item[item].push(out.list.len());
            out.list.push(Record {
                txn: TxnId(t as u32),
                date: txn.date,
                item,
                kind,
                span: tag.value,
            });
        }
    }
    out
}

impl Records {
    /// The records of an item, oldest first.
    pub fn of(&self, item: usize) -> impl Iterator<Item = &Record> {
        self.by_item[item].iter().map(|&r| &self.list[r])
    }

    /// Whether the item is under dispute (a dispute not resolved since).
    pub fn disputed(&self, item: usize) -> bool {
        let mut on = false;
        for r in self.of(item) {
            match r.kind {
                RecordKind::Dispute(_) => on = true,
                RecordKind::Resolved => on = false,
                _ => {}
            }
        }
        on
    }

    /// The open dispute's reason, if the item is disputed and a reason was given.
    pub fn dispute_reason(&self, item: usize) -> Option<&str> {
        if !self.disputed(item) {
            return None;
        }
        self.of(item)
            .filter_map(|r| match &r.kind {
                RecordKind::Dispute(reason) => Some(reason.as_deref()),
                _ => None,
            })
            .last()
            .flatten()
    }

    /// The highest reminder level sent for the item, if any.
    pub fn level_sent(&self, item: usize) -> Option<Level> {
        self.of(item)
            .filter_map(|r| match r.kind {
                RecordKind::Reminder(l) => Some(l),
                _ => None,
            })
            .max()
    }

    /// The item's latest promise, if any: its record.
    pub fn latest_promise(&self, item: usize) -> Option<&Record> {
        self.of(item)
            .filter(|r| matches!(r.kind, RecordKind::Promise(_)))
            .last()
    }
}

/// Which items are disputed at the report date (indexed like [`OpenItems::items`]).
pub fn disputed(j: &Journal, ar: &OpenItems) -> Vec<bool> {
    let r = records(j, ar);
    (0..ar.items.len()).map(|i| r.disputed(i)).collect()
}

/// How a promise stands at the report date: kept when the item was settled on or before the
/// promise date (a promise without a date: settled at all), broken when the date passed with
/// the item open, else pending.
pub fn promise_state(ar: &OpenItems, record: &Record) -> PromiseState {
    let item = &ar.items[record.item];
    let by = match record.kind {
        RecordKind::Promise(d) => d,
        _ => None,
    };
    match (item.paid_on().or_else(|| item.settled_on()), by) {
        (Some(paid), Some(by)) if paid <= by => PromiseState::Kept,
        (Some(_), None) => PromiseState::Kept,
        (_, Some(by)) if ar.as_of > by => PromiseState::Broken,
        _ => PromiseState::Pending,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ar::{open_items, ArOptions};
    use arledger_journal::parse_str;

    const BOOKS: &str = "\
account Assets:Receivable:Acme  ; customer: Acme Corp

2026-01-05 * (INV-1) Acme Corp | Invoice
    Assets:Receivable:Acme     100.00 USD
    Income:Sales

2026-01-06 * (INV-2) Acme Corp | Invoice
    Assets:Receivable:Acme     200.00 USD
    Income:Sales

2026-02-10 Acme Corp | Collection call
    ; reminder: INV-1
    ; level: 2
    ; promise: INV-1
    ; promise-date: 2026-02-20

2026-02-11 Acme Corp | Dispute
    ; dispute: INV-2
    ; reason: wrong quantity

2026-02-18 * (PMT-1) Acme Corp | Payment
    Assets:Bank:Checking        100.00 USD
    Assets:Receivable:Acme     -100.00 USD  ; invoice: INV-1
";

    fn read(text: &str, as_of: &str) -> (Records, OpenItems) {
        let l = parse_str(text);
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        let ar = open_items(
            &l.journal,
            &ArOptions {
                root: "Assets:Receivable".into(),
                as_of: as_of.parse().unwrap(),
            },
        );
        (records(&l.journal, &ar), ar)
    }

    #[test]
    fn records_attach_to_their_items() {
        let (r, ar) = read(BOOKS, "2026-03-31");
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(r.list.len(), 3);
        assert_eq!(r.level_sent(0), Some(Level::Two));
        assert_eq!(r.level_sent(1), None);
        assert!(r.disputed(1));
        assert_eq!(r.dispute_reason(1), Some("wrong quantity"));
        let p = r.latest_promise(0).unwrap();
        assert_eq!(promise_state(&ar, p), PromiseState::Kept);
    }

    #[test]
    fn promises_are_broken_or_pending_by_date() {
        let unpaid = BOOKS.replace("; invoice: INV-1", "; invoice: INV-2");
        let (r, ar) = read(&unpaid, "2026-02-19");
        assert_eq!(
            promise_state(&ar, r.latest_promise(0).unwrap()),
            PromiseState::Pending
        );
        let (r, ar) = read(&unpaid, "2026-02-21");
        assert_eq!(
            promise_state(&ar, r.latest_promise(0).unwrap()),
            PromiseState::Broken
        );
    }

    #[test]
    fn resolution_ends_a_dispute_and_bad_records_are_reported() {
        let text = format!("{BOOKS}\n2026-03-01 Acme Corp | Settled\n    ; resolved: INV-2\n\n2026-03-02 Acme Corp | Oops\n    ; resolved: INV-2\n    ; reminder: INV-7\n\n2026-03-03 Acme Corp | Call\n    ; promise: INV-2\n    ; promise-date: 2026-03-01\n");
        let (r, _) = read(&text, "2026-03-31");
        assert!(!r.disputed(1));
        let messages: Vec<(bool, &str)> = r
            .diagnostics
            .iter()
            .map(|d| (d.is_error(), d.message.as_str()))
            .collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(
            messages[0].1.contains("has no open dispute"),
            "{messages:?}"
        );
        assert!(!messages[0].0);
        assert!(
            messages[1].0 && messages[1].1.contains("`reminder: INV-7` names no item"),
            "{messages:?}"
        );
        assert!(
            !messages[2].0 && messages[2].1.contains("dated 2026-03-03, after that day"),
            "{messages:?}"
        );
    }
}
