//! Completion: accounts (customers marked), payees and customer names, commodities, tag names,
//! and the open invoices inside an `invoice:` tag, each with its open amount and due date.

use arledger_journal::{Journal, SourceId};
use arledger_report::ar::ItemKind;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, Range, TextEdit,
};

use super::analysis::Analysis;
use super::convert;
use super::navigate::{line_at, posting_on_line};

/// What the text before the cursor asks for, and where the part already typed starts.
#[derive(Debug, PartialEq, Eq)]
enum Want {
    /// The value of an `invoice:` tag.
    Invoice,
    /// A tag name in a comment.
    TagName,
    /// An account name in a posting or an `account` directive.
    Account,
    /// A commodity after a posting's number.
    Commodity,
    /// A transaction's description.
    Payee,
}

/// What is wanted at the end of `prefix` (a line's text up to the cursor), and the length of
/// the part of it already typed.
fn want(prefix: &str) -> Option<(Want, usize)> {
    let typed = |s: &str| s.len() - s.trim_start().len();
    if let Some(semi) = prefix.find(';') {
        let segment = prefix[semi + 1..].rsplit(',').next().unwrap_or("");
        return match segment.split_once(':') {
            Some((name, value)) if name.trim() == "invoice" => {
                Some((Want::Invoice, value.len() - typed(value)))
            }
            Some(_) => None,
            None => Some((Want::TagName, segment.len() - typed(segment))),
        };
    }
    if let Some(rest) = prefix.strip_prefix("account ") {
        return Some((Want::Account, rest.trim_start().len()));
    }
    let first = prefix.chars().next()?;
    if first.is_ascii_digit() {
        // DATE [STATUS] [(CODE)] DESCRIPTION
        let mut s = prefix.split_once([' ', '\t'])?.1.trim_start();
        s = s.strip_prefix(['*', '!']).unwrap_or(s).trim_start();
        if s.starts_with('(') {
            s = s.split_once(')')?.1.trim_start();
        }
        return Some((Want::Payee, s.len()));
    }
    if !matches!(first, ' ' | '\t') {
        return None;
    }
    let mut s = prefix.trim_start();
    s = s.strip_prefix(['*', '!']).unwrap_or(s).trim_start();
    match s.find("  ").or_else(|| s.find('\t')) {
        None => Some((Want::Account, s.len())),
        Some(gap) => {
            let amount = s[gap..].trim_start();
            let symbol = amount.trim_start_matches(|c: char| !c.is_whitespace());
            let has_number = amount.starts_with(|c: char| c.is_ascii_digit() || c == '-');
            (has_number && symbol.starts_with(' '))
                .then(|| (Want::Commodity, symbol.trim_start().len()))
        }
    }
}

/// Completion items at byte `offset` of source `sid`.
pub fn completion(a: &Analysis, sid: SourceId, offset: usize) -> Vec<CompletionItem> {
    let j = &a.loaded.journal;
    let src = j.sources.get(sid);
    let (start, line) = line_at(&src.text, offset);
    let prefix = &line[..(offset - start).min(line.len())];
    let Some((want, typed)) = want(prefix) else {
        return Vec::new();
    };
    let range = Range::new(
        convert::position(src, offset - typed),
        convert::position(src, offset),
    );
    let item = |label: String, kind, detail: Option<String>| CompletionItem {
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
            range,
            label.clone(),
        ))),
        label,
        kind: Some(kind),
        detail,
        ..Default::default()
    };
    match want {
        Want::Invoice => invoices(a, sid, offset, range),
        Want::TagName => {
            let mut names: Vec<&str> = j.tag_names.iter().map(|(_, n)| n).collect();
            for common in [
                "invoice",
                "due",
                "credit-memo",
                "customer",
                "terms",
                "credit-limit",
            ] {
                if !names.contains(&common) {
                    names.push(common);
                }
            }
            names
                .into_iter()
                .map(|n| CompletionItem {
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                        range,
                        format!("{n}: "),
                    ))),
                    ..item(n.to_string(), CompletionItemKind::PROPERTY, None)
                })
                .collect()
        }
        Want::Account => {
            let customers = &a.ar().open.customers;
            j.accounts
                .iter()
                .map(|(id, name)| {
                    let detail = customers
                        .of_account(id)
                        .map(|c| format!("customer {}", customers.list[c].name));
                    item(name.to_string(), CompletionItemKind::FIELD, detail)
                })
                .collect()
        }
        Want::Commodity => j
            .commodities
            .iter()
            .filter(|(_, n)| !n.is_empty())
            .map(|(_, n)| item(n.to_string(), CompletionItemKind::UNIT, None))
            .collect(),
        Want::Payee => payees(a, j)
            .into_iter()
            .map(|(p, detail)| item(p, CompletionItemKind::VALUE, detail))
            .collect(),
    }
}

