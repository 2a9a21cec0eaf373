//! The list reports, as hledger defines them: `payees`, `descriptions`, `codes` and `tags`.
//!
//! Each considers the transactions a query selects ([`selected`]): those with a posting that
//! matches, and the notes (transactions without postings, such as AR collections records) the
//! query selects.

use arledger_journal::query::payee;
use arledger_journal::{Journal, Posting, Tag, Transaction};

use crate::{CompiledQuery, Query};

/// The transactions `c` selects, in file order: those with a posting that matches, and the
/// notes (no postings) whose date, status and fields match (`print` shows the same ones).
pub fn selected<'j>(j: &'j Journal, c: &CompiledQuery) -> Vec<&'j Transaction> {
    j.transactions
        .iter()
        .filter(|t| c.matches_transaction(j, t))
        .collect()
}

/// Sorted (by code point, as hledger sorts) and without repeats.
fn unique_sorted(mut names: Vec<&str>) -> Vec<&str> {
    names.sort_unstable();
    names.dedup();
    names
}

/// Which payees [`payees`] lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayeeSource {
    /// Declared with a `payee` directive, or used in a selected transaction.
    Both,
    /// Only declared ones.
    Declared,
    /// Only those of selected transactions.
    Used,
}

/// The payees (a description's part before `|`, or all of it) of the selected transactions,
/// and the declared ones, sorted and without repeats.
///
/// A declared payee belongs to no transaction, so only the query's `desc:` and `payee:`
/// terms can select it ([`Query::matches_name`]): when `filtered` (query terms or report
/// flags were given) and the query has no such term, only used payees are listed, as
/// hledger does.
pub fn payees<'j>(
    j: &'j Journal,
    q: &Query,
    c: &CompiledQuery,
    filtered: bool,
    source: PayeeSource,
) -> Vec<&'j str> {
    let mut names = Vec::new();
    if source != PayeeSource::Used {
        names.extend(
            j.declared_payees()
                .filter(|name| !filtered || q.matches_name(name) == Some(true)),
        );
    }
    if source != PayeeSource::Declared {
        names.extend(
            selected(j, c)
                .into_iter()
                .map(|t| payee(j.text(t.description()))),
        );
    }
    unique_sorted(names)
}

/// The descriptions of the selected transactions, sorted and without repeats.
pub fn descriptions<'j>(j: &'j Journal, c: &CompiledQuery) -> Vec<&'j str> {
    unique_sorted(
        selected(j, c)
            .into_iter()
            .map(|t| j.text(t.description()).trim())
            .collect(),
    )
}

/// The codes of the selected transactions in date order (file order within a date), repeats
/// kept; with `empty`, a transaction without a code gives an empty string.
pub fn codes<'j>(j: &'j Journal, c: &CompiledQuery, empty: bool) -> Vec<&'j str> {
    let mut txns = selected(j, c);
    txns.sort_by_key(|t| t.date);
    txns.into_iter()
        .map(|t| t.code().map_or("", |s| j.text(s).trim()))
        .filter(|code| empty || !code.is_empty())
        .collect()
}

/// What [`tags`] lists.
#[derive(Clone, Copy, Debug, Default)]
pub struct TagOptions {
    /// The tags' values instead of their names.
    pub values: bool,
    /// In the order read, repeats kept, instead of sorted and unique.
    pub parsed: bool,
    /// Keep empty values (with `values`).
    pub empty: bool,
}

/// The tags of the selected transactions whose name `name` matches (all when `None`): each
/// transaction's own tags, then for each posting its tags and those its account inherits
/// from its `account` directive and its parents' (nearest first), as hledger 1.25 lists them.
pub fn tags<'j>(
    j: &'j Journal,
    c: &CompiledQuery,
    name: Option<&regex::Regex>,
    opts: TagOptions,
) -> Vec<&'j str> {
    let inherited = account_tags(j);
    let of_posting = |p: &'j Posting| {
        j.tags_in(&j.posting_tags(p))
            .iter()
            .chain(inherited[p.account.index()].iter().copied())
    };
    let all = selected(j, c).into_iter().flat_map(|t| {
        j.tags_in(&t.tags)
            .iter()
            .chain(j.postings_of(t).iter().flat_map(of_posting))
    });
    let shown: Vec<&str> = all
        .filter(|t| name.is_none_or(|re| re.is_match(j.tag_names.name(t.name))))
        .map(|t| {
            if opts.values {
                j.text(t.value)
            } else {
                j.tag_names.name(t.name)
            }
        })
        .filter(|s| !(opts.values && s.is_empty() && !opts.empty))
        .collect();
    if opts.parsed {
        shown
    } else {
        unique_sorted(shown)
    }
}

