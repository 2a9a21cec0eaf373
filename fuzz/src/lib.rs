//! What the fuzz targets run, shared with the regression test that replays the crashers kept
//! under `tests/fixtures/fuzz/` (`crates/arledger-report/tests/fuzz_regressions.rs` includes this
//! file as a module), so that a fixed crasher is checked by exactly the code that found it.
//!
//! - [`parse`]: arbitrary bytes through the loader. Each input is loaded as raw bytes
//!   (`Input::Bytes`, the path standard input takes, with its UTF-8 check), as text when it is
//!   UTF-8 (`Input::Text`), and through the parallel parser with a chunk count taken from the
//!   input; the three must give the same model and diagnostics.
//! - [`pipeline`]: parse, then everything `check --strict` runs with every named check (the
//!   same [`arledger_report::check::check`] the CLI calls), the balance report, aging and
//!   `print` followed by a re-parse of the printed text. The reports run as the CLI runs them: only on a
//!   journal without errors (and, for reports that sum, only when `check_totals` found no
//!   overflow, as `check` does).
//!
//! Neither may panic; a panic is a bug in arledger (or a failed assertion here).

use std::path::PathBuf;

use arledger_journal::checks::NamedCheck;
use arledger_journal::format::{amount, number, Grouping};
use arledger_journal::print::print_journal;
use arledger_journal::query::Query;
use arledger_journal::strict::check_totals;
use arledger_journal::{load, Diagnostic, Input, LoadOptions, Loaded, SourceMap};
use arledger_report::ar::{aging, open_items, AgeBy, ArOptions, Buckets};
use arledger_report::check::{check, CheckOptions, NoHistory};
use arledger_report::{balance, BalanceOptions};
use chrono::NaiveDate;

/// Deterministic options: yearless dates and "today" do not depend on the clock, and files are
/// read in order.
fn options() -> LoadOptions {
    LoadOptions {
        parallel_min: usize::MAX,
        ..LoadOptions::at(NaiveDate::from_ymd_opt(2026, 6, 15).expect("a valid date"))
    }
}

/// Everything the loader produced except the source text.
fn dump(l: &Loaded) -> String {
    let j = &l.journal;
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        j.transactions,
        j.postings,
        j.extras,
        j.notes,
        j.tags,
        j.prices,
        j.account_decls,
        j.account_info,
        j.commodity_info,
        j.accounts.iter().map(|(_, n)| n).collect::<Vec<_>>(),
        j.commodities.iter().map(|(_, n)| n).collect::<Vec<_>>(),
        j.tag_names.iter().map(|(_, n)| n).collect::<Vec<_>>(),
        j.directives,
        j.periodic,
        l.diagnostics,
    )
}

/// The `parse` target.
pub fn parse(data: &[u8]) {
    let path = PathBuf::from("fuzz.journal");
    let bytes = load(
        &[Input::Bytes {
            path: path.clone(),
            bytes: data.to_vec(),
        }],
        &options(),
    );
    render(&bytes.journal.sources, &bytes.diagnostics);
    let Ok(text) = std::str::from_utf8(data) else {
        assert!(bytes.has_errors(), "invalid UTF-8 must be an error");
        return;
    };
    let input = [Input::Text {
        path,
        text: text.to_string(),
    }];
    let seq = load(&input, &options());
    assert_eq!(dump(&bytes), dump(&seq), "bytes and text load differently");
    let chunks = 2 + data.len() % 5;
    let par = load(
        &input,
        &LoadOptions {
            parallel_min: 0,
            chunks,
            ..options()
        },
    );
    assert_eq!(
        dump(&seq),
        dump(&par),
        "parallel parse ({chunks} chunks) differs"
    );
}

/// What the CLI computes to show a diagnostic: positions of its spans and their lines.
fn render(sources: &SourceMap, diags: &[Diagnostic]) {
    for d in diags {
        let spans = std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span));
        for span in spans {
            let src = sources.get(span.source);
            let start = src.line_col(span.start);
            let _ = src.line_col(span.end);
            let _ = src.line_text(start.line);
        }
    }
}

/// The `pipeline` target.
pub fn pipeline(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let opts = options();
    let loaded = load(
        &[Input::Text {
            path: PathBuf::from("fuzz.journal"),
            text: text.to_string(),
        }],
        &opts,
    );
    let j = &loaded.journal;
    let everything = CheckOptions {
        named: NamedCheck::ALL.into_iter().collect(),
        strict: true,
    };
    let root = "Assets:Receivable";
    render(
        &j.sources,
        &check(&loaded, root, opts.today, &everything, &NoHistory),
    );
    // The reports run as the CLI runs them: on a journal without errors whose sums fit.
    if loaded.has_errors() || !check_totals(j).is_empty() {
        return;
    }

    // Aging at a date.
    let ar = open_items(
        j,
        &ArOptions {
            root: root.to_string(),
            as_of: opts.today,
        },
    );
    if !ar.has_errors() {
        for by in [AgeBy::Due, AgeBy::Date] {
            let report = aging(j, &ar, &Buckets::default(), by, None);
            for row in report.rows.iter().chain(&report.totals) {
                let _ = number(row.total, &j.style(row.commodity), Grouping::Styled);
            }
        }
    }

    // Balance, flat and as a tree.
    let q = Query::default();
    let c = q.compile(j).expect("the empty query fits every journal");
    for tree in [false, true] {
        let opts = BalanceOptions {
            tree,
            ..BalanceOptions::default()
        };
        if let Ok(report) = balance(j, &c, opts) {
            for row in &report.rows {
                for a in &row.amounts {
                    let _ = amount(j, *a, Grouping::Styled);
                }
            }
        }
    }

    // print, and read what was printed.
    let printed = print_journal(j, &j.transactions);
    let again = load(
        &[Input::Text {
            path: PathBuf::from("printed.journal"),
            text: printed,
        }],
        &opts,
    );
    render(&again.journal.sources, &again.diagnostics);
}
