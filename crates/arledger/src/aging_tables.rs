//! The aging tables (`aging`, `report`, `site`): the summary by customer and bucket and the
//! item-by-item detail, typed (see [`arledger_report::table`]).

use arledger_journal::Journal;
use arledger_report::ar::{credits, disputed, AgingReport, AgingRow, OpenItems};
use arledger_report::table::{Column, Table, Value};
use rust_decimal::Decimal;

use crate::receivables::{customer_or_total, money};

/// A summary row: customer (or `total`), commodity, the buckets, the total, the credits in it.
fn row_cells(j: &Journal, ar: &OpenItems, r: &AgingRow, credits: Decimal) -> Vec<Value> {
    let mut cells = vec![
        customer_or_total(ar, r.customer),
        j.commodity_name(r.commodity).into(),
    ];
    cells.extend(r.buckets.iter().map(|q| money(j, r.commodity, *q)));
    cells.push(money(j, r.commodity, r.total));
    cells.push(money(j, r.commodity, credits));
    cells
}

/// `customer,commodity,current,1-30,31-60,61-90,over-90,total` (D13): a row per customer and
/// commodity, then the totals per commodity; and (not in CSV, whose columns are a contract) the
/// unapplied credits the row holds (§2.5).
pub fn summary_table(j: &Journal, ar: &OpenItems, report: &AgingReport) -> Table {
    let mut columns = vec![Column::text("customer"), Column::text("commodity")];
    columns.extend(report.columns.iter().map(|c| Column::money(c)));
    columns.push(Column::money("total"));
    columns.push(Column::money("credits").not_in_csv());
    let mut t = Table::new(columns).with_id("aging");
    t.empty = Some("Nothing is open.".into());
    let (row_credits, total_credits) = credits(ar, report);
    for (r, q) in report.rows.iter().zip(row_credits) {
        t.push(row_cells(j, ar, r, q));
    }
    for (r, q) in report.totals.iter().zip(total_credits) {
        t.push_total(row_cells(j, ar, r, q));
    }
    t
}

/// `customer,item,date,due,days_overdue,commodity,original,open,bucket` (D14), and (not in
/// CSV, whose columns are a contract) whether the item is an unapplied credit (a credit item or
/// an overpaid invoice, §2.5) and whether it is under dispute.
pub fn detail_table(j: &Journal, ar: &OpenItems, report: &AgingReport) -> Table {
    let flags = disputed(j, ar);
    let mut t = Table::new(vec![
        Column::text("customer"),
        Column::text("item"),
        Column::date("date"),
        Column::date("due"),
        Column::int("days_overdue"),
        Column::text("commodity"),
        Column::money("original"),
        Column::money("open"),
        Column::text("bucket"),
        Column::bool("credit").not_in_csv(),
        Column::bool("disputed").not_in_csv(),
    ])
    .with_id("aging-detail");
    t.empty = Some("Nothing is open.".into());
    for a in &report.detail {
        let it = &ar.items[a.item];
        t.push(vec![
            ar.customers.list[it.customer].id.clone().into(),
            it.reference(j).into_owned().into(),
            it.date.into(),
            it.due.into(),
            a.days.into(),
            j.commodity_name(it.commodity).into(),
            money(j, it.commodity, it.original),
            money(j, it.commodity, it.open),
            report.columns[a.bucket].clone().into(),
            (it.open < Decimal::ZERO).into(),
            flags[a.item].into(),
        ]);
    }
    t
}
