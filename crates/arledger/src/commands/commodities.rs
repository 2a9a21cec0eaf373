//! `arledger commodities`: the commodity symbols used or declared.

use super::Output;
use crate::session::Session;
use crate::Failure;

/// Runs `commodities`: symbols sorted, one per line.
pub fn run(s: &Session, o: &Output, out: &mut String) -> Result<(), Failure> {
    let _g = &s.config;
    let loaded = s.journal()?;
    let j = &loaded.journal;
    let mut names: Vec<&str> = j
        .commodities
        .iter()
        .map(|(_, n)| n)
        .filter(|n| !n.is_empty())
        .collect();
    names.sort_unstable();
    out.push_str(&o.names("commodity", &names));
    Ok(())
}
