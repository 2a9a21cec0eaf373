//! Transactions, their postings, and periodic/automated rules (which share the posting syntax).

use chrono::NaiveDate;
use nom::bytes::complete::tag;
use nom::character::complete::space0;

use super::amount::{cost_marker, raw_amount, RawAmount};
use super::date::{parse_date, DateError};
use super::{offset_in, Line};
use crate::diagnostic::{Code, Diagnostic};
use crate::lower::{AmountRole, Lowerer};
use crate::model::{
    AmountOrigin, Assertion, Cost, Lot, Posting, PostingExtra, PostingKind, Rule, Status,
    Transaction,
};
use crate::source::{SourceId, Span};

/// A syntax error inside one line, as an offset into that line plus a message.
pub(crate) struct LineError {
    pub at: usize,
    pub end: usize,
    pub code: Code,
    pub message: String,
    pub expected: Option<&'static str>,
}

impl LineError {
    fn new(at: usize, message: impl Into<String>) -> LineError {
        LineError {
            at,
            end: at,
            code: Code::Syntax,
            message: message.into(),
            expected: None,
        }
    }

    fn expected(mut self, e: &'static str) -> LineError {
        self.expected = Some(e);
        self
    }

    fn code(mut self, code: Code) -> LineError {
        self.code = code;
        self
    }

    fn width(mut self, len: usize) -> LineError {
        self.end = self.at + len;
        self
    }

    /// Turns the error into a diagnostic for `line` of source `sid`.
    pub fn into_diagnostic(self, sid: SourceId, line: &Line) -> Diagnostic {
        let start = line.start + self.at.min(line.text.len());
        let end = (line.start + self.end.min(line.text.len())).max(start);
        let mut d = Diagnostic::error(self.code, Span::new(sid, start..end), self.message);
        if let Some(e) = self.expected {
            d = d.expected(e);
        }
        d
    }
}

/// A lot annotation on a posting line: its extent, `{price}`, `[date]` and `(note)` offsets.
#[derive(Default)]
struct LotLine<'a> {
    start: usize,
    end: usize,
    price: Option<(RawAmount<'a>, bool)>,
    date: Option<NaiveDate>,
    note: Option<(usize, usize)>,
}

