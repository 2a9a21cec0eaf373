//! The accounts-receivable benchmark books: N transactions over six years of a small company's
//! receivable — invoices (one to three revenue lines, `due:` and sometimes `po:` tags), payments
//! applied to invoices (in full, in two instalments, several invoices in one remittance, card
//! payments net of a fee), payments on account and their refunds, credit memos, write-offs and
//! bank fees. Every transaction balances exactly (integer cents).
//!
//! Each new invoice schedules its own future (paid near its due date, in instalments, reduced
//! by a credit memo, or written off when long overdue), and each slot of the timeline emits the
//! earliest scheduled event that has come due, else a new invoice: payments follow invoices the
//! way they do in real books, and the receivable stays about one to two months of sales
//! whatever N is.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::{self, Write};

use chrono::{Datelike, Days, NaiveDate};

use crate::rng::Rng;

const CURRENCY: &str = "USD";
const BANK: &str = "Assets:Bank:Checking";
const AR_ROOT: &str = "Assets:Receivable";
const FEES: &str = "Expenses:BankFees";
const CARD_FEES: &str = "Expenses:CardProcessingFees";
const BAD_DEBT: &str = "Expenses:BadDebt";
const RETURNS: &str = "Income:Returns";
const REVENUE: [&str; 5] = [
    "Income:Services",
    "Income:Products",
    "Income:Subscriptions",
    "Income:Consulting",
    "Income:Shipping",
];
const NAME_A: [&str; 30] = [
    "Acme",
    "Blue",
    "North",
    "Summit",
    "Pioneer",
    "Harbor",
    "Cedar",
    "Granite",
    "Silver",
    "Apex",
    "Evergreen",
    "Redwood",
    "Lakeside",
    "Atlas",
    "Beacon",
    "Crescent",
    "Delta",
    "Falcon",
    "Golden",
    "Horizon",
    "Iron",
    "Juniper",
    "Keystone",
    "Liberty",
    "Maple",
    "Nova",
    "Orchard",
    "Prairie",
    "Quarry",
    "River",
];
const NAME_B: [&str; 20] = [
    "Widgets",
    "Logistics",
    "Foods",
    "Dental",
    "Builders",
    "Analytics",
    "Motors",
    "Textiles",
    "Clinic",
    "Software",
    "Farms",
    "Hardware",
    "Studios",
    "Labs",
    "Freight",
    "Bakery",
    "Printing",
    "Energy",
    "Outfitters",
    "Systems",
];
const NAME_C: [&str; 8] = [
    "Ltd", "Inc", "LLC", "GmbH", "Co", "Corp", "Group", "Partners",
];
/// Terms, their days, and their weight.
const TERMS: [(&str, u64, usize); 5] = [
    ("net30", 30, 6),
    ("net15", 15, 2),
    ("net45", 45, 2),
    ("net60", 60, 1),
    ("due-on-receipt", 0, 1),
];

/// A customer of the books.
pub struct Customer {
    account: String,
    name: String,
    terms: &'static str,
    term_days: u64,
    /// Open invoices (indices into the invoices), oldest first.
    open: Vec<usize>,
}

struct Invoice {
    reference: String,
    customer: usize,
    remaining: i64,
    due: NaiveDate,
    /// May be paid early in another invoice's remittance.
    sweepable: bool,
}

/// One transaction.
pub struct Txn {
    date: NaiveDate,
    code: Option<String>,
    payee: String,
    note: &'static str,
    tags: Vec<(&'static str, String)>,
    /// Account, cents, and an `invoice:` posting tag.
    postings: Vec<(String, i64, Option<String>)>,
}

/// The generated books.
pub struct Books {
    customers: Vec<Customer>,
    txns: Vec<Txn>,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    /// Pay an invoice: in full (`None`) or this percentage of what is open.
    Pay(usize, Option<i64>),
    CreditMemo(usize),
    WriteOff(usize),
    /// Refund a customer's payments on account.
    Refund(usize),
}

struct Generator {
    rng: Rng,
    customers: Vec<Customer>,
    /// Cumulative customer weights, for picking heavy-tailed customer sizes.
    cumulative: Vec<f64>,
    invoices: Vec<Invoice>,
    events: BinaryHeap<Reverse<(NaiveDate, u64, Event)>>,
    seq: u64,
    counters: [u64; 5],
    width: usize,
    /// Payments on account not refunded yet, per customer.
    unapplied: Vec<i64>,
}

fn days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d + Days::new(n as u64)
    } else {
        d - Days::new(n.unsigned_abs())
    }
}

