//! Reading a bank statement (CSV, with the `csv` crate) and the rules file that says how its
//! columns are laid out (docs/reconciliation.md, "The rules file").
//!
//! Problems are diagnostics with spans into the statement or rules text, rendered like journal
//! errors (`file:line:col`, the line, a caret, what was expected). Every problem of the file is
//! reported, and a statement with any problem yields no lines at all.

use std::ops::Range;
use std::path::Path;

use super::bank::{BankStatement, BankStatementLine, Exactness};
use arledger_journal::strict::{exact_add, exact_sub};
use arledger_journal::{Code, Diagnostic, SourceId, SourceMap, Span};
use chrono::format::{Item, StrftimeItems};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A column of the statement: by header name (case-insensitive) or 1-based position.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Col {
    Name(String),
    Position(usize),
}

/// A column and where the rules file names it (none for the defaults).
#[derive(Clone, Debug, PartialEq, Eq)]
struct ColRule {
    col: Col,
    span: Option<Span>,
}

impl ColRule {
    fn named(name: &str) -> ColRule {
        ColRule {
            col: Col::Name(name.to_string()),
            span: None,
        }
    }
}

/// Where a line's amount is: one signed column, or money out and money in.
#[derive(Clone, Debug, PartialEq, Eq)]
enum AmountCols<C> {
    Signed(C),
    DebitCredit { debit: C, credit: C },
}

/// How to read a statement's columns.
#[derive(Clone, Debug)]
pub struct Rules {
    skip: usize,
    skip_span: Option<Span>,
    separator: u8,
    header: bool,
    date: ColRule,
    date_format: String,
    amount: Option<AmountCols<ColRule>>,
    description: Vec<ColRule>,
    reference: Option<ColRule>,
    balance: Option<ColRule>,
    currency: Option<ColRule>,
    decimal_mark: char,
    /// The commodity of lines that do not name one (`commodity`).
    pub commodity: Option<String>,
    /// No rules file: optional columns are looked up by their usual names.
    detect: bool,
}

impl Default for Rules {
    /// The layout assumed without a rules file: a header naming `date`, `description` and
    /// `amount` (or `debit` and `credit`), and optionally `reference`, `balance` and `currency`.
    fn default() -> Rules {
        Rules {
            skip: 0,
            skip_span: None,
            separator: b',',
            header: true,
            date: ColRule::named("date"),
            date_format: "%Y-%m-%d".into(),
            amount: None,
            description: vec![ColRule::named("description")],
            reference: None,
            balance: None,
            currency: None,
            decimal_mark: '.',
            commodity: None,
            detect: true,
        }
    }
}

/// Files read so far (rules, statement) and the problems found in them.
#[derive(Debug, Default)]
pub struct Inputs {
    /// The texts, for rendering diagnostics.
    pub sources: SourceMap,
    /// Problems, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a file as text into `inputs`' sources: none (and a diagnostic) when it cannot be read
/// or is not UTF-8.
pub fn read_text(inputs: &mut Inputs, path: &Path, what: &str) -> Option<SourceId> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            let id = inputs
                .sources
                .add(arledger_journal::Source::new(path.to_path_buf(), ""));
            inputs.diagnostics.push(
                Diagnostic::error(
                    Code::Io,
                    Span::new(id, 0..0),
                    format!("cannot read the {what}: {e}"),
                )
                .expected(format!("a readable {what} file")),
            );
            return None;
        }
    };
    // The loader's check: the same error (E0002, with the byte offset) as a journal file's.
    match inputs.sources.add_bytes(path, bytes) {
        Ok(id) => Some(id),
        Err(d) => {
            inputs.diagnostics.push(*d);
            None
        }
    }
}

const RULE_NAMES: &str = "skip, separator, header, date, date-format, amount, debit, credit, \
                          description, reference, balance, currency, decimal-mark, commodity";

