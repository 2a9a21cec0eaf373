//! The query/filter layer shared by the reports: which transactions, postings and accounts
//! count. Query terms follow hledger 1.25 (docs/queries.md):
//!
//! - a bare word is a case-insensitive regular expression on the account name (`acct:`);
//! - `amt:`, `code:`, `cur:`, `date:`, `date2:`, `depth:`, `desc:`, `note:`, `payee:`,
//!   `real:`, `status:`, `tag:` and `type:` select on other fields, `not:` negates a term and
//!   `expr:` combines terms with `and`, `or`, `not` and parentheses;
//! - positive account, description and status terms are each OR-ed; everything else is AND-ed;
//! - a `WORD:` prefix that is no query prefix, where no account name contains `WORD:`, is an
//!   error rather than an account pattern that silently matches nothing.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::{Regex, RegexBuilder};
use rust_decimal::Decimal;

use crate::model::{
    AccountId, AccountType, Journal, Posting, PostingKind, Status, Tag, Transaction,
};
use crate::period::{parse_period, Period};

/// The query prefixes arledger reads, as listed in messages.
pub const PREFIXES: &[&str] = &[
    "acct:", "amt:", "code:", "cur:", "date:", "date2:", "depth:", "desc:", "expr:", "not:",
    "note:", "payee:", "real:", "status:", "tag:", "type:",
];

/// A query that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// An invalid regular expression.
    #[error("invalid regular expression `{0}`: {1}")]
    Regex(String, String),
    /// A prefix with nothing after it where a pattern is needed (`desc:`).
    #[error("`{0}` needs a pattern after the colon")]
    Empty(String),
    /// An invalid period.
    #[error(transparent)]
    Period(#[from] crate::period::PeriodError),
    /// An invalid status.
    #[error("invalid status `{0}`: expected `status:*`, `status:!` or `status:`")]
    Status(String),
    /// An invalid `amt:` comparison.
    #[error("invalid amount comparison `{0}`: expected an optional `<`, `<=`, `>`, `>=` or `=`, then a number like 5000, -20 or +0.5")]
    Amount(String),
    /// An invalid `depth:`.
    #[error("invalid depth `{0}`: expected a whole number like `depth:2`")]
    Depth(String),
    /// `depth:` negated or inside `expr:`.
    #[error("`{0}` limits how deep accounts are shown; give it as a term of its own, not under `not:` or in `expr:`")]
    DepthPlacement(String),
    /// An invalid `real:`.
    #[error("invalid `{0}`: expected `real:` (or `real:1`) for real postings, `real:0` for virtual ones")]
    Real(String),
    /// An invalid `type:`.
    #[error(
        "invalid account type in `{0}`: expected one or more of the letters A, L, E, R, X, C, V"
    )]
    Type(String),
    /// `not:` with nothing after it.
    #[error("`not:` needs a query term after it")]
    NotEmpty,
    /// An `expr:` that does not parse.
    #[error("cannot read `{term}`: {problem}")]
    Expr {
        /// The whole term.
        term: String,
        /// What is wrong.
        problem: String,
    },
    /// An hledger prefix arledger does not offer.
    #[error("`{prefix}` is not supported: {why}")]
    Unsupported {
        /// The prefix, with its colon.
        prefix: String,
        /// Why, and what to use instead.
        why: &'static str,
    },
    /// `WORD:` that is no query prefix, and no account name contains it.
    #[error("unknown query prefix `{prefix}` in `{term}`{hint}: no account name contains `{prefix}` either, so it is not an account pattern. Query prefixes: {}", PREFIXES.join(" "))]
    UnknownPrefix {
        /// The term.
        term: String,
        /// Its `WORD:`.
        prefix: String,
        /// A suggestion (the lowercase prefix), or nothing.
        hint: String,
    },
}

/// How `amt:` compares a posting's quantity with its number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cmp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
}

/// One query term, as written.
#[derive(Clone, Debug)]
enum Term {
    Acct(Regex),
    /// Comparison, number, and whether magnitudes are compared (the number had no sign).
    Amt(Cmp, Decimal, bool),
    Code(Regex),
    Cur(Regex),
    Date(Period),
    Date2(Period),
    Depth(usize),
    Desc(Regex),
    Note(Regex),
    Payee(Regex),
    Real(bool),
    Status(Status),
    Tag(Regex, Option<Regex>),
    Type(Vec<AccountType>),
}

/// A boolean combination of terms.
#[derive(Clone, Debug)]
enum Expr {
    Term(Term),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

impl Expr {
    /// Matches everything.
    const ALL: Expr = Expr::And(Vec::new());

    fn and(mut self, other: Expr) -> Expr {
        match &mut self {
            Expr::And(v) => {
                v.push(other);
                self
            }
            _ => Expr::And(vec![self, other]),
        }
    }
}

/// Filters given on the command line, before they are compiled against a journal.
#[derive(Clone, Debug)]
pub struct Query {
    expr: Expr,
    depth: Option<usize>,
    /// Account terms starting with `WORD:`, to check against the journal's account names:
    /// `(term, WORD:)`.
    unknown: Vec<(String, String)>,
    /// The day relative dates in `date:` terms (`date:lastmonth`, `date:q1`) are read from.
    today: NaiveDate,
}

impl Default for Query {
    fn default() -> Query {
        Query {
            expr: Expr::ALL,
            depth: None,
            today: NaiveDate::default(),
            unknown: Vec::new(),
        }
    }
}

fn regex(prefixed: &str, s: &str) -> Result<Regex, QueryError> {
    if s.is_empty() {
        return Err(QueryError::Empty(prefixed.to_string()));
    }
    RegexBuilder::new(s)
        .case_insensitive(true)
        .build()
        .map_err(|e| QueryError::Regex(s.to_string(), e.to_string()))
}

/// The `WORD:` a term starts with, when WORD is letters and digits starting with a letter.
fn word_prefix(t: &str) -> Option<(&str, &str)> {
    let (word, rest) = t.split_once(':')?;
    let mut chars = word.chars();
    (chars.next()?.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric()))
        .then_some((word, rest))
}