/// What a posting line says, with offsets relative to the line.
struct PostingLine<'a> {
    status: Status,
    account: (usize, &'a str),
    kind: PostingKind,
    amount: Option<(usize, RawAmount<'a>, usize)>,
    cost: Option<(bool, usize, RawAmount<'a>, usize)>,
    lot: Option<LotLine<'a>>,
    assertion: Option<(bool, bool, usize, Option<RawAmount<'a>>, usize)>,
    comment: Option<usize>,
    /// `*FACTOR` amount of an automated rule posting.
    multiplier: bool,
}

fn is_ws(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Splits the account part of a posting line: it ends at two spaces, a tab, or the line's end.
pub(crate) fn account_end(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\t' => return i,
            b' ' if b.get(i + 1) == Some(&b' ') => return i,
            _ => i += 1,
        }
    }
    b.len()
}

fn amount_here<'a>(
    line: &'a str,
    s: &'a str,
    what: &'static str,
) -> Result<(RawAmount<'a>, &'a str), LineError> {
    if s.starts_with('(') {
        return Err(LineError::new(
            offset_in(line, s),
            "value expressions in amounts are not supported",
        )
        .code(Code::Unsupported)
        .width(s.len())
        .expected("a literal amount like 10.00 USD or $10"));
    }
    match raw_amount(s) {
        Ok((rest, a)) => Ok((a, rest)),
        Err(_) => Err(
            LineError::new(offset_in(line, s), format!("cannot read {what}"))
                .code(Code::Amount)
                .width(
                    s.split(char::is_whitespace)
                        .next()
                        .map_or(1, str::len)
                        .max(1),
                )
                .expected("an amount like 10.00 USD, $10 or -5 EUR"),
        ),
    }
}

/// Whether `s` starts a cost: `@`, `@@`, `(@)` or `(@@)`.
fn is_cost(s: &str) -> bool {
    s.starts_with('@') || s.starts_with("(@)") || s.starts_with("(@@)")
}

fn parse_posting_line(line: &str) -> Result<PostingLine<'_>, LineError> {
    let mut s = line.trim_start_matches(is_ws);
    let mut status = Status::Unmarked;
    if let Some(rest) = s.strip_prefix('*') {
        status = Status::Cleared;
        s = rest.trim_start_matches(is_ws);
    } else if let Some(rest) = s.strip_prefix('!') {
        status = Status::Pending;
        s = rest.trim_start_matches(is_ws);
    }
    let acc_len = account_end(s);
    let raw_account = s[..acc_len].trim_end();
    let acc_off = offset_in(line, s);
    if raw_account.is_empty() {
        return Err(
            LineError::new(acc_off, "posting without an account name").expected("an account name")
        );
    }
    let (kind, account, acc_off) = match (
        raw_account.as_bytes()[0],
        raw_account.as_bytes()[raw_account.len() - 1],
    ) {
        (b'(', b')') if raw_account.len() > 2 => (
            PostingKind::Virtual,
            &raw_account[1..raw_account.len() - 1],
            acc_off + 1,
        ),
        (b'[', b']') if raw_account.len() > 2 => (
            PostingKind::BalancedVirtual,
            &raw_account[1..raw_account.len() - 1],
            acc_off + 1,
        ),
        _ => (PostingKind::Real, raw_account, acc_off),
    };
    let mut p = PostingLine {
        status,
        account: (acc_off, account.trim()),
        kind,
        amount: None,
        cost: None,
        lot: None,
        assertion: None,
        comment: None,
        multiplier: false,
    };
    let mut rest = s[acc_len..].trim_start_matches(is_ws);
    if !rest.is_empty() && !rest.starts_with(';') && !rest.starts_with('=') {
        let start = offset_in(line, rest);
        if let Some(factor) = rest.strip_prefix('*') {
            p.multiplier = true;
            rest = factor;
        }
        let (a, r) = amount_here(line, rest, "the posting's amount")?;
        p.amount = Some((start, a, offset_in(line, r)));
        rest = r;
    }
    loop {
        rest = rest.trim_start_matches(is_ws);
        let here = offset_in(line, rest);
        match rest.as_bytes().first() {
            None => break,
            Some(b';') => {
                p.comment = Some(here + 1);
                break;
            }
            Some(b'{') if p.amount.is_some() && p.lot.is_none() => {
                let total = rest.starts_with("{{");
                let open = if total { 2 } else { 1 };
                let close = if total { "}}" } else { "}" };
                let Some(end) = rest.find(close) else {
                    return Err(LineError::new(here, "unclosed lot price")
                        .expected("`}` closing the lot price"));
                };
                let inner = rest[open..end].trim_matches(is_ws);
                let inner = inner
                    .strip_prefix('=')
                    .unwrap_or(inner)
                    .trim_start_matches(is_ws);
                let (a, r) = amount_here(line, inner, "the lot price")?;
                if !r.trim().is_empty() {
                    return Err(
                        LineError::new(offset_in(line, r), "unexpected text in lot price")
                            .expected("`}` after the lot price"),
                    );
                }
                let lot_end = here + end + close.len();
                p.lot = Some(LotLine {
                    start: here,
                    end: lot_end,
                    price: Some((a, total)),
                    ..LotLine::default()
                });
                rest = &rest[end + close.len()..];
            }
            Some(b'[') if p.amount.is_some() => {
                let Some(end) = rest.find(']') else {
                    return Err(LineError::new(here, "unclosed lot date")
                        .expected("`]` closing the lot date"));
                };
                let date = parse_date(&rest[1..end], 2000)
                    .map(|(d, _)| d)
                    .map_err(|_| {
                        LineError::new(here + 1, "cannot read the lot date")
                            .code(Code::Date)
                            .expected("a date like 2026-01-15")
                    })?;
                let lot = p.lot.get_or_insert(LotLine {
                    start: here,
                    end: here,
                    ..LotLine::default()
                });
                lot.end = here + end + 1;
                lot.date = Some(date);
                rest = &rest[end + 1..];
            }
            Some(b'(') if p.amount.is_some() && !is_cost(rest) => {
                let Some(end) = rest.find(')') else {
                    return Err(LineError::new(here, "unclosed lot note")
                        .expected("`)` closing the lot note"));
                };
                let lot = p.lot.get_or_insert(LotLine {
                    start: here,
                    end: here,
                    ..LotLine::default()
                });
                lot.end = here + end + 1;
                lot.note = Some((here + 1, here + end));
                rest = &rest[end + 1..];
            }
            Some(b'@' | b'(') if p.amount.is_some() && p.cost.is_none() && is_cost(rest) => {
                // ledger's virtual costs `(@)` / `(@@)` balance like `@` / `@@`.
                let marker = rest.strip_prefix('(').unwrap_or(rest);
                let (r, total) =
                    cost_marker(marker).map_err(|_| LineError::new(here, "expected a cost"))?;
                let r = match rest.starts_with('(') {
                    true => r.trim_start_matches(is_ws).strip_prefix(')').unwrap_or(r),
                    false => r,
                };
                let r = r.trim_start_matches(is_ws);
                let (a, r) = amount_here(line, r, "the cost")?;
                p.cost = Some((total, here, a, offset_in(line, r)));
                rest = r;
            }
            Some(b'=') if p.assertion.is_none() => {
                let (r, total) = match rest.strip_prefix("==") {
                    Some(r) => (r, true),
                    None => (&rest[1..], false),
                };
                let (r, inclusive) = match r.strip_prefix('*') {
                    Some(r) => (r, true),
                    None => (r, false),
                };
                let (r, _) = space0::<_, super::PErr>(r).unwrap_or((r, ""));
                if r.is_empty() || r.starts_with(';') {
                    return Err(LineError::new(
                        offset_in(line, r),
                        "balance assertion without an amount",
                    )
                    .expected("an amount after `=`"));
                }
                let (a, mut r) = amount_here(line, r, "the balance assertion's amount")?;
                // A cost on an assertion amount is allowed and ignored.
                if let Ok((r2, _)) = tag::<_, _, super::PErr>("@")(r.trim_start_matches(is_ws)) {
                    let r2 = r2.trim_start_matches('@').trim_start_matches(is_ws);
                    r = amount_here(line, r2, "the assertion's cost")?.1;
                }
                p.assertion = Some((total, inclusive, here, Some(a), offset_in(line, r)));
                rest = r;
            }
            Some(_) => {
                let e = if p.amount.is_none() {
                    LineError::new(here, "cannot read the posting's amount")
                        .code(Code::Amount)
                        .expected("an amount like 10.00 USD or $10")
                } else {
                    LineError::new(here, "unexpected text after the amount")
                        .expected("`@ COST`, `= BALANCE` or `; comment`")
                };
                return Err(e.width(rest.trim_end().len()));
            }
        }
    }
    Ok(p)
}

