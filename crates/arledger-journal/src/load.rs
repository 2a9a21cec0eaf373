//! Loading journals: reading files, following `include`s, and the parser state that directives
//! change (year, aliases, `apply account`, decimal mark, default commodity).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::diagnostic::{Code, Diagnostic};
use crate::files::{FileKind, Files, OsFiles};
use crate::marks::MarkBook;
use crate::model::{Amount, AmountStyle, Comment, CommodityId, Journal, Tag, TxnId};
use crate::parse::amount::{interpret_number, interpret_number_rounded, NumberError, RawAmount};
use crate::parse::date::parse_date;
use crate::parse::tags::{scan_tags, RawTag};
use crate::parse::{parse_directive, parse_rule, parse_transaction, Line, Lines};
use crate::source::{Source, SourceId, SourceMap, Span};

/// Where journal text comes from.
#[derive(Clone, Debug)]
pub enum Input {
    /// A file to read.
    Path(PathBuf),
    /// Text already in memory (tests); the path is used for messages and as the base of
    /// relative includes.
    Text {
        /// Name shown in messages.
        path: PathBuf,
        /// The journal text.
        text: String,
    },
    /// Bytes already in memory (standard input), checked for UTF-8 as a file's are: invalid
    /// UTF-8 is an `E0002` error at its byte offset. The path is used as for [`Input::Text`].
    Bytes {
        /// Name shown in messages.
        path: PathBuf,
        /// The journal's bytes.
        bytes: Vec<u8>,
    },
}

/// Options that change how journals are read.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// "Today", used for the year of yearless dates when no `Y` directive is given.
    pub today: NaiveDate,
    /// Refuse `include`s that leave the directory tree of the first journal file.
    pub no_include_outside: bool,
    /// Apply automated transaction rules (`= QUERY`), as hledger's `--auto`.
    pub auto: bool,
    /// Files at least this large are parsed in parallel chunks.
    pub parallel_min: usize,
    /// Number of chunks for parallel parsing (0: four per thread).
    pub chunks: usize,
    /// Told how many bytes of journal text are parsed, of how many read (none: nobody asks).
    pub progress: Option<crate::progress::Progress>,
    /// Chunks of large files parsed by earlier loads, reused where the text is unchanged (and
    /// this load's kept for the next). None: every load parses everything.
    pub reuse: Option<crate::ChunkCache>,
}

impl LoadOptions {
    /// The usual options, with `today` given by the caller: the library never reads the clock
    /// (the CLI passes `--today` or the clock's date, tests a fixed day).
    pub fn at(today: NaiveDate) -> Self {
        LoadOptions {
            today,
            no_include_outside: false,
            auto: false,
            parallel_min: 8 << 20,
            chunks: 0,
            progress: None,
            reuse: None,
        }
    }
}

/// The result of loading: the journal and every diagnostic found on the way.
#[derive(Debug)]
pub struct Loaded {
    /// The journal (entries with errors are left out).
    pub journal: Journal,
    /// Errors and warnings, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// For each file named in the inputs, what it leaves open at its end.
    pub open_at_end: Vec<OpenAtEnd>,
}

/// What a file named in the inputs leaves in force at its end. Text appended to the file is
/// read under it: a writer must close it first, or check that it changes nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenAtEnd {
    /// The file.
    pub source: SourceId,
    /// A block comment (`comment`, `test`) runs to the end: the line that would close it.
    pub block_comment: Option<&'static str>,
    /// How many `apply account` prefixes are in force.
    pub apply_accounts: usize,
    /// How many account aliases are in force (ledger 3.3 has no way to end them).
    pub aliases: usize,
    /// The decimal mark set by a `decimal-mark` directive, if any.
    pub decimal_mark: Option<char>,
}