/// Reads `amt:`'s argument: `[<|<=|>|>=|=][+|-]NUMBER` (hledger 1.25): a signed number or zero
/// compares signed quantities, an unsigned one compares magnitudes.
fn amount_term(arg: &str) -> Result<Term, QueryError> {
    let err = || QueryError::Amount(arg.to_string());
    let s: String = arg.chars().filter(|c| !c.is_whitespace()).collect();
    let (cmp, rest) = [
        ("<=", Cmp::Le),
        (">=", Cmp::Ge),
        ("<", Cmp::Lt),
        (">", Cmp::Gt),
        ("=", Cmp::Eq),
    ]
    .iter()
    .find_map(|(op, c)| s.strip_prefix(op).map(|r| (*c, r)))
    .unwrap_or((Cmp::Eq, s.as_str()));
    let (signed, digits) = match rest.as_bytes().first() {
        Some(b'+' | b'-') => (true, &rest[1..]),
        _ => (false, rest),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || (digits.contains('.') && frac.is_empty())
    {
        return Err(err());
    }
    let n: Decimal = digits.parse().map_err(|_| err())?;
    let n = if rest.starts_with('-') { -n } else { n };
    Ok(Term::Amt(cmp, n, !signed && !n.is_zero()))
}

fn type_term(term: &str, arg: &str) -> Result<Term, QueryError> {
    let types: Option<Vec<AccountType>> = arg
        .chars()
        .map(|c| {
            Some(match c.to_ascii_uppercase() {
                'A' => AccountType::Asset,
                'L' => AccountType::Liability,
                'E' => AccountType::Equity,
                'R' => AccountType::Revenue,
                'X' => AccountType::Expense,
                'C' => AccountType::Cash,
                'V' => AccountType::Conversion,
                _ => return None,
            })
        })
        .collect();
    match types {
        Some(t) if !t.is_empty() => Ok(Term::Type(t)),
        _ => Err(QueryError::Type(term.to_string())),
    }
}

/// Where a term stands, for the rules on `depth:`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Top,
    Nested,
}

impl Query {
    /// Reads query terms (`assets`, `not:income`, `desc:acme`, `amt:>5000`,
    /// `expr:'desc:a or cur:EUR'`, …), combined as hledger does; relative dates in `date:`
    /// terms (`date:lastmonth`, `date:q1`, `date:jan`) are read from `today`, which the caller
    /// gives (the library never reads the clock).
    pub fn parse_at<S: AsRef<str>>(terms: &[S], today: NaiveDate) -> Result<Query, QueryError> {
        let mut q = Query {
            today,
            ..Query::default()
        };
        let mut exprs = Vec::new();
        for t in terms {
            exprs.push(q.term(t.as_ref(), Place::Top)?);
        }
        q.expr = combine(exprs);
        Ok(q)
    }

    /// Reads one term. `depth:` also sets the display limit, and stands only at the top level
    /// (it selects no postings; in `print` it selects transactions).
    fn term(&mut self, t: &str, place: Place) -> Result<Expr, QueryError> {
        if let Some(rest) = t.strip_prefix("not:") {
            if rest.is_empty() {
                return Err(QueryError::NotEmpty);
            }
            return Ok(Expr::Not(Box::new(self.term(rest, Place::Nested)?)));
        }
        if t.is_empty() {
            return Ok(Expr::ALL);
        }
        let Some((word, arg)) = word_prefix(t) else {
            return Ok(Expr::Term(Term::Acct(regex(t, t)?)));
        };
        let term = match word {
            "acct" => Term::Acct(regex(t, arg)?),
            "amt" => amount_term(arg)?,
            "code" => Term::Code(regex(t, arg)?),
            "cur" => Term::Cur(regex(t, &format!("^(?:{arg})$"))?),
            "date" => Term::Date(parse_period(arg, self.today)?),
            "date2" => Term::Date2(parse_period(arg, self.today)?),
            "depth" => {
                let n: usize = arg
                    .parse()
                    .map_err(|_| QueryError::Depth(arg.to_string()))?;
                if place != Place::Top {
                    return Err(QueryError::DepthPlacement(t.to_string()));
                }
                self.depth = Some(self.depth.map_or(n, |d| d.min(n)));
                Term::Depth(n)
            }
            "desc" => Term::Desc(regex(t, arg)?),
            "expr" => return self.expr(t, arg),
            "note" => Term::Note(regex(t, arg)?),
            "payee" => Term::Payee(regex(t, arg)?),
            "real" => match arg {
                "" | "1" => Term::Real(true),
                "0" => Term::Real(false),
                _ => return Err(QueryError::Real(t.to_string())),
            },
            "status" => Term::Status(match arg {
                "*" | "1" => Status::Cleared,
                "!" => Status::Pending,
                "" | "0" => Status::Unmarked,
                _ => return Err(QueryError::Status(arg.to_string())),
            }),
            "tag" => {
                let (name, value) = match arg.split_once('=') {
                    Some((n, v)) => (n, Some(v)),
                    None => (arg, None),
                };
                let name_re = regex(t, name)?;
                match value {
                    // As in hledger, `tag:payee=…` and `tag:note=…` are `payee:` and `note:`.
                    Some(v) if name == "payee" => Term::Payee(regex(t, v)?),
                    Some(v) if name == "note" => Term::Note(regex(t, v)?),
                    Some(v) => Term::Tag(name_re, Some(regex(t, v)?)),
                    None => Term::Tag(name_re, None),
                }
            }
            "type" => type_term(t, arg)?,
            "inacct" | "inacctonly" => {
                return Err(QueryError::Unsupported {
                    prefix: format!("{word}:"),
                    why: "it is used by hledger-web only; use `acct:` instead",
                })
            }
            "empty" => {
                return Err(QueryError::Unsupported {
                    prefix: "empty:".into(),
                    why: "use `balance -E` to show accounts whose balance is zero",
                })
            }
            _ => {
                self.unknown.push((t.to_string(), format!("{word}:")));
                Term::Acct(regex(t, t)?)
            }
        };
        Ok(Expr::Term(term))
    }

