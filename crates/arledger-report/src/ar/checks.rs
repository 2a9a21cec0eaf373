//! Every accounts-receivable finding, in one place: the errors the item engine finds itself
//! (unknown references, duplicate invoice numbers, ambiguity), collections records that name
//! no item, `po-required` invoices without `po:`, and the warnings (undeclared customers,
//! postings to the receivable root, invoices without due date or terms, invoices that take a
//! customer over its credit limit, old unapplied credits, expired tax exemptions).
//!
//! `check` shows all of them; every AR command refuses to run while any of them is an error,
//! so no report shows a number `check` rejects.

use arledger_journal::{Code, Diagnostic, Journal};
use chrono::NaiveDate;

use super::items::{Item, ItemKind, MovementKind, OpenItems};
use super::records::records;

/// Days after which an unapplied credit is reported.
pub const OLD_CREDIT_DAYS: i64 = 90;

/// Which findings to compute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Errors and warnings (`check`).
    All,
    /// The errors only (the gate of the AR commands): the warnings would cost a message per
    /// customer or invoice that nobody reads.
    Errors,
}

/// Every AR finding on `ar` (items read with the receivable root `root`) in `scope`; `today`
/// dates the age-based warnings. `check` runs it on the whole journal, the AR commands on what
/// they read up to their report date.
pub fn ar_findings(
    j: &Journal,
    ar: &OpenItems,
    root: &str,
    today: NaiveDate,
    scope: Scope,
) -> Vec<Diagnostic> {
    let mut out = ar.diagnostics.clone();
    let all = scope == Scope::All;
    if all {
        out.extend(undeclared_customers(j, ar));
        out.extend(root_postings(j, root, ar));
    }
    out.extend(item_rules(j, ar, today, all));
    out.extend(records(j, ar).diagnostics);
    out.retain(|d| all || d.is_error());
    out
}

