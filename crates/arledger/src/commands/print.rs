//! `arledger print`: transactions back as normalised journal text.

use arledger_journal::print::print_journal;

use super::query;
use crate::args::PrintArgs;
use crate::session::Session;
use crate::Failure;

/// Runs `print`: every transaction the query selects (as in hledger: account, amount and
/// commodity terms match when one of its postings does; notes by their other terms).
pub fn run(s: &Session, a: &PrintArgs, out: &mut String) -> Result<(), Failure> {
    let g = &s.config;
    let q = query(g, &a.filter)?;
    let loaded = s.journal()?;
    let j = &loaded.journal;
    let c = super::compile(&q, j)?;
    let mut txns = arledger_report::lists::selected(j, &c);
    txns.sort_by_key(|t| t.date);
    out.push_str(&print_journal(j, txns));
    Ok(())
}
