//! The allowance for doubtful accounts (spec §7.5): what the open receivables require by aging
//! bucket rates and customers' specific reserves, against what the allowance account holds.

use arledger_journal::{AccountId, CommodityId, Journal};
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use super::aging::{aging, AgeBy, Buckets};
use super::items::OpenItems;
use crate::mixed::{MixedAmount, Overflow};

/// What a rate or reserve percentage must look like.
pub const PERCENT_EXPECTED: &str = "a percentage from 0% to 100%, like 5% or 12.5%";

/// A percentage written `5%` or `12.5%`, from 0 to 100, as percentage points (`5`).
pub fn parse_percent(text: &str) -> Option<Decimal> {
    let digits = text.trim().strip_suffix('%')?.trim_end();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let p: Decimal = digits.parse().ok()?;
    (p <= Decimal::ONE_HUNDRED).then_some(p.normalize())
}

/// A rate per aging bucket, in percentage points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rates {
    percent: Vec<Decimal>,
}

/// A rate that cannot be used: which of the pairs given it is about (none: the set as a
/// whole, e.g. a bucket without a rate), and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RatesError {
    /// The index of the `bucket = rate` pair at fault, if one is.
    pub pair: Option<usize>,
    /// What is wrong and what was expected.
    pub message: String,
    /// Whether the value (not the bucket name) is at fault.
    pub in_value: bool,
}

impl Rates {
    /// The rates of `bucket = rate` pairs: every bucket of `buckets` needs exactly one, and
    /// each rate is a percentage (see [`parse_percent`]).
    pub fn new<'a>(
        buckets: &Buckets,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Rates, RatesError> {
        let names = buckets.names();
        let mut percent: Vec<Option<Decimal>> = vec![None; names.len()];
        let error = |pair, in_value, message| RatesError {
            pair: Some(pair),
            message,
            in_value,
        };
        for (i, (name, rate)) in pairs.into_iter().enumerate() {
            let name = name.trim();
            let Some(b) = names.iter().position(|n| n == name) else {
                return Err(error(
                    i,
                    false,
                    format!(
                        "unknown aging bucket `{name}`: expected one of {}",
                        names.join(", ")
                    ),
                ));
            };
            if percent[b].is_some() {
                return Err(error(i, false, format!("bucket `{name}` has two rates")));
            }
            let p = parse_percent(rate).ok_or_else(|| {
                error(
                    i,
                    true,
                    format!("cannot read the rate `{rate}` of bucket `{name}`: expected {PERCENT_EXPECTED}"),
                )
            })?;
            percent[b] = Some(p);
        }
        let missing: Vec<&str> = names
            .iter()
            .zip(&percent)
            .filter(|(_, p)| p.is_none())
            .map(|(n, _)| n.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(RatesError {
                pair: None,
                message: format!(
                    "no rate for the aging bucket{} {}: expected a rate for each of {}",
                    if missing.len() == 1 { "" } else { "s" },
                    missing.join(", "),
                    names.join(", ")
                ),
                in_value: false,
            });
        }
        Ok(Rates {
            percent: percent.into_iter().flatten().collect(),
        })
    }

    /// Reads `current=1%,1-30=5%,…` (the `--rates` option).
    pub fn parse(text: &str, buckets: &Buckets) -> Result<Rates, RatesError> {
        let mut pairs = Vec::new();
        for (i, part) in text.split(',').enumerate() {
            let (name, rate) = part.split_once('=').ok_or_else(|| RatesError {
                pair: Some(i),
                message: format!("`{}` is not `bucket=rate`, like 1-30=5%", part.trim()),
                in_value: false,
            })?;
            pairs.push((name, rate));
        }
        Rates::new(buckets, pairs)
    }

    /// The rate of bucket `b`, in percentage points.
    pub fn percent(&self, b: usize) -> Decimal {
        self.percent[b]
    }
}

/// A customer's specific reserve (`reserve:` on its `account` directive), which replaces the
/// bucket rates for its items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reserve {
    /// A percentage of everything the customer owes (`reserve: 100%`).
    Percent(Decimal),
    /// An amount of one commodity (`reserve: 2500.00 USD`), at most what the customer owes in
    /// it; its items in other commodities keep the bucket rates.
    Amount(Decimal, String),
}

/// What a `reserve:` tag must look like.
pub const RESERVE_EXPECTED: &str = "a percentage like 100% or 50%, or an amount with its commodity like 2500.00 USD (no digit-group comma: tag values end at a comma)";

impl Reserve {
    /// Reads `100%` or `2500.00 USD`; `None` when it is neither.
    pub fn parse(text: &str) -> Option<Reserve> {
        if text.trim().ends_with('%') {
            return parse_percent(text).map(Reserve::Percent);
        }
        match super::customers::parse_limit(text) {
            Some((q, commodity)) if q >= Decimal::ZERO && !commodity.is_empty() => {
                Some(Reserve::Amount(q, commodity))
            }
            _ => None,
        }
    }

    /// Whether the reserve covers items in `commodity` (a percentage covers every commodity).
    fn covers(&self, j: &Journal, commodity: CommodityId) -> bool {
        match self {
            Reserve::Percent(_) => true,
            Reserve::Amount(_, c) => c == j.commodity_name(commodity),
        }
    }
}

