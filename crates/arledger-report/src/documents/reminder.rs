//! The dunning letter a customer receives (docs/commands/dunning.md): the items due for a
//! reminder, what is due in total, and the letter's wording at its level — friendly at level 1,
//! a final demand at the last. It is a [`BusinessDocument`] like an invoice, so every
//! renderer (text, Markdown, HTML, PDF) and the e-mail carry it the same way.

use arledger_journal::{CommodityId, Journal};
use rust_decimal::Decimal;

use super::{BusinessDocument, Issuer, Kind, Party, Total};
use crate::ar::{net, Level, Netting, OpenItems, WorkItem};
use crate::table::{Column, Money, Table, Value};

/// One letter to write: a customer, its level (the highest due among its items) and the items.
#[derive(Clone, Debug)]
pub struct Reminder<'w> {
    /// Index into the customer list.
    pub customer: usize,
    /// The letter's level.
    pub level: Level,
    /// The items the letter is about, most overdue first.
    pub items: Vec<&'w WorkItem>,
}

/// The words of a letter at one level, with "the invoice"/"the invoices" chosen.
struct Wording {
    salutation: &'static str,
    opening: String,
    request: Vec<String>,
    closing: Vec<String>,
    regards: &'static str,
}

/// How the customer can reach us, as the end of a sentence (` at ar@x or by phone on 555`).
fn reach(issuer: &Issuer) -> Option<String> {
    match (&issuer.email, &issuer.phone) {
        (Some(e), Some(p)) => Some(format!(" at {e} or by phone on {p}")),
        (Some(e), None) => Some(format!(" at {e}")),
        (None, Some(p)) => Some(format!(" by phone on {p}")),
        (None, None) => None,
    }
}

fn wording(level: Level, one: bool, issuer: &Issuer) -> Wording {
    let pick = |a: &str, b: &str| if one { a.to_string() } else { b.to_string() };
    match level {
        Level::One => Wording {
            salutation: "Dear Accounts Payable team,",
            opening: format!(
                "We hope all is well. Our records show that the {} now past due. We know how \
                 easily an invoice can be overlooked, so this is simply a friendly reminder.",
                pick("invoice below is", "invoices below are")
            ),
            request: vec![
                "We would be grateful if you could arrange payment at your earliest convenience."
                    .into(),
            ],
            closing: vec![
                format!(
                    "If you have already sent payment, please disregard this reminder, and thank \
                     you. If you have any questions about {}, or need a copy, {}.",
                    pick("this invoice", "these invoices"),
                    match reach(issuer) {
                        Some(r) => format!("please contact us{r}"),
                        None => "please just reply to this letter".into(),
                    }
                ),
                "Thank you for your business.".into(),
            ],
            regards: "Kind regards,",
        },
        Level::Two => Wording {
            salutation: "Dear Accounts Payable team,",
            opening: format!(
                "We wrote to you recently about the {} below. According to our records {} \
                 still unpaid, and we have not yet heard from you.",
                pick("invoice", "invoices"),
                pick("it is", "they are")
            ),
            request: vec![
                "Please arrange payment of the balance, or let us know when we can expect it, \
                 within 7 days of the date of this letter. If something is holding up payment \
                 (a query about the work, a missing purchase order, or a payment we have not \
                 been able to match), please tell us so that we can sort it out quickly."
                    .into(),
            ],
            closing: [
                Some(
                    "If you have paid in the last few days, thank you; please send us the \
                     remittance details so that we can update your account."
                        .to_string(),
                ),
                reach(issuer).map(|r| format!("You can reach us{r}.")),
            ]
            .into_iter()
            .flatten()
            .collect(),
            regards: "Kind regards,",
        },
        Level::Three => Wording {
            salutation: "Dear Accounts Payable team,",
            opening: format!(
                "Despite our earlier reminders, the {} unpaid and your account is now \
                 seriously overdue.",
                pick("invoice below remains", "invoices below remain")
            ),
            request: vec![
                "Please pay the full balance now. If we do not receive payment or hear from \
                 you, we may have to place your account on hold, which means no further orders \
                 or work until the balance is settled. Late payment charges may also apply in \
                 accordance with our terms."
                    .into(),
                format!(
                    "If you cannot pay the full amount at once, please {}{} to arrange payment. \
                     We would much rather agree a payment plan with you than take further steps.",
                    issuer
                        .phone
                        .as_ref()
                        .map_or("contact us".to_string(), |p| format!("call us on {p}")),
                    issuer
                        .email
                        .as_ref()
                        .map_or(String::new(), |e| format!(" (or write to {e})"))
                ),
            ],
            closing: vec![
                "If you have already paid, please send us the remittance details so that we \
                 can update your account."
                    .into(),
            ],
            regards: "Yours sincerely,",
        },
        Level::Final => Wording {
            salutation: "Dear Sir or Madam,",
            opening: format!(
                "We have written to you several times about the {} below. {} unpaid, and we \
                 have received no payment or proposal for payment.",
                pick("invoice", "invoices"),
                pick("It remains", "They remain")
            ),
            request: vec![
                "This is our final demand. Please pay the full balance shown within 10 days of \
                 the date of this letter. If we have not received payment, or agreed an \
                 arrangement for payment with you, by then, your account will be referred for \
                 collection without further notice."
                    .into(),
            ],
            closing: vec![format!(
                "If you have paid in the meantime, or if you dispute any of these amounts, \
                 contact us immediately{} so that we can review your account before the \
                 deadline.",
                reach(issuer).unwrap_or_default()
            )],
            regards: "Yours faithfully,",
        },
    }
}

