//! `arledger reconcile`: the books against records kept by someone else.

mod bank;
mod control;
mod customer;

use super::Output;
use crate::args::{ReconcileArgs, ReconcileCommand};
use crate::session::Session;
use crate::Failure;

/// Runs a `reconcile` subcommand.
pub fn run(s: &Session, a: &ReconcileArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let _g = &s.config;
    match &a.command {
        ReconcileCommand::Bank(b) => bank::run(s, b, o, out),
        ReconcileCommand::Customer(c) => customer::run(s, c, o, out),
        ReconcileCommand::Control(c) => control::run(s, c, o, out),
    }
}
