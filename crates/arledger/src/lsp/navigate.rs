//! What is under the cursor, hover text for it, and where it is defined: invoice references
//! (to the invoice) and accounts (to their `account` directive, with the customer's standing
//! for customer accounts).

use std::fmt::Write as _;

use arledger_journal::format::{amount, Grouping};
use arledger_journal::{AccountId, Amount, CommodityId, Journal, SourceId, Span};
use arledger_report::ar::{credit_holds, movement_name, Item, ItemKind};
use lsp_types::{Hover, HoverContents, Location, MarkupContent, MarkupKind};
use rust_decimal::Decimal;

use super::analysis::Analysis;
use super::convert;
use crate::Failure;

/// Something the cursor can be on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// An item reference (`INV-1` in an `invoice:` tag or a code) that names AR items.
    Reference(String),
    /// An account name, in a posting or an `account` directive.
    Account(AccountId),
}

/// The line of `text` around byte `at`: its start and its text (without the line break).
pub fn line_at(text: &str, at: usize) -> (usize, &str) {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    (start, text[start..end].trim_end_matches('\r'))
}

/// The posting written on the line starting at byte `line_start` of source `sid`.
pub fn posting_on_line(j: &Journal, sid: SourceId, line_start: usize) -> Option<usize> {
    j.postings
        .iter()
        .position(|p| p.span.source == sid && p.span.start as usize == line_start)
}

/// The word around byte `at` of `line`: a run of characters other than white space and
/// `;,()|`, as an item reference is written.
fn word_at(line: &str, at: usize) -> Option<&str> {
    let stop = |c: char| c.is_whitespace() || ";,()|".contains(c);
    let at = at.min(line.len());
    let start = line[..at].rfind(stop).map_or(0, |i| i + 1);
    let end = line[at..].find(stop).map_or(line.len(), |i| at + i);
    (start < end).then(|| &line[start..end])
}

/// What is at byte `offset` of source `sid`.
pub fn target_at(a: &Analysis, sid: SourceId, offset: usize) -> Option<Target> {
    let j = &a.loaded.journal;
    let text: &str = &j.sources.get(sid).text;
    let (start, line) = line_at(text, offset);
    if let Some(p) = posting_on_line(j, sid, start) {
        let span = j.account_span(&j.postings[p]);
        if (span.start as usize..=span.end as usize).contains(&offset) {
            return Some(Target::Account(j.postings[p].account));
        }
    }
    if let Some(d) = j
        .account_decls
        .iter()
        .find(|d| d.span.source == sid && d.span.start as usize == start)
    {
        let name = j.account_name(d.account);
        if line.contains(name) && offset - start >= "account ".len() {
            return Some(Target::Account(d.account));
        }
    }
    let word = word_at(line, offset - start)?;
    a.ar()
        .by_reference
        .contains_key(word)
        .then(|| Target::Reference(word.to_string()))
}

/// The items a reference names, those of the customer posted to on the cursor's line first.
fn items_named(a: &Analysis, reference: &str, sid: SourceId, offset: usize) -> Vec<usize> {
    let ar = a.ar();
    let mut items = ar.by_reference.get(reference).cloned().unwrap_or_default();
    let j = &a.loaded.journal;
    let (start, _) = line_at(&j.sources.get(sid).text, offset);
    if let Some(p) = posting_on_line(j, sid, start) {
        let customer = ar.open.customers.of_account(j.postings[p].account);
        items.sort_by_key(|&i| Some(ar.open.items[i].customer) != customer);
    }
    items
}

fn money(j: &Journal, quantity: Decimal, commodity: CommodityId) -> String {
    amount(
        j,
        Amount {
            quantity,
            commodity,
        },
        Grouping::Styled,
    )
}

/// `file:line` of a span, for hover text.
fn place(j: &Journal, span: Span) -> String {
    let src = j.sources.get(span.source);
    format!("{}:{}", src.base_name(), src.line_col(span.start).line)
}

/// The first line of a span (a transaction's header, a directive's first line).
fn first_line(j: &Journal, span: Span) -> Span {
    let text = j.text(span);
    let len = text.find(['\n', '\r']).unwrap_or(text.len());
    Span {
        end: span.start + len as u32,
        ..span
    }
}