/// Reads a rules file. Problems go to `inputs.diagnostics`.
pub fn read_rules(inputs: &mut Inputs, path: &Path) -> Rules {
    let mut rules = Rules {
        detect: false,
        description: Vec::new(),
        ..Rules::default()
    };
    let Some(id) = read_text(inputs, path, "rules file") else {
        return rules;
    };
    let text = inputs.sources.get(id).text.clone();
    let mut seen: Vec<(&str, Span)> = Vec::new();
    let (mut date, mut amount, mut debit, mut credit) = (None, None, None, None);
    let mut line_start = 0;
    for raw in text.split_inclusive('\n') {
        let start = line_start;
        line_start += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') || body.starts_with(';') {
            continue;
        }
        let at = start + (line.len() - body.len());
        let (key, value) = match body.find(char::is_whitespace) {
            Some(i) => (&body[..i], body[i..].trim()),
            None => (body, ""),
        };
        let key_span = Span::new(id, at..at + key.len());
        let value_at = at + body.len() - body[key.len()..].trim_start().len();
        let value_span = Span::new(id, value_at..value_at + value.len());
        if !RULE_NAMES.split(", ").any(|k| k == key) {
            inputs.diagnostics.push(bad(
                Code::Syntax,
                key_span,
                format!("unknown rule `{key}`"),
                &format!("one of {RULE_NAMES}"),
            ));
            continue;
        }
        if value.is_empty() {
            inputs.diagnostics.push(bad(
                Code::Syntax,
                key_span,
                format!("the rule `{key}` needs a value"),
                "a value after the rule's name",
            ));
            continue;
        }
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            let first = *first;
            inputs.diagnostics.push(
                Diagnostic::error(Code::Syntax, key_span, format!("`{key}` is given twice"))
                    .label(first, "first given here"),
            );
            continue;
        }
        seen.push((key, key_span));
        let col = || ColRule {
            col: match value.parse::<usize>() {
                Ok(n) => Col::Position(n),
                Err(_) => Col::Name(value.to_string()),
            },
            span: Some(value_span),
        };
        match key {
            "skip" => match value.parse::<usize>() {
                Ok(n) => {
                    rules.skip = n;
                    rules.skip_span = Some(value_span);
                }
                Err(_) => inputs.diagnostics.push(bad(
                    Code::Syntax,
                    value_span,
                    format!("cannot read the number of lines to skip `{value}`"),
                    "a whole number of lines, like 4",
                )),
            },
            "separator" => match value {
                "tab" | "\\t" => rules.separator = b'\t',
                v if v.len() == 1 && v != "\"" => rules.separator = v.as_bytes()[0],
                _ => inputs.diagnostics.push(bad(
                    Code::Syntax,
                    value_span,
                    format!("cannot use `{value}` as the separator"),
                    "one character such as , or ; or |, or `tab`",
                )),
            },
            "header" => match value {
                "yes" => rules.header = true,
                "no" => rules.header = false,
                _ => inputs.diagnostics.push(bad(
                    Code::Syntax,
                    value_span,
                    format!("invalid `header` value `{value}`"),
                    "`yes` or `no`",
                )),
            },
            "date-format" => {
                if let Err(why) = check_date_format(value) {
                    inputs.diagnostics.push(bad(
                        Code::Syntax,
                        value_span,
                        format!("the date format `{value}` {why}"),
                        "a strftime format with the year, month and day, like %d.%m.%Y",
                    ));
                } else {
                    rules.date_format = value.to_string();
                }
            }
            "decimal-mark" => match value {
                "." => rules.decimal_mark = '.',
                "," => rules.decimal_mark = ',',
                _ => inputs.diagnostics.push(bad(
                    Code::Syntax,
                    value_span,
                    format!("invalid decimal mark `{value}`"),
                    "`.` or `,`",
                )),
            },
            "commodity" => rules.commodity = Some(value.to_string()),
            "date" => date = Some(col()),
            "amount" => amount = Some(col()),
            "debit" => debit = Some(col()),
            "credit" => credit = Some(col()),
            "description" => {
                let mut offset = value_at;
                for part in value.split('+') {
                    let name = part.trim();
                    let at = offset + (part.len() - part.trim_start().len());
                    offset += part.len() + 1;
                    rules.description.push(ColRule {
                        col: match name.parse::<usize>() {
                            Ok(n) => Col::Position(n),
                            Err(_) => Col::Name(name.to_string()),
                        },
                        span: Some(Span::new(id, at..at + name.len())),
                    });
                }
            }
            "reference" => rules.reference = Some(col()),
            "balance" => rules.balance = Some(col()),
            _ => rules.currency = Some(col()),
        }
    }
    let whole = Span::new(id, 0..0);
    match date {
        Some(d) => rules.date = d,
        None => inputs.diagnostics.push(
            Diagnostic::error(
                Code::Syntax,
                whole,
                "the rules do not say which column holds the date",
            )
            .expected("a `date COLUMN` rule"),
        ),
    }
    let has_debit = debit.is_some();
    rules.amount = match (amount, debit, credit) {
        (Some(a), None, None) => Some(AmountCols::Signed(a)),
        (None, Some(debit), Some(credit)) => Some(AmountCols::DebitCredit { debit, credit }),
        (Some(a), _, _) => {
            inputs.diagnostics.push(
                Diagnostic::error(
                    Code::Syntax,
                    a.span.unwrap_or(whole),
                    "`amount` and `debit`/`credit` are both given",
                )
                .expected("either `amount COLUMN`, or `debit COLUMN` and `credit COLUMN`"),
            );
            None
        }
        (None, Some(one), None) | (None, None, Some(one)) => {
            let (given, missing) = if has_debit {
                ("debit", "credit")
            } else {
                ("credit", "debit")
            };
            inputs.diagnostics.push(
                Diagnostic::error(
                    Code::Syntax,
                    one.span.unwrap_or(whole),
                    format!("a `{given}` column needs a `{missing}` column too"),
                )
                .expected(format!("a `{missing} COLUMN` rule")),
            );
            None
        }
        (None, _, _) => {
            inputs.diagnostics.push(
                Diagnostic::error(
                    Code::Syntax,
                    whole,
                    "the rules do not say which column holds the amount",
                )
                .expected("either `amount COLUMN`, or `debit COLUMN` and `credit COLUMN`"),
            );
            None
        }
    };
    if !rules.header {
        let named = [
            Some(&rules.date),
            rules.reference.as_ref(),
            rules.balance.as_ref(),
            rules.currency.as_ref(),
        ]
        .into_iter()
        .flatten()
        .chain(&rules.description)
        .chain(match &rules.amount {
            Some(AmountCols::Signed(a)) => vec![a],
            Some(AmountCols::DebitCredit { debit, credit }) => vec![debit, credit],
            None => vec![],
        })
        .filter(|c| matches!(c.col, Col::Name(_)))
        .filter_map(|c| c.span)
        .collect::<Vec<_>>();
        for span in named {
            inputs.diagnostics.push(
                Diagnostic::error(
                    Code::Syntax,
                    span,
                    "a column name needs a header line, and the rules say `header no`",
                )
                .expected("a column number (1 is the first column)"),
            );
        }
    }
    rules
}

