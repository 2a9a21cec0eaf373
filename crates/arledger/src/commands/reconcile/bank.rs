//! `arledger reconcile bank`: a bank statement against the postings of a bank account.
//!
//! Everything is read and checked before anything is shown: a bad rules file or statement
//! produces its errors and no report. The exit status is 1 while differences remain.

use std::path::Path;

use arledger_journal::format::{self, Grouping};
use arledger_journal::{Amount, Journal, Loaded};
use arledger_report::ar::file_line;
use arledger_report::reconcile::{
    suggest_payments, BankReconciliation, BankStatement, BankStatementLine, BookEntry, Suggestion,
    Totals,
};
use rust_decimal::Decimal;

use arledger_report::table::{Column, Document, Money, Table, Value};
use serde_json::json;

use crate::args::{BankArgs, Format};
use crate::commands::Output;
use crate::config::Config;
use crate::entries::{header_text, tag_text};
use crate::render::value::{money_json, money_shown};
use crate::session::Session;
use crate::Failure;

/// Runs `reconcile bank`.
pub fn run(s: &Session, a: &BankArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let g = &s.config;
    if a.emit_journal {
        o.journal_text("--emit-journal")?;
    }
    let from = a
        .from
        .as_deref()
        .map(|d| crate::input::date(g, d))
        .transpose()?;
    let to =
        a.to.as_deref()
            .map(|d| crate::input::end_date(g, d))
            .transpose()?;
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(Failure::Usage(format!("--from {f} is after --to {t}")));
        }
    }
    let loaded = s.journal()?;
    let j = &loaded.journal;
    let (st, rec) = crate::bank_statement::read_and_reconcile(
        g,
        j,
        &crate::bank_statement::Source {
            statement: &a.statement,
            rules: a.rules.as_deref(),
            account: &a.account,
        },
        from,
        to,
        a.window,
    )?;
    let doc = Doc {
        j,
        st: &st,
        rec: &rec,
        statement: &a.statement,
        account: &a.account,
    };
    let text = if a.emit_journal {
        emit_journal(g, a, loaded, &doc)?
    } else {
        match o.format {
            Format::Csv => o.table(&doc.csv()),
            Format::Json => crate::render::json::print(&doc.json()),
            _ => o.document(&doc.document()),
        }
    };
    out.push_str(&text);
    if rec.is_reconciled() {
        Ok(())
    } else {
        Err(Failure::Found)
    }
}

