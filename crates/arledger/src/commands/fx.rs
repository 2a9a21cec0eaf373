//! `arledger fx`: the realised FX gains and losses of a period (§7.9), payment by payment,
//! with what the FX accounts hold of them.

use arledger_report::ar::{realised_fx, FxRow};
use arledger_report::table::{Column, Table, Value};
use rust_decimal::Decimal;

use super::Output;
use crate::args::FxArgs;
use crate::receivables::money;
use crate::session::Session;
use crate::Failure;

/// Decimal places of the rates shown (the amounts are exact).
const RATE_DECIMALS: u32 = 6;

/// Runs `fx`.
pub fn run(s: &Session, a: &FxArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let g = &s.config;
    let (first, last) = crate::input::period_bounds(g, &a.period)?;
    let filter = crate::receivables::filter(a.customer.as_deref())?;
    let (loaded, ar) = s.receivables_at(&a.receivable_root, last)?;
    let j = &loaded.journal;
    let keep = |c: usize| crate::receivables::selects(filter.as_ref(), ar, c);
    let rows = realised_fx(j, ar, first, last, keep).map_err(Failure::overflow)?;
    let mut t = Table::new(vec![
        Column::date("date"),
        Column::text("customer"),
        Column::text("payment"),
        Column::text("items"),
        Column::amount("settled"),
        Column::number("booked_rate"),
        Column::number("paid_rate"),
        Column::amount("booked"),
        Column::amount("received"),
        Column::amount("realised"),
        Column::amount("posted"),
        Column::amount("unposted"),
    ])
    .with_id("fx")
    .titled(format!("Realised FX {first} to {last}"));
    t.empty = Some("No payment of an invoice booked in another currency.".into());
    let rate = |x: Decimal, settled: Decimal| {
        x.checked_div(settled).map_or(Value::Empty, |r| {
            Value::Number(r.round_dp(RATE_DECIMALS).normalize())
        })
    };
    for r in &rows {
        let txn = &j.transactions[r.txn.index()];
        let items: Vec<String> = r
            .items
            .iter()
            .map(|&i| ar.items[i].reference(j).into_owned())
            .collect();
        t.push(vec![
            r.date.into(),
            ar.customers.list[r.customer].id.clone().into(),
            Value::text_or_empty(txn.code().map(|c| j.text(c)).unwrap_or_default()),
            items.join(" ").into(),
            money(j, r.commodity, r.settled),
            rate(r.booked, r.settled),
            rate(r.received, r.settled),
            money(j, r.base, r.booked),
            money(j, r.base, r.received),
            money(j, r.base, r.realised),
            money(j, r.base, r.posted),
            money(j, r.base, r.unposted()),
        ]);
    }
    for total in totals(&rows) {
        t.push_total(vec![
            Value::Empty,
            "total".into(),
            Value::Empty,
            Value::Empty,
            Value::Empty,
            Value::Empty,
            Value::Empty,
            money(j, total.base, total.booked),
            money(j, total.base, total.received),
            money(j, total.base, total.realised),
            money(j, total.base, total.posted),
            money(j, total.base, total.unposted()),
        ]);
    }
    out.push_str(&o.table(&t));
    Ok(())
}

/// One row per base commodity summing the rows in it (their settled amounts, in different
/// commodities, are not summed).
fn totals(rows: &[FxRow]) -> Vec<FxRow> {
    let mut totals: Vec<FxRow> = Vec::new();
    for r in rows {
        match totals.iter_mut().find(|t| t.base == r.base) {
            Some(t) => {
                t.booked += r.booked;
                t.received += r.received;
                t.realised += r.realised;
                t.posted += r.posted;
            }
            None => totals.push(r.clone()),
        }
    }
    totals
}
