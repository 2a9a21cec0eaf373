//! Rendering diagnostics: human (`file:line:col: message`, source line, caret), JSON, and
//! GitHub workflow annotations.

use std::fmt::Write as _;

use arledger_journal::{Diagnostic, Severity, SourceMap, Span};

use super::terminal::{visible, visible_text};

/// ANSI styling, or none.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Whether to emit ANSI escape codes.
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// `path:line:col` of a span.
pub fn location(sources: &SourceMap, span: Span) -> String {
    if sources.is_empty() {
        return String::new();
    }
    let lc = sources.line_col(span);
    let path = sources.path(span).display().to_string();
    format!("{}:{}:{}", visible(&path), lc.line, lc.col)
}

fn severity_word(d: &Diagnostic) -> &'static str {
    match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Writes the source line of `span` with a caret under it. Control characters in the line are
/// shown escaped, and the caret placed under what is shown.
fn snippet(out: &mut String, sources: &SourceMap, span: Span, style: Style, label: Option<&str>) {
    let src = sources.get(span.source);
    let lc = src.line_col(span.start);
    let line = src.line_text(lc.line);
    let gutter = lc.line.to_string().len().max(3);
    let _ = writeln!(out, "{:>gutter$} | {}", lc.line, visible_text(line));
    let end_col = {
        let end_lc = src.line_col(span.end);
        if end_lc.line == lc.line {
            end_lc.col.max(lc.col) as usize - 1
        } else {
            line.chars().count()
        }
    };
    let start = lc.col as usize - 1;
    let before: String = line.chars().take(start).collect();
    let under: String = line.chars().skip(start).take(end_col - start).collect();
    // Reproduce tabs so the caret lines up in any terminal.
    let prefix: String = visible_text(&before)
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let width = visible_text(&under).chars().count().max(1);
    let carets = style.paint("1;31", &"^".repeat(width));
    match label {
        Some(l) => {
            let _ = writeln!(out, "{:>gutter$} | {prefix}{carets} {l}", "");
        }
        None => {
            let _ = writeln!(out, "{:>gutter$} | {prefix}{carets}", "");
        }
    }
}

/// Renders one diagnostic for people.
pub fn human(d: &Diagnostic, sources: &SourceMap, style: Style) -> String {
    let mut out = String::new();
    let word = match d.severity {
        Severity::Error => style.paint("1;31", "error"),
        Severity::Warning => style.paint("1;33", "warning"),
    };
    let loc = location(sources, d.span);
    let message = visible_text(&d.message);
    let _ = writeln!(out, "{loc}: {word}[{}]: {message}", d.code.id());
    if !sources.is_empty() && !sources.get(d.span.source).text.is_empty() {
        snippet(&mut out, sources, d.span, style, None);
    }
    if let Some(e) = &d.expected {
        let _ = writeln!(out, "    = expected: {}", visible_text(e));
    }
    for n in &d.notes {
        let _ = writeln!(out, "    = note: {}", visible_text(n));
    }
    for l in &d.labels {
        let at = location(sources, l.span);
        let _ = writeln!(out, "  {at}: {}", visible_text(&l.message));
        snippet(&mut out, sources, l.span, style, None);
    }
    out
}

/// Renders diagnostics as a JSON array.
pub fn json(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let items: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            let (file, line, col, end_line, end_col) = position(sources, d.span);
            serde_json::json!({
                "severity": severity_word(d),
                "code": d.code.id(),
                "message": d.message,
                "file": file,
                "line": line,
                "column": col,
                "end_line": end_line,
                "end_column": end_col,
                "expected": d.expected,
                "notes": d.notes,
                "labels": d.labels.iter().map(|l| {
                    let (file, line, col, _, _) = position(sources, l.span);
                    serde_json::json!({"file": file, "line": line, "column": col, "message": l.message})
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string()) + "\n"
}

fn position(sources: &SourceMap, span: Span) -> (String, u32, u32, u32, u32) {
    if sources.is_empty() {
        return (String::new(), 0, 0, 0, 0);
    }
    let src = sources.get(span.source);
    let a = src.line_col(span.start);
    let b = src.line_col(span.end);
    (src.path.display().to_string(), a.line, a.col, b.line, b.col)
}

/// Escapes a GitHub annotation property or message (control characters other than newlines
/// shown escaped first: the log viewer obeys ANSI sequences).
fn gh_escape(s: &str, property: bool) -> String {
    let mut out = visible_text(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// Renders one diagnostic as a GitHub Actions workflow annotation.
pub fn github(d: &Diagnostic, sources: &SourceMap) -> String {
    let (file, line, col, end_line, end_col) = position(sources, d.span);
    let mut msg = format!("[{}] {}", d.code.id(), d.message);
    if let Some(e) = &d.expected {
        msg.push_str(&format!(" (expected {e})"));
    }
    // Related places and notes go on their own lines of the annotation (escaped newlines).
    for l in &d.labels {
        let (lfile, lline, _, _, _) = position(sources, l.span);
        msg.push_str(&format!("\n{lfile}:{lline}: {}", l.message));
    }
    for n in &d.notes {
        msg.push_str(&format!("\nnote: {n}"));
    }
    format!(
        "::{} file={},line={line},col={col},endLine={end_line},endColumn={end_col}::{}\n",
        severity_word(d),
        gh_escape(&file, true),
        gh_escape(&msg, false)
    )
}
