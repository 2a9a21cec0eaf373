//! Finding and loading the journal files named on the command line, and reporting problems.

use std::io::Read;
use std::path::PathBuf;

use arledger_journal::{load, Diagnostic, Input, LoadOptions, Loaded};
use arledger_report::reconcile::statement_file::Inputs;
use rayon::prelude::*;

use crate::args::{ColorChoice, ErrorFormat};
use crate::config::Config;
use crate::progress::{Bar, Unit};
use crate::render::diagnostics::{self, Style};
use crate::write::append::{append, Addition, AppendError, Books};
use crate::write::DirLock;
use crate::Failure;

/// The files to read: `-f` flags, else `$ARLEDGER_FILE`, else `$LEDGER_FILE`.
pub fn journal_paths(global: &Config) -> Result<Vec<PathBuf>, Failure> {
    if !global.files.is_empty() {
        return Ok(global.files.clone());
    }
    for var in ["ARLEDGER_FILE", "LEDGER_FILE"] {
        if let Some(v) = std::env::var_os(var).filter(|v| !v.is_empty()) {
            return Ok(vec![PathBuf::from(v)]);
        }
    }
    Err(Failure::Usage(
        "no journal file given: use -f FILE, or set ARLEDGER_FILE or LEDGER_FILE".into(),
    ))
}

/// Reads a date option (`-b`, `-e`, `--from`, `add --date`): the first day it names.
pub fn date(global: &Config, text: &str) -> Result<chrono::NaiveDate, Failure> {
    arledger_report::parse_date_arg(text, global.today).map_err(|e| Failure::Usage(e.to_string()))
}

/// Reads an inclusive end date option (`--date`, `--to`): the last day it names.
pub fn end_date(global: &Config, text: &str) -> Result<chrono::NaiveDate, Failure> {
    arledger_report::parse_end_date_arg(text, global.today)
        .map_err(|e| Failure::Usage(e.to_string()))
}

/// Reads a period option (`-p`): its dates and report interval.
pub fn period(global: &Config, text: &str) -> Result<arledger_report::PeriodExpr, Failure> {
    arledger_report::period::parse_period_expr(text, global.today)
        .map_err(|e| Failure::Usage(e.to_string()))
}

/// Reads every journal file (and their includes), as they are or, with `--rev`, as they were
/// at that revision.
pub fn read(global: &Config) -> Result<Loaded, Failure> {
    match &global.rev {
        Some(rev) => read_at(global, rev),
        None => read_working_tree(global),
    }
}

/// Reads the journal files as they were at git revision `rev`.
pub fn read_at(global: &Config, rev: &str) -> Result<Loaded, Failure> {
    let paths = journal_paths(global)?;
    if paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(Failure::Usage("--rev cannot read standard input".into()));
    }
    let repo = crate::git::repository_of(&paths[0]).ok_or_else(|| {
        Failure::Usage(format!(
            "{} is not in a git repository (or git is not installed): --rev needs one",
            paths[0].display()
        ))
    })?;
    let snapshot = crate::git::Snapshot::export(&repo, rev)
        .map_err(|e| Failure::Usage(format!("{e} in {}", repo.display())))?;
    if let Some(missing) = paths.iter().find(|p| !snapshot.has(p)) {
        return Err(Failure::Usage(format!(
            "{} did not exist at revision {rev}",
            missing.display()
        )));
    }
    loading(global, |opts| snapshot.load(&paths, opts))
}

/// Runs `load` with the global load options and a progress bar for it (shown on a terminal
/// when reading takes a while; see [`crate::progress`]).
fn loading(global: &Config, load: impl FnOnce(&LoadOptions) -> Loaded) -> Result<Loaded, Failure> {
    let bar = Bar::stderr("Reading the journal", Unit::Bytes);
    let opts = LoadOptions {
        progress: Some(bar.loader_hook()),
        ..global.load.clone()
    };
    let loaded = load(&opts);
    bar.finish();
    Ok(loaded)
}

/// Reads the journal files as they are on disk (or standard input).
pub fn read_working_tree(global: &Config) -> Result<Loaded, Failure> {
    let paths = journal_paths(global)?;
    let mut inputs = Vec::with_capacity(paths.len());
    for p in paths {
        if p.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::Usage(format!("cannot read standard input: {e}")))?;
            // Checked for UTF-8 by the loader, as files are: an E0002 error at the bad byte.
            inputs.push(Input::Bytes {
                path: PathBuf::from("-"),
                bytes,
            });
        } else {
            inputs.push(Input::Path(p));
        }
    }
    loading(global, |opts| load(&inputs, opts))
}

/// Whether to color diagnostics on standard error (see [`crate::color`]).
pub fn style(choice: ColorChoice) -> Style {
    Style {
        color: crate::color::on_stderr(choice),
    }
}

/// Renders diagnostics in the requested format.
pub fn render_diagnostics(
    loaded: &Loaded,
    diags: &[Diagnostic],
    format: ErrorFormat,
    style: Style,
) -> String {
    let sources = &loaded.journal.sources;
    match format {
        // Rendered on all cores: large books can have thousands of warnings.
        ErrorFormat::Human => diags
            .par_iter()
            .map(|d| diagnostics::human(d, sources, style))
            .collect::<Vec<_>>()
            .join("\n"),
        ErrorFormat::Json => diagnostics::json(diags, sources),
        ErrorFormat::Github => diags
            .iter()
            .map(|d| diagnostics::github(d, sources))
            .collect(),
    }
}

