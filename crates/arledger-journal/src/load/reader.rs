//! The reader: reads files (following `include`s), checks that they are UTF-8, splits their
//! text into entries and hands each entry to the parser, then its syntax to the
//! [`Lowerer`]. Only the reader opens files: an `include` is followed here, never by the
//! parser or the lowering.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{block_comment_end, LoadOptions, MAX_INCLUDE_DEPTH};
use crate::diagnostic::{Code, Diagnostic};
use crate::files::{FileBytes, FileKind, Files};
use crate::lower::{self, Lowerer};
use crate::model::Directive;
use crate::parse::{
    parse_directive, parse_include, parse_rule, parse_transaction, unsupported, Include, Line,
    Lines,
};
use crate::source::{Source, SourceId, Span};

/// Reads sources in order into its [`Lowerer`]'s journal.
pub(crate) struct Reader {
    /// The lowering every entry goes to.
    pub(crate) low: Lowerer,
    /// Files being read: canonical path (to detect cycles) and path as shown.
    include_stack: Vec<(PathBuf, PathBuf)>,
    /// The directory of the first journal file (for `--no-include-outside`).
    pub(crate) root_dir: Option<PathBuf>,
    /// Where files are read from.
    pub(crate) files: Arc<dyn Files>,
    pub(crate) opts: LoadOptions,
    /// Set for a parallel worker: it stops at an `include` (which only the main reader follows).
    pub(crate) worker: bool,
    /// Where reading a part of a file stopped: the start of an `include` line (workers), or of
    /// a block comment not closed inside the part.
    pub(crate) stopped_at: Option<usize>,
    /// Sources whose text ends inside a block comment, with the line that would close it
    /// (noted while reading, so that nobody scans the text again for it).
    pub(crate) open_blocks: Vec<(SourceId, &'static str)>,
}

impl Reader {
    /// A reader with an empty journal.
    pub(crate) fn new(opts: LoadOptions, files: Arc<dyn Files>) -> Reader {
        Reader {
            low: Lowerer::new(opts.today),
            include_stack: Vec::new(),
            root_dir: None,
            files,
            opts,
            worker: false,
            stopped_at: None,
            open_blocks: Vec::new(),
        }
    }

    /// A fresh reader with the same options and root (for parallel workers).
    pub(crate) fn empty_like(other: &Reader) -> Reader {
        let mut r = Reader::new(other.opts.clone(), other.files.clone());
        r.root_dir = other.root_dir.clone();
        r
    }

    /// Reads and parses a file; `from` is the `include` directive that named it.
    pub(crate) fn load_path(&mut self, path: &Path, from: Option<Span>) {
        // A file named on the command line has no include to point at: point at the file.
        let span = from.unwrap_or_else(|| {
            let id = self.low.j.sources.add(Source::new(path.to_path_buf(), ""));
            Span::new(id, 0..0)
        });
        let (canonical, bytes) = match self.read_checked(path, from.is_some(), span) {
            Ok(read) => read,
            Err(d) => {
                self.low.diags.push(*d);
                return;
            }
        };
        if from.is_none() {
            // The placeholder source is replaced by the real one below.
            self.low.j.sources.pop();
        }
        let Some(id) = self.add_source(path, bytes) else {
            return;
        };
        self.include_stack.push((canonical, path.to_path_buf()));
        self.parse_source(id);
        self.include_stack.pop();
    }

    /// Checks that `path` may be read and reads it, returning its canonical path and bytes.
    /// Everything that can refuse a file is checked before it is opened: where it is
    /// (`--no-include-outside`), whether it is already being read (a cycle), how deep the
    /// includes nest, and what it is. An include reads only a regular file; a file named on
    /// the command line may also be a named pipe (`-f /dev/stdin`, `-f <(command)`).
    fn read_checked(
        &self,
        path: &Path,
        include: bool,
        span: Span,
    ) -> Result<(PathBuf, FileBytes), Box<Diagnostic>> {
        let cannot = |reason: String| {
            Box::new(
                Diagnostic::error(
                    Code::Io,
                    span,
                    format!("cannot read {}: {reason}", path.display()),
                )
                .expected(
                    "an existing, readable file (include paths are relative to the including file)",
                ),
            )
        };
        let canonical = match self.files.canonicalize(path) {
            Ok(c) => c,
            Err(e) => {
                // `/dev/stdin` in a pipeline has no canonical name: it is looked at as named
                // (and an include of it refused for what it is, below).
                let special = self.files.kind(path).is_ok_and(|k| k != FileKind::Regular);
                if include && !special {
                    return Err(cannot(io_reason(&e)));
                }
                path.to_path_buf()
            }
        };
        if include {
            self.check_include(path, &canonical, span)?;
        }
        let kind = self
            .files
            .kind(&canonical)
            .map_err(|e| cannot(io_reason(&e)))?;
        match kind {
            FileKind::Regular => {}
            FileKind::Fifo if !include => {}
            FileKind::Directory => {
                return Err(Box::new(
                    Diagnostic::error(
                        Code::Io,
                        span,
                        format!("{} is a directory, not a journal file", path.display()),
                    )
                    .expected(format!(
                        "a journal file, or a glob like {}/*.journal",
                        path.display()
                    )),
                ))
            }
            other => {
                return Err(Box::new(
                    Diagnostic::error(
                        Code::Io,
                        span,
                        format!(
                            "cannot read {}: it is {}, not a regular file",
                            path.display(),
                            other.describe()
                        ),
                    )
                    .expected(match include {
                        true => "a regular file (an include reads nothing else)",
                        false => "a regular file, a pipe, or - for standard input",
                    }),
                ))
            }
        }
        let bytes = self
            .files
            .read_journal(&canonical, kind)
            .map_err(|e| cannot(io_reason(&e)))?;
        Ok((canonical, bytes))
    }