impl Generator {
    fn code(&mut self, prefix: usize) -> String {
        const PREFIXES: [&str; 5] = ["INV", "PMT", "CM", "RF", "WO"];
        self.counters[prefix] += 1;
        format!(
            "{}-{:0width$}",
            PREFIXES[prefix],
            self.counters[prefix],
            width = self.width
        )
    }

    fn pick_customer(&mut self) -> usize {
        let total = *self.cumulative.last().unwrap_or(&1.0);
        let x = self.rng.unit() * total;
        self.cumulative
            .partition_point(|&c| c < x)
            .min(self.customers.len() - 1)
    }

    fn schedule(&mut self, date: NaiveDate, e: Event) {
        self.seq += 1;
        self.events.push(Reverse((date, self.seq, e)));
    }

    /// Days after the due date: some early, most around it, a tail of late payers.
    fn pay_delay(&mut self) -> i64 {
        let r = self.rng.unit();
        if r < 0.25 {
            -self.rng.range(0, 10)
        } else if r < 0.80 {
            self.rng.range(0, 15)
        } else if r < 0.95 {
            self.rng.range(16, 60)
        } else {
            self.rng.range(61, 150)
        }
    }

    fn invoice(&mut self, date: NaiveDate) -> Txn {
        let c = self.pick_customer();
        let code = self.code(0);
        let total = ((self.rng.lognormal(7.0, 1.1) * 100.0) as i64).max(1000);
        let k = *self.rng.pick(&[1usize, 1, 1, 2, 2, 3]);
        let accounts = self.rng.sample(&REVENUE, k);
        let parts = self.split(total, k);
        let due = days(date, self.customers[c].term_days as i64);
        let inv = self.invoices.len();
        self.invoices.push(Invoice {
            reference: code.clone(),
            customer: c,
            remaining: total,
            due,
            sweepable: true,
        });
        self.customers[c].open.push(inv);
        let delay = self.pay_delay();
        let pay_on = days(due, delay).max(date);
        let fate = self.rng.unit();
        if fate < 0.04 {
            let d = self.rng.range(2, 20);
            self.schedule(days(date, d), Event::CreditMemo(inv));
            self.schedule(days(pay_on, 5), Event::Pay(inv, None));
            self.invoices[inv].sweepable = false;
        } else if fate < 0.10 {
            let pct = self.rng.range(20, 80);
            self.schedule(pay_on, Event::Pay(inv, Some(pct)));
            let later = self.rng.range(10, 45);
            self.schedule(days(pay_on, later), Event::Pay(inv, None));
            self.invoices[inv].sweepable = false;
        } else if fate < 0.108 {
            if self.rng.unit() < 0.5 {
                let pct = self.rng.range(10, 60);
                self.schedule(pay_on, Event::Pay(inv, Some(pct)));
            }
            let late = self.rng.range(120, 240);
            self.schedule(days(due, late), Event::WriteOff(inv));
            self.invoices[inv].sweepable = false;
        } else {
            self.schedule(pay_on, Event::Pay(inv, None));
        }
        let mut tags = vec![("invoice", code.clone()), ("due", due.to_string())];
        if self.rng.unit() < 0.15 {
            tags.push(("po", format!("PO-{}", self.rng.range(10000, 99998))));
        }
        let cust = &self.customers[c];
        let mut postings = vec![(cust.account.clone(), total, None)];
        postings.extend(
            accounts
                .iter()
                .zip(parts)
                .map(|(a, p)| (a.to_string(), -p, None)),
        );
        Txn {
            date,
            code: Some(code),
            payee: cust.name.clone(),
            note: "Invoice",
            tags,
            postings,
        }
    }

