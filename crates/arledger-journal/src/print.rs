//! Writing transactions back as journal text: normalised layout, every amount explicit.
//!
//! The output parses back to the same transactions (a property test checks this): amounts are
//! printed exactly (never rounded) and without digit grouping, so they read back unambiguously.

use std::fmt::Write as _;

use crate::format::{amount, Grouping};
use crate::model::{Journal, Posting, PostingKind, Transaction};

fn account_text(j: &Journal, p: &Posting) -> String {
    let name = j.account_name(p.account);
    match p.kind {
        PostingKind::Real => name.to_string(),
        PostingKind::Virtual => format!("({name})"),
        PostingKind::BalancedVirtual => format!("[{name}]"),
    }
}

/// Appends one transaction as journal text (ending with a newline) to `out`.
pub fn print_transaction(j: &Journal, txn: &Transaction, out: &mut String) {
    out.push_str(&txn.date.format("%Y-%m-%d").to_string());
    if let Some(d2) = txn.date2 {
        let _ = write!(out, "={}", d2.format("%Y-%m-%d"));
    }
    if !txn.status.mark().is_empty() {
        let _ = write!(out, " {}", txn.status.mark());
    }
    if let Some(code) = txn.code() {
        let _ = write!(out, " ({})", j.text(code));
    }
    let desc = j.text(txn.description());
    if !desc.is_empty() {
        let _ = write!(out, " {desc}");
    }
    let comments = j.transaction_comments(txn);
    for c in comments.iter().filter(|c| c.same_line) {
        let _ = write!(out, "  ;{}", j.text(c.text));
    }
    out.push('\n');
    for c in comments.iter().filter(|c| !c.same_line) {
        let _ = writeln!(out, "    ;{}", j.text(c.text));
    }
    let postings = j.postings_of(txn);
    let lines: Vec<String> = postings
        .iter()
        .map(|p| {
            let mark = p.status.mark();
            if mark.is_empty() {
                account_text(j, p)
            } else {
                format!("{mark} {}", account_text(j, p))
            }
        })
        .collect();
    let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let amounts: Vec<String> = postings
        .iter()
        .map(|p| amount(j, p.amount, Grouping::Plain))
        .collect();
    let amount_width = amounts.iter().map(|a| a.chars().count()).max().unwrap_or(0);
    for ((p, head), shown) in postings.iter().zip(lines).zip(amounts) {
        let _ = write!(out, "    {head:<width$}  {shown:>amount_width$}");
        if let Some(e) = j.extra(p) {
            if let Some(lot) = e.lot {
                if let Some((price, total)) = lot.price {
                    let (open, close) = if total { ("{{", "}}") } else { ("{", "}") };
                    let _ = write!(out, " {open}{}{close}", amount(j, price, Grouping::Plain));
                }
                if let Some(d) = lot.date {
                    let _ = write!(out, " [{}]", d.format("%Y-%m-%d"));
                }
                if let Some(note) = lot.note {
                    let _ = write!(out, " ({})", j.text(note));
                }
            }
            if let Some(c) = e.cost {
                let _ = write!(
                    out,
                    " {} {}",
                    if c.total { "@@" } else { "@" },
                    amount(j, c.amount, Grouping::Plain)
                );
            }
            if let Some(a) = e.assertion {
                let op = match (a.total, a.inclusive) {
                    (false, false) => "=",
                    (true, false) => "==",
                    (false, true) => "=*",
                    (true, true) => "==*",
                };
                let _ = write!(out, " {op} {}", amount(j, a.amount, Grouping::Plain));
            }
        }
        let pc = j.posting_comments(p);
        for c in pc.iter().filter(|c| c.same_line) {
            let _ = write!(out, "  ;{}", j.text(c.text));
        }
        // Trailing spaces of an amount-less layout are not wanted.
        let trimmed = out.trim_end_matches(' ').len();
        out.truncate(trimmed);
        out.push('\n');
        for c in pc.iter().filter(|c| !c.same_line) {
            let _ = writeln!(out, "    ;{}", j.text(c.text));
        }
    }
}

/// The journal's transactions as text, separated by blank lines.
pub fn print_journal<'a>(j: &Journal, txns: impl IntoIterator<Item = &'a Transaction>) -> String {
    let mut out = String::new();
    for (i, t) in txns.into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        print_transaction(j, t, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_str;

    #[test]
    fn elided_amounts_become_explicit() {
        let l = parse_str("2026-01-05 * (INV-1) Acme | work  ; invoice: INV-1\n    Assets:Receivable:Acme  $1,000.50\n    Income\n");
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        let out = print_journal(&l.journal, &l.journal.transactions);
        assert_eq!(
            out,
            "2026-01-05 * (INV-1) Acme | work  ; invoice: INV-1\n    Assets:Receivable:Acme   $1000.50\n    Income                  $-1000.50\n"
        );
    }
}
