//! Edge cases of the bank matching engine on tiny journals: ties, window edges, groups,
//! commodities, rearranged pairs, near misses, totals, and the payer guesses.

use arledger_journal::{parse_str, Journal};
use arledger_report::ar::{open_items, ArOptions};
use arledger_report::reconcile::{
    reconcile_bank, suggest_payments, BankOptions, BankReconciliation, BankStatement,
    BankStatementLine, Evidence, Exactness, MatchedBy,
};
use chrono::NaiveDate;
use rust_decimal::Decimal;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn journal(text: &str) -> Journal {
    let loaded = parse_str(text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.journal
}

/// A statement line: `(date, amount, commodity, description, reference)`; line numbers count
/// from 2 (after a header).
fn statement(lines: &[(&str, &str, &str, &str, &str)]) -> BankStatement {
    BankStatement {
        lines: lines
            .iter()
            .enumerate()
            .map(|(i, &(d, a, c, desc, r))| BankStatementLine {
                line: i as u32 + 2,
                date: date(d),
                amount: dec(a),
                commodity: c.to_string(),
                description: desc.to_string(),
                reference: r.to_string(),
            })
            .collect(),
        commodities: vec!["USD".to_string()],
        opening: Vec::new(),
    }
}

fn run(j: &Journal, st: &BankStatement, from: &str, to: &str, window: u32) -> BankReconciliation {
    let account = j.accounts.get("Assets:Bank").expect("the bank account");
    reconcile_bank(
        j,
        st,
        &BankOptions {
            account,
            from: date(from),
            to: date(to),
            window,
        },
    )
    .unwrap()
}

/// The journal line of each matched posting, per matched statement line: `(line, [lines], by)`.
fn pairs(
    j: &Journal,
    r: &BankReconciliation,
    st: &BankStatement,
) -> Vec<(u32, Vec<u32>, MatchedBy)> {
    r.matches
        .iter()
        .map(|m| {
            (
                st.lines[m.line].line,
                m.entries
                    .iter()
                    .map(|b| j.sources.line_col(j.postings[b.posting].span).line)
                    .collect(),
                m.by,
            )
        })
        .collect()
}

/// A deposit of `amount` on `date`, from a customer, with a code; its bank posting is on the
/// transaction's second line.
fn deposit(date: &str, code: &str, who: &str, amount: &str) -> String {
    format!("{date} * ({code}) {who} | Payment\n    Assets:Bank  {amount} USD\n    Assets:Receivable:{who}\n")
}

#[test]
fn a_reference_on_the_line_breaks_a_tie_of_amount_and_date() {
    let j = journal(&format!(
        "{}{}",
        deposit("2026-03-02", "PMT-1", "Acme", "100.00"),
        deposit("2026-03-02", "PMT-2", "Beta", "100.00")
    ));
    let st = statement(&[("2026-03-03", "100.00", "USD", "TRANSFER", "PMT-2")]);
    let r = run(&j, &st, "2026-03-01", "2026-03-31", 3);
    assert_eq!(pairs(&j, &r, &st), vec![(2, vec![5], MatchedBy::Reference)]);
    assert_eq!(r.book_only.len(), 1);
    assert!(!r.is_reconciled());
}

#[test]
fn then_shared_words_then_the_closest_date() {
    let j = journal(&format!(
        "{}{}{}",
        deposit("2026-03-01", "A", "Acme", "100.00"),
        deposit("2026-03-04", "B", "Beta", "100.00"),
        deposit("2026-03-04", "C", "Gamma", "100.00")
    ));
    // Beta shares a word; Acme and Gamma none, and Gamma is closer than Acme.
    let st = statement(&[
        ("2026-03-03", "100.00", "USD", "BETA INDUSTRIES", ""),
        ("2026-03-03", "100.00", "USD", "CHECK DEPOSIT", ""),
    ]);
    let r = run(&j, &st, "2026-03-01", "2026-03-31", 3);
    assert_eq!(
        pairs(&j, &r, &st),
        vec![
            (2, vec![5], MatchedBy::Description),
            (3, vec![8], MatchedBy::Date)
        ]
    );
    assert_eq!(r.book_only.len(), 1);
    assert_eq!(r.book_only[0].date, date("2026-03-01"));
}

#[test]
fn the_window_is_inclusive() {
    let j = journal(&deposit("2026-03-10", "A", "Acme", "100.00"));
    let at = |d: &str, window| {
        let st = statement(&[(d, "100.00", "USD", "", "")]);
        run(&j, &st, "2026-03-01", "2026-03-31", window)
            .matches
            .len()
    };
    assert_eq!(at("2026-03-13", 3), 1);
    assert_eq!(at("2026-03-07", 3), 1);
    assert_eq!(at("2026-03-14", 3), 0);
    assert_eq!(at("2026-03-06", 3), 0);
    assert_eq!(at("2026-03-10", 0), 1);
    assert_eq!(at("2026-03-11", 0), 0);
}

#[test]
fn pairs_are_rearranged_so_that_more_lines_match() {
    // Best first would give the 03-05 line the 03-05 posting and leave the 03-02 line with
    // nothing; both lines match when the 03-05 line takes the 03-08 posting.
    let j = journal(&format!(
        "{}{}",
        deposit("2026-03-05", "A", "Acme", "100.00"),
        deposit("2026-03-08", "B", "Beta", "100.00")
    ));
    let st = statement(&[
        ("2026-03-05", "100.00", "USD", "", ""),
        ("2026-03-02", "100.00", "USD", "", ""),
    ]);
    let r = run(&j, &st, "2026-03-01", "2026-03-31", 3);
    assert_eq!(
        pairs(&j, &r, &st),
        vec![(3, vec![2], MatchedBy::Date), (2, vec![5], MatchedBy::Date)]
    );
    assert!(r.is_reconciled());
}

#[test]
fn a_reference_match_is_never_given_up_for_another_line() {
    let j = journal(&format!(
        "{}{}",
        deposit("2026-03-05", "INV-7", "Acme", "100.00"),
        deposit("2026-03-08", "B", "Beta", "100.00")
    ));
    let st = statement(&[
        ("2026-03-05", "100.00", "USD", "RE INV-7", ""),
        ("2026-03-02", "100.00", "USD", "", ""),
    ]);
    let r = run(&j, &st, "2026-03-01", "2026-03-31", 3);
    assert_eq!(pairs(&j, &r, &st), vec![(2, vec![2], MatchedBy::Reference)]);
    assert_eq!(r.statement_only, vec![1]);
}

#[test]
fn amounts_in_different_commodities_never_match() {
    let j = journal(
        "2026-03-02 * Deposit\n    Assets:Bank  100.00 EUR\n    Income\n\
         2026-03-02 * Deposit\n    Assets:Bank  100.00 USD\n    Income\n",
    );
    let mut st = statement(&[("2026-03-02", "100.00", "EUR", "", "")]);
    st.commodities = vec!["EUR".to_string()];
    let r = run(&j, &st, "2026-03-01", "2026-03-31", 3);
    assert_eq!(pairs(&j, &r, &st), vec![(2, vec![2], MatchedBy::Date)]);
    // The USD posting is not compared at all: the statement is in EUR.
    assert!(r.book_only.is_empty() && r.is_reconciled());
    assert_eq!(r.totals.len(), 1);
    // A line in a commodity the journal never uses matches nothing.
    let st = statement(&[("2026-03-02", "100.00", "CHF", "", "")]);
    let r = run(&j, &st, "2026-03-01", "2026-03-31", 3);
    assert!(r.matches.is_empty());
    assert_eq!(r.statement_only, vec![0]);
    assert_eq!(r.book_only.len(), 1, "the USD posting");
    assert_eq!(
        r.totals
            .iter()
            .map(|t| t.commodity.as_str())
            .collect::<Vec<_>>(),
        ["CHF", "USD"]
    );
}

#[test]
fn a_deposit_of_several_payments_of_one_day_matches_as_a_group() {
    let j = journal(&format!(
        "{}{}{}{}",
        deposit("2026-03-09", "A", "Acme", "100.00"),
        deposit("2026-03-09", "B", "Beta", "250.00"),
        deposit("2026-03-10", "C", "Gamma", "50.00"),
        deposit("2026-03-09", "D", "Delta", "-20.00"),
    ));
    // The 03-09 deposits sum to 350.00 (the withdrawal has the other sign and is left out);
    // adding the 03-10 one is not considered: one day per group.
    let st = statement(&[("2026-03-10", "350.00", "USD", "DEPOSIT", "")]);
    let r = run(&j, &st, "2026-03-01", "2026-03-31", 3);
    assert_eq!(pairs(&j, &r, &st), vec![(2, vec![2, 5], MatchedBy::Group)]);
    assert_eq!(r.book_only.len(), 2);
    // A smallest subset that is the only one of its size matches too.
    let st = statement(&[("2026-03-10", "150.00", "USD", "", "")]);
    let j2 = journal(&format!(
        "{}{}{}",
        deposit("2026-03-09", "A", "Acme", "100.00"),
        deposit("2026-03-09", "B", "Beta", "50.00"),
        deposit("2026-03-09", "C", "Gamma", "70.00"),
    ));
    let r = run(&j2, &st, "2026-03-01", "2026-03-31", 3);
    assert_eq!(pairs(&j2, &r, &st), vec![(2, vec![2, 5], MatchedBy::Group)]);
    // Two subsets of the smallest size: ambiguous, no group.
    let j3 = journal(&format!(
        "{}{}{}{}",
        deposit("2026-03-09", "A", "Acme", "100.00"),
        deposit("2026-03-09", "B", "Beta", "50.00"),
        deposit("2026-03-09", "C", "Gamma", "100.00"),
        deposit("2026-03-09", "D", "Delta", "10.00"),
    ));
    let r = run(&j3, &st, "2026-03-01", "2026-03-31", 3);
    assert!(r.matches.is_empty());
    // Postings outside the window are not grouped.
    let r = run(&j2, &st, "2026-03-01", "2026-03-31", 0);
    assert!(r.matches.is_empty());
}

#[test]
fn a_common_reference_with_another_amount_is_a_near_miss() {
    let j = journal(&deposit("2026-03-04", "INV-9", "Acme", "1200.00"));
    let st = statement(&[("2026-03-05", "1190.00", "USD", "ACME", "INV-9")]);
    let r = run(&j, &st, "2026-03-01", "2026-03-31", 3);
    assert!(r.matches.is_empty() && r.statement_only.is_empty() && r.book_only.is_empty());
    assert_eq!(r.near_misses.len(), 1);
    assert_eq!(r.near_misses[0].difference, dec("10.00"));
    let t = &r.totals[0];
    // No running balance: the statement starts where the books started (0) and adds 1190.
    assert!(t.opening_from_books);
    assert_eq!(
        (t.book_balance, t.statement_balance, t.difference),
        (dec("1200.00"), dec("1190.00"), dec("10.00"))
    );
    assert_eq!((t.near_misses, t.unexplained), (dec("10.00"), dec("0")));
    assert!(!r.is_reconciled());
}

#[test]
fn totals_explain_the_difference_and_show_what_was_there_before() {
    let j = journal(&format!(
        "2026-02-20 * Opening\n    Assets:Bank  1000.00 USD\n    Equity\n{}{}",
        deposit("2026-03-04", "A", "Acme", "200.00"),
        deposit("2026-03-30", "B", "Beta", "300.00"),
    ));
    let mut st = statement(&[
        ("2026-03-05", "200.00", "USD", "", ""),
        ("2026-03-20", "-15.00", "USD", "SERVICE FEE", ""),
        ("2026-04-02", "300.00", "USD", "", ""),
    ]);
    // The bank shows 990.00 before its first line: 10.00 less than the books at the start.
    st.opening = vec![("USD".to_string(), dec("990.00"))];
    let r = run(&j, &st, "2026-03-01", "2026-03-31", 3);
    assert_eq!(r.outside_period, 1);
    assert_eq!(r.matches.len(), 1);
    assert_eq!(r.statement_only, vec![1]);
    assert_eq!(r.book_only.len(), 1, "the 03-30 deposit is in transit");
    let t = &r.totals[0];
    assert_eq!(t.book_balance, dec("1500.00"));
    assert_eq!(t.statement_balance, dec("1175.00"));
    assert_eq!(t.book_only, dec("300.00"));
    assert_eq!(t.statement_only, dec("-15.00"));
    // 1500 - 1175 = 325 = 300 - (-15) + 10 (already there at the start).
    assert_eq!(t.unexplained, dec("10.00"));
    assert!(!t.opening_from_books);
}

#[test]
fn lines_and_postings_of_zero_take_no_part() {
    let j = journal("2026-03-02 * Check\n    Assets:Bank  0 USD = 0 USD\n    Income  0 USD\n");
    let st = statement(&[("2026-03-02", "0.00", "USD", "", "")]);
    let r = run(&j, &st, "2026-03-01", "2026-03-31", 3);
    assert!(r.is_reconciled(), "{r:?}");
}

#[test]
fn deposits_not_booked_get_a_customer_and_an_invoice_when_the_evidence_is_clear() {
    let j = journal(
        "account Assets:Receivable:Acme\n    ; customer: Acme Corp\n\
         account Assets:Receivable:Bolt\n    ; customer: Bolt Hardware Ltd\n\
         2026-02-01 * Opening\n    Assets:Bank  10.00 USD\n    Equity\n\
         2026-03-01 * (INV-1) Acme\n    Assets:Receivable:Acme  500.00 USD\n    Income\n\
         2026-03-01 * (INV-2) Acme\n    Assets:Receivable:Acme  700.00 USD\n    Income\n\
         2026-03-02 * (INV-3) Bolt\n    Assets:Receivable:Bolt  700.00 USD\n    Income\n\
         2026-03-02 * (INV-4) Bolt\n    Assets:Receivable:Bolt  260.00 USD\n    Income\n\
         2026-03-25 * (INV-5) Bolt\n    Assets:Receivable:Bolt  333.00 USD\n    Income\n",
    );
    let st = statement(&[
        // Names INV-1 and pays it exactly.
        ("2026-03-10", "500.00", "USD", "TRANSFER", "INV-1"),
        // Names Bolt; two Bolt invoices are open, one is 700.00.
        ("2026-03-11", "700.00", "USD", "BOLT HARDWARE", ""),
        // No name, no reference: only Bolt has an open 260.00.
        ("2026-03-12", "260.00", "USD", "DEPOSIT", ""),
        // No name, no reference: Bolt's 700.00 is paid by the second line, so only Acme has
        // an open 700.00.
        ("2026-03-13", "700.00", "USD", "DEPOSIT", ""),
        // INV-5 is dated after the deposit: it cannot be paid by it; no open amount fits.
        ("2026-03-14", "333.00", "USD", "DEPOSIT", ""),
        // Withdrawals are not payments.
        ("2026-03-15", "-50.00", "USD", "BOLT HARDWARE", ""),
    ]);
    let r = run(&j, &st, "2026-03-01", "2026-03-31", 3);
    let ar = open_items(
        &j,
        &ArOptions {
            root: "Assets:Receivable".into(),
            as_of: date("2026-03-31"),
        },
    );
    let got: Vec<(u32, Option<String>, Option<String>, Evidence)> =
        suggest_payments(&j, &ar, &st, &r)
            .iter()
            .map(|s| {
                (
                    st.lines[s.line].line,
                    s.customer.map(|c| ar.customers.list[c].id.clone()),
                    s.invoice.map(|i| ar.items[i].reference(&j).into_owned()),
                    s.evidence,
                )
            })
            .collect();
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        got,
        vec![
            (2, some("Acme"), some("INV-1"), Evidence::Reference),
            (3, some("Bolt"), some("INV-3"), Evidence::Name),
            (4, some("Bolt"), some("INV-4"), Evidence::OpenAmount),
            (5, some("Acme"), some("INV-2"), Evidence::OpenAmount),
            (6, None, None, Evidence::Unknown),
        ]
    );
}

