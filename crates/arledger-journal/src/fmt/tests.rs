use super::*;
use crate::{parse_str, SourceId};

/// Formats `text` with a small amount column (so that the expected texts stay short), checks
/// that it means the same and that formatting again changes nothing.
fn fmt(text: &str) -> String {
    let layout = Layout {
        amount_column: 20,
        indent: 4,
    };
    let before = parse_str(text);
    let out = format_source(&before, SourceId(0), &layout);
    let after = parse_str(&out);
    assert_eq!(meaning(&before), meaning(&after), "meaning changed:\n{out}");
    assert_eq!(
        format_source(&after, SourceId(0), &layout),
        out,
        "not idempotent"
    );
    out
}

#[test]
fn amounts_align_on_the_decimal_mark() {
    let out = fmt("2026-01-05 x\n  a  1,000.50 USD\n\tbb\t-1000.5 USD\n  c  $-0.00\n");
    assert_eq!(
        out,
        "2026-01-05 x\n    a         1,000.50 USD\n    bb        -1000.5 USD\n    c           $-0.00\n"
    );
}

#[test]
fn amounts_without_a_decimal_mark_end_before_the_column() {
    let out = fmt("2026-01-05 x\n  a  10 EUR\n  b  -1.000 EUR\n  c\n");
    // EUR's decimal mark is `.` here: `-1.000` has three decimals.
    assert_eq!(
        out,
        "2026-01-05 x\n    a            10 EUR\n    b            -1.000 EUR\n    c\n"
    );
    let out = fmt("commodity 1.000,00 EUR\n\n2026-01-05 x\n  a  1.000 EUR\n  b  -1.000,00 EUR\n");
    assert_eq!(
        out,
        "commodity 1.000,00 EUR\n\n2026-01-05 x\n    a         1.000 EUR\n    b        -1.000,00 EUR\n"
    );
}

#[test]
fn a_long_account_keeps_two_spaces() {
    let out = fmt("2026-01-05 x\n Assets:Receivable:Acme 10 USD  ; note\n Income  -10 USD\n");
    // One space after an account is part of its name: the first line has no amount.
    assert!(
        out.contains("    Assets:Receivable:Acme 10 USD  ; note\n"),
        "{out}"
    );
    let out = fmt("2026-01-05 x\n Assets:Receivable:Acme\t10 USD  ; note\n Income\n");
    assert!(
        out.contains("    Assets:Receivable:Acme  10 USD  ; note\n"),
        "{out}"
    );
}

#[test]
fn comments_are_indented_by_owner() {
    let out = fmt(
        "2026-01-05 * (INV-1) Acme  ; invoice: INV-1   \n\t; due: 2026-02-04\n  * a  1 USD\n ; invoice: INV-1\n\t\t\t; second\n  b\n",
    );
    assert_eq!(
        out,
        "2026-01-05 * (INV-1) Acme  ; invoice: INV-1\n    ; due: 2026-02-04\n    * a           1 USD\n        ; invoice: INV-1\n        ; second\n    b\n"
    );
}

#[test]
fn directives_comments_and_blocks_are_kept() {
    let text = "; top comment   \n# hash\n\ncomment\n   kept   as   is   \n  2026-01-01 x\nend comment\n\
account  Assets:Cash  ; type: C\n  ; note\n\t   format line?\n\ncommodity USD\n\tformat 1,000.00 USD\n\
include other.journal\n   \n\n\n2026-01-01 x\n  a  1 USD\n  b\n";
    let loaded = parse_str(text);
    let out = format_source(&loaded, SourceId(0), &Layout::default());
    assert!(out.starts_with(
        "; top comment\n# hash\n\ncomment\n   kept   as   is   \n  2026-01-01 x\nend comment\n"
    ));
    assert!(
        out.contains("\ncommodity USD\n    format 1,000.00 USD\n"),
        "{out}"
    );
    // The account directive has an error (an unknown sub-directive): kept as written.
    assert!(out.contains("account  Assets:Cash  ; type: C\n  ; note\n\t   format line?\n"));
    // Blank lines stay, emptied; the include (which cannot be read) stays.
    assert!(
        out.contains("include other.journal\n\n\n\n2026-01-01 x\n"),
        "{out}"
    );
}

#[test]
fn entries_with_errors_are_kept_as_written() {
    let text =
        "2026-01-05 x\n  a  1 USD\n  b  2 USD\n\n2026-01-06 y\n  a   1 USD\n  b\n\n  stray\n";
    let out = fmt(text);
    assert!(out.starts_with("2026-01-05 x\n  a  1 USD\n  b  2 USD\n\n2026-01-06 y\n    a"));
    assert!(out.ends_with("\n\n  stray\n"));
}

#[test]
fn line_endings_bom_and_the_last_line_break() {
    let out = fmt("\u{feff}2026-01-05 x\r\n  a  1 USD\r\n  b  \r\n");
    assert_eq!(
        out,
        "\u{feff}2026-01-05 x\r\n    a             1 USD\r\n    b\r\n"
    );
    assert_eq!(fmt("; no line break"), "; no line break\n");
    assert_eq!(fmt(""), "");
}

#[test]
fn rules_are_laid_out_like_transactions() {
    let out = fmt(
        "~ monthly  rent\n  expenses:rent  500 USD\n  assets\n\n= expenses:rent\n  (budget)  *-1\n",
    );
    assert_eq!(
        out,
        "~ monthly  rent\n    expenses:rent  500 USD\n    assets\n\n= expenses:rent\n    (budget)    *-1\n"
    );
}

#[test]
fn assertions_and_costs_stay_with_their_amount() {
    let out = fmt("2026-01-05 x\n  a  =5 USD\n  b  2 EUR @ 1.5 USD = 2 EUR\n  c\n");
    assert_eq!(
        out,
        "2026-01-05 x\n    a  =5 USD\n    b             2 EUR @ 1.5 USD = 2 EUR\n    c\n"
    );
}
