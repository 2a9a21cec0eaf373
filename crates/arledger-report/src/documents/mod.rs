//! The documents an AR desk sends — invoices, credit memos, statements — as one model: who
//! sends it, to whom, its header facts, its tables, its totals, how to pay, notes and a
//! remittance slip. Every renderer (text, Markdown, HTML, PDF) lays out this one shape, so a
//! new kind of document is a new builder here, not a new renderer.
//!
//! Nothing here formats: amounts are [`Money`], dates are dates.

pub mod invoice;
pub mod reminder;
pub mod statement;
pub mod vendor;

use chrono::NaiveDate;

use crate::ar::{Customer, Level};
use crate::table::{Money, Table, Value};

pub use invoice::{invoice, tax_accounts, InvoiceError};
pub use reminder::{reminder, Reminder};
pub use statement::{has_content, statement, StatementPeriod};
pub use vendor::{vendor_form, BankAccount, Vendor};

/// Who sends the documents: the `[issuer]` section of the books' configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Issuer {
    /// The company name.
    pub name: Option<String>,
    /// Postal address, one line each.
    pub address: Vec<String>,
    /// Tax or VAT registration number.
    pub tax_id: Option<String>,
    /// Reply address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Bank details for transfers.
    pub bank: Option<String>,
    /// Where to mail payments, one line each (empty: the address).
    pub remit_to: Vec<String>,
    /// The logo shown in the letterhead of the documents that can show a picture.
    pub logo: Option<Logo>,
}

/// A picture file: the issuer's logo.
#[derive(Clone, PartialEq, Eq)]
pub struct Logo {
    /// What kind of picture it is.
    pub format: ImageFormat,
    /// The file's bytes.
    pub data: Vec<u8>,
}

impl std::fmt::Debug for Logo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Logo({:?}, {} bytes)", self.format, self.data.len())
    }
}

/// The picture formats a logo may be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
}

impl ImageFormat {
    /// The format of a file, from its first bytes (its signature).
    pub fn of(data: &[u8]) -> Option<ImageFormat> {
        if data.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageFormat::Png)
        } else if data.starts_with(&[0xff, 0xd8, 0xff]) {
            Some(ImageFormat::Jpeg)
        } else {
            None
        }
    }

    /// Its media type (`image/png`).
    pub fn media_type(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
        }
    }
}

impl Issuer {
    /// Where payments go: the remit-to address, else the postal address.
    pub fn remit_lines(&self) -> &[String] {
        if self.remit_to.is_empty() {
            &self.address
        } else {
            &self.remit_to
        }
    }
}

/// Who a document is addressed to: a customer, as its declaration describes it (§1.3, §1.5).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Party {
    /// The customer id (§1.2).
    pub id: String,
    /// The display name.
    pub name: String,
    /// Postal address lines.
    pub address: Vec<String>,
    /// The person to write to.
    pub contact: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// The customer's tax id.
    pub tax_id: Option<String>,
}

impl Party {
    /// The party of a customer. The internal credit limit is not part of it: documents go to
    /// the customer.
    pub fn of(c: &Customer) -> Party {
        Party {
            id: c.id.clone(),
            name: c.name.clone(),
            address: c.address.clone(),
            contact: c.contact.clone(),
            email: c.email.clone(),
            phone: c.phone.clone(),
            tax_id: c.tax_id.clone(),
        }
    }
}

/// What kind of document it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An invoice.
    Invoice,
    /// A credit memo.
    CreditMemo,
    /// A statement of account.
    Statement,
    /// A dunning letter at its level.
    Reminder(Level),
    /// The vendor information sheet (§7.7).
    VendorForm,
}

impl Kind {
    /// Its title as printed on the document.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Invoice => "Invoice",
            Kind::CreditMemo => "Credit memo",
            Kind::Statement => "Statement of account",
            Kind::Reminder(Level::One) => "Payment reminder",
            Kind::Reminder(Level::Two) => "Second notice",
            Kind::Reminder(Level::Three) => "Third notice",
            Kind::Reminder(Level::Final) => "Final demand",
            Kind::VendorForm => "Vendor information",
        }
    }

    /// Its name for programs and file names.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Invoice => "invoice",
            Kind::CreditMemo => "credit-memo",
            Kind::Statement => "statement",
            Kind::Reminder(Level::One) => "dunning-1",
            Kind::Reminder(Level::Two) => "dunning-2",
            Kind::Reminder(Level::Three) => "dunning-3",
            Kind::Reminder(Level::Final) => "dunning-final",
            Kind::VendorForm => "vendor-form",
        }
    }

    /// How the addressee block is headed: `Bill to` on invoices and credit memos, `To` on
    /// statements and letters (a vendor form has no addressee).
    pub fn recipient_label(self) -> &'static str {
        match self {
            Kind::Invoice | Kind::CreditMemo => "Bill to",
            Kind::Statement | Kind::Reminder(_) | Kind::VendorForm => "To",
        }
    }
}

/// One line of a totals box.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Total {
    /// What it is (`Subtotal`, `Balance due`).
    pub label: String,
    /// The amount.
    pub amount: Money,
    /// The line the reader looks for (balance due, amount due): set in bold.
    pub strong: bool,
}

/// The tear-off part of a statement the customer sends back with the payment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slip {
    /// The customer's id, to quote with the payment.
    pub customer_id: String,
    /// The customer's name.
    pub customer_name: String,
    /// The statement date.
    pub date: NaiveDate,
    /// The amount due, one per commodity.
    pub amounts_due: Vec<Money>,
}

/// A document to send: everything every renderer shows, in the order they show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BusinessDocument {
    /// Invoice, credit memo or statement.
    pub kind: Kind,
    /// The document number (none for statements).
    pub number: Option<String>,
    /// The document date.
    pub date: NaiveDate,
    /// The sender (letterhead).
    pub issuer: Issuer,
    /// The addressee (bill-to).
    pub recipient: Party,
    /// Header facts: dates, terms, PO, period.
    pub facts: Vec<(String, Value)>,
    /// A line about what it is for (the transaction's note; a letter's heading).
    pub subject: Option<String>,
    /// Paragraphs before the body (a letter's salutation and opening).
    pub intro: Vec<String>,
    /// The body: lines, or activity, aging and open items.
    pub tables: Vec<Table>,
    /// The totals box.
    pub totals: Vec<Total>,
    /// How to pay, one line each.
    pub payment: Vec<String>,
    /// Notes to the customer, one paragraph each.
    pub notes: Vec<String>,
    /// The remittance slip (statements).
    pub slip: Option<Slip>,
}

impl BusinessDocument {
    /// A file name for the document: kind, number or customer id, `.EXT`; only characters that
    /// are safe in file names on every system.
    pub fn file_name(&self, ext: &str) -> String {
        let key = self.number.as_deref().unwrap_or(&self.recipient.id);
        let safe: String = key
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        format!("{}-{safe}.{ext}", self.kind.name())
    }

    /// How to pay: the issuer's bank details, and where to mail a cheque.
    pub(crate) fn payment_lines(issuer: &Issuer) -> Vec<String> {
        let mut v = Vec::new();
        if let Some(b) = &issuer.bank {
            v.push(format!("Bank transfer: {b}"));
        }
        let remit = issuer.remit_lines();
        if !remit.is_empty() {
            v.push(format!("Mail payments to: {}", remit.join(", ")));
        }
        v
    }
}