impl Loaded {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// An account alias (`alias OLD = NEW` or `alias /REGEX/ = REPLACEMENT`).
#[derive(Clone, Debug)]
pub(crate) enum Alias {
    Plain { from: String, to: String },
    Regex { re: Regex, to: String },
}

impl Alias {
    fn apply(&self, name: &str) -> Option<String> {
        match self {
            Alias::Plain { from, to } => {
                let rest = name.strip_prefix(from.as_str())?;
                (rest.is_empty() || rest.starts_with(':')).then(|| format!("{to}{rest}"))
            }
            Alias::Regex { re, to } => re
                .is_match(name)
                .then(|| re.replace_all(name, to.as_str()).into_owned()),
        }
    }
}

/// Parser state changed by directives as the files are read in order.
#[derive(Clone, Debug)]
pub(crate) struct State {
    pub year: i32,
    pub decimal_mark: Option<char>,
    pub default_commodity: Option<CommodityId>,
    pub aliases: Vec<Alias>,
    pub parents: Vec<String>,
}

/// Lengths of the journal's vectors, to undo a partly parsed entry.
#[derive(Clone, Copy)]
pub(crate) struct Marks {
    postings: usize,
    tags: usize,
    comments: usize,
    extras: usize,
    transactions: usize,
}

/// What an amount is for: posting amounts and `P` prices set the commodity's display style;
/// costs may be rounded past 28 digits; assertions and lot prices are read exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AmountRole {
    Posting,
    Price,
    Cost,
    Exact,
}

/// Reads sources into a journal. Only this module and the parser modules use it.
pub(crate) struct Loader {
    pub j: Journal,
    pub diags: Vec<Diagnostic>,
    pub state: State,
    /// Transactions not exactly balanced, to check at display precision once styles are known.
    pub unbalanced: Vec<TxnId>,
    /// Transactions with balance assignments, completed during the assertion pass.
    pub deferred: Vec<TxnId>,
    /// Files being read: canonical path (to detect cycles) and path as shown.
    include_stack: Vec<(PathBuf, PathBuf)>,
    root_dir: Option<PathBuf>,
    /// Where files are read from.
    pub(crate) files: Arc<dyn Files>,
    pub(crate) opts: LoadOptions,
    /// Set for a parallel worker: it stops at an `include` (which only the main loader follows).
    pub(crate) worker: bool,
    /// Where reading a part of a file stopped: the start of an `include` line (workers), or of
    /// a block comment not closed inside the part.
    pub(crate) stopped_at: Option<usize>,
    /// Whether a directive changed the parser state, so later chunks must be read again.
    pub(crate) state_changed: bool,
    /// Reused buffer for the tags of one comment.
    tag_buf: Vec<RawTag>,
    /// Number of tag names when the ids of `date`/`date2` were looked up, and those ids.
    date_tags: (
        usize,
        Option<crate::model::TagId>,
        Option<crate::model::TagId>,
    ),
    /// The last tag name interned and its id (comments repeat a few tag names).
    last_tag: Option<crate::model::TagId>,
    /// The last commodity symbol interned and its id (most amounts repeat it).
    last_commodity: Option<CommodityId>,
    /// For a parallel worker: per commodity, what its amounts did to the inferred style, to be
    /// replayed onto the style of the chunks before (see [`StyleTrace`]).
    pub(crate) style_traces: Vec<StyleTrace>,
    /// How amounts use `.` and `,`, for the check that each commodity uses them one way.
    pub(crate) marks: MarkBook,
}

/// What one amount tells style inference: its decimal mark and digit-group separator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StyleStep {
    decimal_mark: Option<char>,
    group: Option<char>,
}

impl StyleStep {
    /// Updates an inferred style with one more amount (`mark_seen`: whether an amount with a
    /// decimal mark came before). Reading in order and merging parallel chunks both use this,
    /// so that they infer the same style.
    pub(crate) fn apply(self, s: &mut AmountStyle, mark_seen: &mut bool) {
        // The first amount written with a decimal mark decides it.
        if let (false, Some(m)) = (*mark_seen, self.decimal_mark) {
            s.decimal_mark = m;
            *mark_seen = true;
        }
        if s.group.is_none() && self.group != Some(s.decimal_mark) {
            s.group = self.group;
        }
        // A group separator equal to the decimal mark would make shown amounts ambiguous
        // (`1.000.00`): `1.000.000` read before any decimal mark was seen groups nothing.
        if s.group == Some(s.decimal_mark) {
            s.group = None;
        }
    }
}

/// The steps of one commodity's amounts in a parallel chunk that can still change a style
/// inferred from the chunks before it, whatever that style is; replaying them with
/// [`StyleStep::apply`] gives the style reading in order gives.
///
/// Until the chunk's first amount with a decimal mark, the mark in force is the earlier one, so
/// only the first step with each group separator can matter; then that amount's step; after
/// it the mark is fixed, and again only the first step with each separator can matter. So a
/// trace holds at most a few steps however long the chunk.
#[derive(Clone, Debug, Default)]
pub(crate) struct StyleTrace {
    /// The decimal mark a style started by this chunk's first amount assumes (`decimal-mark`
    /// or the declared mark, else `.`).
    pub(crate) default_mark: Option<char>,
    /// The steps to replay, in order.
    pub(crate) steps: Vec<StyleStep>,
    /// Whether `steps` holds a step with a decimal mark.
    marked: bool,
}

