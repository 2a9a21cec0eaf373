//! Late fees charged with a dunning run: a monthly percentage of the open amount, or a flat
//! fee when an item reaches a dunning level. Fees are debit memos on the item, tagged
//! `late-fee: RULE`, so the next run knows what was charged and never charges twice.

use std::fmt;
use std::str::FromStr;

use arledger_journal::Journal;
use rust_decimal::{Decimal, RoundingStrategy};

use super::collections::WorkItem;
use super::items::{MovementKind, OpenItems};
use super::records::Level;
use crate::mixed::Overflow;

/// How late fees are computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FeeRule {
    /// `1.5%/month`: simple interest on the open amount (fees excluded), per full 30 days
    /// overdue; each run charges what is due in total minus what was charged before.
    Monthly(Decimal),
    /// `25 USD at level 3`: a flat fee, once per item, when a reminder of that level or higher
    /// is sent.
    Flat {
        /// The fee.
        amount: Decimal,
        /// Its commodity (items in other commodities are not charged).
        commodity: String,
        /// The level from which it is charged.
        level: Level,
    },
}

impl FromStr for FeeRule {
    type Err = String;

    fn from_str(s: &str) -> Result<FeeRule, String> {
        let bad = || {
            format!(
                "cannot read the late-fee rule `{s}`: expected `1.5%/month` or `25 USD at level 3`"
            )
        };
        let t = s.trim();
        if let Some(rate) = t.strip_suffix("%/month") {
            let rate: Decimal = rate.trim().parse().map_err(|_| bad())?;
            if rate <= Decimal::ZERO || rate > Decimal::from(100) {
                return Err(bad());
            }
            return Ok(FeeRule::Monthly(rate));
        }
        let (fee, level) = t.split_once(" at level ").ok_or_else(bad)?;
        let (amount, commodity) = fee.trim().split_once(' ').ok_or_else(bad)?;
        let amount: Decimal = amount.parse().map_err(|_| bad())?;
        let level = Level::parse(level).ok_or_else(bad)?;
        if amount <= Decimal::ZERO || commodity.trim().is_empty() {
            return Err(bad());
        }
        Ok(FeeRule::Flat {
            amount,
            commodity: commodity.trim().to_string(),
            level,
        })
    }
}

impl fmt::Display for FeeRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FeeRule::Monthly(rate) => write!(f, "{rate}%/month"),
            FeeRule::Flat {
                amount,
                commodity,
                level,
            } => write!(f, "{amount} {commodity} at level {level}"),
        }
    }
}

/// A fee to charge on an item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fee {
    /// Index into [`OpenItems::items`].
    pub item: usize,
    /// The amount, in the item's commodity, rounded to the commodity's precision.
    pub amount: Decimal,
}

/// Late fees already charged on an item (debit memos from transactions tagged `late-fee:`).
fn charged(j: &Journal, ar: &OpenItems, item: usize, rule: Option<&str>) -> Decimal {
    ar.items[item]
        .movements
        .iter()
        .filter(|m| m.kind == MovementKind::DebitMemo)
        .filter(|m| {
            let t = &j.transactions[m.txn.index()];
            match j.tag_value(&t.tags, "late-fee") {
                Some(v) => rule.is_none_or(|r| v.trim() == r),
                None => false,
            }
        })
        .map(|m| m.amount)
        .sum()
}

