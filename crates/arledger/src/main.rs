//! `arledger`: the command-line interface. The only crate that touches the terminal.

mod args;
mod checks;
mod commands;
mod dunning_config;
mod entries;
mod git;
mod input;
mod lsp;
mod render;
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

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let mut out = String::new();
    let result = commands::run(&cli, &mut out);
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
