//! Sums of amounts in several commodities.

use arledger_journal::{Amount, CommodityId, Journal};
use rust_decimal::Decimal;

/// A sum over possibly several commodities, exact, with overflow detection.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MixedAmount {
    parts: Vec<Amount>,
}

/// A sum grew beyond what exact decimal arithmetic can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a sum is too large for exact arithmetic (more than 28 significant digits)")]
pub struct Overflow;

impl MixedAmount {
    /// Adds an amount.
    pub fn add(&mut self, a: Amount) -> Result<(), Overflow> {
        match self.parts.iter_mut().find(|p| p.commodity == a.commodity) {
            Some(p) => p.quantity = p.quantity.checked_add(a.quantity).ok_or(Overflow)?,
            None => self.parts.push(a),
        }
        Ok(())
    }

    /// Adds every part of another sum.
    pub fn add_all(&mut self, other: &MixedAmount) -> Result<(), Overflow> {
        other.parts.iter().try_for_each(|&a| self.add(a))
    }

    /// The quantity held in one commodity (zero when absent).
    pub fn get(&self, c: CommodityId) -> Decimal {
        self.parts
            .iter()
            .find(|p| p.commodity == c)
            .map_or(Decimal::ZERO, |p| p.quantity)
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
}
