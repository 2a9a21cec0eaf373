//! `arledger print`: transactions back as normalised journal text.

use arledger_journal::print::print_journal;

use super::{query, require_format};
use crate::args::{FilterArgs, Format, Global};
use crate::input::journal_for_report;
use crate::Failure;

/// Runs `print`: every transaction with at least one posting matching the query.
pub fn run(g: &Global, a: &FilterArgs, out: &mut String) -> Result<(), Failure> {
    require_format(g.output, &[Format::Text], "print")?;
    let q = query(a)?;
    let loaded = journal_for_report(g)?;
    let j = &loaded.journal;
    let c = q.compile(j);
    // Transactions with a matching posting, and notes (no postings) the query selects.
    let mut txns = arledger_report::lists::selected(j, &c);
    txns.sort_by_key(|t| t.date);
    out.push_str(&print_journal(j, txns));
    Ok(())
}
