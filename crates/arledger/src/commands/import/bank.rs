//! `arledger import FILE.csv --rules FILE.rules`: one entry per CSV record, read with the
//! hledger rules subset of [`super::rules`]; deposits the rules give no other account are
//! matched to a customer (and an invoice) by the payer guess `reconcile bank` uses; each record
//! carries an `import-id:` tag, and records whose id is in the books are skipped.

use std::collections::BTreeMap;
use std::path::Path;

use arledger_journal::{Code, CommodityId, Diagnostic, Journal, Loaded, SourceId, Span, Status};
use arledger_report::reconcile::{suggest_payers, BankStatement, BankStatementLine};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::rules::{self, Piece, Rules, Target};
use super::ImportArgs;
use crate::config::Config;
use crate::entries::{header_text, tag_text, Entry, EntryAmount, EntryPosting};
use crate::import_ids::{ids_in_books, record_id, ID_TAG};
use crate::input::fail_with;
use crate::write::append::Addition;
use crate::Failure;
use arledger_report::reconcile::statement_file::{
    csv_records, field_ranges, parse_number, read_text, BadNumber, Inputs,
};

/// One CSV record, read.
struct Record {
    /// Its line in the CSV file.
    line: u32,
    /// Its id (`import-id:`).
    id: String,
    date: NaiveDate,
    amount: Decimal,
    commodity: CommodityId,
    description: String,
    comment: String,
    account1: String,
    account2: Option<String>,
}

/// The values of `target` the rules give a record (the last assignment wins).
fn value(rules: &Rules, fields: &[&str], whole: &str, target: Target) -> Option<String> {
    let mut found = None;
    let expand = |template: &[Piece]| -> String {
        template
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.clone(),
                Piece::Field(i) => fields
                    .get(*i)
                    .copied()
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            })
            .collect()
    };
    for a in rules.assigns.iter().filter(|a| a.target == target) {
        found = Some(expand(&a.template));
    }
    for b in &rules.blocks {
        if !matches(b, fields, whole) {
            continue;
        }
        for a in b.assigns.iter().filter(|a| a.target == target) {
            found = Some(expand(&a.template));
        }
    }
    found
}

fn matches(b: &rules::IfBlock, fields: &[&str], whole: &str) -> bool {
    b.matchers.iter().any(|m| match m.field {
        Some(i) => m.regex.is_match(fields.get(i).copied().unwrap_or_default()),
        None => m.regex.is_match(whole),
    })
}

/// The commodity of the bank account's postings, when they all have one.
fn account_commodity(j: &Journal, account: &str) -> Option<CommodityId> {
    let id = j.accounts.get(account)?;
    let mut all = j
        .postings
        .iter()
        .filter(|p| p.account == id)
        .map(|p| p.amount.commodity);
    let first = all.next()?;
    all.all(|c| c == first).then_some(first)
}

/// Reads a date with the rules' format, or one of hledger's default layouts.
fn read_date(text: &str, format: Option<&str>) -> Option<NaiveDate> {
    let t = text.trim();
    match format {
        Some(f) => NaiveDate::parse_from_str(t, f).ok(),
        None => ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"]
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(t, f).ok()),
    }
}

