//! `cargo run -p xtask -- gen-journal -n 1000000 --seed 42 -o ar-1m.journal`: the benchmark
//! books, generated deterministically by the repository's own code (bench/compare.sh and
//! docs/performance.md use it).

mod journal;
mod rng;

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Developer tasks.
#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Write an accounts-receivable benchmark journal (ledger 3.3 / hledger 1.25 syntax).
    GenJournal {
        /// Number of transactions.
        #[arg(short = 'n', default_value_t = 10_000)]
        n: usize,
        /// Seed: the same seed and n give byte-identical books.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Output file (default: standard output).
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
}

fn main() -> std::io::Result<()> {
    match Cli::parse().task {
        Task::GenJournal { n, seed, output } => {
            let books = journal::generate(n.max(1), seed);
            let sink: Box<dyn Write> = match output {
                Some(path) => Box::new(std::fs::File::create(path)?),
                None => Box::new(std::io::stdout().lock()),
            };
            let mut out = BufWriter::with_capacity(1 << 20, sink);
            journal::write_ledger(&mut out, n, seed, &books)?;
            out.flush()
        }
    }
}
