//! Customer reconciliation: the customer's own view of what it owes (its accounts-payable
//! export: invoice reference, date, amount, amount paid) against our items, invoice by invoice.

use arledger_journal::strict::{exact_add, exact_sub};
use arledger_journal::{CommodityId, Journal};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::ar::OpenItems;
use crate::mixed::Overflow;

/// One line of the customer's export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TheirLine {
    /// Line number in their file (1-based), for messages.
    pub line: usize,
    /// Their reference for the invoice (our invoice number, as they recorded it).
    pub reference: String,
    /// Invoice date, as they recorded it.
    pub date: Option<NaiveDate>,
    /// Invoiced amount, as they recorded it.
    pub amount: Decimal,
    /// What they say they paid on it.
    pub paid: Decimal,
    /// Currency, when their file says.
    pub commodity: Option<String>,
}

impl TheirLine {
    /// What they think is still open: exact, or an error when it does not fit.
    pub fn open(&self) -> Result<Decimal, Overflow> {
        exact_sub(self.amount, self.paid).ok_or(Overflow)
    }
}

/// How one invoice compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Both sides agree on the amount and on what is open.
    Agreed,
    /// We have it open; it is not in their books.
    MissingOnTheirSide,
    /// It is in their books; we have no such item.
    MissingOnOurSide,
    /// Both have it with different invoiced amounts.
    AmountDiffers,
    /// They paid more than we applied to it: a payment we have not received or applied.
    PaymentNotApplied,
    /// We settled more than they paid (e.g. a credit memo they have not booked).
    SettledDiffers,
}

impl Verdict {
    /// A short label for reports.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Agreed => "agreed",
            Verdict::MissingOnTheirSide => "missing on their side",
            Verdict::MissingOnOurSide => "missing on our side",
            Verdict::AmountDiffers => "amount differs",
            Verdict::PaymentNotApplied => "payment not applied by us",
            Verdict::SettledDiffers => "we settled more than they paid",
        }
    }
}

/// One compared invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerLine {
    /// The reference compared on.
    pub reference: String,
    /// Our item (index into [`OpenItems::items`]), if we have one.
    pub item: Option<usize>,
    /// Their line (index into the lines given), if they have one.
    pub their: Option<usize>,
    /// Our invoiced amount and open amount.
    pub ours: Option<(Decimal, Decimal)>,
    /// Their invoiced amount and open amount.
    pub theirs: Option<(Decimal, Decimal)>,
    /// The outcome.
    pub verdict: Verdict,
}

/// The reconciliation of one customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerRecon {
    /// Every invoice of either side worth showing, ours in item order then theirs.
    pub lines: Vec<CustomerLine>,
    /// What we say is open (all the customer's items in the commodity, credits included).
    pub our_total: Decimal,
    /// What they say is open.
    pub their_total: Decimal,
    /// Ours less theirs.
    pub difference: Decimal,
}

impl CustomerRecon {
    /// Whether both sides tie: every line agreed and the totals equal.
    pub fn ties(&self) -> bool {
        self.our_total == self.their_total
            && self.lines.iter().all(|l| l.verdict == Verdict::Agreed)
    }
}

