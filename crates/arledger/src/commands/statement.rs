//! `arledger statement`: a customer's statement of account, as an AR clerk sends it.

use arledger_journal::Journal;
use arledger_report::ar::{aging, movement_name, statements, AgeBy, Buckets, OpenItems, Statement};
use regex::RegexBuilder;

use arledger_report::table::{Column, Document, Money, MoneyStyle, Table, Value};
use serde_json::json;

use super::Output;
use crate::args::{Format, Global, StatementArgs};
use crate::receivables::money;
use crate::render::json as json_out;
use crate::render::value::money_json;
use crate::Failure;

/// Runs `statement`.
pub fn run(g: &Global, a: &StatementArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let from = crate::input::date(g, &a.from)?;
    let to = crate::input::end_date(g, &a.to)?;
    if from > to {
        return Err(Failure::Usage(format!("--from {from} is after --to {to}")));
    }
    let (loaded, ar) = crate::receivables::load_at(g, &a.receivable_root, to)?;
    let j = &loaded.journal;
    let c = crate::receivables::find_customer(&ar, &a.customer)?;
    let list = statements(j, &ar, c, from);
    let doc = Doc {
        j,
        ar: &ar,
        c,
        from,
        to,
        list: &list,
    };
    out.push_str(&match o.format {
        Format::Csv => o.table(&doc.csv()),
        Format::Json => json_out::print(&doc.json()),
        _ => o.document(&doc.document()),
    });
    Ok(())
}

/// Everything a statement shows.
struct Doc<'a> {
    j: &'a Journal,
    ar: &'a OpenItems,
    c: usize,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    list: &'a [Statement],
}

