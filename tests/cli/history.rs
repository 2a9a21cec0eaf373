//! Issue 18 item 10, customer history (§7.10): returned (NSF) payments reopen what they had
//! paid; `customers --history` shows the days-to-pay trend, promises, disputes and returns.

use crate::ar_depth::{run_on, same_balances_everywhere};

/// Two invoices paid oldest first by a cheque that comes back with a fee, then paid by wire.
const BOUNCED: &str = "\
account Assets:Receivable:Acme  ; customer: Acme Corp, terms: net30
2026-01-05 * (INV-1) Acme
    Assets:Receivable:Acme  100.00 USD
    Income
2026-01-10 * (INV-2) Acme
    Assets:Receivable:Acme  50.00 USD
    Income
2026-01-20 * (PMT-1) Acme | Cheque
    Assets:Bank  150.00 USD
    Assets:Receivable:Acme
2026-02-05 * (NSF-1) Acme | Cheque returned
    ; returned: PMT-1
    Assets:Receivable:Acme  150.00 USD
    Assets:Receivable:Acme  25.00 USD  ; fee: returned cheque, invoice: INV-1
    Assets:Bank  -150.00 USD
    Income:Fees  -25.00 USD
";

#[test]
fn s7_10_entries_read_the_same_in_ledger_and_hledger() {
    same_balances_everywhere("### 7.10 Customer history");
}

