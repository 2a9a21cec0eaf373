//! `arledger diff REV1 [REV2] aging|balance|items`: what changed in AR between two git
//! revisions of the books (REV2 defaults to the working tree), and whether a closed period
//! changed — exit 1 then, naming the commits that touched the books in between.

use std::fmt::Write as _;

use arledger_journal::Loaded;
use arledger_report::ar::{movement_name, OpenItems};
use arledger_report::close::{self, close_records, sealed_changes};
use arledger_report::diff::{self, Change, ItemChange};
use arledger_report::table::{Column, Money, Table, Value};
use arledger_report::{balance, BalanceOptions, BalanceReport, Query};

use super::Output;
use crate::args::{ArArgs, DiffArgs, DiffWhat, Format};
use crate::config::Config;
use crate::render::value::money_shown;
use crate::session::Session;
use crate::Failure;

/// The books at one side of the comparison.
struct Side<'s> {
    label: String,
    loaded: &'s Loaded,
    ar: &'s OpenItems,
}

/// The books of `session` (read at one revision) and their open items, past the gate.
fn side<'s>(session: &'s Session, a: &DiffArgs) -> Result<Side<'s>, Failure> {
    let (loaded, ar) = session.receivables(&ArArgs {
        date: a.date.clone(),
        receivable_root: a.receivable_root.clone(),
    })?;
    let label = session.config.rev.as_deref().unwrap_or("working tree");
    Ok(Side {
        label: label.to_string(),
        loaded,
        ar,
    })
}

impl Side<'_> {
    /// The books as the diff engine compares them.
    fn books(&self) -> diff::Side<'_> {
        diff::Side {
            journal: &self.loaded.journal,
            ar: self.ar,
        }
    }
}

/// Runs `diff`.
pub fn run(s: &Session, a: &DiffArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let g = &s.config;
    let (rev2, what) = a.resolve()?;
    let (old_books, new_books) = (s.at(Some(&a.rev1)), s.at(rev2.as_deref()));
    let (old, new) = (side(&old_books, a)?, side(&new_books, a)?);
    let title = format!("{} → {}", old.label, new.label);
    let table = match what {
        DiffWhat::Items => items(&old, &new, &title),
        DiffWhat::Balance => balances(&old, &new, &title)?,
        DiffWhat::Aging => agings(&old, &new, &title),
    };
    out.push_str(&o.table(&table));
    closed_periods(g, a, o, &old, &new, rev2.as_deref(), out)
}

/// The item changes as a table.
fn items(old: &Side, new: &Side, title: &str) -> Table {
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
    let cell = |m: &Option<Money>| m.clone().map_or(Value::Empty, Value::Money);
    for c in diff::items(old.books(), new.books()) {
        let change = match c.change {
            Change::Created => "created".to_string(),
            Change::Changed => "changed".to_string(),
            Change::Settled(by) => format!("settled ({})", by.map_or("", movement_name)),
            Change::Deleted => "deleted".to_string(),
        };
        t.push(vec![
            change.into(),
            c.customer.clone().into(),
            c.reference.clone().into(),
            c.commodity.clone().into(),
            cell(&c.old_open),
            cell(&c.new_open),
            Value::text_or_empty(detail(&c)),
        ]);
    }
    t
}

/// What moved of an item besides its open amount: a created item's original amount, a changed
/// one's original amount and due date.
fn detail(c: &ItemChange) -> String {
    let shown = |m: &Money| money_shown(m, false);
    match (&c.old_original, &c.new_original) {
        (None, Some(new)) => format!("original {}", shown(new)),
        (Some(old), Some(new)) => {
            let mut what = Vec::new();
            if old.quantity != new.quantity {
                what.push(format!("original {} → {}", shown(old), shown(new)));
            }
            if let (Some(was), Some(is)) = (c.old_due, c.new_due) {
                if was != is {
                    what.push(format!("due {was} → {is}"));
                }
            }
            what.join("; ")
        }
        _ => String::new(),
    }
}

/// The balances that moved as a table.
fn balances(old: &Side, new: &Side, title: &str) -> Result<Table, Failure> {
    let (a, b) = (balance_report(old)?, balance_report(new)?);
    let mut t = Table::new(vec![
        Column::text("account"),
        Column::text("commodity"),
        Column::money("old"),
        Column::money("new"),
    ])
    .titled(format!("Balances that moved, {title}"))
    .with_id("diff-balance");
    let changes = diff::balances((&old.loaded.journal, &a), (&new.loaded.journal, &b));
    for c in changes {
        t.push(vec![
            c.account.into(),
            c.commodity.into(),
            c.amounts.old.into(),
            c.amounts.new.into(),
        ]);
    }
    Ok(t)
}

/// Every account's balance.
fn balance_report(s: &Side) -> Result<BalanceReport, Failure> {
    let j = &s.loaded.journal;
    let q = Query::default();
    balance(j, &super::compile(&q, j)?, BalanceOptions::default()).map_err(Failure::overflow)
}

/// The aging cells that moved as a table: a row per customer (then total), commodity and
/// bucket.
fn agings(old: &Side, new: &Side, title: &str) -> Table {
    let mut t = Table::new(vec![
        Column::text("customer"),
        Column::text("commodity"),
        Column::text("bucket"),
        Column::money("old"),
        Column::money("new"),
    ])
    .titled(format!("Aging changes {title} at {}", new.ar.as_of))
    .with_id("diff-aging");
    for c in diff::agings(old.books(), new.books()) {
        t.push(vec![
            c.customer.unwrap_or_else(|| "total".to_string()).into(),
            c.commodity.into(),
            c.bucket.into(),
            c.amounts.old.into(),
            c.amounts.new.into(),
        ]);
    }
    t
}

/// Closed periods of the older books whose transactions differ in the newer ones: listed with
/// the commits in between (who changed them); exit 1.
fn closed_periods(
    g: &Config,
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
        let count = |f: fn(&close::Change) -> bool| changes.iter().filter(|c| f(c)).count();
        let _ = write!(
            note,
            "  {}: {} added, {} removed, {} changed",
            r.period,
            count(|c| matches!(c, close::Change::Added(_))),
            count(|c| matches!(c, close::Change::Removed(_))),
            count(|c| matches!(c, close::Change::Changed { .. }))
        );
        let terms = count(|c| matches!(c, close::Change::Terms { .. }));
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
