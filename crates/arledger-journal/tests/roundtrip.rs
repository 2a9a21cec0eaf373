//! Property tests: amounts print and parse back exactly; `print` output parses back to the
//! same transactions.

use arledger_journal::format::{amount as fmt_amount, Grouping};
use arledger_journal::print::print_journal;
use arledger_journal::{parse_str, Journal, PostingKind};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Everything about a transaction that a journal states, with names instead of ids.
fn model(j: &Journal) -> Vec<String> {
    let mut out = Vec::new();
    for t in &j.transactions {
        let tags: Vec<String> = j
            .tags_in(&t.tags)
            .iter()
            .map(|g| format!("{}={}", j.tag_names.name(g.name), j.text(g.value)))
            .collect();
        out.push(format!(
            "{} {:?} {:?} {:?} {:?} {:?}",
            t.date,
            t.date2,
            t.status,
            t.code().map(|c| j.text(c)),
            j.text(t.description()),
            tags
        ));
        for p in j.postings_of(t) {
            let extra = j.extra(p).map(|e| {
                (
                    e.cost.map(|c| {
                        (
                            c.amount.quantity.normalize(),
                            j.commodity_name(c.amount.commodity).to_string(),
                            c.total,
                        )
                    }),
                    e.assertion.map(|a| {
                        (
                            a.amount.quantity.normalize(),
                            j.commodity_name(a.amount.commodity).to_string(),
                        )
                    }),
                )
            });
            let tags: Vec<String> = j
                .tags_in(&j.posting_tags(p))
                .iter()
                .map(|g| format!("{}={}", j.tag_names.name(g.name), j.text(g.value)))
                .collect();
            out.push(format!(
                "  {:?} {:?} {} {} {} {:?} {:?}",
                p.kind,
                p.status,
                j.account_name(p.account),
                p.amount.quantity.normalize(),
                j.commodity_name(p.amount.commodity),
                extra,
                tags
            ));
        }
    }
    out
}

fn quantity() -> impl Strategy<Value = Decimal> {
    (-10_000_000i64..10_000_000i64, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s))
}

const COMMODITIES: [(&str, bool); 4] = [
    ("USD", false),
    ("$", true),
    ("EUR", false),
    ("\"AB 2\"", false),
];
const ACCOUNTS: [&str; 6] = [
    "Assets:Receivable:Acme",
    "Assets:Bank:Checking",
    "Income:Services",
    "Expenses:Bad Debt",
    "Liabilities:Tax",
    "Équité",
];

fn amount_text(q: Decimal, c: usize) -> String {
    let (sym, left) = COMMODITIES[c];
    if left {
        if q.is_sign_negative() {
            format!("-{sym}{}", q.abs())
        } else {
            format!("{sym}{q}")
        }
    } else {
        format!("{q} {sym}")
    }
}

prop_compose! {
    fn posting()(acct in 0..ACCOUNTS.len(), q in quantity(), c in 0..COMMODITIES.len(),
                 kind in 0..5u8, cleared in any::<bool>(), tag in proptest::option::of("[a-z]{1,6}"))
                 -> (String, Decimal, usize, u8) {
        let name = ACCOUNTS[acct];
        let acct = match kind { 0 => format!("({name})"), _ => name.to_string() };
        let status = if cleared { "* " } else { "" };
        let comment = tag.map(|t| format!("  ; invoice: {t}")).unwrap_or_default();
        (format!("    {status}{acct}  {}{comment}", amount_text(q, c)), q, c, kind)
    }
}

prop_compose! {
    fn transaction()(day in 1u32..28, month in 1u32..12, status in 0..3usize, code in proptest::option::of("[A-Z]{2,3}-[0-9]{1,4}"),
                     desc in "[A-Za-z][A-Za-z ]{0,20}", postings in proptest::collection::vec(posting(), 1..4),
                     elide in any::<bool>()) -> String {
        let mark = ["", " *", " !"][status];
        let code = code.map(|c| format!(" ({c})")).unwrap_or_default();
        let mut s = format!("2026-{month:02}-{day:02}{mark}{code} {}\n    ; note: generated\n", desc.trim());
        let mut sums = [Decimal::ZERO; COMMODITIES.len()];
        for (line, q, c, kind) in &postings {
            s.push_str(line);
            s.push('\n');
            if *kind != 0 {
                sums[*c] += *q;
            }
        }
        if elide && sums.iter().filter(|q| !q.is_zero()).count() <= 1 {
            s.push_str("    Equity:Balancing\n");
        } else {
            for (c, q) in sums.iter().enumerate() {
                if !q.is_zero() {
                    s.push_str(&format!("    Equity:Balancing  {}\n", amount_text(-*q, c)));
                }
            }
        }
        s
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn print_then_parse_gives_the_same_journal(txns in proptest::collection::vec(transaction(), 1..8)) {
        let text = txns.join("\n");
        let first = parse_str(&text);
        prop_assert!(!first.has_errors(), "generated journal has errors: {:?}\n{}", first.diagnostics, text);
        let printed = print_journal(&first.journal, &first.journal.transactions);
        let second = parse_str(&printed);
        prop_assert!(!second.has_errors(), "printed journal has errors: {:?}\n{}", second.diagnostics, printed);
        prop_assert_eq!(model(&first.journal), model(&second.journal), "printed:\n{}", printed);
        // And printing is stable: printing the re-read journal gives the same text.
        prop_assert_eq!(print_journal(&second.journal, &second.journal.transactions), printed);
    }

    #[test]
    fn amounts_print_and_parse_back_exactly(q in quantity(), c in 0..COMMODITIES.len(), grouped in any::<bool>()) {
        // A style with digit groups, set by the first amount of the commodity.
        let (sym, _) = COMMODITIES[c];
        let style_line = if grouped { format!("commodity 1,000.0000 {sym}\n") } else { String::new() };
        let text = format!("{style_line}2026-01-01 x\n    a  {}\n    b\n", amount_text(q, c));
        let l = parse_str(&text);
        prop_assert!(!l.has_errors(), "{:?}", l.diagnostics);
        let j = &l.journal;
        let a = j.postings[0].amount;
        prop_assert_eq!(a.quantity, q);
        for g in [Grouping::Plain, Grouping::Styled] {
            let shown = fmt_amount(j, a, g);
            let again = parse_str(&format!("{style_line}2026-01-01 x\n    a  {shown}\n    b\n"));
            prop_assert!(!again.has_errors(), "{shown}: {:?}", again.diagnostics);
            prop_assert_eq!(again.journal.postings[0].amount.quantity, q, "shown as {}", shown);
        }
    }
}

#[test]
fn virtual_postings_are_not_balanced() {
    let l = parse_str("2026-01-01 x\n    (Budget)  5 USD\n    a  1 USD\n    b\n");
    assert!(!l.has_errors(), "{:?}", l.diagnostics);
    let j = &l.journal;
    assert_eq!(j.postings[0].kind, PostingKind::Virtual);
    assert_eq!(j.postings[2].amount.quantity, Decimal::new(-1, 0));
}
