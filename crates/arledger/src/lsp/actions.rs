//! Edits the server proposes: formatting (the `fmt` formatter) and, on a customer payment
//! without an `invoice:` tag, "apply to oldest open invoices", which writes down the
//! application the AR engine makes of it (oldest due first, spec §2) as tags.

use std::collections::HashMap;

use arledger_journal::fmt::{edits, Layout};
use arledger_journal::format::{amount, Grouping};
use arledger_journal::{Amount, SourceId};
use arledger_report::ar::ItemKind;
use lsp_types::{CodeAction, CodeActionKind, Range, TextEdit, Url, WorkspaceEdit};

use super::analysis::Analysis;
use super::convert;
use super::navigate::{line_at, posting_on_line};

/// The edits that format source `sid`.
pub fn formatting(a: &Analysis, sid: SourceId, layout: &Layout) -> Vec<TextEdit> {
    let src = a.loaded.journal.sources.get(sid);
    edits(&a.loaded, sid, layout)
        .into_iter()
        .map(|e| {
            TextEdit::new(
                Range::new(
                    convert::position(src, e.range.start),
                    convert::position(src, e.range.end),
                ),
                e.text,
            )
        })
        .collect()
}

/// The code actions for the line at byte `offset` of source `sid` (document `url`).
pub fn code_actions(
    a: &Analysis,
    sid: SourceId,
    offset: usize,
    url: &Url,
    layout: &Layout,
) -> Vec<CodeAction> {
    apply_oldest_first(a, sid, offset, url, layout)
        .into_iter()
        .collect()
}

/// "Apply to oldest open invoices" on an untagged negative posting to a customer: one
/// `invoice:` tag per invoice it pays (the posting split when it pays several), what is left
/// (a credit) on a posting of its own without a tag.
fn apply_oldest_first(
    a: &Analysis,
    sid: SourceId,
    offset: usize,
    url: &Url,
    layout: &Layout,
) -> Option<CodeAction> {
    let j = &a.loaded.journal;
    let src = j.sources.get(sid);
    let (start, line) = line_at(&src.text, offset);
    let p = posting_on_line(j, sid, start)?;
    let posting = &j.postings[p];
    let ar = a.ar();
    ar.open.customers.of_account(posting.account)?;
    if !posting.amount.quantity.is_sign_negative() {
        return None;
    }
    let txn = j
        .transactions
        .iter()
        .find(|t| (t.postings.start as usize..t.postings.end as usize).contains(&p))?;
    if j.tag_value(&j.posting_tags(posting), "invoice").is_some()
        || j.tag_value(&txn.tags, "invoice").is_some()
    {
        return None;
    }
    // What the engine applied this posting to, in the order it did (oldest due first), and
    // the credit it left.
    let mut paid: Vec<(String, rust_decimal::Decimal)> = Vec::new();
    let mut credit = rust_decimal::Decimal::ZERO;
    for it in &ar.open.items {
        for m in it.movements.iter().filter(|m| m.posting as usize == p) {
            match it.kind {
                ItemKind::Invoice => paid.push((it.reference(j).into_owned(), m.amount)),
                ItemKind::Credit => credit += m.amount,
            }
        }
    }
    if paid.is_empty() {
        return None;
    }
    let commodity = posting.amount.commodity;
    let money = |q| {
        amount(
            j,
            Amount {
                quantity: q,
                commodity,
            },
            Grouping::Plain,
        )
    };
    let indent = " ".repeat(layout.indent);
    let eol = if src.text[start..].contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let line_range = Range::new(
        convert::position(src, start),
        convert::position(src, start + line.len()),
    );
    let edit = if paid.len() == 1 && credit.is_zero() {
        // One invoice: a tag line under the posting.
        let at = convert::position(src, start + line.len());
        TextEdit::new(
            Range::new(at, at),
            format!("{eol}{indent}{indent}; invoice: {}", paid[0].0),
        )
    } else {
        // Several: one posting per invoice, then the credit left, with the line's comment.
        let account_end = (j.account_span(posting).end - posting.span.start) as usize;
        let head = &line[..account_end];
        let comment = line[account_end..]
            .find(';')
            .map(|i| &line[account_end + i..]);
        let mut lines: Vec<String> = paid
            .iter()
            .map(|(r, q)| format!("{head}  {}  ; invoice: {r}", money(*q)))
            .collect();
        if !credit.is_zero() {
            lines.push(format!("{head}  {}", money(credit)));
        }
        // The line's own comment stays, under the last of them.
        if let Some(c) = comment {
            lines.push(format!("{indent}{indent}{}", c.trim_end()));
        }
        TextEdit::new(line_range, lines.join(eol))
    };
    let names: Vec<String> = paid
        .iter()
        .map(|(r, q)| format!("{r} ({})", money(-*q)))
        .collect();
    Some(CodeAction {
        title: format!("Apply to oldest open invoices: {}", names.join(", ")),
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(url.clone(), vec![edit])])),
            ..Default::default()
        }),
        ..Default::default()
    })
}