/// Reads every record of the CSV file; problems go to `inputs.diagnostics`.
fn records(inputs: &mut Inputs, id: SourceId, rules: &Rules, j: &Journal) -> Vec<Record> {
    let text = inputs.sources.get(id).text.clone();
    let mut pos = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    for _ in 0..rules.skip {
        pos = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
    }
    let Some(recs) = csv_records(inputs, id, pos, rules.separator) else {
        return Vec::new();
    };
    let mut seen = BTreeMap::new();
    let mut out = Vec::new();
    for (at, rec) in recs {
        let fields: Vec<&str> = rec.iter().collect();
        let ranges = field_ranges(text.as_bytes(), at, rules.separator);
        let end = ranges.last().map_or(at, |r| r.end);
        let whole = &text[at..end];
        let line = inputs.sources.get(id).line_col(at as u32).line;
        let record_span = Span::new(id, at..end);
        let skipped = rules
            .blocks
            .iter()
            .any(|b| b.skip && matches(b, &fields, whole));
        let rid = record_id(&fields, &mut seen);
        if skipped {
            continue;
        }
        let get = |t: Target| value(rules, &fields, whole, t);
        let mut problems = Vec::new();
        let mut problem = |message: String, expected: &str, code: Code| {
            problems
                .push(Diagnostic::error(code, record_span, message).expected(expected.to_string()));
        };
        let date = match get(Target::Date) {
            None => {
                problem(
                    "the rules give this record no date".into(),
                    "a `date` field or assignment",
                    Code::Date,
                );
                None
            }
            Some(d) => {
                let parsed = read_date(&d, rules.date_format.as_deref());
                if parsed.is_none() {
                    problem(
                        format!("cannot read the date `{d}`"),
                        &format!(
                            "a date like {}",
                            rules.date_format.as_deref().unwrap_or("2026-01-31")
                        ),
                        Code::Date,
                    );
                }
                parsed
            }
        };
        let number =
            |t: &str, problem: &mut dyn FnMut(String, &str, Code)| -> Option<(Decimal, String)> {
                let t = t.trim();
                // A currency symbol before or after the number (`$1,234.50`, `12.50 EUR`).
                let symbol: String = t
                    .chars()
                    .filter(|c| !(c.is_ascii_digit() || "-+.,()' ".contains(*c)))
                    .collect();
                let digits = t.replace(symbol.as_str(), "");
                match parse_number(&digits, '.') {
                    Ok(q) => Some((q, symbol)),
                    Err(BadNumber::TooManyDigits) => {
                        problem(
                            format!("the amount `{t}` has more than 28 significant digits"),
                            "an amount with at most 28 significant digits",
                            Code::Amount,
                        );
                        None
                    }
                    Err(BadNumber::Unreadable) => {
                        problem(
                            format!("cannot read the amount `{t}`"),
                            "a number like -1,234.56",
                            Code::Amount,
                        );
                        None
                    }
                }
            };
        let nonempty = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
        let amount = match (
            nonempty(get(Target::Amount)),
            nonempty(get(Target::AmountIn)),
            nonempty(get(Target::AmountOut)),
        ) {
            (Some(a), _, _) => number(&a, &mut problem),
            (None, Some(i), None) => number(&i, &mut problem),
            (None, None, Some(o)) => number(&o, &mut problem).map(|(q, s)| (-q.abs(), s)),
            (None, Some(i), Some(o)) => {
                let i = number(&i, &mut problem);
                let o = number(&o, &mut problem);
                match (i, o) {
                    (Some((qi, s)), Some((qo, _))) if qo.is_zero() => Some((qi, s)),
                    (Some((qi, _)), Some((qo, s))) if qi.is_zero() => Some((-qo.abs(), s)),
                    (Some(_), Some(_)) => {
                        problem(
                            "both amount-in and amount-out have an amount".into(),
                            "one of them empty or zero",
                            Code::Amount,
                        );
                        None
                    }
                    _ => None,
                }
            }
            (None, None, None) => {
                problem(
                    "the rules give this record no amount".into(),
                    "an `amount`, `amount-in` or `amount-out` field or assignment",
                    Code::Amount,
                );
                None
            }
        };
        let account1 = nonempty(get(Target::Account1));
        if account1.is_none() {
            problem(
                "the rules give this record no account1 (the bank account)".into(),
                "an `account1` assignment",
                Code::Syntax,
            );
        }
        let commodity = amount.as_ref().and_then(|(_, symbol)| {
            let name = nonempty(get(Target::Currency)).unwrap_or_else(|| symbol.clone());
            let found = if name.is_empty() {
                account1.as_deref().and_then(|a| account_commodity(j, a))
            } else {
                j.commodities.get(name.trim())
            };
            if found.is_none() {
                problem(
                    if name.is_empty() {
                        "cannot tell this record's commodity".into()
                    } else {
                        format!("the books have no commodity `{}`", name.trim())
                    },
                    "a `currency` rule naming a commodity of the books",
                    Code::Amount,
                );
            }
            found
        });
        if let Some((q, _)) = &amount {
            if q.is_zero() {
                problem(
                    "the amount is zero".into(),
                    "a non-zero amount (skip the record with an `if` block)",
                    Code::Amount,
                );
            }
        }
        if !problems.is_empty() {
            inputs.diagnostics.extend(problems);
            continue;
        }
        let (Some(date), Some((amount, _)), Some(commodity), Some(account1)) =
            (date, amount, commodity, account1)
        else {
            continue;
        };
        if let Err(why) = crate::entries::fits(j, amount, commodity) {
            inputs.diagnostics.push(
                Diagnostic::error(Code::Amount, record_span, why)
                    .expected("an amount the books can hold exactly"),
            );
            continue;
        }
        out.push(Record {
            line,
            id: rid,
            date,
            amount,
            commodity,
            description: get(Target::Description).unwrap_or_default(),
            comment: get(Target::Comment).unwrap_or_default(),
            account1,
            account2: nonempty(get(Target::Account2)),
        });
    }
    if rules.newest_first {
        out.reverse();
    }
    // Date order; records of one day keep the file's order.
    out.sort_by_key(|r| r.date);
    out
}