/// The report in each format.
struct Doc<'a> {
    j: &'a Journal,
    st: &'a BankStatement,
    rec: &'a BankReconciliation,
    statement: &'a Path,
    account: &'a str,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Doc<'_> {
    fn line(&self, i: usize) -> &BankStatementLine {
        &self.st.lines[i]
    }

    /// An amount of the statement's commodity (the journal's AR style when it knows it).
    fn money(&self, commodity: &str, q: Decimal) -> Money {
        Money::ar_named(self.j, commodity, q)
    }

    /// A statement line: line, date, amount, description, reference.
    fn line_cells(&self, i: usize) -> [Value; 5] {
        let l = self.line(i);
        [
            Value::Int(l.line as i64),
            l.date.into(),
            self.money(&l.commodity, l.amount).into(),
            Value::text_or_empty(l.description.clone()),
            Value::text_or_empty(l.reference.clone()),
        ]
    }

    /// The transaction a posting belongs to, as shown: `(code) description`.
    fn transaction(&self, b: &BookEntry) -> String {
        let j = self.j;
        let txn = &j.transactions[b.txn.index()];
        let desc = j.text(txn.description());
        match txn.code() {
            Some(c) if !c.is_empty() => format!("({}) {desc}", j.text(c)),
            _ => desc.to_string(),
        }
    }

    /// A posting: date, amount, journal location, transaction.
    fn entry_cells(&self, b: &BookEntry) -> [Value; 4] {
        let j = self.j;
        [
            b.date.into(),
            Money::ar(j, b.commodity, b.amount).into(),
            file_line(j, &j.postings[b.posting]).into(),
            self.transaction(b).into(),
        ]
    }

    fn line_columns() -> Vec<Column> {
        vec![
            Column::int("line"),
            Column::date("date"),
            Column::amount("amount"),
            Column::text("statement").elided(),
            Column::text("reference"),
        ]
    }

    fn entry_columns(amount: &str) -> Vec<Column> {
        vec![
            Column::date("booked"),
            Column::amount(amount),
            Column::text("journal"),
            Column::text("transaction").elided(),
        ]
    }

    /// A section of the report: a heading with its count, then the table.
    fn section(d: &mut Document, title: &str, mut t: Table) {
        t.empty = None;
        let n = t.rows.iter().filter(|r| !r.continues).count();
        d.heading(format!("{title}: {n}"));
        if n > 0 {
            d.table(t);
        }
    }

    /// The report for people.
    fn document(&self) -> Document {
        let rec = self.rec;
        let mut d = Document::new(format!(
            "Bank reconciliation of {} with {}",
            self.account,
            self.statement.display()
        ));
        let mut intro = format!(
            "Period {} to {}; a line and its posting may be {} apart.",
            rec.from,
            rec.to,
            plural(rec.window as usize, "day", "days")
        );
        if rec.outside_period > 0 {
            intro.push_str(&format!(
                " {} outside the period left out.",
                plural(rec.outside_period, "statement line", "statement lines")
            ));
        }
        d.para(intro);

        let postings: usize = rec.matches.iter().map(|m| m.entries.len()).sum();
        let mut columns = Self::line_columns();
        columns.push(Column::text("by"));
        columns.extend(Self::entry_columns("booked amount"));
        for c in &mut columns[..6] {
            c.once = true;
        }
        columns[7].symbol = false;
        let mut matched = Table::new(columns).with_id("matched");
        for m in &rec.matches {
            for (k, b) in m.entries.iter().enumerate() {
                let mut cells: Vec<Value> = self.line_cells(m.line).into();
                cells.push(m.by.name().into());
                cells.extend(self.entry_cells(b));
                if k == 0 {
                    matched.push(cells);
                } else {
                    matched.push_continued(cells);
                }
            }
        }
        d.heading(format!(
            "Matched: {}, {}",
            plural(rec.matches.len(), "statement line", "statement lines"),
            plural(postings, "posting", "postings")
        ));
        if !rec.matches.is_empty() {
            d.table(matched);
        }

        let mut t = Table::new(Self::line_columns()).with_id("not-booked");
        for &i in &rec.statement_only {
            t.push(self.line_cells(i).into());
        }
        Self::section(&mut d, "On the statement, not booked", t);

        let mut t = Table::new(Self::entry_columns("amount")).with_id("not-on-statement");
        for b in &rec.book_only {
            t.push(self.entry_cells(b).into());
        }
        Self::section(&mut d, "Booked, not on the statement", t);

        let mut columns = Self::line_columns();
        columns.extend(Self::entry_columns("booked amount"));
        columns[6].symbol = false;
        columns.insert(7, Column::money("difference"));
        let mut t = Table::new(columns).with_id("near-misses");
        for n in &rec.near_misses {
            let mut cells: Vec<Value> = self.line_cells(n.line).into();
            let [date, amount, journal, transaction] = self.entry_cells(&n.entry);
            cells.extend([
                date,
                amount,
                self.money(&self.line(n.line).commodity, n.difference)
                    .into(),
                journal,
                transaction,
            ]);
            t.push(cells);
        }
        Self::section(&mut d, "Near misses (same reference, another amount)", t);

        for t in &rec.totals {
            self.totals(&mut d, t);
        }
        d.para(self.verdict());
        d
    }

    /// The balances of one commodity, and how the difference is made up.
    fn totals(&self, d: &mut Document, t: &Totals) {
        let n = |q| Value::Money(self.money(&t.commodity, q));
        let mut table = Table::new(vec![Column::text("what"), Column::money("amount")])
            .with_id(format!("balances-{}", t.commodity));
        table.header = false;
        for (what, q) in [
            ("statement balance", t.statement_balance),
            ("book balance", t.book_balance),
            ("difference (book - statement)", t.difference),
            ("  booked, not on the statement", t.book_only),
            ("  less on the statement, not booked", t.statement_only),
            ("  near misses (booked - statement)", t.near_misses),
            ("  unexplained", t.unexplained),
        ] {
            table.push(vec![what.into(), n(q)]);
        }
        d.heading(if t.commodity.is_empty() {
            format!("Balances at {}", self.rec.to)
        } else {
            format!("Balances at {} in {}", self.rec.to, t.commodity)
        });
        d.table(table);
        let shown = |q| money_shown(&self.money(&t.commodity, q), false);
        let day_before = self.rec.from.pred_opt().unwrap_or(self.rec.from);
        match (t.opening_from_books, t.cleared_from_before.is_zero()) {
            (true, true) => {
                d.para(format!(
                    "The statement shows no running balance: its balance is the book balance on \
                     {day_before} plus its lines."
                ));
            }
            (true, false) => {
                d.para(format!(
                    "The statement shows no running balance: its balance is the book balance on \
                     {day_before}, less {} booked before the period and cleared in it, plus its lines.",
                    shown(t.cleared_from_before)
                ));
            }
            (false, false) => {
                d.para(format!(
                    "{} booked before the period cleared in it (in transit at its start).",
                    shown(t.cleared_from_before)
                ));
            }
            (false, true) => {}
        }
        if !t.unexplained.is_zero() {
            d.para(
                "The unexplained part is a difference between bank and books from before the \
                 period that no item clearing in it explains.",
            );
        }
    }

    /// One line saying whether the books tie, and if not, what remains.
    fn verdict(&self) -> String {
        let rec = self.rec;
        if rec.is_reconciled() {
            return "Reconciled: every statement line and posting matches.".into();
        }
        let mut parts = Vec::new();
        if !rec.statement_only.is_empty() {
            parts.push(plural(
                rec.statement_only.len(),
                "statement line not booked",
                "statement lines not booked",
            ));
        }
        if !rec.book_only.is_empty() {
            parts.push(plural(
                rec.book_only.len(),
                "posting not on the statement",
                "postings not on the statement",
            ));
        }
        if !rec.near_misses.is_empty() {
            parts.push(plural(rec.near_misses.len(), "near miss", "near misses"));
        }
        for t in rec.totals.iter().filter(|t| !t.unexplained.is_zero()) {
            parts.push(format!(
                "{} unexplained",
                money_shown(&self.money(&t.commodity, t.unexplained), true)
            ));
        }
        format!("Not reconciled: {}.", parts.join(", "))
    }

    /// Every statement line, posting and total as one table, for spreadsheets.
    fn csv(&self) -> Table {
        let mut t = Table::new(vec![
            Column::text("kind"),
            Column::text("by"),
            Column::text("commodity"),
            Column::int("line"),
            Column::date("date"),
            Column::money("amount"),
            Column::text("description"),
            Column::text("reference"),
            Column::date("book_date"),
            Column::money("book_amount"),
            Column::text("journal"),
            Column::text("transaction"),
            Column::money("difference"),
        ]);
        let row = |kind: &str,
                   by: &str,
                   commodity: &str,
                   l: Option<[Value; 5]>,
                   e: Option<[Value; 4]>,
                   difference: Money| {
            let [line, date, amount, description, reference] =
                l.unwrap_or_else(|| std::array::from_fn(|_| Value::Empty));
            let [book_date, book_amount, journal, transaction] =
                e.unwrap_or_else(|| std::array::from_fn(|_| Value::Empty));
            vec![
                kind.into(),
                Value::text_or_empty(by),
                Value::text_or_empty(commodity),
                line,
                date,
                amount,
                description,
                reference,
                book_date,
                book_amount,
                journal,
                transaction,
                difference.into(),
            ]
        };
        for m in &self.rec.matches {
            let c = &self.line(m.line).commodity;
            for b in &m.entries {
                t.push(row(
                    "matched",
                    m.by.name(),
                    c,
                    Some(self.line_cells(m.line)),
                    Some(self.entry_cells(b)),
                    self.money(c, Decimal::ZERO),
                ));
            }
        }
        for &i in &self.rec.statement_only {
            let l = self.line(i);
            t.push(row(
                "not-booked",
                "",
                &l.commodity,
                Some(self.line_cells(i)),
                None,
                self.money(&l.commodity, -l.amount),
            ));
        }
        for b in &self.rec.book_only {
            t.push(row(
                "not-on-statement",
                "",
                self.j.commodity_name(b.commodity),
                None,
                Some(self.entry_cells(b)),
                Money::ar(self.j, b.commodity, b.amount),
            ));
        }
        for n in &self.rec.near_misses {
            let c = &self.line(n.line).commodity;
            t.push(row(
                "near-miss",
                "",
                c,
                Some(self.line_cells(n.line)),
                Some(self.entry_cells(&n.entry)),
                self.money(c, n.difference),
            ));
        }
        for tot in &self.rec.totals {
            for (name, q) in [
                ("statement balance", tot.statement_balance),
                ("book balance", tot.book_balance),
                ("difference", tot.difference),
                ("not on the statement", tot.book_only),
                ("not booked", tot.statement_only),
                ("near misses", tot.near_misses),
                ("unexplained", tot.unexplained),
                ("cleared from before the period", tot.cleared_from_before),
            ] {
                let mut cells = vec![Value::Empty; 13];
                cells[0] = "total".into();
                cells[2] = Value::text_or_empty(tot.commodity.clone());
                cells[4] = self.rec.to.into();
                cells[5] = self.money(&tot.commodity, q).into();
                cells[6] = name.into();
                t.push_total(cells);
            }
        }
        t
    }

    /// The report for programs (docs/json.md, `reconcile bank`).
    fn json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        let line = |i: usize| {
            let l = self.line(i);
            json!({
                "line": l.line,
                "date": l.date.to_string(),
                "amount": money_json(&self.money(&l.commodity, l.amount)),
                "description": l.description,
                "reference": l.reference,
            })
        };
        let entry = |b: &BookEntry| {
            json!({
                "date": b.date.to_string(),
                "amount": money_json(&Money::ar(self.j, b.commodity, b.amount)),
                "journal": file_line(self.j, &self.j.postings[b.posting]),
                "transaction": self.transaction(b),
            })
        };
        let rec = self.rec;
        let matched: Vec<J> = rec
            .matches
            .iter()
            .map(|m| {
                let mut v = line(m.line);
                v["by"] = json!(m.by.name());
                v["postings"] = m.entries.iter().map(entry).collect();
                v
            })
            .collect();
        let near: Vec<J> = rec
            .near_misses
            .iter()
            .map(|n| {
                json!({
                    "line": line(n.line),
                    "posting": entry(&n.entry),
                    "difference": money_json(&self.money(&self.line(n.line).commodity, n.difference)),
                })
            })
            .collect();
        let totals: Vec<J> = rec
            .totals
            .iter()
            .map(|t| {
                let n = |q| money_json(&self.money(&t.commodity, q));
                json!({
                    "commodity": t.commodity,
                    "statement_balance": n(t.statement_balance),
                    "statement_opening_from_books": t.opening_from_books,
                    "cleared_from_before": n(t.cleared_from_before),
                    "book_balance": n(t.book_balance),
                    "difference": n(t.difference),
                    "not_on_statement": n(t.book_only),
                    "not_booked": n(t.statement_only),
                    "near_misses": n(t.near_misses),
                    "unexplained": n(t.unexplained),
                })
            })
            .collect();
        json!({
            "account": self.account,
            "statement": self.statement.display().to_string(),
            "from": rec.from.to_string(),
            "to": rec.to.to_string(),
            "window": rec.window,
            "reconciled": rec.is_reconciled(),
            "outside_period": rec.outside_period,
            "matched": matched,
            "not_booked": rec.statement_only.iter().map(|&i| line(i)).collect::<Vec<_>>(),
            "not_on_statement": rec.book_only.iter().map(entry).collect::<Vec<_>>(),
            "near_misses": near,
            "totals": totals,
        })
    }
}

