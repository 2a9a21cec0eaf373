//! `arledger commodities`: the commodity symbols used or declared.

use super::Output;
use crate::config::Config;
use crate::input::journal_for_report;
use crate::Failure;

/// Runs `commodities`: symbols sorted, one per line.
pub fn run(g: &Config, o: &Output, out: &mut String) -> Result<(), Failure> {
    let loaded = journal_for_report(g)?;
    let j = &loaded.journal;
    let mut names: Vec<&str> = j
        .commodities
        .iter()
        .map(|(_, n)| n)
        .filter(|n| !n.is_empty())
        .collect();
    names.sort_unstable();
    out.push_str(&o.names("commodity", &names));
    Ok(())
}
