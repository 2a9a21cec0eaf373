//! Output options (issue 15, item 6): `-o FILE` with the format from its extension, each
//! command's own `-O` formats, and text fitted to the terminal width in display columns.

use std::fs;

use crate::support::{arledger, arledger_env, arledger_with_stdin, ok};

const DEMO: &str = "journals/demo.journal";
const END: &str = "--date=2026-12-31";

#[test]
fn output_file_takes_its_format_from_the_extension_and_o_wins() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("aging.csv");
    let r = arledger(&["aging", "-f", DEMO, END, "-o", csv.to_str().unwrap()]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(&csv).unwrap(),
        ok(&["aging", "-f", DEMO, END, "-O", "csv"])
    );
    for (name, starts) in [
        ("aging.json", "{\n"),
        ("aging.md", "# Aging at 2026-12-31"),
        ("aging.html", "<!DOCTYPE html>"),
        ("aging.txt", "Aging at 2026-12-31"),
        ("aging.report", "Aging at 2026-12-31"),
    ] {
        let path = dir.path().join(name);
        ok(&[
            "aging",
            "-f",
            DEMO,
            END,
            "--output-file",
            path.to_str().unwrap(),
        ]);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(starts), "{name}: {text}");
    }
    // An explicit -O wins over the extension; the file is replaced whole.
    let json = dir.path().join("aging.json");
    ok(&[
        "aging",
        "-f",
        DEMO,
        END,
        "-O",
        "csv",
        "-o",
        json.to_str().unwrap(),
    ]);
    assert!(fs::read_to_string(&json)
        .unwrap()
        .starts_with("customer,commodity,"));
}

#[test]
fn output_file_of_a_format_the_command_cannot_write_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.csv");
    let r = arledger(&["print", "-f", DEMO, "-o", path.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("`print` writes text, not csv"),
        "{}",
        r.stderr
    );
    assert!(!path.exists());
    // An unwritable place is an error, and nothing is printed instead.
    let r = arledger(&["aging", "-f", DEMO, "-o", "/nonexistent/dir/aging.csv"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.is_empty() && r.stderr.starts_with("error: "),
        "{}",
        r.stderr
    );
}

#[test]
fn output_file_is_written_when_the_report_finds_differences() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recon.csv");
    let r = arledger(&[
        "reconcile",
        "bank",
        "-f",
        "tests/fixtures/reconcile/books.journal",
        "--statement",
        "tests/fixtures/reconcile/bank-checking.csv",
        "--account",
        "Assets:Bank:Checking",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1, "differences remain: {}", r.stderr);
    assert!(fs::read_to_string(&path).unwrap().starts_with("kind,by,"));
}

#[test]
fn each_command_takes_and_lists_only_its_formats() {
    // `check` has no -O at all (it has --error-format); it was accepted and ignored.
    let r = arledger(&["check", "-f", DEMO, "-O", "html"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("unexpected argument '-O'"),
        "{}",
        r.stderr
    );
    for (command, listed) in [
        (
            &["aging"][..],
            "[possible values: text, csv, json, md, html]",
        ),
        (&["close"][..], "[possible values: text, json]"),
        (&["stats"][..], "[possible values: text, json]"),
        (&["dunning"][..], "[possible values: text, md, html, pdf]"),
        (&["report"][..], "[possible values: text, md, html, json]"),
        (
            &["statement"][..],
            "[possible values: text, md, html, pdf, csv, json]",
        ),
        (&["invoice"][..], "[possible values: text, md, html, pdf]"),
        (&["print"][..], "[possible values: text]"),
        (
            &["reconcile", "bank"][..],
            "[possible values: text, csv, json, md, html]",
        ),
    ] {
        let help = ok(&[command, &["-h"]].concat());
        assert!(help.contains(listed), "{command:?}: {help}");
    }
    let r = arledger(&["close", "-f", DEMO, "2026-03", "--dry-run", "-O", "csv"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid value 'csv'"), "{}", r.stderr);
    // hledger's name for text is accepted too.
    assert_eq!(
        ok(&["balance", "-f", DEMO, "-O", "txt", "cobalt"]),
        ok(&["balance", "-f", DEMO, "cobalt"])
    );
    // Letters go to one file (-o) or one file per customer (--out), not both.
    let r = arledger(&[
        "dunning",
        "-f",
        "journals/collections.journal",
        "--out",
        "/tmp/letters",
        "-o",
        "/tmp/letters.md",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot be used with"), "{}", r.stderr);
    // --emit-journal prints journal text only.
    let r = arledger(&[
        "writeoff",
        "-f",
        "journals/collections.journal",
        "--older-than",
        "90",
        "--emit-journal",
        "-O",
        "csv",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--emit-journal prints journal text"),
        "{}",
        r.stderr
    );
}

#[test]
fn text_fits_columns_by_eliding_descriptions() {
    let args = ["register", "-f", DEMO, "cobalt", "-p", "2026q1"];
    let wide = ok(&args);
    assert!(!wide.contains('…'), "no width, nothing cut:\n{wide}");
    let r = arledger_env(&args, &[("COLUMNS", "80")]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains('…'), "{}", r.stdout);
    for line in r.stdout.lines() {
        assert!(line.chars().count() <= 80, "{line}");
    }
    // Amounts and dates are never cut.
    assert!(r.stdout.contains("2026-01-30  Cobalt"), "{}", r.stdout);
    assert!(
        r.stdout.contains("4,200.00 EUR  4,200.00 EUR"),
        "{}",
        r.stdout
    );
    // Writing to a file ignores the terminal but not an explicit COLUMNS.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reg.txt");
    let r = arledger_env(
        &[&args[..], &["-o", path.to_str().unwrap()]].concat(),
        &[("COLUMNS", "80")],
    );
    assert_eq!(r.code, 0);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        arledger_env(&args, &[("COLUMNS", "80")]).stdout
    );
}

#[test]
fn wide_characters_are_aligned_by_display_width() {
    let journal = "account Assets:Receivable:東京商事  ; customer: 東京商事 株式会社\n\
                   account Assets:Receivable:Acme\n\n\
                   2026-01-10 * (INV-1) 東京商事 | 請求書\n    Assets:Receivable:東京商事   100.00 USD\n    Income\n\n\
                   2026-01-10 * (INV-2) Acme | Invoice\n    Assets:Receivable:Acme   2000.00 USD\n    Income\n";
    let r = arledger_with_stdin(
        &["aging", "-f", "-", "--date", "2026-01-31", "-O", "text"],
        Some(journal),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let width = |s: &str| {
        s.chars()
            .map(|c| if c > '\u{2e80}' { 2 } else { 1 })
            .sum::<usize>()
    };
    let rows: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with("Acme") || l.starts_with("東京") || l.starts_with("total"))
        .collect();
    assert_eq!(rows.len(), 3, "{}", r.stdout);
    // Every row ends at the same display column: the totals line up under each other.
    let ends: Vec<usize> = rows.iter().map(|l| width(l)).collect();
    assert!(ends.windows(2).all(|w| w[0] == w[1]), "{}", r.stdout);
    assert!(r.stdout.contains("東京商事  USD"), "{}", r.stdout);
}