#[test]
fn a_returned_cheque_reopens_the_invoices_it_paid() {
    let r = run_on(
        BOUNCED,
        &["aging", "--detail", "--date", "2026-02-28", "-O", "csv"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "customer,item,date,due,days_overdue,commodity,original,open,bucket\n\
         Acme,INV-1,2026-01-05,2026-02-04,24,USD,100.00,125.00,1-30\n\
         Acme,INV-2,2026-01-10,2026-02-09,19,USD,50.00,50.00,1-30\n"
    );
    let r = run_on(BOUNCED, &["invoices", "--date", "2026-02-28", "-O", "csv"]);
    assert!(
        r.stdout
            .contains("Acme,INV-1,2026-01-05,2026-02-04,USD,100.00,0.00,125.00,overdue,,,"),
        "{}",
        r.stdout
    );
    // Before the return the cheque had paid them.
    let r = run_on(BOUNCED, &["invoices", "--date", "2026-02-01", "-O", "csv"]);
    assert!(
        r.stdout.contains(",100.00,100.00,0.00,paid,15,,"),
        "{}",
        r.stdout
    );
    let r = run_on(BOUNCED, &["customers", "--date", "2026-02-28", "-O", "csv"]);
    // No average, and no last payment: the cheque came back.
    assert!(
        r.stdout.contains(",USD,175.00,175.00,,no,,,"),
        "{}",
        r.stdout
    );
}

#[test]
fn the_bounced_payment_does_not_count_in_the_days_to_pay() {
    let paid = format!(
        "{BOUNCED}2026-03-01 * (PMT-2) Acme | Wire\n    Assets:Bank  175.00 USD\n    Assets:Receivable:Acme\n"
    );
    let r = run_on(&paid, &["customers", "--date", "2026-03-31", "-O", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // INV-1: 55 days, INV-2: 50 days (from the wire, not the cheque).
    assert!(r.stdout.contains(",52.5,2026-03-01,"), "{}", r.stdout);
    let r = run_on(&paid, &["rollforward", "-p", "2026-02", "-O", "csv"]);
    assert!(
        r.stdout
            .contains("Acme,USD,0.00,0.00,25.00,-150.00,0.00,0.00,0.00,0.00,175.00,175.00,yes"),
        "{}",
        r.stdout
    );
}

#[test]
fn an_invoice_tag_limits_a_return_to_that_item() {
    let only = BOUNCED.replace(
        "    Assets:Receivable:Acme  150.00 USD\n",
        "    Assets:Receivable:Acme  50.00 USD  ; invoice: INV-2\n    Assets:Receivable:Acme  100.00 USD  ; invoice: INV-1\n",
    );
    let r = run_on(
        &only,
        &["aging", "--detail", "--date", "2026-02-28", "-O", "csv"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r
        .stdout
        .contains("Acme,INV-2,2026-01-10,2026-02-09,19,USD,50.00,50.00,1-30"));
    let too_much = only
        .replace("50.00 USD  ; invoice: INV-2", "60.00 USD  ; invoice: INV-2")
        .replace("Assets:Bank  -150.00 USD", "Assets:Bank  -160.00 USD");
    let r = run_on(&too_much, &["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("returns 60.00 but payment `PMT-1` has 50.00 left to return"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_return_that_names_no_payment_is_an_error_and_one_that_posts_nothing_a_warning() {
    let unknown = BOUNCED.replace("returned: PMT-1", "returned: PMT-9");
    let r = run_on(&unknown, &["aging", "--date", "2026-02-28"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("books.journal:12:17: error[E0401]: `returned: PMT-9` names no payment"),
        "{}",
        r.stderr
    );
    let twice = format!(
        "{BOUNCED}2026-02-06 * (NSF-2) Acme | Returned again?\n    ; returned: PMT-1\n    Assets:Receivable:Acme  10.00 USD\n    Assets:Bank\n"
    );
    let r = run_on(&twice, &["check"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("has 0.00 left to return"), "{}", r.stderr);
    let note = format!("{BOUNCED}2026-02-07 Acme | Note\n    ; returned: PMT-1\n");
    let r = run_on(&note, &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("`returned: PMT-1` reopens nothing"),
        "{}",
        r.stderr
    );
}

/// [`BOUNCED`] paid by wire, with a promise broken and a dispute resolved.
fn with_records() -> String {
    format!(
        "{BOUNCED}\
2026-02-10 Acme | Call
    ; promise: INV-2
    ; promise-date: 2026-02-15
2026-02-11 Acme | Dispute
    ; dispute: INV-1
    ; reason: pricing
2026-02-21 Acme | Settled
    ; resolved: INV-1
2026-03-01 * (PMT-2) Acme | Wire
    Assets:Bank  175.00 USD
    Assets:Receivable:Acme
"
    )
}

#[test]
fn customers_history_shows_the_trend_promises_disputes_and_returns() {
    let r = run_on(
        &with_records(),
        &["customers", "--history", "acme", "--date", "2026-03-31"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = r.stdout;
    assert!(
        text.starts_with("History of Acme Corp (Acme) at 2026-03-31\n"),
        "{text}"
    );
    assert!(
        text.contains("2 invoices paid, in 52.5 days on average"),
        "{text}"
    );
    assert!(
        text.contains("2026-03-01         2             52.5"),
        "{text}"
    );
    assert!(
        text.contains("INV-2  2026-02-10  2026-02-15   USD         50.00  2026-03-01  broken"),
        "{text}"
    );
    assert!(
        text.contains("INV-1  2026-02-11  pricing  USD        125.00  2026-02-21    10"),
        "{text}"
    );
    assert!(
        text.contains("2026-02-05  PMT-1    INV-1, INV-2  USD        150.00  25.00"),
        "{text}"
    );
}

#[test]
fn customers_history_json_is_a_typed_document() {
    let r = run_on(
        &with_records(),
        &[
            "customers",
            "--history",
            "Acme",
            "--date",
            "2026-03-31",
            "-O",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let sections = v["sections"].as_array().unwrap();
    let headings: Vec<&str> = sections
        .iter()
        .map(|s| s["heading"].as_str().unwrap())
        .collect();
    assert_eq!(
        headings,
        [
            "Days to pay by month",
            "Promises",
            "Disputes",
            "Returned payments"
        ]
    );
    let row = |k: usize| &sections[k]["tables"][0]["rows"][0];
    assert_eq!(row(0)["month"], "2026-03-01");
    assert_eq!(row(0)["invoices"], 2);
    assert_eq!(row(0)["avg_days_to_pay"], 52.5);
    assert_eq!(row(1)["state"], "broken");
    assert_eq!(row(1)["amount"]["quantity"], "50.00");
    assert_eq!(row(2)["days"], 10);
    assert_eq!(row(2)["resolved"], "2026-02-21");
    assert_eq!(row(3)["fee"]["quantity"], "25.00");
    assert_eq!(row(3)["items"], "INV-1, INV-2");
}

#[test]
fn customers_history_needs_one_customer() {
    let r = run_on(&with_records(), &["customers", "--history", "nobody"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no customer matches `nobody`"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_site_customer_page_shows_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let r = run_on(
        &with_records(),
        &[
            "site",
            "--out",
            out.to_str().unwrap(),
            "--date",
            "2026-03-31",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("customer-")
        })
        .expect("a customer page");
    let html = std::fs::read_to_string(page).unwrap();
    for needle in [
        "<h2>Days to pay by month</h2>",
        "<table data-table=\"promises\">",
        "<td>pricing</td>",
        "<table data-table=\"returned-payments\">",
        "<td>PMT-1</td>",
    ] {
        assert!(html.contains(needle), "{needle}: {html}");
    }
}

/// An invoice with sales tax paid by a cheque in January that comes back in February.
const TAXED: &str = "\
account Assets:Receivable:Acme  ; customer: Acme Corp, terms: net30
account Liabilities:Sales Tax  ; tax: yes
2026-01-05 * (INV-1) Acme | Pipes
    Assets:Receivable:Acme  108.00 USD
    Income:Sales  -100.00 USD
    Liabilities:Sales Tax  -8.00 USD
2026-01-20 * (PMT-1) Acme | Cheque
    Assets:Bank  108.00 USD
    Assets:Receivable:Acme
2026-02-03 * (NSF-1) Acme | Cheque returned
    ; returned: PMT-1
    Assets:Receivable:Acme  108.00 USD
    Assets:Bank
";

#[test]
fn a_returned_payment_gives_back_its_tax_and_its_collection() {
    let r = run_on(TAXED, &["tax", "-p", "2026-02", "-O", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("Liabilities:Sales Tax,yes,USD,0.00,-8.00,0.00"),
        "{}",
        r.stdout
    );
    let r = run_on(TAXED, &["tax", "-p", "2026", "-O", "csv"]);
    assert!(
        r.stdout
            .contains("Liabilities:Sales Tax,yes,USD,8.00,0.00,0.00"),
        "{}",
        r.stdout
    );
    let r = run_on(TAXED, &["kpi", "-p", "2026-02", "-O", "csv"]);
    assert!(
        r.stdout
            .contains("2026-02-01,2026-02-28,Acme,USD,0.00,0.00,-108.00,"),
        "{}",
        r.stdout
    );
}

/// The month-end pack lists a cheque returned in its period beside the payments received, so
/// a bounced payment does not stand as money received.
#[test]
fn the_report_pack_lists_payments_returned_in_its_period() {
    let r = run_on(
        BOUNCED,
        &["report", "monthly", "--date", "2026-02-28", "-O", "md"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let section = r
        .stdout
        .split("## Returned payments")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_else(|| panic!("no returned payments section:\n{}", r.stdout));
    assert!(
        section.contains("| 2026-02-05 | Acme | INV-1 | USD | 100.00 | Acme \\| Cheque returned |"),
        "{section}"
    );
    assert!(
        section.contains("| 2026-02-05 | Acme | INV-2 | USD | 50.00 | Acme \\| Cheque returned |"),
        "{section}"
    );
    let january = run_on(
        BOUNCED,
        &["report", "monthly", "--date", "2026-01-31", "-O", "md"],
    );
    let section = january.stdout.split("## Returned payments").nth(1).unwrap();
    assert!(section.trim_start().starts_with("None."), "{section}");
}
