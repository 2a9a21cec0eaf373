//! Loading journals, in stages: the [reader](reader) reads files (following `include`s) and
//! splits them into entries, the parser turns each entry into syntax, the
//! [lowering](crate::lower) turns syntax into model objects, and the stages after it work on
//! the whole journal. See docs/architecture.md, "Load stages".

mod reader;
mod stages;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::diagnostic::Diagnostic;
use crate::files::{FileBytes, Files, OsFiles};
use crate::model::Journal;
use crate::source::{Source, SourceId};

pub(crate) use reader::Reader;
pub(crate) use stages::Context;

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
    let mut rd = Reader::new(opts.clone(), files);
    let mut open_at_end = Vec::with_capacity(inputs.len());
    for input in inputs {
        let first_new = SourceId(rd.low.j.sources.len() as u32);
        match input {
            Input::Path(p) => {
                if rd.root_dir.is_none() {
                    rd.root_dir = rd
                        .files
                        .canonicalize(p)
                        .ok()
                        .and_then(|c| c.parent().map(Path::to_path_buf));
                }
                rd.load_path(p, None);
            }
            Input::Text { path, text } => {
                let id = rd
                    .low
                    .j
                    .sources
                    .add(Source::new(path.clone(), text.clone()));
                rd.parse_source(id);
            }
            Input::Bytes { path, bytes } => {
                if let Some(id) = rd.add_source(path, FileBytes::Read(bytes.clone())) {
                    rd.parse_source(id);
                }
            }
        }
        if (first_new.0 as usize) < rd.low.j.sources.len() {
            let state = &rd.low.state;
            open_at_end.push(OpenAtEnd {
                source: first_new,
                block_comment: rd
                    .open_blocks
                    .iter()
                    .find(|(source, _)| *source == first_new)
                    .map(|&(_, closing)| closing),
                apply_accounts: state.parents.len(),
                aliases: state.aliases.len(),
                decimal_mark: state.decimal_mark,
            });
        }
    }
    let low = rd.low;
    let (mut journal, mut diagnostics) = (low.j, low.diags);
    let mut cx = Context {
        opts,
        marks: low.marks,
        balancing: low.balancing,
    };
    stages::run(&mut journal, &mut cx, &mut diagnostics);
    // Report in file order, whichever step found the problem.
    diagnostics.sort_by_key(|d| (d.span.source, d.span.start));
    Loaded {
        journal,
        diagnostics,
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

/// If `line` opens a block comment, the line that closes it.
pub(crate) fn block_comment_end(line: &str) -> Option<&'static str> {
    let word = line.split_whitespace().next()?;
    match word {
        "comment" => Some("end comment"),
        "test" => Some("end test"),
        _ => None,
    }
}
