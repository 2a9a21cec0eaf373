//! Purchase orders (spec §7.8): which PO an invoice is billed under (its `po:` tag), how much
//! each PO a customer declared (`purchase-order: NUMBER AMOUNT`) authorises, how much of it
//! the invoices have used, and the invoices that bill beyond it.

use arledger_journal::{Code, Diagnostic, Journal, TagId};
use rust_decimal::Decimal;

use super::items::{grouped_amount, Item, ItemKind, Movement, MovementKind, OpenItems};

/// The `po:` tag of an invoice item: its creating posting's, else its transaction's (§0.1).
pub fn po_of<'j>(j: &'j Journal, it: &Item) -> Option<&'j str> {
    po_with(j, j.tag_names.get("po")?, it)
}

/// [`po_of`] with the tag id looked up once by the caller.
fn po_with<'j>(j: &'j Journal, id: TagId, it: &Item) -> Option<&'j str> {
    let value = |range| {
        j.tags_in(range)
            .iter()
            .find(|t| t.name == id)
            .map(|t| j.text(t.value))
    };
    let p = &j.postings[it.posting];
    value(&j.posting_tags(p))
        .or_else(|| value(&j.transactions[it.movements[0].txn.index()].tags))
        .filter(|v| !v.is_empty())
}

/// Whether a movement of an invoice billed under a PO counts as invoiced against it: the
/// invoice, an opening item, a debit memo raise it, a credit memo gives back; payments,
/// discounts and write-offs settle what was billed and change nothing.
fn bills(m: &Movement) -> bool {
    matches!(
        m.kind,
        MovementKind::Invoice
            | MovementKind::Opening
            | MovementKind::DebitMemo
            | MovementKind::CreditMemo
    )
}

/// One purchase order of one customer in one commodity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoRow {
    /// Index in the customer list.
    pub customer: usize,
    /// The PO number.
    pub po: String,
    /// The commodity symbol: the declared amount's, else the invoices'.
    pub commodity: String,
    /// The amount the PO authorises; `None` for a PO only invoices name.
    pub authorised: Option<Decimal>,
    /// What the invoices billed under it: their amounts, debit memos, less credit memos.
    pub invoiced: Decimal,
    /// Indices into [`OpenItems::items`] of its invoices, in creation order.
    pub invoices: Vec<usize>,
}

impl PoRow {
    /// What is left of the authorised amount (below zero when exceeded).
    pub fn remaining(&self) -> Option<Decimal> {
        self.authorised.map(|a| a - self.invoiced)
    }
}

/// Every purchase order at the report date: each customer's declared POs, then the PO
/// numbers its invoices name that it did not declare, sorted by customer, PO number and
/// commodity. An invoice in another commodity than its declared PO's is left out of the PO.
pub fn purchase_orders(j: &Journal, ar: &OpenItems) -> Vec<PoRow> {
    let mut rows: Vec<PoRow> = Vec::new();
    for (c, customer) in ar.customers.list.iter().enumerate() {
        let first = rows.len();
        rows.extend(customer.purchase_orders.iter().map(|p| PoRow {
            customer: c,
            po: p.number.clone(),
            commodity: p.commodity.clone(),
            authorised: Some(p.authorised),
            // Zero at the declared amount's decimals, for a commodity the books never used.
            invoiced: Decimal::new(0, p.authorised.scale()),
            invoices: Vec::new(),
        }));
        let Some(id) = j.tag_names.get("po") else {
            continue;
        };
        for i in ar.of_customer(c) {
            let it = &ar.items[i];
            let Some(po) = po_with(j, id, it).filter(|_| it.kind == ItemKind::Invoice) else {
                continue;
            };
            let symbol = j.commodity_name(it.commodity);
            let declared = customer.purchase_orders.iter().any(|p| p.number == po);
            let row = match rows[first..]
                .iter()
                .position(|r| r.po == po && r.commodity == symbol)
            {
                Some(k) => first + k,
                None if declared => continue,
                None => {
                    rows.push(PoRow {
                        customer: c,
                        po: po.to_string(),
                        commodity: symbol.to_string(),
                        authorised: None,
                        invoiced: Decimal::ZERO,
                        invoices: Vec::new(),
                    });
                    rows.len() - 1
                }
            };
            let r = &mut rows[row];
            r.invoices.push(i);
            r.invoiced += it
                .movements
                .iter()
                .filter(|m| bills(m))
                .map(|m| m.amount)
                .sum::<Decimal>();
        }
        rows[first..].sort_by(|a, b| (&a.po, &a.commodity).cmp(&(&b.po, &b.commodity)));
    }
    rows
}

