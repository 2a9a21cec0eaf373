//! The document of one invoice or credit memo, read from its transaction: the customer posting
//! is the total, postings to tax accounts (§2.12) are tax lines, every other posting is a line
//! (§2.10).

use arledger_journal::{AccountId, Code, CommodityId, Diagnostic, Journal, PostingKind, TxnId};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use super::{BusinessDocument, Issuer, Kind, Party, Total};
use crate::ar::customers::parse_limit;
use crate::ar::discounts::{self, Offer};
use crate::ar::terms::Terms;
use crate::ar::{Item, ItemKind, OpenItems};
use crate::table::{Column, Money, Table, Value};

/// Why there is no document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InvoiceError {
    /// No transaction has this number (code or item reference).
    NotFound(String),
    /// Several transactions carry it.
    Ambiguous(String, usize),
    /// The transaction is not one a document can be made of; the diagnostics say where.
    Invalid(Vec<Diagnostic>),
}

impl std::fmt::Display for InvoiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InvoiceError::NotFound(n) => write!(
                f,
                "no invoice or credit memo `{n}`: expected the code `({n})` of a transaction, \
                 or the reference of an invoice item"
            ),
            InvoiceError::Ambiguous(n, k) => {
                write!(f, "{k} transactions carry the number `{n}`: expected one")
            }
            InvoiceError::Invalid(d) => write!(f, "{} problem(s) in the document", d.len()),
        }
    }
}

/// The tax accounts of the journal (§2.12): accounts declared with a `tax:` tag, and the tag's
/// value (a rate such as `8.25%`, or empty).
pub fn tax_accounts(j: &Journal) -> FxHashMap<AccountId, String> {
    j.account_decls
        .iter()
        .filter_map(|d| {
            j.tag_value(&d.tags, "tax")
                .map(|v| (d.account, v.to_string()))
        })
        .collect()
}

/// The transaction numbered `number`: the one whose code it is, else the one that created the
/// invoice item of that reference.
fn find(j: &Journal, ar: &OpenItems, number: &str) -> Result<TxnId, InvoiceError> {
    let mut found: Vec<TxnId> = j
        .transactions
        .iter()
        .enumerate()
        .filter(|(_, t)| t.code().is_some_and(|c| j.text(c) == number))
        .map(|(i, _)| TxnId(i as u32))
        .collect();
    if found.is_empty() {
        found = ar
            .items
            .iter()
            .filter(|it| it.kind == ItemKind::Invoice && it.reference(j) == number)
            .map(|it| it.movements[0].txn)
            .collect();
        found.dedup();
    }
    match found.as_slice() {
        [] => Err(InvoiceError::NotFound(number.into())),
        [one] => Ok(*one),
        many => Err(InvoiceError::Ambiguous(number.into(), many.len())),
    }
}

