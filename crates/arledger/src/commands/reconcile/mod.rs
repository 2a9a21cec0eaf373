//! `arledger reconcile`: the books against records kept by someone else.

mod bank;
mod statement;

use crate::args::{Global, ReconcileArgs, ReconcileCommand};
use crate::Failure;

/// Runs a `reconcile` subcommand.
pub fn run(g: &Global, a: &ReconcileArgs, out: &mut String) -> Result<(), Failure> {
    match &a.command {
        ReconcileCommand::Bank(b) => bank::run(g, b, out),
    }
}
