//! The statement of account a customer receives: balance forward, the period's activity,
//! aging, amount due, how to pay and a remittance slip — per commodity the customer has items
//! in. The internal credit limit is never on it.

use arledger_journal::Journal;
use chrono::NaiveDate;
use regex::Regex;
use rust_decimal::Decimal;

use super::invoice::note_of;
use super::{BusinessDocument, Issuer, Kind, Party, Slip, Total};
use crate::ar::{aging, movement_name, net, statements, AgeBy, Buckets, OpenItems, Statement};
use crate::table::{Column, Money, Table, Value};

/// The period a statement covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatementPeriod {
    /// First day.
    pub from: NaiveDate,
    /// Last day, inclusive: the statement date (`ar` must be built as of it).
    pub to: NaiveDate,
}

/// What a statement line says beyond its type: the transaction's note, not the payee (the
/// statement is addressed to the payee already).
fn line_text(description: &str, customer: &crate::ar::Customer) -> String {
    if let Some(note) = note_of(description) {
        return note;
    }
    let d = description.trim();
    if d.eq_ignore_ascii_case(&customer.name) || d.eq_ignore_ascii_case(&customer.id) {
        String::new()
    } else {
        d.to_string()
    }
}

/// The activity of one commodity: balance forward, movements, closing balance.
fn activity(j: &Journal, ar: &OpenItems, s: &Statement) -> Table {
    let k = s.commodity;
    let money = |q| Value::Money(Money::ar(j, k, q));
    let c = &ar.customers.list[s.customer];
    let mut t = Table::new(vec![
        Column::date("date"),
        Column::text("type"),
        Column::text("reference"),
        Column::text("description").elided(),
        Column::money("amount"),
        Column::money("balance"),
    ])
    .titled(format!("Activity ({})", j.commodity_name(k)))
    .with_id(format!("activity-{}", j.commodity_name(k)));
    t.push(vec![
        s.from.into(),
        "balance forward".into(),
        Value::Empty,
        Value::Empty,
        Value::Empty,
        money(s.opening),
    ]);
    for l in &s.lines {
        let description = j.text(j.transactions[l.txn.index()].description());
        t.push(vec![
            l.date.into(),
            movement_name(l.kind).into(),
            Value::text_or_empty(l.references.join(", ")),
            Value::text_or_empty(line_text(description, c)),
            money(l.amount),
            money(l.balance),
        ]);
    }
    t
}

/// The customer's aging at the statement date in one commodity, as a one-row table.
fn aging_table(j: &Journal, ar: &OpenItems, s: &Statement) -> Table {
    let id = &ar.customers.list[s.customer].id;
    let re = Regex::new(&format!("^{}$", regex::escape(id))).ok();
    let report = aging(j, ar, &Buckets::default(), AgeBy::Due, re.as_ref());
    let row = report
        .rows
        .iter()
        .find(|r| r.customer == Some(s.customer) && r.commodity == s.commodity);
    let mut columns: Vec<Column> = report.columns.iter().map(|n| Column::money(n)).collect();
    columns.push(Column::money("total"));
    let amounts: Vec<Value> = match row {
        Some(r) => r.buckets.iter().chain([&r.total]).copied().collect(),
        None => vec![Decimal::ZERO; report.columns.len() + 1],
    }
    .into_iter()
    .map(|q| Value::Money(Money::ar(j, s.commodity, q)))
    .collect();
    let mut t = Table::new(columns)
        .titled(format!(
            "Aging at {} ({})",
            s.to,
            j.commodity_name(s.commodity)
        ))
        .with_id(format!("aging-{}", j.commodity_name(s.commodity)));
    t.push(amounts);
    t
}

