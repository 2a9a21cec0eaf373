//! `arledger forecast`: expected collections per week from the open items.

use std::fmt::Write as _;

use arledger_report::ar::{forecast, records};

use super::ar::decimal;
use super::emit_records;
use crate::args::{ForecastArgs, Format, Global};
use crate::render::table::Align;
use crate::Failure;

/// Runs `forecast`.
pub fn run(g: &Global, a: &ForecastArgs, out: &mut String) -> Result<(), Failure> {
    let (_, loaded, ar) = super::ar::start(g, &a.ar, None, "forecast")?;
    let j = &loaded.journal;
    let recs = records(j, &ar);
    let f = forecast(&ar, &recs, a.weeks);
    let mut rows = Vec::new();
    for w in &f.weeks {
        for (k, (q, n)) in &w.amounts {
            rows.push(vec![
                w.start.to_string(),
                w.end.to_string(),
                j.commodity_name(*k).to_string(),
                decimal(j, *k, *q),
                n.to_string(),
            ]);
        }
    }
    for (label, sums) in [("later", &f.later), ("disputed", &f.disputed)] {
        for (k, q) in sums {
            rows.push(vec![
                label.to_string(),
                String::new(),
                j.commodity_name(*k).to_string(),
                decimal(j, *k, *q),
                String::new(),
            ]);
        }
    }
    use Align::{Left, Right};
    emit_records(
        g.output,
        &format!("Expected collections from {}, {} weeks", ar.as_of, a.weeks),
        &["week_start", "week_end", "commodity", "expected", "items"],
        &rows,
        &[Left, Left, Left, Right, Right],
        &["items"],
        out,
    );
    if g.output == Format::Text {
        let _ = write!(
            out,
            "\nMethod: each open invoice is expected on its open promise's date ({} item{}), \
             else on its due date shifted by its customer's median days beyond terms over its \
             paid invoices (0 without history); expectations already past fall in the first \
             week; disputed items are set apart, credits are not counted.\n",
            f.promised,
            if f.promised == 1 { "" } else { "s" }
        );
        for (c, days) in &f.habits {
            let _ = writeln!(out, "  {}: {days:+} days", ar.customers.list[*c].id);
        }
    }
    Ok(())
}
