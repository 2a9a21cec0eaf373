//! `arledger commodities`: the commodity symbols used or declared.

use super::require_format;
use crate::args::{Format, Global};
use crate::input::journal_for_report;
use crate::Failure;

/// Runs `commodities`: symbols sorted, one per line.
pub fn run(g: &Global, out: &mut String) -> Result<(), Failure> {
    require_format(g.output, &[Format::Text, Format::Json], "commodities")?;
    let loaded = journal_for_report(g)?;
    let j = &loaded.journal;
    let mut names: Vec<&str> = j
        .commodities
        .iter()
        .map(|(_, n)| n)
        .filter(|n| !n.is_empty())
        .collect();
    names.sort_unstable();
    super::emit_names(g.output, "commodity", &names, out);
    Ok(())
}
