//! Lowering transactions and rules: their syntax ([`crate::parse::transaction`]) becomes
//! postings, tags and the transaction or rule itself. A transaction is settled as it
//! is lowered (elided amounts filled, see [`crate::balance`]); an entry with an error is
//! undone and reported.

use std::ops::Range;

use super::{AmountRole, Lowerer};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{
    AmountOrigin, Assertion, Cost, Lot, Posting, PostingExtra, RowId, Rule, Status, Transaction,
    NO_CODE,
};
use crate::parse::transaction::{
    body_lines, AssertionLine, BodyLine, CostLine, LotLine, PostingLine, RuleSyntax,
    TransactionSyntax,
};
use crate::parse::Line;
use crate::source::{SourceId, Span};

/// Lowers the postings and comment lines of an entry body into `ld`'s journal.
/// Returns the range of the tags of the transaction itself.
fn lower_body<'a>(
    ld: &mut Lowerer,
    sid: SourceId,
    header_comment: Option<(usize, &str)>,
    body: impl Iterator<Item = BodyLine<'a>>,
    rule: bool,
) -> Result<Range<u32>, Diagnostic> {
    let postings_start = ld.j.postings.len();
    let tags_start = ld.j.tags.len() as u32;
    if let Some((at, text)) = header_comment {
        ld.read_tags(sid, at, text);
    }
    // The posting the comment lines read belong to, once there is one.
    let mut owner = None;
    let mut txn_tags_end = ld.j.tags.len() as u32;
    for body_line in body {
        match body_line {
            BodyLine::Comment { at, text } => match owner {
                None => {
                    ld.read_tags(sid, at, text);
                    txn_tags_end = ld.j.tags.len() as u32;
                }
                Some(i) => ld.posting_comment(i, sid, at, text)?,
            },
            BodyLine::Posting { line, posting } => {
                let p = posting.map_err(|e| e.diagnostic(sid, &line))?;
                owner = Some(add_posting(ld, sid, &line, &p, rule)?);
            }
        }
    }
    if !rule {
        for i in postings_start..ld.j.postings.len() {
            if ld.j.postings[i].notes.is_some() {
                ld.posting_date_tags(i)?;
            }
        }
    }
    Ok(tags_start..txn_tags_end)
}

/// Lowers one posting line; returns the posting's index.
fn add_posting(
    ld: &mut Lowerer,
    sid: SourceId,
    line: &Line,
    p: &PostingLine,
    rule: bool,
) -> Result<usize, Diagnostic> {
    let span = |a: usize, b: usize| Span::new(sid, line.start + a..line.start + b);
    let account = ld.account(p.account.1);
    let mut extra = PostingExtra::default();
    let (amount, origin) = match &p.amount {
        Some((a, raw, b)) => {
            let sp = span(*a, *b);
            match (p.multiplier, rule) {
                (true, true) => (
                    ld.amount(raw, sp, AmountRole::Exact)?,
                    AmountOrigin::Multiplier,
                ),
                (true, false) => return Err(Diagnostic::error(
                    Code::Syntax,
                    sp,
                    "a `*FACTOR` amount is only allowed in automated transaction rules (`= QUERY`)",
                )
                .expected("an amount like 10.00 USD")),
                (false, _) => (
                    ld.amount(raw, sp, AmountRole::Posting)?,
                    AmountOrigin::Written,
                ),
            }
        }
        None => {
            let origin = if p.assertion.is_some() {
                AmountOrigin::Assigned
            } else {
                AmountOrigin::Elided
            };
            (ld.zero(), origin)
        }
    };
    if !rule {
        if let Some(CostLine {
            total,
            start: a,
            amount: raw,
            end: b,
        }) = p.cost.as_deref()
        {
            let sp = span(*a, *b);
            extra.cost = Some(Cost {
                amount: ld.amount(raw, sp, AmountRole::Cost)?,
                total: *total,
                span: sp,
            });
        }
        if let Some(LotLine {
            start: a,
            end: b,
            price,
            date,
            note,
        }) = p.lot.as_deref()
        {
            let sp = span(*a, *b);
            let price = match price {
                Some((raw, total)) => Some((ld.amount(raw, sp, AmountRole::Exact)?, *total)),
                None => None,
            };
            extra.lot = Some(Lot {
                price,
                date: *date,
                note: note.map(|(x, y)| span(x, y)),
                span: sp,
            });
        }
        if let Some(AssertionLine {
            total,
            inclusive,
            start: a,
            amount: raw,
            end: b,
        }) = p.assertion.as_deref()
        {
            let sp = span(*a, *b);
            let amount = match raw {
                Some(raw) => ld.amount(raw, sp, AmountRole::Exact)?,
                None => ld.zero(),
            };
            extra.assertion = Some(Assertion {
                amount,
                total: *total,
                inclusive: *inclusive,
                span: sp,
            });
        }
    }
    let has_extra = extra != PostingExtra::default();
    let extra = if has_extra {
        ld.j.extras.push(extra);
        Some(RowId::new(ld.j.extras.len() - 1))
    } else {
        None
    };
    ld.j.postings.push(Posting {
        span: Span::new(sid, line.start..line.end()),
        account,
        kind: p.kind,
        status: p.status,
        amount,
        origin,
        extra,
        notes: None,
    });
    let idx = ld.j.postings.len() - 1;
    if let Some(at) = p.comment {
        ld.posting_comment(idx, sid, line.start + at, &line.text[at..])?;
    }
    Ok(idx)
}