    /// `total` cents in `k` positive parts that add up to it exactly.
    fn split(&mut self, total: i64, k: usize) -> Vec<i64> {
        if k == 1 || total < 100 * k as i64 {
            return vec![total];
        }
        let mut cuts: Vec<i64> = Vec::with_capacity(k + 1);
        while cuts.len() < k - 1 {
            let c = self.rng.range(1, total - 1);
            if !cuts.contains(&c) {
                cuts.push(c);
            }
        }
        cuts.sort_unstable();
        cuts.insert(0, 0);
        cuts.push(total);
        cuts.windows(2).map(|w| w[1] - w[0]).collect()
    }

    fn close(&mut self, inv: usize) {
        self.invoices[inv].remaining = 0;
        let c = self.invoices[inv].customer;
        self.customers[c].open.retain(|&i| i != inv);
    }

    fn payment(&mut self, date: NaiveDate, inv: usize, pct: Option<i64>) -> Txn {
        let c = self.invoices[inv].customer;
        let code = self.code(1);
        let mut applied: Vec<(String, i64)> = Vec::new();
        match pct {
            None => {
                applied.push((
                    self.invoices[inv].reference.clone(),
                    self.invoices[inv].remaining,
                ));
                self.close(inv);
                if self.rng.unit() < 0.15 {
                    // One remittance also settles the customer's other invoices now due.
                    let horizon = days(date, 10);
                    let others: Vec<usize> = self.customers[c]
                        .open
                        .iter()
                        .copied()
                        .filter(|&o| self.invoices[o].sweepable && self.invoices[o].due <= horizon)
                        .take(3)
                        .collect();
                    for o in others {
                        applied.push((
                            self.invoices[o].reference.clone(),
                            self.invoices[o].remaining,
                        ));
                        self.close(o);
                    }
                }
            }
            Some(p) => {
                let part = (self.invoices[inv].remaining * p / 100).max(1);
                self.invoices[inv].remaining -= part;
                applied.push((self.invoices[inv].reference.clone(), part));
            }
        }
        let total: i64 = applied.iter().map(|(_, a)| a).sum();
        let mut postings = Vec::new();
        let note = if self.rng.unit() < 0.10 && total > 5000 {
            // 2.9 % + 0.30 card processing fee.
            let fee = total * 29 / 1000 + 30;
            postings.push((BANK.to_string(), total - fee, None));
            postings.push((CARD_FEES.to_string(), fee, None));
            "Card payment"
        } else {
            postings.push((BANK.to_string(), total, None));
            "Payment"
        };
        let account = self.customers[c].account.clone();
        for (reference, a) in applied {
            postings.push((account.clone(), -a, Some(reference)));
        }
        Txn {
            date,
            code: Some(code.clone()),
            payee: self.customers[c].name.clone(),
            note,
            tags: vec![("payment", code)],
            postings,
        }
    }

    fn on_account(&mut self, date: NaiveDate) -> Txn {
        let c = self.pick_customer();
        let code = self.code(1);
        let amount = ((self.rng.lognormal(6.0, 1.0) * 100.0) as i64).max(1000);
        self.unapplied[c] += amount;
        if self.rng.unit() < 0.3 {
            let d = self.rng.range(10, 60);
            self.schedule(days(date, d), Event::Refund(c));
        }
        let cust = &self.customers[c];
        Txn {
            date,
            code: Some(code.clone()),
            payee: cust.name.clone(),
            note: "Payment on account",
            tags: vec![("payment", code)],
            postings: vec![
                (BANK.to_string(), amount, None),
                (cust.account.clone(), -amount, None),
            ],
        }
    }

    fn refund(&mut self, date: NaiveDate, c: usize) -> Option<Txn> {
        let amount = std::mem::take(&mut self.unapplied[c]);
        if amount == 0 {
            return None;
        }
        let code = self.code(3);
        let cust = &self.customers[c];
        Some(Txn {
            date,
            code: Some(code.clone()),
            payee: cust.name.clone(),
            note: "Refund of unapplied payment",
            tags: vec![("refund", code)],
            postings: vec![
                (cust.account.clone(), amount, None),
                (BANK.to_string(), -amount, None),
            ],
        })
    }

