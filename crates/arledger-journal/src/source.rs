//! Source files and byte spans into them.
//!
//! Every item of the model carries a [`Span`]: which source it came from and the byte range of
//! its text. Line and column numbers are *not* stored; they are computed from the span only when
//! a diagnostic is shown, by counting newlines from the nearest entry of a small index of that
//! source (newlines before each 16 KiB block, computed lazily, once per source).

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::diagnostic::{Code, Diagnostic};

/// Index of a source file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SourceId(pub u32);

/// A byte range `start..end` in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// The source the bytes belong to.
    pub source: SourceId,
    /// First byte of the span.
    pub start: u32,
    /// One past the last byte of the span.
    pub end: u32,
}

impl Span {
    /// A span over `range` of `source`.
    pub fn new(source: SourceId, range: Range<usize>) -> Span {
        Span {
            source,
            start: range.start as u32,
            end: range.end as u32,
        }
    }

    /// The byte range as a `Range<usize>`.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The same bytes `by` bytes later (earlier when negative): where they are after text
    /// before them grew or shrank.
    pub fn shifted(self, by: i64) -> Span {
        Span {
            source: self.source,
            start: (self.start as i64 + by) as u32,
            end: (self.end as i64 + by) as u32,
        }
    }

    /// The smallest span covering both `self` and `other` (same source assumed).
    pub fn to(self, other: Span) -> Span {
        Span {
            source: self.source,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A human-facing position: 1-based line and column (column counted in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column number, in Unicode scalar values.
    pub col: u32,
}

/// The text of a source, shared (parsing borrows it while the journal grows): read into
/// memory, or a large file mapped into memory for the rest of the run (ADR 0011).
#[derive(Clone)]
pub struct Text(Arc<Stored>);

enum Stored {
    Owned(String),
    Mapped(&'static str),
}

impl Text {
    /// The text.
    pub fn as_str(&self) -> &str {
        match &*self.0 {
            Stored::Owned(s) => s,
            Stored::Mapped(s) => s,
        }
    }
}

impl std::ops::Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

/// One loaded source file (or standard input).
#[derive(Clone, Debug)]
pub struct Source {
    /// Path as given or resolved (for includes: the resolved path).
    pub path: PathBuf,
    /// The whole text of the file.
    pub text: Text,
    blocks: OnceLock<Blocks>,
}

impl Source {
    /// A source with the given path and text.
    pub fn new(path: PathBuf, text: impl Into<String>) -> Source {
        Source {
            path,
            text: Text(Arc::new(Stored::Owned(text.into()))),
            blocks: OnceLock::new(),
        }
    }

    /// The file's base name, used in `FILE:LINE` references (`books.journal`).
    pub fn base_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.to_string_lossy().into_owned())
    }

    /// Counts the lines now rather than on the first [`Source::line_col`]: a caller with a core
    /// to spare while it works out its messages (`check` while the AR items are built) has
    /// them ready to show.
    pub fn count_lines(&self) {
        self.blocks();
    }

    /// Newlines before each block of [`BLOCK`] bytes, and in the whole text, counted on first
    /// use.
    fn blocks(&self) -> &Blocks {
        use rayon::prelude::*;
        self.blocks.get_or_init(|| {
            // Counted on all cores: counting is bound by memory bandwidth, hundreds of
            // megabytes in large books.
            let mut before: Vec<u32> = self
                .text
                .as_bytes()
                .par_chunks(BLOCK)
                .map(|block| memchr::memchr_iter(b'\n', block).count() as u32)
                .collect();
            let mut total = 0u32;
            for n in &mut before {
                (*n, total) = (total, total + *n);
            }
            Blocks { before, total }
        })
    }

    /// The number of newlines before byte `end` (at most the text's length).
    fn newlines_before(&self, end: usize) -> u32 {
        let blocks = self.blocks();
        let k = end / BLOCK;
        match blocks.before.get(k) {
            Some(&n) => {
                n + memchr::memchr_iter(b'\n', &self.text.as_bytes()[k * BLOCK..end]).count() as u32
            }
            None => blocks.total,
        }
    }

    /// Line and column of a byte offset.
    pub fn line_col(&self, offset: u32) -> LineCol {
        let b = self.text.as_bytes();
        let end = (offset as usize).min(b.len());
        let line = self.newlines_before(end);
        let start = memchr::memrchr(b'\n', &b[..end]).map_or(0, |i| i + 1);
        let col = self
            .text
            .get(start..end)
            .map_or(end - start, |s| s.chars().count());
        LineCol {
            line: line + 1,
            col: col as u32 + 1,
        }
    }

    /// The text of the 1-based line `line` (the last line when there are fewer), without its
    /// line terminator.
    pub fn line_text(&self, line: u32) -> &str {
        let b = self.text.as_bytes();
        let blocks = self.blocks();
        // Line `i` (0-based) starts after the i-th newline.
        let i = line.saturating_sub(1).min(blocks.total);
        let start = match i {
            0 => 0,
            _ => {
                let k = blocks.before.partition_point(|&n| n < i) - 1;
                let from = k * BLOCK;
                let nth = (i - blocks.before[k] - 1) as usize;
                memchr::memchr_iter(b'\n', &b[from..])
                    .nth(nth)
                    .map_or(b.len(), |at| from + at + 1)
            }
        };
        let end = memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |at| start + at);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// How many bytes of text one entry of the line index covers: line numbers are counted from
/// the nearest block start (large books have millions of lines; a table of every line start
/// took a tenth of a second to build and 25 MB for a 264 MB book).
const BLOCK: usize = if cfg!(test) { 16 } else { 1 << 14 };

/// The line index of a source: newlines before each block, and in all.
#[derive(Clone, Debug)]
struct Blocks {
    before: Vec<u32>,
    total: u32,
}

/// All sources of a journal, indexed by [`SourceId`].
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    sources: Vec<Source>,
}

impl SourceMap {
    /// Adds a source and returns its id.
    pub fn add(&mut self, source: Source) -> SourceId {
        self.sources.push(source);
        SourceId(self.sources.len() as u32 - 1)
    }

    /// Adds a file's bytes as a source when they are UTF-8 text. Otherwise the source is added
    /// all the same, shown with replacement characters (offsets before the first bad byte are
    /// unchanged, so the error can show its line), and the error points at that byte. Every
    /// reader of text — journal files and the outside files (bank statements, rules files,
    /// customer exports) — checks its input here.
    pub fn add_file(
        &mut self,
        path: &Path,
        bytes: crate::files::FileBytes,
    ) -> Result<SourceId, Box<Diagnostic>> {
        let map = match bytes {
            crate::files::FileBytes::Read(bytes) => return self.add_bytes(path, bytes),
            crate::files::FileBytes::Mapped(map) => map,
        };
        // The mapping stays for the rest of the run (the process ends after one command;
        // the language server never maps files): the text borrows it for good.
        let map: &'static [u8] = Box::leak(Box::new(map));
        match std::str::from_utf8(map) {
            Ok(text) => Ok(self.add(Source {
                path: path.to_path_buf(),
                text: Text(Arc::new(Stored::Mapped(text))),
                blocks: OnceLock::new(),
            })),
            Err(_) => self.add_bytes(path, map.to_vec()),
        }
    }

    /// [`SourceMap::add_file`] for bytes read into memory.
    pub fn add_bytes(&mut self, path: &Path, bytes: Vec<u8>) -> Result<SourceId, Box<Diagnostic>> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(self.add(Source::new(path.to_path_buf(), text))),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let shown = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let id = self.add(Source::new(path.to_path_buf(), shown));
                let span = Span::new(id, offset..offset + '\u{fffd}'.len_utf8());
                Err(Box::new(
                    Diagnostic::error(
                        Code::Encoding,
                        span,
                        format!("invalid UTF-8 at byte offset {offset}"),
                    )
                    .expected("a UTF-8 text file (convert it, e.g. with iconv -f latin1 -t utf-8)"),
                ))
            }
        }
    }

    /// Removes the most recently added source (a placeholder that was not needed).
    pub(crate) fn pop(&mut self) {
        self.sources.pop();
    }

    /// The source with id `id`.
    pub fn get(&self, id: SourceId) -> &Source {
        &self.sources[id.0 as usize]
    }

    /// The text a span covers.
    pub fn text(&self, span: Span) -> &str {
        &self.get(span.source).text[span.range()]
    }

    /// Line and column where a span starts.
    pub fn line_col(&self, span: Span) -> LineCol {
        self.get(span.source).line_col(span.start)
    }

    /// The path of a span's source.
    pub fn path(&self, span: Span) -> &Path {
        &self.get(span.source).path
    }

    /// All sources in load order.
    pub fn iter(&self) -> impl Iterator<Item = &Source> {
        self.sources.iter()
    }

    /// Number of sources.
    pub fn len(&self) -> usize {
        self.sources.len()
    }

    /// Whether no source was loaded.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_and_lines() {
        let s = Source::new("x".into(), "ab\ncé d\n\nz");
        assert_eq!(s.line_col(0), LineCol { line: 1, col: 1 });
        assert_eq!(s.line_col(3), LineCol { line: 2, col: 1 });
        // 'é' is two bytes: byte 6 is the space after it, the third character.
        assert_eq!(s.line_col(6), LineCol { line: 2, col: 3 });
        assert_eq!(s.line_col(9), LineCol { line: 3, col: 1 });
        assert_eq!(s.line_text(2), "cé d");
        assert_eq!(s.line_text(4), "z");
    }

    /// Every line start, the way the index must agree with.
    fn naive_starts(text: &str) -> Vec<usize> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        starts
    }

    proptest::proptest! {
        /// Line, column and line text agree with a table of every line start, for texts of
        /// many blocks (16 bytes each under test), at every offset and line number.
        #[test]
        fn the_block_index_agrees_with_every_line_start(
            text in "([a-zé\r ]{0,20}\n){0,12}[a-z]{0,5}",
        ) {
            let s = Source::new("x".into(), text.clone());
            let starts = naive_starts(&text);
            for offset in 0..=text.len() + 2 {
                let line = starts.partition_point(|&st| st <= offset) - 1;
                let end = offset.min(text.len());
                let col = text.get(starts[line]..end).map_or(end - starts[line], |t| t.chars().count());
                proptest::prop_assert_eq!(
                    s.line_col(offset as u32),
                    LineCol { line: line as u32 + 1, col: col as u32 + 1 }
                );
            }
            for line in 0..=starts.len() + 1 {
                let i = line.saturating_sub(1).min(starts.len() - 1);
                let end = starts.get(i + 1).copied().unwrap_or(text.len());
                let expected = text[starts[i]..end].trim_end_matches(['\n', '\r']);
                proptest::prop_assert_eq!(s.line_text(line as u32), expected);
            }
        }
    }
}
