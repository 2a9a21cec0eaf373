//! `reconcile bank` on the fixture books (tests/fixtures/reconcile): a signed-amount statement
//! and a debit/credit statement with a preamble and decimal commas, in every output format
//! (snapshots, each checked by hand against the fixture comments), the emitted journal accepted
//! by `check`, ledger and hledger, and errors in statements and rules files.

use crate::demo::{hledger, ledger, ours};
use crate::support::{arledger, arledger_with_stdin, have, Run};

const BOOKS: &str = "tests/fixtures/reconcile/books.journal";

/// `reconcile bank` on the USD checking account and its signed-amount statement, for March.
const CHECKING: [&str; 13] = [
    "reconcile",
    "bank",
    "-f",
    BOOKS,
    "--statement",
    "tests/fixtures/reconcile/bank-checking.csv",
    "--account",
    "Assets:Bank:Checking",
    "--from",
    "2026-03-01",
    "--to",
    "2026-03-31",
    "--window=3",
];

/// `reconcile bank` on the EUR account, its German debit/credit statement and rules; the period
/// is the statement's own (2026-03-02 to 2026-03-31).
const EUR: [&str; 10] = [
    "reconcile",
    "bank",
    "-f",
    BOOKS,
    "--statement",
    "tests/fixtures/reconcile/bank-eur.csv",
    "--rules",
    "tests/fixtures/reconcile/bank-eur.rules",
    "--account",
    "Assets:Bank:EUR",
];

fn with(base: &[&str], extra: &[&str]) -> Run {
    arledger(&[base, extra].concat())
}

/// Runs a reconciliation that leaves differences: exit 1, the report on stdout, nothing on
/// stderr.
fn differences(base: &[&str], extra: &[&str]) -> String {
    let r = with(base, extra);
    assert_eq!((r.code, r.stderr.as_str()), (1, ""), "{}", r.stdout);
    r.stdout
}

fn json(base: &[&str]) -> serde_json::Value {
    serde_json::from_str(&differences(base, &["-O", "json"])).unwrap()
}

#[test]
fn checking_statement_with_signed_amounts() {
    // By hand (books.journal, bank-checking.csv): the rent, the Acme ACH (by INV-101, 3 days
    // apart), the 2310.00 deposit of two checks of 03-11, software and payroll match; the
    // Acme, Dunmore, mobile and Northwind deposits and the March fee are not booked; check
    // 1043 (-350.00) and PMT-205 (980.00) are not on the statement; Evergreen's wire is 10.00
    // short. Books 9111.00; statement 9985.00 (books on 02-28) + 1226.50 = 11211.50.
    insta::assert_snapshot!("checking_text", differences(&CHECKING, &[]));
    insta::assert_snapshot!("checking_csv", differences(&CHECKING, &["-O", "csv"]));
    insta::assert_snapshot!("checking_json", differences(&CHECKING, &["-O", "json"]));
    let v = json(&CHECKING);
    assert_eq!(v["reconciled"], false);
    assert_eq!(v["outside_period"], 1);
    let t = &v["totals"][0];
    assert_eq!(
        [
            &t["book_balance"]["quantity"],
            &t["statement_balance"]["quantity"],
            &t["difference"]["quantity"],
            &t["not_on_statement"]["quantity"],
            &t["not_booked"]["quantity"],
            &t["near_misses"]["quantity"],
            &t["unexplained"]["quantity"]
        ],
        ["9111.00", "11211.50", "-2100.50", "630.00", "2740.50", "10.00", "0.00"]
    );
    assert_eq!(t["statement_opening_from_books"], true);
    let group = &v["matched"][2];
    assert_eq!(
        (
            &group["by"],
            &group["amount"],
            group["postings"].as_array().unwrap().len()
        ),
        (
            &"group".into(),
            &serde_json::json!({"quantity": "2310.00", "commodity": "USD"}),
            2
        )
    );
    // With a window of 2 days the Acme ACH (booked 03-06, on the statement 03-09) no longer
    // matches: one more line not booked, one more posting not on the statement.
    let narrow = json(&[&CHECKING[..12], &["--window", "2"]].concat());
    assert_eq!(narrow["not_booked"].as_array().unwrap().len(), 6);
    assert_eq!(narrow["not_on_statement"].as_array().unwrap().len(), 3);
    assert_eq!(narrow["totals"][0]["unexplained"]["quantity"], "0.00");
}