#[test]
fn postings_booked_just_before_the_period_may_clear_in_it() {
    let j = journal(&format!(
        "2026-02-01 * Opening\n    Assets:Bank  1000.00 USD\n    Equity\n{}{}{}",
        // Booked on 02-27 and 02-28; the bank shows only the second, on 03-02.
        deposit("2026-02-27", "A", "Acme", "50.00"),
        deposit("2026-02-28", "B", "Beta", "200.00"),
        deposit("2026-03-10", "C", "Gamma", "300.00"),
    ));
    let mut st = statement(&[
        ("2026-03-02", "200.00", "USD", "", ""),
        ("2026-03-10", "300.00", "USD", "", ""),
    ]);
    let r = run(&j, &st, "2026-03-01", "2026-03-31", 3);
    // The 02-28 deposit clears on 03-02. The 02-27 one matches nothing: as a posting dated
    // before the period it is the previous reconciliation's business, not reported.
    assert_eq!(
        pairs(&j, &r, &st),
        vec![
            (2, vec![8], MatchedBy::Date),
            (3, vec![11], MatchedBy::Date)
        ]
    );
    assert!(r.book_only.is_empty() && r.statement_only.is_empty());
    let t = &r.totals[0];
    assert_eq!(t.cleared_from_before, dec("200.00"));
    // No running balance: the bank is taken to have had the books' 1250.00 less the 200.00 in
    // transit at the start, so everything is explained.
    assert_eq!(t.statement_balance, dec("1550.00"));
    assert_eq!(t.book_balance, dec("1550.00"));
    assert!(r.is_reconciled());
    // With a running balance that says the bank had 1000.00 at the start: 250.00 differed then,
    // of which 200.00 was in transit; 50.00 (the 02-27 deposit) stays unexplained.
    st.opening = vec![("USD".to_string(), dec("1000.00"))];
    let r = run(&j, &st, "2026-03-01", "2026-03-31", 3);
    let t = &r.totals[0];
    assert_eq!(t.statement_balance, dec("1500.00"));
    assert_eq!(t.unexplained, dec("50.00"));
    assert!(!r.is_reconciled());
}