impl Doc<'_> {
    fn title(&self) -> String {
        format!(
            "Statement of account: {}",
            self.ar.customers.list[self.c].name
        )
    }

    /// Who, how to reach them, their terms, the period.
    fn facts(&self) -> Vec<(String, Value)> {
        let c = &self.ar.customers.list[self.c];
        let mut v = vec![(
            "Customer".to_string(),
            Value::Text(format!("{} ({})", c.name, c.id)),
        )];
        let contact: Vec<&str> = [&c.contact, &c.email, &c.phone]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if !contact.is_empty() {
            v.push(("Contact".into(), contact.join(" · ").into()));
        }
        if let Some(t) = c.terms {
            v.push(("Terms".into(), t.to_string().into()));
        }
        if let Some((q, s)) = &c.credit_limit {
            v.push((
                "Credit limit".into(),
                Value::Money(Money {
                    quantity: *q,
                    commodity: s.clone(),
                    style: MoneyStyle::written(self.j, s, *q),
                }),
            ));
        }
        v.push((
            "Period".into(),
            format!("{} to {}", self.from, self.to).into(),
        ));
        v
    }

    fn activity_columns() -> Vec<Column> {
        vec![
            Column::date("date"),
            Column::text("type"),
            Column::text("reference"),
            Column::text("description").elided(),
            Column::money("amount"),
            Column::money("balance"),
        ]
    }

    /// The movements of one commodity between the opening and closing balance rows.
    fn activity_rows(&self, s: &Statement) -> Vec<Vec<Value>> {
        let j = self.j;
        let q = |x| money(j, s.commodity, x);
        let mut rows = vec![vec![
            Value::Empty,
            "opening balance".into(),
            Value::Empty,
            Value::Empty,
            Value::Empty,
            q(s.opening),
        ]];
        for l in &s.lines {
            rows.push(vec![
                l.date.into(),
                movement_name(l.kind).into(),
                Value::text_or_empty(l.references.join(", ")),
                j.text(j.transactions[l.txn.index()].description).into(),
                q(l.amount),
                q(l.balance),
            ]);
        }
        rows.push(vec![
            Value::Empty,
            "closing balance".into(),
            Value::Empty,
            Value::Empty,
            Value::Empty,
            q(s.closing),
        ]);
        rows
    }

    fn open_table(&self, s: &Statement) -> Table {
        let mut t = Table::new(vec![
            Column::text("item"),
            Column::date("date"),
            Column::date("due"),
            Column::int("days_overdue").label("days overdue"),
            Column::money("original"),
            Column::money("open"),
        ])
        .titled("Open items")
        .with_id("open-items");
        for &i in &s.open_items {
            let it = &self.ar.items[i];
            t.push(vec![
                it.reference(self.j).into_owned().into(),
                it.date.into(),
                it.due.into(),
                (self.to - it.due).num_days().into(),
                money(self.j, it.commodity, it.original),
                money(self.j, it.commodity, it.open),
            ]);
        }
        t
    }

    /// Aging of this customer at the end date, in the statement's commodity: bucket names
    /// and amounts.
    fn aging(&self, s: &Statement) -> Vec<(String, Value)> {
        let id = &self.ar.customers.list[self.c].id;
        let re = RegexBuilder::new(&format!("^{}$", regex::escape(id)))
            .build()
            .ok();
        let report = aging(
            self.j,
            self.ar,
            &Buckets::default(),
            AgeBy::Due,
            re.as_ref(),
        );
        let row = report
            .rows
            .iter()
            .find(|r| r.customer == Some(self.c) && r.commodity == s.commodity);
        let names = report.columns.iter().cloned().chain(["total".to_string()]);
        let amounts: Vec<rust_decimal::Decimal> = match row {
            Some(r) => r.buckets.iter().chain([&r.total]).copied().collect(),
            None => vec![rust_decimal::Decimal::ZERO; report.columns.len() + 1],
        };
        names
            .zip(amounts)
            .map(|(n, q)| (n, money(self.j, s.commodity, q)))
            .collect()
    }

    fn aging_table(&self, s: &Statement) -> Table {
        let cells = self.aging(s);
        let mut t = Table::new(cells.iter().map(|(n, _)| Column::money(n)).collect())
            .titled(format!("Aging at {}", self.to))
            .with_id("aging");
        t.push(cells.into_iter().map(|(_, v)| v).collect());
        t
    }

    /// The statement for people: facts, then per commodity its activity, aging and open items.
    fn document(&self) -> Document {
        let mut d = Document::new(self.title());
        d.facts(self.facts());
        if self.list.is_empty() {
            d.para("No activity and nothing open.");
        }
        for s in self.list {
            let c = self.j.commodity_name(s.commodity);
            d.heading(c);
            let mut activity =
                Table::new(Self::activity_columns()).with_id(format!("activity-{c}"));
            for r in self.activity_rows(s) {
                activity.push(r);
            }
            d.table(activity);
            d.table(self.aging_table(s));
            if !s.open_items.is_empty() {
                d.table(self.open_table(s));
            }
        }
        d
    }

    /// The activity of every commodity, for spreadsheets.
    fn csv(&self) -> Table {
        let id = &self.ar.customers.list[self.c].id;
        let mut columns = vec![Column::text("customer"), Column::text("commodity")];
        columns.extend(Self::activity_columns());
        let mut t = Table::new(columns);
        for s in self.list {
            for r in self.activity_rows(s) {
                let mut cells = vec![id.clone().into(), self.j.commodity_name(s.commodity).into()];
                cells.extend(r);
                t.push(cells);
            }
        }
        t
    }

    /// The statement for programs (docs/json.md, `statement`).
    fn json(&self) -> serde_json::Value {
        let c = &self.ar.customers.list[self.c];
        let j = self.j;
        let m = |k, q| money_json(&Money::ar(j, k, q));
        let list: Vec<serde_json::Value> = self
            .list
            .iter()
            .map(|s| {
                let k = s.commodity;
                let lines: Vec<serde_json::Value> = s
                    .lines
                    .iter()
                    .map(|l| {
                        json!({
                            "date": l.date.to_string(),
                            "type": movement_name(l.kind),
                            "references": l.references,
                            "description": j.text(j.transactions[l.txn.index()].description),
                            "amount": m(k, l.amount),
                            "balance": m(k, l.balance),
                        })
                    })
                    .collect();
                let open = crate::render::json::table(&self.open_table(s))["rows"].clone();
                let aging: serde_json::Map<String, serde_json::Value> = self
                    .aging(s)
                    .into_iter()
                    .map(|(n, v)| (n, crate::render::value::json(&v)))
                    .collect();
                json!({
                    "commodity": j.commodity_name(k),
                    "opening": m(k, s.opening),
                    "lines": lines,
                    "closing": m(k, s.closing),
                    "aging": aging,
                    "open_items": open,
                })
            })
            .collect();
        json!({
            "customer": c.id, "name": c.name, "from": self.from.to_string(), "to": self.to.to_string(),
            "terms": c.terms.map(|t| t.to_string()), "email": c.email, "statements": list,
        })
    }
}