#[test]
fn eur_statement_with_debit_credit_columns_a_preamble_and_decimal_commas() {
    // By hand (books.journal, bank-eur.csv newest first): the insurance, the Cobalt transfer
    // (by INV-201), Kessler's transfer, the collective credit of 4,330.00 (= 1850.00 + 2480.00
    // booked 03-16) and the rent match; Kessler's 500,00 and the fee of 9,90 are not booked;
    // the 640.00 to Jonas Weber is not on the statement; Cobalt paid 3,085.00 on INV-205,
    // booked 3100.00. Saldo 16,750.66; opening 4,911.00 + 89.00 = 5,000.00; books 15635.56.
    insta::assert_snapshot!("eur_text", differences(&EUR, &[]));
    insta::assert_snapshot!("eur_csv", differences(&EUR, &["-O", "csv"]));
    insta::assert_snapshot!("eur_json", differences(&EUR, &["-O", "json"]));
    let v = json(&EUR);
    assert_eq!(
        (&v["from"], &v["to"]),
        (&"2026-03-02".into(), &"2026-03-31".into())
    );
    let t = &v["totals"][0];
    assert_eq!(
        [
            &t["book_balance"]["quantity"],
            &t["statement_balance"]["quantity"],
            &t["difference"]["quantity"],
            &t["not_on_statement"]["quantity"],
            &t["not_booked"]["quantity"],
            &t["near_misses"]["quantity"],
            &t["unexplained"]["quantity"]
        ],
        ["15635.56", "16750.66", "-1115.10", "-640.00", "490.10", "15.00", "0.00"]
    );
    assert_eq!(t["statement_opening_from_books"], false);
    assert_eq!(v["near_misses"][0]["difference"]["quantity"], "15.00");
}

#[test]
fn emitted_payments_pass_check_and_ledger_and_hledger_agree() {
    let checking = differences(&CHECKING, &["--emit-journal"]);
    let eur = differences(&EUR, &["--emit-journal"]);
    // Acme by the INV-105 reference, Dunmore by name, Evergreen by its one open 640.00, the
    // Northwind wire to the suspense account; Kessler's 500,00 by name, with no invoice tag
    // (no open invoice is 500.00, so it is applied oldest first).
    insta::assert_snapshot!("checking_emit_journal", checking);
    insta::assert_snapshot!("eur_emit_journal", eur);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.journal");
    let books = std::fs::read_to_string(crate::support::root().join(BOOKS)).unwrap();
    std::fs::write(&path, format!("{books}\n{checking}\n{eur}")).unwrap();
    let p = path.to_str().unwrap();
    let check = arledger(&["check", "-f", p, "--today", "2026-03-31"]);
    assert_eq!((check.code, check.stderr.as_str()), (0, ""));
    if have("ledger") {
        assert_eq!(ours(p), ledger(p));
    } else {
        eprintln!("skipped: ledger is not installed");
    }
    if have("hledger") {
        assert_eq!(ours(p), hledger(p));
    } else {
        eprintln!("skipped: hledger is not installed");
    }
    // Appended, the deposits match: what remains is the fee, the two items in transit and the
    // near miss.
    let after = json(&[&["reconcile", "bank", "-f", p], &CHECKING[4..]].concat());
    assert_eq!(after["not_booked"].as_array().unwrap().len(), 1);
    assert_eq!(after["not_booked"][0]["amount"]["quantity"], "-15.00");
    assert_eq!(after["matched"].as_array().unwrap().len(), 9);
    // The payments reduced the invoices they name.
    let aging = arledger(&[
        "aging",
        "-f",
        p,
        "--date",
        "2026-03-31",
        "--detail",
        "-O",
        "csv",
    ]);
    assert_eq!(
        aging.stdout,
        "customer,item,date,due,days_overdue,commodity,original,open,bucket\n\
         Kessler,INV-206,2026-03-18,2026-04-17,-17,EUR,800.00,300.00,current\n"
    );
}

