//! hledger's named checks (`check NAME…`): what each requires of a journal, as hledger 1.25
//! defines it, with a diagnostic at each place that breaks it.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Journal, Transaction};
use crate::query::payee;
use crate::source::Span;
use crate::strict::{check_accounts, check_commodities};

/// A check that can be asked for by name, as `hledger check NAME`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum NamedCheck {
    /// The files read and every entry parses (always checked).
    Parseable,
    /// Every transaction balances, with implied conversions (always checked).
    BalancedWithAutoConversion,
    /// Every balance assertion holds (always checked).
    Assertions,
    /// Every account posted to is declared.
    Accounts,
    /// Every commodity of a posting's amount or assertion is declared.
    Commodities,
    /// No transaction balances only by an implied conversion between two commodities.
    BalancedNoAutoConversion,
    /// Within each file, no transaction is dated before the one above it.
    OrderedDates,
    /// Every transaction's payee is declared with a `payee` directive.
    Payees,
    /// No two accounts posted to share a leaf name (the part after the last `:`).
    UniqueLeafNames,
}

impl NamedCheck {
    /// Every check, in hledger's order.
    pub const ALL: [NamedCheck; 9] = [
        NamedCheck::Parseable,
        NamedCheck::BalancedWithAutoConversion,
        NamedCheck::Assertions,
        NamedCheck::Accounts,
        NamedCheck::Commodities,
        NamedCheck::BalancedNoAutoConversion,
        NamedCheck::OrderedDates,
        NamedCheck::Payees,
        NamedCheck::UniqueLeafNames,
    ];

