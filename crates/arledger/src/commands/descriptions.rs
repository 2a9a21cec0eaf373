//! `arledger descriptions`: the transaction descriptions.

use arledger_report::lists::descriptions;

use super::{query, Output};
use crate::args::DescriptionsArgs;
use crate::session::Session;
use crate::Failure;

/// Runs `descriptions`: sorted, without repeats, one per line.
pub fn run(s: &Session, a: &DescriptionsArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let g = &s.config;
    let q = query(g, &a.filter)?;
    let loaded = s.journal()?;
    let j = &loaded.journal;
    let names = descriptions(j, &super::compile(&q, j)?);
    out.push_str(&o.names("description", &names));
    Ok(())
}
