//! `arledger reconcile customer`: the customer's payables export against our items, invoice by
//! invoice. The export is a CSV with a header; its columns are found by name:
//!
//! | column    | names accepted (any case)                               | required |
//! |-----------|---------------------------------------------------------|----------|
//! | reference | reference, invoice, invoice number, document, ref      | yes      |
//! | amount    | amount, invoice amount, total                           | yes      |
//! | paid      | paid, amount paid, payments                             | no (0)   |
//! | date      | date, invoice date (YYYY-MM-DD)                         | no       |
//! | currency  | currency, commodity                                     | no       |
//!
//! Numbers are read like bank statements (`1,234.56`, `(12.50)`, `-12.50`).

use std::path::Path;

use arledger_journal::{Code, Diagnostic, Span};
use arledger_report::reconcile::{reconcile_customer, TheirLine};

use crate::args::{CustomerReconArgs, Format, Global};
use crate::bank_statement::fail_on;
use crate::commands::Output;
use crate::receivables::{find_customer, money, shown};
use crate::Failure;
use arledger_journal::strict::GrossTotal;
use arledger_report::reconcile::statement_file::{
    field_ranges, parse_number, read_text, too_many_digits, BadNumber, Inputs,
};
use arledger_report::table::{Column, Table, Value};

const COLUMNS: [(&str, &[&str]); 5] = [
    (
        "reference",
        &["reference", "invoice", "invoice number", "document", "ref"],
    ),
    ("amount", &["amount", "invoice amount", "total"]),
    ("paid", &["paid", "amount paid", "payments"]),
    ("date", &["date", "invoice date"]),
    ("currency", &["currency", "commodity"]),
];

/// Reads the customer's export; problems go to `inputs` (and then no line is returned).
fn read_their(inputs: &mut Inputs, path: &Path) -> Vec<TheirLine> {
    let Some(id) = read_text(inputs, path, "customer's export") else {
        return Vec::new();
    };
    let text = inputs.sources.get(id).text.clone();
    let start = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text[start..].as_bytes());
    let here = |offset: usize| Span::new(id, start + offset..start + offset);
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(e) => {
            inputs.diagnostics.push(
                Diagnostic::error(
                    Code::Syntax,
                    here(0),
                    format!("cannot read the header: {e}"),
                )
                .expected("a CSV header line naming the columns"),
            );
            return Vec::new();
        }
    };
    let mut cols: [Option<usize>; 5] = [None; 5];
    for (k, (_, names)) in COLUMNS.iter().enumerate() {
        cols[k] = header.iter().position(|h| names.contains(&h.as_str()));
    }
    for k in [0, 1] {
        if cols[k].is_none() {
            let end = text[start..].find('\n').unwrap_or(text.len() - start);
            inputs.diagnostics.push(
                Diagnostic::error(
                    Code::Syntax,
                    Span::new(id, start..start + end),
                    format!("the header has no {} column", COLUMNS[k].0),
                )
                .expected(format!("one of: {}", COLUMNS[k].1.join(", "))),
            );
        }
    }
    if !inputs.diagnostics.is_empty() {
        return Vec::new();
    }
    let mut lines = Vec::new();
    let (mut gross, mut gross_failed) = (GrossTotal::default(), false);
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let at = e.position().map_or(0, |p| p.byte() as usize);
                inputs.diagnostics.push(
                    Diagnostic::error(
                        Code::Syntax,
                        here(at),
                        format!("cannot read this line: {e}"),
                    )
                    .expected("a CSV record"),
                );
                continue;
            }
        };
        let Some(pos) = record.position() else {
            continue;
        };
        let offset = start + pos.byte() as usize;
        let ranges = field_ranges(text.as_bytes(), offset, b',');
        let field = |k: usize| cols[k].and_then(|c| record.get(c)).map(str::trim);
        let span = |k: usize| {
            cols[k]
                .and_then(|c| ranges.get(c).cloned())
                .map_or(Span::new(id, offset..offset), |r| Span::new(id, r))
        };
        let mut number = |k: usize| -> Option<rust_decimal::Decimal> {
            let raw = field(k).unwrap_or_default();
            if raw.is_empty() && k == 2 {
                return Some(rust_decimal::Decimal::ZERO);
            }
            parse_number(raw, '.')
                .map_err(|bad| {
                    let what = COLUMNS[k].0;
                    inputs.diagnostics.push(match bad {
                        BadNumber::TooManyDigits => {
                            too_many_digits(span(k), &format!("the {what} `{raw}`"))
                        }
                        BadNumber::Unreadable => Diagnostic::error(
                            Code::Amount,
                            span(k),
                            format!("cannot read the {what} `{raw}`"),
                        )
                        .expected("a number like 1,234.56"),
                    })
                })
                .ok()
        };
        let (amount, paid) = (number(1), number(2));
        let date = match field(3).filter(|d| !d.is_empty()) {
            None => None,
            Some(d) => match chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    inputs.diagnostics.push(
                        Diagnostic::error(
                            Code::Date,
                            span(3),
                            format!("cannot read the date `{d}`"),
                        )
                        .expected("a date like 2026-03-31"),
                    );
                    None
                }
            },
        };
        let reference = field(0).unwrap_or_default();
        if reference.is_empty() {
            inputs.diagnostics.push(
                Diagnostic::error(Code::Syntax, span(0), "the reference is empty")
                    .expected("the invoice reference"),
            );
            continue;
        }
        if let (Some(amount), Some(paid)) = (amount, paid) {
            // What they think is open, and its total, must be exact: the sizes of all their
            // amounts must add up exactly (reported once, where they stop doing so).
            let mut fields = [(amount, 1), (paid, 2)].into_iter();
            if let Some((_, k)) = fields.find(|&(q, _)| !gross_failed && !gross.add(q)) {
                gross_failed = true;
                inputs.diagnostics.push(
                    Diagnostic::error(
                        Code::Overflow,
                        span(k),
                        "their amounts grow past what exact arithmetic holds here",
                    )
                    .note("some totals of the comparison would need more than 28 significant digits and could not be exact")
                    .expected("amounts whose sizes add up to at most 28 significant digits, with their decimals"),
                );
            }
            lines.push(TheirLine {
                line: pos.line() as usize,
                reference: reference.to_string(),
                date,
                amount,
                paid,
                commodity: field(4).filter(|c| !c.is_empty()).map(str::to_string),
            });
        }
    }
    if inputs.diagnostics.is_empty() {
        lines
    } else {
        Vec::new()
    }
}

/// Runs `reconcile customer`: exit 1 unless both sides agree on every invoice and in total.
pub fn run(g: &Global, a: &CustomerReconArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let mut inputs = Inputs::default();
    let theirs = read_their(&mut inputs, &a.their);
    fail_on(g, &inputs, "customer's export")?;
    let (loaded, ar) = crate::receivables::load(g, &a.ar)?;
    let j = &loaded.journal;
    let c = find_customer(&ar, &a.customer)?;
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
        let r = reconcile_customer(j, &ar, c, *k, &mine).map_err(crate::commands::overflow)?;
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
