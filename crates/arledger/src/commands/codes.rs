//! `arledger codes`: the transaction codes.

use arledger_report::lists::codes;

use super::{query, Output};
use crate::args::CodesArgs;
use crate::session::Session;
use crate::Failure;

/// Runs `codes`: in date order, repeats kept, one per line.
pub fn run(s: &Session, a: &CodesArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let g = &s.config;
    let q = query(g, &a.filter)?;
    let loaded = s.journal()?;
    let j = &loaded.journal;
    let names = codes(j, &super::compile(&q, j)?, a.empty);
    out.push_str(&o.names("code", &names));
    Ok(())
}
