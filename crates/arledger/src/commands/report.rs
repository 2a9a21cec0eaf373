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

use arledger_report::table::{Column, Document, Table, Value};

use super::Output;
use crate::args::{PackKind, ReportArgs};
use crate::receivables::money;
use crate::session::Session;
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
pub fn run(s: &Session, a: &ReportArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let g = &s.config;
    let to = match &a.date {
        Some(d) => crate::input::end_date(g, d)?,
        None => g.today,
    };
    let from = pack_period(a.kind, to);
    let (loaded, now) = s.receivables_at(&a.receivable_root, to)?;
    let j = &loaded.journal;
    let before = open_items(
        j,
        &ArOptions {
            root: a.receivable_root.clone(),
            as_of: from.pred_opt().unwrap_or(from),
        },
    );
    let doc = pack(j, now, &before, a.kind, from)?;
    out.push_str(&o.document(&doc));
    Ok(())
}

/// Rows of the period's movements of one kind: date, customer, item, amount.
fn activity_table(
    j: &Journal,
    ar: &OpenItems,
    list: &[arledger_report::ar::Activity],
    id: &str,
) -> Table {
    let mut t = Table::new(vec![
        Column::date("date"),
        Column::text("customer"),
        Column::text("item"),
        Column::text("commodity"),
        Column::money("amount"),
        Column::text("description").elided(),
    ])
    .with_id(id);
    t.empty = Some("None.".into());
    for a in list {
        let it = &ar.items[a.item];
        let m = &it.movements[a.movement];
        let txn = &j.transactions[m.txn.index()];
        t.push(vec![
            m.date.into(),
            ar.customers.list[it.customer].id.clone().into(),
            it.reference(j).into_owned().into(),
            j.commodity_name(it.commodity).into(),
            money(j, it.commodity, m.amount.abs()),
            j.text(txn.description()).trim().into(),
        ]);
    }
    t
}

/// A table of the pack: "None." when it has no rows.
fn section(columns: Vec<Column>, id: &str) -> Table {
    let mut t = Table::new(columns).with_id(id);
    t.empty = Some("None.".into());
    t
}

/// How many customers the pack's overdue table names; the others are summed in one row.
const TOP_OVERDUE: usize = 5;

/// The pack's overdue figures, all summed from one list (`Item::overdue`): the table rows (the
/// most overdue customers, one row for the others per commodity, a total per commodity) and
/// the total per commodity that the headline shows.
struct OverdueRows {
    rows: Vec<Vec<Value>>,
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
            customer.into(),
            j.commodity_name(commodity).into(),
            money(j, commodity, amount),
            days.into(),
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
) -> Result<Document, Failure> {
    let to = now.as_of;
    let name = match kind {
        PackKind::Daily => "Daily",
        PackKind::Weekly => "Weekly",
        PackKind::Monthly => "Monthly",
    };
    let mut doc = Document::new(if from == to {
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
    let mut receivables = section(
        vec![
            Column::text("commodity"),
            Column::money("open"),
            Column::money("previous").label(&format!("open on {}", before.as_of)),
            Column::money("change"),
            Column::money("overdue"),
        ],
        "receivables",
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
        let q = |x| money(j, t.commodity, x);
        receivables.push(vec![
            c.into(),
            q(t.total),
            q(previous),
            q(t.total - previous),
            q(overdue),
        ]);
    }
    doc.heading("Receivables");
    doc.para(
        "Overdue is the open amount of invoices past their due date, as in `customers`; \
         unapplied credits are not netted against it (the aging's past-due columns net them).",
    );
    doc.table(receivables);
    doc.heading(format!("Aging at {to}"));
    doc.table(crate::aging_tables::summary_table(j, now, &aging_now));
    doc.heading(format!("Aging at {} (previous report)", before.as_of));
    doc.table(
        crate::aging_tables::summary_table(j, before, &aging_before).with_id("aging-previous"),
    );
    doc.heading("New invoices")
        .table(activity_table(j, now, &lists.invoices, "invoices"));
    doc.heading("Payments received")
        .table(activity_table(j, now, &lists.payments, "payments"));
    doc.heading("Returned payments").table(activity_table(
        j,
        now,
        &lists.returned,
        "returned-payments",
    ));
    doc.heading("Credit memos")
        .table(activity_table(j, now, &lists.credit_memos, "credit-memos"));
    doc.heading("Write-offs")
        .table(activity_table(j, now, &lists.write_offs, "write-offs"));
    let mut top = section(
        vec![
            Column::text("customer"),
            Column::text("commodity"),
            Column::money("overdue"),
            Column::int("oldest_days"),
        ],
        "top-overdue",
    );
    for row in overdue.rows {
        top.push(row);
    }
    doc.heading("Most overdue customers").table(top);
    let mut disputes = section(
        vec![
            Column::text("customer"),
            Column::text("item"),
            Column::text("commodity"),
            Column::money("open"),
            Column::text("reason").elided(),
        ],
        "disputes",
    );
    for &i in &lists.disputes {
        let it = &now.items[i];
        disputes.push(vec![
            now.customers.list[it.customer].id.clone().into(),
            it.reference(j).into_owned().into(),
            j.commodity_name(it.commodity).into(),
            money(j, it.commodity, it.open),
            recs.dispute_reason(i).map(str::to_string).into(),
        ]);
    }
    doc.heading("Open disputes").table(disputes);
    let mut broken = section(
        vec![
            Column::text("customer"),
            Column::text("item"),
            Column::date("promised_by"),
            Column::text("commodity"),
            Column::money("open"),
        ],
        "broken-promises",
    );
    for &k in &lists.broken_promises {
        let r = &recs.list[k];
        let it = &now.items[r.item];
        let by = match r.kind {
            RecordKind::Promise(Some(d)) => Value::Date(d),
            _ => Value::Empty,
        };
        broken.push(vec![
            now.customers.list[it.customer].id.clone().into(),
            it.reference(j).into_owned().into(),
            by,
            j.commodity_name(it.commodity).into(),
            money(j, it.commodity, it.open),
        ]);
    }
    doc.heading("Broken promises").table(broken);
    let k = kpis(j, now, &[(from, to)], |_| true).map_err(Failure::overflow)?;
    let mut kpi = section(
        vec![
            Column::text("commodity"),
            Column::money("invoiced"),
            Column::money("collected"),
            Column::money("closing"),
            Column::percent("pct_current"),
            Column::number("dso"),
            Column::percent("cei"),
            Column::number("avg_days_to_pay"),
        ],
        "kpi",
    );
    let opt = |x: Option<Decimal>| x.map_or(Value::Empty, Value::Number);
    let pct = |x: Option<Decimal>| x.map_or(Value::Empty, Value::Percent);
    for r in k.iter().filter(|r| r.customer.is_none()) {
        kpi.push(vec![
            j.commodity_name(r.commodity).into(),
            money(j, r.commodity, r.invoiced),
            money(j, r.commodity, r.collected),
            money(j, r.commodity, r.closing),
            pct(r.pct_current),
            opt(r.dso_simple),
            pct(r.cei),
            opt(r.avg_days_to_pay),
        ]);
    }
    doc.heading("KPIs of the period").table(kpi);
    Ok(doc)
}