    /// The check's name, as hledger spells it.
    pub fn name(self) -> &'static str {
        match self {
            NamedCheck::Parseable => "parseable",
            NamedCheck::BalancedWithAutoConversion => "balancedwithautoconversion",
            NamedCheck::Assertions => "assertions",
            NamedCheck::Accounts => "accounts",
            NamedCheck::Commodities => "commodities",
            NamedCheck::BalancedNoAutoConversion => "balancednoautoconversion",
            NamedCheck::OrderedDates => "ordereddates",
            NamedCheck::Payees => "payees",
            NamedCheck::UniqueLeafNames => "uniqueleafnames",
        }
    }

    /// The check named `name`, or by a prefix of its name that no other check's shares
    /// (as hledger accepts `ord` for `ordereddates`). Case-insensitive.
    pub fn find(name: &str) -> Result<NamedCheck, String> {
        let wanted = name.to_ascii_lowercase();
        if let Some(c) = NamedCheck::ALL.into_iter().find(|c| c.name() == wanted) {
            return Ok(c);
        }
        let all = || {
            NamedCheck::ALL
                .iter()
                .map(|c| c.name())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let candidates: Vec<NamedCheck> = NamedCheck::ALL
            .into_iter()
            .filter(|c| !wanted.is_empty() && c.name().starts_with(&wanted))
            .collect();
        match candidates.as_slice() {
            [c] => Ok(*c),
            [] => Err(format!("unknown check `{name}`: the checks are {}", all())),
            several => Err(format!(
                "`{name}` could be any of {}: give more of the name",
                several
                    .iter()
                    .map(|c| c.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// The problems this check finds in `j` (none for the checks every load runs: their
    /// problems are the loader's diagnostics).
    pub fn run(self, j: &Journal) -> Vec<Diagnostic> {
        match self {
            NamedCheck::Parseable
            | NamedCheck::BalancedWithAutoConversion
            | NamedCheck::Assertions => Vec::new(),
            NamedCheck::Accounts => check_accounts(j),
            NamedCheck::Commodities => check_commodities(j),
            NamedCheck::BalancedNoAutoConversion => check_no_conversions(j),
            NamedCheck::OrderedDates => check_ordered_dates(j),
            NamedCheck::Payees => check_payees(j),
            NamedCheck::UniqueLeafNames => check_unique_leaf_names(j),
        }
    }
}

/// Where a transaction's date is written (the first word of its first line).
fn date_span(j: &Journal, txn: &Transaction) -> Span {
    let line = j.text(txn.header());
    let len = line.find(char::is_whitespace).unwrap_or(line.len());
    Span {
        end: txn.span.start + len as u32,
        ..txn.span
    }
}

/// Transactions balanced only by converting one commodity into the other (E0205).
fn check_no_conversions(j: &Journal) -> Vec<Diagnostic> {
    let fmt = |a| crate::format::amount(j, a, crate::format::Grouping::Styled);
    j.transactions
        .iter()
        .filter_map(|t| {
            let [a, b] = crate::balance::implied_conversion(j, t)?;
            Some(
                Diagnostic::error(
                    Code::ImpliedConversion,
                    t.header(),
                    format!(
                        "transaction balanced by an implied conversion: its postings sum to {} and {}",
                        fmt(a),
                        fmt(b)
                    ),
                )
                .expected(format!(
                    "postings that sum to zero in each commodity, or a cost (`@`) saying what {} is worth in {}",
                    j.commodity_name(a.commodity),
                    j.commodity_name(b.commodity)
                )),
            )
        })
        .collect()
}

/// Transactions dated before the transaction above them in the same file (E0501). An
/// included file's transactions are compared among themselves, not with the including
/// file's.
fn check_ordered_dates(j: &Journal) -> Vec<Diagnostic> {
    let mut last: Vec<Option<&Transaction>> = vec![None; j.sources.len()];
    let mut out = Vec::new();
    for t in &j.transactions {
        let before = &mut last[t.span.source.0 as usize];
        if let Some(prev) = before.filter(|p| p.date > t.date) {
            out.push(
                Diagnostic::error(
                    Code::DateOrder,
                    date_span(j, t),
                    format!(
                        "transaction dated {} comes after one dated {}",
                        t.date, prev.date
                    ),
                )
                .label(date_span(j, prev), "the transaction above it")
                .expected(format!(
                    "transactions in date order within a file: a date on or after {}, or the \
                     transaction moved up",
                    prev.date
                )),
            );
        }
        *before = Some(t);
    }
    out
}

/// The first transaction of each payee that no `payee` directive declares (E0303). A
/// transaction without a description has no payee, which cannot be declared.
fn check_payees(j: &Journal) -> Vec<Diagnostic> {
    let declared: std::collections::HashSet<&str> = j.declared_payees().collect();
    let mut reported = std::collections::HashSet::new();
    let mut out = Vec::new();
    for t in &j.transactions {
        let description = j.text(t.description());
        let name = payee(description);
        if declared.contains(name) || !reported.insert(name) {
            continue;
        }
        let d = if name.is_empty() {
            Diagnostic::error(
                Code::UndeclaredPayee,
                t.header(),
                "transaction without a payee: `check payees` needs a declared payee on every transaction",
            )
            .expected("a description starting with a payee declared with a `payee` directive")
        } else {
            let start = description.find(name).unwrap_or(0) as u32;
            let span = Span {
                start: t.description().start + start,
                end: t.description().start + start + name.len() as u32,
                ..t.description()
            };
            Diagnostic::error(
                Code::UndeclaredPayee,
                span,
                format!("payee `{name}` is not declared"),
            )
            .expected(format!("a `payee {name}` directive"))
        };
        out.push(d);
    }
    out
}

/// Accounts posted to whose leaf name (after the last `:`) another account posted to has
/// too (E0502): one error per leaf name, at the first posting to its second account.
fn check_unique_leaf_names(j: &Journal) -> Vec<Diagnostic> {
    // Per account posted to, its first posting, in file order.
    let mut first = vec![None; j.accounts.len()];
    let mut order = Vec::new();
    for p in j.transactions.iter().flat_map(|t| j.postings_of(t)) {
        let slot = &mut first[p.account.index()];
        if slot.is_none() {
            *slot = Some(p);
            order.push(p.account);
        }
    }
    let leaf = |name: &str| name.rsplit(':').next().unwrap_or(name).to_string();
    let mut by_leaf: std::collections::HashMap<String, Vec<crate::model::AccountId>> =
        std::collections::HashMap::new();
    for &a in &order {
        by_leaf.entry(leaf(j.account_name(a))).or_default().push(a);
    }
    let mut out = Vec::new();
    for &a in &order {
        let sharing = &by_leaf[&leaf(j.account_name(a))];
        // Reported once, at the second account's first posting.
        if sharing.len() < 2 || sharing[1] != a {
            continue;
        }
        let names: Vec<&str> = sharing.iter().map(|&s| j.account_name(s)).collect();
        let posting = |s: crate::model::AccountId| first[s.index()].expect("posted to");
        let mut d = Diagnostic::error(
            Code::LeafName,
            j.account_span(posting(a)),
            format!(
                "account leaf name `{}` is not unique: {}",
                leaf(j.account_name(a)),
                names.join(", ")
            ),
        )
        .expected("accounts posted to with distinct last name parts");
        for &other in sharing.iter().filter(|&&s| s != a) {
            d = d.label(
                j.account_span(posting(other)),
                format!("{} is first posted to here", j.account_name(other)),
            );
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_str;

    fn found(check: NamedCheck, text: &str) -> Vec<String> {
        let l = parse_str(text);
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        let j = &l.journal;
        check
            .run(j)
            .iter()
            .map(|d| format!("{}: {}", j.text(d.span), d.message))
            .collect()
    }

    #[test]
    fn names_and_prefixes() {
        assert_eq!(NamedCheck::find("ord"), Ok(NamedCheck::OrderedDates));
        assert_eq!(NamedCheck::find("Payees"), Ok(NamedCheck::Payees));
        assert_eq!(
            NamedCheck::find("balancedwith"),
            Ok(NamedCheck::BalancedWithAutoConversion)
        );
        assert!(NamedCheck::find("a")
            .unwrap_err()
            .contains("assertions, accounts"));
        assert!(NamedCheck::find("bogus")
            .unwrap_err()
            .contains("unknown check"));
        assert!(NamedCheck::find("").is_err());
    }

    #[test]
    fn ordered_dates_compares_neighbours_in_each_file() {
        let j = "2026-01-10 a\n    x  1\n    y\n2026-01-10 same day\n    x  1\n    y\n\
                 2026-01-02 b\n    x  1\n    y\n2026-01-03 c\n    x  1\n    y\n\
                 2026-01-01 d\n    x  1\n    y\n";
        assert_eq!(
            found(NamedCheck::OrderedDates, j),
            [
                "2026-01-02: transaction dated 2026-01-02 comes after one dated 2026-01-10",
                "2026-01-01: transaction dated 2026-01-01 comes after one dated 2026-01-03"
            ]
        );
    }

    #[test]
    fn payees_must_be_declared() {
        let j = "payee Acme\n2026-01-01 Acme | fee\n    x  1\n    y\n\
                 2026-01-02 Beta Ltd|x\n    x  1\n    y\n2026-01-03 Beta Ltd\n    x  1\n    y\n\
                 2026-01-04\n    x  1\n    y\n";
        assert_eq!(
            found(NamedCheck::Payees, j),
            [
                "Beta Ltd: payee `Beta Ltd` is not declared",
                "2026-01-04: transaction without a payee: `check payees` needs a declared payee on every transaction"
            ]
        );
    }

    #[test]
    fn leaf_names_of_accounts_posted_to() {
        // Declared but unused accounts and parents do not count.
        let j = "account Liabilities:Bank\n2026-01-01 a\n    Assets:Bank  1\n    Assets:Bank:Cash  1\n    Income:Cash\n";
        assert_eq!(
            found(NamedCheck::UniqueLeafNames, j),
            ["Income:Cash: account leaf name `Cash` is not unique: Assets:Bank:Cash, Income:Cash"]
        );
    }

    #[test]
    fn implied_conversions() {
        let j = "2026-01-01 a\n    x  1 USD\n    y  -0.9 EUR\n2026-01-02 b\n    x  1 USD @ 0.9 EUR\n    y  -0.9 EUR\n";
        assert_eq!(
            found(NamedCheck::BalancedNoAutoConversion, j),
            ["2026-01-01 a: transaction balanced by an implied conversion: its postings sum to 1 USD and -0.9 EUR"]
        );
    }

    #[test]
    fn commodities_of_assertions() {
        let j = "commodity USD\n2026-01-01 a\n    x  0 USD = 0 EUR\n    y\n";
        assert_eq!(
            found(NamedCheck::Commodities, j),
            ["= 0 EUR: commodity `EUR` is not declared"]
        );
    }
}
