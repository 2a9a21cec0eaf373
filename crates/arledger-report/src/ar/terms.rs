//! Payment terms (`terms:` tag): `net30`, `due-on-receipt`, `eom`, `2/10 net30`.

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;

/// A customer's payment terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Terms {
    /// `net<N>`: due N days after the invoice date.
    Net(u32),
    /// `due-on-receipt`: due on the invoice date.
    DueOnReceipt,
    /// `eom`: due on the last day of the invoice's month.
    EndOfMonth,
    /// `<d>/<D> net<N>`: d % discount if paid within D days, due after N days.
    Discount {
        /// Discount in percent.
        percent: Decimal,
        /// Days the discount is offered.
        days: u32,
        /// Days until due.
        net: u32,
    },
}

/// Terms text that is none of the known forms.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown payment terms `{0}`")]
pub struct TermsError(pub String);

/// What a valid terms text looks like (for error messages).
pub const TERMS_EXPECTED: &str =
    "net<N> (e.g. net30), due-on-receipt, eom, or <d>/<D> net<N> (e.g. 2/10 net30)";

fn net(s: &str) -> Option<u32> {
    let n = s.strip_prefix("net")?.trim_start();
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) || n.len() > 5 {
        return None;
    }
    n.parse().ok()
}

impl std::fmt::Display for Terms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Terms::Net(n) => write!(f, "net{n}"),
            Terms::DueOnReceipt => f.write_str("due-on-receipt"),
            Terms::EndOfMonth => f.write_str("eom"),
            Terms::Discount { percent, days, net } => write!(f, "{percent}/{days} net{net}"),
        }
    }
}

impl Terms {
    /// Reads a terms text (case-insensitive).
    pub fn parse(text: &str) -> Result<Terms, TermsError> {
        let err = || TermsError(text.to_string());
        let t = text.trim().to_ascii_lowercase();
        if t == "due-on-receipt" {
            return Ok(Terms::DueOnReceipt);
        }
        if t == "eom" {
            return Ok(Terms::EndOfMonth);
        }
        if let Some(n) = net(&t) {
            return Ok(Terms::Net(n));
        }
        let (disc, rest) = t.split_once(char::is_whitespace).ok_or_else(err)?;
        let n = net(rest.trim()).ok_or_else(err)?;
        let (pct, days) = disc.split_once('/').ok_or_else(err)?;
        let percent = Decimal::from_str_exact(pct).map_err(|_| err())?;
        let days = days.parse().map_err(|_| err())?;
        if percent.is_sign_negative() || percent >= Decimal::ONE_HUNDRED {
            return Err(err());
        }
        Ok(Terms::Discount {
            percent,
            days,
            net: n,
        })
    }

    /// The due date of an invoice dated `date` under these terms.
    pub fn due(&self, date: NaiveDate) -> NaiveDate {
        match *self {
            Terms::Net(n) | Terms::Discount { net: n, .. } => date
                .checked_add_days(Days::new(u64::from(n)))
                .unwrap_or(date),
            Terms::DueOnReceipt => date,
            Terms::EndOfMonth => {
                let (y, m) = if date.month() == 12 {
                    (date.year() + 1, 1)
                } else {
                    (date.year(), date.month() + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1)
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(date)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn parses_every_form() {
        assert_eq!(Terms::parse("net30"), Ok(Terms::Net(30)));
        assert_eq!(Terms::parse("Net 45"), Ok(Terms::Net(45)));
        assert_eq!(Terms::parse("due-on-receipt"), Ok(Terms::DueOnReceipt));
        assert_eq!(Terms::parse("eom"), Ok(Terms::EndOfMonth));
        assert_eq!(
            Terms::parse("2/10 net30"),
            Ok(Terms::Discount {
                percent: Decimal::new(2, 0),
                days: 10,
                net: 30
            })
        );
        assert_eq!(
            Terms::parse("1.5/15 net45"),
            Ok(Terms::Discount {
                percent: Decimal::new(15, 1),
                days: 15,
                net: 45
            })
        );
        for bad in ["net", "net-5", "30 days", "2/10", "x/10 net30", "COD", ""] {
            assert!(Terms::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn display_reads_back() {
        for t in [
            "net30",
            "due-on-receipt",
            "eom",
            "2/10 net30",
            "1.5/15 net45",
        ] {
            assert_eq!(Terms::parse(t).unwrap().to_string(), t);
        }
    }

    #[test]
    fn due_dates() {
        assert_eq!(Terms::Net(30).due(d(2026, 1, 31)), d(2026, 3, 2));
        assert_eq!(Terms::DueOnReceipt.due(d(2026, 1, 31)), d(2026, 1, 31));
        assert_eq!(Terms::EndOfMonth.due(d(2024, 2, 3)), d(2024, 2, 29));
        assert_eq!(Terms::EndOfMonth.due(d(2026, 12, 5)), d(2026, 12, 31));
        assert_eq!(
            Terms::parse("2/10 net30").unwrap().due(d(2026, 12, 15)),
            d(2027, 1, 14)
        );
    }
}
