//! The formatter behind `arledger fmt` and the language server's formatting: it lays a journal
//! file out the same way every time without changing what it means.
//!
//! What it changes, and only in entries that read without errors:
//! - the indentation of postings and of the comment lines of transactions, periodic and
//!   automated rules (one level for postings and the transaction's own comments, two levels for
//!   the comment lines of a posting) and of the sub-directives of `account` and `commodity`;
//! - the space between a posting's account and its amount, so that the decimal mark of every
//!   written amount sits in one column ([`Layout::amount_column`]); an account too long for
//!   the column keeps two spaces before its amount;
//! - one space after a posting's status mark;
//! - white space at the ends of lines, lines of spaces and tabs only (they become empty), and a
//!   missing line break at the end of the file.
//!
//! Everything else is kept as written: comments, directives, block comments, includes, tags,
//! amounts (digit groups, decimal marks, symbols), costs, assertions, blank lines, line
//! endings, and every entry with an error. No line is added or removed, so a diagnostic keeps
//! its line number. [`meaning`] describes what a journal means without where it is written: a
//! file may be replaced by its formatted text exactly when both give the same description
//! (the CLI checks this before it writes; a property test checks it over every journal it has).

mod meaning;

use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::load::{block_comment_end, Loaded};
use crate::model::{AmountOrigin, Journal, Posting};
use crate::parse::amount::raw_amount;
use crate::parse::{account_end, offset_in, Line, Lines};
use crate::source::SourceId;

pub use meaning::meaning;

/// The column of the decimal mark when nothing else is configured: the layout of the demo
/// books, whose two-decimal amounts end in column 52.
pub const DEFAULT_AMOUNT_COLUMN: usize = 50;

/// How formatted journals are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The column (1-based, counted in characters) where the decimal mark of a posting's amount
    /// goes; an amount without a decimal mark ends just before it.
    pub amount_column: usize,
    /// Spaces per indentation level (postings are one level in).
    pub indent: usize,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            amount_column: DEFAULT_AMOUNT_COLUMN,
            indent: 4,
        }
    }
}

/// One replacement in a source's text: the bytes `range` become `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// The bytes replaced (a line's text without its line break, or the empty range at the
    /// end of the file).
    pub range: Range<usize>,
    /// What replaces them.
    pub text: String,
}

/// The edits that format source `id` of a loaded journal, in file order, none overlapping.
/// Entries with an error diagnostic are left as they are.
pub fn edits(loaded: &Loaded, id: SourceId, layout: &Layout) -> Vec<Edit> {
    let j = &loaded.journal;
    let text: &str = &j.sources.get(id).text;
    let mut cx = Formatter::new(loaded, id, layout);
    let mut lines = Lines::new(text);
    let mut first = true;
    // The entries are found as the loader finds them (`Loader::parse_range`).
    while let Some(mut line) = lines.next() {
        if first && text.starts_with('\u{feff}') {
            line = Line {
                start: line.start + 3,
                text: &line.text[3..],
            };
        }
        first = false;
        let Some(&b0) = line.text.as_bytes().first() else {
            continue;
        };
        if !b0.is_ascii() && line.text.trim().is_empty() {
            continue;
        }
        match b0 {
            b';' | b'#' | b'*' | b'%' | b'|' => {
                cx.trim_end(line);
                continue;
            }
            b' ' | b'\t' => {
                if line.is_blank() {
                    cx.replace(line, String::new());
                } else if !cx.has_error(line.start, line.end()) {
                    cx.trim_end(line);
                }
                continue;
            }
            _ => {}
        }
        let mut body = Vec::new();
        lines.take_body(&mut body);
        let end = body.last().map_or(line.end(), |l| l.end());
        match b0 {
            b'0'..=b'9' | b'~' | b'=' => cx.entry(line, &body, end),
            _ => match block_comment_end(line.text) {
                // A block comment is kept whole, up to and with its closing line.
                Some(closing) => {
                    for l in lines.by_ref() {
                        let l = l.text.trim_end();
                        if l == closing || (closing == "end comment" && l == "end") {
                            break;
                        }
                    }
                }
                None => cx.directive(line, &body, end),
            },
        }
    }
    if !text.is_empty() && !text.ends_with('\n') {
        let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
        cx.edits.push(Edit {
            range: text.len()..text.len(),
            text: eol.to_string(),
        });
    }
    cx.edits
}

/// The text with the edits (in file order, not overlapping) applied.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.text);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Source `id` of a loaded journal, formatted.
pub fn format_source(loaded: &Loaded, id: SourceId, layout: &Layout) -> String {
    apply(
        &loaded.journal.sources.get(id).text,
        &edits(loaded, id, layout),
    )
}

fn is_ws(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// What the formatter knows of one source, and the edits found so far.
struct Formatter<'a> {
    j: &'a Journal,
    layout: &'a Layout,
    /// Line start → index of the posting on that line.
    postings: FxHashMap<u32, usize>,
    /// Starts of the transactions and rules that were read.
    entries: FxHashSet<u32>,
    /// Starts of the error diagnostics in this source, in order.
    errors: Vec<u32>,
    edits: Vec<Edit>,
}

