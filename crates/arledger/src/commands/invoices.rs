//! `arledger invoices`: every item with date, due, original, paid, open, status, days to pay.

use arledger_report::ar::{invoices, Selection};

use super::ar::decimal;
use super::emit_records;
use crate::args::{Global, InvoicesArgs};
use crate::render::table::Align;
use crate::Failure;

const HEADER: [&str; 10] = [
    "customer",
    "item",
    "date",
    "due",
    "commodity",
    "original",
    "paid",
    "open",
    "status",
    "days_to_pay",
];

/// Runs `invoices`.
pub fn run(g: &Global, a: &InvoicesArgs, out: &mut String) -> Result<(), Failure> {
    let selection = match (a.open, a.overdue, a.paid) {
        (true, _, _) => Selection::Open,
        (_, true, _) => Selection::Overdue,
        (_, _, true) => Selection::Paid,
        _ => Selection::All,
    };
    let (filter, loaded, ar) = super::ar::start(g, &a.ar, a.customer.as_deref(), "invoices")?;
    let j = &loaded.journal;
    let rows: Vec<Vec<String>> = invoices(j, &ar, selection, filter.as_ref())
        .iter()
        .map(|r| {
            let it = &ar.items[r.item];
            vec![
                ar.customers.list[it.customer].id.clone(),
                it.reference(j).into_owned(),
                it.date.to_string(),
                it.due.to_string(),
                j.commodity_name(it.commodity).to_string(),
                decimal(j, it.commodity, it.original),
                decimal(j, it.commodity, r.paid),
                decimal(j, it.commodity, it.open),
                r.status.name().to_string(),
                r.days_to_pay.map(|d| d.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    use Align::{Left, Right};
    let align = [
        Left, Left, Left, Left, Left, Right, Right, Right, Left, Right,
    ];
    let title = format!("Items at {}", ar.as_of);
    emit_records(
        g.output,
        &title,
        &HEADER,
        &rows,
        &align,
        &["days_to_pay"],
        out,
    );
    Ok(())
}
