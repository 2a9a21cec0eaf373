//! Dates: `2026-01-15`, `2026/01/15`, `2026.01.15`, and yearless `01/15` (year from a `Y`
//! directive).

use chrono::NaiveDate;

/// Why a date could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not shaped like a date at all.
    Syntax,
    /// Shaped like a date, but no such day exists (`2026-02-30`).
    NoSuchDay(String),
}

fn digits(s: &[u8]) -> usize {
    s.iter().take_while(|b| b.is_ascii_digit()).count()
}

fn number(s: &[u8]) -> u32 {
    s.iter().fold(0u32, |n, &b| {
        n.saturating_mul(10).saturating_add(u32::from(b - b'0'))
    })
}

/// Reads a date at the start of `input`; returns it and the number of bytes read.
///
/// `default_year` is used for yearless dates (`MM-DD`).
pub fn parse_date(input: &str, default_year: i32) -> Result<(NaiveDate, usize), DateError> {
    let b = input.as_bytes();
    let fields = match full_date(b) {
        Some(date) => date,
        None => fields(b, default_year)?,
    };
    date_of(b, fields)
}

/// The date that `fields` (read at the start of `b`) name, if what follows them in `b` may
/// follow a date.
fn date_of(b: &[u8], fields: Fields) -> Result<(NaiveDate, usize), DateError> {
    let Fields {
        year,
        month,
        day,
        len,
        sep,
    } = fields;
    // A date is followed by the end, whitespace or one of `=;`, never by more digits or letters.
    if let Some(&next) = b.get(len) {
        if next.is_ascii_alphanumeric() || next == sep {
            return Err(DateError::Syntax);
        }
    }
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(d) if year >= 1 => Ok((d, len)),
        _ => Err(DateError::NoSuchDay(no_such_day_reason(year, month, day))),
    }
}

/// A date as written: its numbers, its length and its separator.
struct Fields {
    year: i32,
    month: u32,
    day: u32,
    len: usize,
    sep: u8,
}

/// The year, month and day of a date written in full, `YYYY-MM-DD` (or with `/` or `.`):
/// nearly every date of a book, read without counting digits.
fn full_date(b: &[u8]) -> Option<Fields> {
    let d: &[u8; 10] = b.get(..10)?.try_into().ok()?;
    let sep = d[4];
    let digits = [0, 1, 2, 3, 5, 6, 8, 9];
    if !matches!(sep, b'-' | b'/' | b'.')
        || d[7] != sep
        || !digits.iter().all(|&i| d[i].is_ascii_digit())
    {
        return None;
    }
    Some(Fields {
        year: number(&d[..4]) as i32,
        month: number(&d[5..7]),
        day: number(&d[8..]),
        len: 10,
        sep,
    })
}

/// The fields of a date in any of its shapes, and its length.
fn fields(b: &[u8], default_year: i32) -> Result<Fields, DateError> {
    let n1 = digits(b);
    if n1 == 0 || n1 > 4 {
        return Err(DateError::Syntax);
    }
    let sep = match b.get(n1) {
        Some(&s @ (b'-' | b'/' | b'.')) => s,
        _ => return Err(DateError::Syntax),
    };
    let p2 = n1 + 1;
    let n2 = digits(&b[p2..]);
    if n2 == 0 || n2 > 2 {
        return Err(DateError::Syntax);
    }
    if b.get(p2 + n2) == Some(&sep) {
        let p3 = p2 + n2 + 1;
        let n3 = digits(&b[p3..]);
        if n3 == 0 || n3 > 2 {
            return Err(DateError::Syntax);
        }
        return Ok(Fields {
            year: number(&b[..n1]) as i32,
            month: number(&b[p2..p2 + n2]),
            day: number(&b[p3..p3 + n3]),
            len: p3 + n3,
            sep,
        });
    }
    if n1 > 2 {
        return Err(DateError::Syntax);
    }
    Ok(Fields {
        year: default_year,
        month: number(&b[..n1]),
        day: number(&b[p2..p2 + n2]),
        len: p2 + n2,
        sep,
    })
}

fn no_such_day_reason(year: i32, month: u32, day: u32) -> String {
    if year < 1 {
        return format!("year {year} is not a valid year");
    }
    if !(1..=12).contains(&month) {
        return format!("month {month} does not exist");
    }
    let days = (28..=31)
        .rev()
        .find(|&d| NaiveDate::from_ymd_opt(year, month, d).is_some())
        .unwrap_or(28);
    let name = NaiveDate::from_ymd_opt(year, month, 1)
        .map(|d| d.format("%B %Y").to_string())
        .unwrap_or_default();
    format!("day {day} does not exist: {name} has {days} days")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn separators_and_yearless() {
        assert_eq!(parse_date("2026-01-15 x", 2000), Ok((d(2026, 1, 15), 10)));
        assert_eq!(parse_date("2026/1/5", 2000), Ok((d(2026, 1, 5), 8)));
        assert_eq!(parse_date("2026.01.15", 2000), Ok((d(2026, 1, 15), 10)));
        assert_eq!(parse_date("01/15 x", 2024), Ok((d(2024, 1, 15), 5)));
        assert_eq!(
            parse_date("2026-01-15=2026-01-20", 2000),
            Ok((d(2026, 1, 15), 10))
        );
    }

    proptest::proptest! {
        /// A date written in full is read as the general path reads it.
        #[test]
        fn full_dates_read_as_any_date(s in "[0-9]{4}[-/.][0-9]{2}[-/.][0-9]{2}[0-9a-z -/.=;]{0,2}") {
            let b = s.as_bytes();
            if let Some(date) = full_date(b) {
                proptest::prop_assert_eq!(
                    date_of(b, date),
                    fields(b, 2000).and_then(|f| date_of(b, f))
                );
            }
        }
    }

    #[test]
    fn bad_dates() {
        assert_eq!(parse_date("2026-01/15", 2000), Err(DateError::Syntax));
        assert_eq!(parse_date("x", 2000), Err(DateError::Syntax));
        assert_eq!(parse_date("2026-01-150", 2000), Err(DateError::Syntax));
        assert_eq!(
            parse_date("2026-02-30", 2000),
            Err(DateError::NoSuchDay(
                "day 30 does not exist: February 2026 has 28 days".into()
            ))
        );
        assert_eq!(
            parse_date("2026-13-01", 2000),
            Err(DateError::NoSuchDay("month 13 does not exist".into()))
        );
        assert_eq!(
            parse_date("0-01-01", 2000),
            Err(DateError::NoSuchDay("year 0 is not a valid year".into()))
        );
    }
}