impl<'a> Formatter<'a> {
    fn new(loaded: &'a Loaded, id: SourceId, layout: &'a Layout) -> Formatter<'a> {
        let j = &loaded.journal;
        let postings = j
            .postings
            .iter()
            .enumerate()
            .filter(|(_, p)| p.span.source == id)
            .map(|(i, p)| (p.span.start, i))
            .collect();
        let entries = j
            .transactions
            .iter()
            .chain(j.periodic.iter().chain(&j.automated).map(|r| &r.txn))
            .filter(|t| t.span.source == id)
            .map(|t| t.span.start)
            .collect();
        let mut errors: Vec<u32> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && d.span.source == id)
            .map(|d| d.span.start)
            .collect();
        errors.sort_unstable();
        Formatter {
            j,
            layout,
            postings,
            entries,
            errors,
            edits: Vec::new(),
        }
    }

    /// Whether an error diagnostic starts in `start..=end`.
    fn has_error(&self, start: usize, end: usize) -> bool {
        let i = self.errors.partition_point(|&e| (e as usize) < start);
        self.errors.get(i).is_some_and(|&e| e as usize <= end)
    }

    fn replace(&mut self, line: Line, text: String) {
        if text != line.text {
            self.edits.push(Edit {
                range: line.start..line.end(),
                text,
            });
        }
    }

    fn trim_end(&mut self, line: Line) {
        let kept = line.text.trim_end_matches(is_ws);
        if kept.len() != line.text.len() {
            self.replace(line, kept.to_string());
        }
    }

    fn indent(&self, levels: usize) -> String {
        " ".repeat(self.layout.indent * levels)
    }

    /// A transaction or rule: its header keeps its text, its postings and comment lines are
    /// laid out.
    fn entry(&mut self, header: Line, body: &[Line], end: usize) {
        if !self.entries.contains(&(header.start as u32)) || self.has_error(header.start, end) {
            return;
        }
        self.trim_end(header);
        let mut in_posting = false;
        for &l in body {
            let content = l.text.trim_start_matches(is_ws).trim_end_matches(is_ws);
            if content.starts_with(';') {
                let levels = if in_posting { 2 } else { 1 };
                let text = self.indent(levels) + content;
                self.replace(l, text);
            } else if let Some(&p) = self.postings.get(&(l.start as u32)) {
                in_posting = true;
                let text = self.posting_line(l.text, &self.j.postings[p]);
                self.replace(l, text);
            } else {
                // Every other line of an entry that was read is a posting: not reached.
                return;
            }
        }
    }

    /// A directive: `account` and `commodity` sub-directives are indented one level; every
    /// other line keeps its text.
    fn directive(&mut self, header: Line, body: &[Line], end: usize) {
        if self.has_error(header.start, end) {
            return;
        }
        self.trim_end(header);
        let word = header.text.split_whitespace().next().unwrap_or("");
        let nested = matches!(word, "account" | "!account" | "@account" | "commodity");
        for &l in body {
            if nested {
                let text = self.indent(1) + l.text.trim_matches(is_ws);
                self.replace(l, text);
            } else {
                self.trim_end(l);
            }
        }
    }

    /// A posting line laid out: indentation, status mark, account, then the rest as written,
    /// placed so that the amount's decimal mark lands in the amount column.
    fn posting_line(&self, line: &str, p: &Posting) -> String {
        let mut s = line.trim_start_matches(is_ws);
        let mut out = self.indent(1);
        if let Some(mark) = s.strip_prefix(['*', '!']) {
            out.push_str(&s[..1]);
            out.push(' ');
            s = mark.trim_start_matches(is_ws);
        }
        let account = account_end(s);
        out.push_str(s[..account].trim_end_matches(is_ws));
        let rest = s[account..].trim_matches(is_ws);
        if rest.is_empty() {
            return out;
        }
        let width = out.chars().count();
        let gap = match self.mark_offset(rest, p) {
            Some(before) => (self.layout.amount_column.saturating_sub(1))
                .saturating_sub(width + before)
                .max(2),
            None => 2,
        };
        out.extend(std::iter::repeat_n(' ', gap));
        out.push_str(rest);
        out
    }

    /// How many characters of `rest` (the text after the account) come before the decimal
    /// mark of the posting's written amount, or before where it would be; none when the
    /// posting has no written amount.
    fn mark_offset(&self, rest: &str, p: &Posting) -> Option<usize> {
        let amount = match p.origin {
            AmountOrigin::Written => rest,
            AmountOrigin::Multiplier => rest.strip_prefix('*')?,
            AmountOrigin::Elided | AmountOrigin::Assigned => return None,
        };
        let (_, raw) = raw_amount(amount).ok()?;
        let number = raw.number;
        let mark = self.j.style(p.amount.commodity).decimal_mark;
        let in_number = match number.match_indices(mark).count() {
            1 => number.find(mark).unwrap_or(number.len()),
            _ => number.len(),
        };
        let at = offset_in(rest, number) + in_number;
        Some(rest[..at].chars().count())
    }
}

#[cfg(test)]
mod tests;
