//! Early-payment discounts (`2/10 net30`, spec §7.1): what an invoice offers, what was taken,
//! and the discounts taken after their date.

use arledger_journal::{Code, Diagnostic, Journal};
use chrono::{Days, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use super::items::{Item, ItemKind, MovementKind, OpenItems};
use super::terms::Terms;

/// The early-payment discount an invoice offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offer {
    /// The last day a payment earns the discount: the invoice date plus the discount days.
    pub date: NaiveDate,
    /// The discount: the invoice's original amount times the percentage, rounded half away
    /// from zero to the commodity's precision.
    pub amount: Decimal,
}

/// The discount invoice `it` offers under its customer's terms, if they have one. Items carried
/// over by an opening entry offer none: their terms ran in the books kept before.
pub fn offer(j: &Journal, ar: &OpenItems, it: &Item) -> Option<Offer> {
    let Some(Terms::Discount { percent, days, .. }) = ar.customers.list[it.customer].terms else {
        return None;
    };
    if it.kind != ItemKind::Invoice || it.movements[0].kind != MovementKind::Invoice {
        return None;
    }
    let precision = j.commodity_info[it.commodity.index()].decimals_seen;
    let mut amount = (it.original() * percent / Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(precision, RoundingStrategy::MidpointAwayFromZero);
    amount.rescale(precision);
    Some(Offer {
        date: it.date.checked_add_days(Days::new(u64::from(days)))?,
        amount,
    })
}

/// The discount invoice `it` still offers on `date`: its discount date is not past and no
/// discount was taken (the open items of a statement show it).
pub fn pending(j: &Journal, ar: &OpenItems, it: &Item, date: NaiveDate) -> Option<Offer> {
    offer(j, ar, it).filter(|o| o.date >= date && taken(it).is_zero())
}

/// The discount taken on an item so far (positive).
pub fn taken(it: &Item) -> Decimal {
    -it.movements
        .iter()
        .filter(|m| m.kind == MovementKind::Discount)
        .map(|m| m.amount)
        .sum::<Decimal>()
}

/// A warning for every discount taken after the invoice's discount date, or on an invoice whose
/// terms offer none, at the customer posting that took it.
pub fn late_discounts(j: &Journal, ar: &OpenItems) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for it in &ar.items {
        let mut discounts = it
            .movements
            .iter()
            .filter(|m| m.kind == MovementKind::Discount)
            .peekable();
        // The offer is worked out only for the few items that took a discount.
        if discounts.peek().is_none() {
            continue;
        }
        let offer = offer(j, ar, it);
        for m in discounts {
            let p = &j.postings[m.posting as usize];
            let amount = it.shown(j, -m.amount);
            let message = match offer {
                Some(o) if m.date <= o.date => continue,
                Some(o) => format!(
                    "discount of {amount} on {} taken {} days after the discount date",
                    it.reference(j),
                    (m.date - o.date).num_days()
                ),
                None => format!(
                    "discount of {amount} on {} taken, but customer {}'s terms offer no discount",
                    it.reference(j),
                    ar.customers.list[it.customer].id
                ),
            };
            out.push(
                Diagnostic::warning(Code::Receivable, j.trim_span(p.span), message).note(
                    "book the difference as still owed, or keep the discount as a concession",
                ),
            );
        }
    }
    out
}
