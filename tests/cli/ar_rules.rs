//! The precise AR rules of AR-CONVENTIONS.md §6 (D1–D16), each on its own small journal,
//! checked through the CSV that external acceptance tests read.

use std::path::Path;

use crate::support::arledger;

/// Writes `files` (name, text) into a fresh directory and runs `arledger ARGS -f DIR/books.journal`.
fn run_on(files: &[(&str, &str)], args: &[&str]) -> crate::support::Run {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let journal = dir.path().join("books.journal");
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["-f", journal.to_str().unwrap()]);
    let r = arledger(&all);
    drop(dir);
    r
}

fn aging(journal: &str, date: &str, detail: bool) -> String {
    let mut args = vec!["aging", "--date", date, "-O", "csv"];
    if detail {
        args.push("--detail");
    }
    let r = run_on(&[("books.journal", journal)], &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

const SUMMARY: &str = "customer,commodity,current,1-30,31-60,61-90,over-90,total\n";
const DETAIL: &str = "customer,item,date,due,days_overdue,commodity,original,open,bucket\n";

/// D1, D2, D13, D15: ids are last segments, declared anywhere or undeclared below the root;
/// rows sorted by bytes; a comma in an id is quoted.
#[test]
fn d1_d2_d13_customer_ids_and_row_order() {
    let j = "\
account Assets:Receivable:Blue Harbor
    ; customer: Blue Harbor Inc.
    ; terms: net30
account Clients:acme-eu  ; customer: ACME Europe
account Assets:Receivable:Zeta_Foods

2026-01-10 (INV-1) Blue Harbor Inc.
    Assets:Receivable:Blue Harbor  100.00 USD
    Income
2026-01-10 (E-1) ACME
    Clients:acme-eu  50.00 EUR
    Income
2026-01-10 (Z-1) Zeta
    Assets:Receivable:Zeta_Foods  10.00 USD
    Income
2026-01-10 (Y-1) Smith
    Assets:Receivable:Smith, Jones  5.00 USD
    Income
";
    assert_eq!(
        aging(j, "2026-01-31", false),
        format!(
            "{SUMMARY}\
Blue Harbor,USD,100.00,0.00,0.00,0.00,0.00,100.00
\"Smith, Jones\",USD,5.00,0.00,0.00,0.00,0.00,5.00
Zeta_Foods,USD,10.00,0.00,0.00,0.00,0.00,10.00
acme-eu,EUR,50.00,0.00,0.00,0.00,0.00,50.00
total,EUR,50.00,0.00,0.00,0.00,0.00,50.00
total,USD,115.00,0.00,0.00,0.00,0.00,115.00
"
        )
    );
}

const FIFO: &str = "\
account Assets:Receivable:Acme
    ; customer: Acme Corp
    ; terms: net30

2026-01-05 * (INV-1) Acme
    Assets:Receivable:Acme  100.00 USD
    Income

2026-01-20 (INV-2) Acme
    ; due: 2026-01-25
    Assets:Receivable:Acme  200.00 USD
    Income

2026-02-01 Payment, untagged
    Assets:Bank  400.00 USD
    Assets:Receivable:Acme

2026-02-01 (INV-3) Acme, same day, written below the payment
    Assets:Receivable:Acme  40.00 USD
    Income

2026-01-31 ! Late entry, earlier date
    Assets:Bank  10.00 USD
    Assets:Receivable:Acme  ; short paid, invoice: INV-1

2026-02-10 Apply the credit to INV-3
    Assets:Receivable:Acme   40.00 USD  ; invoice: books.journal:16
    Assets:Receivable:Acme  -40.00 USD  ; invoice: INV-3
";

/// D3, D4, D7, D8: tags after free text, processing by date, items exist only once created,
/// FIFO by due date, remainder named FILE:LINE of the posting, explicit application.
#[test]
fn d3_d4_d7_d8_fifo_and_remainders() {
    // Before the payment: INV-1 short paid by the late entry, INV-2 overdue.
    assert_eq!(
        aging(FIFO, "2026-01-31", true),
        format!(
            "{DETAIL}\
Acme,INV-2,2026-01-20,2026-01-25,6,USD,200.00,200.00,1-30
Acme,INV-1,2026-01-05,2026-02-04,-4,USD,100.00,90.00,current
"
        )
    );
    // The payment settles INV-2 then INV-1; INV-3, written below it, is not reached.
    assert_eq!(
        aging(FIFO, "2026-02-09", true),
        format!(
            "{DETAIL}\
Acme,books.journal:16,2026-02-01,2026-02-01,8,USD,-110.00,-110.00,1-30
Acme,INV-3,2026-02-01,2026-03-03,-22,USD,40.00,40.00,current
"
        )
    );
    // The explicit application moves 40.00 of the credit onto INV-3.
    assert_eq!(
        aging(FIFO, "2026-02-28", true),
        format!("{DETAIL}Acme,books.journal:16,2026-02-01,2026-02-01,27,USD,-110.00,-70.00,1-30\n")
    );
    assert_eq!(
        aging(FIFO, "2026-02-28", false),
        format!("{SUMMARY}Acme,USD,0.00,-70.00,0.00,0.00,0.00,-70.00\ntotal,USD,0.00,-70.00,0.00,0.00,0.00,-70.00\n")
    );
}

/// D5, D15: references are per customer; a commodity written without decimals has none.
#[test]
fn d5_references_are_scoped_per_customer() {
    let j = "\
account Assets:Receivable:A  ; customer: A
account Assets:Receivable:B  ; customer: B
2026-03-01 (I-A) x
    Assets:Receivable:A  10 USD
    Income
2026-03-01 (I-B) y
    Assets:Receivable:B  20 USD
    Income
2026-03-05 (DEP-9) Deposit paying both
    Assets:Bank  100 USD
    Assets:Receivable:A  -30 USD
    Assets:Receivable:B  -70 USD
";
    assert_eq!(
        aging(j, "2026-03-31", false),
        format!(
            "{SUMMARY}A,USD,0,-20,0,0,0,-20\nB,USD,0,-50,0,0,0,-50\ntotal,USD,0,-70,0,0,0,-70\n"
        )
    );
    assert_eq!(
        aging(j, "2026-03-31", true),
        format!("{DETAIL}A,DEP-9,2026-03-05,2026-03-05,26,USD,-20,-20,1-30\nB,DEP-9,2026-03-05,2026-03-05,26,USD,-50,-50,1-30\n")
    );
}

/// D6, D7: an unreferenced invoice is named after the base name of its file and the line of
/// the customer posting, also in an included file.
#[test]
fn d6_d7_file_line_references() {
    let main = "include sub/more.journal\n\n2026-04-01 No reference\n    Income\n    Assets:Receivable:Kim  25.00 USD\n";
    let more =
        "; included\n2026-04-02 Also none\n    Assets:Receivable:Kim  5.00 USD\n    Income\n";
    let r = run_on(
        &[("books.journal", main), ("sub/more.journal", more)],
        &["aging", "--detail", "--date", "2026-04-30", "-O", "csv"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!(
            "{DETAIL}\
Kim,books.journal:5,2026-04-01,2026-05-01,-1,USD,25.00,25.00,current
Kim,more.journal:3,2026-04-02,2026-05-02,-2,USD,5.00,5.00,current
"
        )
    );
}

/// D9, D10, D11: due dates from posting tag, transaction tag, terms (eom in a leap year,
/// discount terms over a year boundary); a late fee raises `open` only and keeps the due date.
#[test]
fn d9_d10_d11_due_dates_and_debit_memos() {
    let j = "\
account Assets:Receivable:C
    ; customer: C
    ; terms: eom
account Assets:Receivable:D  ; customer: D, terms: 2/10 net30

2024-02-03 (C-1) eom in a leap year
    Assets:Receivable:C  1000.00 USD
    Income
2024-02-20 Late fee: raises C-1 (tagged, no code of its own), its due tag changes nothing
    ; invoice: C-1
    ; due: 2024-12-31
    Assets:Receivable:C  15.50 USD
    Income:Late Fees
2024-12-30 (D-1) Discount terms over the year boundary
    Assets:Receivable:D  500.00 USD
    Income
2024-12-31 (D-2) The posting's due tag wins
    ; due: 2025-06-01
    Assets:Receivable:D  100.00 USD  ; due: 2025-01-10
    Income
";
    assert_eq!(
        aging(j, "2025-01-15", true),
        format!(
            "{DETAIL}\
C,C-1,2024-02-03,2024-02-29,321,USD,1000.00,1015.50,over-90
D,D-2,2024-12-31,2025-01-10,5,USD,100.00,100.00,1-30
D,D-1,2024-12-30,2025-01-29,-14,USD,500.00,500.00,current
"
        )
    );
}

/// D8 with the oldest-first queue: an invoice settled by a tagged payment is skipped; raised
/// again by a late fee, it takes payments again in its place by due date, before a later-due
/// invoice that a payment already reduced.
#[test]
fn d8_fifo_skips_settled_invoices_and_requeues_raised_ones_in_due_order() {
    let j = "\
account Assets:Receivable:Acme  ; customer: Acme, terms: net30

2026-01-01 (I-1) Acme
    ; due: 2026-01-20
    Assets:Receivable:Acme  100.00 USD
    Income
2026-01-01 (I-2) Acme
    ; due: 2026-01-10
    Assets:Receivable:Acme  50.00 USD
    Income
2026-01-01 (I-3) Acme
    ; due: 2026-01-30
    Assets:Receivable:Acme  70.00 USD
    Income
2026-01-05 (P-1) Acme pays I-2
    Assets:Bank  50.00 USD
    Assets:Receivable:Acme  ; invoice: I-2
2026-01-06 (F-1) Late fee on I-2
    ; invoice: I-2
    Assets:Receivable:Acme  5.00 USD
    Income:Fees
2026-01-07 (P-2) Acme
    Assets:Bank  105.00 USD
    Assets:Receivable:Acme
2026-01-08 (P-3) Acme
    Assets:Bank  20.00 USD
    Assets:Receivable:Acme
2026-01-09 (F-2) Late fee on I-1
    ; invoice: I-1
    Assets:Receivable:Acme  7.00 USD
    Income:Fees
2026-01-10 (P-4) Acme
    Assets:Bank  30.00 USD
    Assets:Receivable:Acme
";
    let r = run_on(
        &[("books.journal", j)],
        &["invoices", "--date", "2026-01-31", "-O", "csv"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "customer,item,date,due,commodity,original,paid,open,status,days_to_pay,discount_date,discount,po\n\
         Acme,I-1,2026-01-01,2026-01-20,USD,100.00,107.00,0.00,paid,9,,,\n\
         Acme,I-2,2026-01-01,2026-01-10,USD,50.00,55.00,0.00,paid,6,,,\n\
         Acme,I-3,2026-01-01,2026-01-30,USD,70.00,43.00,27.00,overdue,,,,\n"
    );
}

/// D8, D9, D12: overpaid invoices and credits are never consumed by FIFO; ties by date then
/// file position; an overpaid invoice is still aged by its due date; bucket edges.
#[test]
fn d8_d9_d12_fifo_candidates_and_buckets() {
    let j = "\
account Assets:Receivable:E  ; customer: E
2026-01-01 (E-1) a
    Assets:Receivable:E  100.00 USD  ; due: 2026-01-31
    Income
2026-01-02 (E-2) b
    Assets:Receivable:E  50.00 USD  ; due: 2026-01-31
    Income
2026-01-02 (E-3) c
    Assets:Receivable:E  30.00 USD  ; due: 2026-01-31
    Income
2026-01-03 Overpays E-1
    Assets:Bank  120.00 USD
    Assets:Receivable:E  ; invoice: E-1
2026-01-10 (PMT-5) Untagged
    Assets:Bank  60.00 USD
    Assets:Receivable:E
2026-01-15 (PMT-6) Untagged, more than is open
    Assets:Bank  50.00 USD
    Assets:Receivable:E
";
    assert_eq!(
        aging(j, "2026-02-15", true),
        format!(
            "{DETAIL}\
E,PMT-6,2026-01-15,2026-01-15,31,USD,-30.00,-30.00,31-60
E,E-1,2026-01-01,2026-01-31,15,USD,100.00,-20.00,1-30
"
        )
    );
    // Custom buckets rename the columns; an item exactly due today is current.
    let r = run_on(
        &[("books.journal", j)],
        &[
            "aging",
            "--date",
            "2026-01-31",
            "--buckets",
            "15,45",
            "-O",
            "csv",
        ],
    );
    assert_eq!(
        r.stdout,
        "customer,commodity,current,1-15,16-45,over-45,total\n\
E,USD,-20.00,0.00,-30.00,0.00,-50.00
total,USD,-20.00,0.00,-30.00,0.00,-50.00
"
    );
}

/// D13: nothing open gives the header alone; a row may total zero when a credit offsets.
#[test]
fn d13_empty_and_zero_total_rows() {
    let settled = "2026-01-01 (I-1) x\n    Assets:Receivable:F  10.00 USD\n    Income\n2026-01-05 pay\n    Assets:Bank  10.00 USD\n    Assets:Receivable:F\n";
    assert_eq!(aging(settled, "2026-02-01", false), SUMMARY);
    assert_eq!(aging(settled, "2026-02-01", true), DETAIL);
    let offset = "2026-01-01 (I-1) x\n    Assets:Receivable:F  10.00 USD  ; due: 2026-03-01\n    Income\n2026-01-05 (P-1) pays I-1\n    Assets:Bank  10.00 USD\n    Assets:Receivable:F  ; invoice: I-1\n2026-01-06 (I-2) y\n    Assets:Receivable:F  10.00 USD\n    Income\n2026-01-07 (P-2) pays I-2 twice over\n    Assets:Bank  20.00 USD\n    Assets:Receivable:F  ; invoice: I-2\n2026-01-08 (I-3) z\n    Assets:Receivable:F  10.00 USD\n    Income\n";
    // I-1 is settled; I-2 is overpaid into a credit balance of 10.00 that offsets I-3: the
    // row stays, totalling 0.00.
    assert_eq!(
        aging(offset, "2026-01-31", false),
        format!("{SUMMARY}F,USD,0.00,0.00,0.00,0.00,0.00,0.00\ntotal,USD,0.00,0.00,0.00,0.00,0.00,0.00\n")
    );
    assert_eq!(
        aging(offset, "2026-01-31", true),
        format!("{DETAIL}F,I-2,2026-01-06,2026-02-05,-5,USD,10.00,-10.00,current\nF,I-3,2026-01-08,2026-02-07,-7,USD,10.00,10.00,current\n")
    );
}

fn check_fails(journal: &str, needle: &str) {
    let r = run_on(
        &[("books.journal", journal)],
        &["aging", "--date", "2026-12-31", "-O", "csv"],
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stderr.contains(needle),
        "expected `{needle}` in:\n{}",
        r.stderr
    );
    assert_eq!(r.stdout, "");
}

/// D16 and §2 errors: ambiguity is an error, never a guess.
#[test]
fn d16_ambiguity_and_bad_references_are_errors() {
    check_fails(
        "account Clients:Acme  ; customer: Acme\n2026-01-01 (I-1) x\n    Assets:Receivable:Acme  1.00 USD\n    Clients:Acme  1.00 USD\n    Income\n",
        "two customer accounts have the id `Acme`",
    );
    check_fails(
        "2026-01-01 (I-1) x\n    Assets:Receivable:Acme  1.00 USD\n    Assets:Receivable:Acme:Sub  1.00 USD\n    Income\n",
        "customer account Assets:Receivable:Acme:Sub is below another customer account",
    );
    check_fails(
        "2026-01-01 (I-1) x\n    Assets:Receivable:Acme  1.00 USD\n    Income\n2026-01-02 (I-1) pays too much\n    Assets:Bank  5.00 USD\n    Assets:Receivable:Acme\n",
        "would be item `I-1`, but customer Acme already has an item `I-1`",
    );
    check_fails(
        "2026-01-02 pays nothing known\n    Assets:Bank  5.00 USD\n    Assets:Receivable:Acme  ; invoice: NOPE\n",
        "`NOPE` is not an item of customer Acme",
    );
    check_fails(
        "2026-01-01 (I-1) x\n    Assets:Receivable:Acme  1.00 USD\n    Income\n2026-01-02 pays in euros\n    Assets:Bank  1.00 EUR\n    Assets:Receivable:Acme  ; invoice: I-1\n",
        "applying across commodities is not allowed",
    );
    check_fails(
        "account Assets:Receivable:Acme  ; customer: Acme, terms: net 30 days\n2026-01-01 (I-1) x\n    Assets:Receivable:Acme  1.00 USD\n    Income\n",
        "unknown payment terms `net 30 days`",
    );
}

#[test]
fn paths_in_file_line_use_the_base_name_only() {
    assert_eq!(
        Path::new("/x/y/books.journal").file_name().unwrap(),
        "books.journal"
    );
}

/// §7.1: a payment plus a discount posting settles the invoice; the discount is a line of its
/// own in `statement` and `rollforward`; taken late, `check` warns with the days late.
#[test]
fn s7_1_early_payment_discounts() {
    let j = "\
account Assets:Receivable:Harbor  ; customer: Harbor Plumbing, terms: 2/10 net30
account Income:Sales Discounts  ; discount: yes
2026-03-02 * (INV-1) Harbor
    Assets:Receivable:Harbor  1000.00 USD
    Income:Sales
2026-03-05 * (INV-2) Harbor
    Assets:Receivable:Harbor  1440.00 USD
    Income:Sales
2026-03-12 * (PMT-1) Harbor
    Assets:Bank  980.00 USD
    Income:Sales Discounts  20.00 USD
    Assets:Receivable:Harbor  ; invoice: INV-1
2026-04-03 * (PMT-2) Harbor
    Assets:Bank  1411.20 USD
    Income:Sales Discounts  28.80 USD
    Assets:Receivable:Harbor  -1440.00 USD
";
    let files = [("books.journal", j)];
    let r = run_on(&files, &["invoices", "--date", "2026-04-30", "-O", "csv"]);
    assert_eq!(
        r.stdout,
        "customer,item,date,due,commodity,original,paid,open,status,days_to_pay,discount_date,discount,po\n\
         Harbor,INV-1,2026-03-02,2026-04-01,USD,1000.00,1000.00,0.00,paid,10,2026-03-12,20.00,\n\
         Harbor,INV-2,2026-03-05,2026-04-04,USD,1440.00,1440.00,0.00,paid,29,2026-03-15,28.80,\n",
        "{}",
        r.stderr
    );
    let r = run_on(&files, &["rollforward", "-p", "2026-03", "-O", "csv"]);
    assert!(
        r.stdout.contains(
            "Harbor,USD,0.00,2440.00,0.00,980.00,20.00,0.00,0.00,0.00,1440.00,1440.00,yes\n"
        ),
        "{}",
        r.stdout
    );
    let r = run_on(
        &files,
        &[
            "statement",
            "Harbor",
            "--from",
            "2026-03-12",
            "--to",
            "2026-03-12",
            "-O",
            "csv",
        ],
    );
    assert!(
        r.stdout
            .contains(",2026-03-12,payment,INV-1,Harbor,-980.00,1460.00\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains(",2026-03-12,discount,INV-1,Harbor,-20.00,1440.00\n"),
        "{}",
        r.stdout
    );
    let r = run_on(&files, &["check"]);
    assert!(
        r.stderr.contains(
            "warning[E0401]: discount of 28.80 on INV-2 taken 19 days after the discount date"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("0 errors, 1 warning"), "{}", r.stderr);
}
