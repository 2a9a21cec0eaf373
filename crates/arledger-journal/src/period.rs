//! Dates and periods given on the command line: `2026`, `2026-01`, `2026q1`,
//! `2026-01-15`, `from 2026-01-01 to 2026-02-01`, `2026-01..2026-03`.

use chrono::{Datelike, NaiveDate};

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

/// A date expression that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot read the date or period `{text}`: expected {expected}")]
pub struct PeriodError {
    /// What was given.
    pub text: String,
    /// What would have been valid.
    pub expected: &'static str,
}

const EXPECTED: &str =
    "a year (2026), a month (2026-01), a quarter (2026q1), a date (2026-01-15), \
                        `from DATE to DATE` or `DATE..DATE`";

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

/// Reads one "smart date" and the period it names: a year, quarter, month or day.
fn span_of(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let t = text.trim().to_ascii_lowercase();
    if let Some((y, q)) = t.split_once('q') {
        let y: i32 = y.trim_end_matches(['-', '/']).parse().ok()?;
        let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
        return Some((first_of_month(y, 3 * q - 2)?, next_month(y, 3 * q)?));
    }
    let parts: Vec<&str> = t.split(['-', '/', '.']).collect();
    let nums: Option<Vec<u32>> = parts
        .iter()
        .map(|p| if p.is_empty() { None } else { p.parse().ok() })
        .collect();
    let nums = nums?;
    match nums.as_slice() {
        [y] if parts[0].len() == 4 => {
            let y = *y as i32;
            Some((first_of_month(y, 1)?, first_of_month(y + 1, 1)?))
        }
        [y, m] if parts[0].len() == 4 => {
            let y = *y as i32;
            Some((first_of_month(y, *m)?, next_month(y, *m)?))
        }
        [y, m, d] => {
            let day = NaiveDate::from_ymd_opt(*y as i32, *m, *d)?;
            Some((day, day.succ_opt()?))
        }
        _ => None,
    }
}

const EXPECTED_DATE: &str =
    "a date (2026-01-15), a month (2026-01), a quarter (2026q1) or a year (2026)";

/// Reads a date (`-b`, `-e`, `--from`): the first day of the period it names.
pub fn parse_date_arg(text: &str) -> Result<NaiveDate, PeriodError> {
    span_of(text).map(|(b, _)| b).ok_or(PeriodError {
        text: text.to_string(),
        expected: EXPECTED_DATE,
    })
}

/// Reads an inclusive end date (`--date`, `--to`): the last day of the period it names, so that
/// `--date 2026-12` means the end of December.
pub fn parse_end_date_arg(text: &str) -> Result<NaiveDate, PeriodError> {
    span_of(text)
        .and_then(|(_, e)| e.pred_opt())
        .ok_or(PeriodError {
            text: text.to_string(),
            expected: EXPECTED_DATE,
        })
}

/// Reads a period expression (`-p`).
pub fn parse_period(text: &str) -> Result<Period, PeriodError> {
    let err = || PeriodError {
        text: text.to_string(),
        expected: EXPECTED,
    };
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let (from, to) = if let Some((a, b)) = t.split_once("..") {
        (Some(a.trim()), Some(b.trim()))
    } else if let Some(rest) = lower.strip_prefix("from ") {
        match rest.split_once(" to ") {
            Some((a, b)) => (Some(a.trim()), Some(b.trim())),
            None => (Some(rest.trim()), None),
        }
    } else if let Some(rest) = lower.strip_prefix("to ") {
        (None, Some(rest.trim()))
    } else if let Some(rest) = t.strip_suffix('-').filter(|r| !r.is_empty()) {
        // hledger's open-ended `2026-02-` (from) and `-2026-02` (to).
        (Some(rest), None)
    } else if let Some(rest) = t.strip_prefix('-').filter(|r| !r.is_empty()) {
        (None, Some(rest))
    } else if let Some(rest) = lower.strip_prefix("in ") {
        let (b, e) = span_of(rest).ok_or_else(err)?;
        return Ok(Period {
            begin: Some(b),
            end: Some(e),
        });
    } else {
        let (b, e) = span_of(t).ok_or_else(err)?;
        return Ok(Period {
            begin: Some(b),
            end: Some(e),
        });
    };
    let begin = match from {
        Some(a) if !a.is_empty() => Some(span_of(a).ok_or_else(err)?.0),
        _ => None,
    };
    let end = match to {
        Some(b) if !b.is_empty() => Some(span_of(b).ok_or_else(err)?.0),
        _ => None,
    };
    Ok(Period { begin, end })
}

/// The last day of `d`'s month.
pub fn end_of_month(d: NaiveDate) -> NaiveDate {
    next_month(d.year(), d.month())
        .and_then(|n| n.pred_opt())
        .unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn p(b: NaiveDate, e: NaiveDate) -> Period {
        Period {
            begin: Some(b),
            end: Some(e),
        }
    }

    #[test]
    fn periods() {
        assert_eq!(
            parse_period("2026").unwrap(),
            p(d(2026, 1, 1), d(2027, 1, 1))
        );
        assert_eq!(
            parse_period("2026-12").unwrap(),
            p(d(2026, 12, 1), d(2027, 1, 1))
        );
        assert_eq!(
            parse_period("2026q1").unwrap(),
            p(d(2026, 1, 1), d(2026, 4, 1))
        );
        assert_eq!(
            parse_period("2026Q4").unwrap(),
            p(d(2026, 10, 1), d(2027, 1, 1))
        );
        assert_eq!(
            parse_period("from 2026-01-01 to 2026-02-01").unwrap(),
            p(d(2026, 1, 1), d(2026, 2, 1))
        );
        assert_eq!(
            parse_period("2026-01..2026-03").unwrap(),
            p(d(2026, 1, 1), d(2026, 3, 1))
        );
        assert_eq!(
            parse_period("from 2026-03").unwrap(),
            Period {
                begin: Some(d(2026, 3, 1)),
                end: None
            }
        );
        assert_eq!(
            parse_period("2026-01-15").unwrap(),
            p(d(2026, 1, 15), d(2026, 1, 16))
        );
        assert_eq!(
            parse_period("2026-02-").unwrap(),
            Period {
                begin: Some(d(2026, 2, 1)),
                end: None
            }
        );
        assert_eq!(
            parse_period("-2026-02-10").unwrap(),
            Period {
                begin: None,
                end: Some(d(2026, 2, 10))
            }
        );
        assert!(parse_period("last week").is_err());
        assert!(parse_period("2026q5").is_err());
        assert!(parse_period("-").is_err());
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date_arg("2026-02").unwrap(), d(2026, 2, 1));
        assert_eq!(parse_date_arg("2026/02/03").unwrap(), d(2026, 2, 3));
        assert!(parse_date_arg("2026-02-30").is_err());
        assert_eq!(parse_end_date_arg("2026-02").unwrap(), d(2026, 2, 28));
        assert_eq!(parse_end_date_arg("2026").unwrap(), d(2026, 12, 31));
        assert_eq!(parse_end_date_arg("2026-02-03").unwrap(), d(2026, 2, 3));
        assert_eq!(end_of_month(d(2024, 2, 10)), d(2024, 2, 29));
    }
}
