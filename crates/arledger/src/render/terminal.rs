//! Control characters made visible. A payee, account, tag or source line may hold ESC, BEL,
//! CR or other control characters (`\x1b[2J` clears the screen, `\x1b]0;…\x07` retitles the
//! window, `\r` overwrites what was printed). Text for people shows them escaped (`\e[2J`,
//! `\x07`, `\r`) so that a journal cannot drive the terminal of whoever runs a report on it.
//!
//! The text renderers (aligned tables, documents, human diagnostics, GitHub annotations)
//! escape what they write; whatever else reaches a terminal on standard output is escaped at
//! the end ([`for_terminal`]). Data written to a file or a pipe (CSV, JSON, `print`, journal
//! text to append) keeps the exact characters.

use std::borrow::Cow;

/// `s` with every control character escaped, tab and newline included: for one-line fields
/// such as table cells and names.
pub fn visible(s: &str) -> Cow<'_, str> {
    escape(s, |_| true)
}

/// `s` with every control character but newline and tab escaped: for text of several lines.
pub fn visible_text(s: &str) -> Cow<'_, str> {
    escape(s, |c| c != '\n' && c != '\t')
}

/// The program's standard output as it is written: escaped (but for newlines and tabs) when
/// it goes to a terminal, exact otherwise.
pub fn for_terminal(out: &str, terminal: bool) -> Cow<'_, str> {
    if terminal {
        visible_text(out)
    } else {
        Cow::Borrowed(out)
    }
}

/// The width text reports fit in: `COLUMNS` when set to a number, else the terminal's width
/// when standard output is a terminal (and not redirected to a file with `-o`), else none.
pub fn columns(to_file: bool) -> Option<usize> {
    use std::io::IsTerminal;
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
    {
        return Some(n);
    }
    let stdout = std::io::stdout();
    if to_file || !stdout.is_terminal() {
        return None;
    }
    terminal_size::terminal_size_of(&stdout).map(|(w, _)| usize::from(w.0))
}

fn escape(s: &str, escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    let needs = |c: char| c.is_control() && escaped(c);
    if !s.contains(needs) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            c if !needs(c) => out.push(c),
            '\x1b' => out.push_str("\\e"),
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            // C0 controls and DEL.
            c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
            // C1 controls (U+0080–U+009F), which some terminals obey too (U+009B is CSI).
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_text_is_kept() {
        assert_eq!(
            visible("a\x1b[2Jb\x1b]0;title\x07c\rd\te\nf\x7f\u{9b}g\0é"),
            "a\\e[2Jb\\e]0;title\\x07c\\rd\\te\\nf\\x7f\\u{9b}g\\x00é"
        );
        assert_eq!(visible_text("a\tb\nc\x1bd"), "a\tb\nc\\ed");
        assert!(matches!(visible("plain €"), Cow::Borrowed(_)));
        assert_eq!(for_terminal("x\x07\n", true), "x\\x07\n");
        assert_eq!(for_terminal("x\x07\n", false), "x\x07\n");
    }
}
