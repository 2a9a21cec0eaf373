//! `arledger close MONTH`: the month-end checklist ([`arledger_report::month_end`]); when every
//! check passes, the month is sealed with a close record (spec §5) appended to the journal
//! through the safe-write helper.

use arledger_journal::{Diagnostic, Journal, Loaded};
use arledger_report::ar::OpenItems;
use arledger_report::close::{close_record_text, digest, header_span, month_bounds};
use arledger_report::month_end::{checklist, BankCheck, Checklist, CloseOptions, Item, Outcome};

use super::Output;
use crate::args::{CloseArgs, Format};
use crate::entries::Entry;
use crate::receivables::shown;
use crate::session::Session;
use crate::write::append::Addition;
use crate::Failure;

/// Runs `close`: exit 0 when the month was closed (or, with `--dry-run`, could be), 1 when a
/// check failed.
pub fn run(s: &mut Session, a: &CloseArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let (first, last) = month_bounds(&a.period).ok_or_else(|| {
        Failure::Usage(format!(
            "`close` takes a month like 2026-01, not `{}`",
            a.period
        ))
    })?;
    // A close that writes holds the writers' lock from the read on.
    let lock = (!a.dry_run).then(|| s.lock_for_writing()).transpose()?;
    let s = &*s;
    let g = &s.config;
    let loaded = s.read()?;
    let j = &loaded.journal;
    let findings = crate::checks::findings(g, loaded, &a.receivable_root);
    let bank = match (&a.statement, &a.account) {
        (Some(statement), Some(account)) => {
            let src = crate::bank_statement::Source {
                statement,
                rules: a.rules.as_deref(),
                account,
            };
            let (_, reconciliation) = crate::bank_statement::read_and_reconcile(
                g,
                j,
                &src,
                Some(first),
                Some(last),
                a.window,
            )?;
            Some(BankCheck {
                account: account.clone(),
                statement: statement.clone(),
                reconciliation,
            })
        }
        _ => None,
    };
    let options = CloseOptions {
        period: a.period.clone(),
        first,
        last,
        today: g.today,
        root: a.receivable_root.clone(),
        credit_age: a.credit_age,
    };
    let list = checklist(j, &findings, &options, bank).map_err(Failure::overflow)?;
    let passed = list.passed();
    let record = passed.then(|| close_record_text(&a.period, last, &digest(j, last)));
    let mut written = None;
    if let (Some(_), Some(lock)) = (&record, &lock) {
        let addition = Addition {
            directives: String::new(),
            entries: vec![Entry::close_record(last, &a.period, &digest(j, last))],
        };
        let validate = |l: &Loaded| crate::checks::findings(g, l, &a.receivable_root);
        written = Some(crate::input::append_to_journal(
            g, lock, loaded, &addition, &validate,
        )?);
    }
    let checks = explained(j, &list, a);
    render(
        o.format,
        a,
        &list,
        &checks,
        record.as_deref(),
        written.as_deref(),
        out,
    );
    if passed {
        Ok(())
    } else {
        Err(Failure::Found)
    }
}

/// One checklist item as shown: its name, outcome and the lines that explain it.
struct Check {
    name: String,
    outcome: Outcome,
    details: Vec<String>,
}

/// `FILE:LINE: message` of a diagnostic (the checklist lists them; `check` shows them in full).
fn short(j: &Journal, d: &Diagnostic) -> String {
    format!(
        "{}:{}: {}",
        j.sources.path(d.span).display(),
        j.sources.line_col(d.span).line,
        d.message
    )
}

const SHOWN: usize = 10;

/// At most [`SHOWN`] lines, then how many more there are.
fn capped(mut lines: Vec<String>) -> Vec<String> {
    if lines.len() > SHOWN {
        let more = lines.len() - SHOWN;
        lines.truncate(SHOWN);
        lines.push(format!("… and {more} more"));
    }
    lines
}

/// Every item of the checklist named and explained.
fn explained(j: &Journal, list: &Checklist, a: &CloseArgs) -> Vec<Check> {
    list.items
        .iter()
        .map(|item| {
            let (name, details) = explain(j, list.ar.as_ref(), item, a);
            Check {
                name,
                outcome: item.outcome(),
                details,
            }
        })
        .collect()
}

