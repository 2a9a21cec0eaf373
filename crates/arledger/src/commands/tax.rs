//! `arledger tax`: sales tax of a period per tax account (§7.6): invoiced, and collected with
//! the payments received.

use arledger_report::ar::tax_report;
use arledger_report::table::{Column, Table, Value};
use rust_decimal::Decimal;

use super::Output;
use crate::args::TaxArgs;
use crate::receivables::money;
use crate::session::Session;
use crate::Failure;

/// Runs `tax`.
pub fn run(s: &Session, a: &TaxArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let g = &s.config;
    let (first, last) = crate::input::period_bounds(g, &a.period)?;
    let (loaded, ar) = s.receivables_at(&a.receivable_root, last)?;
    let j = &loaded.journal;
    let rows = tax_report(j, ar, first, last).map_err(Failure::overflow)?;
    let mut t = Table::new(vec![
        Column::text("account"),
        Column::text("rate"),
        Column::text("commodity"),
        Column::money("invoiced"),
        Column::money("collected"),
    ])
    .with_id("tax")
    .titled(format!("Sales tax {first} to {last}"));
    t.empty = Some("No tax invoiced or collected.".into());
    let mut totals: Vec<(arledger_journal::CommodityId, Decimal, Decimal)> = Vec::new();
    for r in &rows {
        t.push(vec![
            j.account_name(r.account).into(),
            Value::text_or_empty(r.rate.clone()),
            j.commodity_name(r.commodity).into(),
            money(j, r.commodity, r.invoiced),
            money(j, r.commodity, r.collected),
        ]);
        match totals.iter_mut().find(|(c, _, _)| *c == r.commodity) {
            Some(tot) => {
                tot.1 += r.invoiced;
                tot.2 += r.collected;
            }
            None => totals.push((r.commodity, r.invoiced, r.collected)),
        }
    }
    totals.sort_by(|a, b| j.commodity_name(a.0).cmp(j.commodity_name(b.0)));
    for (c, invoiced, collected) in totals {
        t.push_total(vec![
            "total".into(),
            Value::Empty,
            j.commodity_name(c).into(),
            money(j, c, invoiced),
            money(j, c, collected),
        ]);
    }
    out.push_str(&o.table(&t));
    Ok(())
}
