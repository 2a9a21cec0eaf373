//! Account balances: flat (each account's own postings) or as a tree (sub-accounts included).

use std::collections::BTreeMap;

use arledger_journal::{Amount, Journal, Posting, Transaction};

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
    let sums = Sums::of(j, &|t, p| q.matches_posting(j, t, p), None, false)?;
    let by_name = sums.by_name(opts)?;
    let names: Vec<&String> = by_name
        .iter()
        .filter(|(_, sum)| opts.empty || !sum.is_zero())
        .map(|(n, _)| n)
        .collect();
    let rows = layout(&names, opts.tree)
        .into_iter()
        .zip(&names)
        .map(|((indent, leaf), name)| BalanceRow {
            account: name.to_string(),
            indent,
            leaf,
            amounts: by_name[*name].amounts(j),
        })
        .collect();
    Ok(BalanceReport {
        rows,
        total: sums.total.amounts(j),
    })
}

/// Exclusive sums of the selected postings, per account (or pivot value), and their total.
pub(crate) struct Sums {
    /// The name of each key.
    names: Vec<String>,
    /// The sum of each key.
    own: Vec<MixedAmount>,
    /// Which keys have postings.
    used: Vec<bool>,
    /// The sum of every selected posting.
    pub total: MixedAmount,
}

/// A posting selector.
pub(crate) type Keep<'a> = dyn Fn(&Transaction, &Posting) -> bool + 'a;

impl Sums {
    /// Sums the postings `keep` selects, in one pass, without allocating per posting (but
    /// for new pivot values): under their account, or with `pivot` under the value of that
    /// tag on the posting, else on its transaction (empty when absent, as hledger's
    /// `--pivot`); with `cost`, each at its cost (`-B`).
    pub fn of(j: &Journal, keep: &Keep, pivot: Option<&str>, cost: bool) -> Result<Sums, Overflow> {
        let accounts = || j.accounts.iter().map(|(_, n)| n.to_string()).collect();
        let mut s = Sums {
            names: match pivot {
                Some(_) => Vec::new(),
                None => accounts(),
            },
            own: Vec::new(),
            used: Vec::new(),
            total: MixedAmount::default(),
        };
        s.own = vec![MixedAmount::default(); s.names.len()];
        s.used = vec![false; s.names.len()];
        let mut pivots: std::collections::HashMap<String, usize> = Default::default();
        for txn in &j.transactions {
            for p in j.postings_of(txn) {
                if !keep(txn, p) {
                    continue;
                }
                let amount = if cost {
                    crate::value::cost_of(j, p)?
                } else {
                    p.amount
                };
                let k = match pivot {
                    None => p.account.index(),
                    Some(tag) => {
                        let v = j
                            .tag_value(&j.posting_tags(p), tag)
                            .or_else(|| j.tag_value(&txn.tags, tag))
                            .unwrap_or("");
                        let k = match pivots.get(v) {
                            Some(&k) => k,
                            None => {
                                pivots.insert(v.to_string(), s.names.len());
                                s.names.push(v.to_string());
                                s.own.push(MixedAmount::default());
                                s.used.push(false);
                                s.names.len() - 1
                            }
                        };
                        k
                    }
                };
                s.own[k].add(amount)?;
                s.used[k] = true;
                s.total.add(amount)?;
            }
        }
        Ok(s)
    }

    /// The sums by (clipped) name; in tree mode also into every ancestor.
    pub fn by_name(&self, opts: BalanceOptions) -> Result<BTreeMap<String, MixedAmount>, Overflow> {
        let mut by_name: BTreeMap<String, MixedAmount> = BTreeMap::new();
        for (k, name) in self.names.iter().enumerate() {
            if !self.used[k] {
                continue;
            }
            let clipped = opts.depth.map_or(name.as_str(), |d| clip_account(name, d));
            if clipped.is_empty() && !name.is_empty() {
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
                        .add_all(&self.own[k])?;
                    match next {
                        Some(i) => end = i + 1,
                        None => break,
                    }
                }
            } else {
                by_name
                    .entry(clipped.to_string())
                    .or_default()
                    .add_all(&self.own[k])?;
            }
        }
        Ok(by_name)
    }
}

/// The indent and shown name of each of `names` (sorted): in tree mode, indented under the
/// nearest ancestor shown, named by what is below it.
pub(crate) fn layout(names: &[&String], tree: bool) -> Vec<(usize, String)> {
    let mut shown: Vec<&str> = Vec::new();
    names
        .iter()
        .map(|name| {
            if !tree {
                return (0, name.to_string());
            }
            while shown.last().is_some_and(|s| {
                !(name.starts_with(s) && name.as_bytes().get(s.len()) == Some(&b':'))
            }) {
                shown.pop();
            }
            let leaf = match shown.last() {
                Some(parent) => name[parent.len() + 1..].to_string(),
                None => name.to_string(),
            };
            let indent = shown.len();
            shown.push(name);
            (indent, leaf)
        })
        .collect()
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
        let q =
            Query::parse_at(terms, chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).unwrap();
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