/// Header fields of a transaction line, with offsets relative to the line.
struct Header {
    date: NaiveDate,
    date2: Option<NaiveDate>,
    status: Status,
    code: Option<(usize, usize)>,
    description: (usize, usize),
    comment: Option<usize>,
}

fn date_error(at: usize, e: DateError, text: &str) -> LineError {
    let width = text
        .find(|c: char| c.is_whitespace() || c == ';')
        .unwrap_or(text.len());
    match e {
        DateError::Syntax => LineError::new(at, "cannot read the date")
            .code(Code::Date)
            .width(width)
            .expected("a date like 2026-01-15, 2026/01/15 or 01/15"),
        DateError::NoSuchDay(why) => LineError::new(at, format!("invalid date: {why}"))
            .code(Code::Date)
            .width(width)
            .expected("a date that exists on the calendar, like 2026-02-28"),
    }
}

fn parse_header(line: &str, year: i32) -> Result<Header, LineError> {
    let (date, n) = parse_date(line, year).map_err(|e| date_error(0, e, line))?;
    let mut pos = n;
    let mut date2 = None;
    if line[pos..].starts_with('=') {
        let (d2, n2) = parse_date(&line[pos + 1..], date.year_ce().1 as i32)
            .map_err(|e| date_error(pos + 1, e, &line[pos + 1..]))?;
        date2 = Some(d2);
        pos += 1 + n2;
    }
    let rest = &line[pos..];
    if !rest.is_empty() && !rest.starts_with(is_ws) && !rest.starts_with(';') {
        return Err(LineError::new(pos, "unexpected text after the date")
            .expected("a space, then the description"));
    }
    let mut s = rest.trim_start_matches(is_ws);
    let mut status = Status::Unmarked;
    if let Some(r) = s.strip_prefix('*') {
        status = Status::Cleared;
        s = r.trim_start_matches(is_ws);
    } else if let Some(r) = s.strip_prefix('!') {
        status = Status::Pending;
        s = r.trim_start_matches(is_ws);
    }
    let mut code = None;
    if s.starts_with('(') {
        if let Some(end) = s.find(')') {
            let start = offset_in(line, s);
            code = Some((start + 1, start + end));
            s = s[end + 1..].trim_start_matches(is_ws);
        }
    }
    let desc_start = offset_in(line, s);
    let (desc_end, comment) = match s.find(';') {
        Some(i) => (
            desc_start + s[..i].trim_end().len(),
            Some(desc_start + i + 1),
        ),
        None => (desc_start + s.trim_end().len(), None),
    };
    Ok(Header {
        date,
        date2,
        status,
        code,
        description: (desc_start, desc_end),
        comment,
    })
}

