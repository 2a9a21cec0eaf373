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
    let mut txns: Vec<_> = j
        .transactions
        .iter()
        .filter(|t| {
            let postings = j.postings_of(t);
            postings.iter().any(|p| c.matches_posting(j, t, p))
                || (postings.is_empty() && c.matches_note(j, t))
        })
        .collect();
    txns.sort_by_key(|t| t.date);
    out.push_str(&print_journal(j, txns));
    Ok(())
}
