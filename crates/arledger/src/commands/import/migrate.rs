//! `arledger import --from quickbooks|xero`: the customer list as `account` declarations, the
//! open items of an aging detail export as one opening entry (docs/ar-conventions.md §2.11),
//! and payments received after the cut-over as payment entries (docs/import.md, "QuickBooks
//! Online and Xero", for the column layouts read).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use arledger_journal::{Code, Diagnostic, Journal, Loaded, Span, Status};
use arledger_report::ar::Terms;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{ImportArgs, Product};
use crate::config::Config;
use crate::entries::{header_text, tag_text, Entry, EntryAmount, EntryPosting};
use crate::import_ids::{ids_in_books, record_id, ID_TAG};
use crate::input::fail_with;
use crate::write::append::Addition;
use crate::Failure;
use arledger_report::reconcile::statement_file::{csv_records, parse_number, read_text, Inputs};

/// A table read from an export: its rows under the header, by column name.
struct Table {
    /// The header's names, lower-case.
    header: Vec<String>,
    /// The rows after the header: byte offset, line, cells.
    rows: Vec<(usize, u32, Vec<String>)>,
    /// The cells of the lines above the header (report titles: `As of December 31, 2025`).
    title: Vec<String>,
    /// Where the rows are, for errors.
    source: arledger_journal::SourceId,
}

impl Table {
    /// The position of the first of `names` the header has.
    fn col(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.header.iter().position(|h| h == n))
    }
}

/// Reads an export: the header is the first row that has every column of `required` (each an
/// alternative of names).
fn table(inputs: &mut Inputs, path: &Path, what: &str, required: &[&[&str]]) -> Option<Table> {
    let id = read_text(inputs, path, what)?;
    let text = &inputs.sources.get(id).text;
    let start = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let records = csv_records(inputs, id, start, b',')?;
    let lower = |r: &csv::StringRecord| -> Vec<String> {
        r.iter().map(|c| c.trim().to_lowercase()).collect()
    };
    let Some(h) = records.iter().position(|(_, r)| {
        let cells = lower(r);
        required
            .iter()
            .all(|alts| alts.iter().any(|n| cells.iter().any(|c| c == n)))
    }) else {
        let names: Vec<&str> = required.iter().map(|alts| alts[0]).collect();
        inputs.diagnostics.push(
            Diagnostic::error(
                Code::Syntax,
                Span::new(id, 0..0),
                format!("no header line naming the columns of the {what}"),
            )
            .expected(format!("a line with the columns {}", names.join(", "))),
        );
        return None;
    };
    let line = |at: usize| inputs.sources.get(id).line_col(at as u32).line;
    Some(Table {
        header: lower(&records[h].1),
        rows: records[h + 1..]
            .iter()
            .map(|(at, r)| {
                let cells = r.iter().map(|c| c.trim().to_string()).collect();
                (*at, line(*at), cells)
            })
            .collect(),
        title: records[..h]
            .iter()
            .flat_map(|(_, r)| r.iter().map(|c| c.trim().to_string()))
            .filter(|c| !c.is_empty())
            .collect(),
        source: id,
    })
}

/// Reads a date the way the product writes them.
fn date(product: Product, text: &str) -> Option<NaiveDate> {
    let formats: &[&str] = match product {
        Product::Quickbooks => &["%m/%d/%Y", "%Y-%m-%d"],
        Product::Xero => &["%d %b %Y", "%d/%m/%Y", "%Y-%m-%d"],
    };
    formats
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text.trim(), f).ok())
}

/// The report date of an export's title (`As of December 31, 2025`, `As at 31 December 2025`).
fn as_of(title: &[String]) -> Option<NaiveDate> {
    title.iter().find_map(|t| {
        let rest = t
            .strip_prefix("As of ")
            .or_else(|| t.strip_prefix("As at "))?;
        ["%B %d, %Y", "%d %B %Y", "%m/%d/%Y", "%Y-%m-%d"]
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(rest.trim(), f).ok())
    })
}

