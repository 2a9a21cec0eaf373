//! `arledger descriptions`: the transaction descriptions.

use arledger_report::lists::descriptions;

use super::{query, Output};
use crate::args::DescriptionsArgs;
use crate::config::Config;
use crate::input::journal_for_report;
use crate::Failure;

/// Runs `descriptions`: sorted, without repeats, one per line.
pub fn run(g: &Config, a: &DescriptionsArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let q = query(g, &a.filter)?;
    let loaded = journal_for_report(g)?;
    let j = &loaded.journal;
    let names = descriptions(j, &super::compile(&q, j)?);
    out.push_str(&o.names("description", &names));
    Ok(())
}
