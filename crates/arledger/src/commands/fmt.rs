//! `arledger fmt`: lays journal files out the same way every time, without changing what they
//! mean (docs/commands/fmt.md). The formatting itself is `arledger_journal::fmt`; this module
//! picks the files, reads the layout from `arledger.toml` ([`crate::fmt_config`]), proves the
//! result means the same and writes it through the safe writer.

use std::path::PathBuf;
use std::sync::Arc;

use arledger_journal::fmt::{format_source, meaning, Layout};
use arledger_journal::{load, load_from, Input, LoadOptions, Loaded, Overlay, SourceId};
use clap::Args;

use crate::config::Config;
use crate::fmt_config::layout_for;
use crate::input::{journal_paths, read_working_tree};
use crate::write::{file::replace, DirLock};
use crate::Failure;

/// `fmt` options.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Write nothing: list the files that would change, and exit 1 if any would.
    #[arg(long)]
    pub check: bool,
    /// Files to format, each read as a journal of its own (with its includes, which are not
    /// changed). Default: the journal (-f, $ARLEDGER_FILE, $LEDGER_FILE) and every file it
    /// includes.
    #[arg(value_name = "FILE")]
    pub paths: Vec<PathBuf>,
}

/// One journal read for formatting, and which of its files to format.
struct Job {
    loaded: Loaded,
    inputs: Vec<Input>,
    opts: LoadOptions,
    sources: Vec<SourceId>,
    layout: Layout,
}

/// A file whose formatted text differs from what it holds.
struct Change {
    source: SourceId,
    path: PathBuf,
    text: String,
}

/// Runs `fmt`.
pub fn run(g: &Config, a: &FmtArgs, out: &mut String) -> Result<(), Failure> {
    if g.rev.is_some() {
        return Err(Failure::Usage(
            "--rev reads the books as they were; fmt formats the files as they are".into(),
        ));
    }
    let mut would_change = false;
    for job in jobs(g, a)? {
        warn_about_errors(&job);
        let changes = changes(&job);
        prove_same_meaning(&job, &changes)?;
        for c in &changes {
            if c.path.as_os_str() == "-" {
                // Standard input: the formatted text goes to standard output.
                if !a.check {
                    out.push_str(&c.text);
                }
            } else if a.check {
                out.push_str(&format!("{}\n", c.path.display()));
            } else {
                write(&job, c)?;
            }
        }
        if a.check && !changes.is_empty() {
            would_change = true;
        }
        // Standard input already formatted is shown as it is.
        if !a.check {
            for &id in &job.sources {
                let src = job.loaded.journal.sources.get(id);
                if src.path.as_os_str() == "-" && !changes.iter().any(|c| c.source == id) {
                    out.push_str(&src.text);
                }
            }
        }
    }
    if would_change {
        Err(Failure::Found)
    } else {
        Ok(())
    }
}

/// The journals to read and the files of each to format.
fn jobs(g: &Config, a: &FmtArgs) -> Result<Vec<Job>, Failure> {
    let opts = g.load.clone();
    if a.paths.is_empty() {
        let paths = journal_paths(g)?;
        let loaded = read_working_tree(g)?;
        let inputs = paths
            .iter()
            .map(|p| match p.as_os_str() == "-" {
                true => Input::Text {
                    path: p.clone(),
                    text: stdin_text(&loaded),
                },
                false => Input::Path(p.clone()),
            })
            .collect();
        let sources = (0..loaded.journal.sources.len())
            .map(|i| SourceId(i as u32))
            .filter(|&id| is_formattable(&loaded, id))
            .collect();
        let layout = layout_for(&paths[0])?;
        return Ok(vec![Job {
            loaded,
            inputs,
            opts,
            sources,
            layout,
        }]);
    }
    a.paths
        .iter()
        .map(|f| {
            let inputs = vec![Input::Path(f.clone())];
            let loaded = load(&inputs, &opts);
            let first = SourceId(0);
            let readable = !loaded.journal.sources.is_empty()
                && loaded.journal.sources.get(first).path == *f
                && is_formattable(&loaded, first);
            if !readable {
                return Err(Failure::Journal(format!(
                    "error: cannot read {} as a UTF-8 journal file; nothing was formatted",
                    f.display()
                )));
            }
            Ok(Job {
                layout: layout_for(f)?,
                loaded,
                inputs,
                opts: opts.clone(),
                sources: vec![first],
            })
        })
        .collect()
}