/// An error of a rules file with what was expected.
fn bad(code: Code, span: Span, message: String, expected: &str) -> Diagnostic {
    Diagnostic::error(code, span, message).expected(expected.to_string())
}

/// Whether a date format can read full dates.
pub fn check_date_format(format: &str) -> Result<(), &'static str> {
    if StrftimeItems::new(format).any(|i| matches!(i, Item::Error)) {
        return Err("is not a valid strftime format");
    }
    let sample = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap_or_default();
    match NaiveDate::parse_from_str(&sample.format(format).to_string(), format) {
        Ok(d) if d == sample => Ok(()),
        _ => Err("cannot read a full date (year, month and day)"),
    }
}

/// Columns resolved to 0-based positions, with the names shown in messages.
struct Resolved {
    date: usize,
    amount: AmountCols<usize>,
    description: Vec<usize>,
    reference: Option<usize>,
    balance: Option<usize>,
    currency: Option<usize>,
    /// Display name per column position (header text, else `column N`).
    names: Vec<String>,
}

impl Resolved {
    /// Every column position read.
    fn positions(&self) -> impl Iterator<Item = usize> + '_ {
        let amount = match self.amount {
            AmountCols::Signed(a) => [Some(a), None],
            AmountCols::DebitCredit { debit, credit } => [Some(debit), Some(credit)],
        };
        [Some(self.date), self.reference, self.balance, self.currency]
            .into_iter()
            .chain(amount)
            .flatten()
            .chain(self.description.iter().copied())
    }

    fn name(&self, i: usize) -> String {
        self.names
            .get(i)
            .filter(|n| !n.is_empty())
            .map_or_else(|| format!("column {}", i + 1), |n| format!("`{n}`"))
    }
}

/// Byte ranges of the fields of the record starting at `start` (quotes included), up to the
/// end of its line (or of its last quoted line).
pub fn field_ranges(text: &[u8], start: usize, separator: u8) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut i, mut field_start, mut quoted) = (start, start, false);
    while i < text.len() {
        let b = text[i];
        if quoted {
            if b == b'"' {
                if text.get(i + 1) == Some(&b'"') {
                    i += 2;
                    continue;
                }
                quoted = false;
            }
        } else if b == b'"' {
            quoted = true;
        } else if b == separator {
            out.push(field_start..i);
            field_start = i + 1;
        } else if b == b'\n' || b == b'\r' {
            break;
        }
        i += 1;
    }
    out.push(field_start..i);
    out
}

/// Why a statement's number was not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadNumber {
    /// Not a number written with the decimal mark.
    Unreadable,
    /// A number exact decimal arithmetic cannot hold without rounding it (more than 28
    /// significant digits).
    TooManyDigits,
}