/// The items the letter is about: reference, dates, days overdue, open amount.
fn items_table(j: &Journal, ar: &OpenItems, items: &[&WorkItem]) -> Table {
    let mut t = Table::new(vec![
        Column::text("reference"),
        Column::date("date").label("invoice date"),
        Column::date("due").label("due date"),
        Column::int("days_overdue").label("days overdue"),
        Column::money("open").label("open amount"),
    ])
    .with_id("overdue-items");
    for w in items {
        let it = &ar.items[w.item];
        t.push(vec![
            it.reference(j).into_owned().into(),
            it.date.into(),
            it.due.into(),
            w.days_overdue.into(),
            Value::Money(Money::ar(j, it.commodity, it.open)),
        ]);
    }
    t
}

impl Reminder<'_> {
    /// Per commodity in the order the items first show it: their open amount, netted with the
    /// customer's unapplied credits (§7.3).
    pub fn netting(&self, ar: &OpenItems) -> Vec<Netting> {
        let mut owed: Vec<(CommodityId, Decimal)> = Vec::new();
        for w in &self.items {
            let it = &ar.items[w.item];
            match owed.iter_mut().find(|(k, _)| *k == it.commodity) {
                Some((_, q)) => *q += it.open,
                None => owed.push((it.commodity, it.open)),
            }
        }
        owed.into_iter()
            .map(|(k, q)| net(ar, self.customer, k, q))
            .collect()
    }

    /// The letter's heading.
    fn level_heading(&self) -> &'static str {
        match self.level {
            Level::One => "Friendly payment reminder",
            Level::Two => "Second notice: payment past due",
            Level::Three => "Third notice: account seriously overdue",
            Level::Final => "Final demand for payment",
        }
    }

    /// Whether anything is left to pay once the customer's credits are netted: a customer
    /// whose credits cover what is overdue gets no letter (§7.3).
    pub fn asks_for_payment(&self, ar: &OpenItems) -> bool {
        self.netting(ar).iter().any(|n| !n.due.is_zero())
    }
}

/// The totals of a letter: per commodity what is due, and with a credit what is overdue and
/// the credit before it.
fn totals(j: &Journal, netting: &[Netting]) -> Vec<Total> {
    let mut out = Vec::new();
    for n in netting {
        let name = j.commodity_name(n.commodity);
        if !n.credit.is_zero() {
            out.push(Total {
                label: format!("Total overdue ({name})"),
                amount: Money::ar(j, n.commodity, n.owed),
                strong: false,
            });
            out.push(Total {
                label: format!("Less your credit ({name})"),
                amount: Money::ar(j, n.commodity, -n.credit),
                strong: false,
            });
        }
        out.push(Total {
            label: format!("Total due ({name})"),
            amount: Money::ar(j, n.commodity, n.due),
            strong: true,
        });
    }
    out
}

/// The dunning letter `r` from `issuer`, signed by `signer` (the person; else "Accounts
/// Receivable"), dated `ar.as_of`.
pub fn reminder(
    j: &Journal,
    ar: &OpenItems,
    r: &Reminder,
    issuer: &Issuer,
    signer: Option<&str>,
) -> BusinessDocument {
    let cust = &ar.customers.list[r.customer];
    let w = wording(r.level, r.items.len() == 1, issuer);
    let salutation = match &cust.contact {
        Some(c) => format!("Dear {c},"),
        None => w.salutation.to_string(),
    };
    let netting = r.netting(ar);
    // The credit is said in words too, where the letter asks for payment.
    let mut notes: Vec<String> = netting
        .iter()
        .filter_map(|n| {
            let sentence = n.sentence(j)?;
            Some(format!("In {}: {sentence}.", j.commodity_name(n.commodity)))
        })
        .collect();
    notes.extend(w.request);
    notes.extend(w.closing);
    notes.push(w.regards.to_string());
    notes.push(signer.unwrap_or("Accounts Receivable").to_string());
    notes.extend(issuer.name.iter().filter(|_| signer.is_some()).cloned());
    BusinessDocument {
        kind: Kind::Reminder(r.level),
        number: None,
        date: ar.as_of,
        issuer: issuer.clone(),
        recipient: Party::of(cust),
        facts: vec![
            ("Date".into(), ar.as_of.into()),
            ("Customer id".into(), cust.id.clone().into()),
        ],
        subject: Some(r.level_heading().into()),
        intro: vec![salutation, w.opening],
        tables: vec![items_table(j, ar, &r.items)],
        totals: totals(j, &netting),
        payment: BusinessDocument::payment_lines(issuer),
        notes,
        slip: None,
    }
}
