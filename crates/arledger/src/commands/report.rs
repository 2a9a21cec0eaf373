//! `arledger report daily|weekly|monthly`: the pack an AR department circulates — the
//! period's invoices, payments, credit memos and write-offs, the aging and how it moved since
//! the previous report, the most overdue customers, open disputes, broken promises and KPIs.

use arledger_journal::{CommodityId, Journal};
use arledger_report::ar::{
    aging, kpis, open_items, pack_lists, records, AgeBy, ArOptions, Buckets, OpenItems, Overdue,
    RecordKind,
};
use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

use super::ar::decimal;
use crate::args::{Format, Global, PackKind, ReportArgs};
use crate::render::doc::{Doc, Table};
use crate::Failure;

/// The period of a pack ending on `to`: the day, the 7 days, or the month so far.
pub fn pack_period(kind: PackKind, to: NaiveDate) -> NaiveDate {
    match kind {
        PackKind::Daily => to,
        PackKind::Weekly => to - Days::new(6),
        PackKind::Monthly => to.with_day(1).unwrap_or(to),
    }
}

/// Runs `report`.
pub fn run(g: &Global, a: &ReportArgs, out: &mut String) -> Result<(), Failure> {
    let to = match &a.date {
        Some(d) => {
            arledger_report::parse_end_date_arg(d).map_err(|e| Failure::Usage(e.to_string()))?
        }
        None => crate::input::options(g)?.today,
    };
    let from = pack_period(a.kind, to);
    let (loaded, now) = super::ar::load_at(g, &a.receivable_root, to)?;
    let j = &loaded.journal;
    let before = open_items(
        j,
        &ArOptions {
            root: a.receivable_root.clone(),
            as_of: from.pred_opt().unwrap_or(from),
        },
    );
    let doc = pack(j, &now, &before, a.kind, from)?;
    match g.output {
        Format::Text => out.push_str(&doc.text()),
        Format::Md => out.push_str(&doc.markdown()),
        Format::Html => out.push_str(&doc.html()),
        Format::Json => {
            out.push_str(&(serde_json::to_string_pretty(&doc.json()).unwrap_or_default() + "\n"))
        }
        Format::Csv => {
            return Err(Failure::Usage(
                "`report` supports -O text|md|html|json".into(),
            ))
        }
    }
    Ok(())
}

/// Rows of the period's movements of one kind: date, customer, item, amount.
fn activity_table(
    j: &Journal,
    ar: &OpenItems,
    list: &[arledger_report::ar::Activity],
    id: &str,
) -> Table {
    let rows = list
        .iter()
        .map(|a| {
            let it = &ar.items[a.item];
            let m = &it.movements[a.movement];
            let txn = &j.transactions[m.txn.index()];
            vec![
                m.date.to_string(),
                ar.customers.list[it.customer].id.clone(),
                it.reference(j).into_owned(),
                j.commodity_name(it.commodity).to_string(),
                decimal(j, it.commodity, m.amount.abs()),
                j.text(txn.description).trim().to_string(),
            ]
        })
        .collect();
    Table {
        header: [
            "date",
            "customer",
            "item",
            "commodity",
            "amount",
            "description",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        numeric: vec![4],
        id: Some(id.to_string()),
    }
}

/// How many customers the pack's overdue table names; the others are summed in one row.
const TOP_OVERDUE: usize = 5;

/// The pack's overdue figures, all summed from one list (`Item::overdue`): the table rows (the
/// most overdue customers, one row for the others per commodity, a total per commodity) and
/// the total per commodity that the headline shows.
struct OverdueRows {
    rows: Vec<Vec<String>>,
    totals: Vec<(CommodityId, Decimal)>,
}

/// Amount, oldest days and number of customers, per commodity (by name).
type OverdueSums<'j> = BTreeMap<&'j str, (CommodityId, Decimal, i64, usize)>;

fn overdue_rows<'j>(j: &'j Journal, ar: &OpenItems, list: &[Overdue]) -> OverdueRows {
    let add = |sums: &mut OverdueSums<'j>, o: &Overdue| {
        let e =
            sums.entry(j.commodity_name(o.commodity))
                .or_insert((o.commodity, Decimal::ZERO, 0, 0));
        e.1 += o.amount;
        e.2 = e.2.max(o.oldest_days);
        e.3 += 1;
    };
    let row = |customer: String, commodity: CommodityId, amount, days: i64| {
        vec![
            customer,
            j.commodity_name(commodity).to_string(),
            decimal(j, commodity, amount),
            days.to_string(),
        ]
    };
    let (mut others, mut totals) = (OverdueSums::new(), OverdueSums::new());
    let mut rows = Vec::new();
    for (k, o) in list.iter().enumerate() {
        add(&mut totals, o);
        if k < TOP_OVERDUE {
            let id = ar.customers.list[o.customer].id.clone();
            rows.push(row(id, o.commodity, o.amount, o.oldest_days));
        } else {
            add(&mut others, o);
        }
    }
    for &(c, amount, days, n) in others.values() {
        let label = format!("{n} other customer{}", if n == 1 { "" } else { "s" });
        rows.push(row(label, c, amount, days));
    }
    for &(c, amount, days, _) in totals.values() {
        rows.push(row("total".into(), c, amount, days));
    }
    OverdueRows {
        rows,
        totals: totals
            .values()
            .map(|&(c, amount, ..)| (c, amount))
            .collect(),
    }
}