/// A customer's id (the last segment of its account) from its name: no colons, no runs of
/// spaces, nothing a comment or tag would start.
fn customer_id(name: &str) -> String {
    header_text(&name.replace([':', ','], " ").replace(['(', ')'], ""))
}

/// Payment terms as arledger writes them, from the product's words.
fn terms(product: Product, row: &Row) -> Result<Option<Terms>, String> {
    let text = match product {
        Product::Quickbooks => row.get(&["terms"]).to_string(),
        Product::Xero => {
            let day = row.get(&["duedatesalesday"]);
            let term = row.get(&["duedatesalesterm"]);
            match (day, term.to_ascii_uppercase().as_str()) {
                ("", _) => String::new(),
                (d, "DAYSAFTERBILLDATE") => format!("net{d}"),
                (d, t) => return Err(format!("{d} {t}")),
            }
        }
    };
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return Ok(None);
    }
    // `2% 10 Net 30` (QuickBooks) is `2/10 net30`.
    let normal = match t.split_whitespace().collect::<Vec<_>>()[..] {
        [pct, days, "net", net] if pct.ends_with('%') => {
            format!("{}/{days} net{net}", pct.trim_end_matches('%'))
        }
        ["due", "on", "receipt"] => "due-on-receipt".into(),
        _ => t.clone(),
    };
    Terms::parse(&normal).map(Some).map_err(|_| text)
}

/// One row of a table, by column name.
struct Row<'t> {
    table: &'t Table,
    cells: &'t [String],
}

impl Row<'_> {
    fn get(&self, names: &[&str]) -> &str {
        self.table
            .col(names)
            .and_then(|i| self.cells.get(i))
            .map_or("", String::as_str)
    }
}

/// A customer to declare.
#[derive(Default)]
struct NewCustomer {
    name: String,
    tags: Vec<(String, String)>,
}

