//! Broken journals under tests/fixtures/errors/: one per error kind, message snapshots.
//!
//! Every fixture is run through `arledger check` (exit 1 on errors, 0 when clean) and its
//! standard error is snapshotted under the fixture's name: `file:line:col: error[CODE]: message`,
//! the source line, a caret under the span and what was expected.

use std::collections::BTreeSet;

use crate::support::{arledger, root, Run};

const DIR: &str = "tests/fixtures/errors";

/// Runs `arledger check ARGS -f tests/fixtures/errors/NAME.journal` and asserts the exit code.
fn check(name: &str, args: &[&str], code: i32) -> Run {
    let path = format!("{DIR}/{name}.journal");
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-f", &path]);
    let r = arledger(&all);
    assert_eq!(
        r.code, code,
        "arledger {all:?} exited {} (expected {code})\nstderr:\n{}",
        r.code, r.stderr
    );
    r
}

/// Standard error of a human-format `check`, with the repository's absolute path replaced by
/// `[ROOT]` so that snapshots do not depend on where the repository is checked out.
fn human(name: &str, args: &[&str], code: i32) -> String {
    let r = check(name, args, code);
    assert_eq!(r.stdout, "", "human-format check writes nothing to stdout");
    assert!(
        !r.stderr.contains('\r'),
        "a carriage return leaked into:\n{}",
        r.stderr
    );
    r.stderr.replace(&root().display().to_string(), "[ROOT]")
}

/// One test per fixture: exit code and a snapshot of the messages named after the fixture.
macro_rules! fixtures {
    ($($test:ident: $name:literal => $code:literal;)*) => {
        /// Every fixture with a snapshot test, by file name (without `.journal`).
        const SNAPSHOTTED: &[&str] = &[$($name),*];
        $(
            #[test]
            fn $test() {
                insta::assert_snapshot!($name, human($name, &[], $code));
            }
        )*
    };
}

fixtures! {
    bad_date: "bad-date" => 1;
    bad_amount: "bad-amount" => 1;
    amount_too_large: "amount-too-large" => 1;
    unbalanced: "unbalanced" => 1;
    failed_assertion: "failed-assertion" => 1;
    unknown_directive: "unknown-directive" => 1;
    value_expression: "value-expression" => 1;
    include_cycle: "include-cycle" => 1;
    missing_include: "missing-include" => 1;
    include_directory: "include-directory" => 1;
    invalid_utf8: "invalid-utf8" => 1;
    crlf: "crlf" => 0;
    crlf_error: "crlf-error" => 1;
    indented_orphan: "indented-orphan" => 1;
    several_errors: "several-errors" => 1;
    empty: "empty" => 0;
    only_comments: "only-comments" => 0;
    two_elided: "two-elided" => 1;
    tab_space_mix: "tab-space-mix" => 1;
    comma_decimal_declared: "comma-decimal-declared" => 1;
    mixed_decimal_marks: "mixed-decimal-marks" => 1;
}

/// Fixtures tested with arguments (`--strict`), below.
const NOT_SNAPSHOTTED: &[&str] = &["strict-undeclared"];

#[test]
fn strict_undeclared() {
    // Clean without --strict.
    assert_eq!(human("strict-undeclared", &[], 0), "");
    insta::assert_snapshot!(
        "strict-undeclared",
        human("strict-undeclared", &["--strict"], 1)
    );
}

/// Every journal in tests/fixtures/errors/ has a test above, and every test has its journal.
#[test]
fn every_fixture_is_tested() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(root().join(DIR))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "journal"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let tested: BTreeSet<String> = SNAPSHOTTED
        .iter()
        .chain(NOT_SNAPSHOTTED)
        .map(|s| s.to_string())
        .collect();
    assert_eq!(on_disk, tested);
}

#[test]
fn error_format_json() {
    let r = check("several-errors", &["--error-format", "json"], 1);
    assert_eq!(
        r.stderr, "",
        "JSON diagnostics go to stdout, nothing to stderr"
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    let errors = v.as_array().expect("a JSON array");
    let file = format!("{DIR}/several-errors.journal");
    let got: Vec<(&str, u64, u64, &str, &str)> = errors
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap(),
                e["line"].as_u64().unwrap(),
                e["column"].as_u64().unwrap(),
                e["code"].as_str().unwrap(),
                e["severity"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (file.as_str(), 7, 1, "E0102", "error"),
            (file.as_str(), 11, 1, "E0201", "error"),
            (file.as_str(), 16, 46, "E0203", "error"),
        ]
    );
    // The span's end (exclusive) and what was expected travel too.
    assert_eq!(
        (
            errors[0]["end_line"].as_u64(),
            errors[0]["end_column"].as_u64()
        ),
        (Some(7), Some(11))
    );
    assert_eq!(errors[2]["end_column"], 59);
    assert_eq!(errors[2]["expected"], "the balance 500.00 USD");
    assert_eq!(errors[2]["notes"][0], "difference: 4500.00 USD");

    // A clean journal is an empty array and exit 0.
    let clean = check("crlf", &["--error-format", "json"], 0);
    assert_eq!(clean.stdout.trim(), "[]");
}