    /// The checks on an include that need only its canonical path: inside the journal's
    /// directory with `--no-include-outside`, not a cycle, not nested too deep.
    fn check_include(
        &self,
        path: &Path,
        canonical: &Path,
        span: Span,
    ) -> Result<(), Box<Diagnostic>> {
        if let (true, Some(root)) = (self.opts.no_include_outside, &self.root_dir) {
            if !canonical.starts_with(root) {
                return Err(Box::new(Diagnostic::error(
                    Code::Io,
                    span,
                    format!(
                        "{} is outside the journal's directory {} (--no-include-outside)",
                        path.display(),
                        root.display()
                    ),
                )));
            }
        }
        let shown = || {
            self.include_stack
                .iter()
                .map(|(_, shown)| shown.display().to_string())
                .chain([path.display().to_string()])
        };
        if let Some(pos) = self.include_stack.iter().position(|(c, _)| c == canonical) {
            let chain: Vec<String> = shown().skip(pos).collect();
            return Err(Box::new(
                Diagnostic::error(
                    Code::IncludeCycle,
                    span,
                    format!("include cycle: {} is already being read", path.display()),
                )
                .note(format!("files: {}", chain_text(&chain)))
                .expected("includes that form a tree, without cycles"),
            ));
        }
        if self.include_stack.len() >= MAX_INCLUDE_DEPTH {
            let chain: Vec<String> = shown().collect();
            return Err(Box::new(
                Diagnostic::error(
                    Code::IncludeDepth,
                    span,
                    format!(
                        "includes nested more than {MAX_INCLUDE_DEPTH} deep: {} is not read",
                        path.display()
                    ),
                )
                .note(format!("files: {}", chain_text(&chain)))
                .expected("a flatter include tree, e.g. a main file that includes the others"),
            ));
        }
        Ok(())
    }

    /// Adds a source read as bytes, or reports where it is not UTF-8 (the source is then kept,
    /// with replacement characters, so that the message can show the line) and returns none.
    pub(crate) fn add_source(&mut self, path: &Path, bytes: FileBytes) -> Option<SourceId> {
        self.low
            .j
            .sources
            .add_file(path, bytes)
            .map_err(|d| self.low.diags.push(*d))
            .ok()
    }

    /// Parses every entry of a loaded source (in parallel chunks when it is large).
    pub(crate) fn parse_source(&mut self, id: SourceId) {
        let len = self.low.j.sources.get(id).text.len();
        if let Some(p) = &self.opts.progress {
            p.add_total(len);
        }
        if len >= self.opts.parallel_min && !self.worker {
            crate::parallel::parse_parallel(self, id);
        } else {
            self.parse_range(id, 0, len);
        }
    }