/// The declarations and entries an export brings in, and what the run did.
pub fn addition(
    g: &Config,
    a: &ImportArgs,
    product: Product,
    loaded: &Loaded,
) -> Result<(Addition, String), Failure> {
    let j = &loaded.journal;
    let mut inputs = Inputs::default();
    let mut report = String::new();
    let mut customers: BTreeMap<String, NewCustomer> = BTreeMap::new();
    let mut notes: Vec<String> = Vec::new();
    let consequence = "nothing was imported";
    let commodity = commodity_of(j)?;
    let names: (&[&str], &[&str]) = match product {
        Product::Quickbooks => (&["customer"], &["customer"]),
        Product::Xero => (&["contactname", "contact name", "name"], &["contact"]),
    };
    if let Some(path) = &a.customers {
        let t = table(&mut inputs, path, "customer list", &[names.0]);
        fail_with(g, &inputs, "customer list", consequence)?;
        let Some(t) = t else {
            return Err(Failure::Usage(format!("cannot read {}", path.display())));
        };
        for (_, line, cells) in &t.rows {
            // A footer (QuickBooks' export time) has fewer cells than the header.
            if cells.len() < t.header.len() {
                continue;
            }
            let row = Row { table: &t, cells };
            let name = row.get(names.0).to_string();
            if name.is_empty() || name.to_lowercase().starts_with("total") {
                continue;
            }
            let mut c = NewCustomer {
                name: name.clone(),
                ..NewCustomer::default()
            };
            match terms(product, &row) {
                Ok(Some(t)) => c.tags.push(("terms".into(), t.to_string())),
                Ok(None) => {}
                Err(text) => notes.push(format!(
                    "{}:{line}: the terms `{text}` of {name} have no arledger form: left out (invoices without terms are due after 30 days)",
                    path.display()
                )),
            }
            let email = row.get(&["email", "emailaddress"]);
            let contact = match product {
                Product::Quickbooks => row.get(&["full name"]).to_string(),
                Product::Xero => format!("{} {}", row.get(&["firstname"]), row.get(&["lastname"])),
            };
            let phone = row.get(&["phone numbers", "phone", "phonenumber"]);
            let address = match product {
                Product::Quickbooks => row.get(&["billing address"]).to_string(),
                Product::Xero => [
                    "poaddressline1",
                    "poaddressline2",
                    "poaddressline3",
                    "poaddressline4",
                    "pocity",
                    "poregion",
                    "popostalcode",
                    "pocountry",
                ]
                .iter()
                .map(|k| row.get(&[k]))
                .filter(|v| !v.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
            };
            for (tag, value) in [
                ("email", email.to_string()),
                ("contact", contact),
                ("phone", phone.replace(['(', ')'], "")),
                ("address", address),
            ] {
                let v = tag_text(&value);
                if !v.is_empty() {
                    c.tags.push((tag.into(), v));
                }
            }
            let limit = row.get(&["credit limit", "creditlimit"]);
            if !limit.is_empty() {
                match parse_number(limit, '.') {
                    Ok(q) => c.tags.push((
                        "credit-limit".into(),
                        format!("{q} {}", arledger_journal::format::symbol(&commodity)),
                    )),
                    Err(_) => notes.push(format!(
                        "{}:{line}: cannot read the credit limit `{limit}` of {name}: left out",
                        path.display()
                    )),
                }
            }
            customers.insert(customer_id(&name), c);
        }
    }

    let mut entries = Vec::new();
    let mut by_bucket: BTreeMap<(String, String), Decimal> = BTreeMap::new();
    let mut items = 0;
    let mut cutover = a
        .date
        .as_deref()
        .map(|d| crate::input::date(g, d))
        .transpose()?;
    if let Some(path) = &a.open_items {
        let required: &[&[&str]] = match product {
            Product::Quickbooks => &[&["date"], &["num"], &["due date"], &["open balance"]],
            Product::Xero => &[&["date", "invoice date"], &["due date"], &["total"]],
        };
        let t = table(&mut inputs, path, "open items export", required);
        fail_with(g, &inputs, "open items export", consequence)?;
        let Some(t) = t else {
            return Err(Failure::Usage(format!("cannot read {}", path.display())));
        };
        let date = match cutover {
            Some(d) => d,
            None => as_of(&t.title).ok_or_else(|| {
                Failure::Usage(format!(
                    "{} does not say its date (`As of ...`): give --date CUTOVER",
                    path.display()
                ))
            })?,
        };
        cutover = Some(date);
        let cutover = date;
        let text = std::fs::read(path)
            .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))?;
        let file_id = record_id(&[&String::from_utf8_lossy(&text)], &mut BTreeMap::new());
        let (postings, problems) = open_items(product, &t, cutover, &mut by_bucket);
        for (at, message) in problems {
            inputs.diagnostics.push(
                Diagnostic::error(Code::Syntax, Span::new(t.source, at..at), message)
                    .expected("a row of the export as the product writes it (docs/import.md)"),
            );
        }
        fail_with(g, &inputs, "open items export", consequence)?;
        let done = ids_in_books(j).contains(&file_id);
        if done {
            let _ = writeln!(
                report,
                "{}: already imported (its import-id {file_id} is in the books): skipped",
                path.display()
            );
        } else if !postings.is_empty() {
            items = postings.len();
            let mut ps: Vec<EntryPosting> = Vec::new();
            for p in &postings {
                let id = customer_id(&p.customer);
                customers.entry(id.clone()).or_insert_with(|| NewCustomer {
                    name: p.customer.clone(),
                    tags: Vec::new(),
                });
                let mut posting = EntryPosting::new(
                    &format!("{}:{id}", a.receivable_root),
                    Some(amount(&commodity, p.open)),
                );
                posting.tags = vec![
                    ("invoice".into(), p.number.clone()),
                    ("invoice-date".into(), p.date.to_string()),
                    ("due".into(), p.due.to_string()),
                ];
                ps.push(posting);
            }
            ps.push(EntryPosting::new(&a.opening_account, None));
            let source = match product {
                Product::Quickbooks => "QuickBooks Online",
                Product::Xero => "Xero",
            };
            entries.push(Entry {
                date: cutover,
                status: Status::Cleared,
                code: None,
                description: format!("Opening balances | Open items carried over from {source}"),
                header_tags: Vec::new(),
                tags: vec![
                    (
                        "opening".into(),
                        tag_text(&format!(
                            "{source} {} as of {cutover}",
                            path.file_name()
                                .map_or(String::new(), |n| n.to_string_lossy().into_owned())
                        )),
                    ),
                    (ID_TAG.into(), file_id),
                ],
                postings: ps,
            });
        }
    }

    // Customers to declare: those the books do not have yet.
    let mut directives = String::new();
    let mut declared = 0;
    for (id, c) in &customers {
        let account = format!("{}:{id}", a.receivable_root);
        if j.accounts
            .get(&account)
            .is_some_and(|acc| j.account_info[acc.index()].declared.is_some())
        {
            continue;
        }
        declared += 1;
        let _ = writeln!(directives, "account {account}");
        let _ = writeln!(directives, "    ; customer: {}", tag_text(&c.name));
        for (n, v) in &c.tags {
            let _ = writeln!(directives, "    ; {n}: {v}");
        }
    }
    let _ = writeln!(
        report,
        "{declared} customer{} declared, {items} open item{} carried over{}",
        if declared == 1 { "" } else { "s" },
        if items == 1 { "" } else { "s" },
        if by_bucket.is_empty() {
            String::new()
        } else {
            "; the export's aging (compare `arledger aging` at the cut-over date):".into()
        }
    );
    for ((customer, bucket), q) in &by_bucket {
        let _ = writeln!(report, "  {customer}  {bucket}  {q}");
    }
    for n in notes {
        let _ = writeln!(report, "note: {n}");
    }
    if let Some(path) = &a.payments {
        let (payments, skipped) = payments(
            g,
            a,
            (product, cutover),
            path,
            &commodity,
            loaded,
            &customers,
        )?;
        let _ = writeln!(
            report,
            "{}: {} payment{} added, {skipped} skipped (on or before the cut-over, or already in the books)",
            path.display(),
            payments.len(),
            if payments.len() == 1 { "" } else { "s" }
        );
        entries.extend(payments);
    }
    Ok((
        Addition {
            directives,
            entries,
        },
        report,
    ))
}

