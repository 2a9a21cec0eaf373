//! `arledger fx` and the realised-FX convention (issue 18 item 9, spec §7.9).

use std::path::Path;

use crate::support::{arledger, arledger_with_stdin, ok};

const BOOKS: &str = "tests/fixtures/ar-depth/books.journal";

#[test]
fn the_convention_keeps_ledger_hledger_and_arledger_balances_equal() {
    crate::data_in::books_are_sound(Path::new(BOOKS));
}

#[test]
fn fx_shows_posted_and_unposted_gains_and_losses() {
    let csv = ok(&["fx", "-f", BOOKS, "-p", "2026q1", "-O", "csv"]);
    assert_eq!(
        csv,
        "date,customer,payment,items,settled,booked_rate,paid_rate,booked,received,realised,posted,unposted\n\
         2026-03-12,Keller,PMT-302,INV-2002,2000.00 EUR,1.1,1.2,2200.00 USD,2400.00 USD,200.00 USD,200.00 USD,0.00 USD\n\
         2026-03-20,Keller,PMT-303,INV-2004,1000.00 EUR,1.15,1.12,1150.00 USD,1120.00 USD,-30.00 USD,0.00 USD,-30.00 USD\n\
         ,total,,,,,,3350.00 USD,3520.00 USD,170.00 USD,200.00 USD,-30.00 USD\n"
    );
    // The period and the customer select.
    let feb = ok(&["fx", "-f", BOOKS, "-p", "2026-02"]);
    assert!(
        feb.contains("No payment of an invoice booked in another currency."),
        "{feb}"
    );
    let none = ok(&["fx", "-f", BOOKS, "-p", "2026q1", "-O", "csv", "harbor"]);
    assert_eq!(none.lines().count(), 1, "{none}");
    // check warns at the payment whose loss no FX account holds, and only there.
    let r = arledger(&["check", "-f", BOOKS]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "books.journal:69:5: warning[E0401]: a realised FX loss of 30.00 USD on INV-2004 is in no FX account"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("0 errors, 1 warning"), "{}", r.stderr);
}

#[test]
fn an_fx_account_may_be_declared_and_several_invoices_share_a_payment() {
    let journal = "\
account Assets:Receivable:Bern  ; customer: Bern AG, terms: net30
account Revenue:Currency  ; fx: yes

2026-01-10 (INV-1) Bern
    Assets:Receivable:Bern    100.00 CHF @ 1.10 USD
    Income:Sales             -110.00 USD

2026-01-11 (INV-2) Bern
    Assets:Receivable:Bern    100.00 CHF @@ 105.00 USD
    Income:Sales             -105.00 USD

2026-02-10 (PMT-1) Bern
    Assets:Bank:Checking      230.00 USD
    Assets:Receivable:Bern   -100.00 CHF @ 1.10 USD  ; invoice: INV-1
    Assets:Receivable:Bern   -100.00 CHF @ 1.05 USD  ; invoice: INV-2
    Revenue:Currency          -15.00 USD
";
    let r = arledger_with_stdin(&["fx", "-f", "-", "-p", "2026", "-O", "csv"], Some(journal));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout.lines().nth(1).unwrap(),
        "2026-02-10,Bern,PMT-1,INV-1 INV-2,200.00 CHF,1.075,1.15,215.00 USD,230.00 USD,15.00 USD,15.00 USD,0.00 USD"
    );
    let r = arledger_with_stdin(&["check", "-f", "-"], Some(journal));
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
}

/// The journals of spec §7.9, together, read cleanly and give ledger's and hledger's balances.
#[test]
fn s7_9_entries_read_the_same_in_ledger_and_hledger() {
    crate::ar_depth::same_balances_everywhere("### 7.9 Multi-currency");
}
