//! Cells as each format writes them. Money is formatted here and nowhere else: people see the
//! commodity's display style (`12,000.00`), CSV its data style (`12000.00`), JSON an exact
//! quantity string with its commodity (`{"quantity": "12000.00", "commodity": "USD"}`).

use arledger_journal::format::{number, place_named, Grouping};
use arledger_journal::AmountStyle;
use arledger_report::table::{Column, Money, Value};
use rust_decimal::Decimal;
use serde_json::json;

/// An amount for people: digit groups, decimal mark and precision of the commodity's display
/// style; the symbol placed as the style says when `symbol`.
pub fn money_shown(m: &Money, symbol: bool) -> String {
    with_symbol(m, &m.style.display, Grouping::Styled, symbol)
}

/// An amount for CSV: no digit groups; the symbol when `symbol`.
pub fn money_data(m: &Money, symbol: bool) -> String {
    with_symbol(m, &m.style.data, Grouping::Plain, symbol)
}

/// The exact quantity for JSON: the data style's precision, `.` as the mark, no groups.
pub fn quantity(m: &Money) -> String {
    let style = AmountStyle {
        decimal_mark: '.',
        group: None,
        ..m.style.data
    };
    number(m.quantity, &style, Grouping::Plain)
}

fn with_symbol(m: &Money, style: &AmountStyle, grouping: Grouping, symbol: bool) -> String {
    let num = number(m.quantity, style, grouping);
    if symbol {
        place_named(&m.commodity, style, num)
    } else {
        num
    }
}

/// A decimal that is not money, as it is (its own decimals).
fn decimal(d: Decimal) -> String {
    d.to_string()
}

/// A cell for people, one string per line (several amounts take a line each).
pub fn shown(v: &Value, column: &Column) -> Vec<String> {
    match v {
        Value::Money(m) => vec![money_shown(m, column.symbol)],
        Value::Amounts(list) if list.is_empty() => vec!["0".into()],
        Value::Amounts(list) => list.iter().map(|m| money_shown(m, column.symbol)).collect(),
        other => vec![plain(other)],
    }
}

/// A cell for CSV (several amounts joined by `, `, as hledger does).
pub fn data(v: &Value, column: &Column) -> String {
    match v {
        Value::Money(m) => money_data(m, column.symbol),
        Value::Amounts(list) if list.is_empty() => "0".into(),
        Value::Amounts(list) => list
            .iter()
            .map(|m| money_data(m, column.symbol))
            .collect::<Vec<_>>()
            .join(", "),
        other => plain(other),
    }
}

/// The cells that are written alike everywhere.
fn plain(v: &Value) -> String {
    match v {
        Value::Empty => String::new(),
        Value::Text(s) => s.clone(),
        Value::Int(n) => n.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        Value::Percent(d) | Value::Number(d) => decimal(*d),
        Value::Money(m) => money_shown(m, true),
        Value::Amounts(list) => list
            .iter()
            .map(|m| money_shown(m, true))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A fact's value for people: amounts with their symbol.
pub fn fact(v: &Value) -> String {
    plain(v)
}

/// An amount in JSON.
pub fn money_json(m: &Money) -> serde_json::Value {
    json!({"quantity": quantity(m), "commodity": m.commodity})
}

/// A cell in JSON: typed. Percentages and other decimals are JSON numbers; the reports round
/// them to one decimal, well inside what a double holds exactly.
pub fn json(v: &Value) -> serde_json::Value {
    match v {
        Value::Empty => serde_json::Value::Null,
        Value::Text(s) => json!(s),
        Value::Money(m) => money_json(m),
        Value::Amounts(list) => list.iter().map(money_json).collect(),
        Value::Int(n) => json!(n),
        Value::Date(d) => json!(d.to_string()),
        Value::Bool(b) => json!(b),
        Value::Percent(d) | Value::Number(d) => d
            .to_string()
            .parse::<serde_json::Number>()
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arledger_journal::Side;
    use arledger_report::table::MoneyStyle;

    fn usd(q: &str) -> Money {
        let display = AmountStyle {
            side: Side::Right,
            spaced: true,
            precision: 2,
            decimal_mark: '.',
            group: Some(','),
        };
        Money {
            quantity: Decimal::from_str_exact(q).unwrap(),
            commodity: "USD".into(),
            style: MoneyStyle {
                display,
                data: AmountStyle {
                    group: None,
                    ..display
                },
            },
        }
    }

    #[test]
    fn money_is_grouped_for_people_plain_for_programs_and_exact_in_json() {
        let m = usd("12000");
        assert_eq!(money_shown(&m, false), "12,000.00");
        assert_eq!(money_shown(&m, true), "12,000.00 USD");
        assert_eq!(money_data(&m, false), "12000.00");
        assert_eq!(
            money_json(&m),
            json!({"quantity": "12000.00", "commodity": "USD"})
        );
        // No digit is ever hidden, and never `-0.00`.
        assert_eq!(money_shown(&usd("-0.125"), false), "-0.125");
        assert_eq!(money_data(&usd("-0.00"), false), "0.00");
    }

    #[test]
    fn cells_are_typed_in_json() {
        assert_eq!(json(&Value::Int(-9)), json!(-9));
        assert_eq!(json(&Value::Bool(false)), json!(false));
        assert_eq!(json(&Value::Empty), serde_json::Value::Null);
        let pct = Value::Percent(Decimal::from_str_exact("80.0").unwrap());
        assert_eq!(json(&pct).to_string(), "80.0");
        assert_eq!(
            json(&Value::Date(
                chrono::NaiveDate::from_ymd_opt(2026, 1, 31).unwrap()
            )),
            json!("2026-01-31")
        );
    }
}
