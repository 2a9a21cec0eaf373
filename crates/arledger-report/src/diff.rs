//! What changed between two versions of the books (`arledger diff`): the AR items, the account
//! balances and the aging cells that differ, as typed rows. Each side's amounts keep that
//! side's commodity style.

use std::collections::BTreeMap;

use arledger_journal::{CommodityId, Journal};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::ar::{aging, AgeBy, Buckets, MovementKind, OpenItems};
use crate::table::Money;
use crate::BalanceReport;

/// One version of the books: the journal and its open items.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    /// The journal.
    pub journal: &'a Journal,
    /// Its open items at the report date.
    pub ar: &'a OpenItems,
}

/// How an item changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Only the newer books have it.
    Created,
    /// Its open amount, original amount or due date moved.
    Changed,
    /// It was open and is settled now, by the kind of its last movement (none: no movement).
    Settled(Option<MovementKind>),
    /// Only the older books have it.
    Deleted,
}

/// An item that differs between the two sides. The old values are absent for a created item,
/// the new ones for a deleted item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemChange {
    /// How it changed.
    pub change: Change,
    /// The customer's id.
    pub customer: String,
    /// The item's reference.
    pub reference: String,
    /// The commodity's name.
    pub commodity: String,
    /// The open amount before.
    pub old_open: Option<Money>,
    /// The open amount after.
    pub new_open: Option<Money>,
    /// The original amount before.
    pub old_original: Option<Money>,
    /// The original amount after.
    pub new_original: Option<Money>,
    /// The due date before.
    pub old_due: Option<NaiveDate>,
    /// The due date after.
    pub new_due: Option<NaiveDate>,
}

/// An item's identity across versions: customer id, reference, commodity.
type ItemKey = (String, String, String);

/// What is compared of an item.
struct ItemState {
    original: Money,
    open: Money,
    due: NaiveDate,
    last: Option<MovementKind>,
}

fn item_map(s: Side) -> BTreeMap<ItemKey, ItemState> {
    let j = s.journal;
    s.ar.items
        .iter()
        .map(|it| {
            let key = (
                s.ar.customers.list[it.customer].id.clone(),
                it.reference(j).into_owned(),
                j.commodity_name(it.commodity).to_string(),
            );
            let state = ItemState {
                original: Money::ar(j, it.commodity, it.original()),
                open: Money::ar(j, it.commodity, it.open),
                due: it.due,
                last: it.movements.last().map(|m| m.kind),
            };
            (key, state)
        })
        .collect()
}

/// The items created, changed, settled (newer books' order: customer, reference, commodity),
/// then those deleted.
pub fn items(old: Side, new: Side) -> Vec<ItemChange> {
    let (a, b) = (item_map(old), item_map(new));
    let mut changes = Vec::new();
    for (key, now) in &b {
        let change = match a.get(key) {
            None => Change::Created,
            Some(was) if !was.open.quantity.is_zero() && now.open.quantity.is_zero() => {
                Change::Settled(now.last)
            }
            Some(was)
                if was.open.quantity != now.open.quantity
                    || was.original.quantity != now.original.quantity
                    || was.due != now.due =>
            {
                Change::Changed
            }
            Some(_) => continue,
        };
        let was = a.get(key);
        changes.push(ItemChange {
            change,
            customer: key.0.clone(),
            reference: key.1.clone(),
            commodity: key.2.clone(),
            old_open: was.map(|w| w.open.clone()),
            new_open: Some(now.open.clone()),
            old_original: was.map(|w| w.original.clone()),
            new_original: Some(now.original.clone()),
            old_due: was.map(|w| w.due),
            new_due: Some(now.due),
        });
    }
    for (key, was) in &a {
        if !b.contains_key(key) {
            changes.push(ItemChange {
                change: Change::Deleted,
                customer: key.0.clone(),
                reference: key.1.clone(),
                commodity: key.2.clone(),
                old_open: Some(was.open.clone()),
                new_open: None,
                old_original: Some(was.original.clone()),
                new_original: None,
                old_due: Some(was.due),
                new_due: None,
            });
        }
    }
    changes
}

/// An amount that moved: before and after (zero on the side that does not have it, written
/// as the other side writes it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moved {
    /// Before.
    pub old: Money,
    /// After.
    pub new: Money,
}

/// The pairs of amounts that differ, in key order.
fn moved<'m, K: Ord + Clone, V>(
    a: &'m BTreeMap<K, (V, Money)>,
    b: &'m BTreeMap<K, (V, Money)>,
) -> Vec<(K, &'m V, Moved)> {
    let mut keys: Vec<&K> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    let zero = |m: &Money| Money {
        quantity: Decimal::ZERO,
        ..m.clone()
    };
    keys.into_iter()
        .filter_map(|k| {
            let (label, old, new) = match (a.get(k), b.get(k)) {
                (Some((_, o)), Some((_, n))) if o.quantity == n.quantity => return None,
                (Some((l, o)), Some((_, n))) => (l, o.clone(), n.clone()),
                (Some((l, o)), None) => (l, o.clone(), zero(o)),
                (None, Some((l, n))) => (l, zero(n), n.clone()),
                (None, None) => return None,
            };
            (old.quantity != new.quantity).then(|| (k.clone(), label, Moved { old, new }))
        })
        .collect()
}

