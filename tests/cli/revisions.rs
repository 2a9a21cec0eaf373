//! `--rev` and `diff` on a git repository built in a temporary directory with three commits
//! (issue 9).

use std::fs;
use std::process::Command;

use crate::support::{arledger, arledger_env, git, ok, root};

/// Commit 1: the demo books (with the receivables in an included file). Commit 2: March
/// closed. Commit 3: a new December invoice and a changed March invoice (in the closed month).
pub fn repository() -> tempfile::TempDir {
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
        "{}:537:5: warning",
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
            .contains("changed,Acme,INV-1009,USD,0.00,200.00,\"original 3,200.00 → 3,400.00\""),
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

/// Issue 14: a revision is read from the repository only. A committed `include
/// ../outside.journal` once resolved against the temporary export directory, so a file
/// anyone could plant in the temporary folder was read; an absolute include was read from
/// today's tree; messages showed the temporary paths.
#[test]
fn a_revision_reads_only_the_repository() {
    let d = tempfile::tempdir().unwrap();
    let repo = d.path().join("repo");
    let tmp = d.path().join("tmp");
    fs::create_dir_all(repo.join("books")).unwrap();
    fs::create_dir(&tmp).unwrap();
    git(&repo, &["init", "-q"]);
    let books = repo.join("books/a.journal");
    fs::write(&books, "2026-01-01 x\n    a  1 USD\n    b\n").unwrap();
    let main = repo.join("main.journal");
    fs::write(
        &main,
        format!(
            "include {}\ninclude books/../../outside.journal\n",
            books.display()
        ),
    )
    .unwrap();
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "books"]);
    // Today's tree has another amount; a planted file waits where the old export resolved
    // `..` (the parent of its temporary directory), and one beside the repository.
    fs::write(&books, "2026-01-01 x\n    a  100 USD\n    b\n").unwrap();
    let planted = "2026-01-01 planted\n    a  999 USD\n    b\n";
    fs::write(tmp.join("outside.journal"), planted).unwrap();
    fs::write(d.path().join("outside.journal"), planted).unwrap();
    let env = [("TMPDIR", tmp.to_str().unwrap())];
    let m = main.to_str().unwrap();
    let r = arledger_env(&["check", "-f", m, "--rev", "HEAD"], &env);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with(&format!(
            "{m}:2:9: error[E0001]: cannot read {}: it is outside the repository {} \
             (a revision is read from the repository only)\n",
            repo.join("books/../../outside.journal").display(),
            repo.canonicalize().unwrap().display()
        )),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains(tmp.to_str().unwrap()), "{}", r.stderr);
    // Without the outside include, the absolute include is read as it was at the revision.
    fs::write(&main, format!("include {}\n", books.display())).unwrap();
    git(&repo, &["commit", "-q", "-m", "no outside", "main.journal"]);
    let bal = ["balance", "-f", m, "-O", "csv", "--rev", "HEAD"];
    let r = arledger_env(&bal, &env);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\"a\",\"1 USD\""), "{}", r.stdout);
    // A missing include is shown under its working-tree path, never a temporary one.
    fs::write(&main, "include books/missing.journal\n").unwrap();
    git(&repo, &["commit", "-q", "-m", "missing", "main.journal"]);
    let r = arledger_env(&["check", "-f", m, "--rev", "HEAD"], &env);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with(&format!(
            "{m}:1:9: error[E0001]: cannot read {}: no such file\n",
            repo.join("books/missing.journal").display()
        )),
        "{}",
        r.stderr
    );
    // Globs match the revision's files, links are followed inside it and refused out of it.
    fs::write(&main, "include books/*.journal\ninclude link.journal\n").unwrap();
    std::os::unix::fs::symlink("books/a.journal", repo.join("link.journal")).unwrap();
    std::os::unix::fs::symlink("../outside.journal", repo.join("out.journal")).unwrap();
    git(
        &repo,
        &["add", "main.journal", "link.journal", "out.journal"],
    );
    git(&repo, &["commit", "-q", "-m", "links"]);
    fs::remove_file(repo.join("link.journal")).unwrap();
    let r = arledger_env(&bal, &env);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\"a\",\"2 USD\""), "{}", r.stdout);
    fs::write(&main, "include out.journal\n").unwrap();
    git(
        &repo,
        &["commit", "-q", "-m", "outside link", "main.journal"],
    );
    let r = arledger_env(&["check", "-f", m, "--rev", "HEAD"], &env);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("it is outside the repository"),
        "{}",
        r.stderr
    );
}