/// The rules on single items and customers: purchase orders (errors); with `warnings`, due
/// dates, tax exemptions, old credits, credit limits. The items are read in parts on every
/// core and the passes over the whole book beside each other; the findings keep their order.
fn item_rules(j: &Journal, ar: &OpenItems, today: NaiveDate, warnings: bool) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    // Without warnings, only purchase orders are checked: no item needs reading unless some
    // customer requires them (the gate of every AR report passes here).
    if !warnings && !ar.customers.list.iter().any(|c| c.po_required) {
        return Vec::new();
    }
    let due_tag = j.tag_names.get("due");
    let po_tag = j.tag_names.get("po");
    let tax = crate::documents::tax_accounts(j);
    let rules = |items: &[Item]| {
        let mut out = Vec::new();
        for it in items {
            let customer = &ar.customers.list[it.customer];
            let p = &j.postings[it.posting];
            let txn = &j.transactions[it.movements[0].txn.index()];
            if it.kind == ItemKind::Invoice {
                let has = |id: Option<arledger_journal::TagId>| {
                    id.is_some_and(|id| {
                        j.tags_in(&j.posting_tags(p))
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
                if !warnings {
                    continue;
                }
                if customer.terms.is_none() && !has(due_tag) {
                    out.push(
                        Diagnostic::warning(Code::Receivable, j.trim_span(p.span), format!("invoice `{}` has no `due:` tag and customer {} no terms: due after 30 days", it.reference(j), customer.id))
                            .expected("a `; due: DATE` tag, or `terms:` on the customer's account directive"),
                    );
                }
                let untaxed = || !super::tax::taxed(j, it, &tax);
                if let Some(until) = customer
                    .tax_exempt_until
                    .filter(|u| it.date > *u && untaxed())
                {
                    out.push(Diagnostic::warning(
                        Code::Receivable,
                        j.trim_span(p.span),
                        format!("invoice `{}` is dated after customer {}'s tax exemption ended on {until}: the certificate needs renewal", it.reference(j), customer.id),
                    ));
                }
            }
            if warnings {
                out.extend(old_credit(j, ar, it, today));
                out.extend(payments_after_write_off(j, ar, it));
            }
        }
        out
    };
    let books = || -> [Vec<Diagnostic>; 4] {
        if !warnings {
            return Default::default();
        }
        let ((discounts, fx), (po, limits)) = rayon::join(
            || {
                rayon::join(
                    || super::discounts::late_discounts(j, ar),
                    || super::fx::unposted_fx(j, ar),
                )
            },
            || {
                rayon::join(
                    || super::po::po_findings(j, ar),
                    || {
                        super::credit_limit::limit_crossings(j, ar)
                            .iter()
                            .map(|c| over_limit(j, ar, c))
                            .collect()
                    },
                )
            },
        );
        [discounts, fx, po, limits]
    };
    let (per_item, books) = rayon::join(
        || ar.items.par_chunks(4096).map(rules).collect::<Vec<_>>(),
        books,
    );
    per_item
        .into_iter()
        .flatten()
        .chain(books.into_iter().flatten())
        .collect()
}

/// A transaction that took a customer over its credit limit (§7.2), at its blamed posting,
/// with a note on how it ended: back under the limit on a date, or still over.
fn over_limit(j: &Journal, ar: &OpenItems, c: &super::credit_limit::Crossing) -> Diagnostic {
    let customer = &ar.customers.list[c.customer];
    let sym = j.commodity_name(c.commodity);
    let amount = |q| super::items::grouped_amount(j, q, c.commodity);
    let note = match c.back_under {
        Some(d) => format!("back at or under the limit on {d}"),
        None => format!("still over the limit: balance {} {sym}", amount(c.balance)),
    };
    Diagnostic::warning(
        Code::Receivable,
        j.trim_span(j.postings[c.posting].span),
        format!(
            "{} takes {} to {} {sym}, over its credit limit of {} {sym}",
            ar.items[c.item].reference(j),
            customer.name,
            amount(c.balance),
            amount(c.limit),
        ),
    )
    .note(note)
}

/// An unapplied credit older than [`OLD_CREDIT_DAYS`] at `today`: a credit item, or an invoice
/// overpaid into a credit balance (§2.5), aged from the posting that made it a credit and
/// reported there.
fn old_credit(j: &Journal, ar: &OpenItems, it: &Item, today: NaiveDate) -> Option<Diagnostic> {
    let since = it.credit_since()?;
    let days = (today - since.date).num_days();
    if days <= OLD_CREDIT_DAYS {
        return None;
    }
    let what = match it.kind {
        ItemKind::Credit => "unapplied credit",
        ItemKind::Invoice => "unapplied credit (an overpayment) on invoice",
    };
    let customer = &ar.customers.list[it.customer].id;
    Some(
        Diagnostic::warning(
            Code::Receivable,
            j.trim_span(j.postings[since.posting as usize].span),
            format!(
                "{what} `{}` of customer {customer} is {days} days old: {} {} owed back",
                it.reference(j),
                it.shown(j, it.credit(it.open)),
                j.commodity_name(it.commodity),
            ),
        )
        .note(
            "apply it to an invoice (a zero-sum transaction tagging both references) or refund it",
        ),
    )
}

/// Payments on an invoice while it stood written off (§7.4): the payment turns it into a
/// credit instead of recovering the bad debt, so the entry that reinstates it is named.
fn payments_after_write_off<'a>(
    j: &'a Journal,
    ar: &'a OpenItems,
    it: &'a Item,
) -> impl Iterator<Item = Diagnostic> + 'a {
    let mut open = rust_decimal::Decimal::ZERO;
    let mut written_off = rust_decimal::Decimal::ZERO;
    let mut write_off_account = None;
    it.movements.iter().filter_map(move |m| {
        let before = open;
        open += m.amount;
        match m.kind {
            MovementKind::WriteOff => {
                written_off -= m.amount;
                write_off_account = j
                    .postings_of(&j.transactions[m.txn.index()])
                    .iter()
                    .find(|p| ar.customers.of_account(p.account).is_none())
                    .map(|p| p.account);
            }
            MovementKind::Reinstated => written_off -= m.amount,
            _ => {}
        }
        let lost = -m.amount;
        if m.kind != MovementKind::Payment || before > rust_decimal::Decimal::ZERO || written_off <= rust_decimal::Decimal::ZERO || lost <= rust_decimal::Decimal::ZERO {
            return None;
        }
        let reinstate = lost.min(written_off);
        let customer = &ar.customers.list[it.customer];
        let reference = it.reference(j);
        let amount = format!("{} {}", it.shown(j, reinstate), j.commodity_name(it.commodity));
        let against = write_off_account.map_or("Expenses:Bad Debt", |a| j.account_name(a));
        Some(
            Diagnostic::warning(
                Code::Receivable,
                j.trim_span(j.postings[m.posting as usize].span),
                format!(
                    "payment of {} {} on invoice `{reference}` of customer {}, which stands written off: it makes a credit instead of recovering the bad debt",
                    it.shown(j, lost),
                    j.commodity_name(it.commodity),
                    customer.id
                ),
            )
            .note(format!(
                "reinstate the invoice before this payment (dated {} or earlier, and above it): `{}  {amount}  ; invoice: {reference}` against `{against}` (§7.4)",
                m.date,
                j.account_name(customer.account),
            )),
        )
    })
}

/// Postings to the receivable root itself belong to no customer, so aging leaves them out
/// (the item pass notes the first).
fn root_postings(j: &Journal, root: &str, ar: &OpenItems) -> Option<Diagnostic> {
    let p = &j.postings[ar.root_posting?];
    Some(
        Diagnostic::warning(
            Code::Receivable,
            j.trim_span(p.span),
            format!("a posting to {root} itself belongs to no customer: AR reports leave it out"),
        )
        .expected(format!("a customer account below {root}, like {root}:Acme")),
    )
}

/// Customers found below the receivable root without a `customer:` tag (spec §1).
fn undeclared_customers<'a>(
    j: &'a Journal,
    ar: &'a OpenItems,
) -> impl Iterator<Item = Diagnostic> + 'a {
    ar.customers.list.iter().filter(|c| !c.declared).map(|c| {
        Diagnostic::warning(
            Code::Receivable,
            c.location,
            format!(
                "undeclared customer {}: {} has no `customer:` tag",
                c.id,
                j.account_name(c.account)
            ),
        )
        .expected(format!(
            "`account {}` with `; customer: NAME` (and `; terms: …`)",
            j.account_name(c.account)
        ))
    })
}