/// Sums that would be rounded are an error, never a rounded balance (issue 14, item 11): the
/// engine refuses them even when a statement reader did not, and [`Exactness`] finds them
/// first, at the line that causes them.
#[test]
fn inexact_sums_are_refused() {
    let j = journal("2026-03-01 * Open\n    Assets:Bank  10.00 USD\n    Equity\n");
    let st = statement(&[
        (
            "2026-03-02",
            "1000000000000000000000000000",
            "USD",
            "BIG",
            "",
        ),
        (
            "2026-03-05",
            "0.0000000000000000000000000001",
            "USD",
            "TINY",
            "",
        ),
    ]);
    let account = j.accounts.get("Assets:Bank").unwrap();
    let r = reconcile_bank(
        &j,
        &st,
        &BankOptions {
            account,
            from: date("2026-03-02"),
            to: date("2026-03-05"),
            window: 3,
        },
    );
    assert_eq!(r, Err(arledger_report::Overflow));
    let mut exact = Exactness::from_books(&j, account).unwrap();
    assert!(exact.add("USD", st.lines[0].amount));
    assert!(!exact.add("USD", st.lines[1].amount));
    // Ordinary amounts, even large ones, are fine.
    let mut exact = Exactness::from_books(&j, account).unwrap();
    for _ in 0..1000 {
        assert!(exact.add("USD", dec("123456789012345678.99")));
    }
    // Postings too large to be summed four times over are found in the books.
    let big = "9999999999999999999999999999 USD";
    let huge = journal(&format!(
        "2026-03-01 * Open\n    Assets:Bank  {big}\n    Equity\n\
         2026-03-02 * More\n    Assets:Bank  {big}\n    Equity\n"
    ));
    let account = huge.accounts.get("Assets:Bank").unwrap();
    assert_eq!(Exactness::from_books(&huge, account).map(|_| ()), Err(2));
}