    /// Reads `expr:TEXT`: terms combined with `and`, `or`, `not` (any case) and parentheses;
    /// terms side by side combine as on the command line.
    fn expr(&mut self, term: &str, text: &str) -> Result<Expr, QueryError> {
        let err = |problem: &str| QueryError::Expr {
            term: term.to_string(),
            problem: problem.to_string(),
        };
        let tokens = tokens(text).map_err(&err)?;
        let mut p = ExprParser {
            term,
            tokens: &tokens,
            at: 0,
            query: self,
        };
        let e = p.spaced()?;
        match p.tokens.get(p.at) {
            None if !tokens.is_empty() => Ok(e),
            None => Err(err("the expression is empty")),
            Some(Token::Close) => Err(err("`)` without a matching `(`")),
            Some(_) => Err(err("unexpected text")),
        }
    }

    /// Restricts the query to a period (e.g. from `-b`/`-e`/`-p`).
    pub fn within(mut self, period: Period) -> Query {
        if period != Period::default() {
            self.expr = self.expr.and(Expr::Term(Term::Date(period)));
        }
        self
    }

    /// Restricts the query to postings with one of these statuses (`-C`, `-P`, `-U`); none: all.
    pub fn with_statuses(mut self, statuses: &[Status]) -> Query {
        if !statuses.is_empty() {
            let any = statuses
                .iter()
                .map(|&s| Expr::Term(Term::Status(s)))
                .collect();
            self.expr = self.expr.and(Expr::Or(any));
        }
        self
    }

    /// Leaves out virtual postings (`-R`, the same as `real:`).
    pub fn real_only(mut self) -> Query {
        self.expr = self.expr.and(Expr::Term(Term::Real(true)));
        self
    }

    /// The smallest `depth:` given: reports show accounts down to this level.
    pub fn depth(&self) -> Option<usize> {
        self.depth
    }

    /// Whether a name that stands alone, without a transaction (a `payee` directive's), is
    /// selected by the query's `desc:` and `payee:` terms, read as a description: `None` when
    /// the query has no such term (its other terms select transactions, which such a name has
    /// none of, and are left out of the combination).
    pub fn matches_name(&self, name: &str) -> Option<bool> {
        fn eval(e: &Expr, name: &str) -> Option<bool> {
            match e {
                Expr::Term(Term::Desc(re)) => Some(re.is_match(name)),
                Expr::Term(Term::Payee(re)) => Some(re.is_match(payee(name))),
                Expr::Term(_) => None,
                Expr::Not(inner) => eval(inner, name).map(|b| !b),
                Expr::And(v) => v.iter().filter_map(|e| eval(e, name)).reduce(|a, b| a && b),
                Expr::Or(v) => v.iter().filter_map(|e| eval(e, name)).reduce(|a, b| a || b),
            }
        }
        eval(&self.expr, name)
    }

    /// Prepares the query for `j`: what depends only on an account or commodity is decided
    /// once per account or commodity, not once per posting. Fails on a `WORD:` prefix that is
    /// no query prefix when no account name contains `WORD:`.
    pub fn compile<'q>(&'q self, j: &Journal) -> Result<CompiledQuery<'q>, QueryError> {
        for (term, prefix) in &self.unknown {
            let needle = regex(term, &regex::escape(prefix))?;
            if !j.accounts.iter().any(|(_, name)| needle.is_match(name)) {
                let lower = prefix.to_ascii_lowercase();
                let hint = if PREFIXES.contains(&lower.as_str()) {
                    format!(" (prefixes are lowercase: `{lower}`)")
                } else {
                    String::new()
                };
                return Err(QueryError::UnknownPrefix {
                    term: term.clone(),
                    prefix: prefix.clone(),
                    hint,
                });
            }
        }
        let mut types = None;
        let root = compile(&self.expr, j, &mut types);
        Ok(CompiledQuery { root })
    }
}

