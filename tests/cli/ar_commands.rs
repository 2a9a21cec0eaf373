//! The AR commands on the demo journal (snapshots, each reviewed) and the AR rules of `check`.

use crate::support::{arledger, arledger_with_stdin, ok};

const DEMO: &str = "journals/demo.journal";
const END: &str = "2026-12-31";

#[test]
fn aging_on_the_demo_journal() {
    insta::assert_snapshot!("demo_aging_text", ok(&["aging", "-f", DEMO, "--date", END]));
    insta::assert_snapshot!(
        "demo_aging_detail_text",
        ok(&["aging", "-f", DEMO, "--date", END, "--detail"])
    );
    insta::assert_snapshot!(
        "demo_aging_detail_csv",
        ok(&["aging", "-f", DEMO, "--date", END, "--detail", "-O", "csv"])
    );
    // JSON carries typed values: exact amounts with their commodity, numbers as numbers.
    let v: serde_json::Value =
        serde_json::from_str(&ok(&["aging", "-f", DEMO, "--date", END, "-O", "json"])).unwrap();
    assert_eq!(v["totals"][1]["commodity"], "USD");
    assert_eq!(
        v["totals"][1]["total"],
        serde_json::json!({"quantity": "39986.30", "commodity": "USD"})
    );
    assert_eq!(v["totals"][1]["over-90"]["quantity"], "5734.70");
    assert_eq!(
        v["columns"][2],
        serde_json::json!({"name": "current", "type": "money"})
    );
    let detail: serde_json::Value = serde_json::from_str(&ok(&[
        "aging", "-f", DEMO, "--date", END, "--detail", "-O", "json",
    ]))
    .unwrap();
    assert_eq!(detail["rows"][0]["days_overdue"], 26);
    assert_eq!(detail["rows"][0]["disputed"], false);
    // The customer query narrows the report.
    assert_eq!(
        ok(&["aging", "-f", DEMO, "--date", END, "-O", "csv", "harbor"]),
        "customer,commodity,current,1-30,31-60,61-90,over-90,total\n\
         Blue Harbor,USD,1450.00,1558.80,3150.00,0.00,2584.70,8743.50\n\
         total,USD,1450.00,1558.80,3150.00,0.00,2584.70,8743.50\n"
    );
    // By invoice date, INV-1043 (2026-11-30) is 31 days old.
    let by_date = ok(&[
        "aging", "-f", DEMO, "--date", END, "--by", "date", "--detail", "-O", "csv", "harbor",
    ]);
    assert!(
        by_date
            .contains("Blue Harbor,INV-1043,2026-11-30,2027-01-14,31,USD,1450.00,1450.00,31-60\n"),
        "{by_date}"
    );
}

#[test]
fn invoices_on_the_demo_journal() {
    insta::assert_snapshot!(
        "demo_invoices_overdue",
        ok(&["invoices", "-f", DEMO, "--date", END, "--overdue"])
    );
    let all = ok(&["invoices", "-f", DEMO, "--date", END, "-O", "csv"]);
    assert_eq!(
        all.lines().next().unwrap(),
        "customer,item,date,due,commodity,original,paid,open,status,days_to_pay,discount_date,discount,po"
    );
    assert!(
        all.contains("\nAcme,INV-1001,2026-01-05,2026-02-04,USD,3200.00,3200.00,0.00,paid,28,,,\n"),
        "{all}"
    );
    assert!(
        all.contains(
            "\nBlue Harbor,INV-1038,2026-10-19,2026-12-03,USD,1732.00,173.20,1558.80,overdue,,,,\n"
        ),
        "{all}"
    );
    assert!(
        all.contains(
            "\nEvergreen,INV-1030,2026-08-17,2026-08-31,USD,4800.00,4850.00,-50.00,credit,22,,,PO-45210\n"
        ),
        "{all}"
    );
    assert!(
        all.contains(
            "\nFoxglove,PMT-2018,2026-06-05,2026-06-05,USD,-700.00,500.00,-200.00,credit,,,,\n"
        ),
        "{all}"
    );
    let open = ok(&["invoices", "-f", DEMO, "--date", END, "--open", "-O", "csv"]);
    assert_eq!(
        open.lines().count() - 1,
        18,
        "the 18 open items of the aging detail"
    );
    let paid = ok(&["invoices", "-f", DEMO, "--date", END, "--paid", "-O", "csv"]);
    assert!(
        paid.lines()
            .skip(1)
            .all(|l| l.contains(",paid,") || l.contains(",0.00,")),
        "{paid}"
    );
    // A dispute open at the date shows as the status.
    let disputed = ok(&[
        "invoices",
        "-f",
        DEMO,
        "--date",
        END,
        "--open",
        "-O",
        "csv",
        "greystone",
    ]);
    assert!(disputed.contains(",disputed,"), "{disputed}");
}