/// An item's name and the lines that explain what it found.
fn explain(
    j: &Journal,
    ar: Option<&OpenItems>,
    item: &Item,
    a: &CloseArgs,
) -> (String, Vec<String>) {
    let at = |span| {
        format!(
            "{}:{}",
            j.sources.path(span).display(),
            j.sources.line_col(span).line
        )
    };
    let customer = |c: usize| ar.map_or(String::new(), |ar| ar.customers.list[c].id.clone());
    // The AR items index the open items, which come with them.
    let open_item = |i: usize| {
        ar.map_or(String::new(), |ar| {
            let it = &ar.items[i];
            format!(
                "{} {} {} {}",
                ar.customers.list[it.customer].id,
                it.reference(j),
                shown(j, it.commodity, it.open),
                j.commodity_name(it.commodity)
            )
        })
    };
    match item {
        Item::MonthEnded { today, last, ended } => (
            "the month has ended".into(),
            if *ended {
                Vec::new()
            } else {
                vec![format!(
                    "today is {today}: close {} from {} on, when nothing more can be dated in it",
                    a.period,
                    last.succ_opt().unwrap_or(*last)
                )]
            },
        ),
        Item::JournalClean { errors } => (
            "journal checks clean".into(),
            capped(errors.iter().map(|d| short(j, d)).collect()),
        ),
        Item::NotClosedYet { records } => (
            "month not closed yet".into(),
            records
                .iter()
                .map(|t| {
                    format!(
                        "closed by {}",
                        at(header_span(j, &j.transactions[t.0 as usize]))
                    )
                })
                .collect(),
        ),
        Item::NoPending { transactions } => (
            "no pending (!) transactions in the month".into(),
            capped(
                transactions
                    .iter()
                    .map(|t| {
                        let span = header_span(j, &j.transactions[t.0 as usize]);
                        format!("{}: {}", at(span), j.text(span))
                    })
                    .collect(),
            ),
        ),
        Item::ArTies { rows, .. } => (
            "AR subledger ties to the customer accounts".into(),
            rows.iter()
                .map(|r| {
                    let who = r.customer.map_or("total".to_string(), customer);
                    let q = |x| shown(j, r.commodity, x);
                    let c = j.commodity_name(r.commodity);
                    let sign = if r.ties() { "=" } else { "≠" };
                    format!(
                        "{who}: closing AR {} {c} {sign} account balances {} {c}",
                        q(r.closing),
                        q(r.balance)
                    )
                })
                .collect(),
        ),
        Item::NoOldCredits { max_age, credits } => (
            format!("no unapplied credits older than {max_age} days"),
            capped(
                credits
                    .iter()
                    .map(|&(i, days)| {
                        let date = ar.map(|ar| ar.items[i].date);
                        format!(
                            "{} from {} ({days} days)",
                            open_item(i),
                            date.map(|d| d.to_string()).unwrap_or_default()
                        )
                    })
                    .collect(),
            ),
        ),
        Item::OpenDisputes { items } => (
            "open disputes (listed, not blocking)".into(),
            items
                .iter()
                .map(|&i| format!("{} open", open_item(i)))
                .collect(),
        ),
        Item::BankReconciled(b) => {
            let rec = &b.reconciliation;
            let mut details: Vec<String> = rec
                .totals
                .iter()
                .map(|t| {
                    format!(
                        "{}: books {} = statement {} + difference {}",
                        t.commodity, t.book_balance, t.statement_balance, t.difference
                    )
                })
                .collect();
            let open = rec.statement_only.len() + rec.book_only.len() + rec.near_misses.len();
            if open > 0 {
                details.push(format!(
                    "{} statement line{} not booked, {} posting{} not on the statement, {} near miss{} (see `arledger reconcile bank`)",
                    rec.statement_only.len(),
                    if rec.statement_only.len() == 1 { "" } else { "s" },
                    rec.book_only.len(),
                    if rec.book_only.len() == 1 { "" } else { "s" },
                    rec.near_misses.len(),
                    if rec.near_misses.len() == 1 { "" } else { "es" }
                ));
            }
            (
                format!("{} reconciled with {}", b.account, b.statement.display()),
                details,
            )
        }
    }
}

fn render(
    format: Format,
    a: &CloseArgs,
    list: &Checklist,
    checks: &[Check],
    record: Option<&str>,
    written: Option<&std::path::Path>,
    out: &mut String,
) {
    use std::fmt::Write as _;
    let word = |o: Outcome| match o {
        Outcome::Pass => "pass",
        Outcome::Fail => "FAIL",
        Outcome::Info => "info",
    };
    if format == Format::Json {
        let value = serde_json::json!({
            "period": a.period,
            "passed": record.is_some(),
            "checks": checks.iter().map(|c| serde_json::json!({
                "check": c.name,
                "outcome": word(c.outcome).to_lowercase(),
                "details": c.details,
            })).collect::<Vec<_>>(),
            "record": record,
            "written_to": written.map(|p| p.display().to_string()),
        });
        out.push_str(&(serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"));
        return;
    }
    let _ = writeln!(out, "Month-end close {}\n", a.period);
    for c in checks {
        let _ = writeln!(out, "[{}] {}", word(c.outcome), c.name);
        if c.details.is_empty() && c.outcome == Outcome::Info {
            let _ = writeln!(out, "       none");
        }
        for d in &c.details {
            let _ = writeln!(out, "       {d}");
        }
    }
    out.push('\n');
    match (record, written) {
        (None, _) if list.only_closed_already() => {
            let _ = writeln!(out, "Not closed: {} is closed already.", a.period);
        }
        (None, _) => {
            let _ = writeln!(
                out,
                "Not closed: fix what failed and run `arledger close {}` again.",
                a.period
            );
        }
        (Some(r), Some(p)) => {
            let _ = writeln!(
                out,
                "Closed {}: appended to {}:\n  {r}",
                a.period,
                p.display()
            );
        }
        (Some(r), None) => {
            let _ = writeln!(
                out,
                "Ready to close (--dry-run, nothing written). The close record:\n  {r}"
            );
        }
    }
}
