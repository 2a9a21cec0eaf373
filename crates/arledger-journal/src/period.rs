//! Dates and periods given on the command line (`-p`, `-b`, `-e`, `--date`, `date:`), read the
//! way hledger 1.25 reads its "smart dates" and period expressions, relative to a given today:
//!
//! - dates: `2026-01-15` (also `/` or `.`), `20260115`, `2026-01`, `202601`, `2026`, `1/15`
//!   (this year), `15` (this month), `jan`/`january` (this year), `q1`/`2026q1`, `2026W05`
//!   (an ISO week; an extension of ours), `today`, `yesterday`, `tomorrow`,
//!   `last|this|next day|week|month|quarter|year`;
//! - periods: a date standing for its whole day/week/month/quarter/year (`in` optional),
//!   `from A to B` (B excluded; `until` for `to`), `A..B`, `A - B`, `from A`, `A-`, `to B`,
//!   `-B`;
//! - report intervals before the period: `daily`, `weekly`, `biweekly`, `fortnightly`,
//!   `monthly`, `bimonthly`, `quarterly`, `yearly`/`annually`, `every [N] days|weeks|…`,
//!   as in `monthly in 2026`.
//!
//! This is the one period helper: every command reads dates and periods through it.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// A half-open date interval `[begin, end)`; either side may be open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Period {
    /// First day included.
    pub begin: Option<NaiveDate>,
    /// First day excluded.
    pub end: Option<NaiveDate>,
}

impl Period {
    /// Whether `d` lies in the period.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.begin.is_none_or(|b| d >= b) && self.end.is_none_or(|e| d < e)
    }

    /// The intersection of two periods.
    pub fn and(self, other: Period) -> Period {
        Period {
            begin: match (self.begin, other.begin) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            },
            end: match (self.end, other.end) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        }
    }
}

/// A calendar unit of report intervals and relative dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Days.
    Day,
    /// Weeks, starting on Monday.
    Week,
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
    /// Calendar years.
    Year,
}

impl Unit {
    /// The first day of the unit containing `d` (Monday for weeks).
    pub fn start_of(self, d: NaiveDate) -> NaiveDate {
        match self {
            Unit::Day => d,
            Unit::Week => d - Duration::days(d.weekday().num_days_from_monday() as i64),
            Unit::Month => d.with_day(1).unwrap_or(d),
            Unit::Quarter => first_of_month(d.year(), 3 * ((d.month() - 1) / 3) + 1).unwrap_or(d),
            Unit::Year => first_of_month(d.year(), 1).unwrap_or(d),
        }
    }

    /// `d` moved by `n` units (months keep the day where it exists, else the month's last).
    pub fn add(self, d: NaiveDate, n: i32) -> Option<NaiveDate> {
        let months = |k: i32| {
            if k >= 0 {
                d.checked_add_months(chrono::Months::new(k as u32))
            } else {
                d.checked_sub_months(chrono::Months::new(k.unsigned_abs()))
            }
        };
        match self {
            Unit::Day => d.checked_add_signed(Duration::days(n as i64)),
            Unit::Week => d.checked_add_signed(Duration::days(7 * n as i64)),
            Unit::Month => months(n),
            Unit::Quarter => months(3 * n),
            Unit::Year => months(12 * n),
        }
    }

    fn from_word(w: &str) -> Option<Unit> {
        Some(match w.strip_suffix('s').unwrap_or(w) {
            "day" => Unit::Day,
            "week" => Unit::Week,
            "month" => Unit::Month,
            "quarter" => Unit::Quarter,
            "year" => Unit::Year,
            _ => return None,
        })
    }
}

/// A report interval: every `count` `unit`s (`-M` is one month, `every 2 weeks` two weeks).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Interval {
    /// The calendar unit.
    pub unit: Unit,
    /// How many of them make one report period (at least 1).
    pub count: u32,
}

impl Interval {
    /// One `unit`.
    pub fn every(unit: Unit) -> Interval {
        Interval { unit, count: 1 }
    }

    /// The report periods of `span`, hledger's way: the first starts at the beginning of the
    /// unit containing `span.begin`, each is `count` units long, and the last is the first
    /// that reaches `span.end` (so whole months are shown even for a span starting mid-month).
    pub fn split(self, begin: NaiveDate, end: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
        let mut out = Vec::new();
        let mut start = self.unit.start_of(begin);
        while start < end {
            let Some(next) = self.unit.add(start, self.count as i32) else {
                break;
            };
            out.push((start, next));
            start = next;
        }
        out
    }
}

/// A period expression: an optional report interval and the dates it covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PeriodExpr {
    /// `monthly`, `every 2 weeks`, …, if given.
    pub interval: Option<Interval>,
    /// The dates.
    pub period: Period,
}

/// A date or period expression that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "cannot read the date or period `{text}`: expected {expected}\n  {text}\n  {caret:>col$}",
    caret = "^",
    col = column + 1
)]
pub struct PeriodError {
    /// What was given.
    pub text: String,
    /// Where in it reading stopped (a character count).
    pub column: usize,
    /// What would have been valid there.
    pub expected: &'static str,
}

