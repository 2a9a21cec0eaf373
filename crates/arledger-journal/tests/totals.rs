//! Property tests of the gross-total check (`E0204`, `strict::check_totals`): it fires exactly
//! when some sum of a commodity's amounts could not be computed exactly, and never for
//! ordinary books (issue 14, item 5: `0.00 USD` then `1 USD` was refused).

use arledger_journal::strict::{check_totals, GrossTotal};
use arledger_journal::{parse_str, Severity};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A journal of unbalanced virtual postings `(a)  Q USD`, one per quantity, so that the gross
/// total of USD is exactly the sum of the quantities' sizes.
fn journal(quantities: &[Decimal]) -> String {
    quantities
        .iter()
        .enumerate()
        .map(|(i, q)| format!("2026-01-01 t{i}\n    (a)  {q} USD\n"))
        .collect()
}

/// The `E0204` messages `check` shows for a journal that otherwise loads without errors.
fn overflow_messages(text: &str) -> Vec<String> {
    let loaded = parse_str(text);
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{text}");
    check_totals(&loaded.journal)
        .into_iter()
        .map(|d| d.message)
        .collect()
}

/// A quantity with up to `max_scale` decimal places, below 10^`max_int_digits` and of at most
/// 28 digits, of either sign; a third are zeros written with decimals (`0.00`) or round
/// numbers written with trailing zeros (`5.10`), whose written scale says nothing about the
/// decimals they need.
fn quantity(max_scale: u32, max_int_digits: u32) -> impl Strategy<Value = Decimal> {
    (0..=max_scale, 0..=max_int_digits, any::<bool>(), 0..=5u8).prop_flat_map(
        move |(scale, int_digits, negative, kind)| {
            let limit = 10u128.pow((int_digits + scale).min(28)) - 1;
            let mantissa = match kind {
                0 => Just(0u128).boxed(),
                1 => (0..=limit / 10).prop_map(|m| m * 10).boxed(),
                _ => (0..=limit).boxed(),
            };
            mantissa.prop_map(move |m| {
                let q = Decimal::from_i128_with_scale(m as i128, scale);
                if negative {
                    -q
                } else {
                    q
                }
            })
        },
    )
}

/// The gross total of `quantities` as an integer at the most decimal places any of them needs:
/// it must fit the 96 bits of a `Decimal` for every sum of them to be exact.
fn gross_mantissa(quantities: &[Decimal]) -> u128 {
    let scale = quantities
        .iter()
        .map(|q| q.normalize().scale())
        .max()
        .unwrap_or(0);
    quantities
        .iter()
        .map(|q| {
            let q = q.normalize();
            q.mantissa().unsigned_abs() * 10u128.pow(scale - q.scale())
        })
        .sum()
}

/// The largest mantissa a `Decimal` holds, 2^96 - 1.
const MAX_MANTISSA: u128 = (1 << 96) - 1;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Sums below 10^20 with up to 8 decimal places, or below 10^18 with up to 10 (39 amounts
    /// below 10^18 or 10^16), in any mix of scales, zeros and trailing zeros, never trip the
    /// check. (10^20 with 10 decimal places would be 30 digits, which no exact sum holds: the
    /// next property covers that.)
    #[test]
    fn never_fires_for_sums_that_fit(
        quantities in prop_oneof![
            prop::collection::vec(quantity(8, 18), 1..40),
            prop::collection::vec(quantity(10, 16), 1..40),
        ],
    ) {
        prop_assert_eq!(overflow_messages(&journal(&quantities)), Vec::<String>::new());
    }

    /// The check fires exactly when the gross total at the most decimal places any amount
    /// needs has more digits than a `Decimal` holds: for genuine overflow and for sums that
    /// would have to drop decimal places, and never otherwise.
    #[test]
    fn fires_exactly_when_a_sum_could_be_inexact(
        quantities in prop::collection::vec(quantity(10, 28), 1..12),
    ) {
        let fires = !overflow_messages(&journal(&quantities)).is_empty();
        prop_assert_eq!(fires, gross_mantissa(&quantities) > MAX_MANTISSA, "{:?}", quantities);
    }

    /// Gross totals of parts, added together, fit exactly when adding every amount in order
    /// fits, and then equal it: `check_totals` sums large books in parallel parts this way.
    #[test]
    fn parts_add_up_as_the_whole(
        quantities in prop::collection::vec(quantity(10, 28), 1..12),
        cut in 0..12usize,
    ) {
        let cut = cut.min(quantities.len());
        let gross = |qs: &[Decimal]| {
            let mut g = GrossTotal::default();
            qs.iter().all(|&q| g.add(q)).then_some(g)
        };
        let whole = gross(&quantities);
        let parts = match (gross(&quantities[..cut]), gross(&quantities[cut..])) {
            (Some(mut a), Some(b)) => a.absorb(&b).then_some(a),
            _ => None,
        };
        prop_assert_eq!(whole, parts, "{:?} cut at {}", quantities, cut);
    }

    /// `0.0001` and `10^25` would need 30 digits at 4 decimal places: refused, in either order
    /// and whatever zeros come between.
    #[test]
    fn fires_when_decimals_would_be_lost(
        scale in 2..=10u32,
        digit in 1..=9i64,
        small_first in any::<bool>(),
        zeros in prop::collection::vec(0..=10u32, 0..5),
    ) {
        let small = Decimal::from_i128_with_scale(1, scale);
        let big = Decimal::from(digit) * Decimal::from_i128_with_scale(10i128.pow(29 - scale), 0);
        let mut quantities: Vec<Decimal> =
            zeros.iter().map(|&s| Decimal::from_i128_with_scale(0, s)).collect();
        if small_first {
            quantities.extend([small, big]);
        } else {
            quantities.extend([big, small]);
        }
        let messages = overflow_messages(&journal(&quantities));
        prop_assert_eq!(messages.len(), 1, "{:?}", quantities);
        prop_assert!(messages[0].contains("add up to more than exact arithmetic holds"));
    }
}

/// Sizes that overflow even without decimals still trip the check.
#[test]
fn fires_on_overflow() {
    let big = Decimal::from_i128_with_scale(9_999_999_999_999_999_999_999_999_999, 0);
    let messages = overflow_messages(&journal(&[big; 9]));
    assert_eq!(messages.len(), 1);
}

/// The case of the issue: a zero written with decimals, then a whole amount.
#[test]
fn zero_with_decimals_then_a_whole_amount() {
    assert!(
        overflow_messages("2026-01-01 a\n    (a)  0.00 USD\n2026-01-02 b\n    (a)  1 USD\n")
            .is_empty()
    );
}
