use super::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A Thursday in May.
fn today() -> NaiveDate {
    d(2026, 5, 14)
}

fn p(b: NaiveDate, e: NaiveDate) -> Period {
    Period {
        begin: Some(b),
        end: Some(e),
    }
}

fn period(t: &str) -> Period {
    parse_period(t, today()).unwrap_or_else(|e| panic!("{t}: {e}"))
}

#[test]
fn absolute_periods() {
    assert_eq!(period("2026"), p(d(2026, 1, 1), d(2027, 1, 1)));
    assert_eq!(period("2026-12"), p(d(2026, 12, 1), d(2027, 1, 1)));
    assert_eq!(period("202612"), p(d(2026, 12, 1), d(2027, 1, 1)));
    assert_eq!(period("2026q1"), p(d(2026, 1, 1), d(2026, 4, 1)));
    assert_eq!(period("2026Q4"), p(d(2026, 10, 1), d(2027, 1, 1)));
    assert_eq!(period("2026-01-15"), p(d(2026, 1, 15), d(2026, 1, 16)));
    assert_eq!(period("20260115"), p(d(2026, 1, 15), d(2026, 1, 16)));
    assert_eq!(period("2026W05"), p(d(2026, 1, 26), d(2026, 2, 2)));
    assert_eq!(period("2026-w01"), p(d(2025, 12, 29), d(2026, 1, 5)));
    assert_eq!(
        period("from 2026-01-01 to 2026-02-01"),
        p(d(2026, 1, 1), d(2026, 2, 1))
    );
    assert_eq!(period("2026-01..2026-03"), p(d(2026, 1, 1), d(2026, 3, 1)));
    assert_eq!(period("2026-01 - 2026-03"), p(d(2026, 1, 1), d(2026, 3, 1)));
    assert_eq!(
        period("2026-01 until 2026-03"),
        p(d(2026, 1, 1), d(2026, 3, 1))
    );
    assert_eq!(
        period("from 2026-03"),
        Period {
            begin: Some(d(2026, 3, 1)),
            end: None
        }
    );
    assert_eq!(
        period("2026-02-"),
        Period {
            begin: Some(d(2026, 2, 1)),
            end: None
        }
    );
    assert_eq!(
        period("-2026-02-10"),
        Period {
            begin: None,
            end: Some(d(2026, 2, 10))
        }
    );
    assert_eq!(
        period("to 2026-02-10"),
        Period {
            begin: None,
            end: Some(d(2026, 2, 10))
        }
    );
}

#[test]
fn relative_periods() {
    assert_eq!(period("today"), p(d(2026, 5, 14), d(2026, 5, 15)));
    assert_eq!(period("yesterday"), p(d(2026, 5, 13), d(2026, 5, 14)));
    assert_eq!(period("tomorrow"), p(d(2026, 5, 15), d(2026, 5, 16)));
    assert_eq!(period("last month"), p(d(2026, 4, 1), d(2026, 5, 1)));
    assert_eq!(period("lastmonth"), p(d(2026, 4, 1), d(2026, 5, 1)));
    assert_eq!(period("this year"), p(d(2026, 1, 1), d(2027, 1, 1)));
    assert_eq!(period("next quarter"), p(d(2026, 7, 1), d(2026, 10, 1)));
    assert_eq!(period("this week"), p(d(2026, 5, 11), d(2026, 5, 18)));
    assert_eq!(period("last day"), p(d(2026, 5, 13), d(2026, 5, 14)));
    assert_eq!(period("q1"), p(d(2026, 1, 1), d(2026, 4, 1)));
    assert_eq!(period("jan"), p(d(2026, 1, 1), d(2026, 2, 1)));
    assert_eq!(period("September"), p(d(2026, 9, 1), d(2026, 10, 1)));
    assert_eq!(period("sept"), p(d(2026, 9, 1), d(2026, 10, 1)));
    assert_eq!(period("10/1"), p(d(2026, 10, 1), d(2026, 10, 2)));
    assert_eq!(period("21"), p(d(2026, 5, 21), d(2026, 5, 22)));
    assert_eq!(period("in jan"), p(d(2026, 1, 1), d(2026, 2, 1)));
    assert_eq!(
        period("from last month to today"),
        p(d(2026, 4, 1), d(2026, 5, 14))
    );
}

#[test]
fn intervals() {
    let e = parse_period_expr("monthly in 2026", today()).unwrap();
    assert_eq!(e.interval, Some(Interval::every(Unit::Month)));
    assert_eq!(e.period, p(d(2026, 1, 1), d(2027, 1, 1)));
    let e = parse_period_expr("every 2 weeks from 2026-01-01 to 2026-03-01", today()).unwrap();
    assert_eq!(
        e.interval,
        Some(Interval {
            unit: Unit::Week,
            count: 2
        })
    );
    assert_eq!(e.period, p(d(2026, 1, 1), d(2026, 3, 1)));
    let e = parse_period_expr("quarterly", today()).unwrap();
    assert_eq!(e.interval, Some(Interval::every(Unit::Quarter)));
    assert_eq!(e.period, Period::default());
    let e = parse_period_expr("every month", today()).unwrap();
    assert_eq!(e.interval, Some(Interval::every(Unit::Month)));
    // hledger's splitting: whole units from the one containing the start.
    let weeks = Interval {
        unit: Unit::Week,
        count: 2,
    }
    .split(d(2026, 1, 1), d(2026, 3, 1));
    assert_eq!(weeks.first(), Some(&(d(2025, 12, 29), d(2026, 1, 12))));
    assert_eq!(weeks.last(), Some(&(d(2026, 2, 23), d(2026, 3, 9))));
    let months = Interval::every(Unit::Month).split(d(2026, 1, 15), d(2026, 3, 10));
    assert_eq!(
        months,
        vec![
            (d(2026, 1, 1), d(2026, 2, 1)),
            (d(2026, 2, 1), d(2026, 3, 1)),
            (d(2026, 3, 1), d(2026, 4, 1))
        ]
    );
}

