//! Collections (issue 8): the worklist, dunning letters and records, late fees, write-offs,
//! on `journals/collections.journal`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{arledger, arledger_env, have, ok, root};

const BOOKS: &str = "journals/collections.journal";
const DATE: &str = "--date=2026-03-31";

fn copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.journal");
    fs::copy(root().join(BOOKS), &path).unwrap();
    (dir, path)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `tool -f FILE bal` output (ledger or hledger).
fn peer_balance(tool: &str, file: &Path) -> String {
    let o = Command::new(tool)
        .args(["-f", s(file), "bal"])
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn worklist_snapshot() {
    insta::assert_snapshot!(ok(&["collections", "-f", BOOKS, DATE]));
    let csv = ok(&["collections", "-f", BOOKS, DATE, "-O", "csv"]);
    // The broken promise, the open dispute and the dunning-off customer are all on it.
    assert!(csv.contains("2026-03-16 broken"), "{csv}");
    assert!(csv.contains(",disputed,"), "{csv}");
    assert!(csv.contains(",dunning off,"), "{csv}");
}

#[test]
fn dunning_dry_run_and_letters() {
    insta::assert_snapshot!(
        "dunning_dry_run",
        ok(&["dunning", "-f", BOOKS, DATE, "--dry-run"])
    );
    insta::assert_snapshot!(
        "letter_final_md",
        ok(&["dunning", "-f", BOOKS, DATE, "Kingfisher", "-O", "md"])
    );
    insta::assert_snapshot!(
        "letter_level3_html",
        ok(&["dunning", "-f", BOOKS, DATE, "Lumen", "-O", "html"])
    );
}

#[test]
fn recording_twice_sends_nothing_the_second_time_and_the_books_stay_valid() {
    let (dir, path) = copy();
    let out = dir.path().join("letters");
    let before = fs::read_to_string(&path).unwrap();
    let r = arledger(&[
        "dunning",
        "-f",
        s(&path),
        DATE,
        "--record",
        "--out",
        s(&out),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("3 letters for 3 items written to"),
        "{}",
        r.stderr
    );
    let mut letters: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    letters.sort();
    assert_eq!(
        letters,
        [
            "2026-03-31-Kingfisher-level-final.txt",
            "2026-03-31-Lumen-level-3.txt",
            "2026-03-31-Pinnacle-level-1.txt"
        ]
    );
    let after = fs::read_to_string(&path).unwrap();
    assert!(after.starts_with(&before), "the journal's bytes are kept");
    assert_eq!(after[before.len()..].matches("; reminder: ").count(), 3);
    // The second run finds every level sent.
    let r = arledger(&[
        "dunning",
        "-f",
        s(&path),
        DATE,
        "--record",
        "--out",
        s(&out),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("0 letters for 0 items"),
        "{}",
        r.stderr
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), after);
    // The recorded journal passes check, and ledger and hledger keep their balances.
    assert_eq!(arledger(&["check", "-f", s(&path), "--strict"]).code, 0);
    for tool in ["ledger", "hledger"] {
        if have(tool) {
            assert_eq!(
                peer_balance(tool, &path),
                peer_balance(tool, &root().join(BOOKS)),
                "{tool}"
            );
        }
    }
}

#[test]
fn late_fees_are_recorded_once() {
    let (_dir, path) = copy();
    let r = arledger(&[
        "dunning",
        "-f",
        s(&path),
        DATE,
        "--record",
        "--late-fees",
        "1.5%/month",
        "--out",
        "/dev/null/none",
    ]);
    // --out cannot be created: nothing is recorded either.
    assert_ne!(r.code, 0);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        fs::read_to_string(root().join(BOOKS)).unwrap()
    );
    let dir = tempfile::tempdir().unwrap();
    let r = arledger(&[
        "dunning",
        "-f",
        s(&path),
        DATE,
        "--record",
        "--late-fees",
        "1.5%/month",
        "--out",
        s(dir.path()),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches("; late-fee: 1.5%/month").count(), 2, "{text}");
    // The fee account was declared with the fees, so the strict check stays clean.
    assert_eq!(
        text.matches("account Income:Late Fees").count(),
        1,
        "{text}"
    );
    assert_eq!(arledger(&["check", "-f", s(&path), "--strict"]).code, 0);
    let again = ok(&[
        "dunning",
        "-f",
        s(&path),
        DATE,
        "--dry-run",
        "--late-fees",
        "1.5%/month",
    ]);
    assert!(!again.contains("Would charge late fees"), "{again}");
}

#[test]
fn a_failed_record_leaves_the_journal_byte_identical() {
    let (dir, path) = copy();
    let before = fs::read(&path).unwrap();
    for step in ["create", "write", "sync", "rename"] {
        let r = arledger_env(
            &[
                "dunning",
                "-f",
                s(&path),
                DATE,
                "--record",
                "--out",
                s(&dir.path().join("l")),
            ],
            &[("ARLEDGER_FAIL_WRITE", step)],
        );
        assert_ne!(r.code, 0, "{step}");
        assert_eq!(fs::read(&path).unwrap(), before, "{step}");
    }
}

#[test]
fn a_template_with_a_syntax_error_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("dunning-3.md"),
        "Dear {{ recipient.name }},\n\n{% for t in tables %}\n{{ t.markdown }\n{% endfor %}\n",
    )
    .unwrap();
    let r = arledger(&[
        "dunning",
        "-f",
        BOOKS,
        DATE,
        "-O",
        "md",
        "--templates",
        s(dir.path()),
    ]);
    assert_eq!(r.code, 2);
    let err = r.stderr.replace(s(dir.path()), "DIR");
    assert!(
        err.contains("DIR/dunning-3.md:4: template error: syntax error"),
        "{err}"
    );
    // A template that renders fine replaces the shipped layout for its level only.
    fs::write(
        dir.path().join("dunning-3.md"),
        "{{ title }} for {{ recipient.name }}: {% for t in totals %}{{ t.amount }}{% endfor %}\n",
    )
    .unwrap();
    let out = ok(&[
        "dunning",
        "-f",
        BOOKS,
        DATE,
        "-O",
        "md",
        "--templates",
        s(dir.path()),
        "Lumen",
    ]);
    assert_eq!(out, "Third notice for Lumen Dental Group: 2,850.00 USD\n");
    // The templates of the letters before they were documents are refused, not ignored.
    fs::write(dir.path().join("level-2.md"), "old\n").unwrap();
    let r = arledger(&["dunning", "-f", BOOKS, DATE, "--templates", s(dir.path())]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("level-2.md: dunning letters are documents now"),
        "{}",
        r.stderr
    );
}

