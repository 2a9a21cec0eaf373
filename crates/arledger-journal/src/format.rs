//! Formatting amounts with their commodity's display style.

use crate::model::{Amount, AmountStyle, CommodityId, Journal, Side};
use rust_decimal::Decimal;

/// Whether digit groups are shown (`1,000.00`) or not (`1000.00`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grouping {
    /// As the commodity's style says (text reports).
    Styled,
    /// Never (CSV, JSON, `print`): output that programs and parsers read back.
    Plain,
}

/// Whether a commodity symbol must be quoted to be read back (`"ACME 2"`).
pub fn needs_quotes(sym: &str) -> bool {
    sym.chars()
        .any(|c| c.is_ascii_digit() || c.is_whitespace() || "-+.,;:?!*/^&|=<>{}[]()@\"".contains(c))
}

/// The symbol as written in output: quoted when necessary.
pub fn symbol(sym: &str) -> String {
    if needs_quotes(sym) {
        format!("\"{sym}\"")
    } else {
        sym.to_string()
    }
}

/// Formats a number with a style: at least the style's precision, more when the exact value
/// needs more digits, so that no digit is ever hidden.
pub fn number(q: Decimal, style: &AmountStyle, grouping: Grouping) -> String {
    let precision = style.precision.max(q.normalize().scale());
    let mut q = q;
    q.rescale(precision);
    let text = q.abs().to_string();
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut out = String::with_capacity(text.len() + 4);
    if q.is_sign_negative() && !q.is_zero() {
        out.push('-');
    }
    match (grouping, style.group) {
        (Grouping::Styled, Some(g)) => {
            for (i, c) in int.chars().enumerate() {
                if i > 0 && (int.len() - i) % 3 == 0 {
                    out.push(g);
                }
                out.push(c);
            }
        }
        _ => out.push_str(int),
    }
    if let Some(f) = frac {
        out.push(style.decimal_mark);
        out.push_str(f);
    }
    out
}

/// Formats an amount: number and symbol placed as the commodity's style says.
pub fn amount(j: &Journal, a: Amount, grouping: Grouping) -> String {
    let style = j.style(a.commodity);
    let num = number(a.quantity, &style, grouping);
    place(j, a.commodity, &style, num)
}

/// A formatted number with the commodity's symbol placed as `style` says.
pub fn place(j: &Journal, commodity: CommodityId, style: &AmountStyle, num: String) -> String {
    place_named(j.commodity_name(commodity), style, num)
}

/// A formatted number with the symbol `name` (none when empty) placed as `style` says.
pub fn place_named(name: &str, style: &AmountStyle, num: String) -> String {
    if name.is_empty() {
        return num;
    }
    let sym = symbol(name);
    let space = if style.spaced { " " } else { "" };
    match style.side {
        Side::Left => format!("{sym}{space}{num}"),
        Side::Right => format!("{num}{space}{sym}"),
    }
}

/// Formats several amounts (one per commodity) joined by `, `; `0` when there are none.
pub fn amounts(j: &Journal, list: &[Amount], grouping: Grouping) -> String {
    if list.is_empty() {
        return "0".to_string();
    }
    list.iter()
        .map(|a| amount(j, *a, grouping))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A plain decimal with the commodity's precision (no symbol, `.` mark, no grouping), for
/// machine-readable columns.
pub fn plain(j: &Journal, a: Amount) -> String {
    let style = AmountStyle {
        decimal_mark: '.',
        group: None,
        ..j.style(a.commodity)
    };
    number(a.quantity, &style, Grouping::Plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(precision: u32, mark: char, group: Option<char>) -> AmountStyle {
        AmountStyle {
            side: Side::Left,
            spaced: false,
            precision,
            decimal_mark: mark,
            group,
        }
    }

    #[test]
    fn numbers() {
        let d = |s: &str| Decimal::from_str_exact(s).unwrap();
        assert_eq!(
            number(d("1234.5"), &style(2, '.', Some(',')), Grouping::Styled),
            "1,234.50"
        );
        assert_eq!(
            number(d("-1234.5"), &style(2, '.', Some(',')), Grouping::Plain),
            "-1234.50"
        );
        assert_eq!(
            number(
                d("1234567.891"),
                &style(2, ',', Some('.')),
                Grouping::Styled
            ),
            "1.234.567,891"
        );
        assert_eq!(
            number(d("-0.00"), &style(2, '.', None), Grouping::Plain),
            "0.00"
        );
        assert_eq!(number(d("5"), &style(0, '.', None), Grouping::Plain), "5");
    }

    #[test]
    fn quoting() {
        assert!(needs_quotes("ACME 2"));
        assert!(!needs_quotes("USD"));
        assert!(!needs_quotes("€"));
        assert_eq!(symbol("AB 2"), "\"AB 2\"");
    }
}
