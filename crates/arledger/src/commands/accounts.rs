//! `arledger accounts`: account names, declared and used.

use arledger_journal::query::clip_account;
use arledger_report::Query;

use super::Output;
use crate::args::AccountsArgs;
use crate::session::Session;
use crate::Failure;

/// Runs `accounts`: names sorted, one per line.
pub fn run(s: &Session, a: &AccountsArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let g = &s.config;
    let q = Query::parse_at(&a.query, g.today).map_err(|e| Failure::Usage(e.to_string()))?;
    let loaded = s.journal()?;
    let j = &loaded.journal;
    let c = super::compile(&q, j)?;
    // As in hledger: a declared account is listed when the query's account terms select it, a
    // used one when a posting to it matches the whole query.
    let mut used = vec![false; j.accounts.len()];
    for t in &j.transactions {
        for p in j.postings_of(t) {
            if c.matches_posting(j, t, p) {
                used[p.account.index()] = true;
            }
        }
    }
    let mut names: Vec<&str> = j
        .accounts
        .iter()
        .filter(|(id, _)| {
            let declared =
                j.account_info[id.index()].declared.is_some() && c.matches_account(j, *id);
            let used = used[id.index()];
            match (a.declared, a.used) {
                (true, _) => declared,
                (_, true) => used,
                _ => declared || used,
            }
        })
        .map(|(_, n)| q.depth().map_or(n, |d| clip_account(n, d)))
        .filter(|n| !n.is_empty())
        .collect();
    names.sort_unstable();
    // `depth:` cuts names, which can make two the same.
    names.dedup();
    out.push_str(&o.names("account", &names));
    Ok(())
}
