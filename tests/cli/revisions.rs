//! `--rev` and `diff` on a git repository built in a temporary directory with three commits
//! (issue 9).

use std::fs;
use std::process::Command;

use crate::support::{arledger, git, ok, root};

/// Commit 1: the demo books (with the receivables in an included file). Commit 2: March
/// closed. Commit 3: a new December invoice and a changed March invoice (in the closed month).
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    fs::write(d.join("main.journal"), "include books/demo.journal\n").unwrap();
    fs::create_dir(d.join("books")).unwrap();
    fs::copy(
        root().join("journals/demo.journal"),
        d.join("books/demo.journal"),
    )
    .unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "books"]);
    let main = d.join("main.journal");
    ok(&[
        "close",
        "-f",
        main.to_str().unwrap(),
        "2026-03",
        "--today=2026-12-31",
    ]);
    git(d, &["commit", "-q", "-am", "close March"]);
    let demo = d.join("books/demo.journal");
    let text = fs::read_to_string(&demo).unwrap().replace(
        "2026-03-05 * (INV-1009) Acme Corp | Design retainer, March\n    ; invoice: INV-1009\n    Assets:Receivable:Acme                   3200.00 USD",
        "2026-03-05 * (INV-1009) Acme Corp | Design retainer, March\n    ; invoice: INV-1009\n    Assets:Receivable:Acme                   3400.00 USD",
    ) + "\n2026-12-20 * (INV-1099) Acme Corp | Extra work\n    ; invoice: INV-1099\n    Assets:Receivable:Acme                    500.00 USD\n    Income:Services\n";
    fs::write(&demo, text).unwrap();
    git(d, &["commit", "-q", "-am", "late edits"]);
    dir
}

/// Commit lines (`  1a2b3c4 2026-11-23 Dana: subject`) without their hash and date.
fn without_hashes(text: &str) -> String {
    text.lines()
        .map(|l| match l.find(" Dana: ") {
            Some(i) if l.starts_with("  ") => format!("  <commit> <date>{}", &l[i..]),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn reports_read_the_books_of_a_revision_without_touching_the_working_tree() {
    let dir = repository();
    let main = dir.path().join("main.journal");
    let m = main.to_str().unwrap();
    let now = ok(&[
        "aging",
        "-f",
        m,
        "--date",
        "2026-12-31",
        "-O",
        "csv",
        "Acme",
    ]);
    let first = ok(&[
        "aging",
        "-f",
        m,
        "--date",
        "2026-12-31",
        "-O",
        "csv",
        "Acme",
        "--rev",
        "HEAD~2",
    ]);
    assert!(now.contains(",12700.00\n"), "{now}");
    assert!(first.contains(",12000.00\n"), "{first}");
    // The included file was read at the revision too, and the working tree is as it was.
    let status = Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        status.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );
    // Messages show the working-tree paths.
    let r = arledger(&["check", "-f", m, "--rev", "HEAD~1"]);
    let shown = format!(
        "{}:62:1: warning",
        dir.path().join("books/demo.journal").display()
    );
    assert!(r.stderr.contains(&shown), "{}", r.stderr);
    let r = arledger(&["balance", "-f", m, "--rev", "no-such-rev"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no git revision `no-such-rev`"),
        "{}",
        r.stderr
    );
}

#[test]
fn diff_shows_items_and_balances_and_fails_on_a_changed_closed_period() {
    let dir = repository();
    let main = dir.path().join("main.journal");
    let m = main.to_str().unwrap();
    // Between the first two commits only the close record came: nothing changed.
    let r = arledger(&[
        "diff",
        "-f",
        m,
        "HEAD~2",
        "HEAD~1",
        "items",
        "--date",
        "2026-12-31",
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("Nothing to show."), "{}", r.stdout);
    let r = arledger(&[
        "diff",
        "-f",
        m,
        "HEAD~1",
        "HEAD",
        "items",
        "--date",
        "2026-12-31",
        "-O",
        "csv",
    ]);
    assert_eq!(r.code, 1, "a closed period changed");
    assert!(
        r.stdout
            .contains("changed,Acme,INV-1009,USD,0.00,200.00,original 3200.00 → 3400.00"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("created,Acme,INV-1099,USD,,500.00,original 500.00"),
        "{}",
        r.stdout
    );
    insta::assert_snapshot!("diff_items", without_hashes(&r.stdout));
    assert!(
        r.stderr.contains("2026-03: 0 added, 0 removed, 1 changed"),
        "{}",
        r.stderr
    );
    let r = arledger(&["diff", "-f", m, "HEAD~1", "balance"]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("diff_balance", without_hashes(&r.stdout));
    assert!(
        r.stdout.contains("2026-03: 0 added, 0 removed, 1 changed"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Dana: late edits"), "{}", r.stdout);
    let r = arledger(&["diff", "-f", m, "HEAD~1", "totals"]);
    assert_eq!(r.code, 2);
}
