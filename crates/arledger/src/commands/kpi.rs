//! `arledger kpi`: collection KPIs per period and customer (and in total), per commodity.

use arledger_report::ar::{intervals, kpis, Interval};
use chrono::Datelike;

use arledger_report::table::{Column, Table, Value};

use super::Output;
use crate::args::{DsoMethod, KpiArgs};
use crate::receivables::{customer_or_total, money};
use crate::session::Session;
use crate::Failure;

/// Runs `kpi`.
pub fn run(s: &Session, a: &KpiArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let g = &s.config;
    let today = g.today;
    let (from, to) = match &a.period {
        Some(p) => crate::input::period_bounds(g, p)?,
        None => (
            chrono::NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today),
            today,
        ),
    };
    let every = match (a.daily, a.weekly, a.monthly, a.quarterly) {
        (true, ..) => Some(Interval::Daily),
        (_, true, ..) => Some(Interval::Weekly),
        (_, _, true, _) => Some(Interval::Monthly),
        (.., true) => Some(Interval::Quarterly),
        _ => None,
    };
    let filter = crate::receivables::filter(a.customer.as_deref())?;
    let (loaded, ar) = s.receivables_at(&a.receivable_root, to)?;
    let j = &loaded.journal;
    let keep = |c: usize| crate::receivables::selects(filter.as_ref(), ar, c);
    let method = match a.dso {
        DsoMethod::Simple => "simple",
        DsoMethod::Countback => "count-back",
    };
    let mut t = Table::new(vec![
        Column::date("from"),
        Column::date("to"),
        Column::text("customer"),
        Column::text("commodity"),
        Column::money("opening"),
        Column::money("invoiced"),
        Column::money("collected"),
        Column::money("credited"),
        Column::money("written_off"),
        Column::money("closing"),
        Column::percent("pct_current"),
        Column::number("dso"),
        Column::percent("cei"),
        Column::number("avg_days_to_pay"),
        Column::number("avg_days_beyond_terms"),
    ])
    .titled(format!("AR KPIs {from} to {to} (DSO: {method})"))
    .with_id("kpi");
    let opt = |x: Option<rust_decimal::Decimal>| x.map_or(Value::Empty, Value::Number);
    for k in kpis(j, ar, &intervals(from, to, every), keep).map_err(Failure::overflow)? {
        let q = |x| money(j, k.commodity, x);
        t.push(vec![
            k.from.into(),
            k.to.into(),
            customer_or_total(ar, k.customer),
            j.commodity_name(k.commodity).into(),
            q(k.opening),
            q(k.invoiced),
            q(k.collected),
            q(k.credited),
            q(k.written_off),
            q(k.closing),
            k.pct_current.map_or(Value::Empty, Value::Percent),
            opt(match a.dso {
                DsoMethod::Simple => k.dso_simple,
                DsoMethod::Countback => k.dso_countback,
            }),
            k.cei.map_or(Value::Empty, Value::Percent),
            opt(k.avg_days_to_pay),
            opt(k.avg_days_beyond_terms),
        ]);
    }
    out.push_str(&o.table(&t));
    Ok(())
}
