//! Journal entries arledger writes for the user (reminder records, late fees, write-offs), as
//! text that ledger, hledger and arledger all read the same way: one tag per comment line
//! (spec §4), amounts in the commodity's own style without digit groups.

use arledger_journal::format::{amount, Grouping};
use arledger_journal::{AccountId, Amount, CommodityId, Journal};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// An amount as journal text (`12.50 USD`, `$12.50`), readable back exactly.
fn money(j: &Journal, quantity: Decimal, commodity: CommodityId) -> String {
    amount(
        j,
        Amount {
            quantity,
            commodity,
        },
        Grouping::Plain,
    )
}

/// A reminder record: a note transaction naming the item and the level sent.
pub fn reminder(date: NaiveDate, payee: &str, reference: &str, level: &str) -> String {
    format!("{date} {payee} | Reminder level {level}\n    ; reminder: {reference}\n    ; level: {level}\n")
}

/// A transaction moving an amount between a customer's account, tagged with the item, and
/// another account (a late fee raises the item, a write-off settles it).
pub struct ItemEntry<'a> {
    /// The transaction date.
    pub date: NaiveDate,
    /// The payee (the customer's name).
    pub payee: &'a str,
    /// The note after the payee.
    pub description: String,
    /// The item's reference (`; invoice:` tag).
    pub reference: &'a str,
    /// Further `name: value` tags.
    pub tags: Vec<(&'static str, String)>,
    /// The customer's account.
    pub customer: AccountId,
    /// The signed amount posted to the customer's account.
    pub quantity: Decimal,
    /// Its commodity.
    pub commodity: CommodityId,
    /// The other account (its amount is left for the journal to infer).
    pub other: &'a str,
}

impl ItemEntry<'_> {
    /// The entry as journal text, ending with a newline.
    pub fn text(&self, j: &Journal) -> String {
        let mut s = format!(
            "{} * {} | {}\n    ; invoice: {}\n",
            self.date, self.payee, self.description, self.reference
        );
        for (name, value) in &self.tags {
            s.push_str(&format!("    ; {name}: {value}\n"));
        }
        let account = j.account_name(self.customer);
        let shown = money(j, self.quantity, self.commodity);
        // The amount ends at column 56, as in the shipped journals (further right for long names).
        let width = account.chars().count().max(38) + 2;
        s.push_str(&format!(
            "    {account:<width$}{shown:>12}\n    {}\n",
            self.other
        ));
        s
    }
}
