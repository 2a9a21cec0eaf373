//! Journal entries arledger writes for the user (reminder records, late fees, write-offs, close
//! records), as text that ledger, hledger and arledger all read the same way: one tag per
//! comment line (spec §4), amounts in the commodity's own style without digit groups.
//!
//! An [`Entry`] is kept as data until it is written, so that a writer can check that the
//! journal reads it back exactly as meant ([`Entry::differs`]): text taken from the journal
//! (customer names) is made safe for a transaction header first ([`header_text`]).

use std::fmt::Write as _;

use arledger_journal::format::{amount, Grouping};
use arledger_journal::{Amount, CommodityId, Journal, Status, Transaction};
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

/// Text from the journal (a customer's name) made safe for a transaction header: no line
/// breaks or other control characters, no `;` (a comment, and tags, would start there), no `|`
/// (payee and note are split there), no leading status mark or `(` (a code), and no runs of
/// spaces. It is shown to people only: references and accounts are never rewritten.
pub fn header_text(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| match c {
            ';' => ',',
            '|' => '/',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let words: Vec<&str> = mapped.split_whitespace().collect();
    words
        .join(" ")
        .trim_start_matches(['*', '!', '(', ' '])
        .to_string()
}

/// Text from outside (a bank statement's file name or reference) made safe for a tag value:
/// as [`header_text`], and no `,` (a value ends there) or `:` (another tag could start).
pub fn tag_text(s: &str) -> String {
    header_text(&s.replace([',', ':'], " "))
}

/// A posting of an [`Entry`].
#[derive(Clone, Debug)]
pub struct EntryPosting {
    /// The account, as written.
    pub account: String,
    /// The amount, or `None` for the posting whose amount the journal infers.
    pub amount: Option<EntryAmount>,
    /// Free text of the posting's comment (made safe with [`tag_text`]), before its tags.
    pub note: String,
    /// Tags of the posting, on its line (`; invoice: INV-1, qty: 2`).
    pub tags: Vec<(String, String)>,
}

impl EntryPosting {
    /// A posting without comment.
    pub fn new(account: &str, amount: Option<EntryAmount>) -> EntryPosting {
        EntryPosting {
            account: account.to_string(),
            amount,
            note: String::new(),
            tags: Vec::new(),
        }
    }

    /// The posting's comment (`; NOTE, a: 1, b: 2`), empty when it has none.
    fn comment(&self) -> String {
        let parts: Vec<String> = (!self.note.is_empty())
            .then(|| self.note.clone())
            .into_iter()
            .chain(self.tags.iter().map(|(n, v)| format!("{n}: {v}")))
            .collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!("  ; {}", parts.join(", "))
        }
    }
}

/// An amount of an [`Entry`]: exact, and as written in the commodity's style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryAmount {
    /// The quantity.
    pub quantity: Decimal,
    /// The commodity's symbol.
    pub commodity: String,
    /// How it is written (`12.50 USD`).
    pub shown: String,
}

impl EntryAmount {
    /// An amount of a commodity of `j`, written in its style.
    pub fn new(j: &Journal, quantity: Decimal, commodity: CommodityId) -> EntryAmount {
        EntryAmount {
            quantity,
            commodity: j.commodity_name(commodity).to_string(),
            shown: money(j, quantity, commodity),
        }
    }
}

/// A transaction arledger writes.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The date.
    pub date: NaiveDate,
    /// The status mark.
    pub status: Status,
    /// The transaction code (a document number), if any.
    pub code: Option<String>,
    /// The description (`payee | note`), made safe with [`header_text`].
    pub description: String,
    /// Tags on the header line (`; a: 1, b: 2`).
    pub header_tags: Vec<(String, String)>,
    /// Tags on comment lines of their own, one per line.
    pub tags: Vec<(String, String)>,
    /// The postings.
    pub postings: Vec<EntryPosting>,
}

impl Entry {
    /// A reminder record: a note transaction naming the item and the level sent.
    pub fn reminder(date: NaiveDate, payee: &str, reference: &str, level: &str) -> Entry {
        Entry {
            date,
            status: Status::Unmarked,
            code: None,
            description: format!("{} | Reminder level {level}", header_text(payee)),
            header_tags: Vec::new(),
            tags: vec![
                ("reminder".into(), reference.into()),
                ("level".into(), level.into()),
            ],
            postings: Vec::new(),
        }
    }

