//! `check NAME…`: hledger's named checks, with hledger's verdicts.

use std::process::{Command, Stdio};

use crate::support::{arledger, have, root};

/// Every named check that adds something to the default ones.
const CHECKS: [&str; 6] = [
    "accounts",
    "commodities",
    "payees",
    "ordereddates",
    "uniqueleafnames",
    "balancednoautoconversion",
];

/// Each fixture of tests/fixtures/checks with the checks it fails.
const FIXTURES: [(&str, &[&str]); 6] = [
    ("clean", &[]),
    (
        "unordered",
        &["accounts", "commodities", "payees", "ordereddates"],
    ),
    (
        "leafnames",
        &["accounts", "commodities", "payees", "uniqueleafnames"],
    ),
    ("payees", &["accounts", "commodities", "payees"]),
    (
        "conversion",
        &[
            "accounts",
            "commodities",
            "payees",
            "balancednoautoconversion",
        ],
    ),
    ("assertion-commodity", &["commodities", "payees"]),
];

fn fixture(name: &str) -> String {
    format!("tests/fixtures/checks/{name}.journal")
}

fn passes(journal: &str, check: &str) -> bool {
    let r = arledger(&["check", "-f", journal, check]);
    assert!(r.code <= 1, "{journal} {check}: {}", r.stderr);
    r.code == 0
}

#[test]
fn each_fixture_fails_exactly_its_checks() {
    for (name, failing) in FIXTURES {
        for check in CHECKS {
            assert_eq!(
                passes(&fixture(name), check),
                !failing.contains(&check),
                "{name}: {check}"
            );
        }
    }
}

#[test]
fn verdicts_match_hledger() {
    if !have("hledger") {
        eprintln!("skipped: hledger is not installed");
        return;
    }
    let mut journals: Vec<String> = FIXTURES.iter().map(|(n, _)| fixture(n)).collect();
    for entry in std::fs::read_dir(root().join("journals")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "journal") {
            journals.push(format!(
                "journals/{}",
                path.file_name().unwrap().to_str().unwrap()
            ));
        }
    }
    for journal in &journals {
        for check in CHECKS {
            let theirs = Command::new("hledger")
                .args(["-f", journal, "check", check])
                .current_dir(root())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap()
                .success();
            assert_eq!(passes(journal, check), theirs, "{journal}: {check}");
        }
    }
}

#[test]
fn named_check_errors_point_at_the_problem() {
    let r = arledger(&["check", "-f", &fixture("unordered"), "ord"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with(
            "tests/fixtures/checks/unordered.journal:10:1: error[E0501]: transaction dated \
             2026-01-10 comes after one dated 2026-01-20\n 10 | 2026-01-10 * Acme Corp | Booked late\n    | ^^^^^^^^^^\n"
        ),
        "{}",
        r.stderr
    );
    let r = arledger(&["check", "-f", &fixture("leafnames"), "uniqueleafnames"]);
    assert!(
        r.stderr.contains(
            "leafnames.journal:4:5: error[E0502]: account leaf name `Cash` is not unique: Assets:Cash, Income:Cash"
        ),
        "{}",
        r.stderr
    );
    let r = arledger(&["check", "-f", &fixture("payees"), "payees"]);
    assert!(
        r.stderr.starts_with(
            "tests/fixtures/checks/payees.journal:8:14: error[E0303]: payee `Acme Corporation` is not declared"
        ),
        "{}",
        r.stderr
    );
    let r = arledger(&["check", "-f", &fixture("conversion"), "balancednoauto"]);
    assert!(
        r.stderr.contains("conversion.journal:2:1: error[E0205]"),
        "{}",
        r.stderr
    );
}

#[test]
fn strict_checks_assertion_commodities() {
    // `--strict` is `accounts` and `commodities`: a commodity only an assertion names counts.
    let r = arledger(&["check", "--strict", "-f", &fixture("assertion-commodity")]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains(":12:41: error[E0302]: commodity `EUR` is not declared"),
        "{}",
        r.stderr
    );
}

#[test]
fn unknown_and_ambiguous_names_are_usage_errors() {
    let r = arledger(&["check", "-f", &fixture("clean"), "bogus"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("unknown check `bogus`: the checks are parseable"),
        "{}",
        r.stderr
    );
    let r = arledger(&["check", "-f", &fixture("clean"), "a"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("`a` could be any of assertions, accounts"),
        "{}",
        r.stderr
    );
    // The checks every run makes are accepted by name.
    let r = arledger(&["check", "-f", &fixture("clean"), "parseable", "assertions"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}
