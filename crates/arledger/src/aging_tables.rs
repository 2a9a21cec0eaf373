//! The aging tables (`aging`, `report`, `site`): the summary by customer (or pivot value) and
//! bucket and the item-by-item detail, typed (see [`arledger_report::table`]).

use arledger_journal::Journal;
use arledger_report::ar::{credits, disputed, AgingReport, GroupRow, OpenItems, ViewedAging};
use arledger_report::table::{Column, Table, Value};
use rust_decimal::Decimal;

use crate::receivables::money;

/// A summary row: group (or `total`), commodity, the buckets, the total, the credits in it.
fn row_cells(j: &Journal, r: &GroupRow) -> Vec<Value> {
    let mut cells = vec![
        Value::Text(r.group.clone().unwrap_or_else(|| "total".to_string())),
        j.commodity_name(r.commodity).into(),
    ];
    cells.extend(r.buckets.iter().map(|q| money(j, r.commodity, *q)));
    cells.push(money(j, r.commodity, r.total));
    cells.push(money(j, r.commodity, r.credits));
    cells
}

/// `customer,commodity,current,1-30,31-60,61-90,over-90,total` (D13): a row per customer and
/// commodity, then the totals per commodity; and (not in CSV, whose columns are a contract) the
/// unapplied credits the row holds (§2.5).
pub fn summary_table(j: &Journal, ar: &OpenItems, report: &AgingReport) -> Table {
    let group = |(r, credits): (&arledger_report::ar::AgingRow, Decimal)| GroupRow {
        group: r.customer.map(|c| ar.customers.list[c].id.clone()),
        commodity: r.commodity,
        buckets: r.buckets.clone(),
        total: r.total,
        credits,
    };
    let (row_credits, total_credits) = credits(ar, report);
    let rows: Vec<GroupRow> = report.rows.iter().zip(row_credits).map(group).collect();
    let totals: Vec<GroupRow> = report.totals.iter().zip(total_credits).map(group).collect();
    grouped_table(j, &report.columns, "customer", &rows, &totals)
}

/// The summary of a regrouped or valued aging (`--pivot TAG`, `-X COMM`): its first column is
/// named after the pivot tag, else `customer`.
pub fn viewed_summary_table(j: &Journal, report: &AgingReport, v: &ViewedAging) -> Table {
    let group = v.pivot.as_deref().unwrap_or("customer");
    grouped_table(j, &report.columns, group, &v.rows, &v.totals)
}

fn grouped_table(
    j: &Journal,
    buckets: &[String],
    group: &str,
    rows: &[GroupRow],
    totals: &[GroupRow],
) -> Table {
    let mut columns = vec![Column::text(group), Column::text("commodity")];
    columns.extend(buckets.iter().map(|c| Column::money(c)));
    columns.push(Column::money("total"));
    columns.push(Column::money("credits").not_in_csv());
    let mut t = Table::new(columns).with_id("aging");
    t.empty = Some("Nothing is open.".into());
    for r in rows {
        t.push(row_cells(j, r));
    }
    for r in totals {
        t.push_total(row_cells(j, r));
    }
    t
}

/// `customer,item,date,due,days_overdue,commodity,original,open,bucket` (D14), and (not in
/// CSV, whose columns are a contract) whether the item is an unapplied credit (a credit item or
/// an overpaid invoice, §7.3) and whether it is under dispute. With a view
/// (`--pivot TAG`, `-X COMM`): a column named after the tag after `customer`, and the item's
/// `rate` and `value` in the reporting commodity after `open`.
pub fn detail_table(
    j: &Journal,
    ar: &OpenItems,
    report: &AgingReport,
    view: Option<&ViewedAging>,
) -> Table {
    let flags = disputed(j, ar);
    let pivot = view.and_then(|v| v.pivot.as_deref());
    let reporting = view.and_then(|v| v.reporting);
    let mut columns = vec![Column::text("customer")];
    columns.extend(pivot.map(Column::text));
    columns.extend([
        Column::text("item"),
        Column::date("date"),
        Column::date("due"),
        Column::int("days_overdue"),
        Column::text("commodity"),
        Column::money("original"),
        Column::money("open"),
    ]);
    if reporting.is_some() {
        columns.extend([Column::number("rate"), Column::amount("value")]);
    }
    columns.extend([
        Column::text("bucket"),
        Column::bool("credit").not_in_csv(),
        Column::bool("disputed").not_in_csv(),
    ]);
    let mut t = Table::new(columns).with_id("aging-detail");
    t.empty = Some("Nothing is open.".into());
    for (n, a) in report.detail.iter().enumerate() {
        let it = &ar.items[a.item];
        let mut cells: Vec<Value> = vec![ar.customers.list[it.customer].id.clone().into()];
        if let (Some(_), Some(v)) = (pivot, view) {
            cells.push(Value::text_or_empty(v.groups[n].clone()));
        }
        cells.extend([
            it.reference(j).into_owned().into(),
            it.date.into(),
            it.due.into(),
            a.days.into(),
            j.commodity_name(it.commodity).into(),
            money(j, it.commodity, it.original()),
            money(j, it.commodity, it.open),
        ]);
        if let (Some(to), Some(v)) = (reporting, view) {
            cells.extend(match v.values[n] {
                Some(x) => [Value::Number(x.rate.normalize()), money(j, to, x.value)],
                None => [Value::Empty, Value::Empty],
            });
        }
        cells.extend([
            report.columns[a.bucket].clone().into(),
            (it.open < Decimal::ZERO).into(),
            flags[a.item].into(),
        ]);
        t.push(cells);
    }
    t
}
