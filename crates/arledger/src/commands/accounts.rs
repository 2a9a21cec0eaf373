//! `arledger accounts`: account names, declared and used.

use arledger_report::Query;

use super::require_format;
use crate::args::{AccountsArgs, Format, Global};
use crate::input::journal_for_report;
use crate::Failure;

/// Runs `accounts`: names sorted, one per line.
pub fn run(g: &Global, a: &AccountsArgs, out: &mut String) -> Result<(), Failure> {
    require_format(g.output, &[Format::Text, Format::Json], "accounts")?;
    let q = Query::parse(&a.query).map_err(|e| Failure::Usage(e.to_string()))?;
    let loaded = journal_for_report(g)?;
    let j = &loaded.journal;
    let mut used = vec![false; j.accounts.len()];
    for p in j.transactions.iter().flat_map(|t| j.postings_of(t)) {
        used[p.account.index()] = true;
    }
    let c = q.compile(j);
    let mut names: Vec<&str> = j
        .accounts
        .iter()
        .filter(|(id, _)| {
            let declared = j.account_info[id.index()].declared.is_some();
            let used = used[id.index()];
            let listed = match (a.declared, a.used) {
                (true, _) => declared,
                (_, true) => used,
                _ => declared || used,
            };
            listed && c.matches_account(*id)
        })
        .map(|(_, n)| n)
        .collect();
    names.sort_unstable();
    super::emit_names(g.output, "account", &names, out);
    Ok(())
}
