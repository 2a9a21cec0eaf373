//! The query/filter layer shared by every report: which transactions and postings count.
//!
//! Query terms follow hledger: a bare word is a case-insensitive regular expression on the
//! account name; `not:TERM` negates; `acct:`, `desc:`, `payee:`, `code:`, `tag:NAME[=REGEX]`,
//! `date:PERIOD`, `status:*|!|` select on other fields. Terms on the same field are OR-ed,
//! different fields AND-ed.

use crate::model::{AccountId, Journal, Posting, PostingKind, Status, Transaction};
use regex::{Regex, RegexBuilder};

use crate::period::{parse_period, Period};

/// A query that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// An invalid regular expression.
    #[error("invalid regular expression `{0}`: {1}")]
    Regex(String, String),
    /// An invalid period.
    #[error(transparent)]
    Period(#[from] crate::period::PeriodError),
    /// An invalid status.
    #[error("invalid status `{0}`: expected `*`, `!` or nothing")]
    Status(String),
}

#[derive(Clone, Debug)]
enum Field {
    Account(Regex),
    Description(Regex),
    Payee(Regex),
    Code(Regex),
    Tag(Regex, Option<Regex>),
}

/// Filters given on the command line, before they are compiled against a journal.
#[derive(Clone, Debug, Default)]
pub struct Query {
    terms: Vec<(bool, Field)>,
    /// Only postings dated in this period.
    pub period: Period,
    /// Only postings with one of these statuses (empty: all).
    pub statuses: Vec<Status>,
    /// Leave out virtual postings.
    pub real_only: bool,
    /// `not:status:…`: statuses left out.
    not_statuses: Vec<Status>,
    /// `not:date:…`: periods left out.
    not_periods: Vec<Period>,
}

fn regex(s: &str) -> Result<Regex, QueryError> {
    RegexBuilder::new(s)
        .case_insensitive(true)
        .build()
        .map_err(|e| QueryError::Regex(s.to_string(), e.to_string()))
}

impl Query {
    /// Reads query terms (`assets`, `not:income`, `desc:acme`, `tag:invoice=INV-1`, …).
    pub fn parse<S: AsRef<str>>(terms: &[S]) -> Result<Query, QueryError> {
        let mut q = Query::default();
        for t in terms {
            let t = t.as_ref();
            let (negate, t) = match t.strip_prefix("not:") {
                Some(rest) => (true, rest),
                None => (false, t),
            };
            let field = if let Some(r) = t.strip_prefix("acct:") {
                Field::Account(regex(r)?)
            } else if let Some(r) = t.strip_prefix("desc:") {
                Field::Description(regex(r)?)
            } else if let Some(r) = t.strip_prefix("payee:") {
                Field::Payee(regex(r)?)
            } else if let Some(r) = t.strip_prefix("code:") {
                Field::Code(regex(r)?)
            } else if let Some(r) = t.strip_prefix("tag:") {
                match r.split_once('=') {
                    Some((n, v)) => Field::Tag(regex(&format!("^(?:{n})$"))?, Some(regex(v)?)),
                    None => Field::Tag(regex(&format!("^(?:{r})$"))?, None),
                }
            } else if let Some(r) = t.strip_prefix("date:") {
                let period = parse_period(r)?;
                if negate {
                    q.not_periods.push(period);
                } else {
                    q.period = q.period.and(period);
                }
                continue;
            } else if let Some(r) = t.strip_prefix("status:") {
                let status = match r {
                    "*" => Status::Cleared,
                    "!" => Status::Pending,
                    "" => Status::Unmarked,
                    _ => return Err(QueryError::Status(r.to_string())),
                };
                if negate {
                    q.not_statuses.push(status);
                } else {
                    q.statuses.push(status);
                }
                continue;
            } else {
                Field::Account(regex(t)?)
            };
            q.terms.push((negate, field));
        }
        Ok(q)
    }

    /// Whether a name that stands alone, without a transaction (a `payee` directive's), is
    /// selected by the query's `desc:` and `payee:` terms, read as a description: `None` when
    /// the query has no such term (its other terms select transactions, which such a name has
    /// none of).
    pub fn matches_name(&self, name: &str) -> Option<bool> {
        let mut any = false;
        let mut hit = [(false, false); 2];
        for (negate, f) in &self.terms {
            let (slot, matched) = match f {
                Field::Description(re) => (0, re.is_match(name)),
                Field::Payee(re) => (1, re.is_match(payee(name))),
                _ => continue,
            };
            any = true;
            if *negate {
                if matched {
                    return Some(false);
                }
            } else {
                hit[slot].0 = true;
                hit[slot].1 |= matched;
            }
        }
        any.then(|| hit.iter().all(|&(present, h)| !present || h))
    }