#[test]
fn a_statement_that_ties_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("bank.csv");
    std::fs::write(
        &csv,
        "Date,Description,Amount\n2026-03-02,RENT,-100.00\n2026-03-05,ACME PAYMENT,250.00\n",
    )
    .unwrap();
    let journal = "2026-03-01 * Rent\n    Expenses:Rent  100.00 USD\n    Assets:Bank\n\
                   2026-03-04 * (PMT-1) Acme\n    Assets:Bank  250.00 USD\n    Income\n";
    let r = arledger_with_stdin(
        &[
            "reconcile",
            "bank",
            "-f",
            "-",
            "--statement",
            csv.to_str().unwrap(),
            "--account",
            "Assets:Bank",
        ],
        Some(journal),
    );
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{}", r.stdout);
    assert!(
        r.stdout
            .ends_with("Reconciled: every statement line and posting matches.\n"),
        "{}",
        r.stdout
    );
    // Nothing to emit: a comment, and still exit 0.
    let r = arledger_with_stdin(
        &[
            "reconcile",
            "bank",
            "-f",
            "-",
            "--statement",
            csv.to_str().unwrap(),
            "--account",
            "Assets:Bank",
            "--emit-journal",
        ],
        Some(journal),
    );
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout,
        "; Every deposit on bank.csv from 2026-03-02 to 2026-03-05 is in the books.\n"
    );
}

/// Runs a reconciliation that must fail on its input: exit 1, no output at all, the errors.
fn input_errors(args: &[&str]) -> String {
    let r = arledger(args);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""), "{}", r.stderr);
    r.stderr
}

