//! Property tests on generated AR journals: open items sum to the account balances, aging
//! buckets sum to the open totals, roll-forwards and statements add up, and balances do not
//! depend on the order of transactions within a date or on splitting the books into files.

use arledger_journal::{parse_str, CommodityId, Journal};
use arledger_report::ar::{aging, open_items, rollforward, AgeBy, ArOptions, Buckets, OpenItems};
use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

const CUSTOMERS: [&str; 3] = ["Acme", "Beta", "Zeta_Foods"];
const COMMODITIES: [&str; 2] = ["USD", "EUR"];

/// One generated AR event.
#[derive(Clone, Debug)]
enum Op {
    /// An invoice: customer, commodity, cents, with a code or not, due tag days.
    Invoice(usize, usize, i64, bool, Option<u8>),
    /// A payment: customer, commodity, cents, tagged to the n-th earlier item of that
    /// customer/commodity if any, with a code or not.
    Payment(usize, usize, i64, Option<usize>, bool),
    /// A late fee raising the n-th earlier invoice.
    Fee(usize, usize, i64, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (
            0..3usize,
            0..2usize,
            1..500_000i64,
            any::<bool>(),
            proptest::option::of(0..90u8)
        )
            .prop_map(|(c, k, a, code, due)| Op::Invoice(c, k, a, code, due)),
        (
            0..3usize,
            0..2usize,
            1..600_000i64,
            proptest::option::of(0..6usize),
            any::<bool>()
        )
            .prop_map(|(c, k, a, t, code)| Op::Payment(c, k, a, t, code)),
        (0..3usize, 0..2usize, 1..5_000i64, 0..6usize).prop_map(|(c, k, a, n)| Op::Fee(c, k, a, n)),
    ]
}

fn money(cents: i64) -> String {
    Decimal::new(cents, 2).to_string()
}

/// Builds a journal from the ops: dates advance every few ops (same-date ties included).
fn journal(ops: &[(Op, u8)]) -> String {
    let mut s = String::from("account Assets:Receivable:Acme\n    ; customer: Acme\n    ; terms: net15\naccount Assets:Receivable:Beta\n    ; customer: Beta\n    ; terms: eom\n\n");
    let mut refs: FxHashMap<(usize, usize), Vec<String>> = FxHashMap::default();
    let mut date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    for (n, (op, step)) in ops.iter().enumerate() {
        date = date + chrono::Days::new(u64::from(*step % 4));
        match op {
            Op::Invoice(c, k, a, code, due) => {
                let (cust, com) = (CUSTOMERS[*c], COMMODITIES[*k]);
                let code_text = if *code {
                    format!(" (INV-{n})")
                } else {
                    String::new()
                };
                s.push_str(&format!("{date}{code_text} Invoice\n"));
                if let Some(d) = due {
                    s.push_str(&format!(
                        "    ; due: {}\n",
                        date + chrono::Days::new(u64::from(*d))
                    ));
                }
                s.push_str(&format!(
                    "    Assets:Receivable:{cust}  {} {com}\n    Income\n\n",
                    money(*a)
                ));
                if *code {
                    refs.entry((*c, *k)).or_default().push(format!("INV-{n}"));
                }
            }
            Op::Payment(c, k, a, tag, code) => {
                let (cust, com) = (CUSTOMERS[*c], COMMODITIES[*k]);
                let code_text = if *code {
                    format!(" (PMT-{n})")
                } else {
                    String::new()
                };
                let list = refs.get(&(*c, *k));
                let tag_text = match (tag, list) {
                    (Some(t), Some(list)) if !list.is_empty() => {
                        format!("  ; invoice: {}", list[t % list.len()])
                    }
                    _ => String::new(),
                };
                s.push_str(&format!(
                    "{date}{code_text} Payment\n    Assets:Bank  {} {com}\n    Assets:Receivable:{cust}{tag_text}\n\n",
                    money(*a)
                ));
            }
            Op::Fee(c, k, a, t) => {
                let (cust, com) = (CUSTOMERS[*c], COMMODITIES[*k]);
                let Some(list) = refs
                    .get(&(*c, *k))
                    .filter(|l| l.iter().any(|r| r.starts_with("INV")))
                else {
                    continue;
                };
                let invoices: Vec<&String> = list.iter().filter(|r| r.starts_with("INV")).collect();
                let r = invoices[t % invoices.len()];
                s.push_str(&format!("{date} Late fee\n    ; invoice: {r}\n    Assets:Receivable:{cust}  {} {com}\n    Income:Fees\n\n", money(*a)));
            }
        }
    }
    s
}

