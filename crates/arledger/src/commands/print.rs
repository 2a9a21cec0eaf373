//! `arledger print`: transactions back as normalised journal text.

use arledger_journal::print::print_journal;

use super::query;
use crate::args::{Global, PrintArgs};
use crate::input::journal_for_report;
use crate::Failure;

/// Runs `print`: every transaction with at least one posting matching the query.
pub fn run(g: &Global, a: &PrintArgs, out: &mut String) -> Result<(), Failure> {
    let q = query(&a.filter)?;
    let loaded = journal_for_report(g)?;
    let j = &loaded.journal;
    let c = q.compile(j);
    // Transactions with a matching posting, and notes (no postings) the query selects.
    let mut txns = arledger_report::lists::selected(j, &c);
    txns.sort_by_key(|t| t.date);
    out.push_str(&print_journal(j, txns));
    Ok(())
}
