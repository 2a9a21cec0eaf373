//! Directives read into syntax: `include` (followed by the reader, see [`crate::load`]) and
//! `account`, `commodity`, `alias`, `apply account`, `end`, `D`, `P`, `payee`, `tag`,
//! `year`/`Y`, `decimal-mark`, `N`, `C`, which [`crate::lower::directive`] lowers. Anything
//! else is reported as not supported.

use chrono::NaiveDate;

use super::amount::{raw_amount, RawAmount};
use super::date::parse_date;
use super::{offset_in, Line};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceId, Span};

/// Cuts a name at two spaces or a tab (where a same-line comment may follow).
fn name_and_comment(s: &str) -> (&str, Option<&str>) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\t' || (b[i] == b' ' && b.get(i + 1) == Some(&b' ')) {
            let rest = s[i..].trim_start();
            let comment = rest.strip_prefix(';');
            return (&s[..i], comment);
        }
        i += 1;
    }
    (s, None)
}

/// A directive line's word (ledger's old `!include` / `@account` spellings read as
/// `include` / `account`) and the rest of the line.
fn directive_word(text: &str) -> (&str, &str) {
    let (word, rest) = match text.find([' ', '\t']) {
        Some(i) => (&text[..i], text[i..].trim_start()),
        None => (text, ""),
    };
    let word = match word.strip_prefix(['!', '@']) {
        Some(w)
            if matches!(
                w,
                "include" | "account" | "alias" | "apply" | "end" | "payee" | "tag" | "year"
            ) =>
        {
            w
        }
        _ => word,
    };
    (word, rest)
}

/// An `include` directive: what the reader follows.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Include<'a> {
    /// The directive line (without trailing white space).
    pub span: Span,
    /// The path or glob as written.
    pub pattern: &'a str,
    /// Where the path or glob is.
    pub pattern_span: Span,
}

/// If `line` is an `include` directive, what it names (or why it names nothing).
pub(crate) fn parse_include(sid: SourceId, line: Line) -> Option<Result<Include, Diagnostic>> {
    let text = line.text.trim_end();
    let (word, rest) = directive_word(text);
    if word != "include" {
        return None;
    }
    if rest.is_empty() {
        return Some(Err(Diagnostic::error(
            Code::Syntax,
            Span::new(sid, line.end()..line.end()),
            "`include` needs a file path",
        )
        .expected("a file path")));
    }
    let rest_at = line.start + offset_in(line.text, rest);
    Some(Ok(Include {
        span: Span::new(sid, line.start..line.start + text.len()),
        pattern: rest,
        pattern_span: Span::new(sid, rest_at..rest_at + rest.len()),
    }))
}

/// The directives arledger reads, for "expected" lines.
const DIRECTIVES: &str = "a transaction (a line starting with a date), a comment, or one of the directives \
account, commodity, include, alias, apply account, end, D, P, payee, tag, year/Y, decimal-mark, N, C";

pub(crate) fn unsupported(span: Span, what: &str) -> Diagnostic {
    Diagnostic::error(Code::Unsupported, span, format!("{what} is not supported"))
        .expected(DIRECTIVES)
        .note("see docs/journal-format.md for the supported syntax")
}

fn amount_arg<'a>(
    text: &'a str,
    span: Span,
    expected: &'static str,
) -> Result<RawAmount<'a>, Diagnostic> {
    match raw_amount(text) {
        Ok((r, raw)) if r.trim().is_empty() || r.trim_start().starts_with(';') => Ok(raw),
        _ => {
            Err(Diagnostic::error(Code::Amount, span, "cannot read the amount").expected(expected))
        }
    }
}

/// A directive entry as written.
pub(crate) struct DirectiveSyntax<'a> {
    /// The directive's word (`account`, `P`, `Y2026`, …).
    pub word: &'a str,
    /// The directive line, without trailing white space.
    pub span: Span,
    /// The line and its indented lines.
    pub whole: Span,
    /// What it says, or why it cannot be read.
    pub kind: Result<DirectiveKind<'a>, Diagnostic>,
}