/// The error for a number exact arithmetic cannot hold: `subject` names it (`the amount
/// `1e40` in column `Amount``).
pub fn too_many_digits(span: Span, subject: &str) -> Diagnostic {
    Diagnostic::error(
        Code::Amount,
        span,
        format!("{subject} has more than 28 significant digits"),
    )
    .note("arledger keeps amounts exact and cannot represent this one")
    .expected("an amount with at most 28 significant digits")
}

/// Reads a number written with `mark` as decimal mark: digit groups (`1.234,56`), a sign in
/// front or behind (`-12,50`, `12,50-`) or parentheses (`(12.50)`). The value is exact: a
/// number with more digits than a `Decimal` holds is refused, never rounded.
pub fn parse_number(text: &str, mark: char) -> Result<Decimal, BadNumber> {
    parse_digits(text, mark)
        .ok_or(BadNumber::Unreadable)
        .and_then(|(plain, negative)| {
            let q = Decimal::from_str_exact(&plain).map_err(|_| BadNumber::TooManyDigits)?;
            Ok(if negative { -q } else { q })
        })
}

/// The digits of a number with `.` as decimal mark, and whether it is negative.
fn parse_digits(text: &str, mark: char) -> Option<(String, bool)> {
    let mut t = text.trim();
    let mut negative = false;
    if let Some(inner) = t.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        negative = true;
        t = inner.trim();
    }
    if let Some(rest) = t.strip_prefix('-') {
        negative = !negative;
        t = rest.trim_start();
    } else if let Some(rest) = t.strip_prefix('+') {
        t = rest.trim_start();
    } else if let Some(rest) = t.strip_suffix('-') {
        negative = !negative;
        t = rest.trim_end();
    }
    let (int, frac) = match t.split_once(mark) {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    let is_group =
        |c: char| c != mark && matches!(c, '.' | ',' | ' ' | '\'' | '\u{a0}' | '\u{202f}');
    let mut groups = int.split(is_group);
    let first = groups.next().unwrap_or_default();
    let rest: Vec<&str> = groups.collect();
    let grouped_ok =
        rest.is_empty() || (first.len() <= 3 && rest.iter().all(|g| g.len() == 3 && digits(g)));
    if !digits(first) || !grouped_ok {
        return None;
    }
    let mut plain: String = std::iter::once(first).chain(rest).collect();
    if let Some(f) = frac {
        plain.push('.');
        plain.push_str(f);
    }
    Some((plain, negative))
}

/// A number written the way the statement writes them, for "expected" messages.
fn number_example(mark: char) -> &'static str {
    if mark == ',' {
        "1.234,56"
    } else {
        "1,234.56"
    }
}

/// A line read, with where its amount and balance are written.
struct Row {
    line: BankStatementLine,
    amount_span: Span,
    balance: Option<(Decimal, Span)>,
}

/// The non-blank CSV records of source `id` from byte `pos` on, each with the byte offset
/// where it starts; none (and a diagnostic) when the text is not CSV.
pub fn csv_records(
    inputs: &mut Inputs,
    id: SourceId,
    pos: usize,
    separator: u8,
) -> Option<Vec<(usize, csv::StringRecord)>> {
    let text = inputs.sources.get(id).text.clone();
    let body = &text[pos..];
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(body.as_bytes());
    let mut records = Vec::new();
    for r in reader.records() {
        match r {
            Ok(rec) => {
                let mut at = pos + rec.position().map_or(0, |p| p.byte() as usize);
                // A record's position is where the previous one ended: after its `\r` but
                // before the `\n` of a CRLF, and before any blank lines.
                while matches!(text.as_bytes().get(at), Some(b'\r' | b'\n')) {
                    at += 1;
                }
                if rec.iter().any(|f| !f.trim().is_empty()) {
                    records.push((at, rec));
                }
            }
            Err(e) => {
                let at = pos + e.position().map_or(0, |p| p.byte() as usize);
                inputs.diagnostics.push(
                    Diagnostic::error(
                        Code::Syntax,
                        Span::new(id, at..at),
                        format!("cannot read this CSV record: {e}"),
                    )
                    .expected("a CSV record (RFC 4180)"),
                );
                return None;
            }
        }
    }
    Some(records)
}

