//! `arledger`: the command-line interface. The only crate that touches the terminal.

mod aging_tables;
mod allowance_config;
mod args;
mod bank_statement;
mod books_config;
mod checks;
mod color;
mod commands;
mod config;
mod documents;
mod dunning_config;
mod entries;
mod fmt_config;
mod git;
mod history_tables;
mod import_ids;
mod input;
mod lsp;
mod mail;
mod progress;
mod receivables;
mod render;
mod session;
mod write;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

/// Why a command did not succeed, and so its exit status.
#[derive(Debug)]
pub enum Failure {
    /// Bad command line (exit 2).
    Usage(String),
    /// The journal has errors, already rendered (exit 1).
    Journal(String),
    /// The command found what it checks for (e.g. `check` found errors), output already written (exit 1).
    Found,
}

impl Failure {
    /// A report's arithmetic overflowed: a journal error, explained.
    pub fn overflow(e: arledger_report::Overflow) -> Failure {
        Failure::Journal(format!("error: {e}"))
    }
}

fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match args::Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(e) => return clap_message(&e, color::from_args(&argv)),
    };
    let mut out = String::new();
    let result = config::Config::new(&cli).and_then(|config| {
        let mut session = session::Session::new(config);
        let result = commands::run(&cli, &mut session, &mut out);
        // The books may take hundreds of megabytes: freeing them piece by piece just before
        // the process ends costs tens of milliseconds, and the system takes the memory back
        // at once anyway.
        std::mem::forget(session);
        result
    });
    let stdout = std::io::stdout();
    let shown = render::terminal::for_terminal(&out, stdout.is_terminal());
    if let Err(e) = stdout.lock().write_all(shown.as_bytes()) {
        // A closed pipe (`arledger bal | head`) is not an error worth a message.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("arledger: cannot write output: {e}");
            return ExitCode::from(1);
        }
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(msg)) => {
            eprintln!("arledger: {}", render::terminal::visible_text(&msg));
            ExitCode::from(2)
        }
        Err(Failure::Journal(msg)) => {
            eprint!("{msg}");
            if !msg.ends_with('\n') {
                eprintln!();
            }
            ExitCode::from(1)
        }
        Err(Failure::Found) => ExitCode::from(1),
    }
}

/// Prints clap's message (a usage error on standard error, exit 2; help or version on
/// standard output, exit 0), coloured as `--color` and the environment decide for its stream.
fn clap_message(e: &clap::Error, choice: args::ColorChoice) -> ExitCode {
    let styled = e.render();
    let result = if e.use_stderr() {
        let text = match color::on_stderr(choice) {
            true => styled.ansi().to_string(),
            false => styled.to_string(),
        };
        std::io::stderr().write_all(text.as_bytes())
    } else {
        let text = match color::enabled(choice, &std::io::stdout()) {
            true => styled.ansi().to_string(),
            false => styled.to_string(),
        };
        std::io::stdout().write_all(text.as_bytes())
    };
    // Help cut short by a closed pipe (`arledger --help | head`) is not an error either.
    drop(result);
    ExitCode::from(if e.use_stderr() { 2 } else { 0 })
}
