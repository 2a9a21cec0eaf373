//! `arledger tags`: tag names or values.

use arledger_report::lists::{tags, TagOptions};
use regex::RegexBuilder;

use super::{query, Output};
use crate::args::TagsArgs;
use crate::session::Session;
use crate::Failure;

/// Runs `tags`: names (or values) sorted and unique, or as read with --parsed.
pub fn run(s: &Session, a: &TagsArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let g = &s.config;
    let name = a
        .tag
        .as_deref()
        .map(|re| {
            RegexBuilder::new(re)
                .case_insensitive(true)
                .build()
                .map_err(|e| Failure::Usage(format!("invalid regular expression `{re}`: {e}")))
        })
        .transpose()?;
    let q = query(g, &a.filter)?;
    let loaded = s.journal()?;
    let j = &loaded.journal;
    let opts = TagOptions {
        values: a.values,
        parsed: a.parsed,
        empty: a.empty,
    };
    let names = tags(j, &super::compile(&q, j)?, name.as_ref(), opts);
    out.push_str(&o.names(if a.values { "value" } else { "tag" }, &names));
    Ok(())
}
