//! One module per command; each turns validated options into report data and renders it.

mod accounts;
mod aging;
mod ar;
mod balance;
mod check;
mod commodities;
mod print;
mod register;
mod stats;

use arledger_report::{parse_date_arg, parse_period, Period, Query};

use crate::args::{Cli, Command, FilterArgs, Format};
use crate::Failure;

/// Runs the command of `cli`, appending its standard output to `out`.
pub fn run(cli: &Cli, out: &mut String) -> Result<(), Failure> {
    let g = &cli.global;
    match &cli.command {
        Command::Check(a) => check::run(g, a, out),
        Command::Balance(a) => balance::run(g, a, out),
        Command::Register(a) => register::run(g, a, out),
        Command::Print(a) => print::run(g, a, out),
        Command::Accounts(a) => accounts::run(g, a, out),
        Command::Commodities => commodities::run(g, out),
        Command::Aging(a) => aging::run(g, a, out),
        Command::Stats => stats::run(g, out),
    }
}

/// Builds the shared query from the filter flags and terms.
pub fn query(f: &FilterArgs) -> Result<Query, Failure> {
    let usage = |e: &dyn std::fmt::Display| Failure::Usage(e.to_string());
    let mut q = Query::parse(&f.query).map_err(|e| usage(&e))?;
    let mut period = Period::default();
    if let Some(b) = &f.begin {
        period.begin = Some(parse_date_arg(b).map_err(|e| usage(&e))?);
    }
    if let Some(e) = &f.end {
        period.end = Some(parse_date_arg(e).map_err(|e| usage(&e))?);
    }
    if let Some(p) = &f.period {
        period = period.and(parse_period(p).map_err(|e| usage(&e))?);
    }
    q = q.within(period);
    use arledger_journal::Status;
    for (on, s) in [
        (f.cleared, Status::Cleared),
        (f.pending, Status::Pending),
        (f.unmarked, Status::Unmarked),
    ] {
        if on {
            q.statuses.push(s);
        }
    }
    q.real_only = f.real;
    Ok(q)
}

/// Fails with a usage error when a command does not offer the requested output format.
pub fn require_format(format: Format, allowed: &[Format], command: &str) -> Result<(), Failure> {
    if allowed.contains(&format) {
        Ok(())
    } else {
        let names: Vec<String> = allowed
            .iter()
            .map(|f| format!("{f:?}").to_lowercase())
            .collect();
        Err(Failure::Usage(format!(
            "`{command}` supports -O {}",
            names.join("|")
        )))
    }
}

/// A report's arithmetic overflowed: a journal error, explained.
pub fn overflow(e: arledger_report::Overflow) -> Failure {
    Failure::Journal(format!("error: {e}"))
}