use chrono::Datelike;

/// Where the lines of an entry's body are attached.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    Transaction,
    Posting(usize),
}

/// Parses the postings and comment lines of an entry body into `ld`'s journal.
/// Returns `(tags, comments)` ranges for the transaction itself.
fn parse_body(
    ld: &mut Lowerer,
    sid: SourceId,
    header_comment: Option<(usize, &str)>,
    body: &[Line],
    rule: bool,
) -> Result<(std::ops::Range<u32>, std::ops::Range<u32>), Diagnostic> {
    let postings_start = ld.j.postings.len();
    let tags_start = ld.j.tags.len() as u32;
    let comments_start = ld.j.comments.len() as u32;
    if let Some((at, text)) = header_comment {
        ld.add_comment(sid, at, text, true);
    }
    let mut owner = Owner::Transaction;
    let mut txn_tags_end = ld.j.tags.len() as u32;
    let mut txn_comments_end = ld.j.comments.len() as u32;
    for line in body {
        let content = line.text.trim_start_matches(is_ws);
        let content_at = line.start + (line.text.len() - content.len());
        // Inside an entry only `;` starts a comment line (`#a` is an account name).
        if let Some(c) = content.strip_prefix(';') {
            ld.add_comment(sid, content_at + 1, c, false);
            match owner {
                Owner::Transaction => {
                    txn_tags_end = ld.j.tags.len() as u32;
                    txn_comments_end = ld.j.comments.len() as u32;
                }
                Owner::Posting(i) => ld.close_posting(i)?,
            }
            continue;
        }
        let p = parse_posting_line(line.text).map_err(|e| e.into_diagnostic(sid, line))?;
        let idx = add_posting(ld, sid, line, &p, rule)?;
        ld.close_posting(idx)?;
        owner = Owner::Posting(idx);
    }
    if !rule {
        for i in postings_start..ld.j.postings.len() {
            if !ld.j.postings[i].tags.is_empty() {
                ld.posting_date_tags(i)?;
            }
        }
    }
    Ok((tags_start..txn_tags_end, comments_start..txn_comments_end))
}

fn add_posting(
    ld: &mut Lowerer,
    sid: SourceId,
    line: &Line,
    p: &PostingLine,
    rule: bool,
) -> Result<usize, Diagnostic> {
    let span = |a: usize, b: usize| Span::new(sid, line.start + a..line.start + b);
    let account = ld.account(p.account.1);
    let mut extra = PostingExtra::default();
    let (amount, origin) = match &p.amount {
        Some((a, raw, b)) => {
            let sp = span(*a, *b);
            match (p.multiplier, rule) {
                (true, true) => (
                    ld.amount(raw, sp, AmountRole::Exact)?,
                    AmountOrigin::Multiplier,
                ),
                (true, false) => return Err(Diagnostic::error(
                    Code::Syntax,
                    sp,
                    "a `*FACTOR` amount is only allowed in automated transaction rules (`= QUERY`)",
                )
                .expected("an amount like 10.00 USD")),
                (false, _) => (
                    ld.amount(raw, sp, AmountRole::Posting)?,
                    AmountOrigin::Written,
                ),
            }
        }
        None => {
            let origin = if p.assertion.is_some() {
                AmountOrigin::Assigned
            } else {
                AmountOrigin::Elided
            };
            (ld.zero(), origin)
        }
    };
    if !rule {
        if let Some((total, a, raw, b)) = &p.cost {
            let sp = span(*a, *b);
            extra.cost = Some(Cost {
                amount: ld.amount(raw, sp, AmountRole::Cost)?,
                total: *total,
                span: sp,
            });
        }
        if let Some(LotLine {
            start: a,
            end: b,
            price,
            date,
            note,
        }) = &p.lot
        {
            let sp = span(*a, *b);
            let price = match price {
                Some((raw, total)) => Some((ld.amount(raw, sp, AmountRole::Exact)?, *total)),
                None => None,
            };
            extra.lot = Some(Lot {
                price,
                date: *date,
                note: note.map(|(x, y)| span(x, y)),
                span: sp,
            });
        }
        if let Some((total, inclusive, a, raw, b)) = &p.assertion {
            let sp = span(*a, *b);
            let amount = match raw {
                Some(raw) => ld.amount(raw, sp, AmountRole::Exact)?,
                None => ld.zero(),
            };
            extra.assertion = Some(Assertion {
                amount,
                total: *total,
                inclusive: *inclusive,
                span: sp,
            });
        }
    }
    let tags = ld.j.tags.len() as u32;
    let comments = ld.j.comments.len() as u32;
    let has_extra = extra != PostingExtra::default();
    let extra = if has_extra {
        ld.j.extras.push(extra);
        Some(ld.j.extras.len() as u32 - 1)
    } else {
        None
    };
    ld.j.postings.push(Posting {
        span: Span::new(sid, line.start..line.end()),
        account,
        kind: p.kind,
        status: p.status,
        amount,
        origin,
        extra,
        tags: tags..tags,
        comments: comments..comments,
    });
    let idx = ld.j.postings.len() - 1;
    if let Some(at) = p.comment {
        ld.add_comment(sid, line.start + at, &line.text[at..], true);
    }
    Ok(idx)
}

