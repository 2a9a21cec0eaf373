//! `arledger certificates` and `arledger tax` (issue 18 item 6, spec §7.6).

use crate::support::{arledger_with_stdin, ok};

const BOOKS: &str = "tests/fixtures/ar-depth/books.journal";

const EXEMPT: &str = "\
account Assets:Receivable:Marsh   ; customer: Marsh County Schools, terms: net30
    ; tax-exempt: EX-55-0192, tax-exempt-until: 2026-02-28
account Assets:Receivable:Pine    ; customer: Pine Hospital, terms: net30
    ; tax-exempt: EX-77-0031, tax-exempt-until: 2026-04-10
account Assets:Receivable:Quarry  ; customer: Quarry Road Church, terms: net30
    ; tax-exempt: EX-12-9904
account Assets:Receivable:Roe     ; customer: Roe Plumbing, terms: net30
account Liabilities:Sales Tax     ; tax: 8.25%

2026-03-04 * (INV-2) Marsh County Schools | After the expiry, without tax
    Assets:Receivable:Marsh     960.00 USD
    Income:Sales

2026-03-09 * (INV-3) Marsh County Schools | Taxed again
    Assets:Receivable:Marsh     216.50 USD
    Income:Sales               -200.00 USD
    Liabilities:Sales Tax       -16.50 USD

2026-03-10 * (INV-4) Roe Plumbing | Taxed
    Assets:Receivable:Roe       108.25 USD
    Income:Sales               -100.00 USD
    Liabilities:Sales Tax        -8.25 USD

2026-04-02 * (PMT-1) Roe Plumbing | A third
    Assets:Bank:Checking         36.08 USD
    Assets:Receivable:Roe       -36.08 USD  ; invoice: INV-4
";

fn run(journal: &str, args: &[&str]) -> (i32, String, String) {
    let mut all = args.to_vec();
    all.extend_from_slice(&["-f", "-"]);
    let r = arledger_with_stdin(&all, Some(journal));
    (r.code, r.stdout, r.stderr)
}