#[test]
fn customers_on_the_demo_journal() {
    insta::assert_snapshot!(
        "demo_customers_csv",
        ok(&["customers", "-f", DEMO, "--date", END, "-O", "csv"])
    );
}

#[test]
fn statement_on_the_demo_journal() {
    let args = [
        "statement",
        "-f",
        DEMO,
        "Foxglove",
        "--from",
        "2026-05-01",
        "--to",
        END,
    ];
    insta::assert_snapshot!("demo_statement_text", ok(&args));
    let csv = ok(&[&args[..], &["-O", "csv"]].concat());
    assert_eq!(
        csv.lines().nth(1).unwrap(),
        "Foxglove,USD,,opening balance,,,,1500.00"
    );
    assert_eq!(
        csv.lines().last().unwrap(),
        "Foxglove,USD,,closing balance,,,,1600.00"
    );
    let md = ok(&[&args[..], &["-O", "md"]].concat());
    assert!(md.starts_with("# Statement of account\n"), "{md}");
    assert!(md.contains("**To:** Foxglove Books"), "{md}");
    // The payee is the addressee: lines show the note only.
    assert!(
        md.contains("| 2026-12-07 | invoice | INV-1046 | Gift card artwork | 480.00 | 1,600.00 |"),
        "{md}"
    );
    assert!(md.contains("**Amount due:** 1,600.00 USD"), "{md}");
    assert!(
        !md.contains("Credit limit"),
        "never the internal credit limit: {md}"
    );
    let html = ok(&[&args[..], &["-O", "html"]].concat());
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.contains("@media print"),
        "{html}"
    );
    assert!(
        !html.contains("<script") && !html.contains("<link") && !html.contains("src="),
        "self-contained"
    );
    let v: serde_json::Value =
        serde_json::from_str(&ok(&[&args[..], &["-O", "json"]].concat())).unwrap();
    assert_eq!(v["statements"][0]["opening"]["quantity"], "1500.00");
    assert_eq!(v["statements"][0]["closing"]["quantity"], "1600.00");
    // Closing = opening + activity.
    let lines = v["statements"][0]["lines"].as_array().unwrap();
    let sum: rust_decimal::Decimal = lines
        .iter()
        .map(|l| {
            l["amount"]["quantity"]
                .as_str()
                .unwrap()
                .parse::<rust_decimal::Decimal>()
                .unwrap()
        })
        .sum();
    assert_eq!(
        sum + rust_decimal::Decimal::new(150000, 2),
        rust_decimal::Decimal::new(160000, 2)
    );
}