/// The fees to charge on the items reminded in this run (`sent`: the worklist items with a
/// level to send). A fee too large for exact arithmetic (a huge rate, or an item overdue for
/// centuries) is an overflow, not a panic.
pub fn late_fees(
    j: &Journal,
    ar: &OpenItems,
    sent: &[&WorkItem],
    rule: &FeeRule,
) -> Result<Vec<Fee>, Overflow> {
    let rule_text = rule.to_string();
    let mut out = Vec::new();
    for w in sent {
        let it = &ar.items[w.item];
        let precision = j.commodity_info[it.commodity.index()].decimals_seen;
        let round = |q: Decimal| {
            let mut q = q.round_dp_with_strategy(precision, RoundingStrategy::MidpointAwayFromZero);
            q.rescale(precision);
            q
        };
        let amount = match rule {
            FeeRule::Monthly(rate) => {
                let fees = charged(j, ar, w.item, None);
                let months = Decimal::from(w.days_overdue / 30);
                let due = it
                    .open
                    .checked_sub(fees)
                    .and_then(|q| q.checked_mul(*rate))
                    .and_then(|q| q.checked_div(Decimal::ONE_HUNDRED))
                    .and_then(|q| q.checked_mul(months))
                    .ok_or(Overflow)?;
                round(due).checked_sub(fees).ok_or(Overflow)?
            }
            FeeRule::Flat {
                amount,
                commodity,
                level,
            } => {
                let reached = w.to_send().is_some_and(|l| l >= *level);
                let ours = j.commodity_name(it.commodity) == commodity;
                if reached && ours && charged(j, ar, w.item, Some(&rule_text)).is_zero() {
                    round(*amount)
                } else {
                    Decimal::ZERO
                }
            }
        };
        if amount > Decimal::ZERO {
            out.push(Fee {
                item: w.item,
                amount,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ar::{open_items, records, worklist, ArOptions, DunningPolicy};
    use arledger_journal::parse_str;

    #[test]
    fn rules_read_and_print_back() {
        for r in [
            "1.5%/month",
            "25 USD at level 3",
            "10.50 EUR at level final",
        ] {
            assert_eq!(r.parse::<FeeRule>().unwrap().to_string(), r);
        }
        for bad in [
            "1.5%",
            "-1%/month",
            "25 at level 3",
            "25 USD at level 9",
            "x USD at level 1",
        ] {
            assert!(bad.parse::<FeeRule>().is_err(), "{bad}");
        }
    }

    fn fees(text: &str, rule: &str) -> Vec<String> {
        let l = parse_str(text);
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        let j = &l.journal;
        let ar = open_items(
            j,
            &ArOptions {
                root: "Assets:Receivable".into(),
                as_of: "2026-04-16".parse().unwrap(),
            },
        );
        let recs = records(j, &ar);
        let work = worklist(j, &ar, &recs, &DunningPolicy::default());
        let sent: Vec<&WorkItem> = work
            .iter()
            .flat_map(|c| &c.items)
            .filter(|w| w.to_send().is_some())
            .collect();
        late_fees(j, &ar, &sent, &rule.parse().unwrap())
            .unwrap()
            .iter()
            .map(|f| format!("{} {}", ar.items[f.item].reference(j), f.amount))
            .collect()
    }

    const BOOKS: &str = "\
2026-01-01 * (INV-1) Acme | Invoice
    ; due: 2026-01-31
    Assets:Receivable:Acme     1000.00 USD
    Income:Sales
";

    #[test]
    fn monthly_fees_accrue_and_are_never_charged_twice() {
        // 75 days overdue: two full months at 1.5 % of 1000.00.
        assert_eq!(fees(BOOKS, "1.5%/month"), vec!["INV-1 30.00"]);
        let charged = format!("{BOOKS}\n2026-03-31 * Acme | Late fee\n    ; invoice: INV-1\n    ; late-fee: 1.5%/month\n    Assets:Receivable:Acme     15.00 USD\n    Income:Late Fees\n");
        // 15.00 already charged: the remaining 15.00 of the two months.
        assert_eq!(fees(&charged, "1.5%/month"), vec!["INV-1 15.00"]);
    }

    #[test]
    fn flat_fees_once_per_item_from_their_level() {
        assert_eq!(fees(BOOKS, "25 USD at level 3"), vec!["INV-1 25.00"]);
        assert!(fees(BOOKS, "25 EUR at level 3").is_empty());
        let charged = format!("{BOOKS}\n2026-03-31 * Acme | Late fee\n    ; invoice: INV-1\n    ; late-fee: 25 USD at level 3\n    Assets:Receivable:Acme     25.00 USD\n    Income:Late Fees\n");
        assert!(fees(&charged, "25 USD at level 3").is_empty());
    }
}
