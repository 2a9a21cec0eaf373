//! `arledger statement`: a customer's statement of account, as an AR clerk sends it.

use arledger_journal::Journal;
use arledger_report::ar::{aging, movement_name, statements, AgeBy, Buckets, OpenItems, Statement};
use arledger_report::{parse_date_arg, parse_end_date_arg};
use regex::RegexBuilder;

use super::ar::decimal;
use super::require_format;
use crate::args::{Format, Global, StatementArgs};
use crate::render::terminal::visible_text;
use crate::render::{csv, html, table};
use crate::Failure;

/// Runs `statement`.
pub fn run(g: &Global, a: &StatementArgs, out: &mut String) -> Result<(), Failure> {
    require_format(
        g.output,
        &[
            Format::Text,
            Format::Md,
            Format::Html,
            Format::Csv,
            Format::Json,
        ],
        "statement",
    )?;
    let usage = |e: &dyn std::fmt::Display| Failure::Usage(e.to_string());
    let from = parse_date_arg(&a.from).map_err(|e| usage(&e))?;
    let to = parse_end_date_arg(&a.to).map_err(|e| usage(&e))?;
    if from > to {
        return Err(Failure::Usage(format!("--from {from} is after --to {to}")));
    }
    let (loaded, ar) = super::ar::load_at(g, &a.receivable_root, to)?;
    let j = &loaded.journal;
    let c = super::ar::find_customer(&ar, &a.customer)?;
    let list = statements(j, &ar, c, from);
    let doc = Doc {
        j,
        ar: &ar,
        c,
        from,
        to,
        list: &list,
    };
    out.push_str(&match g.output {
        Format::Csv => doc.csv(),
        Format::Json => doc.json(),
        Format::Md => doc.markdown(),
        Format::Html => doc.html(),
        Format::Text => doc.text(),
    });
    Ok(())
}

/// Everything a statement shows, rendered in each format.
struct Doc<'a> {
    j: &'a Journal,
    ar: &'a OpenItems,
    c: usize,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    list: &'a [Statement],
}

const ACTIVITY: [&str; 6] = [
    "date",
    "type",
    "reference",
    "description",
    "amount",
    "balance",
];
const OPEN: [&str; 6] = ["item", "date", "due", "days overdue", "original", "open"];

