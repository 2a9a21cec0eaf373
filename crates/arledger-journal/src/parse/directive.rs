//! Directive lines: the word that names a directive, `include` (followed by the reader, see
//! [`crate::load`]), and the pieces of syntax the lowering of the other directives
//! ([`crate::lower::directive`]) reads them with.

use super::amount::{raw_amount, RawAmount};
use super::{offset_in, Line};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceId, Span};

/// Cuts a name at two spaces or a tab (where a same-line comment may follow).
pub(crate) fn name_and_comment(s: &str) -> (&str, Option<&str>) {
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
pub(crate) fn directive_word(text: &str) -> (&str, &str) {
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
pub(crate) const DIRECTIVES: &str = "a transaction (a line starting with a date), a comment, or one of the directives \
account, commodity, include, alias, apply account, end, D, P, payee, tag, year/Y, decimal-mark, N, C";

pub(crate) fn unsupported(span: Span, what: &str) -> Diagnostic {
    Diagnostic::error(Code::Unsupported, span, format!("{what} is not supported"))
        .expected(DIRECTIVES)
        .note("see docs/journal-format.md for the supported syntax")
}

pub(crate) fn amount_arg<'a>(
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
