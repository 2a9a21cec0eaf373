//! `arledger codes`: the transaction codes.

use arledger_report::lists::codes;

use super::{query, Output};
use crate::args::CodesArgs;
use crate::config::Config;
use crate::input::journal_for_report;
use crate::Failure;

/// Runs `codes`: in date order, repeats kept, one per line.
pub fn run(g: &Config, a: &CodesArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let q = query(g, &a.filter)?;
    let loaded = journal_for_report(g)?;
    let j = &loaded.journal;
    let names = codes(j, &super::compile(&q, j)?, a.empty);
    out.push_str(&o.names("code", &names));
    Ok(())
}
