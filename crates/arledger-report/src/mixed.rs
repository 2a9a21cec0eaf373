//! Sums of amounts in several commodities.

use arledger_journal::{Amount, CommodityId, Journal};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

/// A sum over possibly several commodities, exact, with overflow detection.
///
/// Most sums hold one or two commodities and are searched in place; past [`INDEXED_FROM`]
/// parts a hash index finds a commodity's part, so that a sum over many commodities (a
/// total over 100,000 of them) is not searched part by part for every amount added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MixedAmount {
    parts: Vec<Amount>,
    /// Position of each commodity in `parts`, once there are many.
    index: FxHashMap<CommodityId, usize>,
}

/// The number of parts from which a [`MixedAmount`] keeps a hash index.
const INDEXED_FROM: usize = 16;

/// A sum grew beyond what exact decimal arithmetic can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a sum is too large for exact arithmetic (more than 28 significant digits)")]
pub struct Overflow;

impl MixedAmount {
    /// Adds an amount.
    pub fn add(&mut self, a: Amount) -> Result<(), Overflow> {
        match self.position(a.commodity) {
            Some(i) => {
                let p = &mut self.parts[i];
                p.quantity =
                    arledger_journal::strict::add(p.quantity, a.quantity).ok_or(Overflow)?;
            }
            None => {
                self.parts.push(a);
                if self.parts.len() == INDEXED_FROM {
                    self.index = self
                        .parts
                        .iter()
                        .enumerate()
                        .map(|(i, p)| (p.commodity, i))
                        .collect();
                } else if self.parts.len() > INDEXED_FROM {
                    self.index.insert(a.commodity, self.parts.len() - 1);
                }
            }
        }
        Ok(())
    }

    /// Where the part in commodity `c` is.
    fn position(&self, c: CommodityId) -> Option<usize> {
        if self.parts.len() >= INDEXED_FROM {
            self.index.get(&c).copied()
        } else {
            self.parts.iter().position(|p| p.commodity == c)
        }
    }

    /// Adds every part of another sum.
    pub fn add_all(&mut self, other: &MixedAmount) -> Result<(), Overflow> {
        other.parts.iter().try_for_each(|&a| self.add(a))
    }

    /// The quantity held in one commodity (zero when absent).
    pub fn get(&self, c: CommodityId) -> Decimal {
        self.position(c)
            .map_or(Decimal::ZERO, |i| self.parts[i].quantity)
    }

    /// The sum with every part negated (`--invert`).
    pub fn negated(&self) -> MixedAmount {
        let mut m = self.clone();
        for p in &mut m.parts {
            p.quantity = -p.quantity;
        }
        m
    }

    /// Whether every part is zero.
    pub fn is_zero(&self) -> bool {
        self.parts.iter().all(|p| p.quantity.is_zero())
    }

    /// The non-zero parts, sorted by commodity symbol.
    pub fn amounts(&self, j: &Journal) -> Vec<Amount> {
        let mut v: Vec<Amount> = self
            .parts
            .iter()
            .copied()
            .filter(|a| !a.quantity.is_zero())
            .collect();
        v.sort_by(|a, b| {
            j.commodity_name(a.commodity)
                .cmp(j.commodity_name(b.commodity))
        });
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_per_commodity_and_detects_overflow() {
        let mut m = MixedAmount::default();
        let usd = CommodityId(1);
        let eur = CommodityId(2);
        m.add(Amount {
            quantity: Decimal::new(150, 2),
            commodity: usd,
        })
        .unwrap();
        m.add(Amount {
            quantity: Decimal::new(-50, 2),
            commodity: usd,
        })
        .unwrap();
        m.add(Amount {
            quantity: Decimal::new(3, 0),
            commodity: eur,
        })
        .unwrap();
        assert_eq!(m.get(usd), Decimal::new(100, 2));
        assert_eq!(m.get(CommodityId(9)), Decimal::ZERO);
        assert!(!m.is_zero());
        let mut big = MixedAmount::default();
        big.add(Amount {
            quantity: Decimal::MAX,
            commodity: usd,
        })
        .unwrap();
        assert_eq!(
            big.add(Amount {
                quantity: Decimal::MAX,
                commodity: usd
            }),
            Err(Overflow)
        );
    }

    /// Past the indexed size, parts are still found and summed per commodity, in order.
    #[test]
    fn many_commodities_sum_per_commodity() {
        let mut m = MixedAmount::default();
        for round in 1..=3 {
            for c in 0..100u32 {
                m.add(Amount {
                    quantity: Decimal::new(i64::from(c) * round, 0),
                    commodity: CommodityId(c),
                })
                .unwrap();
            }
        }
        assert_eq!(m.parts.len(), 100);
        for c in 0..100u32 {
            assert_eq!(m.get(CommodityId(c)), Decimal::new(i64::from(c) * 6, 0));
            assert_eq!(m.parts[c as usize].commodity, CommodityId(c));
        }
        assert_eq!(m.get(CommodityId(100)), Decimal::ZERO);
        let mut other = MixedAmount::default();
        other.add_all(&m).unwrap();
        other.add_all(&m).unwrap();
        assert_eq!(other.get(CommodityId(99)), Decimal::new(99 * 12, 0));
    }
}