impl StyleTrace {
    fn record(&mut self, default_mark: char, step: StyleStep) {
        self.default_mark.get_or_insert(default_mark);
        if step.decimal_mark.is_some() && !self.marked {
            self.marked = true;
            self.steps.push(step);
            return;
        }
        let Some(group) = step.group else {
            return;
        };
        // Only groups since the marked step (or since the start) count as already recorded.
        let from = match self.marked {
            true => self
                .steps
                .iter()
                .position(|s| s.decimal_mark.is_some())
                .map_or(0, |i| i + 1),
            false => 0,
        };
        if !self.steps[from..].iter().any(|s| s.group == Some(group)) {
            self.steps.push(StyleStep {
                decimal_mark: None,
                group: Some(group),
            });
        }
    }
}

/// How deep `include`s may nest (the first journal file is level 1). Deeper chains are error
/// `E0106`: each level costs stack, and a real journal needs a handful.
pub const MAX_INCLUDE_DEPTH: usize = 200;

/// Loads `inputs` in order (following includes) and finalises the journal: balances every
/// transaction, checks balance assertions and infers commodity styles.
pub fn load(inputs: &[Input], opts: &LoadOptions) -> Loaded {
    load_from(Arc::new(OsFiles), inputs, opts)
}

/// [`load`], reading the files (and includes) from `files` rather than the file system.
pub fn load_from(files: Arc<dyn Files>, inputs: &[Input], opts: &LoadOptions) -> Loaded {
    let mut ld = Loader::new(opts.clone(), files);
    let mut open_at_end = Vec::with_capacity(inputs.len());
    for input in inputs {
        let first_new = SourceId(ld.j.sources.len() as u32);
        match input {
            Input::Path(p) => {
                if ld.root_dir.is_none() {
                    ld.root_dir = ld
                        .files
                        .canonicalize(p)
                        .ok()
                        .and_then(|c| c.parent().map(Path::to_path_buf));
                }
                ld.load_path(p, None);
            }
            Input::Text { path, text } => {
                let id = ld.j.sources.add(Source::new(path.clone(), text.clone()));
                ld.parse_source(id);
            }
            Input::Bytes { path, bytes } => {
                if let Some(id) = ld.add_source(path, bytes.clone()) {
                    ld.parse_source(id);
                }
            }
        }
        if (first_new.0 as usize) < ld.j.sources.len() {
            open_at_end.push(OpenAtEnd {
                source: first_new,
                block_comment: unclosed_block_comment(&ld.j.sources.get(first_new).text),
                apply_accounts: ld.state.parents.len(),
                aliases: ld.state.aliases.len(),
                decimal_mark: ld.state.decimal_mark,
            });
        }
    }
    ld.diags.extend(crate::marks::check_marks(&ld.j, &ld.marks));
    crate::auto::apply_automated(&mut ld, opts.auto, opts.today);
    crate::balance::finish(&mut ld);
    // Report in file order, whichever pass found the problem.
    ld.diags.sort_by_key(|d| (d.span.source, d.span.start));
    Loaded {
        journal: ld.j,
        diagnostics: ld.diags,
        open_at_end,
    }
}

/// Parses a journal given as a string (named `test.journal`), with the usual options and
/// 2026-01-01 as today (the year of dates written without one). For tests and examples.
pub fn parse_str(text: &str) -> Loaded {
    let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    load(
        &[Input::Text {
            path: PathBuf::from("test.journal"),
            text: text.to_string(),
        }],
        &LoadOptions::at(today),
    )
}

impl Loader {
    /// A fresh loader with the same options and root (for parallel workers).
    pub(crate) fn empty_like(other: &Loader) -> Loader {
        let mut l = Loader::new(other.opts.clone(), other.files.clone());
        l.root_dir = other.root_dir.clone();
        l
    }

