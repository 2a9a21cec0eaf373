//! `arledger diff REV1 [REV2] aging|balance|items`: what changed in AR between two git
//! revisions of the books (REV2 defaults to the working tree), and whether a closed period
//! changed — exit 1 then, naming the commits that touched the books in between.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use arledger_journal::{CommodityId, Journal, Loaded};
use arledger_report::ar::{aging, open_items, AgeBy, ArOptions, Buckets, OpenItems};
use arledger_report::close::{close_records, sealed_changes, Change};
use arledger_report::{balance, BalanceOptions, Query};
use rust_decimal::Decimal;

use super::ar::decimal;
use super::emit_records;
use crate::args::{DiffArgs, DiffWhat, Global};
use crate::render::table::Align;
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
        Some(d) => {
            arledger_report::parse_end_date_arg(d).map_err(|e| Failure::Usage(e.to_string()))?
        }
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
pub fn run(g: &Global, a: &DiffArgs, out: &mut String) -> Result<(), Failure> {
    super::require_format(g.output, super::TABLE_FORMATS, "diff")?;
    let (rev2, what) = a.resolve()?;
    let old = side(g, Some(&a.rev1), a)?;
    let new = side(g, rev2.as_deref(), a)?;
    let title = format!("{} → {}", old.label, new.label);
    match what {
        DiffWhat::Items => items(g, &old, &new, &title, out),
        DiffWhat::Balance => balances(g, &old, &new, &title, out)?,
        DiffWhat::Aging => agings(g, &old, &new, &title, out),
    }
    closed_periods(g, a, &old, &new, rev2.as_deref(), out)
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

fn items(g: &Global, old: &Side, new: &Side, title: &str, out: &mut String) {
    let (a, b) = (item_map(old), item_map(new));
    let j = &new.loaded.journal;
    let oj = &old.loaded.journal;
    let show = |j: &Journal, k: CommodityId, q: Decimal| decimal(j, k, q);
    let mut rows = Vec::new();
    for (key, (orig, open, due, k, last)) in &b {
        let (customer, reference, commodity) = key;
        let row = |change: &str, old_open: String, detail: String| {
            vec![
                change.to_string(),
                customer.clone(),
                reference.clone(),
                commodity.clone(),
                old_open,
                show(j, *k, *open),
                detail,
            ]
        };
        match a.get(key) {
            None => rows.push(row(
                "created",
                String::new(),
                format!("original {}", show(j, *k, *orig)),
            )),
            Some((o_orig, o_open, o_due, ok, _)) => {
                let mut what = Vec::new();
                if o_orig != orig {
                    what.push(format!(
                        "original {} → {}",
                        show(oj, *ok, *o_orig),
                        show(j, *k, *orig)
                    ));
                }
                if o_due != due {
                    what.push(format!("due {o_due} → {due}"));
                }
                let settled;
                let change = if !o_open.is_zero() && open.is_zero() {
                    settled = format!("settled ({last})");
                    settled.as_str()
                } else if o_open != open || !what.is_empty() {
                    "changed"
                } else {
                    continue;
                };
                rows.push(row(change, show(oj, *ok, *o_open), what.join("; ")));
            }
        }
    }
    for (key, (_, o_open, _, ok, _)) in &a {
        if !b.contains_key(key) {
            rows.push(vec![
                "deleted".into(),
                key.0.clone(),
                key.1.clone(),
                key.2.clone(),
                show(oj, *ok, *o_open),
                String::new(),
                String::new(),
            ]);
        }
    }
    use Align::{Left, Right};
    emit_records(
        g.output,
        &format!("Items {title} at {}", new.ar.as_of),
        &[
            "change",
            "customer",
            "item",
            "commodity",
            "old_open",
            "new_open",
            "detail",
        ],
        &rows,
        &[Left, Left, Left, Left, Right, Right, Left],
        &[],
        out,
    );
}

/// Every account's balance by commodity name, as shown.
fn balance_map(s: &Side) -> Result<BTreeMap<(String, String), String>, Failure> {
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
                    decimal(j, a.commodity, a.quantity),
                )
            })
        })
        .collect())
}

fn balances(
    g: &Global,
    old: &Side,
    new: &Side,
    title: &str,
    out: &mut String,
) -> Result<(), Failure> {
    let (a, b) = (balance_map(old)?, balance_map(new)?);
    let mut keys: Vec<&(String, String)> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    let rows: Vec<Vec<String>> = keys
        .into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| {
            vec![
                k.0.clone(),
                k.1.clone(),
                a.get(k).cloned().unwrap_or_else(|| "0".into()),
                b.get(k).cloned().unwrap_or_else(|| "0".into()),
            ]
        })
        .collect();
    use Align::{Left, Right};
    emit_records(
        g.output,
        &format!("Balances that moved, {title}"),
        &["account", "commodity", "old", "new"],
        &rows,
        &[Left, Left, Right, Right],
        &[],
        out,
    );
    Ok(())
}

fn aging_map(s: &Side) -> BTreeMap<(String, String), Vec<String>> {
    let j = &s.loaded.journal;
    let report = aging(j, &s.ar, &Buckets::default(), AgeBy::Due, None);
    report
        .rows
        .iter()
        .chain(&report.totals)
        .map(|r| {
            let who = r
                .customer
                .map_or("total".to_string(), |c| s.ar.customers.list[c].id.clone());
            let cells = r
                .buckets
                .iter()
                .chain([&r.total])
                .map(|q| decimal(j, r.commodity, *q))
                .collect();
            ((who, j.commodity_name(r.commodity).to_string()), cells)
        })
        .collect()
}

fn agings(g: &Global, old: &Side, new: &Side, title: &str, out: &mut String) {
    let (a, b) = (aging_map(old), aging_map(new));
    let mut keys: Vec<&(String, String)> = a.keys().chain(b.keys()).collect();
    keys.sort_by_key(|k| (k.0 == "total", k.0.clone(), k.1.clone()));
    keys.dedup();
    let zero = vec!["0".to_string(); 6];
    let rows: Vec<Vec<String>> = keys
        .into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| {
            let (o, n) = (a.get(k).unwrap_or(&zero), b.get(k).unwrap_or(&zero));
            let mut row = vec![k.0.clone(), k.1.clone()];
            row.extend(o.iter().zip(n).map(|(x, y)| {
                if x == y {
                    y.clone()
                } else {
                    format!("{x} → {y}")
                }
            }));
            row
        })
        .collect();
    use Align::{Left, Right};
    emit_records(
        g.output,
        &format!("Aging changes {title} at {}", new.ar.as_of),
        &[
            "customer",
            "commodity",
            "current",
            "1-30",
            "31-60",
            "61-90",
            "over-90",
            "total",
        ],
        &rows,
        &[Left, Left, Right, Right, Right, Right, Right, Right],
        &[],
        out,
    );
}

/// Closed periods of the older books whose transactions differ in the newer ones: listed with
/// the commits in between (who changed them); exit 1.
fn closed_periods(
    g: &Global,
    a: &DiffArgs,
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
        let _ = writeln!(
            note,
            "  {}: {} added, {} removed, {} changed",
            r.period,
            count(|c| matches!(c, Change::Added(_))),
            count(|c| matches!(c, Change::Removed(_))),
            count(|c| matches!(c, Change::Changed { .. }))
        );
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
    if g.output == crate::args::Format::Text {
        out.push_str(&note);
    } else {
        eprint!("{note}");
    }
    Err(Failure::Found)
}
