//! Collections: which overdue items need what, per customer — the dunning level each item is
//! due for, what is skipped and why, last contact, promises, disputes, and a suggested next
//! action, ordered by priority.

use arledger_journal::Journal;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::items::{ItemKind, OpenItems};
use super::records::{promise_state, Level, PromiseState, RecordKind, Records};

/// Days overdue at which each dunning level is due (spec §4 defaults: 1, 15, 30, 60).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DunningPolicy {
    /// Minimum days overdue for levels 1, 2, 3 and final, in that order (increasing).
    pub thresholds: [i64; 4],
}

impl Default for DunningPolicy {
    fn default() -> Self {
        DunningPolicy {
            thresholds: [1, 15, 30, 60],
        }
    }
}

impl DunningPolicy {
    /// The highest level whose threshold `days_overdue` reaches, if any.
    pub fn level_for(&self, days_overdue: i64) -> Option<Level> {
        Level::ALL
            .iter()
            .zip(self.thresholds)
            .filter(|(_, t)| days_overdue >= *t)
            .map(|(l, _)| *l)
            .next_back()
    }
}

/// Why an item due for a reminder gets none today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    /// The customer has `dunning: off`.
    DunningOff,
    /// The item is disputed.
    Disputed,
    /// A promise to pay by this (future) date is open.
    Promised(NaiveDate),
    /// This level (or a higher one) was already sent.
    AlreadySent(Level),
}

/// One overdue item on the worklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkItem {
    /// Index into [`OpenItems::items`].
    pub item: usize,
    /// Days past the due date at the report date.
    pub days_overdue: i64,
    /// The level the item is due for by its days overdue.
    pub level_due: Option<Level>,
    /// The highest level already sent.
    pub level_sent: Option<Level>,
    /// Why no reminder goes out today, when one is due by days.
    pub skip: Option<Skip>,
    /// The open dispute's reason (`Some("")` when disputed without a reason).
    pub dispute: Option<String>,
    /// The latest promise: its date and how it stands.
    pub promise: Option<(Option<NaiveDate>, PromiseState)>,
}

impl WorkItem {
    /// The level to send today, if any.
    pub fn to_send(&self) -> Option<Level> {
        match self.skip {
            None => self.level_due,
            Some(_) => None,
        }
    }
}

/// A customer's overdue items and what to do about them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerWork {
    /// Index into the customer list.
    pub customer: usize,
    /// The overdue items, most overdue first.
    pub items: Vec<WorkItem>,
    /// The latest collections record about any of the customer's items: date and kind.
    pub last_contact: Option<(NaiveDate, &'static str)>,
    /// Sum of open amount × days overdue over undisputed items (a ranking score, summed
    /// across commodities; not an amount of money).
    pub priority: Decimal,
    /// What to do next.
    pub next_action: String,
}