    /// Restricts the query to a period (e.g. from `-b`/`-e`/`-p`).
    pub fn within(mut self, period: Period) -> Query {
        self.period = self.period.and(period);
        self
    }

    /// Prepares the query for fast matching against `j` (account terms are evaluated once per
    /// account, not once per posting).
    pub fn compile<'q>(&'q self, j: &Journal) -> CompiledQuery<'q> {
        let has_account_terms = self
            .terms
            .iter()
            .any(|(_, f)| matches!(f, Field::Account(_)));
        let accounts = j
            .accounts
            .iter()
            .map(|(_, name)| {
                let mut any_positive = false;
                let mut positive_hit = false;
                for (negate, f) in &self.terms {
                    if let Field::Account(re) = f {
                        let hit = re.is_match(name);
                        if *negate && hit {
                            return false;
                        }
                        if !*negate {
                            any_positive = true;
                            positive_hit |= hit;
                        }
                    }
                }
                !any_positive || positive_hit
            })
            .collect();
        CompiledQuery {
            query: self,
            accounts,
            has_account_terms,
        }
    }
}

/// A [`Query`] prepared for one journal.
#[derive(Debug)]
pub struct CompiledQuery<'q> {
    query: &'q Query,
    accounts: Vec<bool>,
    has_account_terms: bool,
}

impl CompiledQuery<'_> {
    /// Whether a transaction's own fields (description, payee, code, tags) match.
    fn txn_fields_match(&self, j: &Journal, txn: &Transaction, p: Option<&Posting>) -> bool {
        let mut groups: [(bool, bool); 4] = [(false, false); 4];
        for (negate, f) in &self.query.terms {
            let (slot, hit) = match f {
                Field::Account(_) => continue,
                Field::Description(re) => (0, re.is_match(j.text(txn.description))),
                Field::Payee(re) => (1, re.is_match(payee(j.text(txn.description)))),
                Field::Code(re) => (2, txn.code.is_some_and(|c| re.is_match(j.text(c)))),
                Field::Tag(name, value) => {
                    let ranges = [Some(&txn.tags), p.map(|p| &p.tags)];
                    let hit = ranges.into_iter().flatten().any(|r| {
                        j.tags_in(r).iter().any(|t| {
                            name.is_match(j.tag_names.name(t.name))
                                && value.as_ref().is_none_or(|v| v.is_match(j.text(t.value)))
                        })
                    });
                    (3, hit)
                }
            };
            if *negate {
                if hit {
                    return false;
                }
            } else {
                groups[slot].0 = true;
                groups[slot].1 |= hit;
            }
        }
        groups.iter().all(|&(present, hit)| !present || hit)
    }

    /// Whether a transaction has fields matching the non-account terms.
    pub fn matches_transaction(&self, j: &Journal, txn: &Transaction) -> bool {
        self.txn_fields_match(j, txn, None)
    }

    /// Whether a posting of `txn` counts in a report.
    pub fn matches_posting(&self, j: &Journal, txn: &Transaction, p: &Posting) -> bool {
        if !self.accounts[p.account.index()] {
            return false;
        }
        if self.query.real_only && p.kind != PostingKind::Real {
            return false;
        }
        self.status_and_date_match(j.posting_status(txn, p), j.posting_date(txn, p))
            && self.txn_fields_match(j, txn, Some(p))
    }

    fn status_and_date_match(&self, status: Status, date: chrono::NaiveDate) -> bool {
        let q = self.query;
        (q.statuses.is_empty() || q.statuses.contains(&status))
            && !q.not_statuses.contains(&status)
            && q.period.contains(date)
            && !q.not_periods.iter().any(|p| p.contains(date))
    }

    /// Whether a transaction without postings (a note, e.g. an AR collections record) is
    /// selected: no account term, and its date, status and fields match.
    pub fn matches_note(&self, j: &Journal, txn: &Transaction) -> bool {
        !self.has_account_terms
            && self.status_and_date_match(txn.status, txn.date)
            && self.txn_fields_match(j, txn, None)
    }

    /// Whether an account matches the query's account terms.
    pub fn matches_account(&self, id: AccountId) -> bool {
        self.accounts[id.index()]
    }

    /// Whether the query names accounts (reports then show only matching postings).
    pub fn has_account_terms(&self) -> bool {
        self.has_account_terms
    }
}