/// The commodity of the imported amounts: the books' only one (USD for new books).
fn commodity_of(j: &Journal) -> Result<String, Failure> {
    let mut used = j
        .postings
        .iter()
        .map(|p| j.commodity_name(p.amount.commodity))
        .filter(|n| !n.is_empty());
    match used.next() {
        Some(first) if used.all(|n| n == first) => Ok(first.to_string()),
        Some(_) => Err(Failure::Usage(
            "the books have several commodities: the exports' amounts cannot be told apart".into(),
        )),
        None => Ok("USD".into()),
    }
}

/// An amount as the exports write it (two decimals), in `commodity`.
fn amount(commodity: &str, q: Decimal) -> EntryAmount {
    EntryAmount {
        quantity: q,
        commodity: commodity.to_string(),
        shown: format!("{q} {}", arledger_journal::format::symbol(commodity)),
    }
}

/// One open item of the export.
struct OpenItem {
    customer: String,
    number: String,
    date: NaiveDate,
    due: NaiveDate,
    open: Decimal,
}

/// The bucket of arledger's default aging a column or section of an export stands for.
fn bucket(label: &str) -> Option<&'static str> {
    let l = label.to_lowercase();
    if l.starts_with("current") {
        return Some("current");
    }
    if l.contains("older") || l.contains("or more") || l.contains("over") || l.contains("91") {
        return Some("over-90");
    }
    let numbers: Vec<u32> = l
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    match numbers[..] {
        [1, 30, ..] => Some("1-30"),
        [31, 60, ..] => Some("31-60"),
        [61, 90, ..] => Some("61-90"),
        _ => None,
    }
}