#[test]
fn statement_html_escapes_journal_text() {
    let j = "account Assets:Receivable:Evil\n    ; customer: <script>alert(1)</script>\n\n\
             2026-01-05 (INV-1) <img src=x onerror=alert(2)>\n    Assets:Receivable:Evil  10.00 USD\n    Income\n";
    let r = arledger_with_stdin(
        &[
            "statement",
            "-f",
            "-",
            "Evil",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-31",
            "-O",
            "html",
        ],
        Some(j),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !r.stdout.contains("<script>") && !r.stdout.contains("<img"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("&lt;script&gt;alert(1)&lt;"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("&lt;img src=x onerror=alert(2)&gt;"),
        "{}",
        r.stdout
    );
}

#[test]
fn statement_needs_one_customer() {
    let r = arledger(&[
        "statement",
        "-f",
        DEMO,
        "nobody",
        "--from",
        "2026-01-01",
        "--to",
        END,
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no customer matches `nobody`"),
        "{}",
        r.stderr
    );
    let r = arledger(&[
        "statement",
        "-f",
        DEMO,
        "o",
        "--from",
        "2026-01-01",
        "--to",
        END,
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("matches several customers"),
        "{}",
        r.stderr
    );
}

/// Runs `check` on a journal from stdin; returns (exit code, stderr).
fn check(journal: &str, strict: bool) -> (i32, String) {
    let mut args = vec!["check", "-f", "-", "--today", "2026-12-31"];
    if strict {
        args.push("--strict");
    }
    let r = arledger_with_stdin(&args, Some(journal));
    (r.code, r.stderr)
}

const ACME: &str =
    "account Assets:Receivable:Acme\n    ; customer: Acme Corp\n    ; terms: net30\n";

#[test]
fn check_reports_ar_rules() {
    // Duplicate invoice number: an error, with or without `invoice:` tags naming it.
    let first = format!("{ACME}2026-01-01 (INV-1) a\n    ; invoice: INV-1\n    Assets:Receivable:Acme  10.00 USD\n    Income\n");
    for second in [
        "2026-02-01 (INV-1) b\n    Assets:Receivable:Acme  20.00 USD\n    Income\n",
        "2026-02-01 (INV-1) b\n    ; invoice: INV-1\n    Assets:Receivable:Acme  20.00 USD\n    Income\n",
        "2026-02-01 (INV-1) b\n    Assets:Receivable:Acme  20.00 USD  ; invoice: INV-1\n    Income\n",
    ] {
        let (code, err) = check(&format!("{first}{second}"), false);
        assert_eq!(code, 1, "{second}");
        assert!(
            err.contains("error[E0401]: duplicate invoice number `INV-1` for customer Acme"),
            "{err}"
        );
    }
    // ... but a debit memo that says which invoice it raises, without the invoice's own code,
    // is fine.
    for fee in ["2026-02-01 fee\n", "2026-02-01 (DM-1) fee\n"] {
        let (code, err) = check(&format!("{first}{fee}    ; invoice: INV-1\n    Assets:Receivable:Acme  2.00 USD\n    Income\n"), false);
        assert_eq!((code, err.as_str()), (0, ""), "{fee}");
    }
    // po-required without po: an error.
    let (code, err) = check("account Assets:Receivable:Gov\n    ; customer: City\n    ; terms: net30\n    ; po-required: yes\n2026-01-01 (INV-1) a\n    Assets:Receivable:Gov  10.00 USD\n    Income\n", false);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "customer Gov requires a purchase order, but invoice `INV-1` has no `po:` tag"
        ),
        "{err}"
    );
    // Warnings: no terms and no due date; an invoice over the credit limit; an old unapplied
    // credit; an expired tax exemption. They fail only with --strict.
    let warn = "account Assets:Receivable:Lim\n    ; customer: Lim\n    ; credit-limit: 5.00 USD\n    ; tax-exempt-until: 2025-12-31\n\
                2026-01-01 (INV-1) a\n    Assets:Receivable:Lim  10.00 USD\n    Income\n\
                2026-01-02 (PMT-1) prepaid\n    Assets:Bank  50.00 USD\n    Assets:Receivable:Lim\n";
    let (code, err) = check(warn, false);
    assert_eq!(code, 0, "{err}");
    for needle in [
        "warning[E0401]: invoice `INV-1` has no `due:` tag and customer Lim no terms",
        "warning[E0401]: invoice `INV-1` is dated after customer Lim's tax exemption ended on 2025-12-31",
        "warning[E0401]: unapplied credit `PMT-1` of customer Lim is 363 days old",
        "warning[E0401]: INV-1 takes Lim to 10.00 USD, over its credit limit of 5.00 USD",
        "note: back at or under the limit on 2026-01-02",
        "0 errors, 4 warnings",
    ] {
        assert!(err.contains(needle), "{needle}\n{err}");
    }
    let over = "account Assets:Receivable:Big\n    ; customer: Big\n    ; terms: net30\n    ; credit-limit: 5.00 USD\n2026-12-01 (INV-1) a\n    Assets:Receivable:Big  10.00 USD\n    Income\n";
    let (code, err) = check(over, false);
    assert_eq!(code, 0);
    assert!(
        err.contains("INV-1 takes Big to 10.00 USD, over its credit limit of 5.00 USD"),
        "{err}"
    );
    let (code, err) = check(over, true);
    assert_eq!(code, 1);
    assert!(
        err.contains("error[E0401]: INV-1 takes Big to 10.00 USD"),
        "{err}"
    );
    // Undeclared customers are flagged.
    let (code, err) = check("2026-12-01 (INV-1) a\n    Assets:Receivable:Walk-in  10.00 USD  ; due: 2026-12-31\n    Income\n", false);
    assert_eq!(code, 0);
    assert!(
        err.contains("warning[E0401]: undeclared customer Walk-in"),
        "{err}"
    );
}

const EDGE: &str = "journals/edge-cases.journal";

/// The edge-cases journal exercises every AR rule; its aging at 2025-03-31 was computed
/// independently from the spec (a separate implementation, agreeing at every date of 2024–25).
/// Every AR command stops on the AR errors `check` reports (issue 14, item 2): a duplicate
/// invoice number (here both invoices also carry the cookbook's `invoice:` tag, which used to
/// merge them into one item, "original 300, open 800"), an invoice without the purchase
/// order its customer requires, a collections record that names no item.
#[test]
fn every_ar_command_refuses_a_journal_check_rejects() {
    let duplicate = "account Assets:Receivable:Acme  ; customer: Acme Corp, terms: net30\n\
        2026-01-05 * (INV-1) Acme Corp | Design work\n    ; invoice: INV-1\n    Assets:Receivable:Acme  300.00 USD\n    Income\n\
        2026-01-20 * (INV-1) Acme Corp | Copy-pasted\n    ; invoice: INV-1\n    Assets:Receivable:Acme  500.00 USD\n    Income\n";
    let po = "account Assets:Receivable:Acme  ; customer: Acme Corp, terms: net30, po-required: yes\n\
        2026-01-05 * (INV-1) Acme Corp | Design work\n    Assets:Receivable:Acme  300.00 USD\n    Income\n";
    let record = "account Assets:Receivable:Acme  ; customer: Acme Corp, terms: net30\n\
        2026-01-05 * (INV-1) Acme Corp | Design work\n    Assets:Receivable:Acme  300.00 USD\n    Income\n\
        2026-02-10 Acme Corp | Reminder\n    ; reminder: INV-9\n";
    let cases = [
        (
            duplicate,
            "duplicate invoice number `INV-1` for customer Acme",
        ),
        (
            po,
            "customer Acme requires a purchase order, but invoice `INV-1` has no `po:` tag",
        ),
        (record, "`reminder: INV-9` names no item on 2026-02-10"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let site = site.to_str().unwrap();
    let commands: [&[&str]; 13] = [
        &["aging", "--date", "2026-03-31"],
        &["aging", "--detail", "--date", "2026-03-31", "-O", "csv"],
        &["invoices", "--date", "2026-03-31"],
        &["customers", "--date", "2026-03-31"],
        &[
            "statement",
            "--from",
            "2026-01-01",
            "--to",
            "2026-03-31",
            "Acme",
        ],
        &["dunning", "--date", "2026-03-31", "--dry-run"],
        &["collections", "--date", "2026-03-31"],
        &["kpi", "-p", "2026-01..2026-04"],
        &["forecast", "--date", "2026-03-31"],
        &["report", "monthly", "--date", "2026-03-31"],
        &["site", "--out", site, "--date", "2026-03-31"],
        &["writeoff", "--older-than", "10", "--date", "2026-03-31"],
        &["rollforward", "-p", "2026"],
    ];
    for (journal, message) in cases {
        let path = dir.path().join("books.journal");
        std::fs::write(&path, journal).unwrap();
        let file = path.to_str().unwrap();
        let r = arledger(&["check", "-f", file]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.contains(message), "{}", r.stderr);
        for args in commands {
            let r = arledger(&[args, &["-f", file]].concat());
            assert_eq!(
                (r.code, r.stdout.as_str()),
                (1, ""),
                "{args:?}\n{}",
                r.stderr
            );
            assert!(
                r.stderr.contains(&format!("error[E0401]: {message}"))
                    && r.stderr
                        .contains("1 error found; fix the journal (see `arledger check`)"),
                "{args:?}\n{}",
                r.stderr
            );
        }
        assert!(!std::path::Path::new(site).exists());
    }
}

/// Raising an invoice on purpose is written `; invoice: REF` on a transaction without that
/// code (none, or its own): the item keeps its date, due date and original amount.
#[test]
fn a_tagged_debit_memo_raises_the_invoice() {
    let j = format!("{ACME}2026-01-05 * (INV-1) a\n    ; invoice: INV-1\n    Assets:Receivable:Acme  300.00 USD\n    Income\n\
        2026-02-10 * Late fee\n    ; invoice: INV-1\n    Assets:Receivable:Acme  5.00 USD\n    Income:Late Fees\n\
        2026-02-11 * (DM-7) Extra hours\n    Assets:Receivable:Acme  40.00 USD  ; invoice: INV-1\n    Income\n");
    let r = arledger_with_stdin(
        &[
            "aging",
            "--detail",
            "-f",
            "-",
            "--date",
            "2026-02-28",
            "-O",
            "csv",
        ],
        Some(&j),
    );
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "customer,item,date,due,days_overdue,commodity,original,open,bucket\nAcme,INV-1,2026-01-05,2026-02-04,24,USD,300.00,345.00,1-30\n"),
        "{}",
        r.stderr
    );
}

#[test]
fn edge_cases_aging_matches_the_independent_computation() {
    let root = crate::support::root();
    let expected =
        |f: &str| std::fs::read_to_string(root.join("tests/fixtures/core").join(f)).unwrap();
    assert_eq!(
        ok(&["aging", "-f", EDGE, "--date", "2025-03-31", "-O", "csv"]),
        expected("edge-cases-aging-2025-03-31.csv")
    );
    assert_eq!(
        ok(&[
            "aging",
            "-f",
            EDGE,
            "--date",
            "2025-03-31",
            "--detail",
            "-O",
            "csv"
        ]),
        expected("edge-cases-aging-detail-2025-03-31.csv")
    );
}

#[test]
fn every_ar_command_on_the_edge_cases_journal() {
    let d = ["--date", "2025-03-31"];
    insta::assert_snapshot!(
        "edge_aging_text",
        ok(&[&["aging", "-f", EDGE][..], &d].concat())
    );
    insta::assert_snapshot!(
        "edge_aging_detail_text",
        ok(&[&["aging", "--detail", "-f", EDGE][..], &d].concat())
    );
    insta::assert_snapshot!(
        "edge_invoices_csv",
        ok(&[&["invoices", "-f", EDGE, "-O", "csv"][..], &d].concat())
    );
    insta::assert_snapshot!(
        "edge_customers_csv",
        ok(&[&["customers", "-f", EDGE, "-O", "csv"][..], &d].concat())
    );
    insta::assert_snapshot!(
        "edge_statement_text",
        ok(&[
            "statement",
            "-f",
            EDGE,
            "Zeta_Foods",
            "--from",
            "2024-01-01",
            "--to",
            "2025-03-31"
        ])
    );
    insta::assert_snapshot!(
        "edge_statement_jpy_md",
        ok(&[
            "statement",
            "-f",
            EDGE,
            "Moriya",
            "--from",
            "2024-01-01",
            "--to",
            "2025-03-31",
            "-O",
            "md"
        ])
    );
    let check = arledger(&["check", "-f", EDGE, "--today", "2025-03-31"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    insta::assert_snapshot!("edge_check_warnings", check.stderr);
}

#[test]
fn fixes_from_the_ar_docs_review() {
    let acme = "account Assets:Receivable:Acme\n    ; customer: Acme Corp\n    ; terms: net30\n";
    // A due date needs its year.
    let j = format!("{acme}2026-12-20 * (INV-1) x\n    ; due: 03-01\n    Assets:Receivable:Acme  100.00 USD\n    Income\n");
    let r = arledger_with_stdin(&["aging", "-f", "-", "--date", "2026-12-31"], Some(&j));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("cannot read the due date `03-01`"),
        "{}",
        r.stderr
    );
    // Two receivable lines of one invoice are one invoice, not a duplicate.
    let j = format!("{acme}2026-01-05 * (INV-1) x\n    Assets:Receivable:Acme  100.00 USD\n    Assets:Receivable:Acme  40.00 USD\n    Income\n");
    let (code, err) = check(&j, false);
    assert_eq!((code, err.as_str()), (0, ""));
    // Raised by a debit memo but not paid: open, not partially paid.
    let j = format!("{acme}2026-01-05 * (INV-1) x\n    Assets:Receivable:Acme  100.00 USD\n    Income\n2026-01-10 * (DM-1) y\n    ; invoice: INV-1\n    Assets:Receivable:Acme  20.00 USD\n    Income\n");
    let r = arledger_with_stdin(
        &["invoices", "-f", "-", "--date", "2026-01-31", "-O", "csv"],
        Some(&j),
    );
    assert!(
        r.stdout
            .contains("Acme,INV-1,2026-01-05,2026-02-04,USD,100.00,0.00,120.00,open,,,,\n"),
        "{}",
        r.stdout
    );
    // A refund out of a credit reads as a refund; --date names the end of a month.
    let j = format!("{acme}2026-01-05 * (PMT-1) Deposit\n    Assets:Bank  100.00 USD\n    Assets:Receivable:Acme\n2026-02-07 * Refund\n    Assets:Receivable:Acme  100.00 USD  ; invoice: PMT-1\n    Assets:Bank\n");
    let r = arledger_with_stdin(
        &[
            "statement",
            "-f",
            "-",
            "Acme",
            "--from",
            "2026-01",
            "--to",
            "2026-02",
            "-O",
            "csv",
        ],
        Some(&j),
    );
    assert!(
        r.stdout
            .contains("Acme,USD,2026-02-07,refund,PMT-1,Refund,100.00,0.00\n"),
        "{}",
        r.stdout
    );
    let r = arledger_with_stdin(
        &["aging", "-f", "-", "--date", "2026-01", "-O", "csv"],
        Some(&j),
    );
    assert!(
        r.stdout.contains("Acme,USD,0.00,-100.00,"),
        "as of 2026-01-31: {}",
        r.stdout
    );
    // A limit cut at a digit-group comma is refused, not read as 10.
    let j = "account Assets:Receivable:Big\n    ; customer: Big\n    ; terms: net30\n    ; credit-limit: 10,000 USD\n";
    let (code, err) = check(j, false);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read the credit limit `10`"), "{err}");
    // Postings to the receivable root itself are flagged.
    let (code, err) = check(
        "2026-01-05 x\n    Assets:Receivable  10.00 USD  ; due: 2026-02-01\n    Income\n",
        false,
    );
    assert_eq!(code, 0);
    assert!(
        err.contains("a posting to Assets:Receivable itself belongs to no customer"),
        "{err}"
    );
}
