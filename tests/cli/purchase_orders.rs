//! Issue 18 item 8, purchase orders (ar-conventions §7.8): the `po:` tag in every output that
//! shows an invoice, POs declared with the amount they authorise, `arledger po`, and `check`'s
//! warning at the invoice that exceeds a PO.

use crate::ar_depth::{run_on, same_balances_everywhere};

const BOOKS: &str = "\
account Assets:Receivable:Lakeside  ; customer: Lakeside Builders, terms: net30
    ; purchase-order: LB-5510 5000.00 USD
    ; purchase-order: LB-5520 1200.00 USD
account Assets:Receivable:Harbor  ; customer: Harbor Plumbing, terms: net30

2026-01-22 * (INV-2003) Lakeside Builders | Pumps  ; po: LB-5510
    Assets:Receivable:Lakeside    4150.00 USD
    Income:Sales

2026-02-02 * (CM-7) Lakeside Builders | One pump returned  ; invoice: INV-2003
    Assets:Receivable:Lakeside    -350.00 USD
    Income:Sales

2026-02-20 * (PMT-1) Lakeside Builders | A payment changes nothing on the PO
    Assets:Bank                   3800.00 USD
    Assets:Receivable:Lakeside   -3800.00 USD  ; invoice: INV-2003

2026-03-02 * (INV-2007) Lakeside Builders | Water heaters
    Assets:Receivable:Lakeside    2165.00 USD  ; po: LB-5510
    Income:Sales

2026-03-05 * (INV-2008) Lakeside Builders | Billed on an exhausted PO
    ; po: LB-5510
    Assets:Receivable:Lakeside     100.00 USD
    Income:Sales

2026-03-09 * (INV-2009) Lakeside Builders | Fittings  ; po: LB-5599
    Assets:Receivable:Lakeside     310.00 USD
    Income:Sales

2026-03-10 * (INV-2010) Harbor Plumbing | No PO
    Assets:Receivable:Harbor       80.00 USD
    Income:Sales
";

