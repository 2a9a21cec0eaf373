//! The shipped journals: clean under `check`, and the same balances as ledger and hledger.

use std::collections::BTreeMap;
use std::process::Command;

use crate::support::{arledger, have, root};

const DEMO: &str = "journals/demo.journal";

#[test]
fn demo_journal_checks_clean_and_declares_everything() {
    let r = arledger(&["check", "-f", DEMO, "--today", "2026-12-31"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.ends_with("0 errors, 6 warnings\n"), "{}", r.stderr);
    // Under --strict every account and commodity is declared; what fails are the AR warnings
    // the demo shows on purpose (an undeclared customer, a customer over its limit, …).
    let strict = arledger(&["check", "--strict", "-f", DEMO, "--today", "2026-12-31"]);
    assert_eq!(strict.code, 1);
    assert!(
        !strict.stderr.contains("E0301") && !strict.stderr.contains("E0302"),
        "{}",
        strict.stderr
    );
    assert!(
        strict.stderr.ends_with("6 errors, 0 warnings\n"),
        "{}",
        strict.stderr
    );
}

/// Every journal in journals/ parses without errors.
#[test]
fn every_shipped_journal_checks_clean() {
    for entry in std::fs::read_dir(root().join("journals")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "journal") {
            let r = arledger(&["check", "-f", path.to_str().unwrap()]);
            assert_eq!(r.code, 0, "{}: {}", path.display(), r.stderr);
        }
    }
}

/// The journals whose balances are compared with ledger and hledger.
const JOURNALS: [&str; 2] = [DEMO, "journals/edge-cases.journal"];

/// Reads `account<TAB>commodity<TAB>amount` balances from our CSV output.
pub fn ours(journal: &str) -> BTreeMap<(String, String), String> {
    ours_with(journal, &[])
}

/// [`ours`] for the postings the query `terms` selects.
pub fn ours_with(journal: &str, terms: &[&str]) -> BTreeMap<(String, String), String> {
    let r = arledger(&[&["bal", "-f", journal, "-O", "csv", "-N"], terms].concat());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut m = BTreeMap::new();
    for line in r.stdout.lines().skip(1) {
        let cells: Vec<&str> = line.trim_matches('"').split("\",\"").collect();
        let (qty, sym) = cells[1]
            .rsplit_once(' ')
            .expect("amount with a right-side symbol");
        m.insert((cells[0].to_string(), sym.to_string()), normalise(qty));
    }
    m
}

fn normalise(q: &str) -> String {
    let q = q.replace(',', "");
    let q = if q.contains('.') {
        q.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        q
    };
    if q == "-0" {
        "0".into()
    } else {
        q
    }
}

#[test]
fn balances_match_hledger() {
    if !have("hledger") {
        eprintln!("skipped: hledger is not installed");
        return;
    }
    for journal in JOURNALS {
        assert_eq!(ours(journal), hledger(journal), "{journal}");
    }
}

#[test]
fn balances_match_ledger() {
    if !have("ledger") {
        eprintln!("skipped: ledger is not installed");
        return;
    }
    for journal in JOURNALS {
        assert_eq!(ours(journal), ledger(journal), "{journal}");
    }
}

pub fn hledger(journal: &str) -> BTreeMap<(String, String), String> {
    let theirs = hledger_with(journal, &[]);
    assert!(!theirs.is_empty());
    theirs
}

/// hledger's balances of the postings the query `terms` selects.
pub fn hledger_with(journal: &str, terms: &[&str]) -> BTreeMap<(String, String), String> {
    let args = [
        "-f",
        journal,
        "bal",
        "--flat",
        "-N",
        "-O",
        "csv",
        "--layout=bare",
    ];
    let text = run_tool("hledger", &[&args[..], terms].concat());
    let mut theirs = BTreeMap::new();
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.trim_matches('"').split("\",\"").collect();
        theirs.insert(
            (cells[0].to_string(), cells[1].to_string()),
            normalise(cells[2]),
        );
    }
    theirs
}

pub fn ledger(journal: &str) -> BTreeMap<(String, String), String> {
    let format = "%(account)\\t%(scrub(display_amount))\\n";
    let args = [
        "-f",
        journal,
        "--args-only",
        "bal",
        "--flat",
        "--no-total",
        "--balance-format",
        format,
    ];
    let text = run_tool("ledger", &args);
    let mut theirs = BTreeMap::new();
    let mut account = String::new();
    for line in text.lines() {
        // Further commodities of an account come on lines of their own, without the account.
        let amount = match line.split_once('\t') {
            Some((a, amount)) => {
                account = a.to_string();
                amount
            }
            None => line,
        };
        let (qty, sym) = amount.trim().rsplit_once(' ').unwrap();
        if normalise(qty) != "0" {
            theirs.insert((account.clone(), sym.to_string()), normalise(qty));
        }
    }
    assert!(!theirs.is_empty());
    theirs
}

/// Runs ledger or hledger in the repository root and returns its standard output.
pub fn run_tool(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .current_dir(root())
        .env("LC_ALL", "C.UTF-8")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
