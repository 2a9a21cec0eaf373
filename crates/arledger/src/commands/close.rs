//! `arledger close MONTH`: the month-end checklist; when every check passes, the month is
//! sealed with a close record (spec §5) appended to the journal through the safe-write helper.

use arledger_journal::Loaded;
use arledger_journal::{Diagnostic, Journal, Status};
use arledger_report::ar::{disputed, open_items, rollforward, ArOptions, ItemKind};
use arledger_report::close::{close_record_text, close_records, digest, header_span, month_bounds};

use super::Output;
use crate::args::{CloseArgs, Format, Global};
use crate::entries::Entry;
use crate::input::read;
use crate::receivables::shown;
use crate::write::append::Addition;
use crate::Failure;

/// The outcome of one checklist item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Pass,
    Fail,
    /// Listed for the record; does not stop the close.
    Info,
}

/// One checklist item: what was checked, how it came out, and the lines that explain it.
struct Check {
    name: String,
    outcome: Outcome,
    details: Vec<String>,
}

impl Check {
    fn new(name: impl Into<String>, failed: bool, details: Vec<String>) -> Check {
        let outcome = if failed { Outcome::Fail } else { Outcome::Pass };
        Check {
            name: name.into(),
            outcome,
            details,
        }
    }
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

/// Runs `close`: exit 0 when the month was closed (or, with `--dry-run`, could be), 1 when a
/// check failed.
pub fn run(g: &Global, a: &CloseArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let (first, last) = month_bounds(&a.period).ok_or_else(|| {
        Failure::Usage(format!(
            "`close` takes a month like 2026-01, not `{}`",
            a.period
        ))
    })?;
    // A close that writes holds the writers' lock from the read on.
    let lock = (!a.dry_run)
        .then(|| crate::input::lock_books(g))
        .transpose()?;
    let loaded = read(g)?;
    let j = &loaded.journal;
    let mut checks = Vec::new();
    let today = crate::input::options(g)?.today;
    checks.push(Check::new(
        "the month has ended",
        last >= today,
        if last >= today {
            vec![format!(
                "today is {today}: close {} from {} on, when nothing more can be dated in it",
                a.period,
                last.succ_opt().unwrap_or(last)
            )]
        } else {
            Vec::new()
        },
    ));

    let findings = crate::checks::findings(g, &loaded, &a.receivable_root)?;
    let errors: Vec<String> = findings
        .iter()
        .filter(|d| d.is_error())
        .map(|d| short(j, d))
        .collect();
    let clean = errors.is_empty();
    checks.push(Check::new("journal checks clean", !clean, capped(errors)));

    let (records, _) = close_records(j);
    let already: Vec<String> = records
        .iter()
        .filter(|r| r.period == a.period)
        .map(|r| {
            let span = header_span(j, &j.transactions[r.txn.0 as usize]);
            format!(
                "closed by {}:{}",
                j.sources.path(span).display(),
                j.sources.line_col(span).line
            )
        })
        .collect();
    checks.push(Check::new(
        "month not closed yet",
        !already.is_empty(),
        already,
    ));

    let pending: Vec<String> = j
        .transactions
        .iter()
        .filter(|t| (first..=last).contains(&t.date))
        .filter(|t| {
            t.status == Status::Pending
                || j.postings_of(t).iter().any(|p| p.status == Status::Pending)
        })
        .map(|t| {
            let span = header_span(j, t);
            format!(
                "{}:{}: {}",
                j.sources.path(span).display(),
                j.sources.line_col(span).line,
                j.text(span)
            )
        })
        .collect();
    checks.push(Check::new(
        "no pending (!) transactions in the month",
        !pending.is_empty(),
        capped(pending),
    ));

    // The AR checks need a journal that reads cleanly.
    if clean {
        let ar = open_items(
            j,
            &ArOptions {
                root: a.receivable_root.clone(),
                as_of: last,
            },
        );
        let rows = rollforward(j, &ar, first, last, |_| true).map_err(super::overflow)?;
        let ties = rows.iter().all(|r| r.ties());
        let lines: Vec<String> = rows
            .iter()
            .filter(|r| r.customer.is_none() || !r.ties())
            .map(|r| {
                let who = r
                    .customer
                    .map_or("total".to_string(), |c| ar.customers.list[c].id.clone());
                let q = |x| shown(j, r.commodity, x);
                let c = j.commodity_name(r.commodity);
                if r.ties() {
                    format!(
                        "{who}: closing AR {} {c} = account balances {} {c}",
                        q(r.closing),
                        q(r.balance)
                    )
                } else {
                    format!(
                        "{who}: closing AR {} {c} ≠ account balances {} {c}",
                        q(r.closing),
                        q(r.balance)
                    )
                }
            })
            .collect();
        checks.push(Check::new(
            "AR subledger ties to the customer accounts",
            !ties,
            lines,
        ));

        let old_credits: Vec<String> = ar
            .items
            .iter()
            .filter(|it| it.kind == ItemKind::Credit && !it.open.is_zero())
            .filter(|it| (last - it.date).num_days() > a.credit_age)
            .map(|it| {
                format!(
                    "{} {} {} {} from {} ({} days)",
                    ar.customers.list[it.customer].id,
                    it.reference(j),
                    shown(j, it.commodity, it.open),
                    j.commodity_name(it.commodity),
                    it.date,
                    (last - it.date).num_days()
                )
            })
            .collect();
        checks.push(Check::new(
            format!("no unapplied credits older than {} days", a.credit_age),
            !old_credits.is_empty(),
            capped(old_credits),
        ));

        let flags = disputed(j, &ar);
        let disputes: Vec<String> = ar
            .items
            .iter()
            .zip(&flags)
            .filter(|(it, &d)| d && !it.open.is_zero())
            .map(|(it, _)| {
                format!(
                    "{} {} {} {} open",
                    ar.customers.list[it.customer].id,
                    it.reference(j),
                    shown(j, it.commodity, it.open),
                    j.commodity_name(it.commodity)
                )
            })
            .collect();
        checks.push(Check {
            name: "open disputes (listed, not blocking)".into(),
            outcome: Outcome::Info,
            details: disputes,
        });
    }

    if let (Some(statement), Some(account)) = (&a.statement, &a.account) {
        let src = crate::bank_statement::Source {
            statement,
            rules: a.rules.as_deref(),
            account,
        };
        let (_, rec) = crate::bank_statement::read_and_reconcile(
            g,
            j,
            &src,
            Some(first),
            Some(last),
            a.window,
        )?;
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
        checks.push(Check::new(
            format!("{account} reconciled with {}", statement.display()),
            !rec.is_reconciled(),
            details,
        ));
    }

    let passed = clean && checks.iter().all(|c| c.outcome != Outcome::Fail);
    let record = passed.then(|| close_record_text(&a.period, last, &digest(j, last)));
    let mut written = None;
    if let (Some(_), Some(lock)) = (&record, &lock) {
        let addition = Addition {
            directives: String::new(),
            entries: vec![Entry::close_record(last, &a.period, &digest(j, last))],
        };
        let validate =
            |l: &Loaded| crate::checks::findings(g, l, &a.receivable_root).unwrap_or_default();
        written = Some(crate::input::append_to_journal(
            g, lock, &loaded, &addition, &validate,
        )?);
    }
    render(
        o.format,
        a,
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

/// Whether the only failure is that the month is closed already.
fn already_closed(checks: &[Check]) -> bool {
    let failed: Vec<&Check> = checks
        .iter()
        .filter(|c| c.outcome == Outcome::Fail)
        .collect();
    failed.len() == 1 && failed[0].name == ALREADY
}

const ALREADY: &str = "month not closed yet";

fn render(
    format: Format,
    a: &CloseArgs,
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
        (None, _) if already_closed(checks) => {
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