/// What a date may be.
const EXPECTED_DATE: &str = "a date (2026-01-15, 2026-01, 2026, q1, 2026q1, jan, 2026W05, \
                             today, yesterday, last month, this year)";

/// What a period may be.
const EXPECTED_PERIOD: &str =
    "a date or period (2026, 2026-01, 2026q1, jan, last month, 2026-01-15), \
     `from DATE to DATE`, `DATE..DATE`, `in DATE`, optionally after an interval \
     (daily, weekly, monthly, quarterly, yearly, every 2 weeks)";

fn first_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, 1)
}

fn next_month(y: i32, m: u32) -> Option<NaiveDate> {
    if m == 12 {
        first_of_month(y + 1, 1)
    } else {
        first_of_month(y, m + 1)
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `jan`, `january`, `sept`: the month number.
fn month_name(w: &str) -> Option<u32> {
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(w) && (w.len() == 3 || w.len() == m.len() || w == "sept"))
        .map(|i| i as u32 + 1)
}

fn year(t: &str) -> Option<i32> {
    (t.len() >= 4 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

fn small(t: &str) -> Option<u32> {
    (!t.is_empty() && t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

fn unit_span(unit: Unit, d: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let b = unit.start_of(d);
    Some((b, unit.add(b, 1)?))
}

/// Reads one smart date (already lower case, trimmed) and the span it names.
fn smart_span(t: &str, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let day = |d: NaiveDate| Some((d, d.succ_opt()?));
    match t {
        "today" => return day(today),
        "yesterday" => return day(today.pred_opt()?),
        "tomorrow" => return day(today.succ_opt()?),
        _ => {}
    }
    for (word, n) in [("last", -1), ("this", 0), ("next", 1)] {
        let thing = t.strip_prefix(word).map(str::trim_start);
        if let Some(unit) = thing
            .filter(|r| !r.ends_with('s'))
            .and_then(Unit::from_word)
        {
            return unit_span(unit, unit.add(unit.start_of(today), n)?);
        }
    }
    if let Some(m) = month_name(t) {
        return Some((
            first_of_month(today.year(), m)?,
            next_month(today.year(), m)?,
        ));
    }
    // Quarters: `q1`, `2026q1`, `2026-q1`.
    if let Some((y, q)) = t.split_once('q') {
        let y = match y.strip_suffix('-').unwrap_or(y) {
            "" => today.year(),
            y => year(y)?,
        };
        let q = small(q).filter(|q| (1..=4).contains(q))?;
        return Some((first_of_month(y, 3 * q - 2)?, next_month(y, 3 * q)?));
    }
    // ISO weeks: `2026W05`, `2026-W05`.
    if let Some((y, w)) = t.split_once('w') {
        let y = year(y.strip_suffix('-').unwrap_or(y))?;
        let w = small(w)?;
        return unit_span(Unit::Week, NaiveDate::from_isoywd_opt(y, w, Weekday::Mon)?);
    }
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        let d = NaiveDate::from_ymd_opt(
            t[..4].parse().ok()?,
            t[4..6].parse().ok()?,
            t[6..].parse().ok()?,
        )?;
        return day(d);
    }
    if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) {
        let (y, m): (i32, u32) = (t[..4].parse().ok()?, t[4..].parse().ok()?);
        return Some((first_of_month(y, m)?, next_month(y, m)?));
    }
    let parts: Vec<&str> = t.split(['-', '/', '.']).collect();
    match parts.as_slice() {
        [y] if year(y).is_some() => {
            let y = year(y)?;
            Some((first_of_month(y, 1)?, first_of_month(y + 1, 1)?))
        }
        [d] => day(today.with_day(small(d)?)?),
        [y, m] if year(y).is_some() => {
            let (y, m) = (year(y)?, small(m)?);
            Some((first_of_month(y, m)?, next_month(y, m)?))
        }
        [m, d] => day(NaiveDate::from_ymd_opt(today.year(), small(m)?, small(d)?)?),
        [y, m, d] => day(NaiveDate::from_ymd_opt(year(y)?, small(m)?, small(d)?)?),
        _ => None,
    }
}

/// Reads an interval keyword phrase at the start of `t`, returning it and the rest.
fn interval_prefix(t: &str) -> Result<(Option<Interval>, &str), ()> {
    let words: [(&str, Unit, u32); 9] = [
        ("daily", Unit::Day, 1),
        ("weekly", Unit::Week, 1),
        ("biweekly", Unit::Week, 2),
        ("fortnightly", Unit::Week, 2),
        ("monthly", Unit::Month, 1),
        ("bimonthly", Unit::Month, 2),
        ("quarterly", Unit::Quarter, 1),
        ("yearly", Unit::Year, 1),
        ("annually", Unit::Year, 1),
    ];
    let (first, rest) = t.split_once(' ').unwrap_or((t, ""));
    if let Some(&(_, unit, count)) = words.iter().find(|(w, _, _)| *w == first) {
        return Ok((Some(Interval { unit, count }), rest.trim_start()));
    }
    if first != "every" {
        return Ok((None, t));
    }
    let rest = rest.trim_start();
    let (n, rest) = match rest.split_once(' ') {
        Some((n, r)) if n.bytes().all(|b| b.is_ascii_digit()) => {
            (n.parse::<u32>().map_err(|_| ())?, r.trim_start())
        }
        _ => (1, rest),
    };
    let (unit, rest) = rest.split_once(' ').unwrap_or((rest, ""));
    let unit = Unit::from_word(unit).ok_or(())?;
    if n == 0 {
        return Err(());
    }
    Ok((Some(Interval { unit, count: n }), rest.trim_start()))
}

/// Reads a period expression (`-p`, `date:`) relative to `today`.
pub fn parse_period_expr(text: &str, today: NaiveDate) -> Result<PeriodExpr, PeriodError> {
    let lower = text.to_ascii_lowercase();
    let err = |at: &str, expected| PeriodError {
        text: text.to_string(),
        column: lower[..offset_in(&lower, at)].chars().count(),
        expected,
    };
    let t = lower.trim();
    let (interval, rest) = interval_prefix(t).map_err(|()| err(t, EXPECTED_PERIOD))?;
    let date =
        |s: &str| smart_span(s.trim(), today).ok_or_else(|| err(s.trim_start(), EXPECTED_DATE));
    let bound = |s: Option<&str>, pick: fn((NaiveDate, NaiveDate)) -> NaiveDate| match s
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(s) => date(s).map(|sp| Some(pick(sp))),
        None => Ok(None),
    };
    let start = |sp: (NaiveDate, NaiveDate)| sp.0;
    let (from, to) = if rest.is_empty() {
        if interval.is_none() {
            return Err(err(rest, EXPECTED_PERIOD));
        }
        (None, None)
    } else if let Some((a, b)) = rest.split_once("..") {
        (Some(a), Some(b))
    } else if let Some(r) = rest.strip_prefix("from ") {
        match split_to(r) {
            Some((a, b)) => (Some(a), Some(b)),
            None => (Some(r), None),
        }
    } else if let Some(r) = rest
        .strip_prefix("to ")
        .or_else(|| rest.strip_prefix("until "))
    {
        (None, Some(r))
    } else if let Some((a, b)) = split_to(rest) {
        (Some(a), Some(b))
    } else if let Some(r) = rest.strip_suffix('-').filter(|r| !r.is_empty()) {
        (Some(r), None)
    } else if let Some(r) = rest.strip_prefix('-').filter(|r| !r.is_empty()) {
        (None, Some(r))
    } else {
        let r = rest.strip_prefix("in ").unwrap_or(rest);
        let (b, e) = date(r)?;
        return Ok(PeriodExpr {
            interval,
            period: Period {
                begin: Some(b),
                end: Some(e),
            },
        });
    };
    if from.is_some_and(|a| a.trim().is_empty()) && to.is_some_and(|b| b.trim().is_empty()) {
        return Err(err(rest, EXPECTED_PERIOD));
    }
    Ok(PeriodExpr {
        interval,
        period: Period {
            begin: bound(from, start)?,
            end: bound(to, start)?,
        },
    })
}

/// Splits `A to B`, `A until B` or `A - B`.
fn split_to(t: &str) -> Option<(&str, &str)> {
    [" to ", " until ", " - "]
        .iter()
        .find_map(|sep| t.split_once(sep))
}

/// The byte offset of the sub-slice `part` within `whole`.
fn offset_in(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .checked_sub(whole.as_ptr() as usize)
        .filter(|&o| o <= whole.len())
        .unwrap_or(0)
}

/// Reads a period (`-p`, `date:`) relative to `today`, without its interval.
pub fn parse_period(text: &str, today: NaiveDate) -> Result<Period, PeriodError> {
    parse_period_expr(text, today).map(|p| p.period)
}

fn date_span(text: &str, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), PeriodError> {
    let lower = text.to_ascii_lowercase();
    let t = lower.trim();
    smart_span(t, today).ok_or_else(|| PeriodError {
        text: text.to_string(),
        column: lower[..offset_in(&lower, t)].chars().count(),
        expected: EXPECTED_DATE,
    })
}

/// Reads a date (`-b`, `-e`, `--from`) relative to `today`: the first day of the period it
/// names (`-b 2026-02` is February 1st, `-e last month` the first of last month).
pub fn parse_date_arg(text: &str, today: NaiveDate) -> Result<NaiveDate, PeriodError> {
    date_span(text, today).map(|(b, _)| b)
}

/// Reads an inclusive end date (`--date`, `--to`) relative to `today`: the last day of the
/// period it names, so that `--date 2026-12` means the end of December.
pub fn parse_end_date_arg(text: &str, today: NaiveDate) -> Result<NaiveDate, PeriodError> {
    let (_, e) = date_span(text, today)?;
    e.pred_opt().ok_or_else(|| PeriodError {
        text: text.to_string(),
        column: 0,
        expected: EXPECTED_DATE,
    })
}

/// The last day of `d`'s month.
pub fn end_of_month(d: NaiveDate) -> NaiveDate {
    next_month(d.year(), d.month())
        .and_then(|n| n.pred_opt())
        .unwrap_or(d)
}

#[cfg(test)]
mod tests;
