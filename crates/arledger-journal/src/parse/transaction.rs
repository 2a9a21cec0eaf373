//! Transactions, their postings, and periodic/automated rules (which share the posting syntax),
//! read into syntax: offsets into the line, raw amounts, nothing interned or interpreted.
//! [`crate::lower::transaction`] turns it into model objects.

use chrono::{Datelike, NaiveDate};
use nom::bytes::complete::tag;
use nom::character::complete::space0;

use super::amount::{cost_marker, raw_amount, RawAmount};
use super::blank::{account_end, trim_blanks};
use super::date::{parse_date, DateError};
use super::{offset_in, Line};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{PostingKind, Status};
use crate::source::{SourceId, Span};

/// A syntax error inside one line, as an offset into that line plus a message.
#[derive(Debug)]
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

    /// The error as a diagnostic for `line` of source `sid`.
    pub fn diagnostic(&self, sid: SourceId, line: &Line) -> Diagnostic {
        let start = line.start + self.at.min(line.text.len());
        let end = (line.start + self.end.min(line.text.len())).max(start);
        let mut d = Diagnostic::error(self.code, Span::new(sid, start..end), self.message.clone());
        if let Some(e) = self.expected {
            d = d.expected(e);
        }
        d
    }
}

/// A lot annotation on a posting line: its extent, `{price}`, `[date]` and `(note)` offsets.
#[derive(Default)]
pub(crate) struct LotLine<'a> {
    pub start: usize,
    pub end: usize,
    /// The price and whether it is a total (`{{…}}`).
    pub price: Option<(RawAmount<'a>, bool)>,
    pub date: Option<NaiveDate>,
    pub note: Option<(usize, usize)>,
}

/// What a posting line says, with offsets relative to the line.
pub(crate) struct PostingLine<'a> {
    pub status: Status,
    /// Where the account name starts, and the name as written.
    pub account: (usize, &'a str),
    pub kind: PostingKind,
    /// The amount: start, raw amount, end.
    pub amount: Option<(usize, RawAmount<'a>, usize)>,
    /// Costs, lots and assertions are rare and kept out of line: every posting line is handed
    /// from the parser to the lowering, which copied 350 bytes a line while they were inline.
    pub cost: Option<Box<CostLine<'a>>>,
    pub lot: Option<Box<LotLine<'a>>>,
    pub assertion: Option<Box<AssertionLine<'a>>>,
    /// Where a same-line comment's text starts (after `;`).
    pub comment: Option<usize>,
    /// `*FACTOR` amount of an automated rule posting.
    pub multiplier: bool,
}

/// A posting's cost as written: `@ AMOUNT` or `@@ AMOUNT` (`total`), at `start..end`.
pub(crate) struct CostLine<'a> {
    pub total: bool,
    pub start: usize,
    pub amount: RawAmount<'a>,
    pub end: usize,
}

/// A balance assertion as written, at `start..end`: `==` (`total`), `=*` (`inclusive`), its
/// amount (none in an assignment without one).
pub(crate) struct AssertionLine<'a> {
    pub total: bool,
    pub inclusive: bool,
    pub start: usize,
    pub amount: Option<RawAmount<'a>>,
    pub end: usize,
}

fn is_ws(c: char) -> bool {
    c == ' ' || c == '\t'
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
    parse_posting_after(line, trim_blanks(line))
}