/// Parses one transaction entry (header line plus indented body) into the journal.
pub(crate) fn parse_transaction(ld: &mut Lowerer, sid: SourceId, header: Line, body: &[Line]) {
    let marks = ld.marks();
    match transaction(ld, sid, header, body) {
        Ok(txn) => {
            ld.j.transactions.push(txn);
            let id = ld.j.transactions.len() - 1;
            if let Err(d) = crate::balance::settle_transaction(&mut ld.j, &mut ld.balancing, id) {
                ld.reset(marks);
                ld.diags.push(d);
            }
        }
        Err(d) => {
            ld.reset(marks);
            ld.diags.push(d);
        }
    }
}

fn transaction(
    ld: &mut Lowerer,
    sid: SourceId,
    header: Line,
    body: &[Line],
) -> Result<Transaction, Diagnostic> {
    let h =
        parse_header(header.text, ld.state.year).map_err(|e| e.into_diagnostic(sid, &header))?;
    let postings_start = ld.j.postings.len() as u32;
    let comment = h.comment.map(|at| (header.start + at, &header.text[at..]));
    let (tags, comments) = parse_body(ld, sid, comment, body, false)?;
    let end = body.last().map_or(header.end(), |l| l.end());
    let at = |a: usize, b: usize| Span::new(sid, header.start + a..header.start + b);
    Ok(Transaction {
        span: Span::new(sid, header.start..end),
        date: h.date,
        date2: h.date2,
        status: h.status,
        code: h.code.map(|(a, b)| at(a, b)),
        description: at(h.description.0, h.description.1),
        postings: postings_start..ld.j.postings.len() as u32,
        tags,
        comments,
    })
}

/// Parses a periodic (`~`) or automated (`=`) rule; `periodic` tells which list it goes to.
pub(crate) fn parse_rule(
    ld: &mut Lowerer,
    sid: SourceId,
    header: Line,
    body: &[Line],
    periodic: bool,
) {
    let marks = ld.marks();
    let text = header.text[1..].trim_start_matches(is_ws);
    let expr_at = header.start + (header.text.len() - text.len());
    // A periodic rule's description follows two spaces.
    let (expr, desc) = match (periodic, text.find("  ")) {
        (true, Some(i)) => (&text[..i], Some(i)),
        _ => (text.split(';').next().unwrap_or("").trim_end(), None),
    };
    let postings_start = ld.j.postings.len() as u32;
    let result = parse_body(ld, sid, None, body, true);
    match result {
        Ok((tags, comments)) => {
            let desc_span = match desc {
                Some(i) => {
                    let d = text[i..].split(';').next().unwrap_or("").trim();
                    let a = expr_at + offset_in(text, text[i..].trim_start());
                    Span::new(sid, a..a + d.len())
                }
                None => Span::new(sid, header.end()..header.end()),
            };
            let txn = Transaction {
                span: Span::new(
                    sid,
                    header.start..body.last().map_or(header.end(), |l| l.end()),
                ),
                date: NaiveDate::MIN,
                date2: None,
                status: Status::Unmarked,
                code: None,
                description: desc_span,
                postings: postings_start..ld.j.postings.len() as u32,
                tags,
                comments,
            };
            let rule = Rule {
                expr: Span::new(sid, expr_at..expr_at + expr.len()),
                txn,
            };
            if periodic {
                ld.j.periodic.push(rule);
            } else {
                ld.j.automated.push(rule);
            }
        }
        Err(d) => {
            ld.reset(marks);
            ld.diags.push(d);
        }
    }
}
