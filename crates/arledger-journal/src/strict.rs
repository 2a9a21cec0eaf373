//! Whole-journal checks run by `check`: declarations (`--strict`) and sums that overflow.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{AccountId, CommodityId, Journal};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

/// Reports the first use of each undeclared account and commodity (`check --strict`).
pub fn check_strict(j: &Journal) -> Vec<Diagnostic> {
    let mut out = check_accounts(j);
    out.extend(check_commodities(j));
    out.sort_by_key(|d| (d.span.source, d.span.start));
    out
}

/// Reports the first use of each account that is posted to but not declared (hledger's
/// `accounts` check).
pub fn check_accounts(j: &Journal) -> Vec<Diagnostic> {
    let mut seen = vec![false; j.accounts.len()];
    let mut out = Vec::new();
    for p in j.transactions.iter().flat_map(|t| j.postings_of(t)) {
        let a = p.account.index();
        if !seen[a] && j.account_info[a].declared.is_none() {
            seen[a] = true;
            out.push(
                Diagnostic::error(
                    Code::UndeclaredAccount,
                    j.account_span(p),
                    format!("account `{}` is not declared", j.account_name(p.account)),
                )
                .expected(format!(
                    "an `account {}` directive",
                    j.account_name(p.account)
                )),
            );
        }
    }
    out
}

/// Reports the first use of each undeclared commodity in a posting's amount or balance
/// assertion (hledger's `commodities` check; amounts without a commodity need none).
pub fn check_commodities(j: &Journal) -> Vec<Diagnostic> {
    let mut seen = vec![false; j.commodities.len()];
    let mut out = Vec::new();
    for p in j.transactions.iter().flat_map(|t| j.postings_of(t)) {
        // The assertion's span, or none for the amount's (computed only for a message).
        let asserted = j
            .extra(p)
            .and_then(|e| e.assertion)
            .map(|a| (a.amount.commodity, Some(a.span)));
        for (c, span) in [(p.amount.commodity, None)].into_iter().chain(asserted) {
            if c.index() != 0 && !seen[c.index()] && j.commodity_info[c.index()].declared.is_none()
            {
                seen[c.index()] = true;
                let name = j.commodity_name(c);
                out.push(
                    Diagnostic::error(
                        Code::UndeclaredCommodity,
                        span.unwrap_or_else(|| j.amount_span(p)),
                        format!("commodity `{name}` is not declared"),
                    )
                    .expected(format!("a `commodity {name}` directive")),
                );
            }
        }
    }
    out
}

/// A running sum of the sizes of amounts (signs ignored) that must stay exact: the gross total
/// of a commodity.
///
/// Every sum of any of the amounts added, with any signs, is at most the gross total in size
/// and needs no more decimal places than the amount that needs the most. So while the gross
/// total, written with that many decimal places, fits in exact decimal arithmetic (28 to 29
/// significant digits), every such sum is exact too.
///
/// The total is kept as an integer count of units of its last decimal place: adding is a few
/// integer operations, not decimal arithmetic (large books add millions of amounts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GrossTotal {
    /// The total in units of its `scale`-th decimal place: at most [`MAX_DIGITS`].
    digits: u128,
    /// The most decimal places any amount added needs (`1.50` needs one, `0.00` none).
    scale: u32,
}

/// The largest number of units a `Decimal` holds (its 96-bit mantissa).
const MAX_DIGITS: u128 = (1 << 96) - 1;

/// Powers of ten up to the most decimal places a `Decimal` has.
const POW10: [u128; 29] = {
    let mut p = [1u128; 29];
    let mut k = 1;
    while k < 29 {
        p[k] = p[k - 1] * 10;
        k += 1;
    }
    p
};

impl GrossTotal {
    /// Adds the size of `q`. False, leaving the total as it was, when the total would no
    /// longer fit with the decimal places the amounts need.
    pub fn add(&mut self, q: Decimal) -> bool {
        // A total that keeps as many decimal places as `q` is written with keeps all `q`
        // needs: its size is added at the total's scale, without finding how many it needs
        // (once a book's first amount with cents is added, this is every amount).
        if q.scale() <= self.scale {
            let shift = POW10[(self.scale - q.scale()) as usize];
            let total = q.mantissa().unsigned_abs().checked_mul(shift);
            return match total.and_then(|d| d.checked_add(self.digits)) {
                Some(digits) if digits <= MAX_DIGITS => {
                    self.digits = digits;
                    true
                }
                _ => false,
            };
        }
        self.add_needed(q)
    }

