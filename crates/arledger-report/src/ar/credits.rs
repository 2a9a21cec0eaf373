//! Credits are credits everywhere (§7.3): what a customer is asked to pay is what it owes less
//! its unapplied credits, credit items and invoices overpaid into a credit balance alike. The
//! netting is computed here, once, so that statements, dunning letters and any document built
//! from them say the same thing.

use arledger_journal::{CommodityId, Journal};
use rust_decimal::Decimal;

use super::items::{plain_amount, OpenItems};

/// An amount owed netted with the customer's unapplied credits in one commodity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Netting {
    /// The commodity.
    pub commodity: CommodityId,
    /// What the customer is asked about (the overdue items of a letter, the open invoices of a
    /// statement).
    pub owed: Decimal,
    /// The customer's unapplied credits ([`Item::credit`](super::items::Item::credit)).
    pub credit: Decimal,
    /// What remains to pay: `owed` less `credit`, never below zero.
    pub due: Decimal,
}

/// The unapplied credits of customer `c` in `commodity` at the report date of `ar`.
pub fn customer_credit(ar: &OpenItems, c: usize, commodity: CommodityId) -> Decimal {
    ar.of_customer(c)
        .map(|i| &ar.items[i])
        .filter(|it| it.commodity == commodity)
        .map(|it| it.credit(it.open))
        .sum()
}

/// `owed` by customer `c` in `commodity`, netted with the customer's unapplied credits.
pub fn net(ar: &OpenItems, c: usize, commodity: CommodityId, owed: Decimal) -> Netting {
    let credit = customer_credit(ar, c, commodity);
    Netting {
        commodity,
        owed,
        credit,
        due: (owed - credit).max(Decimal::ZERO),
    }
}

impl Netting {
    /// The sentence a dunning letter says when the customer has a credit, amounts at the
    /// commodity's AR precision: `226.80 is overdue; less your credit of 62.50, 164.30 is due`.
    /// `None` without a credit.
    pub fn sentence(&self, j: &Journal) -> Option<String> {
        if self.credit.is_zero() {
            return None;
        }
        let shown = |q| plain_amount(j, self.commodity, q);
        Some(format!(
            "{} is overdue; less your credit of {}, {} is due",
            shown(self.owed),
            shown(self.credit),
            shown(self.due)
        ))
    }
}
