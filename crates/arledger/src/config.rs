//! The validated configuration of one run, built once in `main` from the command line and the
//! clock: every command reads today, the load options, the output and the colour from here, so
//! they are read (and their errors reported) once, and every part of a run agrees on them.

use std::path::PathBuf;

use arledger_journal::LoadOptions;
use chrono::NaiveDate;

use crate::args::{Cli, ColorChoice, ValuationFlag};
use crate::commands::Output;
use crate::Failure;

/// What a run works with, validated.
#[derive(Clone, Debug)]
pub struct Config {
    /// The journal files named with `-f` (none: `$ARLEDGER_FILE`, then `$LEDGER_FILE`; see
    /// [`crate::input::journal_paths`]).
    pub files: Vec<PathBuf>,
    /// The git revision the books are read at (`--rev`), if any.
    pub rev: Option<String>,
    /// Today: `--today`, else the clock's date, read once. Relative dates (`yesterday`, `last
    /// month`, `q1`) in every date and period option are read from it.
    pub today: NaiveDate,
    /// How the journal is read (`--auto`, `--no-include-outside`, today).
    pub load: LoadOptions,
    /// When to colour messages.
    pub color: ColorChoice,
    /// The valuation asked for (`-B`, `-V`, `-X`, `--value`), before its commodity is looked
    /// up in the journal.
    pub valuation: Option<ValuationFlag>,
    /// The command's output: format (`-O`, or the extension of `-o FILE`) and file.
    pub output: Output,
}

impl Config {
    /// Validates the command line: a bad `--today`, valuation or output format is a usage
    /// error here, before anything is read.
    pub fn new(cli: &Cli) -> Result<Config, Failure> {
        let g = &cli.global;
        let clock = chrono::Local::now().date_naive();
        let today = match &g.today {
            Some(t) => arledger_report::parse_date_arg(t, clock)
                .map_err(|e| Failure::Usage(e.to_string()))?,
            None => clock,
        };
        let valuation = g.valuation().map_err(Failure::Usage)?;
        Ok(Config {
            files: g.files.clone(),
            rev: g.rev.clone(),
            today,
            load: LoadOptions {
                no_include_outside: g.no_include_outside,
                auto: g.auto,
                ..LoadOptions::at(today)
            },
            color: g.color,
            valuation,
            output: crate::commands::output(&cli.command)?,
        })
    }
}