/// Customer names, then the payees written in descriptions (before `|`) and `payee`
/// directives, each once.
fn payees(a: &Analysis, j: &Journal) -> Vec<(String, Option<String>)> {
    let mut out: Vec<(String, Option<String>)> = a
        .ar()
        .open
        .customers
        .list
        .iter()
        .map(|c| (c.name.clone(), Some(format!("customer {}", c.id))))
        .collect();
    let mut seen: std::collections::HashSet<String> = out.iter().map(|(n, _)| n.clone()).collect();
    let written = j.transactions.iter().map(|t| {
        let d = j.text(t.description());
        d.split('|').next().unwrap_or(d).trim()
    });
    let declared = j.directives.iter().filter_map(|(_, d)| match d {
        arledger_journal::Directive::Payee(s) => Some(j.text(*s).trim()),
        _ => None,
    });
    for p in declared.chain(written) {
        if !p.is_empty() && seen.insert(p.to_string()) {
            out.push((p.to_string(), None));
        }
    }
    out
}

/// The open invoices, those of the customer the cursor's transaction posts to first, then by
/// due date.
fn invoices(a: &Analysis, sid: SourceId, offset: usize, range: Range) -> Vec<CompletionItem> {
    let j = &a.loaded.journal;
    let ar = a.ar();
    let (start, _) = line_at(&j.sources.get(sid).text, offset);
    // The customers of the transaction the cursor is in (or of the posting on its line).
    let mut customers: Vec<usize> = Vec::new();
    let here = |s: arledger_journal::Span| {
        s.source == sid && (s.start as usize..=s.end as usize).contains(&offset)
    };
    if let Some(t) = j.transactions.iter().find(|t| here(t.span)) {
        customers.extend(
            j.postings_of(t)
                .iter()
                .filter_map(|p| ar.open.customers.of_account(p.account)),
        );
    } else if let Some(p) = posting_on_line(j, sid, start) {
        customers.extend(ar.open.customers.of_account(j.postings[p].account));
    }
    let mut open: Vec<usize> = (0..ar.open.items.len())
        .filter(|&i| {
            let it = &ar.open.items[i];
            it.kind == ItemKind::Invoice && it.open.is_sign_positive() && !it.open.is_zero()
        })
        .collect();
    open.sort_by_key(|&i| {
        let it = &ar.open.items[i];
        (
            !customers.contains(&it.customer),
            it.due,
            it.date,
            it.posting,
        )
    });
    open.into_iter()
        .enumerate()
        .map(|(rank, i)| {
            let it = &ar.open.items[i];
            let reference = it.reference(j).into_owned();
            let customer = &ar.open.customers.list[it.customer];
            let open = arledger_journal::format::amount(
                j,
                arledger_journal::Amount {
                    quantity: it.open,
                    commodity: it.commodity,
                },
                arledger_journal::format::Grouping::Styled,
            );
            let status = ar.rows[i].status.name();
            CompletionItem {
                label: reference.clone(),
                kind: Some(CompletionItemKind::REFERENCE),
                detail: Some(format!(
                    "{open} open, due {} · {} · {status}",
                    it.due, customer.name
                )),
                documentation: Some(Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: format!(
                        "Invoice of {} dated {}: {open} open of {}, due {} ({status}).",
                        customer.name,
                        it.date,
                        arledger_journal::format::amount(
                            j,
                            arledger_journal::Amount {
                                quantity: it.original(),
                                commodity: it.commodity
                            },
                            arledger_journal::format::Grouping::Styled
                        ),
                        it.due
                    ),
                })),
                sort_text: Some(format!("{rank:08}")),
                filter_text: Some(reference.clone()),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, reference))),
                ..Default::default()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_text_before_the_cursor_wants() {
        assert_eq!(want("    ; invoice: INV-"), Some((Want::Invoice, 4)));
        assert_eq!(
            want("    Assets:Rec  -5 USD  ; invoice:"),
            Some((Want::Invoice, 0))
        );
        assert_eq!(want("    ; due: 2026-01-01, inv"), Some((Want::TagName, 3)));
        assert_eq!(want("    ; due: 2026"), None);
        assert_eq!(want("    Assets:Rec"), Some((Want::Account, 10)));
        assert_eq!(want("  * Assets:Bank Acc"), Some((Want::Account, 15)));
        assert_eq!(want("    Assets:Rec  -5 U"), Some((Want::Commodity, 1)));
        assert_eq!(want("    Assets:Rec  -5"), None);
        assert_eq!(want("2026-01-05 * (INV-1) Acm"), Some((Want::Payee, 3)));
        assert_eq!(want("account Assets:R"), Some((Want::Account, 8)));
        assert_eq!(want("include x"), None);
    }
}