    /// A close record (spec §5): `DATE Period close  ; closed: PERIOD, digest: DIGEST`.
    pub fn close_record(date: NaiveDate, period: &str, digest: &str) -> Entry {
        Entry {
            date,
            status: Status::Unmarked,
            code: None,
            description: "Period close".into(),
            header_tags: vec![
                ("closed".into(), period.into()),
                ("digest".into(), digest.into()),
            ],
            tags: Vec::new(),
            postings: Vec::new(),
        }
    }

    /// The entry as journal text, ending with a newline.
    pub fn text(&self) -> String {
        let mut s = format!("{}", self.date);
        if self.status != Status::Unmarked {
            let _ = write!(s, " {}", self.status.mark());
        }
        if let Some(code) = &self.code {
            let _ = write!(s, " ({code})");
        }
        let _ = write!(s, " {}", self.description);
        if !self.header_tags.is_empty() {
            let tags: Vec<String> = self
                .header_tags
                .iter()
                .map(|(n, v)| format!("{n}: {v}"))
                .collect();
            let _ = write!(s, "  ; {}", tags.join(", "));
        }
        s.push('\n');
        for (name, value) in &self.tags {
            let _ = writeln!(s, "    ; {name}: {value}");
        }
        for p in &self.postings {
            match &p.amount {
                Some(a) => {
                    let shown = &a.shown;
                    // The amount ends at column 56, as in the shipped journals (further right
                    // for long names).
                    let width = p.account.chars().count().max(38) + 2;
                    let _ = writeln!(s, "    {:<width$}{shown:>12}{}", p.account, p.comment());
                }
                None => {
                    let _ = writeln!(s, "    {}{}", p.account, p.comment());
                }
            }
        }
        s
    }

    /// How the transaction `txn` of `j` differs from this entry (date, status, description,
    /// tags, postings with their accounts and amounts), or `None` when it reads as meant.
    pub fn differs(&self, j: &Journal, txn: &Transaction) -> Option<String> {
        if txn.date != self.date || txn.date2.is_some() {
            return Some(format!("it is dated {} instead of {}", txn.date, self.date));
        }
        if txn.status != self.status {
            return Some("its status mark reads differently".into());
        }
        let code = txn.code().map(|c| j.text(c));
        if code != self.code.as_deref() {
            return Some(match code {
                Some(c) => format!("its header reads as having the code `{c}`"),
                None => "its code does not read as one".into(),
            });
        }
        let description = j.text(txn.description());
        if description != self.description {
            return Some(format!(
                "its description reads as `{description}` instead of `{}`",
                self.description
            ));
        }
        let mut found: Vec<(String, String)> = j
            .tags_in(&txn.tags)
            .iter()
            .chain(
                j.postings_of(txn)
                    .iter()
                    .flat_map(|p| j.tags_in(&j.posting_tags(p))),
            )
            .map(|t| {
                (
                    j.tag_names.name(t.name).to_string(),
                    j.text(t.value).to_string(),
                )
            })
            .collect();
        let mut meant: Vec<(String, String)> = self
            .header_tags
            .iter()
            .chain(&self.tags)
            .chain(self.postings.iter().flat_map(|p| &p.tags))
            .cloned()
            .collect();
        found.sort();
        meant.sort();
        if found != meant {
            return Some(format!(
                "its tags read as {} instead of {}",
                tag_list(&found),
                tag_list(&meant)
            ));
        }
        let postings = j.postings_of(txn);
        if postings.len() != self.postings.len() {
            return Some(format!(
                "it has {} postings instead of {}",
                postings.len(),
                self.postings.len()
            ));
        }
        let elided = self.elided_amount();
        for (p, meant) in postings.iter().zip(&self.postings) {
            let account = j.account_name(p.account);
            if account != meant.account {
                return Some(format!(
                    "a posting reads as account `{account}` instead of `{}`",
                    meant.account
                ));
            }
            let Some((q, c)) = meant
                .amount
                .as_ref()
                .map(|a| (a.quantity, a.commodity.as_str()))
                .or(elided.as_ref().map(|(q, c)| (*q, c.as_str())))
            else {
                continue;
            };
            if p.amount.quantity != q || j.commodity_name(p.amount.commodity) != c {
                return Some(format!(
                    "the posting to {account} reads as {} instead of {q} {c}",
                    money(j, p.amount.quantity, p.amount.commodity),
                ));
            }
        }
        None
    }

