//! `arledger codes`: the transaction codes.

use arledger_report::lists::codes;

use super::{query, require_format, NAME_FORMATS};
use crate::args::{CodesArgs, Global};
use crate::input::journal_for_report;
use crate::Failure;

/// Runs `codes`: in date order, repeats kept, one per line.
pub fn run(g: &Global, a: &CodesArgs, out: &mut String) -> Result<(), Failure> {
    require_format(g.output, NAME_FORMATS, "codes")?;
    let q = query(&a.filter)?;
    let loaded = journal_for_report(g)?;
    let j = &loaded.journal;
    let names = codes(j, &q.compile(j), a.empty);
    super::emit_names(g.output, "code", &names, out);
    Ok(())
}