/// Reads the statement at `path` with `rules`. `default_commodity` is the commodity of lines
/// that name none, or why there is none. `exact` holds the account's postings: a statement
/// whose amounts and running balances would take the reconciliation's sums past exact
/// arithmetic is refused at the field where that happens. Problems go to
/// `inputs.diagnostics`; the statement is only meaningful when there are none.
pub fn read_statement(
    inputs: &mut Inputs,
    path: &Path,
    rules: &Rules,
    default_commodity: Result<&str, &str>,
    exact: Exactness,
) -> BankStatement {
    let mut st = BankStatement::default();
    let Some(id) = read_text(inputs, path, "statement") else {
        return st;
    };
    let text = inputs.sources.get(id).text.clone();
    let diags_before = inputs.diagnostics.len();
    let mut pos = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    for n in 0..rules.skip {
        match text[pos..].find('\n') {
            Some(i) => pos += i + 1,
            None => {
                let d = Diagnostic::error(
                    Code::Syntax,
                    Span::new(id, text.len()..text.len()),
                    format!(
                        "the statement ends after {n} lines, before the {} lines to skip",
                        rules.skip
                    ),
                )
                .expected("the header or the first line after the skipped ones");
                inputs.diagnostics.push(match rules.skip_span {
                    Some(s) => d.label(s, "the rules skip this many lines"),
                    None => d,
                });
                return st;
            }
        }
    }
    let Some(records) = csv_records(inputs, id, pos, rules.separator) else {
        return st;
    };
    let mut records = records.into_iter();
    let header = if rules.header {
        match records.next() {
            Some(h) => Some(h),
            None => {
                inputs.diagnostics.push(
                    Diagnostic::error(
                        Code::Syntax,
                        Span::new(id, pos..pos),
                        "the statement has no header line",
                    )
                    .expected("a header line naming the columns"),
                );
                return st;
            }
        }
    } else {
        None
    };
    let Some(cols) = resolve(inputs, id, rules, header.as_ref()) else {
        return st;
    };
    let default_commodity = match default_commodity {
        Ok(c) => Some(c),
        Err(why) if cols.currency.is_none() => {
            inputs.diagnostics.push(
                Diagnostic::error(
                    Code::Syntax,
                    Span::new(id, pos..pos),
                    format!("cannot tell the commodity of the statement's amounts: {why}"),
                )
                .expected("a `commodity` rule in a rules file (--rules), or a currency column"),
            );
            return st;
        }
        Err(_) => None,
    };
    let bytes = text.as_bytes();
    let mut rows: Vec<Row> = Vec::new();
    for (at, rec) in records {
        let ranges = field_ranges(bytes, at, rules.separator);
        let line_no = inputs.sources.get(id).line_col(at as u32).line;
        let end = ranges.last().map_or(at, |r| r.end);
        let span_of = |i: usize| match ranges.get(i) {
            Some(r) => Span::new(id, r.clone()),
            None => Span::new(id, end..end),
        };
        if let Some(d) = check_width(&cols, &rec, rules.separator, span_of) {
            inputs.diagnostics.push(d);
            continue;
        }
        let cell = |i: usize| rec.get(i).unwrap_or_default().trim();
        let mut problems: Vec<Diagnostic> = Vec::new();
        let date = read_date(cell(cols.date), rules, &cols, span_of, &mut problems);
        let mark = rules.decimal_mark;
        let number = |i: usize, problems: &mut Vec<Diagnostic>| -> Option<Decimal> {
            let t = cell(i);
            let column = cols.name(i);
            parse_number(t, mark)
                .map_err(|bad| {
                    problems.push(match bad {
                        BadNumber::TooManyDigits => too_many_digits(
                            span_of(i),
                            &format!("the amount `{t}` in column {column}"),
                        ),
                        BadNumber::Unreadable => Diagnostic::error(
                            Code::Amount,
                            span_of(i),
                            if t.is_empty() {
                                format!("no amount in column {column}")
                            } else {
                                format!("cannot read the amount `{t}` in column {column}")
                            },
                        )
                        .expected(format!(
                            "a number like {} or -{} (decimal mark `{mark}`)",
                            number_example(mark),
                            number_example(mark)
                        )),
                    })
                })
                .ok()
        };
        let amount_span = match cols.amount {
            AmountCols::DebitCredit { debit, .. } if !cell(debit).is_empty() => span_of(debit),
            AmountCols::DebitCredit { credit: i, .. } | AmountCols::Signed(i) => span_of(i),
        };
        let amount = match cols.amount {
            AmountCols::Signed(i) => number(i, &mut problems),
            AmountCols::DebitCredit { debit, credit } => {
                // Money out and money in, each read as a magnitude; an empty cell is none.
                let side = |i: usize, problems: &mut Vec<Diagnostic>| match cell(i) {
                    "" => Some(Decimal::ZERO),
                    _ => number(i, problems).map(|q| q.abs()),
                };
                match (side(debit, &mut problems), side(credit, &mut problems)) {
                    (Some(_), Some(_)) if cell(debit).is_empty() && cell(credit).is_empty() => {
                        problems.push(
                            Diagnostic::error(
                                Code::Amount,
                                span_of(debit),
                                format!(
                                    "no amount: columns {} and {} are both empty",
                                    cols.name(debit),
                                    cols.name(credit)
                                ),
                            )
                            .expected(
                                "an amount in the debit (money out) or the credit (money in) column",
                            ),
                        );
                        None
                    }
                    (Some(out), Some(inc)) if !out.is_zero() && !inc.is_zero() => {
                        problems.push(
                            Diagnostic::error(
                                Code::Amount,
                                span_of(credit),
                                format!(
                                    "both columns {} and {} hold an amount",
                                    cols.name(debit),
                                    cols.name(credit)
                                ),
                            )
                            .label(span_of(debit), "money out")
                            .expected("an amount in only one of the debit and credit columns"),
                        );
                        None
                    }
                    // One of them is zero: no overflow.
                    (Some(out), Some(inc)) => Some(inc - out),
                    _ => None,
                }
            }
        };
        let balance = match cols.balance {
            Some(i) if !cell(i).is_empty() => number(i, &mut problems).map(|q| (q, span_of(i))),
            _ => None,
        };
        let commodity = match cols.currency.map(cell) {
            Some(c) if !c.is_empty() => Some(c.to_string()),
            _ => match default_commodity {
                Some(d) => Some(d.to_string()),
                None => {
                    let i = cols.currency.unwrap_or_default();
                    problems.push(
                        Diagnostic::error(
                            Code::Syntax,
                            span_of(i),
                            format!("no currency in column {}", cols.name(i)),
                        )
                        .expected("a commodity symbol, or a default `commodity` in the rules"),
                    );
                    None
                }
            },
        };
        if !problems.is_empty() {
            inputs.diagnostics.extend(problems);
            continue;
        }
        if let (Some(date), Some(amount), Some(commodity)) = (date, amount, commodity) {
            let description: Vec<&str> = cols
                .description
                .iter()
                .map(|&i| cell(i))
                .filter(|d| !d.is_empty())
                .collect();
            rows.push(Row {
                line: BankStatementLine {
                    line: line_no,
                    date,
                    amount,
                    commodity,
                    description: description.join(" "),
                    reference: cols.reference.map(cell).unwrap_or_default().to_string(),
                },
                amount_span,
                balance,
            });
        }
    }
    if inputs.diagnostics.len() > diags_before {
        return st;
    }
    if let Some(d) = inexact(exact, &rows) {
        inputs.diagnostics.push(d);
        return st;
    }
    st.opening = opening_balances(inputs, &rows);
    if inputs.diagnostics.len() > diags_before {
        return st;
    }
    st.commodities = rows
        .iter()
        .map(|r| r.line.commodity.clone())
        .chain(default_commodity.map(str::to_string))
        .collect();
    st.commodities.sort();
    st.commodities.dedup();
    st.lines = rows.into_iter().map(|r| r.line).collect();
    st
}

