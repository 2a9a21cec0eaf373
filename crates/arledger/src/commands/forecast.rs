//! `arledger forecast`: expected collections per week from the open items.

use arledger_report::ar::{forecast, records};
use arledger_report::table::{Column, Table, Value};

use super::Output;
use crate::args::ForecastArgs;
use crate::receivables::money;
use crate::session::Session;
use crate::Failure;

/// Runs `forecast`.
pub fn run(s: &Session, a: &ForecastArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let _g = &s.config;
    let (_, loaded, ar) = crate::receivables::start(s, &a.ar, None)?;
    let j = &loaded.journal;
    let recs = records(j, ar);
    let f = forecast(ar, &recs, a.weeks);
    let mut t = Table::new(vec![
        Column::text("week_start"),
        Column::date("week_end"),
        Column::text("commodity"),
        Column::money("expected"),
        Column::int("items"),
    ])
    .titled(format!(
        "Expected collections from {}, {} weeks",
        ar.as_of, a.weeks
    ))
    .with_id("forecast");
    for w in &f.weeks {
        for (k, (q, n)) in &w.amounts {
            t.push(vec![
                w.start.to_string().into(),
                w.end.into(),
                j.commodity_name(*k).into(),
                money(j, *k, *q),
                Value::Int(*n as i64),
            ]);
        }
    }
    for (label, sums) in [("later", &f.later), ("disputed", &f.disputed)] {
        for (k, q) in sums {
            t.push(vec![
                label.into(),
                Value::Empty,
                j.commodity_name(*k).into(),
                money(j, *k, *q),
                Value::Empty,
            ]);
        }
    }
    let mut method = format!(
        "Method: each open invoice is expected on its open promise's date ({} item{}), \
         else on its due date shifted by its customer's median days beyond terms over its \
         paid invoices (0 without history); expectations already past fall in the first \
         week; disputed items are set apart, credits are not counted.\n",
        f.promised,
        if f.promised == 1 { "" } else { "s" }
    );
    for (c, days) in &f.habits {
        method.push_str(&format!("  {}: {days:+} days\n", ar.customers.list[*c].id));
    }
    out.push_str(&o.table_with_notes(&t, &[method]));
    Ok(())
}
