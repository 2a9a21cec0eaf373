//! What `check` reports, as one pipeline that `check`, the writers (which must never write
//! books that `check` rejects), the language server and the fuzz targets share.
//!
//! The pipeline is pure: what only the file system or the journal's git history can tell (a
//! closed month whose record was removed, temporary files left by an interrupted write, the
//! transactions that changed in a closed period) comes in through a [`History`].

use std::collections::BTreeSet;

use arledger_journal::checks::NamedCheck;
use arledger_journal::strict::check_totals;
use arledger_journal::{Code, Diagnostic, Journal, Loaded, Severity, Source, SourceId, Span};
use chrono::NaiveDate;

use crate::ar::{ar_findings, open_items, ArOptions, Scope};
use crate::close::{close_records, header_span, verify_closes, BrokenClose};

/// What the pipeline cannot know from the journal's text: the world around its files.
pub trait History: Sync {
    /// A closed period that changed (the base diagnostic, [`broken_close`]), with what the
    /// history can add, such as the transactions that changed since the close.
    fn explain(&self, _j: &Journal, _broken: &BrokenClose, d: Diagnostic) -> Diagnostic {
        d
    }
    /// Findings about close records that the history knows of (months closed once and whose
    /// record is gone).
    fn closes(&self, _loaded: &Loaded) -> Vec<Diagnostic> {
        Vec::new()
    }
    /// Findings about the journal's files on disk (left-over temporary files).
    fn files(&self, _loaded: &Loaded) -> Vec<Diagnostic> {
        Vec::new()
    }
}

/// No history: the journal's text only (standard input, tests, fuzzing).
pub struct NoHistory;

impl History for NoHistory {}

/// What `check` runs on top of [`findings`].
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// hledger's named checks asked for (`check ordereddates` …).
    pub named: BTreeSet<NamedCheck>,
    /// `--strict`: undeclared accounts and commodities are reported, and every finding is an
    /// error.
    pub strict: bool,
}

/// Everything `check` reports, sorted by position: [`findings`], the named checks and, with
/// `strict`, every finding raised to an error.
pub fn check(
    loaded: &Loaded,
    root: &str,
    today: NaiveDate,
    opts: &CheckOptions,
    history: &dyn History,
) -> Vec<Diagnostic> {
    let mut named = opts.named.clone();
    if opts.strict {
        named.extend([NamedCheck::Accounts, NamedCheck::Commodities]);
    }
    let mut diags = findings(loaded, root, today, history);
    for check in named {
        diags.extend(check.run(&loaded.journal));
    }
    if opts.strict {
        for d in &mut diags {
            d.severity = Severity::Error;
        }
    }
    diags.sort_by_key(|d| (d.span.source, d.span.start));
    diags
}

/// Everything `check` reports without named checks or `--strict`, in the order found: reading
/// and balancing problems, AR rules (when the journal read cleanly, as of the end of time with
/// `today` for due dates), sums that overflow, close records (spec §5) and line endings.
pub fn findings(
    loaded: &Loaded,
    root: &str,
    today: NaiveDate,
    history: &dyn History,
) -> Vec<Diagnostic> {
    let clean = !loaded.has_errors();
    // The AR rules and the checks of close records and files read the books independently:
    // they run on two cores (large books spend hundreds of milliseconds in each).
    let ((ar, totals), rest) = rayon::join(
        || {
            // AR rules need a journal that read cleanly (a skipped invoice would make its
            // payments look like references to unknown items) and sums that fit.
            let totals = match clean {
                true => check_totals(&loaded.journal),
                false => Vec::new(),
            };
            if !clean || !totals.is_empty() {
                return (Vec::new(), totals);
            }
            let ar = open_items(
                &loaded.journal,
                &ArOptions {
                    root: root.to_string(),
                    as_of: NaiveDate::MAX,
                },
            );
            let found = ar_findings(&loaded.journal, &ar, root, today, Scope::All);
            (found, totals)
        },
        || {
            let mut rest = match clean {
                true => closes(loaded, history),
                false => Vec::new(),
            };
            rest.extend(lone_carriage_returns(&loaded.journal));
            rest.extend(history.files(loaded));
            // This core has nothing else to do while the AR items are built: the line numbers
            // of the messages to come are counted now (tens of milliseconds in large books).
            if rayon::current_num_threads() > 1 {
                loaded.journal.sources.iter().for_each(Source::count_lines);
            }
            rest
        },
    );
    let mut diags = loaded.diagnostics.clone();
    diags.extend(ar);
    diags.extend(totals);
    diags.extend(rest);
    diags
}

/// Close records (spec §5): malformed ones, and closed periods whose digest changed.
fn closes(loaded: &Loaded, history: &dyn History) -> Vec<Diagnostic> {
    let j = &loaded.journal;
    let (records, mut diags) = close_records(j);
    for broken in verify_closes(j, &records) {
        diags.push(history.explain(j, &broken, broken_close(j, &broken)));
    }
    diags.extend(history.closes(loaded));
    diags
}

/// The error for a closed period whose transactions changed after the close.
pub fn broken_close(j: &Journal, b: &BrokenClose) -> Diagnostic {
    let r = &b.record;
    let here = header_span(j, &j.transactions[r.txn.0 as usize]);
    Diagnostic::error(
        Code::Closed,
        here,
        format!(
            "period {} is closed, but what it seals changed after the close: the transactions or postings dated on or before {}, or its customers' terms",
            r.period, r.last_day
        ),
    )
    .expected(format!(
        "the closed period as it was closed; book corrections in an open period (after {})",
        r.last_day
    ))
    .note(format!(
        "digest recorded {}…, the journal now gives {}…",
        &r.digest[..12],
        &b.actual[..12]
    ))
}

/// A carriage return not followed by a line feed (old Mac line endings): arledger, ledger and
/// hledger end lines at `\n` only, so such a file reads as one long line — say so instead of
/// showing empty reports.
fn lone_carriage_returns(j: &Journal) -> Vec<Diagnostic> {
    j.sources
        .iter()
        .enumerate()
        .filter_map(|(i, src)| {
            let bytes = src.text.as_bytes();
            let at = first_lone_cr(bytes)?;
            Some(
                Diagnostic::warning(
                    Code::Syntax,
                    Span::new(SourceId(i as u32), at..at + 1),
                    "a carriage return without a line feed: lines end at `\\n` (or `\\r\\n`) only, so the text after it is read as part of this line",
                )
                .expected("Unix (`\\n`) or Windows (`\\r\\n`) line endings; convert old Mac files with `tr '\\r' '\\n'`"),
            )
        })
        .collect()
}

/// Where the first `\r` not followed by `\n` is (a vectorised search: the text may be
/// hundreds of megabytes).
fn first_lone_cr(bytes: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b'\r', bytes).find(|&k| bytes.get(k + 1) != Some(&b'\n'))
}