/// Builds the pack's document.
pub fn pack(
    j: &Journal,
    now: &OpenItems,
    before: &OpenItems,
    kind: PackKind,
    from: NaiveDate,
) -> Result<Doc, Failure> {
    let to = now.as_of;
    let name = match kind {
        PackKind::Daily => "Daily",
        PackKind::Weekly => "Weekly",
        PackKind::Monthly => "Monthly",
    };
    let mut doc = Doc::new(if from == to {
        format!("{name} AR report, {to}")
    } else {
        format!("{name} AR report, {from} to {to}")
    });
    let recs = records(j, now);
    let lists = pack_lists(now, &recs, from);
    let overdue = overdue_rows(j, now, &lists.overdue);

    let buckets = Buckets::default();
    let aging_now = aging(j, now, &buckets, AgeBy::Due, None);
    let aging_before = aging(j, before, &buckets, AgeBy::Due, None);
    doc.heading("Receivables");
    doc.para(
        "Overdue is the open amount of invoices past their due date, as in `customers`; \
         unapplied credits are not netted against it (the aging's past-due columns net them).",
    );
    for t in &aging_now.totals {
        let c = j.commodity_name(t.commodity);
        let previous = aging_before
            .totals
            .iter()
            .find(|b| j.commodity_name(b.commodity) == c)
            .map_or(Decimal::ZERO, |b| b.total);
        let overdue = overdue
            .totals
            .iter()
            .find(|o| o.0 == t.commodity)
            .map_or(Decimal::ZERO, |o| o.1);
        doc.para(format!(
            "{c}: {} open ({} on {}; change {}), of which {} overdue.",
            decimal(j, t.commodity, t.total),
            decimal(j, t.commodity, previous),
            before.as_of,
            decimal(j, t.commodity, t.total - previous),
            decimal(j, t.commodity, overdue),
        ));
    }
    doc.heading(format!("Aging at {to}"));
    doc.table(Table::from_records(
        super::aging::summary_records(j, now, &aging_now),
        &[2, 3, 4, 5, 6, 7],
        "aging",
    ));
    doc.heading(format!("Aging at {} (previous report)", before.as_of));
    doc.table(Table::from_records(
        super::aging::summary_records(j, before, &aging_before),
        &[2, 3, 4, 5, 6, 7],
        "aging-previous",
    ));
    doc.heading("New invoices")
        .table(activity_table(j, now, &lists.invoices, "invoices"));
    doc.heading("Payments received")
        .table(activity_table(j, now, &lists.payments, "payments"));
    doc.heading("Credit memos")
        .table(activity_table(j, now, &lists.credit_memos, "credit-memos"));
    doc.heading("Write-offs")
        .table(activity_table(j, now, &lists.write_offs, "write-offs"));
    doc.heading("Most overdue customers").table(Table {
        header: ["customer", "commodity", "overdue", "oldest_days"]
            .map(String::from)
            .to_vec(),
        rows: overdue.rows,
        numeric: vec![2, 3],
        id: Some("top-overdue".into()),
    });
    doc.heading("Open disputes").table(Table {
        header: ["customer", "item", "commodity", "open", "reason"]
            .map(String::from)
            .to_vec(),
        rows: lists
            .disputes
            .iter()
            .map(|&i| {
                let it = &now.items[i];
                vec![
                    now.customers.list[it.customer].id.clone(),
                    it.reference(j).into_owned(),
                    j.commodity_name(it.commodity).to_string(),
                    decimal(j, it.commodity, it.open),
                    recs.dispute_reason(i).unwrap_or_default().to_string(),
                ]
            })
            .collect(),
        numeric: vec![3],
        id: Some("disputes".into()),
    });
    doc.heading("Broken promises").table(Table {
        header: ["customer", "item", "promised_by", "commodity", "open"]
            .map(String::from)
            .to_vec(),
        rows: lists
            .broken_promises
            .iter()
            .map(|&k| {
                let r = &recs.list[k];
                let it = &now.items[r.item];
                let by = match r.kind {
                    RecordKind::Promise(Some(d)) => d.to_string(),
                    _ => String::new(),
                };
                vec![
                    now.customers.list[it.customer].id.clone(),
                    it.reference(j).into_owned(),
                    by,
                    j.commodity_name(it.commodity).to_string(),
                    decimal(j, it.commodity, it.open),
                ]
            })
            .collect(),
        numeric: vec![4],
        id: Some("broken-promises".into()),
    });
    let k = kpis(j, now, &[(from, to)], |_| true).map_err(super::overflow)?;
    let opt = |x: Option<Decimal>| x.map(|v| v.to_string()).unwrap_or_default();
    doc.heading("KPIs of the period").table(Table {
        header: [
            "commodity",
            "invoiced",
            "collected",
            "closing",
            "pct_current",
            "dso",
            "cei",
            "avg_days_to_pay",
        ]
        .map(String::from)
        .to_vec(),
        rows: k
            .iter()
            .filter(|r| r.customer.is_none())
            .map(|r| {
                vec![
                    j.commodity_name(r.commodity).to_string(),
                    decimal(j, r.commodity, r.invoiced),
                    decimal(j, r.commodity, r.collected),
                    decimal(j, r.commodity, r.closing),
                    opt(r.pct_current),
                    opt(r.dso_simple),
                    opt(r.cei),
                    opt(r.avg_days_to_pay),
                ]
            })
            .collect(),
        numeric: (1..8).collect(),
        id: Some("kpi".into()),
    });
    Ok(doc)
}