/// The items open at the statement date, with their pending early-payment discounts: the
/// statement document's table, and the `open_items` of `statement -O json`.
pub fn open_items_table(j: &Journal, ar: &OpenItems, s: &Statement) -> Table {
    // The PO column only when an item has one (§7.8): most customers never send a PO.
    let po = |i: usize| crate::ar::po_of(j, &ar.items[i]);
    let with_po = s.open_items.iter().any(|&i| po(i).is_some());
    let mut columns = vec![
        Column::text("item"),
        Column::date("date"),
        Column::date("due"),
        Column::int("days_overdue").label("days overdue"),
        Column::money("original"),
        Column::money("open"),
        Column::date("discount_date").label("discount by"),
        Column::money("discount"),
    ];
    if with_po {
        columns.insert(1, Column::text("po").label("PO"));
    }
    let mut t = Table::new(columns)
        .titled(format!("Open items ({})", j.commodity_name(s.commodity)))
        .with_id(format!("open-items-{}", j.commodity_name(s.commodity)));
    for &i in &s.open_items {
        let it = &ar.items[i];
        let offer = crate::ar::discounts::pending(j, ar, it, s.to);
        let mut row: Vec<Value> = vec![it.reference(j).into_owned().into()];
        if with_po {
            row.push(po(i).into());
        }
        row.extend([
            it.date.into(),
            it.due.into(),
            (s.to - it.due).num_days().into(),
            Value::Money(Money::ar(j, it.commodity, it.original())),
            Value::Money(Money::ar(j, it.commodity, it.open)),
            offer.map_or(Value::Empty, |o| o.date.into()),
            offer.map_or(Value::Empty, |o| {
                Value::Money(Money::ar(j, it.commodity, o.amount))
            }),
        ]);
        t.push(row);
    }
    t
}

/// Whether customer `c` has anything to state for the period: a balance or activity.
pub fn has_content(j: &Journal, ar: &OpenItems, c: usize, period: StatementPeriod) -> bool {
    statements(j, ar, c, period.from)
        .iter()
        .any(|s| !s.lines.is_empty() || !s.closing.is_zero())
}

/// The statement of customer `c` for `period` (`ar` built as of `period.to`).
pub fn statement(
    j: &Journal,
    ar: &OpenItems,
    c: usize,
    period: StatementPeriod,
    issuer: &Issuer,
) -> BusinessDocument {
    let cust = &ar.customers.list[c];
    let list = statements(j, ar, c, period.from);
    let mut facts: Vec<(String, Value)> = vec![
        ("Statement date".into(), period.to.into()),
        (
            "Period".into(),
            format!("{} to {}", period.from, period.to).into(),
        ),
        ("Customer id".into(), cust.id.clone().into()),
    ];
    if let Some(t) = cust.terms {
        facts.push(("Terms".into(), t.to_string().into()));
    }
    let mut tables = Vec::new();
    let mut totals = Vec::new();
    let mut due = Vec::new();
    for s in &list {
        tables.push(activity(j, ar, s));
        tables.push(aging_table(j, ar, s));
        if !s.open_items.is_empty() {
            tables.push(open_items_table(j, ar, s));
        }
        let name = j.commodity_name(s.commodity);
        let amount = Money::ar(j, s.commodity, s.closing.max(Decimal::ZERO));
        // Credits are netted where the customer reads the amount due (§7.3).
        let owed = s
            .open_items
            .iter()
            .map(|&i| ar.items[i].owed(ar.items[i].open))
            .sum();
        let netting = net(ar, c, s.commodity, owed);
        if !netting.credit.is_zero() && !netting.owed.is_zero() {
            totals.push(Total {
                label: format!("Open invoices ({name})"),
                amount: Money::ar(j, s.commodity, netting.owed),
                strong: false,
            });
            totals.push(Total {
                label: format!("Less your credits ({name})"),
                amount: Money::ar(j, s.commodity, -netting.credit),
                strong: false,
            });
        }
        if s.closing < Decimal::ZERO {
            totals.push(Total {
                label: format!("Credit balance ({name})"),
                amount: Money::ar(j, s.commodity, -s.closing),
                strong: false,
            });
        }
        totals.push(Total {
            label: format!("Amount due ({name})"),
            amount: amount.clone(),
            strong: true,
        });
        due.push(amount);
    }
    let notes = if list.is_empty() {
        vec!["No activity and nothing open.".to_string()]
    } else {
        Vec::new()
    };
    BusinessDocument {
        kind: Kind::Statement,
        number: None,
        date: period.to,
        issuer: issuer.clone(),
        recipient: Party::of(cust),
        facts,
        subject: None,
        intro: Vec::new(),
        tables,
        totals,
        payment: BusinessDocument::payment_lines(issuer),
        notes,
        slip: Some(Slip {
            customer_id: cust.id.clone(),
            customer_name: cust.name.clone(),
            date: period.to,
            amounts_due: due,
        }),
    }
}
