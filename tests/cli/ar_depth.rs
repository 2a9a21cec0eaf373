//! Issue 18, AR depth: credits (§7.3), each rule on a small journal, and the journal entries
//! the conventions document (every `journal` block and appended entry of a §7.N section) read
//! with the same balances by arledger, ledger and hledger.

use crate::support::{arledger, have, root};

/// Writes `journal` as `books.journal` in a fresh directory and runs `arledger ARGS -f IT`.
pub(crate) fn run_on(journal: &str, args: &[&str]) -> crate::support::Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.journal");
    std::fs::write(&path, journal).unwrap();
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["-f", path.to_str().unwrap()]);
    arledger(&all)
}

/// The journal a section of docs/ar-conventions.md builds: its `journal` blocks, then what its
/// sessions append with `cat >> books.journal <<'END'`.
fn section_journal(heading: &str) -> String {
    let spec = std::fs::read_to_string(root().join("docs/ar-conventions.md")).unwrap();
    let start = spec
        .find(heading)
        .unwrap_or_else(|| panic!("{heading} exists"));
    let rest = &spec[start + heading.len()..];
    let section = &rest[..rest.find("\n### ").unwrap_or(rest.len())];
    let mut journal = String::new();
    let mut lines = section.lines();
    while let Some(line) = lines.next() {
        let end = if line == "```journal" {
            "```"
        } else if line.starts_with("$ cat >> books.journal <<'END'") {
            "END"
        } else {
            continue;
        };
        for l in lines.by_ref().take_while(|l| *l != end) {
            journal.push_str(l);
            journal.push('\n');
        }
        journal.push('\n');
    }
    journal
}

/// `check` passes on the section's journal, and arledger, ledger and hledger agree on every
/// balance.
pub(crate) fn same_balances_everywhere(heading: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.journal");
    std::fs::write(&path, section_journal(heading)).unwrap();
    let p = path.to_str().unwrap();
    let r = arledger(&["check", "-f", p]);
    assert_eq!(r.code, 0, "{heading}: {}", r.stderr);
    let ours = crate::demo::ours(p);
    assert!(!ours.is_empty());
    if have("hledger") {
        assert_eq!(ours, crate::demo::hledger(p), "{heading}: hledger");
    }
    if have("ledger") {
        assert_eq!(ours, crate::demo::ledger(p), "{heading}: ledger");
    }
}

#[test]
fn s7_3_entries_read_the_same_in_ledger_and_hledger() {
    same_balances_everywhere("### 7.3 Credits are credits everywhere");
}

#[test]
fn s7_5_entries_read_the_same_in_ledger_and_hledger() {
    same_balances_everywhere("### 7.5 Allowance for doubtful accounts");
}

const OVERPAID: &str = "\
account Assets:Receivable:Acme  ; customer: Acme Corp, terms: net30
2026-01-05 * (INV-1) Acme
    Assets:Receivable:Acme  100.00 USD
    Income
2026-01-20 * (PMT-1) Acme
    Assets:Bank  162.50 USD
    Assets:Receivable:Acme  ; invoice: INV-1
2026-02-01 * (INV-2) Acme
    Assets:Receivable:Acme  226.80 USD
    Income
";

