//! `arledger aging`: open receivables by customer and bucket, or item by item.

use arledger_report::ar::{aging, AgeBy, Buckets};

use super::Output;
use crate::aging_tables::{detail_table, summary_table};
use crate::args::{AgeByArg, AgingArgs, Global};
use crate::Failure;

/// Runs `aging`.
pub fn run(g: &Global, a: &AgingArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let buckets = Buckets::parse(&a.buckets).map_err(|e| Failure::Usage(e.to_string()))?;
    let by = match a.by {
        AgeByArg::Due => AgeBy::Due,
        AgeByArg::Date => AgeBy::Date,
    };
    let (filter, loaded, ar) = crate::receivables::start(g, &a.ar, a.customer.as_deref())?;
    let j = &loaded.journal;
    let report = aging(j, &ar, &buckets, by, filter.as_ref());
    let table = if a.detail {
        detail_table(j, &ar, &report).titled(format!("Open items at {}", report.as_of))
    } else {
        let basis = match by {
            AgeBy::Due => "days past due",
            AgeBy::Date => "days since the invoice date",
        };
        summary_table(j, &ar, &report).titled(format!("Aging at {} ({basis})", report.as_of))
    };
    out.push_str(&o.table(&table));
    Ok(())
}