    fn new(opts: LoadOptions, files: Arc<dyn Files>) -> Loader {
        let mut j = Journal::default();
        // The empty commodity always exists: it is id 0.
        j.commodities.intern("");
        j.commodity_info.push(Default::default());
        Loader {
            j,
            diags: Vec::new(),
            state: State {
                year: opts.today.year(),
                decimal_mark: None,
                default_commodity: None,
                aliases: Vec::new(),
                parents: Vec::new(),
            },
            unbalanced: Vec::new(),
            deferred: Vec::new(),
            include_stack: Vec::new(),
            root_dir: None,
            files,
            opts,
            worker: false,
            stopped_at: None,
            state_changed: false,
            tag_buf: Vec::new(),
            date_tags: (usize::MAX, None, None),
            last_tag: None,
            last_commodity: None,
            style_traces: Vec::new(),
            marks: MarkBook::default(),
        }
    }

    /// Reads and parses a file; `from` is the `include` directive that named it.
    pub(crate) fn load_path(&mut self, path: &Path, from: Option<Span>) {
        // A file named on the command line has no include to point at: point at the file.
        let span = from.unwrap_or_else(|| {
            let id = self.j.sources.add(Source::new(path.to_path_buf(), ""));
            Span::new(id, 0..0)
        });
        let (canonical, bytes) = match self.read_checked(path, from.is_some(), span) {
            Ok(read) => read,
            Err(d) => {
                self.diags.push(*d);
                return;
            }
        };
        if from.is_none() {
            // The placeholder source is replaced by the real one below.
            self.j.sources.pop();
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
    ) -> Result<(PathBuf, Vec<u8>), Box<Diagnostic>> {
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
            .read(&canonical, kind)
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
    fn add_source(&mut self, path: &Path, bytes: Vec<u8>) -> Option<SourceId> {
        self.j
            .sources
            .add_bytes(path, bytes)
            .map_err(|d| self.diags.push(*d))
            .ok()
    }

    /// Parses every entry of a loaded source (in parallel chunks when it is large).
    pub(crate) fn parse_source(&mut self, id: SourceId) {
        let len = self.j.sources.get(id).text.len();
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
        let text: Arc<String> = self.j.sources.get(id).text.clone();
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
                    self.diags.push(
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
            body.clear();
            while let Some(next) = lines.peek() {
                if next.is_indented() && !next.is_blank() {
                    body.push(next);
                    lines.next();
                } else {
                    break;
                }
            }
            match b0 {
                b'0'..=b'9' => parse_transaction(self, id, line, &body),
                b'~' => parse_rule(self, id, line, &body, true),
                b'=' => parse_rule(self, id, line, &body, false),
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
                        // loader reads on in order (the chunks after it are not valid).
                        if !closed && end < text.len() {
                            self.stopped_at = Some(line.start);
                            return;
                        }
                        continue;
                    }
                    if self.worker && is_include(line.text) {
                        self.stopped_at = Some(line.start);
                        return;
                    }
                    parse_directive(self, id, line, &body);
                }
            }
        }
        ticker.finish(end);
    }

    /// Where the entry being parsed started, to undo it on error.
    pub(crate) fn marks(&self) -> Marks {
        Marks {
            postings: self.j.postings.len(),
            tags: self.j.tags.len(),
            comments: self.j.comments.len(),
            extras: self.j.extras.len(),
            transactions: self.j.transactions.len(),
        }
    }

    /// Drops everything added since `m`.
    pub(crate) fn reset(&mut self, m: Marks) {
        self.j.postings.truncate(m.postings);
        self.j.tags.truncate(m.tags);
        self.j.comments.truncate(m.comments);
        self.j.extras.truncate(m.extras);
        self.j.transactions.truncate(m.transactions);
    }

    /// Interns an account name after `apply account` prefixes and aliases.
    pub(crate) fn account(&mut self, written: &str) -> crate::model::AccountId {
        let mut name: Option<String> = None;
        if let Some(parent) = self.state.parents.last() {
            name = Some(format!("{parent}:{written}"));
        }
        for alias in self.state.aliases.iter().rev() {
            if let Some(n) = alias.apply(name.as_deref().unwrap_or(written)) {
                name = Some(n);
            }
        }
        self.intern_account(name.as_deref().unwrap_or(written))
    }