/// Issue 14: reading a revision never runs a command the repository configures. `git
/// archive` applied the smudge filter; `git log -S` may run a textconv driver.
#[test]
fn reading_a_revision_runs_no_command_the_repository_configures() {
    let dir = repository();
    let d = dir.path();
    let hooks = tempfile::tempdir().unwrap();
    let marker = hooks.path().join("ran");
    let script = hooks.path().join("hook.sh");
    fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$0 $*\" >> '{}'\nif [ -f \"$1\" ]; then cat \"$1\"; else cat; fi\n",
            marker.display()
        ),
    )
    .unwrap();
    let mut mode = fs::metadata(&script).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut mode, 0o755);
    fs::set_permissions(&script, mode).unwrap();
    let s = script.to_str().unwrap();
    fs::write(d.join(".git/info/attributes"), "* filter=x diff=x\n").unwrap();
    for (key, value) in [
        ("filter.x.smudge", s),
        ("filter.x.clean", s),
        ("filter.x.process", s),
        ("diff.x.textconv", s),
        ("diff.external", s),
        ("core.fsmonitor", s),
        ("core.pager", s),
        ("log.showSignature", "true"),
        ("gpg.program", s),
        ("core.hooksPath", hooks.path().to_str().unwrap()),
    ] {
        git(d, &["config", key, value]);
    }
    for hook in ["post-checkout", "pre-commit", "reference-transaction"] {
        fs::copy(&script, hooks.path().join(hook)).unwrap();
    }
    let m = d.join("main.journal");
    let m = m.to_str().unwrap();
    ok(&["balance", "-f", m, "--rev", "HEAD~1"]);
    // A closed period changed: diff lists the commits (git log) ...
    let r = arledger(&["diff", "-f", m, "HEAD~1", "HEAD", "items"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("Dana: late edits"), "{}", r.stdout);
    // ... and check finds the commit of the close record (git log -S) and reads it.
    let r = arledger(&["check", "-f", m]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("changed after the close"), "{}", r.stderr);
    assert!(
        !marker.exists(),
        "a configured command ran: {}",
        fs::read_to_string(&marker).unwrap_or_default()
    );
}

/// Issue 15: `diff` stops at the one gate of every report, for each revision it reads: the
/// errors `check --rev` would show, at their lines, and the closing line naming the revision.
/// An AR error (a duplicate invoice number) at a revision stops it too, where it used to be
/// compared silently.
#[test]
fn diff_stops_at_the_gate_for_errors_at_a_revision() {
    let d = tempfile::tempdir().unwrap();
    let books = d.path().join("books.journal");
    git(d.path(), &["init", "-q"]);
    let good = "account Assets:Receivable:Acme  ; customer: Acme Corp\n\n\
                2026-01-05 * (INV-1) Acme Corp | Work\n    Assets:Receivable:Acme  100.00 USD\n    Income:Services\n";
    fs::write(&books, good).unwrap();
    git(d.path(), &["add", "."]);
    git(d.path(), &["commit", "-q", "-m", "books"]);
    let unbalanced = format!("{good}\n2026-01-06 * (INV-2) Acme Corp | More\n    Assets:Receivable:Acme  50.00 USD\n    Income:Services  -40.00 USD\n");
    fs::write(&books, &unbalanced).unwrap();
    git(d.path(), &["commit", "-q", "-am", "unbalanced"]);
    let duplicate = format!("{good}\n2026-01-07 * (INV-1) Acme Corp | Same number\n    Assets:Receivable:Acme  60.00 USD\n    Income:Services\n");
    fs::write(&books, &duplicate).unwrap();
    git(d.path(), &["commit", "-q", "-am", "duplicate"]);
    fs::write(&books, good).unwrap();
    let b = books.to_str().unwrap();

    let r = arledger(&["diff", "-f", b, "HEAD~1", "items", "--date", "2026-12-31"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let check = arledger(&["check", "-f", b, "--rev", "HEAD~1"]);
    let first = check.stderr.lines().next().unwrap();
    assert!(
        first.starts_with(&format!("{b}:7:1: error")),
        "{}",
        check.stderr
    );
    assert_eq!(r.stderr.lines().next(), Some(first), "{}", r.stderr);
    assert!(
        r.stderr.trim_end().ends_with(
            "1 error found at revision HEAD~1; fix the journal (see `arledger check --rev HEAD~1`)"
        ),
        "{}",
        r.stderr
    );

    let r = arledger(&["diff", "-f", b, "HEAD", "items", "--date", "2026-12-31"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("INV-1"), "{}", r.stderr);
    assert!(r.stderr.contains("found at revision HEAD;"), "{}", r.stderr);
    // The working tree is clean: the gate lets the comparison through.
    let r = arledger(&["diff", "-f", b, "HEAD~2", "items", "--date", "2026-12-31"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}
