//! `arledger kpi`: collection KPIs per period and customer (and in total), per commodity.

use arledger_report::ar::{intervals, kpis, Interval};
use chrono::Datelike;

use super::ar::decimal;
use super::emit_records;
use crate::args::{ArArgs, DsoMethod, Global, KpiArgs};
use crate::render::table::Align;
use crate::Failure;

const HEADER: [&str; 15] = [
    "from",
    "to",
    "customer",
    "commodity",
    "opening",
    "invoiced",
    "collected",
    "credited",
    "written_off",
    "closing",
    "pct_current",
    "dso",
    "cei",
    "avg_days_to_pay",
    "avg_days_beyond_terms",
];

/// Runs `kpi`.
pub fn run(g: &Global, a: &KpiArgs, out: &mut String) -> Result<(), Failure> {
    super::require_format(g.output, super::TABLE_FORMATS, "kpi")?;
    let today = crate::input::options(g)?.today;
    let (from, to) = match &a.period {
        Some(p) => super::rollforward::period_bounds(p)?,
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
    let filter = super::ar::filter(a.customer.as_deref())?;
    let (loaded, ar) = super::ar::load(
        g,
        &ArArgs {
            date: Some(to.to_string()),
            receivable_root: a.receivable_root.clone(),
        },
    )?;
    let j = &loaded.journal;
    let keep = |c: usize| {
        let c = &ar.customers.list[c];
        filter
            .as_ref()
            .is_none_or(|re| re.is_match(&c.id) || re.is_match(&c.name))
    };
    let rows: Vec<Vec<String>> = kpis(j, &ar, &intervals(from, to, every), keep)
        .map_err(super::overflow)?
        .iter()
        .map(|k| {
            let q = |x| decimal(j, k.commodity, x);
            let opt =
                |x: Option<rust_decimal::Decimal>| x.map(|v| v.to_string()).unwrap_or_default();
            vec![
                k.from.to_string(),
                k.to.to_string(),
                k.customer
                    .map_or("total".to_string(), |c| ar.customers.list[c].id.clone()),
                j.commodity_name(k.commodity).to_string(),
                q(k.opening),
                q(k.invoiced),
                q(k.collected),
                q(k.credited),
                q(k.written_off),
                q(k.closing),
                opt(k.pct_current),
                opt(match a.dso {
                    DsoMethod::Simple => k.dso_simple,
                    DsoMethod::Countback => k.dso_countback,
                }),
                opt(k.cei),
                opt(k.avg_days_to_pay),
                opt(k.avg_days_beyond_terms),
            ]
        })
        .collect();
    use Align::{Left, Right};
    let mut align = vec![Left, Left, Left, Left];
    align.extend([Right; 11]);
    let method = match a.dso {
        DsoMethod::Simple => "simple",
        DsoMethod::Countback => "count-back",
    };
    emit_records(
        g.output,
        &format!("AR KPIs {from} to {to} (DSO: {method})"),
        &HEADER,
        &rows,
        &align,
        &HEADER[10..],
        out,
    );
    Ok(())
}
