//! `arledger descriptions`: the transaction descriptions.

use arledger_report::lists::descriptions;

use super::{query, require_format, NAME_FORMATS};
use crate::args::{FilterArgs, Global};
use crate::input::journal_for_report;
use crate::Failure;

/// Runs `descriptions`: sorted, without repeats, one per line.
pub fn run(g: &Global, a: &FilterArgs, out: &mut String) -> Result<(), Failure> {
    require_format(g.output, NAME_FORMATS, "descriptions")?;
    let q = query(a)?;
    let loaded = journal_for_report(g)?;
    let j = &loaded.journal;
    let names = descriptions(j, &q.compile(j));
    super::emit_names(g.output, "description", &names, out);
    Ok(())
}
