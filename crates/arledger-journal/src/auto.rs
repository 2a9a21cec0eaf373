//! Automated transactions (`= QUERY` rules), applied with `--auto` as hledger does: every
//! transaction gets, for each of its postings a rule's query matches, the rule's postings —
//! a fixed amount, or `*FACTOR` times the matched posting's amount.
//!
//! Generated postings are added after the transaction's own postings; elided amounts were
//! already filled from the written postings, so a rule that adds real postings can leave a
//! transaction unbalanced, which is then reported like any other imbalance.

use crate::diagnostic::{Code, Diagnostic};
use crate::load::Context;
use crate::model::{Amount, AmountOrigin, Journal, Posting, PostingKind, TxnId};
use crate::query::{split_terms, Query};

/// The error for a rule whose query cannot be read.
fn unreadable(expr: crate::source::Span, e: &crate::query::QueryError) -> Diagnostic {
    Diagnostic::error(
        Code::Syntax,
        expr,
        format!("cannot read the rule's query: {e}"),
    )
    .expected("a query like `expenses:food` or `desc:acme`")
}

/// The automated-transactions stage: reads every automated rule's query (reporting bad ones)
/// and, with `--auto` ([`LoadOptions::auto`](crate::LoadOptions::auto)), adds the rules'
/// postings to the transactions they match; those that must balance again go to the balancing
/// stage.
pub(crate) fn stage(j: &mut Journal, cx: &mut Context, diags: &mut Vec<Diagnostic>) {
    let (apply, today) = (cx.opts.auto, cx.opts.today);
    if j.automated.is_empty() {
        return;
    }
    let mut queries = Vec::with_capacity(j.automated.len());
    for rule in &j.automated {
        let text = j.text(rule.expr);
        match Query::parse_at(&split_terms(text), today) {
            Ok(q) => queries.push(Some(q)),
            Err(e) => {
                // Rules only matter with --auto; without it (as in hledger) a query arledger
                // cannot read, e.g. a ledger value expression, is worth a warning only.
                let d = unreadable(rule.expr, &e);
                diags.push(if apply {
                    d
                } else {
                    Diagnostic {
                        severity: crate::diagnostic::Severity::Warning,
                        ..d.note("the rule is used only with --auto")
                    }
                });
                queries.push(None);
            }
        }
    }
    if !apply {
        return;
    }
    // First decide what to generate (reading the journal), then lay the postings out anew.
    let mut generated: Vec<Vec<Posting>> = vec![Vec::new(); j.transactions.len()];
    for (rule, q) in j.automated.iter().zip(&queries) {
        let Some(q) = q else { continue };
        let c = match q.compile(j) {
            Ok(c) => c,
            Err(e) => {
                diags.push(unreadable(rule.expr, &e));
                continue;
            }
        };
        for (t, txn) in j.transactions.iter().enumerate() {
            for p in j.postings_of(txn) {
                if !c.matches_posting(j, txn, p) {
                    continue;
                }
                for rp in j.postings_of(&rule.txn) {
                    let amount = match rp.origin {
                        AmountOrigin::Multiplier => {
                            let commodity = if rp.amount.commodity.index() == 0 {
                                p.amount.commodity
                            } else {
                                rp.amount.commodity
                            };
                            match p.amount.quantity.checked_mul(rp.amount.quantity) {
                                Some(quantity) => Amount {
                                    quantity,
                                    commodity,
                                },
                                None => {
                                    diags.push(Diagnostic::error(
                                        Code::Overflow,
                                        j.amount_span(rp),
                                        "the rule's amount overflows",
                                    ));
                                    continue;
                                }
                            }
                        }
                        _ => rp.amount,
                    };
                    generated[t].push(Posting {
                        amount,
                        origin: AmountOrigin::Written,
                        status: Default::default(),
                        extra: None,
                        ..rp.clone()
                    });
                }
            }
        }
    }
    let total: usize = generated.iter().map(Vec::len).sum();
    if total == 0 {
        return;
    }
    let old = std::mem::take(&mut j.postings);
    let mut postings = Vec::with_capacity(old.len() + total);
    for (t, extra) in generated.into_iter().enumerate() {
        let range = j.transactions[t].postings.clone();
        let start = postings.len() as u32;
        let own = &old[range.start as usize..range.end as usize];
        if extra.iter().all(|p| p.kind == PostingKind::Virtual) {
            postings.extend_from_slice(own);
            postings.extend(extra);
        } else {
            // Generated postings that must balance change what an elided amount is: drop the
            // filled-in amounts (and their per-commodity copies) and fill them in again.
            let mut all: Vec<Posting> = own.to_vec();
            all.dedup_by(|b, a| {
                a.origin == AmountOrigin::Elided
                    && b.origin == AmountOrigin::Elided
                    && a.span == b.span
            });
            all.extend(extra);
            crate::balance::refill_elided(j, &mut all);
            postings.extend(all);
            cx.balancing.unbalanced.push(TxnId(t as u32));
        }
        j.transactions[t].postings = start..postings.len() as u32;
    }
    for rule in j.periodic.iter_mut().chain(j.automated.iter_mut()) {
        let start = postings.len() as u32;
        postings.extend_from_slice(
            &old[rule.txn.postings.start as usize..rule.txn.postings.end as usize],
        );
        rule.txn.postings = start..postings.len() as u32;
    }
    j.postings = postings;
}