    /// [`GrossTotal::add`] for an amount written with more decimal places than the total
    /// keeps: the places it needs decide the total's scale.
    fn add_needed(&mut self, q: Decimal) -> bool {
        // Only the decimal places a value needs count: the written scale is not kept by a sum
        // (`0.00 + 1` is `1`).
        let (mut digits, mut scale) = (q.mantissa().unsigned_abs(), q.scale());
        if digits == 0 {
            scale = 0;
        }
        // Most amounts have fewer than 20 digits: stripped in 64-bit arithmetic.
        match u64::try_from(digits) {
            Ok(mut d) => {
                while scale > 0 && d % 10 == 0 {
                    d /= 10;
                    scale -= 1;
                }
                digits = d.into();
            }
            Err(_) => {
                while scale > 0 && digits % 10 == 0 {
                    digits /= 10;
                    scale -= 1;
                }
            }
        }
        self.absorb(&GrossTotal { digits, scale })
    }

    /// Adds another gross total (of other amounts of the same commodity). False, leaving
    /// this one as it was, when the sum would not fit.
    pub fn absorb(&mut self, other: &GrossTotal) -> bool {
        let scale = self.scale.max(other.scale);
        let at_scale = |g: &GrossTotal| g.digits.checked_mul(POW10[(scale - g.scale) as usize]);
        match at_scale(self)
            .zip(at_scale(other))
            .and_then(|(a, b)| a.checked_add(b))
            .filter(|&t| t <= MAX_DIGITS)
        {
            Some(digits) => {
                *self = GrossTotal { digits, scale };
                true
            }
            None => false,
        }
    }

    /// The most decimal places the amounts added so far need.
    pub fn scale(&self) -> u32 {
        self.scale
    }
}

/// `a.checked_add(b)`, with the common case first: two amounts of the same scale whose
/// mantissas fit in 64 bits (nearly every amount of a book) are added as integers, which
/// costs a fraction of rust_decimal's general addition (the sums of `balance` and of the
/// balancing check add millions of them).
pub fn add(a: Decimal, b: Decimal) -> Option<Decimal> {
    if a.scale() == b.scale() {
        if let (Ok(x), Ok(y)) = (i64::try_from(a.mantissa()), i64::try_from(b.mantissa())) {
            // A zero sum keeps the sign rust_decimal gives it (`-0.00 + -0.00` is `-0.00`).
            if let Some(sum) = x.checked_add(y).filter(|&s| s != 0) {
                return Some(Decimal::new(sum, a.scale()));
            }
        }
    }
    a.checked_add(b)
}

/// `a + b`, or none when the sum overflows or would have to be rounded.
///
/// A sum keeps the larger scale of its terms unless it had to drop decimal places to fit; it
/// is then only known to be exact when it kept every decimal place a term needs (which wrongly
/// refuses only sums of about 28 digits whose dropped digits happened to be zeros).
pub fn exact_add(a: Decimal, b: Decimal) -> Option<Decimal> {
    let needed = a.normalize().scale().max(b.normalize().scale());
    a.checked_add(b).filter(|s| s.scale() >= needed)
}

/// `a - b`, or none when the difference overflows or would have to be rounded.
pub fn exact_sub(a: Decimal, b: Decimal) -> Option<Decimal> {
    exact_add(a, -b)
}

/// Reports the first posting at which an account's balance, or a commodity's gross total (the
/// sum of the sizes of all its amounts, signs ignored), grows past what exact decimal
/// arithmetic holds.
///
/// When the gross total of every commodity fits, so does every sum of any of its amounts,
/// exactly: no report total (tree balances, aging buckets, forecasts, statements) can overflow
/// or be rounded. The reports rely on this and run only on journals this check passes.
pub fn check_totals(j: &Journal) -> Vec<Diagnostic> {
    // Every account balance is a sum of some of a commodity's amounts, so when every gross
    // total fits, no balance can overflow either: the usual case is settled by the gross
    // totals alone, summed in parallel (sizes are never negative, so the whole fits exactly
    // when the parts and their sum do, whatever the order). Only books that overflow are
    // read again in order, to point at the first amount that does not fit.
    if gross_totals_fit(j) {
        return Vec::new();
    }
    first_overflow(j)
}

/// Whether the gross total of every commodity fits in exact arithmetic.
fn gross_totals_fit(j: &Journal) -> bool {
    use rayon::prelude::*;
    let commodities = j.commodities.len();
    let add_all = |mut totals: Vec<GrossTotal>, txns: &[crate::model::Transaction]| {
        for p in txns.iter().flat_map(|t| j.postings_of(t)) {
            if !totals[p.amount.commodity.index()].add(p.amount.quantity) {
                return None;
            }
        }
        Some(totals)
    };
    j.transactions
        .par_chunks(64 * 1024)
        .map(|txns| add_all(vec![GrossTotal::default(); commodities], txns))
        .try_reduce(
            || vec![GrossTotal::default(); commodities],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(&b) {
                    if !x.absorb(y) {
                        return None;
                    }
                }
                Some(a)
            },
        )
        .is_some()
}