/// `check`'s purchase-order warnings: each invoice or debit memo that leaves a declared PO
/// billed beyond what it authorises (every such bill, in processing order §2.9, since each is
/// billed without authorisation), and each invoice naming a declared PO in another commodity.
pub fn po_findings(j: &Journal, ar: &OpenItems) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if ar
        .customers
        .list
        .iter()
        .all(|c| c.purchase_orders.is_empty())
    {
        return out;
    }
    for row in purchase_orders(j, ar) {
        let Some(authorised) = row.authorised else {
            continue;
        };
        let customer = &ar.customers.list[row.customer];
        let mut billed: Vec<(&Movement, usize)> = row
            .invoices
            .iter()
            .flat_map(|&i| ar.items[i].movements.iter().map(move |m| (m, i)))
            .filter(|(m, _)| bills(m))
            .collect();
        billed.sort_by_key(|(m, _)| (m.date, m.txn.index(), m.posting));
        let mut invoiced = Decimal::ZERO;
        for (m, i) in billed {
            invoiced += m.amount;
            if m.amount > Decimal::ZERO && invoiced > authorised {
                let it = &ar.items[i];
                let amount = |q| grouped_amount(j, q, it.commodity);
                out.push(
                    Diagnostic::warning(
                        Code::Receivable,
                        j.trim_span(j.postings[m.posting as usize].span),
                        format!(
                            "{} takes purchase order {} of {} to {} {} invoiced, over the {} {} it authorises",
                            it.reference(j),
                            row.po,
                            customer.name,
                            amount(invoiced),
                            row.commodity,
                            amount(authorised),
                            row.commodity,
                        ),
                    )
                    .label(customer_po_span(ar, row.customer, &row.po), "the purchase order"),
                );
            }
        }
    }
    out.extend(other_commodity(j, ar));
    out
}

/// Where customer `c` declared PO `number`.
fn customer_po_span(ar: &OpenItems, c: usize, number: &str) -> arledger_journal::Span {
    let customer = &ar.customers.list[c];
    customer
        .purchase_orders
        .iter()
        .find(|p| p.number == number)
        .map_or(customer.location, |p| p.span)
}

/// Invoices naming a declared PO in another commodity than the PO's: they do not count
/// against it.
fn other_commodity<'a>(j: &'a Journal, ar: &'a OpenItems) -> impl Iterator<Item = Diagnostic> + 'a {
    let id = j.tag_names.get("po");
    ar.items.iter().filter_map(move |it| {
        let po = po_with(j, id?, it).filter(|_| it.kind == ItemKind::Invoice)?;
        let customer = &ar.customers.list[it.customer];
        let declared = customer.purchase_orders.iter().find(|p| p.number == po)?;
        let symbol = j.commodity_name(it.commodity);
        (declared.commodity != symbol).then(|| {
            Diagnostic::warning(
                Code::Receivable,
                j.trim_span(j.postings[it.posting].span),
                format!(
                    "invoice `{}` names purchase order {po} of {}, which authorises {}, but is in {symbol}: it does not count against the order",
                    it.reference(j),
                    customer.name,
                    declared.commodity,
                ),
            )
            .label(declared.span, "the purchase order")
        })
    })
}