/// §7.3: an overpaid invoice is an unapplied credit to `check` (at the overpaying payment,
/// aged from it) and has its days to pay (it no longer blanks the average).
#[test]
fn s7_3_an_overpaid_invoice_is_an_unapplied_credit() {
    let r = run_on(OVERPAID, &["check", "--today", "2026-04-20"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let r = run_on(OVERPAID, &["check", "--today", "2026-04-21"]);
    assert!(
        r.stderr.contains(
            ":7:5: warning[E0401]: unapplied credit (an overpayment) on invoice `INV-1` of customer Acme is 91 days old: 62.50 USD owed back"
        ),
        "{}",
        r.stderr
    );
    let r = run_on(
        OVERPAID,
        &["customers", "--date", "2026-06-30", "-O", "csv"],
    );
    assert!(
        r.stdout
            .contains("\nAcme,Acme Corp,net30,,USD,164.30,226.80,,no,15.0,2026-01-20,,ok,\n"),
        "{}",
        r.stdout
    );
    let r = run_on(OVERPAID, &["invoices", "--date", "2026-06-30", "-O", "csv"]);
    assert!(
        r.stdout
            .contains("\nAcme,INV-1,2026-01-05,2026-02-04,USD,100.00,162.50,-62.50,credit,15,,,\n"),
        "{}",
        r.stdout
    );
}

/// §7.3: aging shows how much of a row is credit and which items are credits (JSON and text,
/// never CSV); the statement nets the credits in its totals.
#[test]
fn s7_3_aging_and_statements_show_the_credits() {
    let r = run_on(OVERPAID, &["aging", "--date", "2026-06-30", "-O", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["rows"][0]["credits"]["quantity"], "62.50", "{v}");
    assert_eq!(v["rows"][0]["total"]["quantity"], "164.30", "{v}");
    let r = run_on(
        OVERPAID,
        &["aging", "--detail", "--date", "2026-06-30", "-O", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["rows"][0]["item"], "INV-1", "{v}");
    assert_eq!(v["rows"][0]["credit"], true, "{v}");
    assert_eq!(v["rows"][1]["credit"], false, "{v}");
    let r = run_on(OVERPAID, &["aging", "--date", "2026-06-30", "-O", "csv"]);
    assert!(r
        .stdout
        .starts_with("customer,commodity,current,1-30,31-60,61-90,over-90,total\n"));
    let r = run_on(OVERPAID, &["statement", "Acme", "--date", "2026-06-30"]);
    let totals = "Open invoices (USD)      226.80 USD\nLess your credits (USD)  -62.50 USD\nAmount due (USD)         164.30 USD\n";
    assert!(r.stdout.contains(totals), "{}", r.stdout);
}

/// §7.3: a dunning letter nets the customer's credits, in the exact words; a customer whose
/// credits cover what is overdue gets no letter.
#[test]
fn s7_3_dunning_letters_net_the_credits() {
    let r = run_on(OVERPAID, &["dunning", "--date", "2026-06-30"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("In USD: 226.80 is overdue; less your credit of 62.50, 164.30 is due.\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "Total overdue (USD)     226.80 USD\nLess your credit (USD)  -62.50 USD\nTotal due (USD)         164.30 USD\n"
        ),
        "{}",
        r.stdout
    );
    let html = run_on(OVERPAID, &["dunning", "--date", "2026-06-30", "-O", "html"]);
    assert!(html
        .stdout
        .contains("226.80 is overdue; less your credit of 62.50, 164.30 is due."));
    let covered = format!(
        "{OVERPAID}2026-03-01 * (PMT-2) Acme\n    Assets:Bank  200.00 USD\n    Assets:Receivable:Acme  ; invoice: INV-1\n"
    );
    let r = run_on(&covered, &["dunning", "--date", "2026-06-30"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("is overdue"), "{}", r.stdout);
    assert!(r.stderr.contains("0 letters"), "{}", r.stderr);
}

/// A write-off is not a payment: the invoice it settles is `written-off`, with no days to pay.
#[test]
fn a_written_off_invoice_is_written_off_not_paid() {
    let j = "\
account Assets:Receivable:Dunmore  ; customer: Dunmore Bakery, terms: due-on-receipt
2026-05-06 * (INV-1) Dunmore
    Assets:Receivable:Dunmore  2000.00 USD
    Income
2026-05-07 * (INV-2) Dunmore
    Assets:Receivable:Dunmore  300.00 USD
    Income
2026-05-20 * (PMT-1) Dunmore
    Assets:Bank  800.00 USD
    Assets:Receivable:Dunmore  -800.00 USD  ; invoice: INV-1
2026-06-02 * (PMT-2) Dunmore
    Assets:Bank  300.00 USD
    Assets:Receivable:Dunmore  -300.00 USD  ; invoice: INV-2
2026-09-30 * Dunmore | Bankrupt
    Expenses:Bad Debt  1200.00 USD
    Assets:Receivable:Dunmore
";
    let r = run_on(j, &["invoices", "--date", "2026-09-30", "-O", "csv"]);
    assert!(
        r.stdout.contains(
            "\nDunmore,INV-1,2026-05-06,2026-05-06,USD,2000.00,2000.00,0.00,written-off,,,,\n\
             Dunmore,INV-2,2026-05-07,2026-05-07,USD,300.00,300.00,0.00,paid,26,,,\n"
        ),
        "{}",
        r.stdout
    );
    let r = run_on(j, &["invoices", "--date", "2026-09-30", "-O", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["rows"][0]["status"], "written-off", "{v}");
}

#[test]
fn s7_4_entries_read_the_same_in_ledger_and_hledger() {
    same_balances_everywhere("### 7.4 Write-offs and bad-debt recovery");
}

const RECOVERY: &str = "\
account Assets:Receivable:Dunmore  ; customer: Dunmore Bakery, terms: net30
account Assets:Receivable:Fenwick  ; customer: Fenwick Tools, terms: net30
2026-03-02 * (INV-1) Dunmore
    Assets:Receivable:Dunmore  950.00 USD
    Income
2026-03-05 * (INV-2) Fenwick
    Assets:Receivable:Fenwick  600.00 USD
    Income
2026-09-30 * Dunmore | Written off
    Expenses:Bad Debt  950.00 USD
    Assets:Receivable:Dunmore  ; invoice: INV-1
2026-09-30 * Fenwick | Written off
    Expenses:Bad Debt  600.00 USD
    Assets:Receivable:Fenwick  ; invoice: INV-2
2026-11-16 * Dunmore | Reinstated
    Assets:Receivable:Dunmore  950.00 USD  ; invoice: INV-1
    Expenses:Bad Debt
2026-11-16 * (PMT-7) Dunmore
    Assets:Bank  950.00 USD
    Assets:Receivable:Dunmore  ; invoice: INV-1
2026-12-04 * (PMT-8) Fenwick | Paid onto the written-off invoice
    Assets:Bank  600.00 USD
    Assets:Receivable:Fenwick  ; invoice: INV-2
";

/// §7.4: a reinstated and paid invoice is `recovered`; between the two it is overdue again; a
/// payment onto an invoice that stands written off is a credit and a `check` warning naming
/// the reinstating posting; statements, the roll-forward and the site say the same.
/// §7.4: a recovery booked in one transaction, the reinstatement above the payment, reads as
/// the two steps: the bad-debt account credited reinstates, the money received pays. (It read
/// as a second write-off: no payment in the roll-forward, the invoice still written off.)
#[test]
fn s7_4_a_recovery_in_one_transaction_reinstates_and_pays() {
    let one = RECOVERY.replace(
        "2026-11-16 * Dunmore | Reinstated\n    Assets:Receivable:Dunmore  950.00 USD  ; invoice: INV-1\n    Expenses:Bad Debt\n2026-11-16 * (PMT-7) Dunmore\n    Assets:Bank  950.00 USD\n    Assets:Receivable:Dunmore  ; invoice: INV-1\n",
        "2026-11-16 * (PMT-7) Dunmore | Reinstated and paid\n    Assets:Receivable:Dunmore  950.00 USD  ; invoice: INV-1\n    Expenses:Bad Debt  -950.00 USD\n    Assets:Bank  950.00 USD\n    Assets:Receivable:Dunmore  -950.00 USD  ; invoice: INV-1\n",
    );
    assert_ne!(one, RECOVERY);
    let r = run_on(&one, &["invoices", "--date", "2026-11-30", "-O", "csv"]);
    assert!(
        r.stdout.contains(
            "\nDunmore,INV-1,2026-03-02,2026-04-01,USD,950.00,950.00,0.00,recovered,259,,,\n"
        ),
        "{}",
        r.stdout
    );
    let r = run_on(&one, &["rollforward", "-p", "2026-11", "-O", "csv"]);
    assert!(
        r.stdout
            .contains("\nDunmore,USD,0.00,0.00,0.00,950.00,0.00,0.00,-950.00,0.00,0.00,0.00,yes\n"),
        "{}",
        r.stdout
    );
    let r = run_on(
        &one,
        &[
            "statement",
            "Dunmore",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "-O",
            "csv",
        ],
    );
    assert!(
        r.stdout.contains(",reinstatement,INV-1,") && r.stdout.contains(",payment,INV-1,"),
        "{}",
        r.stdout
    );
}

#[test]
fn s7_4_a_bad_debt_recovery_reinstates_then_pays() {
    let r = run_on(RECOVERY, &["invoices", "--date", "2026-11-15", "-O", "csv"]);
    assert!(
        r.stdout.contains(
            "\nDunmore,INV-1,2026-03-02,2026-04-01,USD,950.00,950.00,0.00,written-off,,,,\n"
        ),
        "{}",
        r.stdout
    );
    let day = {
        let j = RECOVERY.replace("2026-11-16 * (PMT-7)", "2026-11-20 * (PMT-7)");
        run_on(&j, &["invoices", "--date", "2026-11-17", "-O", "csv"])
    };
    assert!(
        day.stdout
            .contains("\nDunmore,INV-1,2026-03-02,2026-04-01,USD,950.00,0.00,950.00,overdue,,,,\n"),
        "{}",
        day.stdout
    );
    let r = run_on(RECOVERY, &["invoices", "--date", "2026-12-31", "-O", "csv"]);
    assert!(
        r.stdout.contains(
            "\nDunmore,INV-1,2026-03-02,2026-04-01,USD,950.00,950.00,0.00,recovered,259,,,\n\
             Fenwick,INV-2,2026-03-05,2026-04-04,USD,600.00,1200.00,-600.00,credit,,,,\n"
        ),
        "{}",
        r.stdout
    );
    let r = run_on(
        RECOVERY,
        &[
            "statement",
            "Dunmore",
            "--from",
            "2026-09-01",
            "--to",
            "2026-11-30",
            "-O",
            "csv",
        ],
    );
    assert!(
        r.stdout.contains(",write-off,INV-1,") && r.stdout.contains(",reinstatement,INV-1,"),
        "{}",
        r.stdout
    );
    // Only what stands written off is reinstated: raising an invoice never written off against
    // the bad-debt account is a debit memo, as before.
    let never = RECOVERY.replace(
        "2026-11-16 * Dunmore | Reinstated",
        "2026-11-16 * Fenwick | Raised\n    Assets:Receivable:Fenwick  10.00 USD  ; invoice: INV-2\n    Expenses:Bad Debt\n2026-11-16 * Dunmore | Reinstated",
    ).replace("2026-09-30 * Fenwick | Written off\n    Expenses:Bad Debt  600.00 USD\n    Assets:Receivable:Fenwick  ; invoice: INV-2\n", "");
    let r = run_on(
        &never,
        &[
            "statement",
            "Fenwick",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "-O",
            "csv",
        ],
    );
    assert!(r.stdout.contains(",debit memo,INV-2,"), "{}", r.stdout);
    let r = run_on(RECOVERY, &["rollforward", "-p", "2026-11", "-O", "csv"]);
    assert!(
        r.stdout
            .contains("\nDunmore,USD,0.00,0.00,0.00,950.00,0.00,0.00,-950.00,0.00,0.00,0.00,yes\n"),
        "{}",
        r.stdout
    );
    let r = run_on(RECOVERY, &["check", "--today", "2026-12-31"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            ":23:5: warning[E0401]: payment of 600.00 USD on invoice `INV-2` of customer Fenwick, which stands written off: it makes a credit instead of recovering the bad debt"
        ) && r.stderr.contains(
            "note: reinstate the invoice before this payment (dated 2026-12-04 or earlier, and above it): `Assets:Receivable:Fenwick  600.00 USD  ; invoice: INV-2` against `Expenses:Bad Debt` (§7.4)"
        ),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("INV-1"), "{}", r.stderr);
    // The posting the note names, written above the payment, recovers INV-2 instead.
    let fixed = RECOVERY.replace(
        "2026-12-04 * (PMT-8)",
        "2026-12-04 * Fenwick | Reinstated\n    Assets:Receivable:Fenwick  600.00 USD  ; invoice: INV-2\n    Expenses:Bad Debt\n2026-12-04 * (PMT-8)",
    );
    let r = run_on(&fixed, &["check", "--today", "2026-12-31"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let r = run_on(&fixed, &["invoices", "--date", "2026-12-31", "-O", "csv"]);
    assert!(
        r.stdout.contains(
            "\nFenwick,INV-2,2026-03-05,2026-04-04,USD,600.00,600.00,0.00,recovered,274,,,\n"
        ),
        "{}",
        r.stdout
    );
    // The site's customer pages list what was written off, with the status of `invoices`.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.journal");
    std::fs::write(&path, RECOVERY).unwrap();
    let out = dir.path().join("site");
    let r = arledger(&[
        "site",
        "-f",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--date",
        "2026-12-31",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
    assert!(
        page("customer-0-dunmore.html").contains(
            "<tr><td>INV-1</td><td>2026-03-02</td><td>USD</td><td class=\"n\">950.00</td><td class=\"n\">0.00</td><td class=\"n\">0.00</td><td>recovered</td></tr>"
        ),
        "{}",
        page("customer-0-dunmore.html")
    );
    assert!(page("customer-1-fenwick.html")
        .contains("<td class=\"n\">600.00</td><td class=\"n\">-600.00</td><td>credit</td></tr>"));
}

/// What `writeoff --emit-journal` writes is a write-off to every report: `invoices` says
/// `written-off`, `statement` has the `write-off` line, the site lists it as written off.
#[test]
fn what_writeoff_writes_reads_as_written_off_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.journal");
    let books = root().join("journals/collections.journal");
    std::fs::copy(&books, &path).unwrap();
    let p = path.to_str().unwrap();
    let date = ["--date", "2026-03-31"];
    let r = arledger(
        &[
            &["writeoff", "-f", p, "--older-than", "60", "--emit-journal"][..],
            &date,
        ]
        .concat(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("; invoice: INV-1962"), "{}", r.stdout);
    let mut journal = std::fs::read_to_string(&path).unwrap();
    journal.push_str(&r.stdout);
    std::fs::write(&path, journal).unwrap();
    let r = arledger(&[&["invoices", "-f", p, "Northgate", "-O", "csv"][..], &date].concat());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "Northgate,INV-1962,2026-01-01,2025-12-10,USD,2400.00,2400.00,0.00,written-off,,"
        ),
        "{}",
        r.stdout
    );
    let r = arledger(
        &[&[
            "statement",
            "-f",
            p,
            "Northgate",
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-31",
            "-O",
            "csv",
        ][..]]
        .concat(),
    );
    assert!(
        r.stdout.contains(",2026-03-31,write-off,INV-1962,Northgate Property Management | Write-off of INV-1962,-1800.00,0.00\n"),
        "{}",
        r.stdout
    );
    let out = dir.path().join("site");
    let r = arledger(
        &[
            &["site", "-f", p, "--out", out.to_str().unwrap()][..],
            &date,
        ]
        .concat(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|f| f.to_string_lossy().contains("northgate"))
        .unwrap();
    let page = std::fs::read_to_string(page).unwrap();
    assert!(page.contains("<td>written-off</td>"), "{page}");
    assert_eq!(
        arledger(&["check", "-f", p, "--today", "2026-03-31"]).code,
        0
    );
}