fn balances(j: &Journal, as_of: NaiveDate) -> FxHashMap<(String, CommodityId), Decimal> {
    let mut m: FxHashMap<(String, CommodityId), Decimal> = FxHashMap::default();
    for t in j.transactions.iter().filter(|t| t.date <= as_of) {
        for p in j.postings_of(t) {
            let name = j.account_name(p.account);
            if let Some(id) = name.strip_prefix("Assets:Receivable:") {
                *m.entry((id.to_string(), p.amount.commodity)).or_default() += p.amount.quantity;
            }
        }
    }
    m.retain(|_, q| !q.is_zero());
    m
}

fn open_sums(ar: &OpenItems) -> FxHashMap<(String, CommodityId), Decimal> {
    let mut m: FxHashMap<(String, CommodityId), Decimal> = FxHashMap::default();
    for it in &ar.items {
        *m.entry((ar.customers.list[it.customer].id.clone(), it.commodity))
            .or_default() += it.open;
    }
    m.retain(|_, q| !q.is_zero());
    m
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn open_items_sum_to_account_balances(ops in proptest::collection::vec((op(), any::<u8>()), 1..40), cut in 0u64..200) {
        let text = journal(&ops);
        let loaded = parse_str(&text);
        prop_assert!(!loaded.has_errors(), "{:?}\n{}", loaded.diagnostics, text);
        let j = &loaded.journal;
        let as_of = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(cut);
        let ar = open_items(j, &ArOptions { root: "Assets:Receivable".into(), as_of });
        prop_assert!(!ar.has_errors(), "{:?}\n{}", ar.diagnostics, text);
        prop_assert_eq!(open_sums(&ar), balances(j, as_of), "journal:\n{}", text);

        // Every item's open amount is the sum of its movements: its original (the first, which
        // created it) and every change after.
        for it in &ar.items {
            let moved: Decimal = it.movements.iter().map(|m| m.amount).sum();
            prop_assert_eq!(moved, it.open);
        }

        // Aging: buckets sum to each row's total, rows to the totals, totals to the open sums.
        let report = aging(j, &ar, &Buckets::default(), AgeBy::Due, None);
        for r in report.rows.iter().chain(&report.totals) {
            prop_assert_eq!(r.buckets.iter().copied().sum::<Decimal>(), r.total);
        }
        for t in &report.totals {
            let rows: Decimal = report.rows.iter().filter(|r| r.commodity == t.commodity).map(|r| r.total).sum();
            prop_assert_eq!(rows, t.total);
            let open: Decimal = ar.items.iter().filter(|i| i.commodity == t.commodity).map(|i| i.open).sum();
            prop_assert_eq!(open, t.total);
        }

        // Roll-forward over any window ending at the report date: every row ties to the
        // account balances, and the opening equals the items' open amounts the day before.
        let first = as_of - chrono::Days::new(cut / 2);
        let rows = rollforward(j, &ar, first, as_of, |_| true).unwrap();
        let before = open_items(j, &ArOptions { root: "Assets:Receivable".into(), as_of: first - chrono::Days::new(1) });
        for r in &rows {
            prop_assert!(r.ties(), "{:?}\n{}", r, text);
            if let Some(c) = r.customer {
                let id = &ar.customers.list[c].id;
                let opening = open_sums(&before).get(&(id.clone(), r.commodity)).copied().unwrap_or_default();
                prop_assert_eq!(opening, r.opening, "{}\n{}", id, text);
            }
        }
    }
}