impl Doc<'_> {
    fn header_lines(&self) -> Vec<String> {
        let c = &self.ar.customers.list[self.c];
        let mut v = vec![format!("{} ({})", c.name, c.id)];
        let contact: Vec<&str> = [&c.contact, &c.email, &c.phone]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if !contact.is_empty() {
            v.push(contact.join(" · "));
        }
        let mut terms = Vec::new();
        if let Some(t) = c.terms {
            terms.push(format!("Terms: {t}"));
        }
        if let Some((q, s)) = &c.credit_limit {
            terms.push(format!("Credit limit: {q} {s}"));
        }
        if !terms.is_empty() {
            v.push(terms.join("    "));
        }
        v.push(format!("Period: {} to {}", self.from, self.to));
        v
    }

    fn activity(&self, s: &Statement) -> Vec<Vec<String>> {
        let j = self.j;
        let amount = |q| decimal(j, s.commodity, q);
        let mut rows = vec![vec![
            String::new(),
            "opening balance".into(),
            String::new(),
            String::new(),
            String::new(),
            amount(s.opening),
        ]];
        for l in &s.lines {
            rows.push(vec![
                l.date.to_string(),
                movement_name(l.kind).to_string(),
                l.references.join(", "),
                j.text(j.transactions[l.txn.index()].description)
                    .to_string(),
                amount(l.amount),
                amount(l.balance),
            ]);
        }
        rows.push(vec![
            String::new(),
            "closing balance".into(),
            String::new(),
            String::new(),
            String::new(),
            amount(s.closing),
        ]);
        rows
    }

    fn open_rows(&self, s: &Statement) -> Vec<Vec<String>> {
        s.open_items
            .iter()
            .map(|&i| {
                let it = &self.ar.items[i];
                vec![
                    it.reference(self.j).into_owned(),
                    it.date.to_string(),
                    it.due.to_string(),
                    (self.to - it.due).num_days().to_string(),
                    decimal(self.j, it.commodity, it.original),
                    decimal(self.j, it.commodity, it.open),
                ]
            })
            .collect()
    }

    /// Aging of this customer at the end date: header and one row per commodity.
    fn aging_rows(&self, s: &Statement) -> (Vec<String>, Vec<String>) {
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
        let mut header = report.columns.clone();
        header.push("total".into());
        let row = report
            .rows
            .iter()
            .find(|r| r.customer == Some(self.c) && r.commodity == s.commodity);
        let cells = match row {
            Some(r) => r
                .buckets
                .iter()
                .chain([&r.total])
                .map(|q| decimal(self.j, s.commodity, *q))
                .collect(),
            None => vec![decimal(self.j, s.commodity, rust_decimal::Decimal::ZERO); header.len()],
        };
        (header, cells)
    }

    fn title(&self) -> String {
        format!(
            "Statement of account: {}",
            self.ar.customers.list[self.c].name
        )
    }

    fn text(&self) -> String {
        use table::Align::{Left, Right};
        let mut out = format!(
            "{}\n{}\n",
            self.title().to_uppercase(),
            self.header_lines().join("\n")
        );
        if self.list.is_empty() {
            out.push_str("\nNo activity and nothing open.\n");
        }
        for s in self.list {
            out.push_str(&format!("\n{}\n", self.j.commodity_name(s.commodity)));
            out.push_str(&table::render(
                Some(&ACTIVITY),
                &self.activity(s),
                &[Left, Left, Left, Left, Right, Right],
            ));
            let (h, cells) = self.aging_rows(s);
            let h: Vec<&str> = h.iter().map(String::as_str).collect();
            out.push_str(&format!("\nAging at {}\n", self.to));
            out.push_str(&table::render(Some(&h), &[cells], &vec![Right; h.len()]));
            if !s.open_items.is_empty() {
                out.push_str("\nOpen items\n");
                out.push_str(&table::render(
                    Some(&OPEN),
                    &self.open_rows(s),
                    &[Left, Left, Left, Right, Right, Right],
                ));
            }
        }
        // The customer's name and commodity lines above come from the journal.
        visible_text(&out).into_owned()
    }

    fn markdown(&self) -> String {
        let md_table = |header: &[&str], rows: &[Vec<String>]| {
            let esc = |c: &str| c.replace('|', "\\|");
            let mut t = format!(
                "| {} |\n|{}|\n",
                header.join(" | "),
                vec!["---"; header.len()].join("|")
            );
            for r in rows {
                t.push_str(&format!(
                    "| {} |\n",
                    r.iter().map(|c| esc(c)).collect::<Vec<_>>().join(" | ")
                ));
            }
            t
        };
        let mut out = format!(
            "# {}\n\n{}\n",
            self.title(),
            self.header_lines()
                .iter()
                .map(|l| format!("{l}  \n"))
                .collect::<String>()
        );
        if self.list.is_empty() {
            out.push_str("\nNo activity and nothing open.\n");
        }
        for s in self.list {
            out.push_str(&format!("\n## {}\n\n", self.j.commodity_name(s.commodity)));
            out.push_str(&md_table(&ACTIVITY, &self.activity(s)));
            let (h, cells) = self.aging_rows(s);
            let h: Vec<&str> = h.iter().map(String::as_str).collect();
            out.push_str(&format!("\n### Aging at {}\n\n", self.to));
            out.push_str(&md_table(&h, &[cells]));
            if !s.open_items.is_empty() {
                out.push_str("\n### Open items\n\n");
                out.push_str(&md_table(&OPEN, &self.open_rows(s)));
            }
        }
        visible_text(&out).into_owned()
    }

    fn html(&self) -> String {
        let mut body = format!("<h1>{}</h1>\n", html::escape(&self.title()));
        for l in self.header_lines() {
            body.push_str(&format!("<p>{}</p>\n", html::escape(&l)));
        }
        if self.list.is_empty() {
            body.push_str("<p>No activity and nothing open.</p>\n");
        }
        for s in self.list {
            body.push_str(&format!(
                "<h2>{}</h2>\n",
                html::escape(self.j.commodity_name(s.commodity))
            ));
            body.push_str(&html::table(&ACTIVITY, &self.activity(s), &[4, 5]));
            let (h, cells) = self.aging_rows(s);
            let h: Vec<&str> = h.iter().map(String::as_str).collect();
            body.push_str(&format!("<h3>Aging at {}</h3>\n", self.to));
            body.push_str(&html::table(
                &h,
                &[cells],
                &(0..h.len()).collect::<Vec<_>>(),
            ));
            if !s.open_items.is_empty() {
                body.push_str("<h3>Open items</h3>\n");
                body.push_str(&html::table(&OPEN, &self.open_rows(s), &[3, 4, 5]));
            }
        }
        html::page(&self.title(), &body)
    }

    fn csv(&self) -> String {
        let id = &self.ar.customers.list[self.c].id;
        let mut header = vec!["customer".to_string(), "commodity".to_string()];
        header.extend(ACTIVITY.iter().map(|h| h.to_string()));
        let mut recs = vec![header];
        for s in self.list {
            for r in self.activity(s) {
                let mut rec = vec![id.clone(), self.j.commodity_name(s.commodity).to_string()];
                rec.extend(r);
                recs.push(rec);
            }
        }
        csv(recs, false)
    }

    fn json(&self) -> String {
        let c = &self.ar.customers.list[self.c];
        let list: Vec<serde_json::Value> = self
            .list
            .iter()
            .map(|s| {
                let lines: Vec<serde_json::Value> = s
                    .lines
                    .iter()
                    .map(|l| {
                        serde_json::json!({
                            "date": l.date.to_string(),
                            "type": movement_name(l.kind),
                            "references": l.references,
                            "description": self.j.text(self.j.transactions[l.txn.index()].description),
                            "amount": decimal(self.j, s.commodity, l.amount),
                            "balance": decimal(self.j, s.commodity, l.balance),
                        })
                    })
                    .collect();
                let open: Vec<serde_json::Value> = self
                    .open_rows(s)
                    .into_iter()
                    .map(|r| serde_json::json!({"item": r[0], "date": r[1], "due": r[2], "days_overdue": r[3].parse::<i64>().unwrap_or_default(), "original": r[4], "open": r[5]}))
                    .collect();
                let (h, cells) = self.aging_rows(s);
                let aging: serde_json::Map<String, serde_json::Value> = h.into_iter().zip(cells.into_iter().map(serde_json::Value::String)).collect();
                serde_json::json!({
                    "commodity": self.j.commodity_name(s.commodity),
                    "opening": decimal(self.j, s.commodity, s.opening),
                    "lines": lines,
                    "closing": decimal(self.j, s.commodity, s.closing),
                    "aging": aging,
                    "open_items": open,
                })
            })
            .collect();
        let v = serde_json::json!({
            "customer": c.id, "name": c.name, "from": self.from.to_string(), "to": self.to.to_string(),
            "terms": c.terms.map(|t| t.to_string()), "email": c.email, "statements": list,
        });
        serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
    }
}