#[test]
fn errors_point_at_the_problem() {
    let e = parse_period("from 2026-01 to soon", today()).unwrap_err();
    assert_eq!(e.column, 16);
    assert_eq!(e.expected, EXPECTED_DATE);
    let shown = e.to_string();
    assert!(
        shown.ends_with("  from 2026-01 to soon\n                  ^"),
        "{shown}"
    );
    assert_eq!(parse_period("last wek", today()).unwrap_err().column, 0);
    assert_eq!(
        parse_period("every fortnight", today()).unwrap_err().column,
        0
    );
    for bad in [
        "last week2",
        "2026q5",
        "-",
        "..",
        "",
        "every 0 days",
        "2026-02-30",
        "2026W60",
        "13/1",
        "since jan",
        "last days",
    ] {
        assert!(parse_period(bad, today()).is_err(), "{bad}");
    }
}

#[test]
fn dates() {
    let t = today();
    assert_eq!(parse_date_arg("2026-02", t).unwrap(), d(2026, 2, 1));
    assert_eq!(parse_date_arg("2026/02/03", t).unwrap(), d(2026, 2, 3));
    assert_eq!(parse_date_arg("last month", t).unwrap(), d(2026, 4, 1));
    assert_eq!(parse_date_arg("yesterday", t).unwrap(), d(2026, 5, 13));
    assert!(parse_date_arg("2026-02-30", t).is_err());
    assert_eq!(parse_end_date_arg("2026-02", t).unwrap(), d(2026, 2, 28));
    assert_eq!(parse_end_date_arg("2026", t).unwrap(), d(2026, 12, 31));
    assert_eq!(parse_end_date_arg("2026-02-03", t).unwrap(), d(2026, 2, 3));
    assert_eq!(parse_end_date_arg("last month", t).unwrap(), d(2026, 4, 30));
    assert_eq!(end_of_month(d(2024, 2, 10)), d(2024, 2, 29));
}

proptest! {
    /// Every day is read back as itself, whatever the separator, and as a one-day period.
    #[test]
    fn days_round_trip(days in 0i64..40_000, sep in prop::sample::select(vec!["-", "/", "."])) {
        let day = d(1990, 1, 1) + Duration::days(days);
        let text = day.format(&format!("%Y{sep}%m{sep}%d")).to_string();
        prop_assert_eq!(parse_date_arg(&text, today()).unwrap(), day);
        prop_assert_eq!(parse_period(&text, today()).unwrap(), p(day, day + Duration::days(1)));
    }

    /// A month period contains exactly that month's days; `last`/`this`/`next` month are
    /// consecutive and contain today's month in the middle.
    #[test]
    fn months_and_relative(days in 0i64..40_000) {
        let t = d(1990, 1, 1) + Duration::days(days);
        let month = parse_period(&t.format("%Y-%m").to_string(), t).unwrap();
        prop_assert!(month.contains(t));
        prop_assert_eq!(month, parse_period("this month", t).unwrap());
        let last = parse_period("last month", t).unwrap();
        let next = parse_period("next month", t).unwrap();
        prop_assert_eq!(last.end, month.begin);
        prop_assert_eq!(month.end, next.begin);
        let week = parse_period("this week", t).unwrap();
        prop_assert!(week.contains(t));
        prop_assert_eq!(week.begin.unwrap().weekday(), Weekday::Mon);
    }

    /// Splitting covers the span without gaps, every piece is one interval long.
    #[test]
    fn split_covers(a in 0i64..5_000, len in 1i64..800, unit in 0usize..5, count in 1u32..4) {
        let unit = [Unit::Day, Unit::Week, Unit::Month, Unit::Quarter, Unit::Year][unit];
        let b = d(2000, 1, 1) + Duration::days(a);
        let e = b + Duration::days(len);
        let parts = Interval { unit, count }.split(b, e);
        prop_assert!(parts[0].0 <= b);
        prop_assert!(parts.last().unwrap().1 >= e);
        for w in parts.windows(2) {
            prop_assert_eq!(w[0].1, w[1].0);
        }
        for &(s, n) in &parts {
            prop_assert_eq!(unit.add(s, count as i32), Some(n));
        }
    }

    /// Nothing panics on arbitrary text.
    #[test]
    fn never_panics(text in "\\PC{0,30}") {
        let _ = parse_period_expr(&text, today());
        let _ = parse_date_arg(&text, today());
    }
}
