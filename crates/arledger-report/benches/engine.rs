//! Throughput of the engine on generated AR journals: parsing (bytes/s), the balance report,
//! open-item building and aging; and the shapes that once took quadratic time (issue 14):
//! 200,000 customers, one customer with 100,000 invoices and 100,000 untagged payments, and
//! 100,000 commodities. Run with `cargo bench`; CI only builds it (`--no-run`).
//!
//! The journal generator here is a small deterministic stand-in for
//! `xtask gen-journal` (xtask/src/journal.rs) (invoices, tagged and untagged payments, credit memos),
//! so that the benches need no Python and no files.

mod shapes;

use std::fmt::Write as _;

use arledger_journal::{parse_str, query::Query};
use arledger_report::ar::{aging, open_items, AgeBy, ArOptions, Buckets};
use arledger_report::{balance, BalanceOptions};
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// A deterministic AR journal of about `n` transactions.
fn journal(n: usize) -> String {
    let customers = (n / 100).clamp(10, 1000);
    let mut s = String::with_capacity(n * 260);
    s.push_str("commodity USD\n    format 1000.00 USD\n\n");
    for c in 0..customers {
        let _ = writeln!(s, "account Assets:Receivable:Cust{c:04}\n    ; customer: Customer {c}\n    ; terms: net30");
    }
    let start = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
    let mut seed: u64 = 42;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        seed >> 33
    };
    // The newest invoice of each customer, which its next tagged payment settles.
    let mut last_invoice: Vec<Option<usize>> = vec![None; customers];
    for i in 0..n {
        let date = start + chrono::Days::new((i * 2191 / n.max(1)) as u64);
        let c = next() as usize % customers;
        let cents = 1000 + next() % 500_000;
        let amount = format!("{}.{:02}", cents / 100, cents % 100);
        match i % 10 {
            0..=5 => {
                last_invoice[c] = Some(i);
                let _ = write!(
                    s,
                    "\n{date} * (INV-{i:07}) Customer {c} | Invoice\n    ; invoice: INV-{i:07}\n    Assets:Receivable:Cust{c:04}  {amount} USD\n    Income:Services\n"
                );
            }
            6..=8 if last_invoice[c].is_some() => {
                let inv = last_invoice[c].take().unwrap_or_default();
                let _ = write!(
                    s,
                    "\n{date} * (PMT-{i:07}) Customer {c} | Payment\n    Assets:Bank:Checking  {amount} USD\n    Assets:Receivable:Cust{c:04}  ; invoice: INV-{inv:07}\n"
                );
            }
            _ => {
                let _ = write!(
                    s,
                    "\n{date} * Customer {c} | Payment on account\n    Assets:Bank:Checking  {amount} USD\n    Assets:Receivable:Cust{c:04}\n"
                );
            }
        }
    }
    s
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("engine");
    g.sample_size(10);
    for n in [10_000usize, 100_000] {
        let text = journal(n);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("parse", n), &text, |b, t| {
            b.iter(|| parse_str(t))
        });
        let loaded = parse_str(&text);
        let j = &loaded.journal;
        let q = Query::default();
        g.bench_with_input(BenchmarkId::new("balance", n), j, |b, j| {
            b.iter(|| balance(j, &q.compile(j).unwrap(), BalanceOptions::default()))
        });
        let opts = ArOptions {
            root: "Assets:Receivable".into(),
            as_of: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        };
        g.bench_with_input(BenchmarkId::new("open_items", n), j, |b, j| {
            b.iter(|| open_items(j, &opts))
        });
        let ar = open_items(j, &opts);
        assert!(!ar.has_errors(), "{:?}", ar.diagnostics.first());
        g.bench_with_input(BenchmarkId::new("aging", n), j, |b, j| {
            b.iter(|| aging(j, &ar, &Buckets::default(), AgeBy::Due, None))
        });
    }
    g.finish();
}

/// The shapes of `shapes.rs` at the sizes issue 14 measured, each through the engine steps
/// that were quadratic: customer ambiguity (in `open_items`), oldest-first application (in
/// `open_items`), and per-commodity sums (`balance`, the gross-total check of `check`).
fn quadratic_shapes(c: &mut Criterion) {
    let mut g = c.benchmark_group("shapes");
    g.sample_size(10);
    let opts = ArOptions {
        root: "Assets:Receivable".into(),
        as_of: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
    };
    let q = Query::default();
    for &shape in shapes::SHAPES {
        let n = if shape == "customers" {
            200_000
        } else {
            100_000
        };
        let text = shapes::shape(shape, n).expect("a known shape");
        let loaded = parse_str(&text);
        let j = &loaded.journal;
        if shape == "commodities" {
            g.bench_with_input(BenchmarkId::new("commodities/balance", n), j, |b, j| {
                b.iter(|| balance(j, &q.compile(j).unwrap(), BalanceOptions::default()))
            });
            g.bench_with_input(
                BenchmarkId::new("commodities/check_totals", n),
                j,
                |b, j| b.iter(|| arledger_journal::strict::check_totals(j)),
            );
        } else {
            assert!(!open_items(j, &opts).has_errors());
            g.bench_with_input(
                BenchmarkId::new(format!("{shape}/open_items"), n),
                j,
                |b, j| b.iter(|| open_items(j, &opts)),
            );
        }
    }
    g.finish();
}

criterion_group!(engine, benches, quadratic_shapes);
criterion_main!(engine);