/// The field at which the statement's amounts and running balances, added to the books' (in
/// `exact`), grow past what a reconciliation can sum exactly; none when they do not.
fn inexact(mut exact: Exactness, rows: &[Row]) -> Option<Diagnostic> {
    let fields = rows.iter().flat_map(|r| {
        std::iter::once((r.line.amount, r.amount_span))
            .chain(r.balance)
            .map(|(q, span)| (&r.line.commodity, q, span))
    });
    for (commodity, q, span) in fields {
        if !exact.add(commodity, q) {
            let name = if commodity.is_empty() {
                "no commodity"
            } else {
                commodity
            };
            return Some(
                Diagnostic::error(
                    Code::Overflow,
                    span,
                    format!(
                        "the amounts in {name} grow past what exact arithmetic holds here"
                    ),
                )
                .note("with the account's postings and the lines before, some totals of the reconciliation would need more than 28 significant digits and could not be exact")
                .expected("amounts whose sizes add up to at most 28 significant digits, with their decimals"),
            );
        }
    }
    None
}

/// A line with too few fields (a column missing) or, under a header, too many non-empty ones.
fn check_width(
    cols: &Resolved,
    rec: &csv::StringRecord,
    separator: u8,
    span_of: impl Fn(usize) -> Span,
) -> Option<Diagnostic> {
    let width = cols.names.len();
    let fields = |n: usize| format!("{n} field{}", if n == 1 { "" } else { "s" });
    if let Some(missing) = cols.positions().filter(|&i| i >= rec.len()).min() {
        let expected = if width > 0 {
            format!("{}, like the header", fields(width))
        } else {
            format!(
                "at least {} separated by `{}`",
                fields(cols.positions().max().unwrap_or(0) + 1),
                separator as char
            )
        };
        return Some(
            Diagnostic::error(
                Code::Syntax,
                span_of(rec.len()),
                format!(
                    "missing column {}: this line has {}",
                    cols.name(missing),
                    fields(rec.len())
                ),
            )
            .expected(expected),
        );
    }
    if width > 0 && rec.iter().skip(width).any(|f| !f.trim().is_empty()) {
        return Some(
            Diagnostic::error(
                Code::Syntax,
                span_of(width),
                format!("this line has {}, the header {width}", fields(rec.len())),
            )
            .expected(format!("{}, like the header", fields(width)))
            .note("an unquoted number with a decimal comma splits in two when `,` separates the fields"),
        );
    }
    None
}