/// The text read from standard input (the source named `-`).
fn stdin_text(loaded: &Loaded) -> String {
    loaded
        .journal
        .sources
        .iter()
        .find(|s| s.path.as_os_str() == "-")
        .map(|s| s.text.to_string())
        .unwrap_or_default()
}

/// Whether a source holds exactly the file's content (not a file that could not be read, nor
/// invalid UTF-8 shown with replacement characters).
fn is_formattable(loaded: &Loaded, id: SourceId) -> bool {
    let src = loaded.journal.sources.get(id);
    if src.path.as_os_str() == "-" {
        return !loaded
            .diagnostics
            .iter()
            .any(|d| d.span.source == id && d.code == arledger_journal::Code::Encoding);
    }
    std::fs::read(&src.path).is_ok_and(|bytes| bytes == src.text.as_bytes())
}

/// Says which files have entries left as written because they have errors.
fn warn_about_errors(job: &Job) {
    let j = &job.loaded.journal;
    for &id in &job.sources {
        let n = job
            .loaded
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && d.span.source == id)
            .count();
        if n > 0 {
            eprintln!(
                "arledger fmt: {}: {n} error{}; the entries with errors are left as written (see `arledger check`)",
                crate::render::terminal::visible(&j.sources.get(id).path.display().to_string()),
                if n == 1 { "" } else { "s" }
            );
        }
    }
}

fn changes(job: &Job) -> Vec<Change> {
    let j = &job.loaded.journal;
    job.sources
        .iter()
        .filter_map(|&id| {
            let src = j.sources.get(id);
            let text = format_source(&job.loaded, id, &job.layout);
            (text != *src.text).then(|| Change {
                source: id,
                path: src.path.clone(),
                text,
            })
        })
        .collect()
}

/// Reads the journal again with the formatted texts in place of the files and requires the
/// same meaning ([`meaning`]): a formatter bug must never reach the books.
fn prove_same_meaning(job: &Job, changes: &[Change]) -> Result<(), Failure> {
    if changes.is_empty() {
        return Ok(());
    }
    let mut overlay = Overlay::new();
    let mut inputs = job.inputs.clone();
    for c in changes {
        if c.path.as_os_str() == "-" {
            for input in &mut inputs {
                if let Input::Text { path, text } = input {
                    if path.as_os_str() == "-" {
                        *text = c.text.clone();
                    }
                }
            }
        } else if let Ok(canonical) = c.path.canonicalize() {
            overlay.set(canonical, c.text.clone());
        }
    }
    let after = load_from(Arc::new(overlay), &inputs, &job.opts);
    if meaning(&after) != meaning(&job.loaded) {
        return Err(Failure::Journal(
            "error: formatting would change what the journal means; nothing was written (this \
             is a bug in arledger fmt: please report it with the journal)"
                .into(),
        ));
    }
    Ok(())
}

/// Replaces one file with its formatted text, under its directory's lock, provided it still
/// holds what was read.
fn write(job: &Job, c: &Change) -> Result<(), Failure> {
    let failed = |e: crate::write::WriteError| Failure::Journal(format!("error: {e}"));
    let lock = DirLock::for_file(&c.path).map_err(failed)?;
    let read = job.loaded.journal.sources.get(c.source).text.as_bytes();
    replace(&lock, &c.path, read, c.text.as_bytes()).map_err(failed)
}
