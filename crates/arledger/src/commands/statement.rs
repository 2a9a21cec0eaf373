//! `arledger statement`: a customer's statement of account, as an AR clerk sends it: the
//! document (text, Markdown, HTML, PDF) for one customer or, with `--all`, every customer with
//! a balance or activity; its activity as CSV or JSON for programs.

use arledger_journal::period::end_of_month;
use arledger_journal::Journal;
use arledger_report::ar::{aging, movement_name, statements, AgeBy, Buckets, OpenItems, Statement};
use arledger_report::documents::statement::{has_content, open_items_table};
use arledger_report::documents::{statement, Issuer, StatementPeriod};
use chrono::Datelike;
use regex::RegexBuilder;

use arledger_report::table::{Column, Money, Table, Value};
use serde_json::json;

use super::Output;
use crate::args::{Format, StatementArgs};
use crate::config::Config;
use crate::receivables::money;
use crate::render::business::{bytes, emit, write, Settings};
use crate::render::json as json_out;
use crate::render::value::money_json;
use crate::session::Session;
use crate::Failure;

/// The period of the statement: `--from`/`--to`, else the month of `--date` (default today).
fn period(g: &Config, a: &StatementArgs) -> Result<StatementPeriod, Failure> {
    let today = g.today;
    let month = match &a.date {
        Some(d) => crate::input::end_date(g, d)?,
        None => today,
    };
    let to = match &a.to {
        Some(t) => crate::input::end_date(g, t)?,
        None if a.from.is_some() => today,
        None => end_of_month(month),
    };
    let from = match &a.from {
        Some(f) => crate::input::date(g, f)?,
        None => to.with_day(1).unwrap_or(to),
    };
    if from > to {
        return Err(Failure::Usage(format!("--from {from} is after --to {to}")));
    }
    Ok(StatementPeriod { from, to })
}

/// Runs `statement`.
pub fn run(s: &Session, a: &StatementArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let g = &s.config;
    let p = period(g, a)?;
    let config = crate::books_config::for_books(g)?;
    let settings = Settings {
        templates: config.documents.templates.as_deref(),
        page_size: config.documents.page_size,
    };
    let issuer = &config.documents.issuer;
    let (loaded, ar) = s.receivables_at(&a.receivable_root, p.to)?;
    let j = &loaded.journal;
    let customers: Vec<usize> = match &a.customer {
        Some(query) => vec![crate::receivables::find_customer(ar, query)?],
        None => (0..ar.customers.list.len())
            .filter(|&c| has_content(j, ar, c, p))
            .collect(),
    };
    if a.mail.wanted() {
        let docs: Vec<_> = customers
            .iter()
            .map(|&c| {
                let id = &ar.customers.list[c].id;
                let key = format!("statement {id} {} {}", p.from, p.to);
                (key, statement(j, ar, c, p, issuer))
            })
            .collect();
        return crate::mail::run(g, &config, &a.mail, &docs, None, out);
    }
    let (Some(_), [c]) = (&a.customer, &customers[..]) else {
        return all(j, ar, &customers, p, o, &settings, issuer, out);
    };
    let c = *c;
    let list = statements(j, ar, c, p.from);
    let doc = Doc {
        j,
        ar,
        c,
        from: p.from,
        to: p.to,
        list: &list,
    };
    match o.format {
        Format::Csv => out.push_str(&o.table(&doc.csv())),
        Format::Json => out.push_str(&json_out::print(&doc.json())),
        f => {
            let d = statement(j, ar, c, p, issuer);
            emit(&d, f, o.file.as_deref(), &settings, out)?;
        }
    }
    Ok(())
}

/// `--all`: one file per customer with a balance or activity, into the `-o` directory; the
/// files written are listed on standard output.
#[allow(clippy::too_many_arguments)]
fn all(
    j: &Journal,
    ar: &OpenItems,
    customers: &[usize],
    p: StatementPeriod,
    o: &Output,
    settings: &Settings,
    issuer: &Issuer,
    out: &mut String,
) -> Result<(), Failure> {
    let dir = o.file.as_deref().ok_or_else(|| {
        Failure::Usage(
            "statement --all writes one file per customer: give the directory with -o DIR".into(),
        )
    })?;
    if matches!(o.format, Format::Csv | Format::Json) {
        return Err(Failure::Usage(
            "statement --all writes documents: -O text, md, html or pdf".into(),
        ));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::Usage(format!("cannot create {}: {e}", dir.display())))?;
    let ext = match o.format {
        Format::Text => "txt",
        f => f.name(),
    };
    for &c in customers {
        let d = statement(j, ar, c, p, issuer);
        let path = dir.join(d.file_name(ext));
        write(&path, &bytes(&d, o.format, settings)?)?;
        out.push_str(&format!("{}\n", path.display()));
    }
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
                j.text(j.transactions[l.txn.index()].description()).into(),
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
                            "description": j.text(j.transactions[l.txn.index()].description()),
                            "amount": m(k, l.amount),
                            "balance": m(k, l.balance),
                        })
                    })
                    .collect();
                let open = crate::render::json::table(&open_items_table(self.j, self.ar, s))
                    ["rows"]
                    .clone();
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