/// What a directive says.
pub(crate) enum DirectiveKind<'a> {
    /// `account NAME`: the name, a same-line comment, the indented lines.
    Account {
        name: &'a str,
        comment: Option<(usize, &'a str)>,
        body: Vec<SubLine<'a>>,
    },
    /// `commodity SYMBOL` or `commodity SAMPLE-AMOUNT`, a same-line comment, the indented lines.
    Commodity {
        symbol: CommoditySymbol<'a>,
        comment: Option<(usize, &'a str)>,
        body: Vec<SubLine<'a>>,
    },
    /// `alias FROM = TO` (`FROM` may be `/REGEX/`); `span` is the arguments'.
    Alias {
        from: &'a str,
        to: &'a str,
        span: Span,
    },
    /// `end aliases`.
    EndAliases,
    /// `end apply account` (or `end apply`, `end`).
    EndApplyAccount,
    /// `apply account NAME`.
    ApplyAccount(&'a str),
    /// `D SAMPLE-AMOUNT`, at `span`.
    DefaultCommodity(RawAmount<'a>, Span),
    /// `P DATE [TIME] COMMODITY PRICE`; a price that cannot be read is only worth a warning.
    Price {
        date: NaiveDate,
        commodity: &'a str,
        price: Result<RawAmount<'a>, Diagnostic>,
        price_span: Span,
    },
    /// `payee NAME`, the name at `span`.
    Payee(Span),
    /// `tag NAME`.
    Tag(&'a str),
    /// `year`, `Y`, `Ynnnn`, `apply year`.
    Year(i32),
    /// `decimal-mark .` or `,`.
    DecimalMark(char),
    /// `N`, `C`: read and kept, nothing to do for balances.
    Other,
}

/// The symbol of a `commodity` directive.
pub(crate) enum CommoditySymbol<'a> {
    /// A sample amount, declaring the display style (at `span`).
    Sample(RawAmount<'a>, Span),
    /// A symbol alone (quotes removed).
    Name(&'a str),
}

/// An indented line of an `account` or `commodity` directive.
pub(crate) enum SubLine<'a> {
    /// A comment: its text after `;` or `#`, which starts at byte `at` of the source.
    Comment { at: usize, text: &'a str },
    /// A descriptive sub-directive, nothing to do for balances.
    Ignored,
    /// An account sub-directive holding a ledger value expression (not evaluated): the warning.
    Unevaluated(Diagnostic),
    /// `format SAMPLE-AMOUNT` of a commodity, at `span`, or why it cannot be read.
    Format(Result<(RawAmount<'a>, Span), Diagnostic>),
    /// A sub-directive arledger does not read.
    Unsupported(Diagnostic),
}

/// Whether a directive changes how the rest of the file is read (so that parallel chunks
/// after it are not valid).
pub(crate) fn changes_state(word: &str) -> bool {
    matches!(
        word,
        "alias" | "end" | "apply" | "D" | "year" | "Y" | "decimal-mark"
    ) || (word.len() > 1 && word.starts_with('Y') && word[1..].bytes().all(|b| b.is_ascii_digit()))
}

/// Reads a directive entry (not `include`, see [`parse_include`]); a `P` date without a year
/// is read in `year`.
pub(crate) fn parse_directive<'a>(
    sid: SourceId,
    line: Line<'a>,
    body: &[Line<'a>],
    year: i32,
) -> DirectiveSyntax<'a> {
    let text = line.text.trim_end();
    let (word, _) = directive_word(text);
    DirectiveSyntax {
        word,
        span: Span::new(sid, line.start..line.start + text.len()),
        whole: Span::new(sid, line.start..body.last().map_or(line.end(), |l| l.end())),
        kind: directive_kind(sid, line, body, year),
    }
}

fn directive_kind<'a>(
    sid: SourceId,
    line: Line<'a>,
    body: &[Line<'a>],
    year: i32,
) -> Result<DirectiveKind<'a>, Diagnostic> {
    let text = line.text.trim_end();
    let (word, rest) = directive_word(text);
    let rest_at = line.start + offset_in(line.text, rest);
    let span = Span::new(sid, line.start..line.start + text.len());
    let rest_span = Span::new(sid, rest_at..rest_at + rest.len());
    let need = |what: &'static str| {
        Diagnostic::error(
            Code::Syntax,
            Span::new(sid, line.end()..line.end()),
            format!("`{word}` needs {what}"),
        )
        .expected(what)
    };
    let comment_at = |c: &str| line.start + offset_in(line.text, c);
    Ok(match word {
        "account" => {
            // `account NAME ; tags` with one space: ledger reads a comment there, and no one
            // means an account name containing " ; ".
            let (name, comment) = match rest.find(" ;") {
                Some(i) if !rest[..i].contains("  ") && !rest[..i].contains('\t') => {
                    (&rest[..i], Some(&rest[i + 2..]))
                }
                _ => name_and_comment(rest),
            };
            let name = name.trim();
            if name.is_empty() {
                return Err(need("an account name"));
            }
            let body = body.iter().map(|l| account_line(sid, l)).collect();
            DirectiveKind::Account {
                name,
                comment: comment.map(|c| (comment_at(c), c)),
                body,
            }
        }
        "commodity" => {
            let (sym_text, comment) = name_and_comment(rest);
            let sym_text = sym_text.trim();
            if sym_text.is_empty() {
                return Err(need("a commodity symbol or a sample amount"));
            }
            let symbol = match raw_amount(sym_text) {
                Ok((r, raw)) if r.trim().is_empty() => {
                    CommoditySymbol::Sample(raw, Span::new(sid, rest_at..rest_at + sym_text.len()))
                }
                _ => CommoditySymbol::Name(sym_text.trim_matches('"')),
            };
            let body = body.iter().map(|l| commodity_line(sid, l)).collect();
            DirectiveKind::Commodity {
                symbol,
                comment: comment.map(|c| (comment_at(c), c)),
                body,
            }
        }
        "alias" => {
            let Some((from, to)) = rest.split_once('=') else {
                return Err(
                    Diagnostic::error(Code::Syntax, rest_span, "cannot read the alias")
                        .expected("`alias OLD = NEW` or `alias /REGEX/ = REPLACEMENT`"),
                );
            };
            DirectiveKind::Alias {
                from: from.trim(),
                to: to.trim(),
                span: rest_span,
            }
        }
        "end" => match rest.split_whitespace().collect::<Vec<_>>().as_slice() {
            ["aliases"] => DirectiveKind::EndAliases,
            ["apply", "account"] | ["apply"] | [] => DirectiveKind::EndApplyAccount,
            _ => return Err(unsupported(span, &format!("`end {rest}`"))),
        },
        "apply" => {
            let (what, arg) = match rest.find([' ', '\t']) {
                Some(i) => (&rest[..i], rest[i..].trim()),
                None => (rest, ""),
            };
            match what {
                "account" if !arg.is_empty() => DirectiveKind::ApplyAccount(arg),
                "account" => return Err(need("an account name")),
                "year" => DirectiveKind::Year(year_arg(arg, rest_span)?),
                _ => return Err(unsupported(span, &format!("`apply {what}`"))),
            }
        }
        "D" => DirectiveKind::DefaultCommodity(
            amount_arg(rest, rest_span, "a sample amount like $1,000.00")?,
            rest_span,
        ),
        "P" => {
            let (date, n) = parse_date(rest, year).map_err(|_| {
                Diagnostic::error(Code::Date, rest_span, "cannot read the price's date")
                    .expected("a date like 2026-01-15")
            })?;
            let mut r = rest[n..].trim_start();
            // Optional time of day.
            if r.as_bytes().first().is_some_and(u8::is_ascii_digit)
                && r.split_whitespace().next().is_some_and(|w| w.contains(':'))
            {
                r = r[r.find(char::is_whitespace).unwrap_or(r.len())..].trim_start();
            }
            let (sym_rest, sym) = super::amount::commodity(r).map_err(|_| {
                Diagnostic::error(Code::Syntax, rest_span, "cannot read the priced commodity")
                    .expected("a commodity symbol")
            })?;
            let p_text = sym_rest.trim();
            let p_at = line.start + offset_in(line.text, p_text);
            let price_span = Span::new(sid, p_at..p_at + p_text.len());
            DirectiveKind::Price {
                date,
                commodity: sym.trim_matches('"'),
                price: amount_arg(p_text, price_span, "the price, an amount like $10.00"),
                price_span,
            }
        }
        "payee" => {
            if rest.is_empty() {
                return Err(need("a payee name"));
            }
            DirectiveKind::Payee(rest_span)
        }
        "tag" => {
            if rest.is_empty() {
                return Err(need("a tag name"));
            }
            DirectiveKind::Tag(name_and_comment(rest).0.trim())
        }
        "year" | "Y" => DirectiveKind::Year(year_arg(rest, rest_span)?),
        w if w.len() > 1 && w.starts_with('Y') && w[1..].bytes().all(|b| b.is_ascii_digit()) => {
            DirectiveKind::Year(year_arg(
                &w[1..],
                Span::new(sid, line.start + 1..line.start + w.len()),
            )?)
        }
        "decimal-mark" => match rest {
            "." => DirectiveKind::DecimalMark('.'),
            "," => DirectiveKind::DecimalMark(','),
            _ => {
                return Err(
                    Diagnostic::error(Code::Syntax, rest_span, "invalid decimal mark")
                        .expected("`.` or `,`"),
                )
            }
        },
        "N" | "C" => {
            if rest.is_empty() {
                return Err(need("an argument"));
            }
            DirectiveKind::Other
        }
        _ => {
            let w = Span::new(sid, line.start..line.start + word.len());
            // ledger directives arledger knows of but does not implement, versus typos.
            const LEDGER_ONLY: [&str; 14] = [
                "define",
                "def",
                "expr",
                "value",
                "eval",
                "python",
                "import",
                "capture",
                "bucket",
                "A",
                "assert",
                "check",
                "fixed",
                "tag-value",
            ];
            if LEDGER_ONLY.contains(&word) {
                return Err(unsupported(w, &format!("the ledger `{word}` directive")));
            }
            return Err(Diagnostic::error(
                Code::Unsupported,
                w,
                format!("unknown directive `{word}`"),
            )
            .expected(DIRECTIVES)
            .note("see docs/journal-format.md for the supported syntax"));
        }
    })
}

/// An indented line of an `account` directive.
fn account_line<'a>(sid: SourceId, l: &Line<'a>) -> SubLine<'a> {
    let content = l.text.trim_start();
    let at = l.content_start();
    if let Some(text) = content
        .strip_prefix(';')
        .or_else(|| content.strip_prefix('#'))
    {
        return SubLine::Comment { at: at + 1, text };
    }
    let sub = content.split_whitespace().next().unwrap_or("");
    let sub_span = Span::new(sid, at..at + sub.len());
    match sub {
        // Descriptive, or only meaningful to ledger's automatic account choice.
        "note" | "payee" | "default" | "alias" => SubLine::Ignored,
        // ledger value expressions: not evaluated, and said so.
        "check" | "assert" | "eval" | "value" => SubLine::Unevaluated(Diagnostic::warning(
            Code::Unsupported,
            sub_span,
            format!(
                "account sub-directive `{sub}` holds a ledger value expression; it is not evaluated"
            ),
        )),
        _ => SubLine::Unsupported(unsupported(
            sub_span,
            &format!("account sub-directive `{sub}`"),
        )),
    }
}

/// An indented line of a `commodity` directive.
fn commodity_line<'a>(sid: SourceId, l: &Line<'a>) -> SubLine<'a> {
    let content = l.text.trim();
    let at = l.content_start();
    if let Some(text) = content
        .strip_prefix(';')
        .or_else(|| content.strip_prefix('#'))
    {
        return SubLine::Comment { at: at + 1, text };
    }
    if let Some(fmt) = content.strip_prefix("format") {
        let fmt = fmt.trim();
        let fat = at + offset_in(content, fmt);
        let sp = Span::new(sid, fat..fat + fmt.len());
        return SubLine::Format(match raw_amount(fmt) {
            Ok((r, raw)) if r.trim().is_empty() => Ok((raw, sp)),
            _ => Err(
                Diagnostic::error(Code::Amount, sp, "cannot read the format amount")
                    .expected("a sample amount like 1,000.00 USD"),
            ),
        });
    }
    if content.starts_with("note")
        || content.starts_with("nomarket")
        || content.starts_with("default")
    {
        // Descriptive sub-directives; nothing to do for balances.
        return SubLine::Ignored;
    }
    let sub = content.split_whitespace().next().unwrap_or("");
    SubLine::Unsupported(unsupported(
        Span::new(sid, at..at + sub.len()),
        &format!("commodity sub-directive `{sub}`"),
    ))
}

/// The year of a `year`/`Y`/`apply year` directive.
fn year_arg(text: &str, span: Span) -> Result<i32, Diagnostic> {
    match text.trim().parse::<i32>() {
        Ok(y) if (1..=9999).contains(&y) => Ok(y),
        _ => {
            Err(Diagnostic::error(Code::Syntax, span, "invalid year").expected("a year like 2026"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_end_at_two_spaces() {
        assert_eq!(
            name_and_comment("Assets:Bank  ; type: C"),
            ("Assets:Bank", Some(" type: C"))
        );
        assert_eq!(name_and_comment("Assets:My Bank"), ("Assets:My Bank", None));
        let l = crate::parse_str("account Assets:Receivable:Acme ; customer: Acme\n");
        assert_eq!(
            l.journal.account_name(l.journal.account_decls[0].account),
            "Assets:Receivable:Acme"
        );
        assert_eq!(l.journal.tags.len(), 1);
    }
}
