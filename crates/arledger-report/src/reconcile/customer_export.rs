//! Reading a customer's payables export (`arledger reconcile customer`), to compare it with
//! our items invoice by invoice. The export is a CSV with a header; its columns are found by
//! name:
//!
//! | column    | names accepted (any case)                               | required |
//! |-----------|---------------------------------------------------------|----------|
//! | reference | reference, invoice, invoice number, document, ref      | yes      |
//! | amount    | amount, invoice amount, total                           | yes      |
//! | paid      | paid, amount paid, payments                             | no (0)   |
//! | date      | date, invoice date (YYYY-MM-DD)                         | no       |
//! | currency  | currency, commodity                                     | no       |
//!
//! Numbers are read like bank statements (`1,234.56`, `(12.50)`, `-12.50`). Problems are
//! diagnostics with spans into the export, rendered like journal errors.

use std::path::Path;

use arledger_journal::strict::GrossTotal;
use arledger_journal::{Code, Diagnostic, Span};

use super::customer::TheirLine;
use super::statement_file::{
    field_ranges, parse_number, read_text, too_many_digits, BadNumber, Inputs,
};

/// Each column the export may have: its name, and the header names accepted for it.
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

/// Reads the customer's export: its lines, and the file's text with the problems found in it
/// (with any problem, no line is returned).
pub fn read_export(path: &Path) -> (Vec<TheirLine>, Inputs) {
    let mut inputs = Inputs::default();
    let lines = read_lines(&mut inputs, path);
    (lines, inputs)
}

fn read_lines(inputs: &mut Inputs, path: &Path) -> Vec<TheirLine> {
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
