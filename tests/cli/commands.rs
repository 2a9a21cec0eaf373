//! Behaviour of the core commands on a small journal: filters, layouts, output formats,
//! how journal files are found, exit codes.

use crate::support::{arledger, arledger_with_stdin, ok, root};

const SMALL: &str = "tests/fixtures/core/small.journal";

#[test]
fn balance_flat_tree_and_depth() {
    insta::assert_snapshot!("balance_flat", ok(&["balance", "-f", SMALL]));
    insta::assert_snapshot!("balance_tree", ok(&["bal", "-f", SMALL, "--tree"]));
    insta::assert_snapshot!("balance_depth_1", ok(&["bal", "-f", SMALL, "--depth", "1"]));
}

#[test]
fn balance_queries_and_dates() {
    assert_eq!(
        ok(&["bal", "-f", SMALL, "receivable", "not:beta", "-N"]),
        "650.00 USD  Assets:Receivable:Acme\n"
    );
    // -b is inclusive, -e exclusive; -p narrows further.
    assert_eq!(
        ok(&[
            "bal",
            "-f",
            SMALL,
            "-b",
            "2026-02-03",
            "-e",
            "2026-03-15",
            "-N"
        ]),
        " 700.00 USD  Assets:Bank:Checking\n-700.00 USD  Assets:Receivable:Acme\n"
    );
    assert_eq!(
        ok(&["bal", "-f", SMALL, "-p", "2026q1", "income", "-N"])
            .lines()
            .count(),
        2
    );
    assert_eq!(
        ok(&["bal", "-f", SMALL, "-p", "2026-03", "income", "-N"]),
        "-150.00 USD  Income:Services\n"
    );
    assert_eq!(
        ok(&["bal", "-f", SMALL, "--pending", "-N"]),
        " 300.00 EUR  Assets:Receivable:Beta\n-300.00 EUR  Income:Products\n"
    );
    assert!(!ok(&["bal", "-f", SMALL, "--cleared"]).contains("EUR"));
    assert!(!ok(&["bal", "-f", SMALL, "--real"]).contains("Budget"));
    assert!(ok(&["bal", "-f", SMALL]).contains("Budget:Hosting"));
}

#[test]
fn balance_csv_is_hledger_layout() {
    assert_eq!(
        ok(&["bal", "-f", SMALL, "-O", "csv"]),
        "\"account\",\"balance\"\n\
         \"Assets:Bank:Checking\",\"700.00 USD\"\n\
         \"Assets:Receivable:Acme\",\"650.00 USD\"\n\
         \"Assets:Receivable:Beta\",\"300.00 EUR\"\n\
         \"Budget:Hosting\",\"-150.00 USD\"\n\
         \"Income:Products\",\"-300.00 EUR\"\n\
         \"Income:Services\",\"-1350.00 USD\"\n\
         \"total\",\"-150.00 USD\"\n"
    );
}

#[test]
fn balance_json_carries_exact_decimals() {
    let v: serde_json::Value =
        serde_json::from_str(&ok(&["bal", "-f", SMALL, "-O", "json"])).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows[1]["account"], "Assets:Receivable:Acme");
    assert_eq!(rows[1]["balance"][0]["quantity"], "650.00");
    assert_eq!(rows[1]["balance"][0]["commodity"], "USD");
    assert_eq!(rows[1]["depth"], 0);
    assert_eq!(v["totals"][0]["balance"][0]["quantity"], "-150.00");
}

#[test]
fn register_running_total() {
    insta::assert_snapshot!("register_acme", ok(&["register", "-f", SMALL, "acme"]));
    let csv = ok(&["reg", "-f", SMALL, "acme", "-O", "csv"]);
    assert_eq!(
        csv.lines().next().unwrap(),
        "\"txnidx\",\"date\",\"code\",\"description\",\"account\",\"amount\",\"total\""
    );
    assert_eq!(csv.lines().last().unwrap(), "\"4\",\"2026-03-15\",\"INV-1003\",\"Acme Corp | Hosting\",\"Assets:Receivable:Acme\",\"150.00 USD\",\"650.00 USD\"");
}

#[test]
fn print_is_normalised_and_reads_back() {
    let printed = ok(&["print", "-f", SMALL]);
    insta::assert_snapshot!("print_small", printed);
    let again = arledger_with_stdin(&["print", "-f", "-"], Some(&printed));
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(again.stdout, printed);
    // A query selects whole transactions.
    assert_eq!(
        ok(&["print", "-f", SMALL, "desc:brochures"])
            .lines()
            .count(),
        3
    );
}

