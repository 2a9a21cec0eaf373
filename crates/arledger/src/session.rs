//! One run of arledger: its validated [`Config`] and the books, read at most once and let
//! through the one "stop on errors" gate ([`crate::input::stop_on_errors`]).
//!
//! Commands ask the session for what they read — the books as they are ([`Session::read`],
//! for `check` and `close`, which report errors themselves), the books for a report
//! ([`Session::journal`]) or the books with their open items ([`Session::receivables`]) — and
//! never load a journal themselves, so every report of a run sees the same books and stops at
//! the same gate. A command that writes takes the writers' lock through
//! [`Session::lock_for_writing`], which drops whatever was read before it: what is written is
//! always decided on books read under the lock.

use std::cell::OnceCell;

use arledger_journal::{Diagnostic, Loaded};
use arledger_report::ar::OpenItems;
use chrono::NaiveDate;

use crate::args::ArArgs;
use crate::config::Config;
use crate::input::stop_on_errors;
use crate::write::DirLock;
use crate::Failure;

/// A run: its configuration and, once asked for, its books.
pub struct Session {
    /// The validated configuration of the run.
    pub config: Config,
    /// The books as read (errors included), read on first use.
    books: OnceCell<Loaded>,
    /// Sums that would overflow (`check_totals`), found on first use by a report.
    totals: OnceCell<Vec<Diagnostic>>,
    /// The open items built for the run's reports: kept with the books, and like them left
    /// to the end of the process rather than freed item by item (`main` forgets the session;
    /// freeing the 547,000 items of the 1M benchmark book took 16 ms of `aging`'s 0.94 s).
    items: typed_arena::Arena<OpenItems>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("config", &self.config)
            .field("books", &self.books)
            .field("totals", &self.totals)
            .field("items", &self.items.len())
            .finish()
    }
}

impl Session {
    /// A run with configuration `config`; nothing is read yet.
    pub fn new(config: Config) -> Session {
        Session {
            config,
            books: OnceCell::new(),
            totals: OnceCell::new(),
            items: typed_arena::Arena::new(),
        }
    }

    /// The books as read, with every diagnostic the loader found (reading them on first use):
    /// for the commands that report errors themselves (`check`, `close`).
    pub fn read(&self) -> Result<&Loaded, Failure> {
        if let Some(books) = self.books.get() {
            return Ok(books);
        }
        let books = crate::input::read(&self.config)?;
        Ok(self.books.get_or_init(|| books))
    }

    /// The books for a report, past the gate: the loader's errors and sums that would overflow
    /// (as `check` reports them) stop the run, so every total a report computes is exact.
    pub fn journal(&self) -> Result<&Loaded, Failure> {
        let books = self.read()?;
        let totals = self.totals.get_or_init(|| {
            if books.has_errors() {
                Vec::new()
            } else {
                arledger_journal::strict::check_totals(&books.journal)
            }
        });
        let found = books.diagnostics.iter().chain(totals).cloned().collect();
        stop_on_errors(&self.config, books, found)?;
        Ok(books)
    }

    /// The books and their open items at the report date of `a` (`--date`, else today), past
    /// the gate with the AR errors `check` reports too.
    pub fn receivables(&self, a: &ArArgs) -> Result<(&Loaded, &OpenItems), Failure> {
        let as_of = match &a.date {
            Some(d) => crate::input::end_date(&self.config, d)?,
            None => self.config.today,
        };
        self.receivables_at(&a.receivable_root, as_of)
    }

    /// The books and their open items under `root` at `as_of`, past the gate with the AR
    /// errors of that reading.
    pub fn receivables_at(
        &self,
        root: &str,
        as_of: NaiveDate,
    ) -> Result<(&Loaded, &OpenItems), Failure> {
        let books = self.journal()?;
        let ar = crate::receivables::items_at(&self.config, books, root, as_of)?;
        Ok((books, self.items.alloc(ar)))
    }

    /// The same run reading the books as they were at git revision `rev` (`None`: as they are
    /// in the working tree), for `diff`, which compares two readings through the same gate.
    pub fn at(&self, rev: Option<&str>) -> Session {
        Session::new(Config {
            rev: rev.map(str::to_string),
            ..self.config.clone()
        })
    }

    /// Takes the writers' lock of the books' directory, held until the returned guard drops,
    /// and forgets the books read so far: what a writer reads next is read under the lock, so
    /// no other arledger can write between that read and this run's write
    /// (docs/reliability.md).
    pub fn lock_for_writing(&mut self) -> Result<DirLock, Failure> {
        let lock = crate::input::lock_books(&self.config)?;
        self.books = OnceCell::new();
        self.totals = OnceCell::new();
        Ok(lock)
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::args::Cli;

    const BOOKS: &str = "account Assets:Receivable:Acme  ; customer: Acme Corp\n\n\
        2026-01-05 * (INV-1) Acme Corp | Work\n    Assets:Receivable:Acme  100.00 USD\n    Income:Services\n";

    fn session(file: &std::path::Path) -> Session {
        let cli = Cli::try_parse_from(["arledger", "-f", file.to_str().unwrap(), "balance"]);
        Session::new(Config::new(&cli.unwrap()).unwrap())
    }

    #[test]
    fn every_question_of_a_run_is_answered_from_one_reading() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("books.journal");
        std::fs::write(&file, BOOKS).unwrap();
        let s = session(&file);
        let read = s.read().unwrap();
        // Changed on disk after the first read: the run goes on with the books it read.
        std::fs::write(&file, format!("{BOOKS}garbage\n")).unwrap();
        let report = s.journal().unwrap();
        let (ar_books, ar) = s
            .receivables_at("Assets:Receivable", NaiveDate::MAX)
            .unwrap();
        assert!(std::ptr::eq(read, report) && std::ptr::eq(read, ar_books));
        assert_eq!(ar.items.len(), 1);
    }

    #[test]
    fn a_writer_decides_on_books_read_under_its_lock() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("books.journal");
        std::fs::write(&file, BOOKS).unwrap();
        let mut s = session(&file);
        assert_eq!(s.read().unwrap().journal.transactions.len(), 1);
        std::fs::write(
            &file,
            format!("{BOOKS}\n2026-01-06 * x\n    a  1 USD\n    b\n"),
        )
        .unwrap();
        let _lock = s.lock_for_writing().unwrap();
        assert_eq!(s.read().unwrap().journal.transactions.len(), 2);
    }

    #[test]
    fn reports_stop_at_the_gate_and_check_reads_past_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("books.journal");
        std::fs::write(
            &file,
            format!("{BOOKS}\n2026-01-06 * x\n    a  1 USD\n    b  2 USD\n"),
        )
        .unwrap();
        let s = session(&file);
        match s.journal() {
            Err(Failure::Journal(m)) => assert!(
                m.ends_with("1 error found; fix the journal (see `arledger check`)"),
                "{m}"
            ),
            other => panic!("expected the gate to stop the report, got {other:?}"),
        }
        assert!(s.read().unwrap().has_errors());
    }
}