    /// Interns a final account name (aliases and prefixes already applied).
    pub(crate) fn intern_account(&mut self, name: &str) -> crate::model::AccountId {
        let id = self.j.accounts.intern(name);
        if self.j.account_info.len() <= id.index() {
            self.j
                .account_info
                .resize(id.index() + 1, Default::default());
        }
        id
    }

    /// Interns a commodity symbol.
    pub(crate) fn commodity(&mut self, symbol: &str) -> CommodityId {
        // Compared by name in the interner: no allocation, also when commodities alternate.
        if let Some(id) = self
            .last_commodity
            .filter(|&id| self.j.commodities.name(id) == symbol)
        {
            return id;
        }
        let id = self.j.commodities.intern(symbol);
        self.last_commodity = Some(id);
        if self.j.commodity_info.len() <= id.index() {
            self.j
                .commodity_info
                .resize(id.index() + 1, Default::default());
        }
        id
    }

    /// The amount zero without a commodity.
    pub(crate) fn zero(&self) -> Amount {
        Amount {
            quantity: rust_decimal::Decimal::ZERO,
            commodity: CommodityId(0),
        }
    }

    /// Interprets a raw amount; `infer` says whether it influences the commodity's style.
    pub(crate) fn amount(
        &mut self,
        raw: &RawAmount,
        span: Span,
        role: AmountRole,
    ) -> Result<Amount, Diagnostic> {
        let infer = matches!(role, AmountRole::Posting | AmountRole::Price);
        let commodity = match (raw.commodity.is_empty(), self.state.default_commodity) {
            (true, Some(d)) => d,
            _ => self.commodity(raw.commodity),
        };
        let info = &self.j.commodity_info[commodity.index()];
        let mark = info.declared_mark.or(self.state.decimal_mark);
        let n = match interpret_number(raw.number, raw.exponent, mark) {
            Ok(n) => n,
            Err(NumberError::Grouping(group)) => {
                return Err(crate::marks::grouping_error(
                    &self.j,
                    commodity,
                    amount_only(&self.j.sources, span),
                    number_span(&self.j.sources, span, raw.number),
                    group,
                    mark,
                ))
            }
            Err(NumberError::Malformed) => {
                return Err(Diagnostic::error(
                    Code::Amount,
                    number_span(&self.j.sources, span, raw.number),
                    format!("cannot read the number `{}`", raw.number),
                )
                .expected("a number like 1234.56, 1,234.56 or 1.234,56"))
            }
            Err(NumberError::TooLarge) => match (
                role,
                interpret_number_rounded(raw.number, raw.exponent, mark),
            ) {
                // A cost only serves the balance check, done at display precision: rounding its
                // 29th digit changes nothing there. Say so, and go on.
                (AmountRole::Cost, Ok(n)) => {
                    self.diags.push(
                        Diagnostic::warning(
                            Code::Amount,
                            span,
                            format!(
                                "the cost `{}` has more than 28 significant digits",
                                raw.number
                            ),
                        )
                        .note(format!(
                            "it is rounded to {} for the balance check",
                            n.value
                        )),
                    );
                    n
                }
                _ => {
                    return Err(Diagnostic::error(
                        Code::Amount,
                        span,
                        format!(
                            "the number `{}` has more than 28 significant digits",
                            raw.number
                        ),
                    )
                    .note("arledger keeps amounts exact and cannot represent this one")
                    .expected("an amount with at most 28 significant digits"))
                }
            },
        };
        let seen = &mut self.j.commodity_info[commodity.index()].decimals_seen;
        *seen = (*seen).max(n.precision);
        let sources = &self.j.sources;
        self.marks.record(
            commodity,
            role == AmountRole::Price,
            n.decimal_mark,
            n.group,
            || {
                let number = number_span(sources, span, raw.number);
                (amount_only(sources, span), number)
            },
        );
        if infer {
            let info = &mut self.j.commodity_info[commodity.index()];
            let default_mark = mark.unwrap_or('.');
            let s = info.inferred_style.get_or_insert(AmountStyle {
                side: raw.side,
                spaced: raw.spaced,
                precision: 0,
                decimal_mark: default_mark,
                group: None,
            });
            s.precision = s.precision.max(n.precision);
            let step = StyleStep {
                decimal_mark: n.decimal_mark,
                group: n.group,
            };
            step.apply(s, &mut info.mark_seen);
            if self.worker {
                if self.style_traces.len() <= commodity.index() {
                    self.style_traces
                        .resize(commodity.index() + 1, StyleTrace::default());
                }
                self.style_traces[commodity.index()].record(default_mark, step);
            }
        }
        let quantity = if raw.negative { -n.value } else { n.value };
        Ok(Amount {
            quantity,
            commodity,
        })
    }