#[test]
fn writeoffs_settle_the_items_once_appended() {
    let (_dir, path) = copy();
    let list = ok(&[
        "writeoff",
        "-f",
        s(&path),
        DATE,
        "--older-than",
        "90",
        "-O",
        "csv",
    ]);
    assert_eq!(list.lines().count(), 2, "{list}");
    assert!(list.contains("Northgate,INV-1962,"), "{list}");
    let entries = ok(&[
        "writeoff",
        "-f",
        s(&path),
        DATE,
        "--older-than",
        "90",
        "--emit-journal",
    ]);
    insta::assert_snapshot!("writeoff_entries", entries);
    let mut text = fs::read_to_string(&path).unwrap();
    text.push('\n');
    text.push_str(&entries);
    fs::write(&path, &text).unwrap();
    assert_eq!(arledger(&["check", "-f", s(&path)]).code, 0);
    let aging = ok(&["aging", "-f", s(&path), DATE, "--detail", "-O", "csv"]);
    assert!(!aging.contains("INV-1962"), "{aging}");
    let roll = ok(&[
        "rollforward",
        "-f",
        s(&path),
        "-p",
        "2026-03",
        "-O",
        "csv",
        "Northgate",
    ]);
    assert!(
        roll.lines().nth(1).unwrap().contains(",1800.00,0.00,"),
        "{roll}"
    );
    for tool in ["ledger", "hledger"] {
        if have(tool) {
            peer_balance(tool, &path);
        }
    }
}

#[test]
fn records_naming_unknown_items_fail_the_check() {
    let (_dir, path) = copy();
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str(
        "\n2026-03-30 Lumen | Call\n    ; promise: INV-9999\n    ; promise-date: 2026-04-10\n",
    );
    fs::write(&path, &text).unwrap();
    let r = arledger(&["check", "-f", s(&path)]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("`promise: INV-9999` names no item on 2026-03-30"),
        "{}",
        r.stderr
    );
}

#[test]
fn history_of_a_disputed_and_resolved_item() {
    insta::assert_snapshot!(ok(&[
        "invoices",
        "-f",
        BOOKS,
        DATE,
        "--history",
        "INV-2005"
    ]));
}