/// The open items of an aging detail export, and problems (by byte offset of their row).
fn open_items(
    product: Product,
    t: &Table,
    cutover: NaiveDate,
    by_bucket: &mut BTreeMap<(String, String), Decimal>,
) -> (Vec<OpenItem>, Vec<(usize, String)>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut section: Option<&'static str> = None;
    let mut group = String::new();
    let mut numbers: BTreeMap<String, u32> = BTreeMap::new();
    for (at, line, cells) in &t.rows {
        let row = Row { table: t, cells };
        let non_empty: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
        // Subtotal and total rows (`Total for Current`, `Total Acme Corp`, `TOTAL`).
        if non_empty
            .first()
            .is_some_and(|c| c.to_lowercase().starts_with("total"))
        {
            continue;
        }
        let date_text = row.get(&["date", "invoice date"]);
        let Some(d) = date(product, date_text) else {
            // A heading: an aging section (QuickBooks) or a contact (Xero).
            if let [only] = non_empty[..] {
                match bucket(only) {
                    Some(b) if product == Product::Quickbooks => section = Some(b),
                    _ if !only.to_lowercase().starts_with("total") => group = only.clone(),
                    _ => {}
                }
            } else if !date_text.is_empty() {
                problems.push((*at, format!("cannot read the date `{date_text}`")));
            }
            continue;
        };
        let customer = match row.get(&["customer", "contact", "contactname"]) {
            "" => group.clone(),
            c => c.to_string(),
        };
        if customer.is_empty() {
            problems.push((*at, "this row names no customer".into()));
            continue;
        }
        let due_text = row.get(&["due date"]);
        let due = if due_text.is_empty() {
            d
        } else {
            match date(product, due_text) {
                Some(due) => due,
                None => {
                    problems.push((*at, format!("cannot read the due date `{due_text}`")));
                    continue;
                }
            }
        };
        let open_text = row.get(&["open balance", "total"]);
        let open = match parse_number(open_text, '.') {
            Ok(q) => q,
            Err(_) => {
                problems.push((*at, format!("cannot read the amount `{open_text}`")));
                continue;
            }
        };
        if open.is_zero() {
            continue;
        }
        if d > cutover {
            problems.push((
                *at,
                format!("the item is dated {d}, after the cut-over {cutover}"),
            ));
            continue;
        }
        let bucket_name = match product {
            Product::Quickbooks => section.map(str::to_string),
            Product::Xero => t
                .header
                .iter()
                .enumerate()
                .filter(|(i, h)| {
                    bucket(h).is_some()
                        && cells
                            .get(*i)
                            .and_then(|c| parse_number(c, '.').ok())
                            .is_some_and(|q| !q.is_zero())
                })
                .find_map(|(_, h)| bucket(h).map(str::to_string)),
        };
        let id = customer_id(&customer);
        if let Some(b) = bucket_name {
            *by_bucket.entry((id.clone(), b)).or_default() += open;
        }
        let raw = match row.get(&["num", "number", "invoice number"]) {
            "" => format!("OPEN-{line}"),
            n => tag_text(n).replace(' ', "-"),
        };
        // Two items of one customer with one number (an invoice and a credit memo): the
        // second gets `-2`.
        let n = numbers.entry(format!("{id}\u{1f}{raw}")).or_insert(0);
        *n += 1;
        let number = if *n == 1 { raw } else { format!("{raw}-{n}") };
        out.push(OpenItem {
            customer,
            number,
            date: d,
            due,
            open,
        });
    }
    (out, problems)
}

