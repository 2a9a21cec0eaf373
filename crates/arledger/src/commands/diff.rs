//! `arledger diff REV1 [REV2] aging|balance|items`: what changed in AR between two git
//! revisions of the books (REV2 defaults to the working tree), and whether a closed period
//! changed — exit 1 then, naming the commits that touched the books in between.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use arledger_journal::{CommodityId, Loaded};
use arledger_report::ar::{aging, open_items, AgeBy, ArOptions, Buckets, OpenItems};
use arledger_report::close::{close_records, sealed_changes, Change};
use arledger_report::table::{Column, Money, Table, Value};
use arledger_report::{balance, BalanceOptions, Query};
use rust_decimal::Decimal;

use super::Output;
use crate::args::{DiffArgs, DiffWhat, Format, Global};
use crate::receivables::{money, shown};
use crate::Failure;

/// The books at one side of the comparison.
struct Side {
    label: String,
    loaded: Loaded,
    ar: OpenItems,
}

fn side(g: &Global, rev: Option<&str>, a: &DiffArgs) -> Result<Side, Failure> {
    let loaded = match rev {
        Some(r) => crate::input::read_at(g, r)?,
        None => crate::input::read_working_tree(g)?,
    };
    let label = rev.unwrap_or("working tree").to_string();
    if loaded.has_errors() {
        let n = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
        return Err(Failure::Journal(format!(
            "the books at {label} have {n} error{} (see `arledger check{}`)",
            if n == 1 { "" } else { "s" },
            rev.map(|r| format!(" --rev {r}")).unwrap_or_default()
        )));
    }
    let as_of = match &a.date {
        Some(d) => crate::input::end_date(g, d)?,
        None => crate::input::options(g)?.today,
    };
    let ar = open_items(
        &loaded.journal,
        &ArOptions {
            root: a.receivable_root.clone(),
            as_of,
        },
    );
    Ok(Side { label, loaded, ar })
}

/// Runs `diff`.
pub fn run(g: &Global, a: &DiffArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let (rev2, what) = a.resolve()?;
    let old = side(g, Some(&a.rev1), a)?;
    let new = side(g, rev2.as_deref(), a)?;
    let title = format!("{} → {}", old.label, new.label);
    let table = match what {
        DiffWhat::Items => items(&old, &new, &title),
        DiffWhat::Balance => balances(&old, &new, &title)?,
        DiffWhat::Aging => agings(&old, &new, &title),
    };
    out.push_str(&o.table(&table));
    closed_periods(g, a, o, &old, &new, rev2.as_deref(), out)
}

