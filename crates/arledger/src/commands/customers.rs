//! `arledger customers`: each customer with terms, credit limit, balance, overdue amount, credit
//! used, average days to pay and last payment; over-limit customers flagged, and each
//! customer's credit status (§7.2). With `--history CUSTOMER`, that customer's history (§7.10).

use arledger_journal::Journal;
use arledger_report::ar::{
    credit_holds, credit_status, customer_history, customer_summary, records, CustomerRow,
    HoldReason, OpenItems,
};
use arledger_report::table::{Column, Document, Money, MoneyStyle, Table, Value};
use rust_decimal::Decimal;

use super::Output;
use crate::args::CustomersArgs;
use crate::session::Session;
use crate::Failure;

/// A decimal with exactly one decimal place (`80.0`), as the CSV has always shown them.
pub fn one_decimal(d: Decimal) -> Decimal {
    let mut d = d;
    d.rescale(1);
    d
}

/// Runs `customers`.
pub fn run(s: &Session, a: &CustomersArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let (filter, loaded, ar) = crate::receivables::start(s, &a.ar, a.customer.as_deref())?;
    let j = &loaded.journal;
    if let Some(query) = &a.history {
        let c = crate::receivables::find_customer(ar, query)?;
        let customer = &ar.customers.list[c];
        let mut doc = Document::new(format!(
            "History of {} ({}) at {}",
            customer.name, customer.id, ar.as_of
        ));
        let h = customer_history(j, ar, &records(j, ar), c);
        crate::history_tables::sections(&mut doc, j, ar, &h);
        out.push_str(&o.document(&doc));
        return Ok(());
    }
    let holds = credit_holds(j, ar, crate::books_config::for_books(&s.config)?.credit);
    let mut t = Table::new(vec![
        Column::text("customer"),
        Column::text("name"),
        Column::text("terms"),
        Column::amount("credit_limit"),
        Column::text("commodity"),
        Column::money("balance"),
        Column::money("overdue"),
        Column::percent("credit_used_pct"),
        Column::bool("over_limit"),
        Column::number("avg_days_to_pay"),
        Column::date("last_payment"),
        Column::text("email"),
        Column::text("credit_status"),
        Column::text("hold_reason"),
    ])
    .titled(format!("Customers at {}", ar.as_of))
    .with_id("customers");
    for r in customer_summary(j, ar)
        .iter()
        .filter(|r| crate::receivables::selects(filter.as_ref(), ar, r.customer))
    {
        t.push(row(j, ar, r, holds[r.customer]));
    }
    out.push_str(&o.table(&t));
    Ok(())
}

fn row(j: &Journal, ar: &OpenItems, r: &CustomerRow, hold: Option<HoldReason>) -> Vec<Value> {
    let c = &ar.customers.list[r.customer];
    // A customer without items has a balance of 0 in no commodity.
    let amount = |q| Value::Money(r.commodity.map_or_else(Money::zero, |k| Money::ar(j, k, q)));
    vec![
        c.id.clone().into(),
        c.name.clone().into(),
        c.terms.map(|t| t.to_string()).into(),
        c.credit_limit.as_ref().map_or(Value::Empty, |(q, s)| {
            Value::Money(Money {
                quantity: *q,
                commodity: s.clone(),
                style: MoneyStyle::written(j, s, *q),
            })
        }),
        r.commodity.map(|k| j.commodity_name(k)).into(),
        amount(r.balance),
        amount(r.overdue),
        r.credit_used
            .map_or(Value::Empty, |p| Value::Percent(one_decimal(p))),
        r.over_limit.into(),
        r.average_days_to_pay
            .map_or(Value::Empty, |d| Value::Number(one_decimal(d))),
        r.last_payment.into(),
        c.email.clone().into(),
        credit_status(hold).into(),
        hold.map(|h| h.name()).into(),
    ]
}
