//! `arledger reconcile bank`: a bank statement against the postings of a bank account.
//!
//! Everything is read and checked before anything is shown: a bad rules file or statement
//! produces its errors and no report. The exit status is 1 while differences remain.

use std::path::Path;

use arledger_journal::format::{self, Grouping};
use arledger_journal::{AccountId, Amount, Journal, Loaded};
use arledger_report::ar::file_line;
use arledger_report::reconcile::{
    reconcile_bank, suggest_payments, BankOptions, BankReconciliation, BookEntry, Exactness,
    Statement, StatementLine, Suggestion, Totals,
};
use arledger_report::{parse_date_arg, parse_end_date_arg};
use rust_decimal::Decimal;

use super::statement::{read_rules, read_statement, Inputs, Rules};
use crate::args::{BankArgs, Format, Global};
use crate::commands::ar::decimal;
use crate::commands::{overflow, require_format, TABLE_FORMATS};
use crate::entries::{header_text, tag_text};
use crate::input::{journal_for_report, style};
use crate::render::{csv, diagnostics, table};
use crate::Failure;

/// Runs `reconcile bank`.
pub fn run(g: &Global, a: &BankArgs, out: &mut String) -> Result<(), Failure> {
    if a.emit_journal {
        if g.output != Format::Text {
            return Err(Failure::Usage(
                "--emit-journal prints journal text; it cannot be combined with -O".into(),
            ));
        }
    } else {
        require_format(g.output, TABLE_FORMATS, "reconcile bank")?;
    }
    let usage = |e: &dyn std::fmt::Display| Failure::Usage(e.to_string());
    let from = a
        .from
        .as_deref()
        .map(parse_date_arg)
        .transpose()
        .map_err(|e| usage(&e))?;
    let to =
        a.to.as_deref()
            .map(parse_end_date_arg)
            .transpose()
            .map_err(|e| usage(&e))?;
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(Failure::Usage(format!("--from {f} is after --to {t}")));
        }
    }
    let loaded = journal_for_report(g)?;
    let j = &loaded.journal;
    let (st, rec) = read_and_reconcile(
        g,
        j,
        &Source {
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
        emit_journal(g, a, &loaded, &doc)?
    } else {
        match g.output {
            Format::Csv => doc.csv(),
            Format::Json => doc.json(),
            _ => doc.text(),
        }
    };
    out.push_str(&text);
    if rec.is_reconciled() {
        Ok(())
    } else {
        Err(Failure::Found)
    }
}

/// Where a statement comes from: its file, its rules file, and the bank account it is for.
pub struct Source<'a> {
    /// The statement CSV.
    pub statement: &'a Path,
    /// The rules file, if any.
    pub rules: Option<&'a Path>,
    /// The bank account's name in the journal.
    pub account: &'a str,
}

/// Reads the rules file and the statement (failing with their errors, rendered like journal
/// errors) and reconciles the period: `from`/`to` default to the statement's first and last
/// dates.
pub fn read_and_reconcile(
    g: &Global,
    j: &Journal,
    src: &Source,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    window: u32,
) -> Result<(Statement, BankReconciliation), Failure> {
    let mut inputs = Inputs::default();
    let rules = match src.rules {
        Some(path) => read_rules(&mut inputs, path),
        None => Rules::default(),
    };
    fail_on(g, &inputs, "rules file")?;
    let account = find_account(j, src.account)?;
    let commodity = match &rules.commodity {
        Some(c) => Ok(c.clone()),
        None => account_commodity(j, account),
    };
    let exact = Exactness::from_books(j, account).map_err(|posting| {
        let p = &j.postings[posting];
        let d = arledger_journal::Diagnostic::error(
            arledger_journal::Code::Overflow,
            j.amount_span(p),
            format!(
                "the postings of {} are too large to reconcile exactly",
                src.account
            ),
        )
        .note("a reconciliation adds them up with the statement's amounts; some of its totals would need more than 28 significant digits")
        .expected("amounts whose sizes add up to at most 28 significant digits, with their decimals");
        Failure::Journal(format!(
            "{}\n1 error in the books; nothing was reconciled",
            diagnostics::human(&d, &j.sources, style(g.color))
        ))
    })?;
    let st = read_statement(
        &mut inputs,
        src.statement,
        &rules,
        commodity.as_deref().map_err(String::as_str),
        exact,
    );
    fail_on(g, &inputs, "statement")?;
    let dates = || st.lines.iter().map(|l| l.date);
    let (Some(from), Some(to)) = (from.or_else(|| dates().min()), to.or_else(|| dates().max()))
    else {
        return Err(Failure::Usage(format!(
            "{} has no lines: give the period with --from and --to",
            src.statement.display()
        )));
    };
    if from > to {
        return Err(Failure::Usage(format!(
            "the period would run from {from} to {to}: give --from and --to"
        )));
    }
    let opts = BankOptions {
        account,
        from,
        to,
        window,
    };
    let rec = reconcile_bank(j, &st, &opts).map_err(overflow)?;
    Ok((st, rec))
}