    fn credit_memo(&mut self, date: NaiveDate, inv: usize) -> Txn {
        let c = self.invoices[inv].customer;
        let code = self.code(2);
        let amount = if self.rng.unit() < 0.15 {
            let a = self.invoices[inv].remaining;
            self.close(inv);
            a
        } else {
            let pct = self.rng.range(5, 50);
            let a = (self.invoices[inv].remaining * pct / 100).max(1);
            self.invoices[inv].remaining -= a;
            a
        };
        let cust = &self.customers[c];
        Txn {
            date,
            code: Some(code.clone()),
            payee: cust.name.clone(),
            note: "Credit memo",
            tags: vec![
                ("credit-memo", code),
                ("invoice", self.invoices[inv].reference.clone()),
            ],
            postings: vec![
                (RETURNS.to_string(), amount, None),
                (cust.account.clone(), -amount, None),
            ],
        }
    }

    fn write_off(&mut self, date: NaiveDate, inv: usize) -> Txn {
        let c = self.invoices[inv].customer;
        let code = self.code(4);
        let amount = self.invoices[inv].remaining;
        self.close(inv);
        let cust = &self.customers[c];
        Txn {
            date,
            code: Some(code.clone()),
            payee: cust.name.clone(),
            note: "Write-off",
            tags: vec![
                ("writeoff", code),
                ("invoice", self.invoices[inv].reference.clone()),
            ],
            postings: vec![
                (BAD_DEBT.to_string(), amount, None),
                (cust.account.clone(), -amount, None),
            ],
        }
    }

    fn bank_fee(&mut self, date: NaiveDate) -> Txn {
        let amount = *self.rng.pick(&[1500i64, 2500, 3500, 4500]);
        Txn {
            date,
            code: None,
            payee: "First National Bank".into(),
            note: "Service fee",
            tags: Vec::new(),
            postings: vec![
                (FEES.to_string(), amount, None),
                (BANK.to_string(), -amount, None),
            ],
        }
    }

    /// The earliest scheduled event due by `date` that still applies.
    fn due_event(&mut self, date: NaiveDate) -> Option<Txn> {
        while let Some(Reverse((when, _, e))) = self.events.peek().copied() {
            if when > date {
                return None;
            }
            self.events.pop();
            let t = match e {
                Event::Refund(c) => self.refund(date, c),
                // Settled meanwhile (swept into another remittance).
                Event::Pay(i, _) | Event::CreditMemo(i) | Event::WriteOff(i)
                    if self.invoices[i].remaining == 0 =>
                {
                    None
                }
                Event::Pay(i, pct) => Some(self.payment(date, i, pct)),
                Event::CreditMemo(i) => Some(self.credit_memo(date, i)),
                Event::WriteOff(i) => Some(self.write_off(date, i)),
            };
            if t.is_some() {
                return t;
            }
        }
        None
    }
}