#[test]
fn certificates_show_expiry_and_untaxed_invoices_after_it() {
    let (code, out, err) = run(
        EXEMPT,
        &["certificates", "--date", "2026-03-31", "-O", "csv"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "customer,certificate,expires,days_left,status,untaxed_invoices\n\
         Marsh,EX-55-0192,2026-02-28,-31,expired,INV-2\n\
         Pine,EX-77-0031,2026-04-10,10,expiring,\n\
         Quarry,EX-12-9904,,,no expiry,\n"
    );
    // --within N keeps the expired and those expiring within N days.
    let (_, out, _) = run(
        EXEMPT,
        &[
            "certificates",
            "--date",
            "2026-03-31",
            "--within",
            "5",
            "-O",
            "csv",
        ],
    );
    assert_eq!(out.lines().count(), 2, "{out}");
    let (_, out, _) = run(
        EXEMPT,
        &[
            "certificates",
            "--date",
            "2026-03-31",
            "--within",
            "10",
            "-O",
            "csv",
        ],
    );
    assert_eq!(out.lines().count(), 3, "{out}");
    // check warns at the untaxed invoice only, not at the taxed one.
    let (code, _, err) = run(EXEMPT, &["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("invoice `INV-2` is dated after customer Marsh's tax exemption ended"));
    assert!(!err.contains("INV-3"), "{err}");
}

#[test]
fn tax_sums_invoiced_and_collected_per_tax_account() {
    let (code, out, err) = run(EXEMPT, &["tax", "-p", "2026-03", "-O", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "account,rate,commodity,invoiced,collected,credited\n\
         Liabilities:Sales Tax,8.25%,USD,24.75,0.00,0.00\n\
         total,,USD,24.75,0.00,0.00\n"
    );
    // A third of INV-4 paid in April collects a third of its tax: 36.08 × 8.25 ÷ 108.25.
    let (_, out, _) = run(EXEMPT, &["tax", "-p", "2026-04", "-O", "csv"]);
    assert_eq!(
        out,
        "account,rate,commodity,invoiced,collected,credited\n\
         Liabilities:Sales Tax,8.25%,USD,0.00,2.75,0.00\n\
         total,,USD,0.00,2.75,0.00\n"
    );
    let text = ok(&["tax", "-f", BOOKS, "-p", "2026-01"]);
    assert!(
        text.contains("No tax invoiced, collected or credited."),
        "{text}"
    );
}

/// A credit memo that gives back tax is `credited` in its period: what the period's sales owe
/// is `invoiced - credited`, which is what the payments collected and the account holds.
#[test]
fn tax_credited_by_a_credit_memo_is_shown_apart() {
    let books = "\
account Assets:Receivable:Acme  ; customer: Acme Corp, terms: net30
account Liabilities:Sales Tax    ; tax: 8.25%

2026-02-01 * (INV-1043) Acme Corp | February work
    Assets:Receivable:Acme     541.25 USD
    Income:Services           -500.00 USD
    Liabilities:Sales Tax      -41.25 USD

2026-02-10 * (CM-7) Acme Corp | One day not worked
    Income:Services            100.00 USD
    Liabilities:Sales Tax        8.25 USD
    Assets:Receivable:Acme    -108.25 USD  ; invoice: INV-1043

2026-02-20 * (PMT-9) Acme Corp | Paid in full
    Assets:Bank:Checking       433.00 USD
    Assets:Receivable:Acme    -433.00 USD  ; invoice: INV-1043
";
    let (code, out, err) = run(books, &["tax", "-p", "2026-02", "-O", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "account,rate,commodity,invoiced,collected,credited\n\
         Liabilities:Sales Tax,8.25%,USD,41.25,33.00,8.25\n\
         total,,USD,41.25,33.00,8.25\n"
    );
    // The credit memo alone, in a month of its own.
    let later = books
        .replace("2026-02-10 * (CM-7)", "2026-03-10 * (CM-7)")
        .replace("2026-02-20 * (PMT-9)", "2026-03-20 * (PMT-9)");
    let (_, out, _) = run(&later, &["tax", "-p", "2026-03", "-O", "csv"]);
    assert!(
        out.contains("Liabilities:Sales Tax,8.25%,USD,0.00,33.00,8.25\n"),
        "{out}"
    );
}

/// Tax is invoiced once per transaction: a job billed to two customers in one transaction
/// (its tax line once, not once per customer), and a debit memo's own tax line. Each invoice
/// collects its share of its transaction's tax.
#[test]
fn tax_is_invoiced_once_per_transaction_and_debit_memos_invoice_theirs() {
    let books = "\
account Assets:Receivable:Acme  ; customer: Acme Corp, terms: net30
account Assets:Receivable:Birch  ; customer: Birch Ltd, terms: net30
account Liabilities:Sales Tax    ; tax: 10%

2026-02-01 * (INV-1) Acme Corp | one invoice
    Assets:Receivable:Acme     110.00 USD
    Income:Services           -100.00 USD
    Liabilities:Sales Tax      -10.00 USD

2026-02-02 * (INV-2) Joint job, billed to two customers
    Assets:Receivable:Acme      55.00 USD  ; invoice: INV-2A
    Assets:Receivable:Birch     55.00 USD  ; invoice: INV-2B
    Income:Services           -100.00 USD
    Liabilities:Sales Tax      -10.00 USD

2026-02-10 * (DM-1) Acme Corp | extra hours on INV-1
    Assets:Receivable:Acme      22.00 USD  ; invoice: INV-1
    Income:Services            -20.00 USD
    Liabilities:Sales Tax       -2.00 USD

2026-02-20 * (PMT-1) Acme Corp
    Assets:Bank:Checking       187.00 USD
    Assets:Receivable:Acme    -132.00 USD  ; invoice: INV-1
    Assets:Receivable:Acme     -55.00 USD  ; invoice: INV-2A
";
    let (code, out, err) = run(books, &["tax", "-p", "2026-02", "-O", "csv"]);
    assert_eq!(code, 0, "{err}");
    // Invoiced 10 + 10 + 2, what the account holds; collected 132 × 10 ÷ 110 = 12 on INV-1
    // and its debit memo, and 55 × 10 ÷ 110 = 5 on INV-2A.
    assert_eq!(
        out,
        "account,rate,commodity,invoiced,collected,credited\n\
         Liabilities:Sales Tax,10%,USD,22.00,17.00,0.00\n\
         total,,USD,22.00,17.00,0.00\n"
    );
}
