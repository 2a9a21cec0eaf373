//! Valuation: amounts at cost (`-B`), at market value (`-V`) or converted to one commodity
//! (`-X COMM`) with the journal's `P` prices, as hledger 1.25 does.
//!
//! [`Prices`] is the one place market prices are looked up; reports (balance, register, aging,
//! FX reports) call it rather than reading `P` directives themselves.

use std::collections::{HashMap, VecDeque};

use arledger_journal::{Amount, CommodityId, Journal, Posting};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::mixed::{MixedAmount, Overflow};

/// How a report values its amounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Valuation {
    /// `-B`: each posting at its cost (`@`/`@@`), else as written.
    Cost,
    /// `-V`: each commodity in the commodity of its latest `P` price on the valuation date;
    /// commodities without one stay as they are.
    Market,
    /// `-X COMM`: converted to COMM through the `P` prices known on the valuation date,
    /// directly, reversed or through other commodities; amounts with no path stay as they are.
    Exchange(CommodityId),
}

/// One `P` price: on `date`, one unit is worth `rate` units of `to`.
#[derive(Clone, Copy, Debug)]
struct Quote {
    date: NaiveDate,
    to: CommodityId,
    rate: Decimal,
}

/// The market prices of a journal (its `P` directives), for lookups by commodity and date.
#[derive(Clone, Debug, Default)]
pub struct Prices {
    /// Each commodity's quotes, by date then file order.
    quotes: HashMap<CommodityId, Vec<Quote>>,
    /// The latest price date.
    last: Option<NaiveDate>,
}

impl Prices {
    /// Collects the journal's `P` directives.
    pub fn new(j: &Journal) -> Prices {
        let mut quotes: HashMap<CommodityId, Vec<Quote>> = HashMap::new();
        for p in &j.prices {
            quotes.entry(p.commodity).or_default().push(Quote {
                date: p.date,
                to: p.price.commodity,
                rate: p.price.quantity,
            });
        }
        for q in quotes.values_mut() {
            // Stable: a later directive of the same date wins, as in hledger.
            q.sort_by_key(|q| q.date);
        }
        Prices {
            last: j.prices.iter().map(|p| p.date).max(),
            quotes,
        }
    }

    /// The date of the latest price, if any (hledger counts it in the journal's span when
    /// valuing).
    pub fn last_date(&self) -> Option<NaiveDate> {
        self.last
    }

    /// The latest price of `from` on or before `date` (`-V`): its commodity and rate.
    pub fn market(&self, from: CommodityId, date: NaiveDate) -> Option<(CommodityId, Decimal)> {
        self.quotes
            .get(&from)?
            .iter()
            .rev()
            .find(|q| q.date <= date)
            .map(|q| (q.to, q.rate))
    }

    /// The latest direct rate of each commodity pair known on `date`.
    fn direct(&self, date: NaiveDate) -> HashMap<(CommodityId, CommodityId), Decimal> {
        let mut rates = HashMap::new();
        for (&from, qs) in &self.quotes {
            for q in qs.iter().filter(|q| q.date <= date) {
                rates.insert((from, q.to), q.rate);
            }
        }
        rates
    }

    /// How many units of `to` one unit of `from` is worth on `date`: through the latest
    /// prices known then, declared or reversed (`P EUR 1.2 USD` also prices USD in EUR),
    /// along the fewest conversions, declared prices first. `None` when no path exists.
    pub fn rate(&self, from: CommodityId, to: CommodityId, date: NaiveDate) -> Option<Decimal> {
        if from == to {
            return Some(Decimal::ONE);
        }
        let direct = self.direct(date);
        let mut edges: HashMap<CommodityId, Vec<(CommodityId, Decimal)>> = HashMap::new();
        let mut pairs: Vec<_> = direct.iter().collect();
        pairs.sort_by_key(|((a, b), _)| (a.index(), b.index()));
        for (&(a, b), &r) in &pairs {
            edges.entry(a).or_default().push((b, r));
        }
        for (&(a, b), &r) in &pairs {
            if !direct.contains_key(&(b, a)) && !r.is_zero() {
                if let Some(inv) = Decimal::ONE.checked_div(r) {
                    edges.entry(b).or_default().push((a, inv));
                }
            }
        }
        // Breadth first: the fewest conversions; within a step, declared before reversed.
        let mut seen: HashMap<CommodityId, Decimal> = HashMap::from([(from, Decimal::ONE)]);
        let mut queue = VecDeque::from([from]);
        while let Some(c) = queue.pop_front() {
            let so_far = seen[&c];
            for &(next, r) in edges.get(&c).into_iter().flatten() {
                if seen.contains_key(&next) {
                    continue;
                }
                let rate = so_far.checked_mul(r)?;
                if next == to {
                    return Some(rate);
                }
                seen.insert(next, rate);
                queue.push_back(next);
            }
        }
        None
    }

