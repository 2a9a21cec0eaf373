//! `arledger payees`: payee names, declared and used.

use arledger_report::lists::{payees, PayeeSource};

use super::{query, Output};
use crate::args::PayeesArgs;
use crate::session::Session;
use crate::Failure;

/// Runs `payees`: names sorted, one per line.
pub fn run(s: &Session, a: &PayeesArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let g = &s.config;
    let q = query(g, &a.filter)?;
    let loaded = s.journal()?;
    let source = match (a.declared, a.used) {
        (true, _) => PayeeSource::Declared,
        (_, true) => PayeeSource::Used,
        _ => PayeeSource::Both,
    };
    let c = super::compile(&q, &loaded.journal)?;
    let names = payees(&loaded.journal, &q, &c, a.filter.any(), source);
    out.push_str(&o.names("payee", &names));
    Ok(())
}