fn invoice_text(a: &Analysis, i: usize, out: &mut String) {
    let j = &a.loaded.journal;
    let ar = a.ar();
    let it: &Item = &ar.open.items[i];
    let row = &ar.rows[i];
    let customer = &ar.open.customers.list[it.customer];
    let what = match it.kind {
        ItemKind::Invoice => "invoice",
        ItemKind::Credit => "credit",
    };
    let _ = writeln!(
        out,
        "**{}** · {what} of {} ({})\n",
        it.reference(j),
        customer.name,
        j.account_name(customer.account)
    );
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| date | {} |", it.date);
    if it.kind == ItemKind::Invoice {
        let _ = writeln!(out, "| due | {} |", it.due);
    }
    let _ = writeln!(
        out,
        "| original | {} |",
        money(j, it.original(), it.commodity)
    );
    let _ = writeln!(out, "| open | {} |", money(j, it.open, it.commodity));
    let _ = writeln!(out, "| status | {} (at {}) |", row.status.name(), a.today());
    let later = &it.movements[1..];
    if later.is_empty() {
        let _ = writeln!(out, "\nNo payments applied.");
        return;
    }
    let _ = writeln!(out, "\nPayments and credits applied:");
    for m in later {
        let txn = &j.transactions[m.txn.0 as usize];
        let name = txn
            .code()
            .map(|c| j.text(c).to_string())
            .unwrap_or_else(|| j.text(txn.description()).to_string());
        let _ = writeln!(
            out,
            "- {} {} {} ({name}, {})",
            m.date,
            movement_name(m.kind),
            money(j, -m.amount, it.commodity),
            place(j, j.postings[m.posting as usize].span)
        );
    }
}

fn account_text(a: &Analysis, account: AccountId, out: &mut String) {
    let j = &a.loaded.journal;
    let ar = a.ar();
    let Some(c) = ar.open.customers.of_account(account) else {
        let _ = write!(out, "**{}**", j.account_name(account));
        if let Some(d) = j.account_info[account.index()].declared {
            let decl = &j.account_decls[d as usize];
            let _ = write!(out, " · declared at {}", place(j, decl.span));
        }
        out.push('\n');
        return;
    };
    let customer = &ar.open.customers.list[c];
    let _ = writeln!(
        out,
        "**{}** · customer {} ({})\n",
        customer.name,
        customer.id,
        j.account_name(customer.account)
    );
    let mut commodities: Vec<CommodityId> = ar
        .open
        .items
        .iter()
        .filter(|it| it.customer == c)
        .map(|it| it.commodity)
        .collect();
    commodities.sort();
    commodities.dedup();
    let today = a.today();
    let _ = writeln!(out, "| | |\n|---|---|");
    if commodities.is_empty() {
        let _ = writeln!(out, "| balance | 0 |");
    }
    for k in commodities {
        let items = ar
            .open
            .items
            .iter()
            .filter(|it| it.customer == c && it.commodity == k);
        let (balance, overdue) = items.fold((Decimal::ZERO, Decimal::ZERO), |(b, o), it| {
            (b + it.open, o + it.overdue(it.open, today))
        });
        let _ = writeln!(out, "| balance | {} |", money(j, balance, k));
        let _ = writeln!(out, "| overdue | {} (at {today}) |", money(j, overdue, k));
    }
    let limit = customer
        .credit_limit
        .as_ref()
        .map_or("none".to_string(), |(q, sym)| format!("{q} {sym}"));
    let _ = writeln!(out, "| credit limit | {limit} |");
    let terms = customer
        .terms
        .map_or("none (due 30 days after the invoice)".to_string(), |t| {
            t.to_string()
        });
    let _ = writeln!(out, "| terms | {terms} |");
    // With the books' `[credit]` policy: a configuration that does not read leaves the
    // status unknown, and says why, rather than guessing without it.
    let status = match crate::books_config::for_journal(&a.root) {
        // Its first line: a table row holds one line.
        Err(Failure::Usage(why) | Failure::Journal(why)) => {
            format!("unknown: {}", why.lines().next().unwrap_or_default())
        }
        Err(Failure::Found) => "unknown".to_string(),
        Ok(books) => match credit_holds(j, &ar.open, books.credit)[c] {
            Some(reason) => format!("hold ({})", reason.name()),
            None => "ok".to_string(),
        },
    };
    let _ = writeln!(out, "| credit status | {status} |");
}

/// Hover text for what is at byte `offset` of source `sid`.
pub fn hover(a: &Analysis, sid: SourceId, offset: usize) -> Option<Hover> {
    let mut text = String::new();
    match target_at(a, sid, offset)? {
        Target::Reference(r) => {
            for (k, i) in items_named(a, &r, sid, offset).into_iter().enumerate() {
                if k > 0 {
                    text.push_str("\n---\n\n");
                }
                invoice_text(a, i, &mut text);
            }
        }
        Target::Account(account) => account_text(a, account, &mut text),
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: None,
    })
}

/// Where what is at byte `offset` of source `sid` is defined: an invoice's transaction, an
/// account's `account` directive.
pub fn definition(a: &Analysis, sid: SourceId, offset: usize) -> Option<Location> {
    let j = &a.loaded.journal;
    let span = match target_at(a, sid, offset)? {
        Target::Reference(r) => {
            let i = *items_named(a, &r, sid, offset).first()?;
            let it = &a.ar().open.items[i];
            let txn = &j.transactions[it.movements[0].txn.0 as usize];
            first_line(j, txn.span)
        }
        Target::Account(account) => {
            let d = j.account_info[account.index()].declared?;
            first_line(j, j.account_decls[d as usize].span)
        }
    };
    let path = &a.paths[span.source.0 as usize];
    Some(Location::new(
        convert::url(path)?,
        convert::range(&j.sources, span),
    ))
}