#[test]
fn bad_statements_and_rules_name_the_file_line_and_column() {
    let bad_csv = [
        "reconcile",
        "bank",
        "-f",
        BOOKS,
        "--statement",
        "tests/fixtures/reconcile/bad-signed.csv",
        "--account",
        "Assets:Bank:Checking",
    ];
    insta::assert_snapshot!("error_bad_signed_csv", input_errors(&bad_csv));
    insta::assert_snapshot!(
        "error_bad_running_balance",
        input_errors(&[
            "reconcile",
            "bank",
            "-f",
            BOOKS,
            "--statement",
            "tests/fixtures/reconcile/bad-balance.csv",
            "--rules",
            "tests/fixtures/reconcile/bank-eur.rules",
            "--account",
            "Assets:Bank:EUR",
        ])
    );
    insta::assert_snapshot!(
        "error_bad_rules",
        input_errors(&[
            "reconcile",
            "bank",
            "-f",
            BOOKS,
            "--statement",
            "tests/fixtures/reconcile/bank-eur.csv",
            "--rules",
            "tests/fixtures/reconcile/bad.rules",
            "--account",
            "Assets:Bank:EUR",
        ])
    );
    // The German statement without its rules: no `amount` column, and the preamble is read
    // as the header.
    let err = input_errors(&[
        "reconcile",
        "bank",
        "-f",
        BOOKS,
        "--statement",
        "tests/fixtures/reconcile/bank-eur.csv",
        "--account",
        "Assets:Bank:EUR",
    ]);
    assert!(
        err.starts_with("tests/fixtures/reconcile/bank-eur.csv:1:1: error[E0101]: missing column `date` in the header\n"),
        "{err}"
    );
    // CRLF line ends, a byte-order mark, a blank line and a quoted field over two lines: the
    // error is still on the right line and column.
    let dir = tempfile::tempdir().unwrap();
    let crlf = dir.path().join("crlf.csv");
    std::fs::write(
        &crlf,
        "\u{feff}Date,Description,Amount\r\n2026-03-02,RENT,-2400.00\r\n\r\n\
         2026-03-05,\"TWO\r\nLINES\",12x\r\n",
    )
    .unwrap();
    let err = input_errors(&[
        "reconcile",
        "bank",
        "-f",
        BOOKS,
        "--statement",
        crlf.to_str().unwrap(),
        "--account",
        "Assets:Bank:Checking",
    ]);
    assert!(
        err.contains(
            "crlf.csv:5:8: error[E0103]: cannot read the amount `12x` in column `Amount`\n"
        ),
        "{err}"
    );
    // A statement that cannot be read.
    let err = input_errors(&[
        "reconcile",
        "bank",
        "-f",
        BOOKS,
        "--statement",
        "tests/fixtures/reconcile/missing.csv",
        "--account",
        "Assets:Bank:EUR",
    ]);
    assert!(
        err.starts_with(
            "tests/fixtures/reconcile/missing.csv:1:1: error[E0001]: cannot read the statement:"
        ),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    for (extra, needle) in [
        (
            &["-O", "csv", "--emit-journal"][..],
            "--emit-journal prints journal text",
        ),
        (
            &["-O", "yaml"][..],
            "[possible values: text, csv, json, md, html]",
        ),
        (
            &["--from", "2026-04-01", "--to", "2026-03-31"][..],
            "--from 2026-04-01 is after --to 2026-03-31",
        ),
    ] {
        let r = with(&CHECKING[..8], extra);
        assert_eq!(r.code, 2, "{extra:?}: {}", r.stderr);
        assert!(r.stderr.contains(needle), "{extra:?}: {}", r.stderr);
    }
    let r = arledger(&[
        "reconcile",
        "bank",
        "-f",
        BOOKS,
        "--statement",
        "tests/fixtures/reconcile/bank-checking.csv",
        "--account",
        "Assets:Bank:Chequing",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("no account `Assets:Bank:Chequing` in the journal"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_command_page_shows_the_real_output() {
    let page =
        std::fs::read_to_string(crate::support::root().join("docs/commands/reconcile.md")).unwrap();
    // The page runs in tests/fixtures/reconcile, 100 columns wide; it shows each output
    // indented by 4 spaces (and the title's underline as long as the shorter title).
    let shown = |out: String| -> String {
        let out = out.replace("tests/fixtures/reconcile/", "");
        let mut lines: Vec<String> = out.lines().map(String::from).collect();
        if lines.len() > 1 && lines[1].starts_with("===") {
            lines[1] = "=".repeat(lines[0].chars().count());
        }
        lines
            .iter()
            .map(|l| {
                if l.is_empty() {
                    "\n".to_string()
                } else {
                    format!("    {l}\n")
                }
            })
            .collect()
    };
    let wide = |extra: &[&str]| {
        let r =
            crate::support::arledger_env(&[&CHECKING[..], extra].concat(), &[("COLUMNS", "100")]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        r.stdout
    };
    for out in [wide(&[]), wide(&["--emit-journal"])] {
        let block = shown(out);
        assert!(
            page.contains(&block),
            "docs/commands/reconcile.md lacks:\n{block}"
        );
    }
    let eur = crate::support::arledger_env(&EUR, &[("COLUMNS", "100")]).stdout;
    let tail: Vec<&str> = eur.lines().rev().take(10).collect();
    let block = shown(tail.into_iter().rev().collect::<Vec<_>>().join("\n"));
    assert!(
        page.contains(&block),
        "docs/commands/reconcile.md lacks:\n{block}"
    );
}

#[test]
fn customer_reconciliation_names_every_difference() {
    let r = arledger(&[
        "reconcile",
        "customer",
        "-f",
        "journals/demo.journal",
        "Acme",
        "--their",
        "tests/fixtures/reconcile/acme-ap.csv",
        "--date",
        "2026-12-31",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!("customer_acme_text", r.stdout);
    let csv = arledger(&[
        "reconcile",
        "customer",
        "-f",
        "journals/demo.journal",
        "Acme",
        "--their",
        "tests/fixtures/reconcile/acme-ap.csv",
        "--date",
        "2026-12-31",
        "-O",
        "csv",
    ]);
    insta::assert_snapshot!("customer_acme_csv", csv.stdout);
    assert!(csv.stderr.contains("difference 2,420.00"), "{}", csv.stderr);
}

#[test]
fn customer_export_errors_name_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("their.csv");
    std::fs::write(
        &bad,
        "Invoice,Amount,Paid\nINV-1040,3200.00,0\nINV-1045,32OO.00,0\n",
    )
    .unwrap();
    let r = arledger(&[
        "reconcile",
        "customer",
        "-f",
        "journals/demo.journal",
        "Acme",
        "--their",
        bad.to_str().unwrap(),
        "--date",
        "2026-12-31",
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty());
    let err = r.stderr.replace(dir.path().to_str().unwrap(), "DIR");
    assert!(
        err.contains("DIR/their.csv:3:10: error[E0103]: cannot read the amount `32OO.00`"),
        "{err}"
    );
    std::fs::write(&bad, "Invoice,Paid\nINV-1040,0\n").unwrap();
    let r = arledger(&[
        "reconcile",
        "customer",
        "-f",
        "journals/demo.journal",
        "Acme",
        "--their",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("the header has no amount column"),
        "{}",
        r.stderr
    );
}

/// Outside files go through the loader's UTF-8 check: a Latin-1 byte in a statement or a
/// customer's export is the journal's E0002, at its line and column, with the line and a caret.
#[test]
fn outside_files_that_are_not_utf8_fail_like_a_journal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("latin1.csv");
    std::fs::write(
        &file,
        b"date,description,amount,invoice\n2026-03-02,Caf\xe9 Acme,10.00,INV-1\n".as_slice(),
    )
    .unwrap();
    let journal = dir.path().join("latin1.journal");
    std::fs::write(&journal, b"; Caf\xe9\n".as_slice()).unwrap();
    let path = file.to_str().unwrap();
    let runs = [
        arledger(&[
            "reconcile",
            "bank",
            "-f",
            BOOKS,
            "--statement",
            path,
            "--account",
            "Assets:Bank:Checking",
        ]),
        arledger(&[
            "reconcile",
            "customer",
            "-f",
            "journals/demo.journal",
            "Acme",
            "--their",
            path,
        ]),
    ];
    let shown = |r: &Run| r.stderr.replace(dir.path().to_str().unwrap(), "DIR");
    for r in &runs {
        assert_eq!((r.code, r.stdout.as_str()), (1, ""), "{}", r.stderr);
        let err = shown(r);
        assert!(
            err.starts_with("DIR/latin1.csv:2:15: error[E0002]: invalid UTF-8 at byte offset 46\n"),
            "{err}"
        );
        assert!(
            err.contains("2026-03-02,Caf\u{fffd} Acme,10.00,INV-1\n"),
            "{err}"
        );
        assert!(err.contains("^"), "{err}");
    }
    // The journal's own error reads the same way.
    let j = arledger(&["bal", "-f", journal.to_str().unwrap()]);
    assert!(
        shown(&j)
            .starts_with("DIR/latin1.journal:1:6: error[E0002]: invalid UTF-8 at byte offset 5\n"),
        "{}",
        j.stderr
    );
}

#[test]
fn control_reconciliation_finds_the_months_and_the_entries() {
    let args = [
        "reconcile",
        "control",
        "-f",
        "journals/collections.journal",
        "--gl",
        "tests/fixtures/reconcile/gl.journal",
        "--account",
        "Assets:Accounts Receivable",
        "--date",
        "2026-03-31",
    ];
    let r = arledger(&args);
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!("control_text", r.stdout);
    // January ties alone.
    let mut jan = args.to_vec();
    jan[9] = "2026-01-31";
    let r = arledger(&jan);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let r = arledger(&[
        "reconcile",
        "control",
        "-f",
        "journals/collections.journal",
        "--gl",
        "tests/fixtures/reconcile/gl.journal",
        "--account",
        "Assets:Nope",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("has no account `Assets:Nope`"),
        "{}",
        r.stderr
    );
}

/// Statement amounts get the same exactness as journal amounts (issue 14, item 11): a number
/// that would be rounded, or amounts whose sums would overflow or be rounded, are refused at
/// the statement's file, line and column, instead of a rounded balance and "unexplained 0.00".
#[test]
fn statement_amounts_are_exact_or_refused() {
    let dir = tempfile::tempdir().unwrap();
    let journal = "2026-03-01 * Open\n    Assets:Bank  10.00 USD\n    Equity\n";
    let run = |name: &str, csv: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, csv).unwrap();
        let r = arledger_with_stdin(
            &[
                "reconcile",
                "bank",
                "-f",
                "-",
                "--statement",
                path.to_str().unwrap(),
                "--account",
                "Assets:Bank",
            ],
            Some(journal),
        );
        assert_eq!((r.code, r.stdout.as_str()), (1, ""), "{}", r.stderr);
        r.stderr.replace(dir.path().to_str().unwrap(), "DIR")
    };
    // The statement: each amount fits, their sum would drop the tiny one.
    let err = run(
        "sum.csv",
        "Date,Description,Amount\n2026-03-02,BIG,1000000000000000000000000000\n\
         2026-03-05,TINY,0.0000000000000000000000000001\n",
    );
    assert!(
        err.starts_with(
            "DIR/sum.csv:3:17: error[E0204]: the amounts in USD grow past what exact arithmetic holds here\n"
        ),
        "{err}"
    );
    assert!(
        err.ends_with("1 error in the statement; nothing was reconciled\n"),
        "{err}"
    );
    // A number with more digits than exact arithmetic holds is not rounded to fit.
    let err = run(
        "digits.csv",
        "Date,Description,Amount\n2026-03-02,TINY,0.00000000000000000000000000001\n",
    );
    assert!(
        err.starts_with(
            "DIR/digits.csv:2:17: error[E0103]: the amount `0.00000000000000000000000000001` in column `Amount` has more than 28 significant digits\n"
        ),
        "{err}"
    );
    // Running balances count too: the caret goes under the balance.
    let err = run(
        "balance.csv",
        "Date,Description,Amount,Balance\n\
         2026-03-02,A,0.00000000000000000001,10.00000000000000000001\n\
         2026-03-03,B,1.00,1000000000\n",
    );
    assert!(
        err.starts_with("DIR/balance.csv:3:19: error[E0204]"),
        "{err}"
    );
    // Ordinary large amounts reconcile as before.
    let path = dir.path().join("fine.csv");
    std::fs::write(
        &path,
        "Date,Description,Amount\n2026-03-02,BIG,123456789012345678.99\n",
    )
    .unwrap();
    let r = arledger_with_stdin(
        &[
            "reconcile",
            "bank",
            "-f",
            "-",
            "--statement",
            path.to_str().unwrap(),
            "--account",
            "Assets:Bank",
            "-O",
            "json",
        ],
        Some(journal),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["totals"][0]["not_booked"]["quantity"],
        "123456789012345678.99"
    );
}

/// A customer's export gets the same exactness: a sum of their amounts that would overflow is
/// refused at the field, not a panic.
#[test]
fn customer_export_amounts_are_exact_or_refused() {
    let dir = tempfile::tempdir().unwrap();
    let their = dir.path().join("their.csv");
    std::fs::write(
        &their,
        "Invoice,Amount,Paid\nINV-1040,79228162514264337593543950335,-79228162514264337593543950335\n",
    )
    .unwrap();
    let r = arledger(&[
        "reconcile",
        "customer",
        "-f",
        "journals/demo.journal",
        "Acme",
        "--their",
        their.to_str().unwrap(),
        "--date",
        "2026-12-31",
    ]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""), "{}", r.stderr);
    let err = r.stderr.replace(dir.path().to_str().unwrap(), "DIR");
    assert!(
        err.starts_with("DIR/their.csv:2:40: error[E0204]: their amounts grow past what exact arithmetic holds here\n"),
        "{err}"
    );
}