#[test]
fn error_format_github() {
    let r = check("several-errors", &["--error-format", "github"], 1);
    assert_eq!(r.stderr, "", "annotations go to stdout, nothing to stderr");
    assert_eq!(r.stdout.lines().count(), 3);
    for line in r.stdout.lines() {
        assert!(line.starts_with("::error file="), "{line}");
    }
    insta::assert_snapshot!("several-errors-github", r.stdout);

    let clean = check("crlf", &["--error-format", "github"], 0);
    assert_eq!(clean.stdout, "");
}

/// The fixtures whose point is their bytes still have them (an editor or a git setting such as
/// `core.autocrlf` could silently turn them into ordinary files).
#[test]
fn fixtures_keep_their_bytes() {
    for name in ["crlf", "crlf-error"] {
        let bytes = std::fs::read(root().join(DIR).join(format!("{name}.journal"))).unwrap();
        let lf = bytes.iter().filter(|&&b| b == b'\n').count();
        let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
        assert!(
            lf > 0 && crlf == lf,
            "{name}.journal must end every line with CR LF"
        );
    }
    let latin1 = std::fs::read(root().join(DIR).join("invalid-utf8.journal")).unwrap();
    assert!(
        String::from_utf8(latin1).is_err(),
        "invalid-utf8.journal must not be UTF-8"
    );
    let empty = std::fs::read(root().join(DIR).join("empty.journal")).unwrap();
    assert!(empty.is_empty(), "empty.journal must be empty");
}

/// Amounts whose decimal mark or digit groups make their value doubtful (`1728,00 USD` where
/// USD's decimal mark is `.`) stop every report, not only `check` (issue 14, item 1).
#[test]
fn number_style_errors_stop_reports() {
    for name in ["comma-decimal-declared", "mixed-decimal-marks"] {
        let path = format!("{DIR}/{name}.journal");
        for cmd in ["balance", "register", "aging", "invoices"] {
            let r = arledger(&[cmd, "-f", &path]);
            assert_eq!(r.code, 1, "{cmd} on {name}:\n{}", r.stderr);
            assert!(r.stderr.contains("error[E0107]"), "{cmd}: {}", r.stderr);
            assert!(!r.stdout.contains("172,800"), "{cmd}: {}", r.stdout);
        }
    }
}

/// The one gate (docs/architecture.md, "The gate"): every report stops the same way on a
/// journal with an error — exit 1, nothing on standard output, the errors as `check` shows
/// them and one closing line.
#[test]
fn every_report_stops_on_a_journal_error_the_same_way() {
    let file = "tests/fixtures/errors/unbalanced.journal";
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let site = site.to_str().unwrap();
    let commands: &[&[&str]] = &[
        &["balance"],
        &["balance", "-M"],
        &["register"],
        &["print"],
        &["accounts"],
        &["payees"],
        &["tags"],
        &["codes"],
        &["descriptions"],
        &["commodities"],
        &["stats"],
        &["aging"],
        &["invoices"],
        &["customers"],
        &["statement", "Acme"],
        &["collections"],
        &["dunning", "--dry-run"],
        &["writeoff", "--older-than", "10"],
        &["kpi", "-p", "2026"],
        &["forecast"],
        &["rollforward", "-p", "2026"],
        &["report", "monthly"],
        &["site", "--out", site],
        &[
            "reconcile",
            "control",
            "--gl",
            file,
            "--account",
            "Assets:Receivable",
        ],
    ];
    for args in commands {
        let r = arledger(&[*args, &["-f", file, "--today", "2026-06-30"]].concat());
        assert_eq!(
            (r.code, r.stdout.as_str()),
            (1, ""),
            "{args:?}\n{}",
            r.stderr
        );
        assert!(
            r.stderr.starts_with(&format!("{file}:3:1: error[E0201]"))
                && r.stderr
                    .ends_with("\n2 errors found; fix the journal (see `arledger check`)\n"),
            "{args:?}\n{}",
            r.stderr
        );
    }
}