/// `po` in csv, json (typed) and text, and -o FILE; the customer filter.
#[test]
fn po_shows_authorised_invoiced_and_remaining() {
    let r = run_on(BOOKS, &["po", "--date", "2026-03-31", "-O", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "customer,po,authorised,invoiced,remaining,commodity,invoices\n\
         Lakeside,LB-5510,5000.00,6065.00,-1065.00,USD,INV-2003 INV-2007 INV-2008\n\
         Lakeside,LB-5520,1200.00,0.00,1200.00,USD,\n\
         Lakeside,LB-5599,,310.00,,USD,INV-2009\n"
    );
    // The report date counts: before INV-2007, 3800.00 of LB-5510 is invoiced.
    let r = run_on(
        BOOKS,
        &["po", "--date", "2026-02-28", "-O", "json", "lakeside"],
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["id"], "po");
    let first = &v["rows"][0];
    assert_eq!(first["authorised"]["quantity"], "5000.00", "{v}");
    assert_eq!(first["invoiced"]["quantity"], "3800.00", "{v}");
    assert_eq!(first["remaining"]["quantity"], "1200.00", "{v}");
    assert_eq!(v["rows"][1]["invoices"], serde_json::Value::Null, "{v}");
    assert_eq!(v["rows"].as_array().unwrap().len(), 2, "{v}");
    let r = run_on(BOOKS, &["po", "--date", "2026-03-31", "harbor"]);
    assert!(
        r.stdout.contains("No purchase order to show."),
        "{}",
        r.stdout
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("po.csv");
    let r = run_on(
        BOOKS,
        &["po", "--date", "2026-03-31", "-o", file.to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with("customer,po,authorised,"), "{written}");
}

/// `check` warns at each invoice billed beyond the PO, at its posting, pointing at the
/// declaration; not at the payment, not at invoices within it.
#[test]
fn check_warns_at_each_invoice_beyond_the_po() {
    let r = run_on(BOOKS, &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let first = "books.journal:19:5: warning[E0401]: INV-2007 takes purchase order LB-5510 of Lakeside Builders to 5,965.00 USD invoiced, over the 5,000.00 USD it authorises\n 19 |     Assets:Receivable:Lakeside    2165.00 USD  ; po: LB-5510\n";
    assert!(r.stderr.contains(first), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            ":2:23: the purchase order\n  2 |     ; purchase-order: LB-5510 5000.00 USD\n"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("books.journal:24:5: warning[E0401]: INV-2008 takes purchase order LB-5510 of Lakeside Builders to 6,065.00 USD invoiced"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.ends_with("0 errors, 2 warnings\n"), "{}", r.stderr);
}

/// A declaration that is not a number and an amount, or a number declared twice, is an error
/// at the value that stops the reports; an invoice of another commodity is a warning.
#[test]
fn bad_declarations_are_errors_and_other_commodities_warnings() {
    let bad = "account Assets:Receivable:A  ; customer: A\n    ; purchase-order: PO-1\n    ; purchase-order: PO-2 10.00 USD\n    ; purchase-order: PO-2 20.00 USD\n";
    let r = run_on(bad, &["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("books.journal:2:23: error[E0401]: cannot read the purchase order `PO-1`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("= expected: a PO number and the amount it authorises"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("books.journal:4:23: error[E0401]: purchase order `PO-2` is declared twice"),
        "{}",
        r.stderr
    );
    let r = run_on(bad, &["po", "--date", "2026-03-31"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let euro = "account Assets:Receivable:A  ; customer: A, purchase-order: PO-1 10.00 USD\n\
                2026-01-05 (INV-1) a  ; po: PO-1\n    Assets:Receivable:A  50.00 EUR\n    Income\n";
    let r = run_on(euro, &["check"]);
    assert!(r.stderr.contains("books.journal:3:5: warning[E0401]: invoice `INV-1` names purchase order PO-1 of A, which authorises USD, but is in EUR: it does not count against the order"), "{}", r.stderr);
    let r = run_on(euro, &["po", "--date", "2026-03-31", "-O", "csv"]);
    assert!(
        r.stdout.contains("\nA,PO-1,10.00,0.00,10.00,USD,\n"),
        "{}",
        r.stdout
    );
}

/// `po:` shows in invoices, statements (only when an open item has one), the invoice document
/// and the customer's site page.
#[test]
fn the_po_shows_wherever_an_invoice_does() {
    let r = run_on(BOOKS, &["invoices", "--date", "2026-03-31", "-O", "csv"]);
    assert!(
        r.stdout.lines().next().unwrap().ends_with(",discount,po"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "\nLakeside,INV-2008,2026-03-05,2026-04-04,USD,100.00,0.00,100.00,open,,,,LB-5510\n"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("\nHarbor,INV-2010,2026-03-10,2026-04-09,USD,80.00,0.00,80.00,open,,,,\n"),
        "{}",
        r.stdout
    );

    let r = run_on(
        BOOKS,
        &[
            "statement",
            "Lakeside",
            "--date",
            "2026-03-31",
            "-O",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let open = &v["statements"][0]["open_items"];
    assert_eq!(open[0]["item"], "INV-2007", "{v}");
    assert_eq!(open[0]["po"], "LB-5510", "{v}");
    assert_eq!(open[2]["po"], "LB-5599", "{v}");
    let r = run_on(BOOKS, &["statement", "Lakeside", "--date", "2026-03-31"]);
    assert!(
        r.stdout.contains("\nINV-2007  LB-5510  2026-03-02"),
        "{}",
        r.stdout
    );
    let r = run_on(
        BOOKS,
        &["statement", "Harbor", "--date", "2026-03-31", "-O", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let open = &v["statements"][0]["open_items"][0];
    assert!(open.get("po").is_none(), "no PO column without a PO: {v}");

    let r = run_on(BOOKS, &["invoice", "INV-2007", "--date", "2026-03-31"]);
    assert!(r.stdout.contains("PO number: LB-5510"), "{}", r.stdout);

    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let r = run_on(
        BOOKS,
        &[
            "site",
            "--out",
            site.to_str().unwrap(),
            "--date",
            "2026-03-31",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = std::fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("lakeside"))
        .unwrap();
    let html = std::fs::read_to_string(page).unwrap();
    assert!(
        html.contains("<th>po</th>") || html.contains(">po<"),
        "{html}"
    );
    assert!(html.contains("LB-5599"), "{html}");
}

#[test]
fn s7_8_entries_read_the_same_in_ledger_and_hledger() {
    same_balances_everywhere("### 7.8 Purchase orders");
}