    /// Records a comment (text after `;` starting at byte `at`) and the tags in it.
    pub(crate) fn add_comment(&mut self, sid: SourceId, at: usize, text: &str, same_line: bool) {
        self.j.comments.push(Comment {
            text: Span::new(sid, at..at + text.len()),
            same_line,
        });
        if memchr::memchr(b':', text.as_bytes()).is_none() {
            return;
        }
        let mut raw = std::mem::take(&mut self.tag_buf);
        raw.clear();
        scan_tags(text, &mut raw);
        for t in raw.drain(..) {
            let written = &text[t.name.clone()];
            let name = match self.last_tag {
                Some(id) if self.j.tag_names.name(id) == written => id,
                _ => {
                    let id = self.j.tag_names.intern(written);
                    self.last_tag = Some(id);
                    id
                }
            };
            self.j.tags.push(Tag {
                name,
                value: Span::new(sid, at + t.value.start..at + t.value.end),
            });
        }
        self.tag_buf = raw;
    }

    /// Extends posting `i`'s tag and comment ranges to everything added so far, and reads a
    /// posting date from them (`[2026-01-02]`, `[=2026-01-03]`, `date:`/`date2:` tags).
    pub(crate) fn close_posting(&mut self, i: usize) -> Result<(), Diagnostic> {
        let tags_end = self.j.tags.len() as u32;
        let comments_end = self.j.comments.len() as u32;
        let p = &mut self.j.postings[i];
        let new_comments = p.comments.end..comments_end;
        p.tags.end = tags_end;
        p.comments.end = comments_end;
        for c in new_comments {
            let span = self.j.comments[c as usize].text;
            let text = self.j.sources.text(span);
            let Some(open) = memchr::memchr(b'[', text.as_bytes()) else {
                continue;
            };
            let Some(close) = text[open..].find(']') else {
                continue;
            };
            let inner = &text[open + 1..open + close];
            // Only a bracket holding dates is a posting date; `[see email]` is comment text.
            let date_like = |s: &str| {
                s.bytes()
                    .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'/' | b'.' | b'='))
            };
            if inner.is_empty() || !date_like(inner) {
                continue;
            }
            let (d1, d2) = match inner.split_once('=') {
                Some((a, b)) => (a, Some(b)),
                None => (inner, None),
            };
            let year = self.state.year;
            let at = span.start as usize + open + 1;
            let parse = |s: &str, off: usize| -> Result<Option<NaiveDate>, Diagnostic> {
                if s.is_empty() {
                    return Ok(None);
                }
                match parse_date(s, year) {
                    Ok((d, n)) if n == s.len() => Ok(Some(d)),
                    _ => Err(Diagnostic::error(
                        Code::Date,
                        Span::new(span.source, off..off + s.len()),
                        "cannot read the posting date",
                    )
                    .expected("a date like [2026-01-15] or [=2026-01-15]")),
                }
            };
            let date = parse(d1, at)?;
            let date2 = match d2 {
                Some(s) => parse(s, at + d1.len() + 1)?,
                None => None,
            };
            self.set_posting_dates(i, date, date2);
        }
        Ok(())
    }

    /// Applies `date:`/`date2:` posting tags (hledger's posting dates).
    pub(crate) fn posting_date_tags(&mut self, i: usize) -> Result<(), Diagnostic> {
        // The ids of `date`/`date2`, looked up again only when new tag names appeared.
        if self.date_tags.0 != self.j.tag_names.len() {
            self.date_tags = (
                self.j.tag_names.len(),
                self.j.tag_names.get("date"),
                self.j.tag_names.get("date2"),
            );
        }
        let p = &self.j.postings[i];
        // Either tag alone counts: a journal may use `date2:` without any `date:`.
        let (_, date_id, date2_id) = self.date_tags;
        if date_id.is_none() && date2_id.is_none() {
            return Ok(());
        }
        let mut found = (None, None);
        for t in &self.j.tags[p.tags.start as usize..p.tags.end as usize] {
            if Some(t.name) != date_id && Some(t.name) != date2_id {
                continue;
            }
            let s = self.j.sources.text(t.value);
            let d = match parse_date(s, self.state.year) {
                Ok((d, n)) if n == s.len() => d,
                _ => {
                    return Err(Diagnostic::error(
                        Code::Date,
                        t.value,
                        "cannot read the posting date tag",
                    )
                    .expected("a date like 2026-01-15"))
                }
            };
            if Some(t.name) == date_id {
                found.0 = Some(d);
            } else {
                found.1 = Some(d);
            }
        }
        if found != (None, None) {
            self.set_posting_dates(i, found.0, found.1);
        }
        Ok(())
    }

    fn set_posting_dates(&mut self, i: usize, date: Option<NaiveDate>, date2: Option<NaiveDate>) {
        let idx = match self.j.postings[i].extra {
            Some(e) => e as usize,
            None => {
                self.j.extras.push(Default::default());
                let e = self.j.extras.len() - 1;
                self.j.postings[i].extra = Some(e as u32);
                e
            }
        };
        let extra = &mut self.j.extras[idx];
        if date.is_some() {
            extra.date = date;
        }
        if date2.is_some() {
            extra.date2 = date2;
        }
    }

    /// The directory relative includes of source `id` are resolved against.
    pub(crate) fn base_dir(&self, id: SourceId) -> PathBuf {
        let p = &self.j.sources.get(id).path;
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

/// An amount's own span inside the span of what holds it (`@ 5 USD`, `= 5 USD`,
/// `{5 USD} [2026-01-02]`).
fn amount_only(sources: &SourceMap, span: Span) -> Span {
    let text = sources.text(span);
    let amount = text.trim_start_matches(['@', '=', '*', '(', ')', '{', ' ', '\t']);
    let start = text.len() - amount.len();
    let len = crate::parse::amount::raw_amount(amount)
        .map_or(amount.len(), |(rest, _)| amount.len() - rest.len());
    Span::new(
        span.source,
        span.start as usize + start..span.start as usize + start + len,
    )
}

/// The span of a number's text inside an amount's span (both from the same source).
fn number_span(sources: &SourceMap, amount: Span, number: &str) -> Span {
    let text = &sources.get(amount.source).text;
    let start = crate::parse::offset_in(text, number);
    if start >= amount.start as usize && start + number.len() <= amount.end as usize {
        Span::new(amount.source, start..start + number.len())
    } else {
        amount
    }
}

/// Whether a directive line is an `include` (which a parallel worker leaves to the main loader).
fn is_include(line: &str) -> bool {
    let word = line.split_whitespace().next().unwrap_or("");
    matches!(word.trim_start_matches(['!', '@']), "include")
}

/// If a block comment (`comment`, `test`) runs to the end of `text`, the line that would close
/// it. Lines are read as the loader reads them: only a directive line in column 1 opens a block.
pub fn unclosed_block_comment(text: &str) -> Option<&'static str> {
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        // Only `comment` or `test` in column 1 opens one: look no further at other lines (the
        // language server asks this of every file after every edit).
        if !line.starts_with(['c', 't']) {
            continue;
        }
        let Some(closing) = block_comment_end(line) else {
            continue;
        };
        let closed = lines.by_ref().any(|l| {
            let l = l.trim_end();
            l == closing || (closing == "end comment" && l == "end")
        });
        if !closed {
            return Some(closing);
        }
    }
    None
}

/// If `line` opens a block comment, the line that closes it.
pub(crate) fn block_comment_end(line: &str) -> Option<&'static str> {
    let word = line.split_whitespace().next()?;
    match word {
        "comment" => Some("end comment"),
        "test" => Some("end test"),
        _ => None,
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::parse_str;

    /// A `date2:` posting tag counts without any `date:` tag in the journal (found by the parse
    /// fuzz target: it was skipped, so `date2: 2026-02-31` passed unchecked).
    #[test]
    fn date2_tag_alone_sets_the_secondary_date() {
        let l = parse_str("2026-01-05 x\n    a  1 USD  ; date2: 2026-02-01\n    b\n");
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        let j = &l.journal;
        let extra = j.postings[0].extra.expect("posting dates");
        assert_eq!(
            j.extras[extra as usize].date2,
            chrono::NaiveDate::from_ymd_opt(2026, 2, 1)
        );
        let l = parse_str("2026-01-05 x\n    a  1 USD  ; date2: 2026-02-31\n    b\n");
        assert!(l.has_errors());
    }
}