/// Items keyed by customer id, reference and commodity: original, open, due.
/// An item's identity across revisions: customer id, reference, commodity.
type ItemKey = (String, String, String);
/// What is compared of an item: original, open, due date, commodity, and what moved it last.
type ItemState = (Decimal, Decimal, String, CommodityId, &'static str);

fn item_map(s: &Side) -> BTreeMap<ItemKey, ItemState> {
    let j = &s.loaded.journal;
    s.ar.items
        .iter()
        .map(|it| {
            (
                (
                    s.ar.customers.list[it.customer].id.clone(),
                    it.reference(j).into_owned(),
                    j.commodity_name(it.commodity).to_string(),
                ),
                (
                    it.original,
                    it.open,
                    it.due.to_string(),
                    it.commodity,
                    it.movements
                        .last()
                        .map_or("", |m| arledger_report::ar::movement_name(m.kind)),
                ),
            )
        })
        .collect()
}

fn items(old: &Side, new: &Side, title: &str) -> Table {
    let (a, b) = (item_map(old), item_map(new));
    let j = &new.loaded.journal;
    let oj = &old.loaded.journal;
    let mut t = Table::new(vec![
        Column::text("change"),
        Column::text("customer"),
        Column::text("item"),
        Column::text("commodity"),
        Column::money("old_open"),
        Column::money("new_open"),
        Column::text("detail").elided(),
    ])
    .titled(format!("Items {title} at {}", new.ar.as_of))
    .with_id("diff-items");
    for (key, (orig, open, due, k, last)) in &b {
        let (customer, reference, commodity) = key;
        let row = |change: String, old_open: Value, detail: String| {
            vec![
                change.into(),
                customer.clone().into(),
                reference.clone().into(),
                commodity.clone().into(),
                old_open,
                money(j, *k, *open),
                Value::text_or_empty(detail),
            ]
        };
        match a.get(key) {
            None => t.push(row(
                "created".into(),
                Value::Empty,
                format!("original {}", shown(j, *k, *orig)),
            )),
            Some((o_orig, o_open, o_due, ok, _)) => {
                let mut what = Vec::new();
                if o_orig != orig {
                    what.push(format!(
                        "original {} → {}",
                        shown(oj, *ok, *o_orig),
                        shown(j, *k, *orig)
                    ));
                }
                if o_due != due {
                    what.push(format!("due {o_due} → {due}"));
                }
                let change = if !o_open.is_zero() && open.is_zero() {
                    format!("settled ({last})")
                } else if o_open != open || !what.is_empty() {
                    "changed".into()
                } else {
                    continue;
                };
                t.push(row(change, money(oj, *ok, *o_open), what.join("; ")));
            }
        }
    }
    for (key, (_, o_open, _, ok, _)) in &a {
        if !b.contains_key(key) {
            t.push(vec![
                "deleted".into(),
                key.0.clone().into(),
                key.1.clone().into(),
                key.2.clone().into(),
                money(oj, *ok, *o_open),
                Value::Empty,
                Value::Empty,
            ]);
        }
    }
    t
}

/// Every account's balance by account and commodity name.
fn balance_map(s: &Side) -> Result<BTreeMap<(String, String), Money>, Failure> {
    let j = &s.loaded.journal;
    let q = Query::default();
    let report =
        balance(j, &super::compile(&q, j)?, BalanceOptions::default()).map_err(super::overflow)?;
    Ok(report
        .rows
        .iter()
        .flat_map(|r| {
            r.amounts.iter().map(|a| {
                (
                    (r.account.clone(), j.commodity_name(a.commodity).to_string()),
                    Money::ar(j, a.commodity, a.quantity),
                )
            })
        })
        .collect())
}

fn balances(old: &Side, new: &Side, title: &str) -> Result<Table, Failure> {
    let (a, b) = (balance_map(old)?, balance_map(new)?);
    let mut keys: Vec<&(String, String)> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut t = Table::new(vec![
        Column::text("account"),
        Column::text("commodity"),
        Column::money("old"),
        Column::money("new"),
    ])
    .titled(format!("Balances that moved, {title}"))
    .with_id("diff-balance");
    // A side without the account has a balance of zero, written as the other side writes it.
    let zero = |m: &Money| Money {
        quantity: Decimal::ZERO,
        ..m.clone()
    };
    for k in keys {
        let (old, new) = match (a.get(k), b.get(k)) {
            (Some(o), Some(n)) if o.quantity == n.quantity => continue,
            (Some(o), Some(n)) => (o.clone(), n.clone()),
            (Some(o), None) => (o.clone(), zero(o)),
            (None, Some(n)) => (zero(n), n.clone()),
            (None, None) => continue,
        };
        t.push(vec![
            k.0.clone().into(),
            k.1.clone().into(),
            old.into(),
            new.into(),
        ]);
    }
    Ok(t)
}

/// Every aging cell (customer or total, commodity, bucket) as an amount.
fn aging_map(s: &Side) -> BTreeMap<(bool, String, String, usize), (String, Money)> {
    let j = &s.loaded.journal;
    let report = aging(j, &s.ar, &Buckets::default(), AgeBy::Due, None);
    let mut m = BTreeMap::new();
    for r in report.rows.iter().chain(&report.totals) {
        let who = r
            .customer
            .map_or("total".to_string(), |c| s.ar.customers.list[c].id.clone());
        let names = report.columns.iter().cloned().chain(["total".to_string()]);
        for (k, (name, q)) in names.zip(r.buckets.iter().chain([&r.total])).enumerate() {
            let key = (
                r.customer.is_none(),
                who.clone(),
                j.commodity_name(r.commodity).to_string(),
                k,
            );
            m.insert(key, (name, Money::ar(j, r.commodity, *q)));
        }
    }
    m
}

/// The aging cells that moved: a row per customer (then total), commodity and bucket.
fn agings(old: &Side, new: &Side, title: &str) -> Table {
    let (a, b) = (aging_map(old), aging_map(new));
    let mut keys: Vec<_> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut t = Table::new(vec![
        Column::text("customer"),
        Column::text("commodity"),
        Column::text("bucket"),
        Column::money("old"),
        Column::money("new"),
    ])
    .titled(format!("Aging changes {title} at {}", new.ar.as_of))
    .with_id("diff-aging");
    let zero = |m: &Money| Money {
        quantity: Decimal::ZERO,
        ..m.clone()
    };
    for key in keys {
        let (bucket, old, new) = match (a.get(key), b.get(key)) {
            (Some((_, o)), Some((_, n))) if o.quantity == n.quantity => continue,
            (Some((name, o)), Some((_, n))) => (name, o.clone(), n.clone()),
            (Some((name, o)), None) => (name, o.clone(), zero(o)),
            (None, Some((name, n))) => (name, zero(n), n.clone()),
            (None, None) => continue,
        };
        if old.quantity == new.quantity {
            continue;
        }
        t.push(vec![
            key.1.clone().into(),
            key.2.clone().into(),
            bucket.clone().into(),
            old.into(),
            new.into(),
        ]);
    }
    t
}

/// Closed periods of the older books whose transactions differ in the newer ones: listed with
/// the commits in between (who changed them); exit 1.
fn closed_periods(
    g: &Global,
    a: &DiffArgs,
    o: &Output,
    old: &Side,
    new: &Side,
    rev2: Option<&str>,
    out: &mut String,
) -> Result<(), Failure> {
    let oj = &old.loaded.journal;
    let (records, _) = close_records(oj);
    let mut broken = Vec::new();
    for r in &records {
        let changes = sealed_changes(oj, &new.loaded.journal, r.last_day);
        if !changes.is_empty() {
            broken.push((r, changes));
        }
    }
    if broken.is_empty() {
        return Ok(());
    }
    let mut note = String::new();
    let _ = writeln!(
        note,
        "\nClosed periods changed between {} and {}:",
        old.label, new.label
    );
    for (r, changes) in &broken {
        let count = |f: fn(&Change) -> bool| changes.iter().filter(|c| f(c)).count();
        let _ = write!(
            note,
            "  {}: {} added, {} removed, {} changed",
            r.period,
            count(|c| matches!(c, Change::Added(_))),
            count(|c| matches!(c, Change::Removed(_))),
            count(|c| matches!(c, Change::Changed { .. }))
        );
        let terms = count(|c| matches!(c, Change::Terms { .. }));
        if terms > 0 {
            let _ = write!(
                note,
                ", terms of {terms} customer{} changed",
                if terms == 1 { "" } else { "s" }
            );
        }
        note.push('\n');
    }
    // Every file of either side (includes too), as working-tree paths.
    let mut files: Vec<std::path::PathBuf> = [oj, &new.loaded.journal]
        .iter()
        .flat_map(|j| j.sources.iter().map(|s| s.path.clone()))
        .collect();
    files.sort();
    files.dedup();
    let first = crate::input::journal_paths(g)?;
    if let Some(repo) = crate::git::repository_of(&first[0]) {
        let range = format!("{}..{}", a.rev1, rev2.unwrap_or("HEAD"));
        let log = crate::git::log(&repo, &range, &files);
        let _ = writeln!(note, "Commits touching the books in {range}:");
        for line in &log {
            let _ = writeln!(note, "  {line}");
        }
        if rev2.is_none() {
            let _ = writeln!(note, "  (and any uncommitted change in the working tree)");
        }
    }
    // Text reports carry the note; CSV and JSON stay machine-readable (it goes to stderr).
    if o.format == Format::Text {
        out.push_str(&note);
    } else {
        eprint!("{}", crate::render::terminal::visible_text(&note));
    }
    Err(Failure::Found)
}
