//! `arledger reconcile`: the books against records kept by someone else.

mod bank;
mod control;
mod customer;

use super::Output;
use crate::args::{ReconcileArgs, ReconcileCommand};
use crate::config::Config;
use crate::Failure;

/// Runs a `reconcile` subcommand.
pub fn run(g: &Config, a: &ReconcileArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    match &a.command {
        ReconcileCommand::Bank(b) => bank::run(g, b, o, out),
        ReconcileCommand::Customer(c) => customer::run(g, c, o, out),
        ReconcileCommand::Control(c) => control::run(g, c, o, out),
    }
}