/// The one "stop on errors" gate of every report: a report never shows a number from books in
/// which `check` finds an error in what the report reads (the loader's errors and overflowing
/// sums; for the AR reports also the AR rules' errors, see [`crate::receivables`]). With any
/// error among `found`, it fails with all of `found` rendered as `check` renders them, in file
/// order, and the count of errors; the report writes nothing. Warnings alone never stop a
/// report.
pub fn stop_on_errors(
    global: &Config,
    loaded: &Loaded,
    mut found: Vec<Diagnostic>,
) -> Result<(), Failure> {
    let n = found.iter().filter(|d| d.is_error()).count();
    if n == 0 {
        return Ok(());
    }
    found.sort_by_key(|d| (d.span.source, d.span.start));
    let text = render_diagnostics(loaded, &found, ErrorFormat::Human, style(global.color));
    let (at, check) = match &global.rev {
        Some(rev) => (
            format!(" at revision {rev}"),
            format!("arledger check --rev {rev}"),
        ),
        None => (String::new(), "arledger check".to_string()),
    };
    Err(Failure::Journal(format!(
        "{text}\n{n} error{} found{at}; fix the journal (see `{check}`)",
        if n == 1 { "" } else { "s" }
    )))
}

/// Takes the writers' lock of the first journal file's directory, before the books are read:
/// held until the command ends, so that no other arledger writes between this one's read and
/// its write (docs/reliability.md).
pub fn lock_books(global: &Config) -> Result<DirLock, Failure> {
    if global.rev.is_some() {
        return Err(Failure::Usage(
            "--rev reads the books as they were; a command that writes them cannot take it".into(),
        ));
    }
    let path = journal_paths(global)?
        .into_iter()
        .next()
        .filter(|p| p.as_os_str() != "-")
        .ok_or_else(|| {
            Failure::Usage(
                "arledger appends to the first journal file; standard input cannot take it".into(),
            )
        })?;
    DirLock::for_file(&path).map_err(|e| Failure::Journal(format!("error: {e}")))
}

/// Appends `addition` to the first journal file (read into `loaded` under `lock`), so that it
/// reads back exactly as meant and the books stay free of errors (`validate`: what `check`
/// reports beyond the loader); otherwise nothing is written. Returns the file's path.
pub fn append_to_journal(
    global: &Config,
    lock: &DirLock,
    loaded: &Loaded,
    addition: &Addition,
    validate: &dyn Fn(&Loaded) -> Vec<Diagnostic>,
) -> Result<PathBuf, Failure> {
    let inputs = journal_paths(global)?
        .into_iter()
        .map(Input::Path)
        .collect();
    let books = Books {
        inputs,
        options: global.load.clone(),
        validate,
    };
    append(lock, &books, loaded, addition).map_err(|e| match e {
        AppendError::Write(e) => Failure::Journal(format!("error: {e}")),
        AppendError::Invalid { books, errors } => {
            let text = render_diagnostics(&books, &errors, ErrorFormat::Human, style(global.color));
            Failure::Journal(format!(
                "{text}\nerror: nothing was written: with the new entries the books would have \
                 the error{} above",
                if errors.len() == 1 { "" } else { "s" }
            ))
        }
        AppendError::Misread {
            path,
            why,
            restored,
        } => Failure::Journal(format!(
            "error: {}: {why}{}",
            path.display(),
            if restored {
                "; the file was put back as it was"
            } else {
                "; nothing was written (is an `alias` or `decimal-mark` in force at its end?)"
            }
        )),
    })
}

/// Fails with the problems of `inputs` (in file order), rendered like journal errors, saying
/// `consequence` after their count.
pub fn fail_with(
    g: &Config,
    inputs: &Inputs,
    what: &str,
    consequence: &str,
) -> Result<(), Failure> {
    if inputs.diagnostics.is_empty() {
        return Ok(());
    }
    let mut sorted: Vec<&Diagnostic> = inputs.diagnostics.iter().collect();
    sorted.sort_by_key(|d| (d.span.source, d.span.start));
    let text: Vec<String> = sorted
        .iter()
        .map(|d| diagnostics::human(d, &inputs.sources, style(g.color)))
        .collect();
    let n = inputs.diagnostics.len();
    Err(Failure::Journal(format!(
        "{}\n{n} error{} in the {what}; {consequence}",
        text.join("\n"),
        if n == 1 { "" } else { "s" }
    )))
}

/// The first and last day of a period argument (both needed).
pub fn period_bounds(
    g: &Config,
    text: &str,
) -> Result<(chrono::NaiveDate, chrono::NaiveDate), Failure> {
    let p = period(g, text)?.period;
    match (p.begin, p.end.and_then(|e| e.pred_opt())) {
        (Some(first), Some(last)) if first <= last => Ok((first, last)),
        _ => Err(Failure::Usage(format!(
            "the period `{text}` needs a start and an end (a month like 2026-01, a quarter, a year, or A..B)"
        ))),
    }
}