/// The first amount, in order, whose account balance or gross total does not fit.
fn first_overflow(j: &Journal) -> Vec<Diagnostic> {
    // Per account and commodity: the balance so far (hashed: an account may hold many
    // commodities).
    let mut per_account: FxHashMap<(AccountId, CommodityId), Decimal> = FxHashMap::default();
    let mut gross = vec![GrossTotal::default(); j.commodities.len()];
    for txn in &j.transactions {
        for p in j.postings_of(txn) {
            let q = p.amount.quantity;
            let sum = per_account
                .entry((p.account, p.amount.commodity))
                .or_default();
            let Some(account) = sum.checked_add(q) else {
                return vec![Diagnostic::error(
                    Code::Overflow,
                    j.amount_span(p),
                    format!(
                        "the balance of {} grows too large for exact arithmetic here",
                        j.account_name(p.account)
                    ),
                )
                .expected("sums of at most 28 significant digits")];
            };
            *sum = account;
            let total = &mut gross[p.amount.commodity.index()];
            if !total.add(q) {
                let scale = total.scale().max(q.normalize().scale());
                let name = j.commodity_name(p.amount.commodity);
                let name = if name.is_empty() {
                    "no commodity"
                } else {
                    name
                };
                return vec![Diagnostic::error(
                    Code::Overflow,
                    j.amount_span(p),
                    format!("the amounts in {name} add up to more than exact arithmetic holds here"),
                )
                .note(format!(
                    "their sizes (signs ignored) add up to more than 28 significant digits with {scale} decimal places, so some report totals could not be exact"
                ))
                .expected("amounts whose sizes add up to at most 28 significant digits")];
            }
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    /// Sums that are zero keep rust_decimal's sign and scale too.
    #[test]
    fn add_is_checked_add_for_zero_sums() {
        let zero = Decimal::new(0, 2);
        for (a, b) in [
            (dec("-1.00"), dec("1.00")),
            (dec("1.00"), dec("-1.00")),
            (-zero, zero),
            (-zero, -zero),
            (zero, -zero),
        ] {
            assert_eq!(
                add(a, b).map(|d| d.serialize()),
                a.checked_add(b).map(|d| d.serialize()),
                "{a} + {b}"
            );
        }
    }

    proptest::proptest! {
        /// The integer path of [`add`] gives rust_decimal's sum, to the sign of a zero and
        /// the scale.
        #[test]
        fn add_is_checked_add(
            (x, y) in proptest::prop_oneof![
                (-1_000_000i64..1_000_000, -1_000_000i64..1_000_000),
                (proptest::num::i64::ANY, proptest::num::i64::ANY),
            ],
            (sa, sb, same) in (0u32..4, 0u32..4, proptest::bool::ANY),
        ) {
            let sb = if same { sa } else { sb };
            let (a, b) = (Decimal::new(x, sa), Decimal::new(y, sb));
            let (fast, general) = (add(a, b), a.checked_add(b));
            proptest::prop_assert_eq!(fast.map(|d| d.serialize()), general.map(|d| d.serialize()));
        }

        /// Adding at the total's own scale gives the total that finding each amount's needed
        /// places gives, and refuses the same sums.
        #[test]
        fn adding_at_the_totals_scale_changes_nothing(
            amounts in proptest::collection::vec(
                (proptest::num::i64::ANY, 0u32..8, proptest::bool::ANY),
                0..40,
            )
        ) {
            let (mut fast, mut general) = (GrossTotal::default(), GrossTotal::default());
            for (m, scale, huge) in amounts {
                let mantissa = if huge { i128::from(m) << 30 } else { i128::from(m % 100_000) };
                let q = Decimal::from_i128_with_scale(mantissa, scale);
                proptest::prop_assert_eq!(fast.add(q), general.add_needed(q));
                proptest::prop_assert_eq!(fast, general);
            }
        }
    }

    #[test]
    fn exact_sums_or_none() {
        assert_eq!(exact_add(dec("0.00"), dec("1")), Some(dec("1")));
        assert_eq!(exact_add(dec("1.50"), dec("-0.5")), Some(dec("1.00")));
        assert_eq!(exact_sub(dec("10"), dec("0.001")), Some(dec("9.999")));
        // 10^27 + 10^-28 would be rounded to 10^27.
        let big = dec("1000000000000000000000000000");
        assert_eq!(exact_add(big, dec("0.0000000000000000000000000001")), None);
        assert_eq!(exact_add(Decimal::MAX, Decimal::ONE), None);
        // Trailing zeros dropped to fit are no loss.
        let long = dec("1.0000000000000000000000000000");
        assert_eq!(exact_add(long, dec("10")), Some(dec("11")));
    }
}
