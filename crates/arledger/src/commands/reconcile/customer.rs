//! `arledger reconcile customer`: the customer's payables export (read by
//! [`arledger_report::reconcile::customer_export`]) against our items, invoice by invoice.

use arledger_report::reconcile::customer_export::read_export;
use arledger_report::reconcile::{reconcile_customer, TheirLine};

use crate::args::{CustomerReconArgs, Format};
use crate::bank_statement::fail_on;
use crate::commands::Output;
use crate::receivables::{find_customer, money, shown};
use crate::session::Session;
use crate::Failure;
use arledger_report::table::{Column, Table, Value};

/// Runs `reconcile customer`: exit 1 unless both sides agree on every invoice and in total.
pub fn run(
    s: &Session,
    a: &CustomerReconArgs,
    o: &Output,
    out: &mut String,
) -> Result<(), Failure> {
    let g = &s.config;
    let (theirs, inputs) = read_export(&a.their);
    fail_on(g, &inputs, "customer's export")?;
    let (loaded, ar) = s.receivables(&a.ar)?;
    let j = &loaded.journal;
    let c = find_customer(ar, &a.customer)?;
    let customer = &ar.customers.list[c];
    // One comparison per commodity of ours; their lines in another currency are left out.
    let mut commodities: Vec<_> = ar
        .items
        .iter()
        .filter(|it| it.customer == c)
        .map(|it| it.commodity)
        .collect();
    commodities.sort_by_key(|k| j.commodity_name(*k));
    commodities.dedup();
    if commodities.is_empty() {
        return Err(Failure::Usage(format!(
            "customer {} has no items on {}",
            customer.id, ar.as_of
        )));
    }
    let mut t = Table::new(vec![
        Column::text("reference"),
        Column::text("commodity"),
        Column::money("our_amount"),
        Column::money("our_open"),
        Column::money("their_amount"),
        Column::money("their_open"),
        Column::text("status"),
        Column::int("their_line"),
    ])
    .titled(format!(
        "Reconciliation with {} ({}) at {}",
        customer.id, customer.name, ar.as_of
    ))
    .with_id("reconcile-customer");
    let mut totals = Vec::new();
    let mut ties = true;
    for k in &commodities {
        let name = j.commodity_name(*k);
        let mine: Vec<TheirLine> = theirs
            .iter()
            .filter(|t| t.commodity.as_deref().is_none_or(|c| c == name))
            .cloned()
            .collect();
        let r = reconcile_customer(j, ar, c, *k, &mine).map_err(Failure::overflow)?;
        ties &= r.ties();
        let pair = |p: Option<(rust_decimal::Decimal, rust_decimal::Decimal)>| {
            p.map_or((Value::Empty, Value::Empty), |(a, o)| {
                (money(j, *k, a), money(j, *k, o))
            })
        };
        for l in &r.lines {
            let (our_amount, our_open) = pair(l.ours);
            let (their_amount, their_open) = pair(l.theirs);
            t.push(vec![
                l.reference.clone().into(),
                name.into(),
                our_amount,
                our_open,
                their_amount,
                their_open,
                l.verdict.label().into(),
                l.their.map(|i| mine[i].line as i64).into(),
            ]);
        }
        totals.push(format!(
            "{name}: we say {} is open, they say {}: difference {}",
            shown(j, *k, r.our_total),
            shown(j, *k, r.their_total),
            shown(j, *k, r.difference)
        ));
    }
    if o.format == Format::Csv || o.format == Format::Json {
        // Programs get the table alone; the totals go to standard error.
        for line in &totals {
            eprintln!("{}", crate::render::terminal::visible_text(line));
        }
        out.push_str(&o.table(&t));
    } else {
        out.push_str(&o.table_with_notes(&t, &[totals.join("\n")]));
    }
    if ties {
        Ok(())
    } else {
        Err(Failure::Found)
    }
}