    /// The amount the journal infers for the posting written without one (minus the sum of
    /// the others, when they share one commodity).
    fn elided_amount(&self) -> Option<(Decimal, String)> {
        let written: Vec<&EntryAmount> = self
            .postings
            .iter()
            .filter_map(|p| p.amount.as_ref())
            .collect();
        let commodity = &written.first()?.commodity;
        if written.iter().any(|a| a.commodity != *commodity) {
            return None;
        }
        let sum = written
            .iter()
            .try_fold(Decimal::ZERO, |s, a| s.checked_add(a.quantity))?;
        Some((-sum, commodity.clone()))
    }
}

fn tag_list(tags: &[(String, String)]) -> String {
    let shown: Vec<String> = tags.iter().map(|(n, v)| format!("`{n}: {v}`")).collect();
    if shown.is_empty() {
        "none".into()
    } else {
        shown.join(", ")
    }
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
    pub customer: &'a str,
    /// The signed amount posted to the customer's account.
    pub quantity: Decimal,
    /// Its commodity.
    pub commodity: CommodityId,
    /// The other account (its amount is left for the journal to infer).
    pub other: &'a str,
}

impl ItemEntry<'_> {
    /// The entry to write (amounts in the style of `j`'s commodity).
    pub fn entry(&self, j: &Journal) -> Entry {
        let mut tags = vec![("invoice".to_string(), self.reference.to_string())];
        tags.extend(self.tags.iter().map(|(n, v)| (n.to_string(), v.clone())));
        Entry {
            date: self.date,
            status: Status::Cleared,
            code: None,
            description: format!("{} | {}", header_text(self.payee), self.description),
            header_tags: Vec::new(),
            tags,
            postings: vec![
                EntryPosting::new(
                    self.customer,
                    Some(EntryAmount::new(j, self.quantity, self.commodity)),
                ),
                EntryPosting::new(self.other, None),
            ],
        }
    }
}

/// Refuses an amount with more decimals than the books write the commodity with.
pub fn fits(j: &Journal, q: Decimal, commodity: CommodityId) -> Result<(), String> {
    let precision = j.commodity_info[commodity.index()].decimals_seen;
    let needed = q.normalize().scale();
    if needed > precision {
        return Err(format!(
            "{q} has {needed} decimals, but the books write {} with {precision}: round it first",
            j.commodity_name(commodity)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_text_keeps_names_and_drops_what_would_change_the_entry() {
        assert_eq!(header_text("Acme Corp"), "Acme Corp");
        assert_eq!(
            header_text("Evil; resolved: INV-1"),
            "Evil, resolved: INV-1"
        );
        assert_eq!(header_text("A|B\nC\r\x1b[2J"), "A/B C [2J");
        assert_eq!(header_text("(INV-9) Acme"), "INV-9) Acme");
        assert_eq!(header_text("* ! Acme"), "Acme");
    }

    #[test]
    fn an_entry_reads_back_as_written() {
        let j = arledger_journal::parse_str("2026-01-01 x\n    a  1.00 USD\n    b\n").journal;
        let usd = j.commodities.get("USD").unwrap();
        let e = ItemEntry {
            date: NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
            payee: "Acme; x: y",
            description: "Late fee on INV-1".into(),
            reference: "INV-1",
            tags: vec![("late-fee", "1.5%/month".into())],
            customer: "Assets:Receivable:Acme",
            quantity: Decimal::new(1250, 2),
            commodity: usd,
            other: "Income:Late Fees",
        }
        .entry(&j);
        let text = e.text();
        let read = arledger_journal::parse_str(&text);
        assert!(!read.has_errors(), "{:?}", read.diagnostics);
        let rj = &read.journal;
        assert_eq!(e.differs(rj, &rj.transactions[0]), None, "{text}");
        // A different account is named as the difference.
        let moved = text.replace("Assets:Receivable:Acme", "X:Assets:Receivable:Acme");
        let read = arledger_journal::parse_str(&moved);
        let rj = &read.journal;
        let why = e.differs(rj, &rj.transactions[0]).unwrap();
        assert!(why.contains("X:Assets:Receivable:Acme"), "{why}");
    }
}
