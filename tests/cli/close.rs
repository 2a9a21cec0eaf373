//! `close`, `rollforward` and the close-record checks of `check` (issue 6, spec §5).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{arledger, arledger_env, git, have, ok, root};

/// A copy of the demo journal in a temporary directory.
fn books() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.journal");
    fs::copy(root().join("journals/demo.journal"), &path).unwrap();
    (dir, path)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const TODAY: &str = "--today=2026-12-31";

#[test]
fn dry_run_shows_the_checklist_and_the_record_and_writes_nothing() {
    let (_dir, path) = books();
    let before = fs::read(&path).unwrap();
    let out = ok(&["close", "-f", s(&path), "2026-03", "--dry-run", TODAY]);
    insta::assert_snapshot!(out);
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn close_appends_the_record_and_the_books_stay_valid_everywhere() {
    let (_dir, path) = books();
    let before = fs::read_to_string(&path).unwrap();
    let dry = ok(&["close", "-f", s(&path), "2026-03", "--dry-run", TODAY]);
    let record = dry.lines().last().unwrap().trim().to_string();
    assert!(record.starts_with("2026-03-31 Period close  ; closed: 2026-03, digest: "));
    let out = ok(&["close", "-f", s(&path), "2026-03", TODAY]);
    assert!(out.contains("Closed 2026-03: appended to"), "{out}");
    let after = fs::read_to_string(&path).unwrap();
    // Every byte of the journal is kept; the record follows a blank line.
    assert_eq!(after, format!("{before}\n{record}\n"));
    assert_eq!(arledger(&["check", "-f", s(&path), TODAY]).code, 0);
    // A second close of the same month is refused, and the file stays as it is.
    let again = arledger(&["close", "-f", s(&path), "2026-03", TODAY]);
    assert_eq!(again.code, 1);
    assert!(
        again
            .stdout
            .contains("Not closed: 2026-03 is closed already."),
        "{}",
        again.stdout
    );
    assert!(
        again.stdout.contains("[FAIL] month not closed yet"),
        "{}",
        again.stdout
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), after);
    // ledger and hledger read the record as a note and keep their balances.
    for tool in ["ledger", "hledger"] {
        if !have(tool) {
            continue;
        }
        let bal = |f: &str| {
            let o = Command::new(tool).args(["-f", f, "bal"]).output().unwrap();
            assert!(
                o.status.success(),
                "{tool}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            String::from_utf8_lossy(&o.stdout).into_owned()
        };
        let demo = root().join("journals/demo.journal");
        assert_eq!(bal(s(&path)), bal(s(&demo)), "{tool}");
    }
}

#[test]
fn a_month_that_has_not_ended_cannot_be_closed() {
    let (_dir, path) = books();
    let r = arledger(&[
        "close",
        "-f",
        s(&path),
        "2026-03",
        "--dry-run",
        "--today=2026-03-15",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("[FAIL] the month has ended"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("today is 2026-03-15: close 2026-03 from 2026-04-01 on"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_failing_check_blocks_the_close() {
    let (_dir, path) = books();
    let before = fs::read(&path).unwrap();
    // December has pending transactions and an old unapplied credit.
    let r = arledger(&["close", "-f", s(&path), "2026-12", TODAY]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("[FAIL] no pending (!) transactions in the month"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("[FAIL] no unapplied credits older than 60 days"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Not closed"), "{}", r.stdout);
    assert_eq!(fs::read(&path).unwrap(), before);
    // The credit age is configurable.
    let r = arledger(&[
        "close",
        "-f",
        s(&path),
        "2026-09",
        "--credit-age",
        "400",
        "--dry-run",
        TODAY,
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn a_write_that_fails_at_any_step_leaves_the_journal_byte_identical() {
    let (dir, path) = books();
    let before = fs::read(&path).unwrap();
    for step in ["create", "write", "sync", "rename"] {
        let r = arledger_env(
            &["close", "-f", s(&path), "2026-03", TODAY],
            &[("ARLEDGER_FAIL_WRITE", step)],
        );
        assert_eq!(r.code, 1, "{step}: {}", r.stdout);
        assert!(
            r.stderr.contains("the file is unchanged"),
            "{step}: {}",
            r.stderr
        );
        assert_eq!(fs::read(&path).unwrap(), before, "{step}");
        let files: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(files.len(), 1, "{step}: a temporary file was left behind");
    }
}

/// Closes March in a fresh git repository holding the demo journal, committed.
fn closed_repository() -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = books();
    git(dir.path(), &["init", "-q"]);
    ok(&["close", "-f", s(&path), "2026-03", TODAY]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "close March"]);
    (dir, path)
}

#[test]
fn reformatting_a_closed_month_keeps_the_close_valid() {
    let (_dir, path) = closed_repository();
    let text = fs::read_to_string(&path).unwrap();
    // Alignment, digit grouping, trailing zeros, blank lines, untagged comments.
    let reformatted = text
        .replace(
            "    Assets:Receivable:Acme                   3200.00 USD\n",
            "  Assets:Receivable:Acme  3,200.0 USD\n",
        )
        .replace("\n\n2026-03-", "\n\n\n; a note added later\n2026-03-")
        .replace(
            "| Design retainer, March",
            "| Design retainer, March  ; checked by Sam",
        );
    assert_eq!(reformatted.matches("3,200.0 USD").count(), 13);
    assert!(reformatted.contains("; checked by Sam"));
    fs::write(&path, &reformatted).unwrap();
    let r = arledger(&["check", "-f", s(&path), TODAY]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn backdating_into_a_closed_month_fails_the_check_and_names_the_transaction() {
    let (_dir, path) = closed_repository();
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str(
        "\n2026-03-15 * (INV-1099) Acme Corp | Late addition\n    Assets:Receivable:Acme    500.00 USD\n    Income:Services\n",
    );
    let text = text.replace("Design retainer, March", "Design retainer for March");
    fs::write(&path, &text).unwrap();
    let r = arledger(&["check", "-f", s(&path), TODAY]);
    assert_eq!(r.code, 1);
    let err = r.stderr.replace(s(&path), "books.journal");
    assert!(err.contains("error[E0402]: period 2026-03 is closed, but what it seals changed after the close: the transactions or postings dated on or before 2026-03-31, or its customers' terms"), "{err}");
    assert!(err.contains("added after the close"), "{err}");
    assert!(
        err.contains("2026-03-15 * (INV-1099) Acme Corp | Late addition"),
        "{err}"
    );
    assert!(err.contains("changed after the close: 2026-03-"), "{err}");
    assert!(err.contains("Design retainer, March → "), "{err}");
}

#[test]
fn without_git_the_check_still_fails_and_says_why_it_cannot_name_the_change() {
    let (_dir, path) = books();
    ok(&["close", "-f", s(&path), "2026-03", TODAY]);
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("Design retainer, March", "Retainer");
    fs::write(&path, &text).unwrap();
    let r = arledger(&["check", "-f", s(&path), TODAY]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("error[E0402]"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("can be named when the journal is in a git repository"),
        "{}",
        r.stderr
    );
}

#[test]
fn malformed_close_records_are_errors() {
    let (_dir, path) = books();
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("\n2026-03-30 Period close  ; closed: 2026-03, digest: 00\n");
    fs::write(&path, &text).unwrap();
    let r = arledger(&["check", "-f", s(&path), TODAY]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("is dated 2026-03-30, not the period's last day 2026-03-31"),
        "{}",
        r.stderr
    );
}

#[test]
fn rollforward_on_the_demo_journal() {
    let text = ok(&[
        "rollforward",
        "-f",
        "journals/demo.journal",
        "-p",
        "2026-03",
    ]);
    insta::assert_snapshot!("rollforward_march_text", text);
    let csv = ok(&[
        "rollforward",
        "-f",
        "journals/demo.journal",
        "-p",
        "2026q4",
        "-O",
        "csv",
    ]);
    insta::assert_snapshot!("rollforward_q4_csv", csv);
    // Every row ties on the demo books, every month of the year.
    for m in 1..=12 {
        let p = format!("2026-{m:02}");
        let out = ok(&[
            "rollforward",
            "-f",
            "journals/demo.journal",
            "-p",
            &p,
            "-O",
            "csv",
        ]);
        assert!(
            out.lines().skip(1).all(|l| l.ends_with(",yes")),
            "{p}: {out}"
        );
    }
}

#[test]
fn rollforward_needs_a_bounded_period() {
    let r = arledger(&[
        "rollforward",
        "-f",
        "journals/demo.journal",
        "-p",
        "from 2026-01-01",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("needs a start and an end"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_bank_must_reconcile_for_the_month_when_a_statement_is_given() {
    let base = [
        "close",
        "-f",
        "tests/fixtures/reconcile/books.journal",
        "2026-03",
        "--dry-run",
        "--account",
        "Assets:Bank:Checking",
        "--today=2026-04-15",
        "--statement",
    ];
    let mut tied = base.to_vec();
    tied.push("tests/fixtures/reconcile/bank-checking-march-tied.csv");
    let out = ok(&tied);
    assert!(
        out.contains("[pass] Assets:Bank:Checking reconciled with"),
        "{out}"
    );
    assert!(
        out.contains("USD: books 9111.00 = statement 9111.00 + difference 0.00"),
        "{out}"
    );
    let mut untied = base.to_vec();
    untied.push("tests/fixtures/reconcile/bank-checking.csv");
    let r = arledger(&untied);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("[FAIL] Assets:Bank:Checking reconciled with"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("5 statement lines not booked, 2 postings not on the statement, 1 near miss"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Not closed"), "{}", r.stdout);
}

/// Issue 14, item 6: a later transaction with a posting dated into the closed month changes
/// the month's receivable (`hledger bal -e`), so the seal covers it: `check` fails and names
/// it, `diff` lists the closed period, and `rollforward` of the month does not tie.
#[test]
fn a_posting_dated_into_a_closed_month_breaks_the_seal() {
    let (dir, path) = closed_repository();
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str(
        "\n2026-04-20 * (INV-1098) Acme Corp | Dated into March by its posting\n    Assets:Receivable:Acme    500.00 USD  ; date: 2026-03-15\n    Income:Services\n",
    );
    fs::write(&path, &text).unwrap();
    let r = arledger(&["check", "-f", s(&path), TODAY]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("error[E0402]: period 2026-03 is closed"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("added after the close")
            && r.stderr
                .contains("2026-04-20 * (INV-1098) Acme Corp | Dated into March"),
        "{}",
        r.stderr
    );
    let d = arledger(&[
        "diff",
        "-f",
        s(&path),
        "HEAD",
        "aging",
        "--date",
        "2026-03-31",
    ]);
    assert_eq!(d.code, 1, "{}", d.stderr);
    assert!(
        d.stdout.contains("Closed periods changed between HEAD and working tree:\n  2026-03: 1 added, 0 removed, 0 changed\n"),
        "{}",
        d.stdout
    );
    let roll = arledger(&["rollforward", "-f", s(&path), "-p", "2026-03", "Acme"]);
    assert_eq!(roll.code, 1, "{}", roll.stdout);
    assert!(
        roll.stderr
            .contains("a posting dated 2026-03-15 in a transaction of 2026-04-20"),
        "{}",
        roll.stderr
    );
    drop(dir);
}

/// A customer's terms decide the due dates, so the aging, of the closed month: the seal covers
/// them (in their normal form, so `net 30` for `net30` changes nothing).
#[test]
fn a_terms_change_after_the_close_breaks_the_seal() {
    let (_dir, path) = closed_repository();
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches("    ; terms: net30\n").count(), 2);
    fs::write(
        &path,
        text.replace("    ; terms: net30\n", "    ; terms: NET 30\n"),
    )
    .unwrap();
    let r = arledger(&["check", "-f", s(&path), TODAY]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    fs::write(
        &path,
        text.replacen("    ; terms: net30\n", "    ; terms: net45\n", 1),
    )
    .unwrap();
    let r = arledger(&["check", "-f", s(&path), TODAY]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "the terms of customer Assets:Receivable:Acme changed after the close: net30 → net45"
        ),
        "{}",
        r.stderr
    );
}

/// Close records written before the seal covered posting dates and terms keep verifying with
/// the definition they were written with (this digest is what earlier versions wrote for the
/// demo books' March), and still catch a change.
#[test]
fn records_written_with_the_first_seal_definition_still_verify() {
    let (_dir, path) = books();
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("\n2026-03-31 Period close  ; closed: 2026-03, digest: fbf48714409529805ac92a72aa0f2e03dc2eb45f159b22ffa90ba79eef9315f6\n");
    fs::write(&path, &text).unwrap();
    let r = arledger(&["check", "-f", s(&path), TODAY]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    fs::write(&path, text.replace("Design retainer, March", "Retainer")).unwrap();
    let r = arledger(&["check", "-f", s(&path), TODAY]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("error[E0402]"), "{}", r.stderr);
}

fn head(dir: &Path) -> String {
    let o = Command::new("git")
        .args(["rev-parse", "--short=10", "HEAD"])
        .current_dir(dir)
        .output()
        .unwrap();
    String::from_utf8(o.stdout).unwrap().trim().to_string()
}

/// A close record that git history shows and the journal no longer has: `check` warns and
/// names the commit that closed the month (and the one that removed the record); closing the
/// month again ends the warning.
#[test]
fn a_deleted_close_record_is_named_with_its_commit() {
    let (dir, path) = closed_repository();
    let closed_in = head(dir.path());
    let text = fs::read_to_string(&path).unwrap();
    let record = text.lines().last().unwrap().to_string();
    assert!(record.contains("closed: 2026-03"), "{record}");
    fs::write(&path, text.replace(&format!("\n{record}\n"), "")).unwrap();
    let warning = format!("warning[E0402]: month 2026-03 was closed in commit {closed_in}, but the journal has no close record for it any more");
    let r = arledger(&["check", "-f", s(&path), TODAY]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "{warning} (its removal is not committed): nothing seals it now"
        )),
        "{}",
        r.stderr
    );
    git(dir.path(), &["commit", "-q", "-am", "reopen March"]);
    let removed_in = head(dir.path());
    let r = arledger(&["check", "-f", s(&path), TODAY, "--strict"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("month 2026-03 was closed in commit {closed_in}, but the journal has no close record for it any more (removed in commit {removed_in})")),
        "{}",
        r.stderr
    );
    ok(&["close", "-f", s(&path), "2026-03", TODAY]);
    let r = arledger(&["check", "-f", s(&path), TODAY]);
    assert_eq!(
        (r.code, r.stderr.contains("E0402")),
        (0, false),
        "{}",
        r.stderr
    );
}

/// Reading the history runs no program the repository configures: a textconv filter and an
/// external diff for journals would write a marker file.
#[test]
fn the_history_is_read_without_textconv_or_external_diff() {
    let (dir, path) = closed_repository();
    let marker = dir.path().join("marker");
    let command = format!("sh -c 'touch {}; cat \"$1\"' -", s(&marker));
    fs::write(dir.path().join(".gitattributes"), "*.journal diff=x\n").unwrap();
    git(dir.path(), &["config", "diff.x.textconv", &command]);
    git(dir.path(), &["config", "diff.external", &command]);
    git(dir.path(), &["config", "log.showSignature", "true"]);
    let text = fs::read_to_string(&path).unwrap();
    let record = text.lines().last().unwrap().to_string();
    fs::write(&path, text.replace(&format!("\n{record}\n"), "")).unwrap();
    git(dir.path(), &["commit", "-q", "-am", "reopen March"]);
    let r = arledger(&["check", "-f", s(&path), TODAY]);
    assert!(
        r.stderr
            .contains("warning[E0402]: month 2026-03 was closed"),
        "{}",
        r.stderr
    );
    assert!(!marker.exists(), "a configured program ran");
}