/// The books of `n` transactions for `seed`.
pub fn generate(n: usize, seed: u64) -> Books {
    let mut rng = Rng::new(seed);
    let n_customers = (n / 1000).clamp(10, 5000);
    let width = 4.max(n_customers.to_string().len());
    let weighted_terms: Vec<(&'static str, u64)> = TERMS
        .iter()
        .flat_map(|&(t, d, w)| std::iter::repeat_n((t, d), w))
        .collect();
    let mut customers = Vec::with_capacity(n_customers);
    let mut cumulative = Vec::with_capacity(n_customers);
    let mut sum = 0.0;
    for i in 1..=n_customers {
        let name = format!(
            "{} {} {}",
            rng.pick(&NAME_A),
            rng.pick(&NAME_B),
            rng.pick(&NAME_C)
        );
        let (terms, term_days) = *rng.pick(&weighted_terms);
        customers.push(Customer {
            account: format!("{AR_ROOT}:Cust{i:0width$}"),
            name,
            terms,
            term_days,
            open: Vec::new(),
        });
        // Heavy-tailed sizes: a few big customers, many small ones.
        sum += rng.pareto(1.2);
        cumulative.push(sum);
    }
    let mut g = Generator {
        rng,
        unapplied: vec![0; customers.len()],
        customers,
        cumulative,
        invoices: Vec::new(),
        events: BinaryHeap::new(),
        seq: 0,
        counters: [0; 5],
        width: 6.max(n.to_string().len()),
    };
    let start = NaiveDate::from_ymd_opt(2019, 1, 1).expect("a date");
    let span = (NaiveDate::from_ymd_opt(2025, 1, 1).expect("a date") - start).num_days() - 1;
    let mut txns = Vec::with_capacity(n);
    let mut last_fee_month = None;
    for i in 0..n {
        let date = days(start, (i as i64 * span) / n as i64);
        let month = (date.year(), date.month());
        let t = if last_fee_month != Some(month) {
            // The monthly service fee, on the first slot of a month.
            last_fee_month = Some(month);
            g.bank_fee(date)
        } else if let Some(t) = g.due_event(date) {
            t
        } else {
            let r = g.rng.unit();
            if r < 0.004 {
                g.bank_fee(date)
            } else if r < 0.03 {
                g.on_account(date)
            } else {
                g.invoice(date)
            }
        };
        debug_assert_eq!(t.postings.iter().map(|p| p.1).sum::<i64>(), 0);
        txns.push(t);
    }
    Books {
        customers: g.customers,
        txns,
    }
}

/// Integer cents as a plain decimal with two places (`-1234.50`).
fn cents(c: i64) -> String {
    let sign = if c < 0 { "-" } else { "" };
    let c = c.unsigned_abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

/// Writes the books in ledger 3.3 / hledger 1.25 journal syntax, with every account, tag and
/// the commodity declared (so `--strict` checks stay silent).
pub fn write_ledger(out: &mut impl Write, n: usize, seed: u64, books: &Books) -> io::Result<()> {
    writeln!(
        out,
        "; Accounts-receivable benchmark journal: {n} transactions, seed {seed}."
    )?;
    writeln!(out, "; Generated by `cargo run -p xtask -- gen-journal`.\n")?;
    writeln!(out, "commodity {CURRENCY}\n    format 1000.00 {CURRENCY}\n")?;
    for tag in [
        "type",
        "customer",
        "terms",
        "invoice",
        "due",
        "po",
        "payment",
        "credit-memo",
        "writeoff",
        "refund",
    ] {
        writeln!(out, "tag {tag}")?;
    }
    writeln!(out)?;
    for (account, ty) in [
        (BANK, "C"),
        (AR_ROOT, "A"),
        (RETURNS, "R"),
        (FEES, "X"),
        (CARD_FEES, "X"),
        (BAD_DEBT, "X"),
    ] {
        writeln!(out, "account {account}\n    ; type: {ty}")?;
    }
    for account in REVENUE {
        writeln!(out, "account {account}\n    ; type: R")?;
    }
    for c in &books.customers {
        writeln!(
            out,
            "account {}\n    ; customer: {}\n    ; terms: {}",
            c.account, c.name, c.terms
        )?;
    }
    writeln!(out)?;
    for t in &books.txns {
        let code = t.code.as_ref().map_or(String::new(), |c| format!(" ({c})"));
        writeln!(out, "{} *{code} {} | {}", t.date, t.payee, t.note)?;
        for (k, v) in &t.tags {
            writeln!(out, "    ; {k}: {v}")?;
        }
        for (account, c, invoice) in &t.postings {
            write!(out, "    {account:<36}{:>14} {CURRENCY}", cents(*c))?;
            if let Some(reference) = invoice {
                write!(out, "  ; invoice: {reference}")?;
            }
            writeln!(out)?;
        }
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(n: usize, seed: u64) -> String {
        let mut out = Vec::new();
        write_ledger(&mut out, n, seed, &generate(n, seed)).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_books_and_every_transaction_balances() {
        let a = text(3000, 42);
        assert_eq!(a, text(3000, 42));
        assert_ne!(a, text(3000, 43));
        let books = generate(3000, 42);
        assert_eq!(books.txns.len(), 3000);
        for t in &books.txns {
            assert_eq!(t.postings.iter().map(|p| p.1).sum::<i64>(), 0);
        }
        // Payments follow invoices: both kinds are there in quantity.
        let count = |note: &str| books.txns.iter().filter(|t| t.note == note).count();
        assert!(
            count("Invoice") > 1000 && count("Payment") > 500,
            "{}",
            count("Payment")
        );
        assert!(count("Credit memo") > 0 && count("Write-off") > 0);
    }
}