/// A titled list of the text report: `TITLE: N`, then the table when there are rows.
fn section(
    s: &mut String,
    title: &str,
    rows: &[Vec<String>],
    header: &[&str],
    align: &[table::Align],
) {
    s.push_str(&format!("\n{title}: {}\n", rows.len()));
    if !rows.is_empty() {
        s.push('\n');
        s.push_str(&table::render(Some(header), rows, align));
    }
}

/// Fails with the problems found in the rules file or statement, rendered like journal errors.
pub(super) fn fail_on(g: &Global, inputs: &Inputs, what: &str) -> Result<(), Failure> {
    fail_with(g, inputs, what, "nothing was reconciled")
}

/// Fails with the problems of `inputs` (in file order), rendered like journal errors, saying
/// `consequence` after their count.
pub(crate) fn fail_with(
    g: &Global,
    inputs: &Inputs,
    what: &str,
    consequence: &str,
) -> Result<(), Failure> {
    if inputs.diagnostics.is_empty() {
        return Ok(());
    }
    let mut sorted: Vec<&arledger_journal::Diagnostic> = inputs.diagnostics.iter().collect();
    sorted.sort_by_key(|d| (d.span.source, d.span.start));
    let text: Vec<String> = sorted
        .iter()
        .map(|d| diagnostics::human(d, &inputs.sources, style(g.color)))
        .collect();
    let n = inputs.diagnostics.len();
    Err(Failure::Journal(format!(
        "{}\n{n} error{} in the {what}; {consequence}",
        text.join("\n"),
        if n == 1 { "" } else { "s" }
    )))
}

/// The account named by --account: its exact name.
fn find_account(j: &Journal, name: &str) -> Result<AccountId, Failure> {
    if let Some(id) = j.accounts.get(name) {
        return Ok(id);
    }
    let needle = name.rsplit(':').next().unwrap_or(name).to_lowercase();
    let similar: Vec<&str> = j
        .accounts
        .iter()
        .map(|(_, n)| n)
        .filter(|n| n.to_lowercase().contains(&needle))
        .take(5)
        .collect();
    Err(Failure::Usage(if similar.is_empty() {
        format!("no account `{name}` in the journal")
    } else {
        format!(
            "no account `{name}` in the journal (similar: {})",
            similar.join(", ")
        )
    }))
}

/// The commodity of the account's postings (of non-zero amounts), when they all have the same
/// one.
fn account_commodity(j: &Journal, account: AccountId) -> Result<String, String> {
    let mut seen: Vec<&str> = j
        .postings
        .iter()
        .filter(|p| p.account == account && !p.amount.quantity.is_zero())
        .map(|p| j.commodity_name(p.amount.commodity))
        .collect();
    seen.sort_unstable();
    seen.dedup();
    let name = j.account_name(account);
    match seen[..] {
        [one] => Ok(one.to_string()),
        [] => Err(format!("{name} has no postings to take it from")),
        _ => Err(format!("{name} has postings in {}", seen.join(", "))),
    }
}

/// An amount as a plain decimal with the journal's precision for its commodity.
fn number(j: &Journal, commodity: &str, q: Decimal) -> String {
    match j.commodities.get(commodity) {
        Some(c) => decimal(j, c, q),
        None if q.is_zero() => Decimal::ZERO.to_string(),
        None => q.to_string(),
    }
}

/// A text cell cut to `n` characters.
fn short(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_string()
    } else {
        text.chars().take(n - 1).chain(['…']).collect()
    }
}

/// The report in each format.
struct Doc<'a> {
    j: &'a Journal,
    st: &'a Statement,
    rec: &'a BankReconciliation,
    statement: &'a Path,
    account: &'a str,
}