/// Per account, the tags of its `account` directives and then of its parents' (nearest
/// first): what its postings inherit.
fn account_tags(j: &Journal) -> Vec<Vec<&Tag>> {
    let mut own: Vec<Vec<&Tag>> = vec![Vec::new(); j.accounts.len()];
    for d in &j.account_decls {
        own[d.account.index()].extend(j.tags_in(&d.tags));
    }
    j.accounts
        .iter()
        .map(|(id, name)| {
            let mut tags = own[id.index()].clone();
            let mut parent = name;
            while let Some((up, _)) = parent.rsplit_once(':') {
                parent = up;
                if let Some(pid) = j.accounts.get(parent) {
                    tags.extend(own[pid.index()].iter().copied());
                }
            }
            tags
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use arledger_journal::parse_str;

    const J: &str = "\
payee Zeta Declared
payee Acme Corp

account A  ; pa: 1, shared: p
account A:B  ; cb: 2, shared: c

2026-02-01 (C2) beta | second note
    ; ttag: one
    A:B   10 USD  ; ptag: two
    Income:Sales

2026-01-01 (C1) Acme Corp|first
    A:C   10 USD
    Income:Sales

2026-01-15 Acme Corp
    ; empty:
    Income:Other   10 USD
    Income:Sales
";

    fn journal() -> Journal {
        let l = parse_str(J);
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        l.journal
    }

    #[test]
    fn payees_declared_and_used() {
        let j = journal();
        let all = Query::default();
        assert_eq!(
            payees(
                &j,
                &all,
                &all.compile(&j).unwrap(),
                false,
                PayeeSource::Both
            ),
            ["Acme Corp", "Zeta Declared", "beta"]
        );
        assert_eq!(
            payees(
                &j,
                &all,
                &all.compile(&j).unwrap(),
                false,
                PayeeSource::Declared
            ),
            ["Acme Corp", "Zeta Declared"]
        );
        assert_eq!(
            payees(
                &j,
                &all,
                &all.compile(&j).unwrap(),
                false,
                PayeeSource::Used
            ),
            ["Acme Corp", "beta"]
        );
        // Account terms select transactions only; desc: terms select declared names too.
        let bank = Query::parse_at(
            &["A:B"],
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        )
        .unwrap();
        assert_eq!(
            payees(
                &j,
                &bank,
                &bank.compile(&j).unwrap(),
                true,
                PayeeSource::Both
            ),
            ["beta"]
        );
        let zeta = Query::parse_at(
            &["desc:zeta"],
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        )
        .unwrap();
        assert_eq!(
            payees(
                &j,
                &zeta,
                &zeta.compile(&j).unwrap(),
                true,
                PayeeSource::Both
            ),
            ["Zeta Declared"]
        );
    }

    #[test]
    fn descriptions_and_codes() {
        let j = journal();
        let all = Query::default();
        let c = all.compile(&j).unwrap();
        assert_eq!(
            descriptions(&j, &c),
            ["Acme Corp", "Acme Corp|first", "beta | second note"]
        );
        // Date order, repeats kept; -E shows transactions without a code.
        assert_eq!(codes(&j, &c, false), ["C1", "C2"]);
        assert_eq!(codes(&j, &c, true), ["C1", "", "C2"]);
        let q = Query::parse_at(
            &["sales", "date:2026-02"],
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        )
        .unwrap();
        assert_eq!(codes(&j, &q.compile(&j).unwrap(), false), ["C2"]);
    }

    #[test]
    fn tags_include_those_accounts_inherit() {
        let j = journal();
        let all = Query::default();
        let c = all.compile(&j).unwrap();
        let opts = TagOptions::default();
        assert_eq!(
            tags(&j, &c, None, opts),
            ["cb", "empty", "pa", "ptag", "shared", "ttag"]
        );
        let parsed = TagOptions {
            parsed: true,
            ..opts
        };
        // The transaction's, the posting's, its account's, its parent's; A:C inherits A's.
        assert_eq!(
            tags(&j, &c, None, parsed),
            ["ttag", "ptag", "cb", "shared", "pa", "shared", "pa", "shared", "empty"]
        );
        let values = TagOptions {
            values: true,
            ..opts
        };
        assert_eq!(
            tags(&j, &c, None, values),
            ["1", "2", "c", "one", "p", "two"]
        );
        let with_empty = TagOptions {
            empty: true,
            ..values
        };
        assert_eq!(tags(&j, &c, None, with_empty)[0], "");
        let re = regex::RegexBuilder::new("TAG")
            .case_insensitive(true)
            .build()
            .unwrap();
        assert_eq!(tags(&j, &c, Some(&re), opts), ["ptag", "ttag"]);
    }
}
