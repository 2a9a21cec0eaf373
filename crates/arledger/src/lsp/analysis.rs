//! One journal as the editor shows it: read with the open documents' text in place of their
//! files, checked as `check` checks it, and (on the first request that needs them) its AR
//! items.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use arledger_journal::{
    load_from, ChunkCache, Diagnostic, Input, LoadOptions, Loaded, Overlay, SourceId,
};
use arledger_report::ar::{invoices, open_items, ArOptions, InvoiceRow, OpenItems, Selection};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use crate::config::Config;

/// What the server knows of the editor's set-up, fixed at start.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Accounts strictly below this one are customers.
    pub receivable_root: String,
    /// How journals are read (`today` also dates overdue amounts and statuses).
    pub options: LoadOptions,
}

/// Everything `check` reports for a journal read cleanly or not: the one check pipeline
/// (re-point it here if it moves).
fn check(g: &Config, loaded: &Loaded, root: &str) -> Vec<Diagnostic> {
    crate::checks::findings(g, loaded, root)
}

/// Files this large or larger are read in chunks kept from one reading to the next (smaller
/// ones are read whole in a few milliseconds).
const REUSE_FROM: usize = 256 << 10;

/// A journal read and checked.
pub struct Analysis {
    /// The journal's first file.
    pub root: PathBuf,
    /// The journal.
    pub loaded: Loaded,
    /// What `check` reports.
    pub diagnostics: Vec<Diagnostic>,
    /// The canonical path of each source.
    pub paths: Vec<PathBuf>,
    settings: Settings,
    ar: OnceLock<Ar>,
}

/// The AR items of a journal: from every transaction as written, with statuses and overdue
/// amounts at today.
pub struct Ar {
    /// The items.
    pub open: OpenItems,
    /// Per item (same index): its status and what was paid.
    pub rows: Vec<InvoiceRow>,
    /// Reference (`INV-1`) → the items named so (one per customer at most).
    pub by_reference: FxHashMap<String, Vec<usize>>,
}

impl Analysis {
    /// Reads the journal starting at `root` (with `files` in place of the disk, reusing the
    /// chunks of files `kept` holds from the last reading) and checks it.
    pub fn new(
        g: &Config,
        root: PathBuf,
        files: Arc<Overlay>,
        kept: &ChunkCache,
        settings: &Settings,
    ) -> Analysis {
        let options = LoadOptions {
            // Files from this size on are read in chunks, and an edit parses one chunk again.
            parallel_min: REUSE_FROM,
            reuse: Some(kept.clone()),
            ..settings.options.clone()
        };
        let loaded = load_from(files, &[Input::Path(root.clone())], &options);
        let diagnostics = check(g, &loaded, &settings.receivable_root);
        let paths = loaded
            .journal
            .sources
            .iter()
            .map(|s| std::fs::canonicalize(&s.path).unwrap_or_else(|_| s.path.clone()))
            .collect();
        Analysis {
            root,
            loaded,
            diagnostics,
            paths,
            settings: settings.clone(),
            ar: OnceLock::new(),
        }
    }

    /// The source read from `path` (canonical), if the journal reads it.
    pub fn source_of(&self, path: &Path) -> Option<SourceId> {
        self.paths
            .iter()
            .position(|p| p == path)
            .map(|i| SourceId(i as u32))
    }

    /// The date statuses and overdue amounts are shown at.
    pub fn today(&self) -> NaiveDate {
        self.settings.options.today
    }

    /// The AR items, built on first use.
    pub fn ar(&self) -> &Ar {
        self.ar.get_or_init(|| {
            let j = &self.loaded.journal;
            let mut open = open_items(
                j,
                &ArOptions {
                    root: self.settings.receivable_root.clone(),
                    as_of: NaiveDate::MAX,
                },
            );
            // Statuses and overdue amounts are at today; the items hold every transaction.
            open.as_of = self.today();
            let mut rows = invoices(j, &open, Selection::All, None);
            rows.sort_by_key(|r| r.item);
            let mut by_reference: FxHashMap<String, Vec<usize>> = FxHashMap::default();
            for (i, it) in open.items.iter().enumerate() {
                by_reference
                    .entry(it.reference(j).into_owned())
                    .or_default()
                    .push(i);
            }
            Ar {
                open,
                rows,
                by_reference,
            }
        })
    }
}