/// The entries for the records of `file` not yet in the books, and what the run did.
pub fn addition(
    g: &Config,
    a: &ImportArgs,
    file: &Path,
    rules_path: &Path,
    loaded: &Loaded,
) -> Result<(Addition, String), Failure> {
    let j = &loaded.journal;
    let mut inputs = Inputs::default();
    let rules = rules::read(&mut inputs, rules_path);
    fail_with(g, &inputs, "rules file", "nothing was imported")?;
    let Some(rules) = rules else {
        return Err(Failure::Usage("the rules file could not be read".into()));
    };
    let id = read_text(&mut inputs, file, "CSV file");
    fail_with(g, &inputs, "CSV file", "nothing was imported")?;
    let Some(id) = id else {
        return Err(Failure::Usage(format!("cannot read {}", file.display())));
    };
    let all = records(&mut inputs, id, &rules, j);
    fail_with(g, &inputs, "CSV file", "nothing was imported")?;
    let known = ids_in_books(j);
    let (new, old): (Vec<Record>, Vec<Record>) =
        all.into_iter().partition(|r| !known.contains(&r.id));

    // The payer guess for deposits the rules give no other account.
    let to_guess: Vec<usize> = (0..new.len())
        .filter(|&i| new[i].account2.is_none() && new[i].amount > Decimal::ZERO)
        .collect();
    let last = new.iter().map(|r| r.date).max().unwrap_or(NaiveDate::MIN);
    let ar = crate::receivables::items_at(g, loaded, &a.receivable_root, last)?;
    let statement = BankStatement {
        lines: new
            .iter()
            .map(|r| BankStatementLine {
                line: r.line,
                date: r.date,
                amount: r.amount,
                commodity: j.commodity_name(r.commodity).to_string(),
                description: r.description.clone(),
                reference: r.comment.clone(),
            })
            .collect(),
        commodities: Vec::new(),
        opening: Vec::new(),
    };
    let guesses = suggest_payers(j, &ar, &statement, &to_guess);
    let file_name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut matched = 0;
    let entries: Vec<Entry> = new
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let guess = guesses.iter().find(|s| s.line == i);
            let customer = guess
                .and_then(|s| s.customer)
                .map(|c| &ar.customers.list[c]);
            let account2 = match (&r.account2, customer) {
                (Some(acc), _) => acc.clone(),
                (None, Some(c)) => j.account_name(c.account).to_string(),
                (None, None) if r.amount > Decimal::ZERO => a.suspense_account.clone(),
                (None, None) => a.expense_account.clone(),
            };
            // `payee | note`, as the rules wrote it; each side made safe for a header.
            let mut description = match r.description.split_once('|') {
                Some((payee, note)) => [header_text(payee), header_text(note)]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" | "),
                None => header_text(&r.description),
            };
            let mut tags = vec![
                (ID_TAG.to_string(), r.id.clone()),
                (
                    "source".to_string(),
                    format!("{} line {}", tag_text(&file_name), r.line),
                ),
            ];
            let mut other =
                EntryPosting::new(&account2, Some(EntryAmount::new(j, -r.amount, r.commodity)));
            if let (Some(c), Some(s)) = (customer, guess) {
                matched += 1;
                // The customer is the payee; what the bank said, the note.
                let said = header_text(&r.description);
                description = if said.is_empty() {
                    header_text(&c.name)
                } else {
                    format!("{} | {said}", header_text(&c.name))
                };
                tags.push(("payer-guess".into(), s.evidence.name().into()));
                if let Some(item) = s.invoice {
                    other.tags = vec![("invoice".into(), ar.items[item].reference(j).into_owned())];
                }
            }
            let mut bank = EntryPosting::new(
                &r.account1,
                Some(EntryAmount::new(j, r.amount, r.commodity)),
            );
            bank.note = tag_text(&r.comment);
            Entry {
                date: r.date,
                status: Status::Unmarked,
                code: None,
                description,
                header_tags: Vec::new(),
                tags,
                postings: vec![bank, other],
            }
        })
        .collect();
    let report = format!(
        "{}: {} record{} added ({matched} matched to a customer), {} skipped (already in the books)\n",
        file.display(),
        entries.len(),
        if entries.len() == 1 { "" } else { "s" },
        old.len()
    );
    Ok((
        Addition {
            directives: String::new(),
            entries,
        },
        report,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_hledger_default_layouts() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 5);
        assert_eq!(read_date("2026/01/05", None), d);
        assert_eq!(read_date("2026.01.05", None), d);
        assert_eq!(read_date("05/01/2026", Some("%d/%m/%Y")), d);
        assert_eq!(read_date("05/01/2026", None), None);
    }
}