/// The balance report as (account, commodity, quantity) triples: comparable across journals
/// whose names were interned in a different order.
fn balance_triples(j: &Journal) -> Vec<(String, String, Decimal)> {
    use arledger_report::{balance, BalanceOptions, Query};
    let q = Query::default();
    let report = balance(j, &q.compile(j).unwrap(), BalanceOptions::default()).unwrap();
    let mut out: Vec<(String, String, Decimal)> = report
        .rows
        .iter()
        .flat_map(|r| {
            r.amounts.iter().map(|a| {
                (
                    r.account.clone(),
                    j.commodity_name(a.commodity).to_string(),
                    a.quantity,
                )
            })
        })
        .collect();
    out.sort();
    out
}

/// The journal's entries (blank-line separated blocks), the first being the declarations.
fn blocks(text: &str) -> Vec<&str> {
    text.split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    #[test]
    fn balances_do_not_depend_on_order_within_a_date_or_on_files(ops in proptest::collection::vec((op(), any::<u8>()), 1..30), split in any::<prop::sample::Index>()) {
        let text = journal(&ops);
        let j = parse_str(&text).journal;
        let expected = balance_triples(&j);

        // Reverse the order of the entries within each date.
        let all = blocks(&text);
        let (head, entries) = all.split_first().unwrap();
        let mut reordered: Vec<&str> = Vec::new();
        let mut i = 0;
        while i < entries.len() {
            let date = &entries[i][..10];
            let n = entries[i..].iter().take_while(|b| &b[..10] == date).count();
            reordered.extend(entries[i..i + n].iter().rev());
            i += n;
        }
        let shuffled = format!("{head}\n\n{}\n", reordered.join("\n\n"));
        prop_assert_eq!(&balance_triples(&parse_str(&shuffled).journal), &expected, "{}", shuffled);

        // The same entries split over two included files.
        let dir = tempfile::tempdir().unwrap();
        let cut = split.index(entries.len() + 1);
        std::fs::write(dir.path().join("a.journal"), entries[..cut].join("\n\n") + "\n").unwrap();
        std::fs::write(dir.path().join("b.journal"), entries[cut..].join("\n\n") + "\n").unwrap();
        let main = dir.path().join("main.journal");
        std::fs::write(&main, format!("{head}\n\ninclude a.journal\ninclude b.journal\n")).unwrap();
        let loaded = arledger_journal::load(&[arledger_journal::Input::Path(main)], &arledger_journal::LoadOptions::at(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()));
        prop_assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        prop_assert_eq!(balance_triples(&loaded.journal), expected);
    }

    #[test]
    fn statements_close_at_opening_plus_activity(ops in proptest::collection::vec((op(), any::<u8>()), 1..30), from in 0u64..120, to in 0u64..120) {
        let text = journal(&ops);
        let j = parse_str(&text).journal;
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let (from, to) = (start + chrono::Days::new(from.min(to)), start + chrono::Days::new(from.max(to)));
        let ar = open_items(&j, &ArOptions { root: "Assets:Receivable".into(), as_of: to });
        for c in 0..ar.customers.list.len() {
            for st in arledger_report::ar::statements(&j, &ar, c, from) {
                let activity: Decimal = st.lines.iter().map(|l| l.amount).sum();
                prop_assert_eq!(st.opening + activity, st.closing, "{}", text);
                if let Some(last) = st.lines.last() {
                    prop_assert_eq!(last.balance, st.closing);
                }
                let open: Decimal = st.open_items.iter().map(|&i| ar.items[i].open).sum();
                prop_assert_eq!(open, st.closing, "{}", text);
            }
        }
    }
}
