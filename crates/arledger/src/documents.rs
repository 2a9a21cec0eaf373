//! The AR documents `arledger add` and `arledger import` write, as [`Entry`] values (so that
//! the writer checks they read back as meant): invoices with lines, payments, credit memos and
//! write-offs applied to named items, and opening entries (docs/ar-conventions.md §2.10).

use arledger_journal::format::{amount, Grouping};
use arledger_journal::{Amount, CommodityId, Journal, Status};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::entries::{header_text, tag_text, Entry, EntryAmount, EntryPosting};

/// One line of an invoice or credit memo: what was sold, and for how much.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocLine {
    /// What the line is for (free text, made safe for a comment).
    pub description: String,
    /// Quantity and unit price, when the line was given as `QTY@PRICE`: the amount is their
    /// product, exactly.
    pub unit: Option<(Decimal, Decimal)>,
    /// The line's amount (positive).
    pub amount: Decimal,
    /// Its commodity.
    pub commodity: CommodityId,
}

/// An amount applied to one item of the customer (`; invoice: REF` on its posting), or to
/// none (`reference: None`: the remainder, which the books keep as a credit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Application {
    /// The item's reference.
    pub reference: Option<String>,
    /// The amount taken off the customer's account (positive).
    pub amount: Decimal,
}

/// What every document's header says.
#[derive(Clone, Debug)]
pub struct Header<'a> {
    /// The date.
    pub date: NaiveDate,
    /// The document number (transaction code), if it has one.
    pub number: Option<&'a str>,
    /// The payee: the customer's name.
    pub payee: &'a str,
    /// The note after the payee.
    pub note: &'a str,
    /// Tags on comment lines of their own.
    pub tags: Vec<(String, String)>,
}

impl Header<'_> {
    fn entry(&self, postings: Vec<EntryPosting>) -> Entry {
        let mut description = header_text(self.payee);
        let note = header_text(self.note);
        if !note.is_empty() {
            description = format!("{description} | {note}");
        }
        Entry {
            date: self.date,
            status: Status::Cleared,
            description,
            code: self.number.map(str::to_string),
            header_tags: Vec::new(),
            tags: self.tags.clone(),
            postings,
        }
    }
}

/// A posting for a document line on `account`, the line's amount times `sign`: the
/// description as the comment's text, and `qty:`/`unit-price:` tags (§2.10).
fn line_posting(j: &Journal, account: &str, line: &DocLine, sign: Decimal) -> EntryPosting {
    let mut p = EntryPosting::new(
        account,
        Some(EntryAmount::new(j, line.amount * sign, line.commodity)),
    );
    p.note = tag_text(&line.description);
    if let Some((qty, price)) = line.unit {
        let price = Amount {
            quantity: price,
            commodity: line.commodity,
        };
        p.tags = vec![
            ("qty".into(), qty.normalize().to_string()),
            ("unit-price".into(), amount(j, price, Grouping::Plain)),
        ];
    }
    p
}

/// The customer postings of `applied` (in `commodity`): one per item, tagged with its
/// reference.
fn applied_postings(
    j: &Journal,
    customer: &str,
    applied: &[Application],
    commodity: CommodityId,
) -> Vec<EntryPosting> {
    applied
        .iter()
        .map(|a| {
            let mut p =
                EntryPosting::new(customer, Some(EntryAmount::new(j, -a.amount, commodity)));
            if let Some(r) = &a.reference {
                p.tags = vec![("invoice".into(), r.clone())];
            }
            p
        })
        .collect()
}

impl Entry {
    /// An invoice: the customer's account raised by the total, one income posting per line.
    pub fn invoice(
        j: &Journal,
        header: &Header,
        customer: &str,
        total: EntryAmount,
        income: &str,
        lines: &[DocLine],
    ) -> Entry {
        let mut postings = vec![EntryPosting::new(customer, Some(total))];
        postings.extend(
            lines
                .iter()
                .map(|line| line_posting(j, income, line, Decimal::NEGATIVE_ONE)),
        );
        header.entry(postings)
    }

    /// A credit memo: the lines back on their accounts, the customer's account reduced item by
    /// item (`applied`).
    pub fn credit_memo(
        j: &Journal,
        header: &Header,
        customer: &str,
        account: &str,
        lines: &[DocLine],
        applied: &[Application],
    ) -> Entry {
        let mut postings: Vec<EntryPosting> = lines
            .iter()
            .map(|line| line_posting(j, account, line, Decimal::ONE))
            .collect();
        if let Some(first) = lines.first() {
            postings.extend(applied_postings(j, customer, applied, first.commodity));
        }
        header.entry(postings)
    }

    /// A payment (`other` a cash account) or a write-off (`other` a bad-debt account): the
    /// total to `other`, the customer's account reduced item by item.
    pub fn settlement(
        j: &Journal,
        header: &Header,
        customer: &str,
        other: &str,
        (total, commodity): (Decimal, CommodityId),
        applied: &[Application],
    ) -> Entry {
        let mut postings = vec![EntryPosting::new(
            other,
            Some(EntryAmount::new(j, total, commodity)),
        )];
        postings.extend(applied_postings(j, customer, applied, commodity));
        header.entry(postings)
    }
}