/// Reads a line's date with the rules' format.
fn read_date(
    text: &str,
    rules: &Rules,
    cols: &Resolved,
    span_of: impl Fn(usize) -> Span,
    problems: &mut Vec<Diagnostic>,
) -> Option<NaiveDate> {
    if let Ok(d) = NaiveDate::parse_from_str(text, &rules.date_format) {
        return Some(d);
    }
    let example = NaiveDate::from_ymd_opt(2026, 1, 31)
        .unwrap_or_default()
        .format(&rules.date_format);
    let name = cols.name(cols.date);
    problems.push(
        Diagnostic::error(
            Code::Date,
            span_of(cols.date),
            if text.is_empty() {
                format!("no date in column {name}")
            } else {
                format!("cannot read the date `{text}` in column {name}")
            },
        )
        .expected(format!(
            "a date like {example} (date-format {})",
            rules.date_format
        )),
    );
    None
}

/// Maps the rules' columns to positions, using the header when there is one.
fn resolve(
    inputs: &mut Inputs,
    id: SourceId,
    rules: &Rules,
    header: Option<&(usize, csv::StringRecord)>,
) -> Option<Resolved> {
    let names: Vec<String> = header.map_or_else(Vec::new, |(_, h)| {
        h.iter()
            .map(|n| n.trim().trim_start_matches('\u{FEFF}').to_string())
            .collect()
    });
    let find = |name: &str| names.iter().position(|n| n.eq_ignore_ascii_case(name));
    let header_span = header.map_or(Span::new(id, 0..0), |(at, _)| {
        let text = &inputs.sources.get(id).text;
        let end = text[*at..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| at + i);
        Span::new(id, *at..end)
    });
    let mut problems = Vec::new();
    let get = |rule: &ColRule, problems: &mut Vec<Diagnostic>| -> Option<usize> {
        let found = match &rule.col {
            Col::Position(0) => None,
            Col::Position(n) => Some(n - 1),
            Col::Name(name) => find(name),
        };
        if found.is_none() {
            let what = match &rule.col {
                Col::Position(n) => format!("column {n}"),
                Col::Name(name) => format!("column `{name}`"),
            };
            let d = match rule.span {
                Some(span) => Diagnostic::error(
                    Code::Syntax,
                    span,
                    format!("no {what} in the statement's header"),
                )
                .label(header_span, "the header"),
                None => Diagnostic::error(
                    Code::Syntax,
                    header_span,
                    format!("missing {what} in the header"),
                ),
            };
            problems.push(d.expected(if names.is_empty() {
                "a column number from 1".to_string()
            } else {
                format!("one of: {}", names.join(", "))
            }));
        }
        found
    };
    let date = get(&rules.date, &mut problems);
    let amount = match &rules.amount {
        Some(AmountCols::Signed(a)) => get(a, &mut problems).map(AmountCols::Signed),
        Some(AmountCols::DebitCredit { debit, credit }) => {
            match (get(debit, &mut problems), get(credit, &mut problems)) {
                (Some(debit), Some(credit)) => Some(AmountCols::DebitCredit { debit, credit }),
                _ => None,
            }
        }
        // Without rules: an `amount` column, else `debit` and `credit`.
        None => match (find("amount"), find("debit"), find("credit")) {
            (Some(a), _, _) => Some(AmountCols::Signed(a)),
            (None, Some(debit), Some(credit)) => Some(AmountCols::DebitCredit { debit, credit }),
            _ => {
                problems.push(
                    Diagnostic::error(Code::Syntax, header_span, "missing column `amount` in the header")
                        .expected("a header with date, description and amount (or debit and credit) columns, or a rules file (--rules)"),
                );
                None
            }
        },
    };
    let description: Vec<Option<usize>> = rules
        .description
        .iter()
        .map(|c| get(c, &mut problems))
        .collect();
    let optional =
        |rule: &Option<ColRule>, usual: &[&str], problems: &mut Vec<Diagnostic>| match rule {
            Some(r) => get(r, problems).map(Some),
            None if rules.detect => Some(usual.iter().find_map(|n| find(n))),
            None => Some(None),
        };
    let reference = optional(&rules.reference, &["reference"], &mut problems);
    let balance = optional(&rules.balance, &["balance"], &mut problems);
    let currency = optional(&rules.currency, &["currency", "commodity"], &mut problems);
    if !problems.is_empty() {
        inputs.diagnostics.extend(problems);
        return None;
    }
    Some(Resolved {
        date: date?,
        amount: amount?,
        description: description.into_iter().collect::<Option<Vec<_>>>()?,
        reference: reference?,
        balance: balance?,
        currency: currency?,
        names,
    })
}

