//! `arledger print`: transactions back as normalised journal text.

use arledger_journal::print::print_journal;

use super::{query, require_format};
use crate::args::{FilterArgs, Format, Global};
use crate::input::journal_for_report;
use crate::Failure;

/// Runs `print`: every transaction the query selects (as in hledger: account, amount and
/// commodity terms match when one of its postings does).
pub fn run(g: &Global, a: &FilterArgs, out: &mut String) -> Result<(), Failure> {
    require_format(g.output, &[Format::Text], "print")?;
    let q = query(a)?;
    let loaded = journal_for_report(g)?;
    let j = &loaded.journal;
    let c = super::compile(&q, j)?;
    let mut txns: Vec<_> = j
        .transactions
        .iter()
        .filter(|t| c.matches_transaction(j, t))
        .collect();
    txns.sort_by_key(|t| t.date);
    out.push_str(&print_journal(j, txns));
    Ok(())
}
