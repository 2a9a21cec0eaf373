//! `arledger po`: each purchase order (§7.8) with what it authorises, what its invoices
//! billed, and what is left.

use arledger_report::ar::purchase_orders;
use arledger_report::table::{Column, Money, Table, Value};

use super::Output;
use crate::args::PoArgs;
use crate::session::Session;
use crate::Failure;

/// Runs `po`.
pub fn run(s: &Session, a: &PoArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let (filter, loaded, ar) = crate::receivables::start(s, &a.ar, a.customer.as_deref())?;
    let j = &loaded.journal;
    let mut t = Table::new(vec![
        Column::text("customer"),
        Column::text("po"),
        Column::money("authorised"),
        Column::money("invoiced"),
        Column::money("remaining"),
        Column::text("commodity"),
        Column::text("invoices").elided(),
    ])
    .with_id("po")
    .titled(format!("Purchase orders at {}", ar.as_of));
    t.empty = Some("No purchase order to show.".into());
    let rows = purchase_orders(j, ar);
    for r in rows
        .iter()
        .filter(|r| crate::receivables::selects(filter.as_ref(), ar, r.customer))
    {
        let money = |q: Option<_>| {
            q.map_or(Value::Empty, |q| {
                Value::Money(Money::ar_named(j, &r.commodity, q))
            })
        };
        let invoices: Vec<String> = r
            .invoices
            .iter()
            .map(|&i| ar.items[i].reference(j).into_owned())
            .collect();
        t.push(vec![
            ar.customers.list[r.customer].id.clone().into(),
            r.po.clone().into(),
            money(r.authorised),
            money(Some(r.invoiced)),
            money(r.remaining()),
            r.commodity.clone().into(),
            Value::text_or_empty(invoices.join(" ")),
        ]);
    }
    out.push_str(&o.table(&t));
    Ok(())
}