/// The balance before the first line, per commodity, from the running balances; checks that
/// every balance follows from the one before and the line's amount.
fn opening_balances(inputs: &mut Inputs, rows: &[Row]) -> Vec<(String, Decimal)> {
    // Statements list lines oldest first or newest first; read them oldest first.
    let newest_first = match (rows.first(), rows.last()) {
        (Some(a), Some(b)) => a.line.date > b.line.date,
        _ => false,
    };
    let order: Vec<&Row> = if newest_first {
        rows.iter().rev().collect()
    } else {
        rows.iter().collect()
    };
    let mut commodities: Vec<&str> = rows.iter().map(|r| r.line.commodity.as_str()).collect();
    commodities.sort_unstable();
    commodities.dedup();
    let mut out = Vec::new();
    for c in commodities {
        let mut sum = Decimal::ZERO;
        let mut opening: Option<Decimal> = None;
        for r in order.iter().filter(|r| r.line.commodity == c) {
            // Exact: `inexact` found no statement whose sums could overflow or be rounded.
            let Some(next) = exact_add(sum, r.line.amount) else {
                break;
            };
            sum = next;
            let Some((balance, span)) = r.balance else {
                continue;
            };
            match opening {
                None => opening = exact_sub(balance, sum),
                Some(o) if exact_add(o, sum) == Some(balance) => {}
                Some(o) => {
                    let expected = exact_add(o, sum).unwrap_or_default();
                    inputs.diagnostics.push(
                        Diagnostic::error(
                            Code::Amount,
                            span,
                            format!("the balance {balance} does not follow from the lines before it"),
                        )
                        .expected(format!(
                            "{expected}: the balance before the first line ({o}) plus the amounts up to this line"
                        ))
                        .note("check which column is money out (debit) and which is money in (credit), or the sign of the amounts"),
                    );
                    break;
                }
            }
        }
        if let Some(o) = opening {
            out.push((c.to_string(), o));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_both_conventions() {
        let q = |t, m| parse_number(t, m).ok().map(|d| d.to_string());
        assert_eq!(q("1.234,56", ','), Some("1234.56".into()));
        assert_eq!(q("-1.234,56", ','), Some("-1234.56".into()));
        assert_eq!(q("1.234,56-", ','), Some("-1234.56".into()));
        assert_eq!(q("12,5", ','), Some("12.5".into()));
        assert_eq!(q("1,234.56", '.'), Some("1234.56".into()));
        assert_eq!(q("(12.50)", '.'), Some("-12.50".into()));
        assert_eq!(q("+7", '.'), Some("7".into()));
        assert_eq!(q("1 234,56", ','), Some("1234.56".into()));
        // The wrong decimal mark is refused, not misread.
        assert_eq!(q("12,50", '.'), None);
        assert_eq!(q("1.234,56", '.'), None);
        assert_eq!(q("1,2,3", ','), None);
        assert_eq!(q("12.3x", '.'), None);
        assert_eq!(q("", '.'), None);
        assert_eq!(q("-", '.'), None);
        assert_eq!(q("1,", ','), None);
        // Exact or refused: 28 decimals fit, 29 would be rounded.
        assert_eq!(
            q("0.0000000000000000000000000001", '.'),
            Some("0.0000000000000000000000000001".into())
        );
        assert_eq!(
            parse_number("0.00000000000000000000000000001", '.'),
            Err(BadNumber::TooManyDigits)
        );
        assert_eq!(
            parse_number("123456789012345678901234567890", '.'),
            Err(BadNumber::TooManyDigits)
        );
        assert_eq!(parse_number("12x", '.'), Err(BadNumber::Unreadable));
    }

    #[test]
    fn field_ranges_follow_quotes() {
        let text = b"a;\"b;c\";;d\nnext";
        assert_eq!(field_ranges(text, 0, b';'), vec![0..1, 2..7, 8..8, 9..10]);
    }

    #[test]
    fn date_formats_must_read_full_dates() {
        assert!(check_date_format("%d.%m.%Y").is_ok());
        assert!(check_date_format("%m/%d/%Y").is_ok());
        assert!(check_date_format("%d.%m").is_err());
        assert!(check_date_format("%Q").is_err());
    }
}