#[test]
fn accounts_commodities_and_stats() {
    assert_eq!(
        ok(&["accounts", "-f", SMALL]),
        "Assets:Bank:Checking\nAssets:Receivable:Acme\nAssets:Receivable:Beta\nBudget:Hosting\nIncome:Products\nIncome:Services\n"
    );
    assert_eq!(
        ok(&["accounts", "-f", SMALL, "--used", "receivable"]),
        "Assets:Receivable:Acme\nAssets:Receivable:Beta\n"
    );
    assert_eq!(ok(&["accounts", "-f", SMALL, "--declared", "budget"]), "");
    assert_eq!(ok(&["commodities", "-f", SMALL]), "EUR\nUSD\n");
    let stats = ok(&["stats", "-f", SMALL]);
    assert!(stats.contains("Transactions     : 4\n"), "{stats}");
    assert!(stats.contains("Postings         : 9\n"), "{stats}");
    assert!(
        stats.contains("Date span        : 2026-01-05 to 2026-03-15 (70 days)\n"),
        "{stats}"
    );
    assert!(stats.contains("Throughput       : "), "{stats}");
    let v: serde_json::Value =
        serde_json::from_str(&ok(&["stats", "-f", SMALL, "-O", "json"])).unwrap();
    assert_eq!(v["accounts"], 6);
}