/// The free text of a comment: what is not a tag (`Design, qty: 3` → `Design`).
fn free_text(text: &str) -> String {
    text.split(',')
        .map(|part| match part.find(':') {
            // The tag's name is the last word before the colon (§0.1).
            Some(colon) => part[..colon]
                .trim_end()
                .rsplit_once(char::is_whitespace)
                .map_or("", |(before, _)| before),
            None => part,
        })
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The note of a transaction description (`Payee | note`).
pub(crate) fn note_of(description: &str) -> Option<String> {
    description
        .split_once('|')
        .map(|(_, n)| n.trim().to_string())
        .filter(|n| !n.is_empty())
}

/// What the lines and taxes add up to while reading them.
struct Body {
    lines: Table,
    taxes: Vec<(String, Decimal)>,
    subtotal: Decimal,
    tax: Decimal,
}

/// The document of invoice or credit memo `number` as of `ar`'s date (paid so far, balance
/// due): `Invalid` diagnostics point at what cannot be shown (a line in another commodity, a
/// `qty:` that is not a number).
pub fn invoice(
    j: &Journal,
    ar: &OpenItems,
    number: &str,
    issuer: &Issuer,
) -> Result<BusinessDocument, InvoiceError> {
    let txn_id = find(j, ar, number)?;
    let txn = &j.transactions[txn_id.index()];
    let postings = j.postings_of(txn);
    let is_customer = |a| ar.customers.of_account(a);
    // The customer postings: one customer, one commodity.
    let mut customer = None;
    let mut total = Decimal::ZERO;
    let mut commodity: Option<CommodityId> = None;
    let mut diags = Vec::new();
    for p in postings.iter().filter(|p| p.kind == PostingKind::Real) {
        let Some(c) = is_customer(p.account) else {
            continue;
        };
        if customer.is_some_and(|x| x != c) || commodity.is_some_and(|k| k != p.amount.commodity) {
            diags.push(
                Diagnostic::error(
                    Code::Receivable,
                    j.trim_span(p.span),
                    "a document is for one customer in one commodity",
                )
                .expected("one customer account and one commodity per invoice"),
            );
        }
        customer = Some(c);
        commodity = Some(p.amount.commodity);
        total += p.amount.quantity;
    }
    let (Some(c), Some(k)) = (customer, commodity) else {
        return Err(InvoiceError::Invalid(vec![Diagnostic::error(
            Code::Receivable,
            txn.header(),
            format!("`{number}` posts to no customer account"),
        )
        .expected(
            "an invoice or credit memo: a posting to a customer account",
        )]));
    };
    let kind = if total >= Decimal::ZERO {
        Kind::Invoice
    } else {
        Kind::CreditMemo
    };
    // Lines are shown positive on both: an invoice's income postings are negative, a credit
    // memo's positive.
    let sign = if kind == Kind::Invoice {
        Decimal::NEGATIVE_ONE
    } else {
        Decimal::ONE
    };
    let money = |q| Value::Money(Money::ar(j, k, q));
    let taxes = tax_accounts(j);
    let mut body = Body {
        lines: Table::new(vec![
            Column::text("description"),
            Column::number("quantity"),
            Column::money("unit_price").label("unit price"),
            Column::money("amount"),
        ])
        .with_id("lines"),
        taxes: Vec::new(),
        subtotal: Decimal::ZERO,
        tax: Decimal::ZERO,
    };
    for p in postings
        .iter()
        .filter(|p| p.kind == PostingKind::Real && is_customer(p.account).is_none())
    {
        if p.amount.commodity != k {
            diags.push(
                Diagnostic::error(
                    Code::Receivable,
                    j.amount_span(p),
                    format!(
                        "this line is in `{}`, the invoice in `{}`",
                        j.commodity_name(p.amount.commodity),
                        j.commodity_name(k)
                    ),
                )
                .expected("every line in the invoice's commodity (§2.10)"),
            );
            continue;
        }
        let amount = p.amount.quantity * sign;
        let account = j.account_name(p.account);
        let comment: Vec<String> = j
            .posting_comments(p)
            .iter()
            .map(|c| free_text(j.text(c.text)))
            .filter(|s| !s.is_empty())
            .collect();
        let short = account.rsplit(':').next().unwrap_or(account).to_string();
        let description = if comment.is_empty() {
            short.clone()
        } else {
            comment.join(" ")
        };
        if let Some(rate) = taxes.get(&p.account) {
            let label = match (comment.is_empty(), rate.is_empty()) {
                (true, false) => format!("{short} ({rate})"),
                _ => description,
            };
            body.taxes.push((label, amount));
            body.tax += amount;
            continue;
        }
        let (qty, unit) = unit_price(j, p, k, &mut diags);
        body.lines.push(vec![
            Value::text_or_empty(description),
            qty.map_or(Value::Empty, Value::Number),
            unit.map_or(Value::Empty, money),
            money(amount),
        ]);
        body.subtotal += amount;
    }
    if !diags.is_empty() {
        return Err(InvoiceError::Invalid(diags));
    }
    let cust = &ar.customers.list[c];
    let created: Vec<&Item> = ar
        .items
        .iter()
        .filter(|it| it.movements.first().is_some_and(|m| m.txn == txn_id))
        .collect();
    let mut facts: Vec<(String, Value)> = vec![
        (
            format!("{} number", kind.title()),
            number.to_string().into(),
        ),
        ("Date".into(), txn.date.into()),
    ];
    let code = |name: &str| {
        postings
            .iter()
            .filter(|p| is_customer(p.account).is_some())
            .find_map(|p| j.tag_value(&j.posting_tags(p), name))
            .or_else(|| j.tag_value(&txn.tags, name))
            .map(str::to_string)
    };
    if kind == Kind::Invoice {
        if let Some(due) = created.iter().map(|it| it.due).max() {
            facts.push(("Due date".into(), due.into()));
        }
        if let Some(t) = cust.terms {
            facts.push(("Terms".into(), t.to_string().into()));
        }
    }
    if let Some(po) = code("po") {
        facts.push(("PO number".into(), po.into()));
    }
    facts.push(("Customer id".into(), cust.id.clone().into()));
    let abs_total = total.abs();
    let mut totals = vec![Total {
        label: "Subtotal".into(),
        amount: Money::ar(j, k, body.subtotal),
        strong: false,
    }];
    for (label, q) in &body.taxes {
        totals.push(Total {
            label: label.clone(),
            amount: Money::ar(j, k, *q),
            strong: false,
        });
    }
    let open: Decimal = created.iter().map(|it| it.open).sum();
    let t = |label: &str, q: Decimal, strong: bool| Total {
        label: label.into(),
        amount: Money::ar(j, k, q),
        strong,
    };
    let mut notes: Vec<String> = j
        .transaction_comments(txn)
        .iter()
        .map(|c| free_text(j.text(c.text)))
        .filter(|s| !s.is_empty())
        .collect();
    let payment = match kind {
        Kind::Invoice => {
            totals.push(t("Total", abs_total, false));
            totals.push(t("Paid to date", abs_total - open, false));
            totals.push(t("Balance due", open, true));
            totals.extend(early_payment(j, ar, &created, open));
            BusinessDocument::payment_lines(issuer)
        }
        _ => {
            totals.push(t("Total credit", abs_total, true));
            let applied: Vec<String> = ar
                .items
                .iter()
                .filter(|it| {
                    it.kind == ItemKind::Invoice
                        && it.movements.iter().skip(1).any(|m| m.txn == txn_id)
                })
                .map(|it| it.reference(j).into_owned())
                .collect();
            if !applied.is_empty() {
                notes.insert(0, format!("Applied to {}.", applied.join(", ")));
            }
            totals.push(t("Credit remaining", -open, false));
            Vec::new()
        }
    };
    Ok(BusinessDocument {
        kind,
        number: Some(number.to_string()),
        date: txn.date,
        issuer: issuer.clone(),
        recipient: Party::of(cust),
        facts,
        subject: note_of(j.text(txn.description())),
        intro: Vec::new(),
        tables: vec![body.lines],
        totals,
        payment,
        notes,
        slip: None,
    })
}

/// The early-payment discount (§7.1) the invoice's items still offer as of `ar.as_of`: the
/// discount, and what settles the invoice when paid by the discount date (`open` less it).
/// A paid invoice offers nothing.
fn early_payment(j: &Journal, ar: &OpenItems, created: &[&Item], open: Decimal) -> Vec<Total> {
    if open <= Decimal::ZERO {
        return Vec::new();
    }
    let offers: Vec<Offer> = created
        .iter()
        .filter_map(|it| discounts::pending(j, ar, it, ar.as_of))
        .collect();
    let (Some(first), Some(it)) = (offers.first(), created.first()) else {
        return Vec::new();
    };
    let Some(Terms::Discount { percent, .. }) = ar.customers.list[it.customer].terms else {
        return Vec::new();
    };
    let date = offers.iter().map(|o| o.date).min().unwrap_or(first.date);
    let discount: Decimal = offers.iter().map(|o| o.amount).sum();
    let k = it.commodity;
    vec![
        Total {
            label: format!("Less {}% if paid by {date}", percent.normalize()),
            amount: Money::ar(j, k, discount),
            strong: false,
        },
        Total {
            label: format!("Due if paid by {date}"),
            amount: Money::ar(j, k, (open - discount).max(Decimal::ZERO)),
            strong: false,
        },
    ]
}

/// The quantity and unit price of a line, from its `qty:` and `unit-price:` tags (§2.10).
fn unit_price(
    j: &Journal,
    p: &arledger_journal::Posting,
    k: CommodityId,
    diags: &mut Vec<Diagnostic>,
) -> (Option<Decimal>, Option<Decimal>) {
    let tag = |name: &str| {
        let id = j.tag_names.get(name)?;
        j.tags_in(&j.posting_tags(p))
            .iter()
            .find(|t| t.name == id)
            .copied()
    };
    let qty = tag("qty").and_then(|t| {
        let v = j.text(t.value);
        match v.parse::<Decimal>() {
            Ok(q) => Some(q),
            Err(_) => {
                diags.push(
                    Diagnostic::error(
                        Code::Receivable,
                        t.value,
                        format!("`qty: {v}` is not a number"),
                    )
                    .expected("a plain number, like `qty: 3` (§2.10)"),
                );
                None
            }
        }
    });
    let unit = tag("unit-price").and_then(|t| {
        let v = j.text(t.value);
        match parse_limit(v) {
            Some((q, c)) if c.is_empty() || c == j.commodity_name(k) => Some(q),
            _ => {
                diags.push(
                    Diagnostic::error(
                        Code::Receivable,
                        t.value,
                        format!("cannot read the unit price `{v}`"),
                    )
                    .expected(format!(
                        "an amount in the invoice's commodity, like `unit-price: 150.00 {}` (§2.10)",
                        j.commodity_name(k)
                    )),
                );
                None
            }
        }
    });
    (qty, unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_drops_tags() {
        assert_eq!(
            free_text(" Design, qty: 3, unit-price: 150.00 USD"),
            "Design"
        );
        assert_eq!(free_text(" short paid, invoice: INV-1"), "short paid");
        assert_eq!(free_text(" po: 7"), "");
        assert_eq!(free_text(" Hosting"), "Hosting");
        assert_eq!(free_text(" Hosting for March qty: 2"), "Hosting for March");
    }

    #[test]
    fn notes_follow_the_bar() {
        assert_eq!(note_of("Acme | Feb work").as_deref(), Some("Feb work"));
        assert_eq!(note_of("Acme"), None);
    }
}