/// Lowers one transaction entry into the journal and settles it; an entry with an error is
/// left out and reported.
pub(crate) fn transaction(ld: &mut Lowerer, sid: SourceId, t: &TransactionSyntax) {
    let marks = ld.marks();
    match lower_transaction(ld, sid, t) {
        Ok(txn) => {
            ld.j.transactions.push(txn);
            let id = ld.j.transactions.len() - 1;
            if let Err(d) = crate::balance::settle_transaction(&mut ld.j, &mut ld.balancing, id) {
                ld.reset(marks);
                ld.diags.push(d);
            }
        }
        Err(d) => {
            ld.reset(marks);
            ld.diags.push(d);
        }
    }
}

fn lower_transaction(
    ld: &mut Lowerer,
    sid: SourceId,
    t: &TransactionSyntax,
) -> Result<Transaction, Diagnostic> {
    let header = t.line;
    let h = t.header.as_ref().map_err(|e| e.diagnostic(sid, &header))?;
    let postings_start = ld.j.postings.len() as u32;
    let comment = h.comment.map(|at| (header.start + at, &header.text[at..]));
    let tags = lower_body(ld, sid, comment, body_lines(t.body), false)?;
    let at = |(a, b): (usize, usize)| {
        let span = Span::new(sid, header.start + a..header.start + b);
        (span.start, span.end)
    };
    Ok(Transaction {
        span: Span::new(sid, header.start..t.end),
        date: h.date,
        date2: h.date2,
        status: h.status,
        code_at: h.code.map_or(NO_CODE, at),
        description_at: at(h.description),
        postings: postings_start..ld.j.postings.len() as u32,
        tags,
    })
}

/// Lowers a periodic (`~`) or automated (`=`) rule into its list; one with an error is left
/// out and reported.
pub(crate) fn rule(ld: &mut Lowerer, sid: SourceId, r: &RuleSyntax) {
    let marks = ld.marks();
    let postings_start = ld.j.postings.len() as u32;
    match lower_body(ld, sid, None, body_lines(r.body), true) {
        Ok(tags) => {
            let end = r.line.end();
            let (a, b) = r.description.unwrap_or((end, end));
            let description = Span::new(sid, a..b);
            let txn = Transaction {
                span: Span::new(sid, r.line.start..r.end),
                date: chrono::NaiveDate::MIN,
                date2: None,
                status: Status::Unmarked,
                code_at: NO_CODE,
                description_at: (description.start, description.end),
                postings: postings_start..ld.j.postings.len() as u32,
                tags,
            };
            let rule = Rule {
                expr: Span::new(sid, r.expr.0..r.expr.1),
                txn,
            };
            if r.periodic {
                ld.j.periodic.push(rule);
            } else {
                ld.j.automated.push(rule);
            }
        }
        Err(d) => {
            ld.reset(marks);
            ld.diags.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::parse::transaction::{body_lines, parse_transaction, BodyLine};
    use crate::parse::Lines;

    /// The parser gives syntax without a journal: the header's fields and the raw amount of
    /// each posting line, offsets into the line.
    #[test]
    fn the_parser_returns_syntax() {
        let text = "2026-01-05 * (INV-1) Acme  ; due: 2026-02-04\n  Assets:AR  1,200.50 USD\n  ; note\n  Income\n";
        let lines: Vec<_> = Lines::new(text).collect();
        let t = parse_transaction(lines[0], &lines[1..], 2026);
        let h = t.header.as_ref().expect("a header");
        assert_eq!(&t.line.text[h.description.0..h.description.1], "Acme");
        assert_eq!(t.end, text.len() - 1);
        let postings: Vec<_> = body_lines(t.body)
            .filter_map(|l| match l {
                BodyLine::Posting { posting, .. } => posting.ok(),
                BodyLine::Comment { .. } => None,
            })
            .collect();
        assert_eq!(postings.len(), 2);
        assert_eq!(postings[0].account.1, "Assets:AR");
        let (_, raw, _) = postings[0].amount.expect("an amount");
        assert_eq!((raw.number, raw.commodity), ("1,200.50", "USD"));
        assert!(postings[1].amount.is_none());
    }

    /// A syntax error in a later line does not hide a problem lowering finds in an earlier one:
    /// the first problem of the entry in file order is reported.
    #[test]
    fn the_first_problem_in_file_order_is_reported() {
        let l = crate::parse_str("2026-01-05 x\n  a  1,2345.00 USD\n  b  ???\n  c\n");
        assert_eq!(l.diagnostics.len(), 1, "{:?}", l.diagnostics);
        let d = &l.diagnostics[0];
        assert_eq!(l.journal.sources.line_col(d.span).line, 2);
    }
}