/// Combines top-level terms as hledger does: positive account terms OR-ed, description terms
/// OR-ed, status terms OR-ed, and these groups AND-ed with every other term.
fn combine(terms: Vec<Expr>) -> Expr {
    let (mut accts, mut descs, mut statuses, mut all) = (vec![], vec![], vec![], vec![]);
    for t in terms {
        match t {
            Expr::Term(Term::Acct(_)) => accts.push(t),
            Expr::Term(Term::Desc(_)) => descs.push(t),
            Expr::Term(Term::Status(_)) => statuses.push(t),
            Expr::And(v) if v.is_empty() => {}
            _ => all.push(t),
        }
    }
    for group in [accts, descs, statuses] {
        match group.len() {
            0 => {}
            1 => all.extend(group),
            _ => all.push(Expr::Or(group)),
        }
    }
    if all.len() == 1 {
        all.pop().unwrap_or(Expr::ALL)
    } else {
        Expr::And(all)
    }
}

/// A token of an `expr:` text.
#[derive(Debug, PartialEq, Eq)]
enum Token {
    Open,
    Close,
    And,
    Or,
    Not,
    Word(String),
}

/// Splits an `expr:` text into parentheses, keywords and terms; quotes group text with spaces
/// (`desc:'acme corp'`) and keep a keyword a term (`'or'`).
fn tokens(text: &str) -> Result<Vec<Token>, &'static str> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                out.push(Token::Open);
            }
            ')' => {
                chars.next();
                out.push(Token::Close);
            }
            _ => {
                let mut word = String::new();
                let mut quoted = false;
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || c == ')' {
                        break;
                    }
                    chars.next();
                    if c == '\'' || c == '"' {
                        quoted = true;
                        loop {
                            match chars.next() {
                                Some(q) if q == c => break,
                                Some(x) => word.push(x),
                                None => return Err("a quote is not closed"),
                            }
                        }
                    } else {
                        word.push(c);
                    }
                }
                out.push(match word.to_ascii_lowercase().as_str() {
                    "and" if !quoted => Token::And,
                    "or" if !quoted => Token::Or,
                    "not" if !quoted => Token::Not,
                    _ => Token::Word(word),
                });
            }
        }
    }
    Ok(out)
}

/// Recursive descent over `expr:` tokens: `not` binds tightest, then `and`, then `or`, then
/// terms side by side (combined as on the command line).
struct ExprParser<'a> {
    term: &'a str,
    tokens: &'a [Token],
    at: usize,
    query: &'a mut Query,
}

