//! The AR rules `arledger check` adds (beyond the errors the item engine finds itself):
//! duplicate invoice codes, `po-required` invoices without `po:`, invoices without due date or
//! terms, customers over their credit limit, old unapplied credits, expired tax exemptions.

use arledger_journal::{Code, Diagnostic, Journal};
use chrono::NaiveDate;

use super::items::{ItemKind, MovementKind, OpenItems};
use super::summary::customer_summary;

/// Days after which an unapplied credit is reported.
pub const OLD_CREDIT_DAYS: i64 = 90;

/// Runs the AR checks on `ar` (built over the whole journal); `today` dates the age-based ones.
pub fn ar_checks(j: &Journal, ar: &OpenItems, today: NaiveDate) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let due_tag = j.tag_names.get("due");
    let po_tag = j.tag_names.get("po");
    for it in &ar.items {
        let customer = &ar.customers.list[it.customer];
        let p = &j.postings[it.posting];
        let txn = &j.transactions[it.movements[0].txn.index()];
        if it.kind == ItemKind::Invoice {
            // The same code on a second invoice, without an `invoice:` tag saying it is a debit memo.
            let has_tag = |range| j.tag_value(range, "invoice").is_some();
            for m in it
                .movements
                .iter()
                .skip(1)
                // A second line of the invoice's own transaction is part of the same invoice.
                .filter(|m| m.kind == MovementKind::DebitMemo && m.txn != it.movements[0].txn)
            {
                let q = &j.postings[m.posting];
                let t = &j.transactions[m.txn.index()];
                if !has_tag(&q.tags)
                    && !has_tag(&t.tags)
                    && t.code.is_some_and(|c| j.text(c) == it.reference(j))
                {
                    out.push(
                        Diagnostic::error(Code::Receivable, t.code.unwrap_or(q.span), format!("duplicate invoice reference `{}` for customer {}", it.reference(j), customer.id))
                            .label(j.trim_span(p.span), "the first invoice with this reference")
                            .note("to raise the first invoice (debit memo, late fee), tag the posting `; invoice: REF`; otherwise give the invoice its own code"),
                    );
                }
            }
            let has = |id: Option<arledger_journal::TagId>| {
                id.is_some_and(|id| {
                    j.tags_in(&p.tags)
                        .iter()
                        .chain(j.tags_in(&txn.tags))
                        .any(|t| t.name == id)
                })
            };
            if customer.po_required && !has(po_tag) {
                out.push(
                    Diagnostic::error(Code::Receivable, j.trim_span(p.span), format!("customer {} requires a purchase order, but invoice `{}` has no `po:` tag", customer.id, it.reference(j)))
                        .expected("a `; po: NUMBER` tag on the invoice"),
                );
            }
            if customer.terms.is_none() && !has(due_tag) {
                out.push(
                    Diagnostic::warning(Code::Receivable, j.trim_span(p.span), format!("invoice `{}` has no `due:` tag and customer {} no terms: due after 30 days", it.reference(j), customer.id))
                        .expected("a `; due: DATE` tag, or `terms:` on the customer's account directive"),
                );
            }
            if let Some(until) = customer.tax_exempt_until.filter(|u| it.date > *u) {
                out.push(Diagnostic::warning(
                    Code::Receivable,
                    j.trim_span(p.span),
                    format!("invoice `{}` is dated after customer {}'s tax exemption ended on {until}: the certificate needs renewal", it.reference(j), customer.id),
                ));
            }
        } else if !it.open.is_zero() && (today - it.date).num_days() > OLD_CREDIT_DAYS {
            out.push(Diagnostic::warning(
                Code::Receivable,
                j.trim_span(p.span),
                format!(
                    "unapplied credit `{}` of customer {} is {} days old",
                    it.reference(j),
                    customer.id,
                    (today - it.date).num_days()
                ),
            ).note("apply it to an invoice (a zero-sum transaction tagging both references) or refund it"));
        }
    }
    for row in customer_summary(j, ar).iter().filter(|r| r.over_limit) {
        let c = &ar.customers.list[row.customer];
        let (limit, sym) = c.credit_limit.clone().unwrap_or_default();
        out.push(Diagnostic::warning(
            Code::Receivable,
            c.location,
            format!(
                "customer {} is over its credit limit: balance {} {sym}, limit {limit} {sym}",
                c.id, row.balance
            ),
        ));
    }
    out
}