/// An account balance that moved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BalanceChange {
    /// The account's name.
    pub account: String,
    /// The commodity's name.
    pub commodity: String,
    /// The balance before and after.
    pub amounts: Moved,
}

/// Every account's balance by account and commodity name.
fn balance_map(j: &Journal, report: &BalanceReport) -> BTreeMap<(String, String), ((), Money)> {
    report
        .rows
        .iter()
        .flat_map(|r| {
            r.amounts.iter().map(|a| {
                (
                    (r.account.clone(), j.commodity_name(a.commodity).to_string()),
                    ((), Money::ar(j, a.commodity, a.quantity)),
                )
            })
        })
        .collect()
}

/// The balances that moved between two balance reports of every account, by account then
/// commodity.
pub fn balances(
    old: (&Journal, &BalanceReport),
    new: (&Journal, &BalanceReport),
) -> Vec<BalanceChange> {
    let (a, b) = (balance_map(old.0, old.1), balance_map(new.0, new.1));
    moved(&a, &b)
        .into_iter()
        .map(|((account, commodity), _, amounts)| BalanceChange {
            account,
            commodity,
            amounts,
        })
        .collect()
}

/// An aging cell that moved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgingChange {
    /// The customer's id (`None`: the total row).
    pub customer: Option<String>,
    /// The commodity's name.
    pub commodity: String,
    /// The bucket's name, or `total`.
    pub bucket: String,
    /// The cell before and after.
    pub amounts: Moved,
}

/// An aging cell's place: total row or not, customer, commodity, bucket number.
type CellKey = (bool, String, String, usize);

/// Every aging cell (customer or total, commodity, bucket) as an amount, with its bucket name.
fn aging_map(s: Side) -> BTreeMap<CellKey, (String, Money)> {
    let j = s.journal;
    let report = aging(j, s.ar, &Buckets::default(), AgeBy::Due, None);
    let mut m = BTreeMap::new();
    for r in report.rows.iter().chain(&report.totals) {
        let who = r
            .customer
            .map_or_else(String::new, |c| s.ar.customers.list[c].id.clone());
        let names = report.columns.iter().cloned().chain(["total".to_string()]);
        for (k, (name, q)) in names.zip(r.buckets.iter().chain([&r.total])).enumerate() {
            let key = (
                r.customer.is_none(),
                who.clone(),
                commodity_name(j, r.commodity),
                k,
            );
            m.insert(key, (name, Money::ar(j, r.commodity, *q)));
        }
    }
    m
}

fn commodity_name(j: &Journal, k: CommodityId) -> String {
    j.commodity_name(k).to_string()
}

/// The aging cells (default buckets, by due date) that moved: customers first, then the
/// totals, each by customer, commodity and bucket.
pub fn agings(old: Side, new: Side) -> Vec<AgingChange> {
    let (a, b) = (aging_map(old), aging_map(new));
    moved(&a, &b)
        .into_iter()
        .map(
            |((total, who, commodity, _), bucket, amounts)| AgingChange {
                customer: (!total).then_some(who),
                commodity,
                bucket: bucket.clone(),
                amounts,
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ar::{open_items, ArOptions};
    use arledger_journal::parse_str;

    const OLD: &str = "\
2026-01-05 * (INV-1) Acme | invoice
    Assets:Receivable:Acme     100.00 USD
    Income:Sales

2026-01-06 * (INV-2) Acme | invoice
    Assets:Receivable:Acme      50.00 USD
    Income:Sales
";

    const NEW: &str = "\
2026-01-05 * (INV-1) Acme | invoice
    Assets:Receivable:Acme     100.00 USD
    Income:Sales

2026-01-10 * (INV-3) Acme | invoice
    Assets:Receivable:Acme      70.00 USD
    Income:Sales

2026-01-20 * Acme | payment
    Assets:Bank                100.00 USD
    Assets:Receivable:Acme    -100.00 USD  ; invoice: INV-1
";

    #[test]
    fn items_created_settled_deleted_and_the_cells_that_moved() {
        let (old, new) = (parse_str(OLD), parse_str(NEW));
        assert!(!old.has_errors() && !new.has_errors());
        let at = |j: &Journal| {
            let as_of = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
            let root = "Assets:Receivable".into();
            open_items(j, &ArOptions { root, as_of })
        };
        let (oa, na) = (at(&old.journal), at(&new.journal));
        let a = Side {
            journal: &old.journal,
            ar: &oa,
        };
        let b = Side {
            journal: &new.journal,
            ar: &na,
        };
        let found = items(a, b);
        let kinds: Vec<(Change, &str)> = found
            .iter()
            .map(|c| (c.change, c.reference.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (Change::Settled(Some(MovementKind::Payment)), "INV-1"),
                (Change::Created, "INV-3"),
                (Change::Deleted, "INV-2"),
            ]
        );
        assert_eq!(found[1].old_open, None);
        assert_eq!(found[2].new_open, None);
        let moved: Vec<(Option<String>, String, Decimal, Decimal)> = agings(a, b)
            .into_iter()
            .filter(|c| c.bucket == "total")
            .map(|c| {
                (
                    c.customer,
                    c.commodity,
                    c.amounts.old.quantity,
                    c.amounts.new.quantity,
                )
            })
            .collect();
        let q = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(
            moved,
            [
                (Some("Acme".into()), "USD".into(), q("150"), q("70")),
                (None, "USD".into(), q("150"), q("70")),
            ]
        );
    }
}