/// The allowance's parameters.
#[derive(Clone, Debug)]
pub struct AllowanceRules<'a> {
    /// The aging buckets the rates are for.
    pub buckets: &'a Buckets,
    /// Their rates.
    pub rates: &'a Rates,
    /// The allowance account (it and the accounts below it): its credit balance is what is
    /// held.
    pub account: &'a str,
}

/// A bucket's open debit items in one commodity and what they require.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BucketLine {
    /// The bucket's index in [`Allowance::buckets`].
    pub bucket: usize,
    /// The commodity.
    pub commodity: CommodityId,
    /// What is open in the bucket (customers with a specific reserve left out).
    pub open: Decimal,
    /// The bucket's rate, in percentage points.
    pub percent: Decimal,
    /// `open × rate`, rounded half away from zero to the commodity's precision.
    pub required: Decimal,
}

/// A customer's specific reserve in one commodity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReserveLine {
    /// The customer's index.
    pub customer: usize,
    /// The commodity.
    pub commodity: CommodityId,
    /// What the customer's open debit items in the commodity add up to.
    pub open: Decimal,
    /// The reserve.
    pub reserve: Reserve,
    /// What it requires: the percentage of `open` (rounded as a bucket's), or the amount, at
    /// most `open`.
    pub required: Decimal,
}

/// Per commodity: required, held and the difference the adjusting entry books.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllowanceTotal {
    /// The commodity.
    pub commodity: CommodityId,
    /// The open debit items (buckets and specific reserves).
    pub open: Decimal,
    /// What they require.
    pub required: Decimal,
    /// The allowance account's credit balance at the report date.
    pub held: Decimal,
}

impl AllowanceTotal {
    /// Required less held: to add to the allowance (positive) or release from it (negative).
    pub fn difference(&self) -> Decimal {
        self.required - self.held
    }
}

/// The allowance at a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allowance {
    /// The report date.
    pub as_of: NaiveDate,
    /// The bucket names.
    pub buckets: Vec<String>,
    /// A line per bucket of each commodity with something open in the buckets, by commodity
    /// then bucket.
    pub lines: Vec<BucketLine>,
    /// A line per customer with a specific reserve and commodity it owes in, by customer.
    pub reserves: Vec<ReserveLine>,
    /// A total per commodity that is open or held, by commodity name.
    pub totals: Vec<AllowanceTotal>,
    /// Whether the allowance account, or an account below it, is in the books (declared or
    /// posted to). When it is not, nothing is held: right for books taking their first
    /// allowance, but a misspelt name would read the same, so reports say so.
    pub account_in_books: bool,
}

fn round(j: &Journal, commodity: CommodityId, q: Decimal) -> Decimal {
    let precision = j.commodity_info[commodity.index()].decimals_seen;
    let mut q = q.round_dp_with_strategy(precision, RoundingStrategy::MidpointAwayFromZero);
    q.rescale(precision);
    q
}

