//! `arledger invoices`: every item with date, due, original, paid, open, status, days to pay.

use arledger_journal::Loaded;
use arledger_report::ar::{history, invoices, records, OpenItems, Selection};

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
    if let Some(reference) = &a.history {
        return item_history(g, &loaded, &ar, filter.as_ref(), reference, out);
    }
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

/// `invoices --history ITEM`: the item's events in date order.
fn item_history(
    g: &Global,
    loaded: &Loaded,
    ar: &OpenItems,
    filter: Option<&regex::Regex>,
    reference: &str,
    out: &mut String,
) -> Result<(), Failure> {
    let j = &loaded.journal;
    let matches: Vec<usize> = (0..ar.items.len())
        .filter(|&i| {
            let it = &ar.items[i];
            let c = &ar.customers.list[it.customer];
            it.reference(j) == reference
                && filter.is_none_or(|re| re.is_match(&c.id) || re.is_match(&c.name))
        })
        .collect();
    let item = match matches.as_slice() {
        [i] => *i,
        [] => {
            return Err(Failure::Usage(format!(
                "no item `{reference}` on {} (see `arledger invoices` for the references)",
                ar.as_of
            )))
        }
        several => {
            let who: Vec<&str> = several
                .iter()
                .map(|&i| ar.customers.list[ar.items[i].customer].id.as_str())
                .collect();
            return Err(Failure::Usage(format!(
                "customers {} all have an item `{reference}`: name the customer too",
                who.join(", ")
            )));
        }
    };
    let recs = records(j, ar);
    let it = &ar.items[item];
    let rows: Vec<Vec<String>> = history(j, ar, &recs, item)
        .iter()
        .map(|e| {
            vec![
                e.date.to_string(),
                e.what.to_string(),
                e.amount
                    .map(|q| decimal(j, it.commodity, q))
                    .unwrap_or_default(),
                decimal(j, it.commodity, e.open),
                e.detail.clone(),
            ]
        })
        .collect();
    use Align::{Left, Right};
    let title = format!(
        "History of {} ({}, {}) at {}",
        reference,
        ar.customers.list[it.customer].id,
        j.commodity_name(it.commodity),
        ar.as_of
    );
    emit_records(
        g.output,
        &title,
        &["date", "event", "amount", "open", "detail"],
        &rows,
        &[Left, Left, Right, Right, Left],
        &[],
        out,
    );
    Ok(())
}
