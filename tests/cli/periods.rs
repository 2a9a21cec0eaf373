//! hledger's smart dates and period expressions in `-p`, `-b`, `-e`, `--date` and `date:`,
//! relative to `--today` (issue 15 item 8).

use crate::support::{arledger, ok};

const DEMO: &str = "journals/demo.journal";

/// The register lines of `checking` under the extra arguments, on 2026-05-09 (a Saturday).
fn reg(extra: &[&str]) -> String {
    let mut args = vec!["register", "-f", DEMO, "--today", "2026-05-09", "checking"];
    args.extend_from_slice(extra);
    ok(&args)
}

#[test]
fn relative_periods_equal_their_absolute_dates() {
    let same = [
        ("last month", "2026-04"),
        ("this year", "2026"),
        ("q1", "2026q1"),
        ("jan", "2026-01"),
        ("yesterday", "2026-05-08"),
        ("4", "2026-05-04"),
        ("5/8", "2026-05-08"),
        ("from jan to mar", "2026-01-01..2026-03-01"),
        ("2026-01 - 2026-03", "from 2026-01-01 to 2026-03-01"),
        ("202603", "2026-03"),
        ("2026W05", "from 2026-01-26 to 2026-02-02"),
    ];
    for (smart, plain) in same {
        let a = reg(&["-p", smart]);
        assert!(!a.is_empty(), "{smart}: nothing matched");
        assert_eq!(a, reg(&["-p", plain]), "-p {smart}");
        assert_eq!(a, reg(&[&format!("date:{smart}")]), "date:{smart}");
    }
    assert_eq!(
        reg(&["-b", "last month", "-e", "this month"]),
        reg(&["-p", "2026-04"])
    );
}

#[test]
fn date_options_read_relative_dates() {
    // `--date last month` is the last day of April.
    let a = ok(&[
        "aging",
        "-f",
        DEMO,
        "--today",
        "2026-05-14",
        "--date",
        "last month",
    ]);
    let b = ok(&["aging", "-f", DEMO, "--date", "2026-04-30"]);
    assert_eq!(a, b);
}

#[test]
fn bad_period_is_a_usage_error_with_a_caret() {
    let r = arledger(&["balance", "-f", DEMO, "-p", "from jan to soon"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("expected a date (2026-01-15")
            && r.stderr.contains("  from jan to soon\n              ^"),
        "{}",
        r.stderr
    );
}
