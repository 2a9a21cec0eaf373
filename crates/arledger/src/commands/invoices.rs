//! `arledger invoices`: every item with date, due, original, paid, open, status, days to pay,
//! the early-payment discount it offers (§7.1) and its purchase order (§7.8).

use arledger_journal::Loaded;
use arledger_report::ar::{discounts, history, invoices, po_of, records, OpenItems, Selection};

use arledger_report::table::{Column, Table, Value};

use super::Output;
use crate::args::InvoicesArgs;
use crate::receivables::money;
use crate::session::Session;
use crate::Failure;

/// Runs `invoices`.
pub fn run(s: &Session, a: &InvoicesArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let _g = &s.config;
    let selection = match (a.open, a.overdue, a.paid) {
        (true, _, _) => Selection::Open,
        (_, true, _) => Selection::Overdue,
        (_, _, true) => Selection::Paid,
        _ => Selection::All,
    };
    let (filter, loaded, ar) = crate::receivables::start(s, &a.ar, a.customer.as_deref())?;
    let j = &loaded.journal;
    if let Some(reference) = &a.history {
        return item_history(o, loaded, ar, filter.as_ref(), reference, out);
    }
    let mut t = Table::new(vec![
        Column::text("customer"),
        Column::text("item"),
        Column::date("date"),
        Column::date("due"),
        Column::text("commodity"),
        Column::money("original"),
        Column::money("paid"),
        Column::money("open"),
        Column::text("status"),
        Column::int("days_to_pay"),
        Column::date("discount_date"),
        Column::money("discount"),
        Column::text("po"),
    ])
    .titled(format!("Items at {}", ar.as_of))
    .with_id("invoices");
    for r in invoices(j, ar, selection, filter.as_ref()) {
        let it = &ar.items[r.item];
        let offer = discounts::offer(j, ar, it);
        t.push(vec![
            ar.customers.list[it.customer].id.clone().into(),
            it.reference(j).into_owned().into(),
            it.date.into(),
            it.due.into(),
            j.commodity_name(it.commodity).into(),
            money(j, it.commodity, it.original()),
            money(j, it.commodity, r.paid),
            money(j, it.commodity, it.open),
            r.status.name().into(),
            r.days_to_pay.into(),
            offer.map_or(Value::Empty, |o| o.date.into()),
            offer.map_or(Value::Empty, |o| money(j, it.commodity, o.amount)),
            po_of(j, it).into(),
        ]);
    }
    out.push_str(&o.table(&t));
    Ok(())
}

/// `invoices --history ITEM`: the item's events in date order.
fn item_history(
    o: &Output,
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
            it.reference(j) == reference && crate::receivables::selects(filter, ar, it.customer)
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
    let title = format!(
        "History of {} ({}, {}) at {}",
        reference,
        ar.customers.list[it.customer].id,
        j.commodity_name(it.commodity),
        ar.as_of
    );
    let mut t = Table::new(vec![
        Column::date("date"),
        Column::text("event"),
        Column::money("amount"),
        Column::money("open"),
        Column::text("detail").elided(),
    ])
    .titled(title)
    .with_id("history");
    for e in history(j, ar, &recs, item) {
        t.push(vec![
            e.date.into(),
            e.what.into(),
            e.amount.map_or(Value::Empty, |q| money(j, it.commodity, q)),
            money(j, it.commodity, e.open),
            Value::text_or_empty(e.detail),
        ]);
    }
    out.push_str(&o.table(&t));
    Ok(())
}
