//! Account balances: flat (each account's own postings) or as a tree (sub-accounts included).

use arledger_journal::{AccountId, Amount, Journal};

use crate::mixed::{MixedAmount, Overflow};
use arledger_journal::query::{clip_account, CompiledQuery};

/// How the balance report is laid out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BalanceOptions {
    /// Show parents with sub-account totals, indented.
    pub tree: bool,
    /// Clip account names to this many levels, summing what is below.
    pub depth: Option<usize>,
    /// Keep rows whose balance is zero.
    pub empty: bool,
}

/// One row: an account and its balance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BalanceRow {
    /// Full account name (clipped to the depth).
    pub account: String,
    /// Nesting level in tree mode (0 in flat mode).
    pub indent: usize,
    /// Name shown in tree mode: the last segment(s) below the parent row.
    pub leaf: String,
    /// The balance, one amount per commodity, sorted by commodity.
    pub amounts: Vec<Amount>,
}

/// A balance report: rows sorted by account name, plus the grand total.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BalanceReport {
    /// The rows.
    pub rows: Vec<BalanceRow>,
    /// Sum of every matched posting.
    pub total: Vec<Amount>,
}

/// Computes the balance report of the postings `q` matches.
pub fn balance(
    j: &Journal,
    q: &CompiledQuery,
    opts: BalanceOptions,
) -> Result<BalanceReport, Overflow> {
    // Exclusive sums per account id: one pass over the postings, no allocation per posting.
    let mut own: Vec<MixedAmount> = vec![MixedAmount::default(); j.accounts.len()];
    let mut used = vec![false; j.accounts.len()];
    let mut total = MixedAmount::default();
    for txn in &j.transactions {
        for p in j.postings_of(txn) {
            if q.matches_posting(j, txn, p) {
                own[p.account.index()].add(p.amount)?;
                used[p.account.index()] = true;
                total.add(p.amount)?;
            }
        }
    }
    // Aggregate by (clipped) name; in tree mode also into every ancestor.
    let mut by_name: std::collections::BTreeMap<String, MixedAmount> =
        std::collections::BTreeMap::new();
    for (id, name) in j.accounts.iter() {
        let id: AccountId = id;
        if !used[id.index()] {
            continue;
        }
        let clipped = opts.depth.map_or(name, |d| clip_account(name, d));
        if clipped.is_empty() {
            continue;
        }
        if opts.tree {
            let mut end = 0;
            loop {
                let next = clipped[end..].find(':').map(|i| end + i);
                let prefix = &clipped[..next.unwrap_or(clipped.len())];
                by_name
                    .entry(prefix.to_string())
                    .or_default()
                    .add_all(&own[id.index()])?;
                match next {
                    Some(i) => end = i + 1,
                    None => break,
                }
            }
        } else {
            by_name
                .entry(clipped.to_string())
                .or_default()
                .add_all(&own[id.index()])?;
        }
    }
    let mut rows = Vec::new();
    let mut shown: Vec<String> = Vec::new();
    for (name, sum) in &by_name {
        if sum.is_zero() && !opts.empty {
            continue;
        }
        let (indent, leaf) = if opts.tree {
            // Indent under the nearest shown ancestor.
            while shown.last().is_some_and(|s| {
                !(name.starts_with(s.as_str()) && name.as_bytes().get(s.len()) == Some(&b':'))
            }) {
                shown.pop();
            }
            let leaf = match shown.last() {
                Some(parent) => name[parent.len() + 1..].to_string(),
                None => name.clone(),
            };
            let indent = shown.len();
            shown.push(name.clone());
            (indent, leaf)
        } else {
            (0, name.clone())
        };
        rows.push(BalanceRow {
            account: name.clone(),
            indent,
            leaf,
            amounts: sum.amounts(j),
        });
    }
    Ok(BalanceReport {
        rows,
        total: total.amounts(j),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use arledger_journal::parse_str;
    use arledger_journal::query::Query;

    const J: &str = "\
2026-01-01 Invoice
    Assets:Receivable:Acme  100.00 USD
    Income:Services
2026-01-02 Invoice
    Assets:Receivable:Beta  50 EUR
    Income:Services
2026-01-03 Payment
    Assets:Bank  60.00 USD
    Assets:Receivable:Acme
";

    fn report(opts: BalanceOptions, terms: &[&str]) -> Vec<(String, usize, String)> {
        let l = parse_str(J);
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        let j = &l.journal;
        let q = Query::parse(terms).unwrap();
        let r = balance(j, &q.compile(j).unwrap(), opts).unwrap();
        r.rows
            .iter()
            .map(|row| {
                let amounts: Vec<String> = row
                    .amounts
                    .iter()
                    .map(|a| format!("{} {}", a.quantity, j.commodity_name(a.commodity)))
                    .collect();
                (row.leaf.clone(), row.indent, amounts.join(", "))
            })
            .collect()
    }

    fn row(a: &str, i: usize, b: &str) -> (String, usize, String) {
        (a.to_string(), i, b.to_string())
    }

    #[test]
    fn flat_is_exclusive_and_sorted() {
        assert_eq!(
            report(BalanceOptions::default(), &[]),
            vec![
                row("Assets:Bank", 0, "60.00 USD"),
                row("Assets:Receivable:Acme", 0, "40.00 USD"),
                row("Assets:Receivable:Beta", 0, "50 EUR"),
                row("Income:Services", 0, "-50 EUR, -100.00 USD"),
            ]
        );
    }

    #[test]
    fn tree_includes_subaccounts() {
        assert_eq!(
            report(
                BalanceOptions {
                    tree: true,
                    ..Default::default()
                },
                &["assets"]
            ),
            vec![
                row("Assets", 0, "50 EUR, 100.00 USD"),
                row("Bank", 1, "60.00 USD"),
                row("Receivable", 1, "50 EUR, 40.00 USD"),
                row("Acme", 2, "40.00 USD"),
                row("Beta", 2, "50 EUR"),
            ]
        );
    }

    #[test]
    fn depth_clips_and_sums() {
        assert_eq!(
            report(
                BalanceOptions {
                    depth: Some(1),
                    ..Default::default()
                },
                &[]
            ),
            vec![
                row("Assets", 0, "50 EUR, 100.00 USD"),
                row("Income", 0, "-50 EUR, -100.00 USD")
            ]
        );
    }
}
