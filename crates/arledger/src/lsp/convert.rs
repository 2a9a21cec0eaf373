//! Between the journal's byte offsets and paths and the protocol's positions (lines and UTF-16
//! code units, as every client counts by default) and URLs.

use std::path::{Path, PathBuf};

use arledger_journal::{Diagnostic, Severity, Source, SourceMap, Span};
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position, Range,
    Url,
};

/// The position of byte `offset` of a source.
pub fn position(src: &Source, offset: usize) -> Position {
    let offset = offset.min(src.text.len());
    let lc = src.line_col(offset as u32);
    let line = src.line_text(lc.line);
    let before: usize = line
        .chars()
        .take(lc.col as usize - 1)
        .map(char::len_utf16)
        .sum();
    Position::new(lc.line - 1, before as u32)
}

/// The byte offset of `pos` in `text` (clamped to the end of its line, and of the text).
pub fn offset(text: &str, pos: Position) -> usize {
    let start = match pos.line {
        0 => 0,
        n => match memchr::memchr_iter(b'\n', text.as_bytes()).nth(n as usize - 1) {
            Some(i) => i + 1,
            None => return text.len(),
        },
    };
    let line = &text[start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let mut units = 0u32;
    for (i, c) in line.char_indices() {
        if units >= pos.character || c == '\r' {
            return start + i;
        }
        units += c.len_utf16() as u32;
    }
    start + line.len()
}

/// The range a span covers.
pub fn range(sources: &SourceMap, span: Span) -> Range {
    let src = sources.get(span.source);
    Range::new(
        position(src, span.start as usize),
        position(src, span.end as usize),
    )
}

/// The URL of a file.
pub fn url(path: &Path) -> Option<Url> {
    Url::from_file_path(path).ok()
}

/// The file a URL names, made absolute and canonical when it exists.
pub fn path(url: &Url) -> Option<PathBuf> {
    let p = url.to_file_path().ok()?;
    Some(std::fs::canonicalize(&p).unwrap_or(p))
}

/// A journal diagnostic as the protocol shows it: the message with what was expected and the
/// notes, the code (`E0201`), other places as related information.
pub fn diagnostic(sources: &SourceMap, d: &Diagnostic) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    if let Some(e) = &d.expected {
        message.push_str(&format!("\nexpected: {e}"));
    }
    for n in &d.notes {
        message.push_str(&format!("\nnote: {n}"));
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter_map(|l| {
            Some(DiagnosticRelatedInformation {
                location: Location::new(url(sources.path(l.span))?, range(sources, l.span)),
                message: l.message.clone(),
            })
        })
        .collect();
    lsp_types::Diagnostic {
        range: range(sources, d.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.id().to_string())),
        source: Some("arledger".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let src = Source::new("x".into(), "ab\ncé𝄞d\n");
        // `𝄞` is 4 bytes and 2 UTF-16 units.
        let d = src.text.find('d').unwrap();
        assert_eq!(position(&src, d), Position::new(1, 4));
        assert_eq!(offset(&src.text, Position::new(1, 4)), d);
        assert_eq!(offset(&src.text, Position::new(1, 99)), src.text.len() - 1);
        assert_eq!(offset(&src.text, Position::new(9, 0)), src.text.len());
        assert_eq!(offset("a\r\nb", Position::new(0, 5)), 1);
    }
}