    /// `amounts` valued on `date` (a market or exchange valuation; cost is per posting, see
    /// [`cost_of`]), summed per resulting commodity.
    pub fn value(
        &self,
        amounts: &[Amount],
        valuation: Valuation,
        date: NaiveDate,
    ) -> Result<MixedAmount, Overflow> {
        let mut out = MixedAmount::default();
        for &a in amounts {
            let converted = match valuation {
                Valuation::Cost => None,
                Valuation::Market => self.market(a.commodity, date),
                Valuation::Exchange(to) => self.rate(a.commodity, to, date).map(|r| (to, r)),
            };
            out.add(match converted {
                Some((to, r)) => Amount {
                    commodity: to,
                    quantity: a.quantity.checked_mul(r).ok_or(Overflow)?,
                },
                None => a,
            })?;
        }
        Ok(out)
    }
}

/// `amounts` rounded to their commodities' display precision, as hledger shows converted
/// amounts (exact sums first, one rounding at the end; half to even).
pub fn rounded(j: &Journal, amounts: Vec<Amount>) -> Vec<Amount> {
    amounts
        .into_iter()
        .map(|a| Amount {
            quantity: a.quantity.round_dp_with_strategy(
                j.style(a.commodity).precision,
                rust_decimal::RoundingStrategy::MidpointNearestEven,
            ),
            ..a
        })
        .filter(|a| !a.quantity.is_zero())
        .collect()
}

/// A posting's amount at its cost (`-B`): `@ UNIT` times the quantity, or `@@ TOTAL` with the
/// posting's sign; as written when it has no cost.
pub fn cost_of(j: &Journal, p: &Posting) -> Result<Amount, Overflow> {
    let Some(cost) = j.extra(p).and_then(|e| e.cost) else {
        return Ok(p.amount);
    };
    let quantity = if cost.total {
        let q = cost.amount.quantity.abs();
        if p.amount.quantity.is_sign_negative() {
            -q
        } else {
            q
        }
    } else {
        p.amount
            .quantity
            .checked_mul(cost.amount.quantity)
            .ok_or(Overflow)?
    };
    Ok(Amount {
        commodity: cost.amount.commodity,
        quantity,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use arledger_journal::parse_str;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn direct_reverse_and_chained_rates() {
        let l = parse_str(
            "P 2026-01-01 EUR 1.10 USD\nP 2026-02-15 EUR 1.20 USD\nP 2026-03-20 USD 0.9 CHF\nP 2026-06-01 GBP 1.50 EUR\n",
        );
        let j = &l.journal;
        let c = |s: &str| j.commodities.get(s).unwrap();
        let p = Prices::new(j);
        assert_eq!(
            p.rate(c("EUR"), c("USD"), d(1, 31)),
            Some("1.10".parse().unwrap())
        );
        assert_eq!(
            p.rate(c("EUR"), c("USD"), d(3, 1)),
            Some("1.20".parse().unwrap())
        );
        assert_eq!(
            p.rate(c("USD"), c("EUR"), d(3, 1)).unwrap().round_dp(4),
            "0.8333".parse().unwrap()
        );
        assert_eq!(
            p.rate(c("GBP"), c("CHF"), d(7, 1)),
            Some("1.62".parse::<Decimal>().unwrap())
        );
        assert_eq!(p.rate(c("GBP"), c("USD"), d(3, 1)), None);
        assert_eq!(
            p.market(c("EUR"), d(2, 1)),
            Some((c("USD"), "1.10".parse().unwrap()))
        );
        assert_eq!(p.market(c("CHF"), d(7, 1)), None);
        assert_eq!(p.last_date(), Some(d(6, 1)));
    }
}
