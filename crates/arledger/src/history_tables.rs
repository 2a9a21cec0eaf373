//! A customer's history (§7.10) as document sections (`customers --history`, the customer
//! pages of `site`): the days-to-pay trend, promises, disputes and returned payments, typed
//! (see [`arledger_report::table`]).

use arledger_journal::Journal;
use arledger_report::ar::{CustomerHistory, OpenItems, PromiseState};
use arledger_report::table::{Column, Document, Table, Value};

use crate::receivables::money;

/// A table whose id is `id`, saying `None.` when it has no rows.
fn table(id: &str, columns: Vec<Column>) -> Table {
    let mut t = Table::new(columns).with_id(id);
    t.empty = Some("None.".into());
    t
}

/// The words for a promise's outcome.
fn state_name(s: PromiseState) -> &'static str {
    match s {
        PromiseState::Kept => "kept",
        PromiseState::Broken => "broken",
        PromiseState::Pending => "pending",
    }
}

/// Appends the four sections of `h` to `doc`, each under its heading.
pub fn sections(doc: &mut Document, j: &Journal, ar: &OpenItems, h: &CustomerHistory) {
    let reference = |i: usize| -> Value { ar.items[i].reference(j).into_owned().into() };
    let amount = |i: usize, q| money(j, ar.items[i].commodity, q);
    let commodity = |i: usize| -> Value { j.commodity_name(ar.items[i].commodity).into() };

    doc.heading("Days to pay by month");
    // One decimal place, as `customers` shows its average.
    let one_decimal = |d: rust_decimal::Decimal| {
        let mut d = d;
        d.rescale(1);
        d
    };
    if let Some(d) = h.average_days_to_pay {
        let n: usize = h.trend.iter().map(|m| m.invoices).sum();
        let plural = if n == 1 { "" } else { "s" };
        doc.para(format!(
            "{n} invoice{plural} paid, in {} days on average; by the month they were paid in full:",
            one_decimal(d)
        ));
    }
    let mut t = table(
        "days-to-pay",
        vec![
            Column::date("month"),
            Column::int("invoices"),
            Column::number("avg_days_to_pay"),
        ],
    );
    for m in &h.trend {
        t.push(vec![
            m.month.into(),
            i64::try_from(m.invoices).unwrap_or(i64::MAX).into(),
            Value::Number(one_decimal(m.average_days_to_pay)),
        ]);
    }
    doc.table(t);

    doc.heading("Promises");
    let mut t = table(
        "promises",
        vec![
            Column::text("item"),
            Column::date("made"),
            Column::date("promised_by"),
            Column::text("commodity"),
            Column::money("amount"),
            Column::date("paid_on"),
            Column::text("state"),
        ],
    );
    for p in &h.promises {
        t.push(vec![
            reference(p.item),
            p.made.into(),
            p.by.into(),
            commodity(p.item),
            amount(p.item, p.amount),
            p.paid_on.into(),
            state_name(p.state).into(),
        ]);
    }
    doc.table(t);

    doc.heading("Disputes");
    let mut t = table(
        "disputes",
        vec![
            Column::text("item"),
            Column::date("opened"),
            Column::text("reason"),
            Column::text("commodity"),
            Column::money("amount"),
            Column::date("resolved"),
            Column::int("days"),
        ],
    );
    for d in &h.disputes {
        t.push(vec![
            reference(d.item),
            d.opened.into(),
            d.reason.clone().into(),
            commodity(d.item),
            amount(d.item, d.amount),
            d.resolved.into(),
            d.days.into(),
        ]);
    }
    doc.table(t);

    doc.heading("Returned payments");
    let mut t = table(
        "returned-payments",
        vec![
            Column::date("date"),
            Column::text("payment"),
            Column::text("items"),
            Column::text("commodity"),
            Column::money("amount"),
            Column::money("fee"),
        ],
    );
    for r in &h.returned {
        let items: Vec<String> = r
            .items
            .iter()
            .map(|&i| ar.items[i].reference(j).into_owned())
            .collect();
        t.push(vec![
            r.date.into(),
            r.payment.clone().into(),
            items.join(", ").into(),
            j.commodity_name(r.commodity).into(),
            money(j, r.commodity, r.amount),
            money(j, r.commodity, r.fee),
        ]);
    }
    doc.table(t);
}
