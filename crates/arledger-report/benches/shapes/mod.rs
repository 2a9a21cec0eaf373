//! Journals of the shapes that once took quadratic time (issue 14, item 10), shared by the
//! criterion benches (`benches/engine.rs`) and the generator behind `bench/compare.sh`
//! (`examples/gen_shape.rs`). Each is deterministic and valid for ledger 3.3 and hledger 1.25.

use std::fmt::Write as _;

/// The shapes, by the name the generator takes on its command line.
pub const SHAPES: &[&str] = &["customers", "fifo", "commodities"];

/// The journal of shape `name` with `n` customers, invoice/payment pairs or commodities.
pub fn shape(name: &str, n: usize) -> Option<String> {
    match name {
        "customers" => Some(many_customers(n)),
        "fifo" => Some(one_customer_fifo(n)),
        "commodities" => Some(many_commodities(n)),
        _ => None,
    }
}

/// `n` declared customers below `Assets:Receivable`, each with one invoice; every second one
/// paid by a tagged payment. The customer ambiguity test (two ids, one account below another)
/// once compared every pair of customers.
pub fn many_customers(n: usize) -> String {
    let mut s = String::with_capacity(n * 330);
    s.push_str("commodity USD\n    format 1,000.00 USD\n\n");
    for c in 0..n {
        let _ = writeln!(
            s,
            "account Assets:Receivable:C{c:07}\n    ; customer: Customer {c}\n    ; terms: net30"
        );
    }
    for c in 0..n {
        let day = 1 + c % 28;
        let cents = 10_000 + (c * 7919) % 900_000;
        let amount = format!("{}.{:02}", cents / 100, cents % 100);
        let _ = write!(
            s,
            "\n2026-01-{day:02} * (INV-{c:07}) Customer {c}\n    ; invoice: INV-{c:07}\n    Assets:Receivable:C{c:07}  {amount} USD\n    Income:Services\n"
        );
        if c % 2 == 0 {
            let _ = write!(
                s,
                "\n2026-02-{day:02} * (PMT-{c:07}) Customer {c}\n    Assets:Bank:Checking  {amount} USD\n    Assets:Receivable:C{c:07}  ; invoice: INV-{c:07}\n"
            );
        }
    }
    s
}

/// One customer with `n` invoices, then `n` payments without an `invoice:` tag, each the size
/// of one invoice, so that every payment is applied oldest-first (D8) to the invoice at the
/// head of the customer's queue. The application once re-scanned every open invoice per
/// payment.
pub fn one_customer_fifo(n: usize) -> String {
    let mut s = String::with_capacity(n * 260);
    s.push_str("commodity USD\n    format 1,000.00 USD\n\naccount Assets:Receivable:Acme\n    ; customer: Acme Corp\n    ; terms: net30\n");
    let amount = |i: usize| {
        let cents = 10_000 + (i * 7919) % 900_000;
        format!("{}.{:02}", cents / 100, cents % 100)
    };
    // Invoices over 2024 and 2025, payments over 2026: all invoices are open when the first
    // payment comes.
    let date = |year: i32, i: usize| {
        chrono::NaiveDate::from_ymd_opt(year, 1, 1).unwrap()
            + chrono::Days::new((i * 365 / n.max(1)) as u64)
    };
    for i in 0..n {
        let _ = write!(
            s,
            "\n{} * (INV-{i:07}) Acme Corp\n    ; invoice: INV-{i:07}\n    Assets:Receivable:Acme  {} USD\n    Income:Services\n",
            date(2025, i),
            amount(i)
        );
    }
    for i in 0..n {
        let _ = write!(
            s,
            "\n{} * Acme Corp | payment {i}\n    Assets:Bank:Checking  {} USD\n    Assets:Receivable:Acme\n",
            date(2026, i),
            amount(i)
        );
    }
    s
}

/// The symbol of commodity number `i`: letters only (`CAAAAA`, `CAAAAB`, …), as ledger and
/// hledger read an unquoted symbol.
fn commodity_symbol(mut i: usize) -> String {
    let mut letters = [b'A'; 5];
    for l in letters.iter_mut().rev() {
        *l = b'A' + (i % 26) as u8;
        i /= 26;
    }
    format!("C{}", String::from_utf8_lossy(&letters))
}

/// `n` declared commodities, each bought once into one asset account: the balance report and
/// its totals hold `n` commodities, which sums once searched one by one.
pub fn many_commodities(n: usize) -> String {
    let mut s = String::with_capacity(n * 150);
    for i in 0..n {
        let _ = writeln!(s, "commodity 1,000.00 {}", commodity_symbol(i));
    }
    s.push_str("\naccount Assets:Holdings\naccount Equity:Opening Balances\n");
    for i in 0..n {
        let sym = commodity_symbol(i);
        let _ = write!(
            s,
            "\n2026-01-{:02} * Opening {sym}\n    Assets:Holdings  {}.00 {sym}\n    Equity:Opening Balances  -{}.00 {sym}\n",
            1 + i % 28,
            1 + i % 997,
            1 + i % 997
        );
    }
    s
}