/// [`parse_posting_line`] where `content` is `line` without its indentation.
fn parse_posting_after<'a>(line: &'a str, content: &'a str) -> Result<PostingLine<'a>, LineError> {
    let mut s = content;
    let mut status = Status::Unmarked;
    if let Some(rest) = s.strip_prefix('*') {
        status = Status::Cleared;
        s = trim_blanks(rest);
    } else if let Some(rest) = s.strip_prefix('!') {
        status = Status::Pending;
        s = trim_blanks(rest);
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
    let mut rest = trim_blanks(&s[acc_len..]);
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
        rest = trim_blanks(rest);
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
                let inner = trim_blanks(inner.strip_prefix('=').unwrap_or(inner));
                let (a, r) = amount_here(line, inner, "the lot price")?;
                if !r.trim().is_empty() {
                    return Err(
                        LineError::new(offset_in(line, r), "unexpected text in lot price")
                            .expected("`}` after the lot price"),
                    );
                }
                let lot_end = here + end + close.len();
                p.lot = Some(Box::new(LotLine {
                    start: here,
                    end: lot_end,
                    price: Some((a, total)),
                    ..LotLine::default()
                }));
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
                let lot = p.lot.get_or_insert_with(|| {
                    Box::new(LotLine {
                        start: here,
                        end: here,
                        ..LotLine::default()
                    })
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
                let lot = p.lot.get_or_insert_with(|| {
                    Box::new(LotLine {
                        start: here,
                        end: here,
                        ..LotLine::default()
                    })
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
                    true => trim_blanks(r).strip_prefix(')').unwrap_or(r),
                    false => r,
                };
                let r = trim_blanks(r);
                let (a, r) = amount_here(line, r, "the cost")?;
                p.cost = Some(Box::new(CostLine {
                    total,
                    start: here,
                    amount: a,
                    end: offset_in(line, r),
                }));
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
                if let Ok((r2, _)) = tag::<_, _, super::PErr>("@")(trim_blanks(r)) {
                    let r2 = trim_blanks(r2.trim_start_matches('@'));
                    r = amount_here(line, r2, "the assertion's cost")?.1;
                }
                p.assertion = Some(Box::new(AssertionLine {
                    total,
                    inclusive,
                    start: here,
                    amount: Some(a),
                    end: offset_in(line, r),
                }));
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

/// Header fields of a transaction line, with offsets relative to the line. Yearless dates are
/// read in the year given to [`parse_transaction`].
pub(crate) struct Header {
    pub date: NaiveDate,
    pub date2: Option<NaiveDate>,
    pub status: Status,
    pub code: Option<(usize, usize)>,
    pub description: (usize, usize),
    /// Where a same-line comment's text starts (after `;`).
    pub comment: Option<usize>,
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
    let mut s = trim_blanks(rest);
    let mut status = Status::Unmarked;
    if let Some(r) = s.strip_prefix('*') {
        status = Status::Cleared;
        s = trim_blanks(r);
    } else if let Some(r) = s.strip_prefix('!') {
        status = Status::Pending;
        s = trim_blanks(r);
    }
    let mut code = None;
    if s.starts_with('(') {
        if let Some(end) = memchr::memchr(b')', s.as_bytes()) {
            let start = offset_in(line, s);
            code = Some((start + 1, start + end));
            s = trim_blanks(&s[end + 1..]);
        }
    }
    let desc_start = offset_in(line, s);
    let (desc_end, comment) = match memchr::memchr(b';', s.as_bytes()) {
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

/// One line of a transaction's or rule's body, as written.
// Body lines are read one at a time as lowering asks for them ([`body_lines`]), never stored:
// boxing the large variant would allocate once per posting instead.
#[allow(clippy::large_enum_variant)]
pub(crate) enum BodyLine<'a> {
    /// A comment line: its text after `;`, which starts at byte `at` of the source.
    Comment { at: usize, text: &'a str },
    /// A posting line, or the error found in it (reported when lowering reaches the line, so
    /// that the first problem of an entry in file order is the one reported).
    Posting {
        line: Line<'a>,
        posting: Result<PostingLine<'a>, LineError>,
    },
}

/// Reads one line of an entry's body.
fn body_line(line: Line<'_>) -> BodyLine<'_> {
    let content = trim_blanks(line.text);
    match comment_after(line, content) {
        Some((at, text)) => BodyLine::Comment { at, text },
        None => BodyLine::Posting {
            line,
            posting: parse_posting_after(line.text, content),
        },
    }
}

/// If a body line is a comment line, its text after `;` and where that starts in the source.
/// Inside an entry only `;` starts a comment line (`#a` is an account name).
pub(crate) fn comment_line(line: Line<'_>) -> Option<(usize, &str)> {
    comment_after(line, trim_blanks(line.text))
}

/// [`comment_line`] where `content` is the line's text without its indentation.
fn comment_after<'a>(line: Line<'a>, content: &'a str) -> Option<(usize, &'a str)> {
    let content_at = line.start + (line.text.len() - content.len());
    content.strip_prefix(';').map(|text| (content_at + 1, text))
}

/// The syntax of an entry's body lines, read line by line as it is consumed: lowering takes
/// each line's syntax as it is produced, so nothing is buffered or copied per posting.
pub(crate) fn body_lines<'b, 'a>(body: &'b [Line<'a>]) -> impl Iterator<Item = BodyLine<'a>> + 'b {
    body.iter().map(|&line| body_line(line))
}

/// Where the same-line comment of a posting line starts (after `;`), as lowering read it.
pub(crate) fn posting_line_comment(line: &str) -> Option<usize> {
    memchr::memchr(b';', line.as_bytes())?;
    parse_posting_line(line).ok()?.comment
}

/// Where the same-line comment of a transaction's first line starts (after `;`), given where
/// its description starts: the description ends before the first `;`.
pub(crate) fn header_comment(line: &str, description: usize) -> Option<usize> {
    memchr::memchr(b';', line.as_bytes().get(description..)?).map(|i| description + i + 1)
}

/// A transaction entry as written.
pub(crate) struct TransactionSyntax<'b, 'a> {
    /// The header line.
    pub line: Line<'a>,
    /// What the header says, or why it cannot be read.
    pub header: Result<Header, LineError>,
    /// The body lines, read with [`body_lines`].
    pub body: &'b [Line<'a>],
    /// Where the entry ends in the source.
    pub end: usize,
}

/// Reads a transaction entry: its header (yearless dates in `year`) and its body lines.
pub(crate) fn parse_transaction<'b, 'a>(
    line: Line<'a>,
    body: &'b [Line<'a>],
    year: i32,
) -> TransactionSyntax<'b, 'a> {
    TransactionSyntax {
        line,
        header: parse_header(line.text, year),
        body,
        end: body.last().map_or(line.end(), |l| l.end()),
    }
}

/// A periodic (`~`) or automated (`=`) rule as written; offsets are into the source.
pub(crate) struct RuleSyntax<'b, 'a> {
    /// Whether it is a periodic rule.
    pub periodic: bool,
    /// Where the period expression or query is.
    pub expr: (usize, usize),
    /// Where a periodic rule's description is (after two spaces).
    pub description: Option<(usize, usize)>,
    /// The header line.
    pub line: Line<'a>,
    /// The body lines, read with [`body_lines`].
    pub body: &'b [Line<'a>],
    /// Where the entry ends in the source.
    pub end: usize,
}

/// Reads a periodic or automated rule entry.
pub(crate) fn parse_rule<'b, 'a>(
    line: Line<'a>,
    body: &'b [Line<'a>],
    periodic: bool,
) -> RuleSyntax<'b, 'a> {
    let text = trim_blanks(&line.text[1..]);
    let expr_at = line.start + (line.text.len() - text.len());
    // A periodic rule's description follows two spaces.
    let (expr, description) = match (periodic, text.find("  ")) {
        (true, Some(i)) => {
            let d = text[i..].split(';').next().unwrap_or("").trim();
            let at = expr_at + offset_in(text, text[i..].trim_start());
            (&text[..i], Some((at, at + d.len())))
        }
        _ => (text.split(';').next().unwrap_or("").trim_end(), None),
    };
    RuleSyntax {
        periodic,
        expr: (expr_at, expr_at + expr.len()),
        description,
        line,
        body,
        end: body.last().map_or(line.end(), |l| l.end()),
    }
}