/// The journal text for an amount, in the commodity's style (no digit groups).
fn journal_amount(j: &Journal, commodity: &str, q: Decimal) -> String {
    match j.commodities.get(commodity) {
        Some(c) => format::amount(
            j,
            Amount {
                quantity: q,
                commodity: c,
            },
            Grouping::Plain,
        ),
        None if commodity.is_empty() => q.to_string(),
        None => format!("{q} {}", format::symbol(commodity)),
    }
}

/// `--emit-journal`: a pending payment transaction per deposit that is not booked.
fn emit_journal(g: &Config, a: &BankArgs, loaded: &Loaded, doc: &Doc) -> Result<String, Failure> {
    let j = doc.j;
    let ar = crate::receivables::items_at(g, loaded, &a.receivable_root, doc.rec.to)?;
    let suggestions = suggest_payments(j, &ar, doc.st, doc.rec);
    let file = a.statement.file_name().map_or_else(
        || a.statement.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut s = crate::write::append::closers_for_emitted(loaded);
    if suggestions.is_empty() {
        s.push_str(&format!(
            "; Every deposit on {} from {} to {} is in the books.\n",
            header_text(&file),
            doc.rec.from,
            doc.rec.to
        ));
        return Ok(s);
    }
    s.push_str(&format!(
        "; Payments for the deposits on {} ({} to {}) that are not in the books,\n\
         ; written by arledger reconcile bank. Each is pending (!) until reviewed;\n\
         ; the payer-guess tag says what the guess of the customer rests on.\n",
        header_text(&file),
        doc.rec.from,
        doc.rec.to
    ));
    for sug in &suggestions {
        s.push('\n');
        s.push_str(&emit_one(j, &ar, doc.st, a, &file, sug));
    }
    Ok(s)
}

/// One pending payment transaction for a deposit, with its provenance tags.
fn emit_one(
    j: &Journal,
    ar: &arledger_report::ar::OpenItems,
    st: &BankStatement,
    a: &BankArgs,
    file: &str,
    sug: &Suggestion,
) -> String {
    let line = &st.lines[sug.line];
    let customer = sug.customer.map(|c| &ar.customers.list[c]);
    let payee = customer.map_or_else(
        || "Unidentified deposit".to_string(),
        |c| header_text(&c.name),
    );
    let text = header_text(if line.description.trim().is_empty() {
        &line.reference
    } else {
        &line.description
    });
    let mut s = format!("{} ! {payee}", line.date);
    if !text.is_empty() {
        s.push_str(&format!(" | {text}"));
    }
    s.push('\n');
    s.push_str(&format!(
        "    ; statement: {} line {}\n",
        tag_text(file),
        line.line
    ));
    let reference = tag_text(&line.reference);
    if !reference.is_empty() {
        s.push_str(&format!("    ; bank-ref: {reference}\n"));
    }
    s.push_str(&format!("    ; payer-guess: {}\n", sug.evidence.name()));
    let other = customer.map_or(a.suspense_account.as_str(), |c| j.account_name(c.account));
    let postings = [
        (
            a.account.as_str(),
            journal_amount(j, &line.commodity, line.amount),
        ),
        (other, journal_amount(j, &line.commodity, -line.amount)),
    ];
    let width = postings
        .iter()
        .map(|(acc, _)| acc.chars().count())
        .max()
        .unwrap_or(0)
        .max(34);
    let amount_width = postings
        .iter()
        .map(|(_, q)| q.chars().count())
        .max()
        .unwrap_or(0);
    for (k, (account, amount)) in postings.iter().enumerate() {
        s.push_str(&format!("    {account:<width$}  {amount:>amount_width$}"));
        if let (1, Some(i)) = (k, sug.invoice) {
            s.push_str(&format!("  ; invoice: {}", ar.items[i].reference(j)));
        }
        s.push('\n');
    }
    s
}