/// The cells describing a statement line: line, date, amount, description, reference.
struct LineCells {
    line: String,
    date: String,
    amount: String,
    description: String,
    reference: String,
}

/// The cells describing a posting: date, amount, journal location, transaction.
struct EntryCells {
    date: String,
    amount: String,
    journal: String,
    transaction: String,
}

const CSV_HEADER: [&str; 13] = [
    "kind",
    "by",
    "commodity",
    "line",
    "date",
    "amount",
    "description",
    "reference",
    "book_date",
    "book_amount",
    "journal",
    "transaction",
    "difference",
];

impl Doc<'_> {
    fn line(&self, i: usize) -> &StatementLine {
        &self.st.lines[i]
    }

    fn line_cells(&self, i: usize) -> LineCells {
        let l = self.line(i);
        LineCells {
            line: l.line.to_string(),
            date: l.date.to_string(),
            amount: number(self.j, &l.commodity, l.amount),
            description: l.description.clone(),
            reference: l.reference.clone(),
        }
    }

    fn entry_cells(&self, b: &BookEntry) -> EntryCells {
        let j = self.j;
        let txn = &j.transactions[b.txn.index()];
        let desc = j.text(txn.description);
        EntryCells {
            date: b.date.to_string(),
            amount: decimal(j, b.commodity, b.amount),
            journal: file_line(j, &j.postings[b.posting]),
            transaction: match txn.code {
                Some(c) if !c.is_empty() => format!("({}) {desc}", j.text(c)),
                _ => desc.to_string(),
            },
        }
    }

    fn with_symbol(&self, amount: String, commodity: &str) -> String {
        if commodity.is_empty() {
            amount
        } else {
            format!("{amount} {commodity}")
        }
    }

    fn text(&self) -> String {
        use table::Align::{Left, Right};
        let rec = self.rec;
        let mut s = format!(
            "Bank reconciliation of {} with {}\nPeriod {} to {}; a line and its posting may be {} day{} apart\n",
            self.account,
            self.statement.display(),
            rec.from,
            rec.to,
            rec.window,
            if rec.window == 1 { "" } else { "s" }
        );
        if rec.outside_period > 0 {
            s.push_str(&format!(
                "{} statement line{} outside the period left out\n",
                rec.outside_period,
                if rec.outside_period == 1 { "" } else { "s" }
            ));
        }
        let cut = |t: &str| short(t, 30);
        let sym = |i: usize| self.line(i).commodity.clone();

        let postings: usize = rec.matches.iter().map(|m| m.entries.len()).sum();
        s.push_str(&format!(
            "\nMatched: {} statement line{}, {} posting{}\n\n",
            rec.matches.len(),
            if rec.matches.len() == 1 { "" } else { "s" },
            postings,
            if postings == 1 { "" } else { "s" }
        ));
        if !rec.matches.is_empty() {
            let mut rows = Vec::new();
            for m in &rec.matches {
                let l = self.line_cells(m.line);
                for (k, b) in m.entries.iter().enumerate() {
                    let e = self.entry_cells(b);
                    let first = k == 0;
                    let keep = |v: String| if first { v } else { String::new() };
                    rows.push(vec![
                        keep(l.line.clone()),
                        keep(l.date.clone()),
                        keep(self.with_symbol(l.amount.clone(), &sym(m.line))),
                        keep(cut(&l.description)),
                        keep(cut(&l.reference)),
                        keep(m.by.name().to_string()),
                        e.date,
                        e.amount,
                        e.journal,
                        cut(&e.transaction),
                    ]);
                }
            }
            s.push_str(&table::render(
                Some(&[
                    "line",
                    "date",
                    "amount",
                    "statement",
                    "reference",
                    "by",
                    "booked",
                    "booked amount",
                    "journal",
                    "transaction",
                ]),
                &rows,
                &[
                    Right, Left, Right, Left, Left, Left, Left, Right, Left, Left,
                ],
            ));
        }

        let rows: Vec<Vec<String>> = rec
            .statement_only
            .iter()
            .map(|&i| {
                let l = self.line_cells(i);
                vec![
                    l.line,
                    l.date,
                    self.with_symbol(l.amount, &sym(i)),
                    cut(&l.description),
                    cut(&l.reference),
                ]
            })
            .collect();
        section(
            &mut s,
            "On the statement, not booked",
            &rows,
            &["line", "date", "amount", "statement", "reference"],
            &[Right, Left, Right, Left, Left],
        );

        let rows: Vec<Vec<String>> = rec
            .book_only
            .iter()
            .map(|b| {
                let e = self.entry_cells(b);
                vec![
                    e.date,
                    self.with_symbol(e.amount, self.j.commodity_name(b.commodity)),
                    e.journal,
                    cut(&e.transaction),
                ]
            })
            .collect();
        section(
            &mut s,
            "Booked, not on the statement",
            &rows,
            &["booked", "amount", "journal", "transaction"],
            &[Left, Right, Left, Left],
        );

        let rows: Vec<Vec<String>> = rec
            .near_misses
            .iter()
            .map(|n| {
                let l = self.line_cells(n.line);
                let e = self.entry_cells(&n.entry);
                let c = sym(n.line);
                vec![
                    l.line,
                    l.date,
                    self.with_symbol(l.amount, &c),
                    cut(&l.description),
                    cut(&l.reference),
                    e.date,
                    e.amount,
                    number(self.j, &c, n.difference),
                    e.journal,
                    cut(&e.transaction),
                ]
            })
            .collect();
        section(
            &mut s,
            "Near misses (same reference, another amount)",
            &rows,
            &[
                "line",
                "date",
                "amount",
                "statement",
                "reference",
                "booked",
                "booked amount",
                "difference",
                "journal",
                "transaction",
            ],
            &[
                Right, Left, Right, Left, Left, Left, Right, Right, Left, Left,
            ],
        );

        for t in &rec.totals {
            s.push_str(&self.totals_text(t));
        }
        s.push('\n');
        s.push_str(&self.verdict());
        s.push('\n');
        s
    }

    fn totals_text(&self, t: &Totals) -> String {
        use table::Align::{Left, Right};
        let n = |q| number(self.j, &t.commodity, q);
        let rows = vec![
            vec!["  statement balance".to_string(), n(t.statement_balance)],
            vec!["  book balance".to_string(), n(t.book_balance)],
            vec![
                "  difference (book - statement)".to_string(),
                n(t.difference),
            ],
            vec![
                "    booked, not on the statement".to_string(),
                n(t.book_only),
            ],
            vec![
                "    less on the statement, not booked".to_string(),
                n(t.statement_only),
            ],
            vec![
                "    near misses (booked - statement)".to_string(),
                n(t.near_misses),
            ],
            vec!["    unexplained".to_string(), n(t.unexplained)],
        ];
        let title = if t.commodity.is_empty() {
            format!("\nBalances at {}\n", self.rec.to)
        } else {
            format!("\nBalances at {} in {}\n", self.rec.to, t.commodity)
        };
        let mut s = title + &table::render(None, &rows, &[Left, Right]);
        let day_before = self.rec.from.pred_opt().unwrap_or(self.rec.from);
        match (t.opening_from_books, t.cleared_from_before.is_zero()) {
            (true, true) => s.push_str(&format!(
                "The statement shows no running balance: its balance is the book balance on\n\
                 {day_before} plus its lines.\n"
            )),
            (true, false) => s.push_str(&format!(
                "The statement shows no running balance: its balance is the book balance on\n\
                 {day_before}, less {} booked before the period and cleared in it, plus its lines.\n",
                n(t.cleared_from_before)
            )),
            (false, false) => s.push_str(&format!(
                "{} booked before the period cleared in it (in transit at its start).\n",
                n(t.cleared_from_before)
            )),
            (false, true) => {}
        }
        if !t.unexplained.is_zero() {
            s.push_str(
                "The unexplained part is a difference between bank and books from before the period\n\
                 that no item clearing in it explains.\n",
            );
        }
        s
    }

    /// One line saying whether the books tie, and if not, what remains.
    fn verdict(&self) -> String {
        let rec = self.rec;
        if rec.is_reconciled() {
            return "Reconciled: every statement line and posting matches.".into();
        }
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
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
                self.with_symbol(number(self.j, &t.commodity, t.unexplained), &t.commodity)
            ));
        }
        format!("Not reconciled: {}.", parts.join(", "))
    }

    fn csv(&self) -> String {
        let mut recs: Vec<Vec<String>> = vec![CSV_HEADER.iter().map(|h| h.to_string()).collect()];
        let row = |kind: &str,
                   by: &str,
                   commodity: &str,
                   l: Option<&LineCells>,
                   e: Option<&EntryCells>,
                   difference: String| {
            let l = |f: fn(&LineCells) -> &String| l.map(f).cloned().unwrap_or_default();
            let e = |f: fn(&EntryCells) -> &String| e.map(f).cloned().unwrap_or_default();
            vec![
                kind.to_string(),
                by.to_string(),
                commodity.to_string(),
                l(|c| &c.line),
                l(|c| &c.date),
                l(|c| &c.amount),
                l(|c| &c.description),
                l(|c| &c.reference),
                e(|c| &c.date),
                e(|c| &c.amount),
                e(|c| &c.journal),
                e(|c| &c.transaction),
                difference,
            ]
        };
        let zero = |c: &str| number(self.j, c, Decimal::ZERO);
        for m in &self.rec.matches {
            let l = self.line_cells(m.line);
            let c = &self.line(m.line).commodity;
            for b in &m.entries {
                let e = self.entry_cells(b);
                recs.push(row("matched", m.by.name(), c, Some(&l), Some(&e), zero(c)));
            }
        }
        for &i in &self.rec.statement_only {
            let l = self.line(i);
            let d = number(self.j, &l.commodity, -l.amount);
            recs.push(row(
                "not-booked",
                "",
                &l.commodity,
                Some(&self.line_cells(i)),
                None,
                d,
            ));
        }
        for b in &self.rec.book_only {
            let c = self.j.commodity_name(b.commodity);
            let d = decimal(self.j, b.commodity, b.amount);
            recs.push(row(
                "not-on-statement",
                "",
                c,
                None,
                Some(&self.entry_cells(b)),
                d,
            ));
        }
        for n in &self.rec.near_misses {
            let c = &self.line(n.line).commodity;
            let d = number(self.j, c, n.difference);
            let (l, e) = (self.line_cells(n.line), self.entry_cells(&n.entry));
            recs.push(row("near-miss", "", c, Some(&l), Some(&e), d));
        }
        for t in &self.rec.totals {
            for (name, q) in [
                ("statement balance", t.statement_balance),
                ("book balance", t.book_balance),
                ("difference", t.difference),
                ("not on the statement", t.book_only),
                ("not booked", t.statement_only),
                ("near misses", t.near_misses),
                ("unexplained", t.unexplained),
                ("cleared from before the period", t.cleared_from_before),
            ] {
                let mut r = vec![String::new(); CSV_HEADER.len()];
                r[0] = "total".into();
                r[2] = t.commodity.clone();
                r[4] = self.rec.to.to_string();
                r[5] = number(self.j, &t.commodity, q);
                r[6] = name.into();
                recs.push(r);
            }
        }
        csv(recs, false)
    }

    fn json(&self) -> String {
        use serde_json::{json, Value};
        let line = |i: usize| {
            let l = self.line_cells(i);
            json!({
                "line": self.line(i).line,
                "date": l.date,
                "amount": l.amount,
                "commodity": self.line(i).commodity,
                "description": l.description,
                "reference": l.reference,
            })
        };
        let entry = |b: &BookEntry| {
            let e = self.entry_cells(b);
            json!({
                "date": e.date,
                "amount": e.amount,
                "commodity": self.j.commodity_name(b.commodity),
                "journal": e.journal,
                "transaction": e.transaction,
            })
        };
        let rec = self.rec;
        let matched: Vec<Value> = rec
            .matches
            .iter()
            .map(|m| {
                let mut v = line(m.line);
                v["by"] = json!(m.by.name());
                v["postings"] = m.entries.iter().map(entry).collect();
                v
            })
            .collect();
        let near: Vec<Value> = rec
            .near_misses
            .iter()
            .map(|n| {
                json!({
                    "line": line(n.line),
                    "posting": entry(&n.entry),
                    "difference": number(self.j, &self.line(n.line).commodity, n.difference),
                })
            })
            .collect();
        let totals: Vec<Value> = rec
            .totals
            .iter()
            .map(|t| {
                let n = |q| number(self.j, &t.commodity, q);
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
        let v = json!({
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
        });
        serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
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
fn emit_journal(g: &Global, a: &BankArgs, loaded: &Loaded, doc: &Doc) -> Result<String, Failure> {
    let j = doc.j;
    let ar = crate::commands::ar::items_at(g, loaded, &a.receivable_root, doc.rec.to)?;
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
    st: &Statement,
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