/// Compares customer `c`'s items in `commodity` at the report date with their lines (lines in
/// another currency are left out by the caller). References compare without regard to case
/// and surrounding spaces.
pub fn reconcile_customer(
    j: &Journal,
    ar: &OpenItems,
    c: usize,
    commodity: CommodityId,
    theirs: &[TheirLine],
) -> Result<CustomerRecon, Overflow> {
    let norm = |s: &str| s.trim().to_lowercase();
    let mut used = vec![false; theirs.len()];
    let mut lines = Vec::new();
    let mut our_total = Decimal::ZERO;
    for (i, it) in ar.items.iter().enumerate() {
        if it.customer != c || it.commodity != commodity {
            continue;
        }
        our_total = our_total.checked_add(it.open).ok_or(Overflow)?;
        let reference = it.reference(j).into_owned();
        let found = theirs
            .iter()
            .enumerate()
            .find(|(k, t)| !used[*k] && norm(&t.reference) == norm(&reference));
        let ours = Some((it.original(), it.open));
        let line = match found {
            // Settled items they do not list need no comment.
            None if it.open.is_zero() => continue,
            None => CustomerLine {
                reference,
                item: Some(i),
                their: None,
                ours,
                theirs: None,
                verdict: Verdict::MissingOnTheirSide,
            },
            Some((k, t)) => {
                used[k] = true;
                let applied = it.original() - it.open;
                let verdict = if t.amount != it.original() {
                    Verdict::AmountDiffers
                } else if t.paid > applied {
                    Verdict::PaymentNotApplied
                } else if t.paid < applied {
                    Verdict::SettledDiffers
                } else {
                    Verdict::Agreed
                };
                CustomerLine {
                    reference,
                    item: Some(i),
                    their: Some(k),
                    ours,
                    theirs: Some((t.amount, t.open()?)),
                    verdict,
                }
            }
        };
        lines.push(line);
    }
    let mut their_total = Decimal::ZERO;
    for (k, t) in theirs.iter().enumerate() {
        their_total = exact_add(their_total, t.open()?).ok_or(Overflow)?;
        if used[k] {
            continue;
        }
        lines.push(CustomerLine {
            reference: t.reference.clone(),
            item: None,
            their: Some(k),
            ours: None,
            theirs: Some((t.amount, t.open()?)),
            verdict: Verdict::MissingOnOurSide,
        });
    }
    Ok(CustomerRecon {
        lines,
        our_total,
        their_total,
        difference: exact_sub(our_total, their_total).ok_or(Overflow)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ar::{open_items, ArOptions};
    use arledger_journal::parse_str;

    fn line(reference: &str, amount: &str, paid: &str) -> TheirLine {
        TheirLine {
            line: 2,
            reference: reference.into(),
            date: None,
            amount: amount.parse().unwrap(),
            paid: paid.parse().unwrap(),
            commodity: None,
        }
    }

    #[test]
    fn each_kind_of_difference_is_named() {
        let l = parse_str(
            "\
account Assets:Receivable:Acme  ; customer: Acme

2026-01-05 * (INV-1) Acme | agreed
    Assets:Receivable:Acme     100.00 USD
    Income:Sales

2026-01-06 * (INV-2) Acme | they have not booked it
    Assets:Receivable:Acme     200.00 USD
    Income:Sales

2026-01-07 * (INV-3) Acme | amount differs
    Assets:Receivable:Acme     300.00 USD
    Income:Sales

2026-01-08 * (INV-4) Acme | they paid, we did not apply
    Assets:Receivable:Acme     400.00 USD
    Income:Sales

2026-01-09 * (INV-5) Acme | paid and settled on both sides
    Assets:Receivable:Acme      50.00 USD
    Income:Sales

2026-01-20 * (PMT-1) Acme | payment
    Assets:Bank:Checking        50.00 USD
    Assets:Receivable:Acme     -50.00 USD  ; invoice: INV-5
",
        );
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        let j = &l.journal;
        let ar = open_items(
            j,
            &ArOptions {
                root: "Assets:Receivable".into(),
                as_of: NaiveDate::MAX,
            },
        );
        let usd = j.commodities.get("USD").unwrap();
        let theirs = vec![
            line("inv-1", "100", "0"),
            line("INV-3", "310", "0"),
            line("INV-4", "400", "400"),
            line("INV-5", "50", "50"),
            line("INV-9", "70", "0"),
        ];
        let r = reconcile_customer(j, &ar, 0, usd, &theirs).unwrap();
        let verdicts: Vec<(&str, Verdict)> = r
            .lines
            .iter()
            .map(|l| (l.reference.as_str(), l.verdict))
            .collect();
        assert_eq!(
            verdicts,
            vec![
                ("INV-1", Verdict::Agreed),
                ("INV-2", Verdict::MissingOnTheirSide),
                ("INV-3", Verdict::AmountDiffers),
                ("INV-4", Verdict::PaymentNotApplied),
                ("INV-5", Verdict::Agreed),
                ("INV-9", Verdict::MissingOnOurSide),
            ]
        );
        assert_eq!(r.our_total, "1000.00".parse::<Decimal>().unwrap());
        assert_eq!(r.their_total, "480".parse::<Decimal>().unwrap());
        assert!(!r.ties());
    }
}