/// The allowance `ar` requires at its date under `rules`. Only debit items count (open above
/// zero): an unapplied credit (§7.3) is owed back, not at risk, and does not lower the
/// allowance.
pub fn allowance(
    j: &Journal,
    ar: &OpenItems,
    rules: &AllowanceRules,
) -> Result<Allowance, Overflow> {
    let report = aging(j, ar, rules.buckets, AgeBy::Due, None);
    let mut lines: Vec<BucketLine> = Vec::new();
    let mut reserves: Vec<ReserveLine> = Vec::new();
    for a in &report.detail {
        let it = &ar.items[a.item];
        if it.open <= Decimal::ZERO {
            continue;
        }
        let customer = &ar.customers.list[it.customer];
        match customer
            .reserve
            .as_ref()
            .filter(|r| r.covers(j, it.commodity))
        {
            Some(reserve) => {
                let at = reserves
                    .iter()
                    .position(|r| r.customer == it.customer && r.commodity == it.commodity);
                let line = match at {
                    Some(i) => &mut reserves[i],
                    None => {
                        reserves.push(ReserveLine {
                            customer: it.customer,
                            commodity: it.commodity,
                            open: Decimal::ZERO,
                            reserve: reserve.clone(),
                            required: Decimal::ZERO,
                        });
                        reserves.last_mut().expect("just pushed")
                    }
                };
                line.open = line.open.checked_add(it.open).ok_or(Overflow)?;
            }
            None => {
                // Every bucket of a commodity gets a line, so the rates all show.
                if !lines.iter().any(|l| l.commodity == it.commodity) {
                    lines.extend((0..report.columns.len()).map(|bucket| BucketLine {
                        bucket,
                        commodity: it.commodity,
                        open: Decimal::ZERO,
                        percent: rules.rates.percent(bucket),
                        required: Decimal::ZERO,
                    }));
                }
                let line = lines
                    .iter_mut()
                    .find(|l| l.bucket == a.bucket && l.commodity == it.commodity)
                    .expect("every bucket of the commodity has a line");
                line.open = line.open.checked_add(it.open).ok_or(Overflow)?;
            }
        }
    }
    let share = |commodity, open: Decimal, percent: Decimal| {
        open.checked_mul(percent)
            .map(|q| round(j, commodity, q / Decimal::ONE_HUNDRED))
            .ok_or(Overflow)
    };
    for l in &mut lines {
        l.required = share(l.commodity, l.open, l.percent)?;
    }
    for r in &mut reserves {
        r.required = match &r.reserve {
            Reserve::Percent(p) => share(r.commodity, r.open, *p)?,
            Reserve::Amount(q, _) => (*q).min(r.open),
        };
    }
    let name = |c: CommodityId| j.commodity_name(c).as_bytes();
    lines.sort_by(|a, b| (name(a.commodity), a.bucket).cmp(&(name(b.commodity), b.bucket)));
    let (held, account_in_books) = held(j, rules.account, ar.as_of)?;
    let held = held.negated();
    let mut totals: Vec<AllowanceTotal> = Vec::new();
    let opened = lines
        .iter()
        .map(|l| (l.commodity, l.open, l.required))
        .chain(reserves.iter().map(|r| (r.commodity, r.open, r.required)));
    for (commodity, open, required) in opened {
        let at = totals.iter().position(|t| t.commodity == commodity);
        let t = match at {
            Some(i) => &mut totals[i],
            None => {
                totals.push(AllowanceTotal {
                    commodity,
                    open: Decimal::ZERO,
                    required: Decimal::ZERO,
                    held: held.get(commodity),
                });
                totals.last_mut().expect("just pushed")
            }
        };
        t.open = t.open.checked_add(open).ok_or(Overflow)?;
        t.required = t.required.checked_add(required).ok_or(Overflow)?;
    }
    for a in held.amounts(j) {
        if !totals.iter().any(|t| t.commodity == a.commodity) {
            totals.push(AllowanceTotal {
                commodity: a.commodity,
                open: Decimal::ZERO,
                required: Decimal::ZERO,
                held: a.quantity,
            });
        }
    }
    totals.sort_by(|a, b| name(a.commodity).cmp(name(b.commodity)));
    Ok(Allowance {
        as_of: ar.as_of,
        buckets: report.columns,
        lines,
        reserves,
        totals,
        account_in_books,
    })
}

/// The balance of `account` and the accounts below it from the postings dated on or before
/// `as_of`, and whether any of these accounts is in the books.
fn held(j: &Journal, account: &str, as_of: NaiveDate) -> Result<(MixedAmount, bool), Overflow> {
    let below = format!("{account}:");
    let mut mine: Vec<bool> = vec![false; j.accounts.len()];
    for (i, m) in mine.iter_mut().enumerate() {
        let name = j.account_name(AccountId(i as u32));
        *m = name == account || name.starts_with(&below);
    }
    let mut sum = MixedAmount::default();
    for t in &j.transactions {
        for p in j.postings_of(t) {
            if mine[p.account.index()] && j.posting_date(t, p) <= as_of {
                sum.add(p.amount)?;
            }
        }
    }
    Ok((sum, mine.contains(&true)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_and_rates_are_read_strictly() {
        assert_eq!(parse_percent("5%"), Some(Decimal::from(5)));
        assert_eq!(parse_percent(" 12.50% "), Some(Decimal::new(125, 1)));
        assert_eq!(parse_percent("100%"), Some(Decimal::ONE_HUNDRED));
        for bad in ["5", "%", "-5%", "101%", "five%", "1e2%"] {
            assert_eq!(parse_percent(bad), None, "{bad}");
        }
        let b = Buckets::default();
        let r = Rates::parse("current=1%,1-30=5%,31-60=15%,61-90=40%,over-90=75%", &b).unwrap();
        assert_eq!(r.percent(4), Decimal::from(75));
        let e = Rates::parse("current=1%,1-31=5%", &b).unwrap_err();
        assert_eq!(e.pair, Some(1));
        assert!(e
            .message
            .contains("unknown aging bucket `1-31`: expected one of current, 1-30"));
        let e = Rates::parse("current=1", &b).unwrap_err();
        assert!(
            e.in_value && e.message.contains("expected a percentage"),
            "{e}"
        );
        let e = Rates::parse("current=1%,1-30=5%", &b).unwrap_err();
        assert_eq!(e.pair, None);
        assert!(e
            .message
            .contains("no rate for the aging buckets 31-60, 61-90, over-90"));
        let e = Rates::parse("current=1%,current=2%", &b).unwrap_err();
        assert!(e.message.contains("two rates"), "{e}");
        assert!(Rates::parse("current", &b).is_err());
    }

    #[test]
    fn reserves_are_a_percentage_or_an_amount() {
        assert_eq!(
            Reserve::parse("100%"),
            Some(Reserve::Percent(Decimal::ONE_HUNDRED))
        );
        assert_eq!(
            Reserve::parse("2500.00 USD"),
            Some(Reserve::Amount(Decimal::new(250000, 2), "USD".into()))
        );
        for bad in ["2500", "-5 USD", "150%", "half"] {
            assert_eq!(Reserve::parse(bad), None, "{bad}");
        }
    }
}