/// Payments received after the cut-over, as payment entries; the count of rows skipped.
fn payments(
    g: &Config,
    a: &ImportArgs,
    (product, cutover): (Product, Option<NaiveDate>),
    path: &Path,
    commodity: &str,
    loaded: &Loaded,
    customers: &BTreeMap<String, NewCustomer>,
) -> Result<(Vec<Entry>, usize), Failure> {
    let j = &loaded.journal;
    let mut inputs = Inputs::default();
    let customer_cols: &[&str] = &["customer", "contact", "contactname"];
    let t = table(
        &mut inputs,
        path,
        "payments export",
        &[
            &["date"],
            customer_cols,
            &["amount", "amount paid", "total"],
        ],
    );
    fail_with(g, &inputs, "payments export", "nothing was imported")?;
    let Some(t) = t else {
        return Err(Failure::Usage(format!("cannot read {}", path.display())));
    };
    let known = ids_in_books(j);
    let mut seen = BTreeMap::new();
    let mut out = Vec::new();
    let mut skipped = 0;
    for (_, line, cells) in &t.rows {
        let row = Row { table: &t, cells };
        let Some(d) = date(product, row.get(&["date"])) else {
            continue;
        };
        let fields: Vec<&str> = cells.iter().map(String::as_str).collect();
        let id = record_id(&fields, &mut seen);
        if cutover.is_some_and(|c| d <= c) || known.contains(&id) {
            skipped += 1;
            continue;
        }
        let name = row.get(customer_cols);
        let cid = customer_id(name);
        let account = format!("{}:{cid}", a.receivable_root);
        if !customers.contains_key(&cid) && j.accounts.get(&account).is_none() {
            return Err(Failure::Usage(format!(
                "{}:{line}: the payment's customer `{name}` is neither in the books nor in the customer list",
                path.display()
            )));
        }
        let text = row.get(&["amount", "amount paid", "total"]);
        let q = parse_number(text, '.').map_err(|_| {
            Failure::Usage(format!(
                "{}:{line}: cannot read the amount `{text}`",
                path.display()
            ))
        })?;
        let mut customer = EntryPosting::new(&account, Some(amount(commodity, -q)));
        let invoice = row.get(&["invoice", "invoice number", "applied to"]);
        if !invoice.is_empty() {
            customer.tags = vec![("invoice".into(), tag_text(invoice).replace(' ', "-"))];
        }
        let number = tag_text(row.get(&["num", "ref no.", "reference"]));
        out.push(Entry {
            date: d,
            status: Status::Cleared,
            code: (!number.is_empty()).then(|| number.replace(' ', "-")),
            description: format!("{} | Payment", header_text(name)),
            header_tags: Vec::new(),
            tags: vec![
                (ID_TAG.into(), id),
                (
                    "source".into(),
                    format!(
                        "{} line {line}",
                        tag_text(
                            &path
                                .file_name()
                                .map_or(String::new(), |n| n.to_string_lossy().into_owned())
                        )
                    ),
                ),
            ],
            postings: vec![
                EntryPosting::new(&a.bank_account, Some(amount(commodity, q))),
                customer,
            ],
        });
    }
    Ok((out, skipped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_from_the_products_words() {
        assert_eq!(bucket("Current"), Some("current"));
        assert_eq!(bucket("1 - 30 days past due"), Some("1-30"));
        assert_eq!(bucket("31 - 60 days past due"), Some("31-60"));
        assert_eq!(bucket("61 - 90 days past due"), Some("61-90"));
        assert_eq!(bucket("91 or more days past due"), Some("over-90"));
        assert_eq!(bucket("Older"), Some("over-90"));
        assert_eq!(bucket("Customer"), None);
    }

    #[test]
    fn names_become_ids_and_dates_read_per_product() {
        assert_eq!(
            customer_id("Smith, John: Lawn (Care)"),
            "Smith John Lawn Care"
        );
        assert_eq!(
            date(Product::Quickbooks, "11/05/2025"),
            NaiveDate::from_ymd_opt(2025, 11, 5)
        );
        assert_eq!(
            date(Product::Xero, "5 Nov 2025"),
            NaiveDate::from_ymd_opt(2025, 11, 5)
        );
        assert_eq!(
            as_of(&["A/R Aging Detail".into(), "As of December 31, 2025".into()]),
            NaiveDate::from_ymd_opt(2025, 12, 31)
        );
    }
}
