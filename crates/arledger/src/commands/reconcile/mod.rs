//! `arledger reconcile`: the books against records kept by someone else.

pub mod bank;
mod control;
mod customer;
pub(crate) mod statement;

use crate::args::{Global, ReconcileArgs, ReconcileCommand};
use crate::Failure;

/// Runs a `reconcile` subcommand.
pub fn run(g: &Global, a: &ReconcileArgs, out: &mut String) -> Result<(), Failure> {
    match &a.command {
        ReconcileCommand::Bank(b) => bank::run(g, b, out),
        ReconcileCommand::Customer(c) => customer::run(g, c, out),
        ReconcileCommand::Control(c) => control::run(g, c, out),
    }
}