    /// Parses the entries of `start..end` of a source (`start` at a line start).
    pub(crate) fn parse_range(&mut self, id: SourceId, start: usize, end: usize) {
        let text = self.low.j.sources.get(id).text.clone();
        let text: &str = &text;
        let mut lines = Lines::new_range(text, start, end);
        let bom = start == 0 && text.starts_with('\u{feff}');
        let mut first = true;
        let mut body: Vec<Line> = Vec::new();
        let mut ticker = crate::progress::Ticker::new(self.opts.progress.clone(), start);
        while let Some(mut line) = lines.next() {
            ticker.at(line.start);
            if first && bom {
                line = Line {
                    start: line.start + 3,
                    text: &line.text[3..],
                };
            }
            first = false;
            let Some(&b0) = line.text.as_bytes().first() else {
                continue;
            };
            // A line of Unicode white space only (e.g. a no-break space) is blank too.
            if !b0.is_ascii() && line.text.trim().is_empty() {
                continue;
            }
            match b0 {
                b';' | b'#' | b'*' | b'%' | b'|' => continue,
                b' ' | b'\t' => {
                    let content = line.text.trim_start();
                    if content.is_empty() || content.starts_with(';') || content.starts_with('#') {
                        continue;
                    }
                    let at = line.content_start();
                    self.low.diags.push(
                        Diagnostic::error(
                            Code::Syntax,
                            Span::new(id, at..line.end()),
                            "indented line outside of a transaction or directive",
                        )
                        .expected("a transaction, a directive or a comment starting in column 1"),
                    );
                    continue;
                }
                _ => {}
            }
            // Collect the indented lines that follow.
            lines.take_body(&mut body);
            match b0 {
                b'0'..=b'9' => {
                    let year = self.low.state.year;
                    let t = parse_transaction(line, &body, year);
                    lower::transaction::transaction(&mut self.low, id, &t);
                }
                b'~' | b'=' => {
                    let r = parse_rule(line, &body, b0 == b'~');
                    lower::transaction::rule(&mut self.low, id, &r);
                }
                _ => {
                    if let Some(closing) = block_comment_end(line.text) {
                        // Skip to the matching `end comment` / `end test`.
                        let mut closed = false;
                        for l in lines.by_ref() {
                            if l.text.trim_end() == closing
                                || (closing == "end comment" && l.text.trim_end() == "end")
                            {
                                closed = true;
                                break;
                            }
                        }
                        // A block running past the end of a part of the file (a parallel
                        // chunk, or the directives before the first transaction line) hides
                        // what follows it there: stop at its first line, from which the main
                        // loader reads on in order (the chunks after it are not valid). A
                        // worker leaves even one that runs to the end of the file to the main
                        // reader, which notes that the file ends inside it.
                        if !closed {
                            if end < text.len() || self.worker {
                                self.stopped_at = Some(line.start);
                                return;
                            }
                            self.open_blocks.push((id, closing));
                        }
                        continue;
                    }
                    if let Some(include) = parse_include(id, line) {
                        // A worker leaves includes to the main reader, which reads on from here.
                        if self.worker {
                            self.stopped_at = Some(line.start);
                            return;
                        }
                        match include {
                            Ok(include) => self.include(&include),
                            Err(d) => self.low.diags.push(d),
                        }
                        continue;
                    }
                    let d = parse_directive(id, line, &body, self.low.state.year);
                    lower::directive::directive(&mut self.low, id, &d);
                }
            }
        }
        ticker.finish(end);
    }

    /// Follows an `include`: a path (relative to the including file) or a glob.
    fn include(&mut self, include: &Include) {
        self.low
            .j
            .directives
            .push((include.span, Directive::Include(include.pattern_span)));
        let (sid, span) = (include.span.source, include.pattern_span);
        let pattern = include.pattern.trim();
        if let Some((prefix, _)) = pattern.split_once(':') {
            if matches!(
                prefix,
                "timeclock" | "timedot" | "csv" | "ssv" | "tsv" | "rules" | "journal"
            ) {
                self.low
                    .diags
                    .push(unsupported(span, &format!("including `{prefix}:` files")));
                return;
            }
        }
        let expanded = match pattern.strip_prefix("~/") {
            Some(rest) => std::env::var_os("HOME")
                .map_or_else(|| PathBuf::from(pattern), |h| PathBuf::from(h).join(rest)),
            None => PathBuf::from(pattern),
        };
        let path = if expanded.is_absolute() {
            expanded
        } else {
            self.base_dir(sid).join(expanded)
        };
        if pattern.contains(['*', '?', '[']) {
            let paths = match self.files.glob(&path.to_string_lossy()) {
                Ok(paths) => paths,
                Err(e) => {
                    self.low.diags.push(match e.kind() {
                        std::io::ErrorKind::InvalidInput => Diagnostic::error(
                            Code::Syntax,
                            span,
                            format!("invalid glob pattern: {e}"),
                        ),
                        _ => Diagnostic::error(
                            Code::Io,
                            span,
                            format!("cannot read {}: {e}", path.display()),
                        ),
                    });
                    return;
                }
            };
            if paths.is_empty() {
                self.low.diags.push(Diagnostic::error(
                    Code::Io,
                    span,
                    format!("no files match {}", path.display()),
                ));
            }
            for p in paths {
                self.load_path(&p, Some(span));
            }
        } else {
            self.load_path(&path, Some(span));
        }
    }

    /// The directory relative includes of source `id` are resolved against.
    pub(crate) fn base_dir(&self, id: SourceId) -> PathBuf {
        let p = &self.low.j.sources.get(id).path;
        // An empty parent means the current directory; keep paths as short as given.
        p.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

/// A chain of files for a message, `a -> b -> c`; a long one shows its first and last few.
fn chain_text(files: &[String]) -> String {
    const ENDS: usize = 4;
    if files.len() <= 3 * ENDS {
        return files.join(" -> ");
    }
    format!(
        "{} -> … {} more … -> {}",
        files[..ENDS].join(" -> "),
        files.len() - 2 * ENDS,
        files[files.len() - ENDS..].join(" -> ")
    )
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}