#[test]
fn journal_files_come_from_flags_env_or_stdin() {
    let expected = ok(&["bal", "-f", SMALL]);
    // -f after or before the subcommand.
    assert_eq!(ok(&["-f", SMALL, "bal"]), expected);
    // $ARLEDGER_FILE, then $LEDGER_FILE.
    let path = root().join(SMALL);
    for var in ["ARLEDGER_FILE", "LEDGER_FILE"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_arledger"))
            .arg("bal")
            .env_remove("ARLEDGER_FILE")
            .env_remove("LEDGER_FILE")
            .env(var, &path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{var}");
        assert_eq!(String::from_utf8(out.stdout).unwrap(), expected, "{var}");
    }
    // Standard input.
    let text = std::fs::read_to_string(&path).unwrap();
    let r = arledger_with_stdin(&["bal", "-f", "-"], Some(&text));
    assert_eq!(r.stdout, expected);
    // Several files are read in order.
    let both = ok(&[
        "bal",
        "-f",
        SMALL,
        "-f",
        "tests/fixtures/core/more.journal",
        "checking",
        "-N",
    ]);
    assert_eq!(both, "1,350.00 USD  Assets:Bank:Checking\n");
    let acme = ok(&[
        "bal",
        "-f",
        SMALL,
        "-f",
        "tests/fixtures/core/more.journal",
        "acme",
        "-N",
        "-E",
    ]);
    assert_eq!(acme, "0  Assets:Receivable:Acme\n");
}

#[test]
fn usage_errors_exit_2() {
    let r = arledger(&["bal"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no journal file given"), "{}", r.stderr);
    assert_eq!(arledger(&["bal", "--no-such-flag", "-f", SMALL]).code, 2);
    let r = arledger(&["bal", "-f", SMALL, "-p", "someday"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("cannot read the date or period `someday`"),
        "{}",
        r.stderr
    );
    assert_eq!(arledger(&["print", "-f", SMALL, "-O", "csv"]).code, 2);
}

/// ledger's and hledger's valuation flags must not be mistaken for clap's `-V` (version, exit
/// 0, no report) nor silently ignored: commands that do not value amounts refuse them, and so
/// do unsupported `--value` types and unknown commodities.
#[test]
fn valuation_flags_are_refused_where_unsupported_and_version_is_long_only() {
    let elsewhere = "valuation (-B, -V, -X, --value) is supported by balance and register, and \
                     -X by aging";
    for (args, msg) in [
        (
            &["aging", "--market"][..],
            "aging values open items with -X COMMODITY only (not -B or -V)",
        ),
        (&["invoices", "-B"][..], elsewhere),
        (&["print", "-X", "USD"][..], elsewhere),
        (
            &["bal", "--value", "then"][..],
            "--value then: expected cost, end or end,COMMODITY (then, now and dates are not supported)",
        ),
        (&["bal", "-V", "-B"][..], "give one of -B, -V, -X and --value"),
        (&["bal", "-X", "XAU"][..], "-X XAU: the journal has no commodity XAU"),
    ] {
        let r = arledger(&[args, &["-f", SMALL]].concat());
        assert_eq!(r.code, 2, "{args:?}: {}", r.stdout);
        assert_eq!(r.stdout, "", "{args:?}");
        assert_eq!(r.stderr, format!("arledger: {msg}\n"), "{args:?}");
    }
    assert_eq!(arledger(&["-V", "register", "-f", SMALL]).code, 0);
    let r = arledger(&["--version"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("arledger "), "{}", r.stdout);
    assert_eq!(arledger(&["bal", "--version"]).code, 0);
}

#[test]
fn reports_refuse_journals_with_errors() {
    let r = arledger_with_stdin(
        &["bal", "-f", "-"],
        Some("2026-01-01 x\n    a  1 USD\n    b  2 USD\n"),
    );
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr
            .contains("-:1:1: error[E0201]: unbalanced transaction"),
        "{}",
        r.stderr
    );
}

#[test]
fn help_has_an_example_per_command() {
    for cmd in [
        "check",
        "balance",
        "register",
        "print",
        "accounts",
        "commodities",
        "stats",
    ] {
        let r = arledger(&[cmd, "-h"]);
        assert_eq!(r.code, 0);
        assert!(
            r.stdout.contains("Example:\n  arledger "),
            "{cmd}: {}",
            r.stdout
        );
        // The long help is the command's documentation page.
        let long = arledger(&["help", cmd]);
        assert!(
            long.stdout.contains(&format!("# arledger {cmd}")),
            "{cmd}: {}",
            long.stdout
        );
    }
}

#[test]
fn automated_rules_apply_only_with_auto() {
    let j = "= income\n    (Liabilities:Tax)  *0.25\n\n2026-01-01 x\n    Assets:Cash  $100\n    Income:Sales\n";
    let without = arledger_with_stdin(&["bal", "-f", "-", "-N"], Some(j));
    assert!(!without.stdout.contains("Tax"), "{}", without.stdout);
    let with = arledger_with_stdin(&["bal", "-f", "-", "-N", "--auto"], Some(j));
    assert!(
        with.stdout.contains("$-25  Liabilities:Tax"),
        "{}",
        with.stdout
    );
}

#[test]
fn fixes_from_the_docs_review() {
    // Brackets in a posting comment that hold no date are comment text.
    let r = arledger_with_stdin(
        &["bal", "-f", "-", "-N"],
        Some("2026-01-01 x\n    a  10 USD  ; per [email from Dana]\n    b\n"),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The decimal mark comes from the first amount that shows one.
    let r = arledger_with_stdin(
        &["bal", "-f", "-", "-N"],
        Some("2026-01-01 x\n    a  5 EUR\n    b  1.000,50 EUR\n    c\n"),
    );
    assert_eq!(
        r.stdout,
        "     5,00 EUR  a\n 1.000,50 EUR  b\n-1.005,50 EUR  c\n"
    );
    // Automated postings that must balance re-fill the elided amount (as hledger does).
    let j = "= income\n    [Reserve]   *0.1\n    [Assets:Bank]   *-0.1\n    Liabilities:Tax  *0.2\n    Income  *-0.2\n\n2026-01-05 Invoice\n    Assets:Receivable:Acme   100.00 USD\n    Income\n";
    let r = arledger_with_stdin(&["bal", "-f", "-", "-N", "--auto", "income"], Some(j));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "-80.00 USD  Income\n", "hledger 1.25 agrees");
    // Note transactions (AR collections records) survive print.
    let note = "2026-03-01 Acme Corp | Collection call\n    ; reminder: INV-1001\n";
    let r = arledger_with_stdin(&["print", "-f", "-"], Some(note));
    assert_eq!(r.stdout, note);
    // Rule postings are not journal postings.
    let r = arledger_with_stdin(
        &["stats", "-f", "-"],
        Some("~ monthly\n    a  1 USD\n    b\n\n2026-01-01 x\n    a  1 USD\n    b\n"),
    );
    assert!(r.stdout.contains("Postings         : 2\n"), "{}", r.stdout);
    // Sums past 28 digits are found by check, with a location: here the amounts' sizes add up
    // past exact arithmetic at the second transaction's posting to `b`... or wherever the gross
    // total first overflows.
    let big: String = (1..=9)
        .map(|d| format!("2026-01-0{d} x\n    a  9999999999999999999999999999 USD\n    b\n"))
        .collect();
    let r = arledger_with_stdin(&["check", "-f", "-"], Some(&big));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(
            "error[E0204]: the amounts in USD add up to more than exact arithmetic holds here"
        ),
        "{}",
        r.stderr
    );
    // A zero written with decimals needs none: `0.00 USD` then `1 USD` is no overflow, and
    // the reports run (issue 14, item 5: every report refused this journal).
    let zero = "2026-01-01 a\n    Assets:Cash  0.00 USD\n    Income\n\n2026-01-02 b\n    Assets:Cash  1 USD\n    Income\n";
    for cmd in ["check", "balance", "register", "aging"] {
        let r = arledger_with_stdin(&[cmd, "-f", "-"], Some(zero));
        assert_eq!(r.code, 0, "{cmd}: {}", r.stderr);
        assert!(!r.stderr.contains("E0204"), "{cmd}: {}", r.stderr);
    }
}