/// Splits a query written as one string into terms, honouring single and double quotes
/// (`desc:'acme corp' not:income` → `desc:acme corp`, `not:income`).
pub fn split_terms(text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => quote = Some(c),
            (None, c) if c.is_whitespace() => {
                if !cur.is_empty() {
                    terms.push(std::mem::take(&mut cur));
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if !cur.is_empty() {
        terms.push(cur);
    }
    terms
}

/// The payee part of a description (`payee | note`).
pub fn payee(description: &str) -> &str {
    description
        .split_once('|')
        .map_or(description, |(p, _)| p)
        .trim()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_str;

    const J: &str = "\
2026-01-01 * (INV-1) Acme Corp | website
    ; invoice: INV-1
    Assets:Receivable:Acme  100 USD
    Income:Services
2026-02-01 ! Beta Ltd
    Assets:Receivable:Beta  50 USD
    Income:Products
";

    fn count(terms: &[&str]) -> usize {
        let l = parse_str(J);
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        let j = &l.journal;
        let q = Query::parse(terms).unwrap();
        let c = q.compile(j);
        j.transactions
            .iter()
            .flat_map(|t| j.postings_of(t).iter().map(move |p| (t, p)))
            .filter(|(t, p)| c.matches_posting(j, t, p))
            .count()
    }

    #[test]
    fn account_terms() {
        assert_eq!(count(&[]), 4);
        assert_eq!(count(&["receivable"]), 2);
        assert_eq!(count(&["receivable", "income"]), 4);
        assert_eq!(count(&["receivable", "not:acme"]), 1);
        assert_eq!(count(&["^income:services$"]), 1);
    }

    #[test]
    fn other_fields() {
        assert_eq!(count(&["desc:acme"]), 2);
        assert_eq!(count(&["payee:^beta ltd$"]), 2);
        assert_eq!(count(&["code:INV"]), 2);
        assert_eq!(count(&["tag:invoice=INV-1"]), 2);
        assert_eq!(count(&["tag:invoice=nope"]), 0);
        assert_eq!(count(&["status:!"]), 2);
        assert_eq!(count(&["status:*", "status:!"]), 4);
        assert_eq!(count(&["date:2026-02"]), 2);
        assert_eq!(count(&["not:desc:acme", "receivable"]), 1);
        assert_eq!(count(&["not:status:!"]), 2);
        assert_eq!(count(&["not:date:2026-02"]), 2);
    }

    #[test]
    fn names_match_description_and_payee_terms_only() {
        let m = |terms: &[&str], name: &str| Query::parse(terms).unwrap().matches_name(name);
        assert_eq!(m(&[], "Acme"), None);
        assert_eq!(m(&["bank", "date:2026"], "Acme"), None);
        assert_eq!(m(&["desc:acm"], "Acme"), Some(true));
        assert_eq!(m(&["payee:^acme$", "bank"], "Acme"), Some(true));
        assert_eq!(m(&["desc:zeta", "desc:acme"], "Acme"), Some(true));
        assert_eq!(m(&["desc:zeta"], "Acme"), Some(false));
        assert_eq!(m(&["not:desc:acme"], "Acme"), Some(false));
        assert_eq!(m(&["not:desc:zeta"], "Acme"), Some(true));
    }

    #[test]
    fn terms_split_with_quotes() {
        assert_eq!(
            split_terms("desc:'acme corp'  not:income"),
            vec!["desc:acme corp", "not:income"]
        );
        assert_eq!(split_terms("\"a b\" c"), vec!["a b", "c"]);
        assert!(split_terms("   ").is_empty());
    }

    #[test]
    fn bad_terms() {
        assert!(matches!(Query::parse(&["("]), Err(QueryError::Regex(..))));
        assert!(matches!(
            Query::parse(&["status:x"]),
            Err(QueryError::Status(_))
        ));
        assert!(matches!(
            Query::parse(&["date:soon"]),
            Err(QueryError::Period(_))
        ));
    }
}