/// The collections worklist at the report date, highest priority first; customers whose
/// overdue items are all disputed come last.
pub fn worklist(
    j: &Journal,
    ar: &OpenItems,
    records: &Records,
    policy: &DunningPolicy,
) -> Vec<CustomerWork> {
    let mut per: Vec<Vec<WorkItem>> = vec![Vec::new(); ar.customers.list.len()];
    for (i, it) in ar.items.iter().enumerate() {
        let days = (ar.as_of - it.due).num_days();
        if it.kind != ItemKind::Invoice
            || !it.open.is_sign_positive()
            || it.open.is_zero()
            || days < 1
        {
            continue;
        }
        let level_due = policy.level_for(days);
        let level_sent = records.level_sent(i);
        let dispute = records
            .disputed(i)
            .then(|| records.dispute_reason(i).unwrap_or_default().to_string());
        let promise = records.latest_promise(i).map(|r| match r.kind {
            RecordKind::Promise(by) => (by, promise_state(ar, r)),
            _ => (None, PromiseState::Pending),
        });
        let promised = match promise {
            Some((Some(by), PromiseState::Pending)) if by >= ar.as_of => Some(by),
            _ => None,
        };
        let skip = if !ar.customers.list[it.customer].dunning {
            Some(Skip::DunningOff)
        } else if dispute.is_some() {
            Some(Skip::Disputed)
        } else if let Some(by) = promised {
            Some(Skip::Promised(by))
        } else {
            match (level_due, level_sent) {
                (Some(due), Some(sent)) if sent >= due => Some(Skip::AlreadySent(sent)),
                _ => None,
            }
        };
        per[it.customer].push(WorkItem {
            item: i,
            days_overdue: days,
            level_due,
            level_sent,
            skip,
            dispute,
            promise,
        });
    }
    // Each customer's latest collections record (on a tie, the last one read), in one pass
    // over the items rather than one per customer.
    let mut last_contacts: Vec<Option<(NaiveDate, &'static str)>> =
        vec![None; ar.customers.list.len()];
    for (i, it) in ar.items.iter().enumerate() {
        for r in records.of(i) {
            let last = &mut last_contacts[it.customer];
            if last.is_none_or(|(d, _)| r.date >= d) {
                *last = Some((r.date, r.kind.tag()));
            }
        }
    }
    let mut out: Vec<CustomerWork> = per
        .into_iter()
        .enumerate()
        .filter(|(_, items)| !items.is_empty())
        .map(|(c, mut items)| {
            items.sort_by_key(|w| (std::cmp::Reverse(w.days_overdue), w.item));
            let priority = items
                .iter()
                .filter(|w| w.dispute.is_none())
                .map(|w| ar.items[w.item].open * Decimal::from(w.days_overdue))
                .sum();
            let last_contact = last_contacts[c];
            let next_action = next_action(j, ar, &items, last_contact);
            CustomerWork {
                customer: c,
                items,
                last_contact,
                priority,
                next_action,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        let all_disputed = |w: &CustomerWork| w.items.iter().all(|i| i.dispute.is_some());
        (all_disputed(a), std::cmp::Reverse(a.priority), a.customer).cmp(&(
            all_disputed(b),
            std::cmp::Reverse(b.priority),
            b.customer,
        ))
    });
    out
}

/// The suggested next step for a customer, most urgent first: a broken promise, a reminder
/// due, a promise to wait for, escalation after the final reminder, a dispute to resolve, or a
/// follow-up.
fn next_action(
    j: &Journal,
    ar: &OpenItems,
    items: &[WorkItem],
    last_contact: Option<(NaiveDate, &'static str)>,
) -> String {
    let refs = |f: &dyn Fn(&WorkItem) -> bool| {
        items
            .iter()
            .filter(|w| f(w))
            .map(|w| ar.items[w.item].reference(j).into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some((Some(by), _)) = items
        .iter()
        .filter_map(|w| w.promise)
        .find(|(_, s)| *s == PromiseState::Broken)
    {
        let r = refs(&|w| matches!(w.promise, Some((_, PromiseState::Broken))));
        return format!("call: the promise to pay {r} by {by} was broken");
    }
    if let Some(level) = items.iter().filter_map(WorkItem::to_send).max() {
        let r = refs(&|w| w.to_send().is_some());
        return format!("send the level {level} reminder for {r}");
    }
    if let Some(by) = items
        .iter()
        .filter_map(|w| match w.skip {
            Some(Skip::Promised(d)) => Some(d),
            _ => None,
        })
        .min()
    {
        return format!("wait for the promised payment by {by}");
    }
    if items
        .iter()
        .any(|w| w.level_sent == Some(Level::Final) && w.dispute.is_none())
    {
        let r = refs(&|w| w.level_sent == Some(Level::Final));
        return format!("final reminder sent for {r}: escalate (collection agency or write-off)");
    }
    if items.iter().all(|w| w.dispute.is_some()) {
        let r = refs(&|w| w.dispute.is_some());
        return format!("resolve the dispute about {r}");
    }
    if items.iter().all(|w| w.skip == Some(Skip::DunningOff)) {
        return "dunning is off: contact the customer personally".to_string();
    }
    match last_contact {
        Some((d, what)) => format!("follow up (last contact {d}: {what})"),
        None => "follow up".to_string(),
    }
}

/// Write-off candidates: open invoices more than `older_than` days past due at the report
/// date, disputed ones excluded (a dispute is resolved first), oldest first.
pub fn writeoff_candidates(ar: &OpenItems, records: &Records, older_than: i64) -> Vec<usize> {
    let mut out: Vec<usize> = (0..ar.items.len())
        .filter(|&i| {
            let it = &ar.items[i];
            it.kind == ItemKind::Invoice
                && it.open.is_sign_positive()
                && !it.open.is_zero()
                && (ar.as_of - it.due).num_days() > older_than
                && !records.disputed(i)
        })
        .collect();
    out.sort_by_key(|&i| (ar.items[i].due, ar.items[i].posting));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ar::{open_items, records, ArOptions};
    use arledger_journal::parse_str;

    const BOOKS: &str = "\
account Assets:Receivable:Acme  ; customer: Acme Corp
account Assets:Receivable:Beta  ; customer: Beta Ltd
account Assets:Receivable:Quiet
    ; customer: Quiet Co
    ; dunning: off

2026-01-01 * (INV-1) Acme Corp | Invoice
    ; due: 2026-01-31
    Assets:Receivable:Acme     1000.00 USD
    Income:Sales

2026-01-01 * (INV-2) Beta Ltd | Invoice
    ; due: 2026-02-20
    Assets:Receivable:Beta      100.00 USD
    Income:Sales

2026-01-01 * (INV-3) Beta Ltd | Invoice
    ; due: 2026-02-20
    Assets:Receivable:Beta      100.00 USD
    Income:Sales

2026-01-01 * (INV-4) Quiet Co | Invoice
    ; due: 2026-01-31
    Assets:Receivable:Quiet     500.00 USD
    Income:Sales

2026-02-16 Acme Corp | First reminder
    ; reminder: INV-1
    ; level: 2

2026-02-25 Beta Ltd | Call
    ; promise: INV-2
    ; promise-date: 2026-03-10

2026-02-26 Beta Ltd | Dispute
    ; dispute: INV-3
    ; reason: damaged goods
";

    #[test]
    fn levels_follow_the_thresholds() {
        let p = DunningPolicy::default();
        let levels: Vec<Option<Level>> = [0, 1, 14, 15, 29, 30, 59, 60, 400]
            .iter()
            .map(|&d| p.level_for(d))
            .collect();
        use Level::*;
        assert_eq!(
            levels,
            vec![
                None,
                Some(One),
                Some(One),
                Some(Two),
                Some(Two),
                Some(Three),
                Some(Three),
                Some(Final),
                Some(Final)
            ]
        );
    }

    #[test]
    fn the_worklist_says_what_is_due_and_why_items_are_skipped() {
        let l = parse_str(BOOKS);
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        let j = &l.journal;
        let ar = open_items(
            j,
            &ArOptions {
                root: "Assets:Receivable".into(),
                as_of: "2026-03-05".parse().unwrap(),
            },
        );
        let recs = records(j, &ar);
        let w = worklist(j, &ar, &recs, &DunningPolicy::default());
        type Row<'a> = (&'a str, Vec<(i64, Option<Level>, Option<Skip>)>, &'a str);
        let summary: Vec<Row> = w
            .iter()
            .map(|c| {
                (
                    ar.customers.list[c.customer].id.as_str(),
                    c.items
                        .iter()
                        .map(|i| (i.days_overdue, i.to_send(), i.skip))
                        .collect(),
                    c.next_action.as_str(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                // 1000 × 33 days: first; level 3 is due (level 2 was sent).
                (
                    "Acme",
                    vec![(33, Some(Level::Three), None)],
                    "send the level 3 reminder for INV-1"
                ),
                (
                    "Quiet",
                    vec![(33, None, Some(Skip::DunningOff))],
                    "dunning is off: contact the customer personally"
                ),
                (
                    "Beta",
                    vec![
                        (
                            13,
                            None,
                            Some(Skip::Promised("2026-03-10".parse().unwrap()))
                        ),
                        (13, None, Some(Skip::Disputed)),
                    ],
                    "wait for the promised payment by 2026-03-10"
                ),
            ]
        );
        assert_eq!(
            w[0].last_contact,
            Some(("2026-02-16".parse().unwrap(), "reminder"))
        );
        // After the promise date, the broken promise comes first.
        let ar = open_items(
            j,
            &ArOptions {
                root: "Assets:Receivable".into(),
                as_of: "2026-03-11".parse().unwrap(),
            },
        );
        let recs = records(j, &ar);
        let w = worklist(j, &ar, &recs, &DunningPolicy::default());
        let beta = w
            .iter()
            .find(|c| ar.customers.list[c.customer].id == "Beta")
            .unwrap();
        assert_eq!(
            beta.next_action,
            "call: the promise to pay INV-2 by 2026-03-10 was broken"
        );
    }
}
