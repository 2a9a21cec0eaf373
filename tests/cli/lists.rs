//! `payees`, `descriptions`, `codes` and `tags`: hledger's definitions, arledger's formats.

use std::process::Command;

use crate::support::{arledger, have, ok, root};

const NAMES: &str = "tests/fixtures/core/names.journal";

/// The argument lists compared with hledger (after `-f JOURNAL`).
const CASES: &[&[&str]] = &[
    &["payees"],
    &["payees", "--declared"],
    &["payees", "--used"],
    &["payees", "receivable"],
    &["payees", "bank"],
    &["payees", "desc:zeta"],
    &["payees", "-C"],
    &["payees", "-b", "2026-03-01"],
    &["descriptions"],
    &["descriptions", "not:desc:acme"],
    &["descriptions", "date:2026-02"],
    &["codes"],
    &["codes", "-E"],
    &["codes", "status:*"],
    &["codes", "code:^INV", "-p", "2026q1"],
    &["tags"],
    &["tags", "--values"],
    &["tags", "--values", "-E"],
    &["tags", "--parsed"],
    &["tags", "--values", "--parsed"],
    &["tags", "t"],
    &["tags", "^terms$", "--values"],
    &["tags", ".", "desc:beta"],
    &["tags", ".", "acct:receivable:acme"],
];

/// hledger's output for `-f journal ARGS`.
fn hledger(journal: &str, args: &[&str]) -> String {
    let out = Command::new("hledger")
        .args(["-f", journal])
        .args(args)
        .current_dir(root())
        .env("LC_ALL", "C.UTF-8")
        .output()
        .unwrap();
    assert!(out.status.success(), "hledger {args:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn lists_match_hledger() {
    if !have("hledger") {
        eprintln!("skipped: hledger is not installed");
        return;
    }
    for journal in [
        "journals/demo.journal",
        "journals/collections.journal",
        "journals/edge-cases.journal",
        NAMES,
    ] {
        for args in CASES {
            let ours = ok(&[&["-f", journal], *args].concat());
            assert_eq!(ours, hledger(journal, args), "{journal} {args:?}");
        }
    }
}

#[test]
fn payees_declared_and_selected() {
    assert_eq!(
        ok(&["payees", "-f", NAMES]),
        "Acme Corp\nZeta Declared\nbeta\nlower case\nÜnïcode\n"
    );
    // A declared payee has no transaction: account terms cannot select it, desc: terms can.
    assert_eq!(
        ok(&["payees", "-f", NAMES, "cash"]),
        "Acme Corp\n",
        "the used payee only"
    );
    assert_eq!(
        ok(&["payees", "-f", NAMES, "payee:zeta"]),
        "Zeta Declared\n"
    );
    let r = arledger(&["payees", "-f", NAMES, "--declared", "--used"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn lists_as_csv_and_json() {
    assert_eq!(
        ok(&["codes", "-f", NAMES, "-E", "-O", "csv"]),
        "code\nC1\n\"\"\nC1\n\"\"\nC2\n"
    );
    assert_eq!(
        ok(&["descriptions", "-f", NAMES, "desc:acme", "-O", "csv"]),
        "description\nAcme Corp\nAcme Corp|first\n"
    );
    assert_eq!(
        ok(&["tags", "-f", NAMES, "--values", "-O", "json"]),
        "[\n  \"asset\",\n  \"child\",\n  \"one\",\n  \"parent\",\n  \"two\",\n  \"yes\"\n]\n"
    );
    // A name with a comma or quote is one quoted CSV field.
    let r = crate::support::arledger_with_stdin(
        &["payees", "-f", "-", "-O", "csv"],
        Some("2026-01-01 Smith, \"Jo\" | fee\n    a   1 USD\n    b\n"),
    );
    assert_eq!(r.stdout, "payee\n\"Smith, \"\"Jo\"\"\"\n", "{}", r.stderr);
    for cmd in ["payees", "descriptions", "codes", "tags"] {
        let r = arledger(&[cmd, "-f", NAMES, "-O", "html"]);
        assert_eq!(r.code, 2, "{cmd}: {}", r.stderr);
        assert!(
            r.stderr.contains("[possible values: text, csv, json]"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn tags_bad_regex_is_a_usage_error() {
    let r = arledger(&["tags", "-f", NAMES, "("]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("invalid regular expression `(`"),
        "{}",
        r.stderr
    );
}
