//! `arledger tax`: sales tax of a period per tax account (§7.6): invoiced, collected with the
//! payments received, and given back by credit memos.

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
        Column::money("credited"),
    ])
    .with_id("tax")
    .titled(format!("Sales tax {first} to {last}"));
    t.empty = Some("No tax invoiced, collected or credited.".into());
    let mut totals: Vec<(arledger_journal::CommodityId, [Decimal; 3])> = Vec::new();
    for r in &rows {
        t.push(vec![
            j.account_name(r.account).into(),
            Value::text_or_empty(r.rate.clone()),
            j.commodity_name(r.commodity).into(),
            money(j, r.commodity, r.invoiced),
            money(j, r.commodity, r.collected),
            money(j, r.commodity, r.credited),
        ]);
        let sums = [r.invoiced, r.collected, r.credited];
        match totals.iter_mut().find(|(c, _)| *c == r.commodity) {
            Some((_, tot)) => tot.iter_mut().zip(sums).for_each(|(t, q)| *t += q),
            None => totals.push((r.commodity, sums)),
        }
    }
    totals.sort_by(|a, b| j.commodity_name(a.0).cmp(j.commodity_name(b.0)));
    for (c, sums) in totals {
        let mut row = vec!["total".into(), Value::Empty, j.commodity_name(c).into()];
        row.extend(sums.map(|q| money(j, c, q)));
        t.push_total(row);
    }
    out.push_str(&o.table(&t));
    Ok(())
}