impl ExprParser<'_> {
    fn err(&self, problem: &str) -> QueryError {
        QueryError::Expr {
            term: self.term.to_string(),
            problem: problem.to_string(),
        }
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn spaced(&mut self) -> Result<Expr, QueryError> {
        let mut items = Vec::new();
        while !matches!(self.peek(), None | Some(Token::Close)) {
            items.push(self.or()?);
        }
        Ok(combine(items))
    }

    fn or(&mut self) -> Result<Expr, QueryError> {
        let mut items = vec![self.and()?];
        while self.peek() == Some(&Token::Or) {
            self.at += 1;
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::Or(items)
        })
    }

    fn and(&mut self) -> Result<Expr, QueryError> {
        let mut items = vec![self.not()?];
        while self.peek() == Some(&Token::And) {
            self.at += 1;
            items.push(self.not()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::And(items)
        })
    }

    fn not(&mut self) -> Result<Expr, QueryError> {
        if self.peek() == Some(&Token::Not) {
            self.at += 1;
            return Ok(Expr::Not(Box::new(self.primary()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, QueryError> {
        let tokens = self.tokens;
        let Some(token) = tokens.get(self.at) else {
            return Err(self.err("a term is missing at the end"));
        };
        match token {
            Token::Open => {
                self.at += 1;
                let e = self.spaced()?;
                if self.peek() != Some(&Token::Close) {
                    return Err(self.err("`(` without a matching `)`"));
                }
                self.at += 1;
                Ok(e)
            }
            Token::Word(w) => {
                self.at += 1;
                self.query.term(w, Place::Nested)
            }
            Token::Close => Err(self.err("`)` where a term was expected")),
            Token::And | Token::Or | Token::Not => {
                Err(self.err("`and`, `or` or `not` where a term was expected"))
            }
        }
    }
}

/// hledger 1.25's account type of `name` when no `type:` is declared on it or a parent:
/// inferred from common English top-level names.
fn inferred_type(name: &str) -> Option<AccountType> {
    static RULES: LazyLock<Vec<(Regex, AccountType)>> = LazyLock::new(|| {
        [
            (
                r"^assets?(:.+)?:(cash|bank|che(ck|que?)(ing)?|savings?|current)(:|$)",
                AccountType::Cash,
            ),
            (r"^assets?(:|$)", AccountType::Asset),
            (r"^(debts?|liabilit(y|ies))(:|$)", AccountType::Liability),
            (
                r"^equity:(trad(e|ing)|conversion)s?(:|$)",
                AccountType::Conversion,
            ),
            (r"^equity(:|$)", AccountType::Equity),
            (r"^(income|revenue)s?(:|$)", AccountType::Revenue),
            (r"^expenses?(:|$)", AccountType::Expense),
        ]
        .into_iter()
        .filter_map(|(re, t)| {
            RegexBuilder::new(re)
                .case_insensitive(true)
                .build()
                .ok()
                .map(|r| (r, t))
        })
        .collect()
    });
    RULES
        .iter()
        .find(|(re, _)| re.is_match(name))
        .map(|&(_, t)| t)
}

/// Every account's type as hledger 1.25 decides it: declared on the account, else on the
/// nearest ancestor with a declared type, else inferred from the name or an ancestor's name
/// (an inferred type gives way to a name below that infers another).
fn account_types(j: &Journal) -> Vec<Option<AccountType>> {
    let declared = |prefix: &str| {
        j.accounts
            .get(prefix)
            .and_then(|id: AccountId| j.account_info[id.index()].account_type)
    };
    j.accounts
        .iter()
        .map(|(_, name)| {
            let mut current: Option<(AccountType, bool)> = None;
            let ends = name
                .match_indices(':')
                .map(|(i, _)| i)
                .chain(std::iter::once(name.len()));
            for end in ends {
                let prefix = &name[..end];
                current = match declared(prefix) {
                    Some(t) => Some((t, true)),
                    None if current.is_some_and(|(_, d)| d) => current,
                    None => inferred_type(prefix).map(|t| (t, false)).or(current),
                };
            }
            current.map(|(t, _)| t)
        })
        .collect()
}

/// Whether an account of type `t` is selected by `type:` with `wanted` (C is also A, V is
/// also E).
fn is_subtype(t: AccountType, wanted: AccountType) -> bool {
    t == wanted
        || matches!(
            (t, wanted),
            (AccountType::Cash, AccountType::Asset)
                | (AccountType::Conversion, AccountType::Equity)
        )
}

/// Whether any account directive of each account, or of an ancestor, has a tag matching.
fn account_tag_hits(j: &Journal, matches: impl Fn(&Tag) -> bool) -> Vec<bool> {
    let mut own = vec![false; j.accounts.len()];
    for d in &j.account_decls {
        if j.tags_in(&d.tags).iter().any(&matches) {
            own[d.account.index()] = true;
        }
    }
    if !own.contains(&true) {
        return own;
    }
    j.accounts
        .iter()
        .map(|(id, name)| {
            own[id.index()]
                || name.match_indices(':').any(|(i, _)| {
                    j.accounts
                        .get(&name[..i])
                        .is_some_and(|p: AccountId| own[p.index()])
                })
        })
        .collect()
}

/// A term prepared for one journal.
#[derive(Debug)]
enum Leaf<'q> {
    /// Decided per account (`acct:`, `type:`).
    Accounts(Vec<bool>),
    /// `depth:`: accounts at most this deep; a display limit for postings and accounts.
    Depth(Vec<bool>),
    Amt(Cmp, Decimal, bool),
    /// Decided per commodity (`cur:`).
    Commodities(Vec<bool>),
    Code(&'q Regex),
    Desc(&'q Regex),
    Payee(&'q Regex),
    Note(&'q Regex),
    Date(Period),
    Date2(Period),
    Status(Status),
    Real(bool),
    /// `tag:`, with whether each account (or an ancestor) carries a matching tag.
    Tag(&'q Regex, Option<&'q Regex>, Vec<bool>),
}

#[derive(Debug)]
enum Node<'q> {
    Leaf(Leaf<'q>),
    Not(Box<Node<'q>>),
    All(Vec<Node<'q>>),
    Any(Vec<Node<'q>>),
}

fn compile<'q>(e: &'q Expr, j: &Journal, types: &mut Option<Vec<Option<AccountType>>>) -> Node<'q> {
    let per_account = |f: &dyn Fn(AccountId, &str) -> bool| -> Vec<bool> {
        j.accounts.iter().map(|(id, name)| f(id, name)).collect()
    };
    let leaf = match e {
        Expr::Not(e) => return Node::Not(Box::new(compile(e, j, types))),
        Expr::And(v) => return Node::All(v.iter().map(|e| compile(e, j, types)).collect()),
        Expr::Or(v) => return Node::Any(v.iter().map(|e| compile(e, j, types)).collect()),
        Expr::Term(t) => t,
    };
    Node::Leaf(match leaf {
        Term::Acct(re) => Leaf::Accounts(per_account(&|_, name| re.is_match(name))),
        Term::Type(wanted) => {
            let types = types.get_or_insert_with(|| account_types(j));
            Leaf::Accounts(per_account(&|id, _| {
                types[id.index()].is_some_and(|t| wanted.iter().any(|&w| is_subtype(t, w)))
            }))
        }
        Term::Depth(n) => Leaf::Depth(per_account(&|_, name| name.matches(':').count() < *n)),
        Term::Amt(c, n, abs) => Leaf::Amt(*c, *n, *abs),
        Term::Cur(re) => Leaf::Commodities(
            j.commodities
                .iter()
                .map(|(_, name)| re.is_match(name))
                .collect(),
        ),
        Term::Code(re) => Leaf::Code(re),
        Term::Desc(re) => Leaf::Desc(re),
        Term::Payee(re) => Leaf::Payee(re),
        Term::Note(re) => Leaf::Note(re),
        Term::Date(p) => Leaf::Date(*p),
        Term::Date2(p) => Leaf::Date2(*p),
        Term::Status(s) => Leaf::Status(*s),
        Term::Real(r) => Leaf::Real(*r),
        Term::Tag(name, value) => {
            let hits = account_tag_hits(j, |t| tag_matches(j, t, name, value.as_ref()));
            Leaf::Tag(name, value.as_ref(), hits)
        }
    })
}

fn tag_matches(j: &Journal, t: &Tag, name: &Regex, value: Option<&Regex>) -> bool {
    name.is_match(j.tag_names.name(t.name)) && value.is_none_or(|v| v.is_match(j.text(t.value)))
}

/// The payee part of a description (`payee | note`; all of it without a `|`).
pub fn payee(description: &str) -> &str {
    description
        .split_once('|')
        .map_or(description, |(p, _)| p)
        .trim()
}

/// The note part of a description (`payee | note`; all of it without a `|`).
pub fn note(description: &str) -> &str {
    description
        .split_once('|')
        .map_or(description, |(_, n)| n)
        .trim()
}

/// What a query is matched against.
#[derive(Clone, Copy)]
enum Target<'a> {
    Posting(&'a Transaction, &'a Posting),
    Transaction(&'a Transaction),
    Account(AccountId),
}

/// A [`Query`] prepared for one journal.
#[derive(Debug)]
pub struct CompiledQuery<'q> {
    root: Node<'q>,
}

impl CompiledQuery<'_> {
    /// Whether a posting of `txn` counts in a posting report (register, balance). `depth:`
    /// does not select postings: it limits how deep their accounts are shown.
    pub fn matches_posting(&self, j: &Journal, txn: &Transaction, p: &Posting) -> bool {
        eval(&self.root, j, Target::Posting(txn, p))
    }

    /// Whether a transaction is selected (`print`), as in hledger: account, amount, commodity,
    /// depth and tag terms match when any of its postings does; date and status terms test
    /// the transaction's own date and mark.
    pub fn matches_transaction(&self, j: &Journal, txn: &Transaction) -> bool {
        eval(&self.root, j, Target::Transaction(txn))
    }

    /// Whether an account is selected by the terms that concern accounts (name, type, the
    /// account's tags); the other terms count as matching.
    pub fn matches_account(&self, j: &Journal, id: AccountId) -> bool {
        eval(&self.root, j, Target::Account(id))
    }
}

fn eval(n: &Node, j: &Journal, target: Target) -> bool {
    match n {
        Node::Not(n) => !eval(n, j, target),
        Node::All(v) => v.iter().all(|n| eval(n, j, target)),
        Node::Any(v) => v.iter().any(|n| eval(n, j, target)),
        Node::Leaf(leaf) => match target {
            Target::Posting(txn, p) => posting_leaf(leaf, j, txn, p),
            Target::Transaction(txn) => txn_leaf(leaf, j, txn),
            Target::Account(id) => match leaf {
                Leaf::Accounts(v) => v[id.index()],
                Leaf::Tag(_, _, accounts) => accounts[id.index()],
                _ => true,
            },
        },
    }
}

fn code<'j>(j: &'j Journal, txn: &Transaction) -> &'j str {
    txn.code().map_or("", |c| j.text(c))
}

/// A term on the transaction's own text, if it is one.
fn text_leaf(leaf: &Leaf, j: &Journal, txn: &Transaction) -> Option<bool> {
    let description = || j.text(txn.description());
    Some(match leaf {
        Leaf::Code(re) => re.is_match(code(j, txn)),
        Leaf::Desc(re) => re.is_match(description()),
        Leaf::Payee(re) => re.is_match(payee(description())),
        Leaf::Note(re) => re.is_match(note(description())),
        _ => return None,
    })
}

fn compare(c: Cmp, n: Decimal, abs: bool, q: Decimal) -> bool {
    let (q, n) = if abs { (q.abs(), n.abs()) } else { (q, n) };
    match c {
        Cmp::Lt => q < n,
        Cmp::Le => q <= n,
        Cmp::Gt => q > n,
        Cmp::Ge => q >= n,
        Cmp::Eq => q == n,
    }
}

/// The secondary date of a posting, as hledger takes it: its own, its transaction's, else its
/// primary date.
fn posting_date2(j: &Journal, txn: &Transaction, p: &Posting) -> NaiveDate {
    let extra = j.extra(p);
    extra
        .and_then(|e| e.date2)
        .or(txn.date2)
        .or(extra.and_then(|e| e.date))
        .unwrap_or(txn.date)
}

fn posting_leaf(leaf: &Leaf, j: &Journal, txn: &Transaction, p: &Posting) -> bool {
    if let Some(hit) = text_leaf(leaf, j, txn) {
        return hit;
    }
    match leaf {
        Leaf::Accounts(v) => v[p.account.index()],
        Leaf::Depth(_) => true,
        Leaf::Amt(c, n, abs) => compare(*c, *n, *abs, p.amount.quantity),
        Leaf::Commodities(v) => v[p.amount.commodity.index()],
        Leaf::Date(period) => period.contains(j.posting_date(txn, p)),
        Leaf::Date2(period) => period.contains(posting_date2(j, txn, p)),
        Leaf::Status(s) => j.posting_status(txn, p) == *s,
        Leaf::Real(r) => (p.kind == PostingKind::Real) == *r,
        Leaf::Tag(name, value, accounts) => {
            accounts[p.account.index()]
                || [&j.posting_tags(p), &txn.tags]
                    .into_iter()
                    .any(|r| j.tags_in(r).iter().any(|t| tag_matches(j, t, name, *value)))
        }
        Leaf::Code(_) | Leaf::Desc(_) | Leaf::Payee(_) | Leaf::Note(_) => false,
    }
}

fn txn_leaf(leaf: &Leaf, j: &Journal, txn: &Transaction) -> bool {
    if let Some(hit) = text_leaf(leaf, j, txn) {
        return hit;
    }
    let postings = j.postings_of(txn);
    let any = |f: &dyn Fn(&Posting) -> bool| postings.iter().any(f);
    match leaf {
        Leaf::Accounts(v) | Leaf::Depth(v) => any(&|p| v[p.account.index()]),
        Leaf::Amt(c, n, abs) => any(&|p| compare(*c, *n, *abs, p.amount.quantity)),
        Leaf::Commodities(v) => any(&|p| v[p.amount.commodity.index()]),
        Leaf::Date(period) => period.contains(txn.date),
        Leaf::Date2(period) => period.contains(txn.date2.unwrap_or(txn.date)),
        Leaf::Status(s) => txn.status == *s,
        Leaf::Real(r) => any(&|p| p.kind == PostingKind::Real) == *r,
        Leaf::Tag(name, value, accounts) => {
            j.tags_in(&txn.tags)
                .iter()
                .any(|t| tag_matches(j, t, name, *value))
                || any(&|p| {
                    accounts[p.account.index()]
                        || j.tags_in(&j.posting_tags(p))
                            .iter()
                            .any(|t| tag_matches(j, t, name, *value))
                })
        }
        Leaf::Code(_) | Leaf::Desc(_) | Leaf::Payee(_) | Leaf::Note(_) => false,
    }
}

/// An account name cut to `depth` levels (`Assets:Bank:Checking` at depth 2 is `Assets:Bank`).
pub fn clip_account(name: &str, depth: usize) -> &str {
    match name.match_indices(':').nth(depth.saturating_sub(1)) {
        _ if depth == 0 => "",
        Some((i, _)) => &name[..i],
        None => name,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_str;

    const J: &str = "\
account Assets:Receivable:Acme
    ; terms: net30
account Income
    ; type: R
2026-01-01 * (INV-1) Acme Corp | website
    ; invoice: INV-1
    Assets:Receivable:Acme  100 USD
    Income:Services
2026-02-01 ! Beta Ltd
    Assets:Receivable:Beta  50 EUR
    Income:Products
    (Budget:Products)  -50 EUR
";

    fn count(terms: &[&str]) -> usize {
        let l = parse_str(J);
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        let j = &l.journal;
        let q =
            Query::parse_at(terms, chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).unwrap();
        let c = q.compile(j).unwrap();
        j.transactions
            .iter()
            .flat_map(|t| j.postings_of(t).iter().map(move |p| (t, p)))
            .filter(|(t, p)| c.matches_posting(j, t, p))
            .count()
    }

    fn txns(terms: &[&str]) -> usize {
        let l = parse_str(J);
        let j = &l.journal;
        let q =
            Query::parse_at(terms, chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).unwrap();
        let c = q.compile(j).unwrap();
        j.transactions
            .iter()
            .filter(|t| c.matches_transaction(j, t))
            .count()
    }

    fn error(terms: &[&str]) -> QueryError {
        let l = parse_str(J);
        match Query::parse_at(terms, chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
            .and_then(|q| q.compile(&l.journal).map(|_| ()))
        {
            Err(e) => e,
            Ok(()) => panic!("{terms:?} should not be read"),
        }
    }

    #[test]
    fn account_terms() {
        assert_eq!(count(&[]), 5);
        assert_eq!(count(&["receivable"]), 2);
        assert_eq!(count(&["receivable", "income"]), 4);
        assert_eq!(count(&["receivable", "not:acme"]), 1);
        assert_eq!(count(&["^income:services$"]), 1);
        assert_eq!(count(&["Assets:Receivable"]), 2);
        assert_eq!(count(&["acct:ACME"]), 1);
    }

    #[test]
    fn other_fields() {
        assert_eq!(count(&["desc:acme"]), 2);
        assert_eq!(count(&["desc:acme", "desc:beta"]), 5);
        assert_eq!(count(&["payee:^beta ltd$"]), 3);
        assert_eq!(count(&["note:^website$"]), 2);
        assert_eq!(count(&["note:beta"]), 3);
        assert_eq!(count(&["code:INV"]), 2);
        assert_eq!(count(&["not:code:."]), 3);
        assert_eq!(count(&["tag:invoice=INV-1"]), 2);
        assert_eq!(count(&["tag:invoice=nope"]), 0);
        assert_eq!(count(&["tag:inv"]), 2);
        assert_eq!(count(&["tag:terms"]), 1);
        assert_eq!(count(&["status:!"]), 3);
        assert_eq!(count(&["status:*", "status:!"]), 5);
        assert_eq!(count(&["date:2026-02"]), 3);
        assert_eq!(count(&["not:desc:acme", "receivable"]), 1);
        assert_eq!(count(&["not:status:!"]), 2);
        assert_eq!(count(&["not:date:2026-02"]), 2);
        assert_eq!(count(&["date2:2026-02"]), 3);
    }

    #[test]
    fn amounts_commodities_and_realness() {
        assert_eq!(count(&["amt:100"]), 2);
        assert_eq!(count(&["amt:-100"]), 1);
        assert_eq!(count(&["amt:>50"]), 2);
        assert_eq!(count(&["amt:>=50"]), 5);
        assert_eq!(count(&["amt:<0"]), 3);
        assert_eq!(count(&["amt:>-60"]), 4);
        assert_eq!(count(&["amt:< 51"]), 3);
        assert_eq!(count(&["cur:eur"]), 3);
        assert_eq!(count(&["cur:EU"]), 0);
        assert_eq!(count(&["cur:EU.*"]), 3);
        assert_eq!(count(&["real:"]), 4);
        assert_eq!(count(&["real:0"]), 1);
        assert_eq!(count(&["receivable", "cur:EUR"]), 1);
    }

    #[test]
    fn account_types_declared_inherited_and_inferred() {
        // Income is declared R (its sub-accounts inherit it); Assets:Receivable is inferred A.
        assert_eq!(count(&["type:R"]), 2);
        assert_eq!(count(&["type:A"]), 2);
        assert_eq!(count(&["type:ra"]), 4);
        assert_eq!(count(&["type:C"]), 0);
        assert_eq!(
            inferred_type("Assets:Bank:Checking"),
            Some(AccountType::Cash)
        );
        assert_eq!(inferred_type("assets:receivable"), Some(AccountType::Asset));
        assert_eq!(
            inferred_type("Equity:Conversion"),
            Some(AccountType::Conversion)
        );
        assert_eq!(inferred_type("Revenues:Sales"), Some(AccountType::Revenue));
        assert_eq!(inferred_type("Budget"), None);
    }

    #[test]
    fn depth_limits_display_not_postings() {
        let q = Query::parse_at(
            &["depth:3", "depth:1"],
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        )
        .unwrap();
        assert_eq!(q.depth(), Some(1));
        assert_eq!(count(&["depth:1"]), 5);
        // In `print` it selects transactions with a posting at most that deep.
        assert_eq!(txns(&["depth:1"]), 0);
        assert_eq!(txns(&["depth:2"]), 2);
        assert_eq!(clip_account("Assets:Bank:Checking", 2), "Assets:Bank");
        assert_eq!(clip_account("Assets", 2), "Assets");
        assert_eq!(clip_account("Assets:Bank", 0), "");
    }

    #[test]
    fn transactions_match_on_any_posting() {
        assert_eq!(txns(&["receivable", "cur:EUR"]), 1);
        assert_eq!(txns(&["not:budget"]), 1);
        assert_eq!(txns(&["status:!"]), 1);
        assert_eq!(txns(&["real:0"]), 0);
        assert_eq!(txns(&["tag:terms"]), 1);
    }

    #[test]
    fn expressions() {
        assert_eq!(count(&["expr:desc:acme or cur:EUR"]), 5);
        assert_eq!(count(&["expr:desc:acme OR cur:EUR and income"]), 3);
        assert_eq!(count(&["expr:(desc:acme or cur:EUR) and income"]), 2);
        assert_eq!(count(&["expr:not receivable and not budget"]), 2);
        assert_eq!(count(&["expr:receivable income"]), 4);
        assert_eq!(count(&["expr:desc:'acme corp' and amt:>0"]), 1);
        assert_eq!(count(&["expr:( ( receivable ) )"]), 2);
        for bad in [
            "expr:",
            "expr:(receivable",
            "expr:receivable)",
            "expr:receivable and",
            "expr:and receivable",
            "expr:desc:'acme",
            "expr:not",
        ] {
            assert!(
                matches!(
                    Query::parse_at(&[bad], chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()),
                    Err(QueryError::Expr { .. })
                ),
                "{bad}"
            );
        }
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
        assert!(matches!(error(&["("]), QueryError::Regex(..)));
        assert!(matches!(error(&["status:x"]), QueryError::Status(_)));
        assert!(matches!(error(&["date:soon"]), QueryError::Period(_)));
        assert!(matches!(error(&["amt:"]), QueryError::Amount(_)));
        assert!(matches!(error(&["amt:>5."]), QueryError::Amount(_)));
        assert!(matches!(error(&["amt:1e3"]), QueryError::Amount(_)));
        assert!(matches!(error(&["depth:-1"]), QueryError::Depth(_)));
        assert!(matches!(
            error(&["not:depth:1"]),
            QueryError::DepthPlacement(_)
        ));
        assert!(matches!(error(&["real:x"]), QueryError::Real(_)));
        assert!(matches!(error(&["type:"]), QueryError::Type(_)));
        assert!(matches!(error(&["tag:=x"]), QueryError::Empty(_)));
        assert!(matches!(error(&["not:"]), QueryError::NotEmpty));
        assert!(matches!(
            error(&["inacctonly:x"]),
            QueryError::Unsupported { .. }
        ));
    }

    #[test]
    fn unknown_prefixes() {
        // No account name contains `amount:`: an unknown prefix, not an empty report.
        let e = error(&["amount:>5000"]);
        assert!(
            matches!(&e, QueryError::UnknownPrefix { prefix, hint, .. } if prefix == "amount:" && hint.is_empty()),
            "{e:?}"
        );
        assert!(e.to_string().contains("acct: amt: code:"), "{e}");
        let e = error(&["not:Cur:EUR"]);
        assert!(
            e.to_string().contains("prefixes are lowercase: `cur:`"),
            "{e}"
        );
        // `assets:` and `Receivable:` are in account names: account patterns.
        assert_eq!(count(&["assets:receivable"]), 2);
        assert_eq!(count(&["Receivable:B"]), 1);
        // A pattern whose first segment is not a word is always an account pattern.
        assert_eq!(count(&["^Nope:"]), 0);
    }
}
