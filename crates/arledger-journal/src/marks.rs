//! Decimal marks and digit groups that make an amount's value doubtful (`E0107`).
//!
//! Numbers are read one by one (see [`crate::parse::amount::interpret_number`]), so
//! `1728,00 USD` is 172,800 where `,` groups digits and 1,728 where it is the decimal mark.
//! Two checks keep such an amount from being read silently the wrong way:
//!
//! - while reading, a digit group after a digit-group mark must have three digits
//!   (`1728,00` with `,` grouping, `1,2345.00`, `1,00,000`) — [`grouping_error`];
//! - once the journal is read, the amounts of a commodity must use `.` and `,` the way its
//!   declared or inferred style does: no amount may use the other mark as its decimal mark,
//!   nor the decimal mark to group digits — [`check_marks`].
//!
//! Each message says how the amount was read and suggests the likely intended amount.

use crate::diagnostic::{Code, Diagnostic};
use crate::format::{self, Grouping};
use crate::load::Context;
use crate::model::{AmountStyle, CommodityId, CommodityInfo, Journal};
use crate::source::Span;

/// The first amount of a commodity written with a mark used one way, and how many are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct MarkUse {
    /// The first such amount.
    amount: Span,
    /// Its number (inside `amount`).
    number: Span,
    /// How many amounts use the mark that way.
    count: u32,
}

/// How the amounts of one commodity use `.` and `,`: as decimal mark or as digit-group mark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct MarkUses {
    /// Amounts with a decimal mark: `.`, then `,`.
    decimal: [Option<MarkUse>; 2],
    /// Amounts with `.` or `,` grouping digits: `.`, then `,`.
    group: [Option<MarkUse>; 2],
}

/// The slot of a mark (`.` or `,`) in [`MarkUses`]; spaces are not recorded.
fn slot(mark: char) -> Option<usize> {
    match mark {
        '.' => Some(0),
        ',' => Some(1),
        _ => None,
    }
}

impl MarkUses {
    fn record(
        &mut self,
        decimal: Option<char>,
        group: Option<char>,
        spans: impl Fn() -> (Span, Span),
    ) {
        let uses = [
            (decimal.and_then(slot), &mut self.decimal),
            (group.and_then(slot), &mut self.group),
        ];
        for (slot, uses) in uses {
            let Some(i) = slot else { continue };
            let entry = &mut uses[i];
            match entry {
                Some(u) => u.count = u.count.saturating_add(1),
                None => {
                    let (amount, number) = spans();
                    *entry = Some(MarkUse {
                        amount,
                        number,
                        count: 1,
                    });
                }
            }
        }
    }

    fn shifted(mut self, by: i64) -> MarkUses {
        for u in self.decimal.iter_mut().chain(&mut self.group).flatten() {
            u.amount = u.amount.shifted(by);
            u.number = u.number.shifted(by);
        }
        self
    }

    fn merge(&mut self, later: &MarkUses) {
        let pairs = self
            .decimal
            .iter_mut()
            .zip(&later.decimal)
            .chain(self.group.iter_mut().zip(&later.group));
        for (mine, theirs) in pairs {
            match (mine.as_mut(), theirs) {
                (Some(m), Some(t)) => m.count = m.count.saturating_add(t.count),
                (None, Some(t)) => *mine = Some(*t),
                (_, None) => {}
            }
        }
    }
}

/// How the loader's amounts use `.` and `,`, per commodity: those that count for balances, and
/// those of `P` prices (which change no balance, so a contradiction there is only a warning).
///
/// Only first uses and counts are kept, so that the books of consecutive parts of a journal
/// (parallel chunks) merge into the book of the whole, whatever the chunks.
#[derive(Clone, Debug, Default)]
pub(crate) struct MarkBook {
    amounts: Vec<MarkUses>,
    prices: Vec<MarkUses>,
}

impl MarkBook {
    /// Records one amount read with these marks; `spans` gives its amount and number spans.
    pub(crate) fn record(
        &mut self,
        commodity: CommodityId,
        price: bool,
        decimal: Option<char>,
        group: Option<char>,
        spans: impl Fn() -> (Span, Span),
    ) {
        if decimal.and_then(slot).is_none() && group.and_then(slot).is_none() {
            return;
        }
        let list = if price {
            &mut self.prices
        } else {
            &mut self.amounts
        };
        if list.len() <= commodity.index() {
            list.resize(commodity.index() + 1, MarkUses::default());
        }
        list[commodity.index()].record(decimal, group, spans);
    }

    /// The same book for text moved `by` bytes (a parsed chunk reused where it is now).
    pub(crate) fn shifted(&self, by: i64) -> MarkBook {
        let moved = |list: &[MarkUses]| list.iter().map(|u| u.shifted(by)).collect();
        MarkBook {
            amounts: moved(&self.amounts),
            prices: moved(&self.prices),
        }
    }

    /// Adds the book of the next part of the journal, whose commodity ids `ids` maps to ours.
    pub(crate) fn merge(&mut self, later: &MarkBook, ids: &[CommodityId]) {
        for (mine, theirs) in [
            (&mut self.amounts, &later.amounts),
            (&mut self.prices, &later.prices),
        ] {
            for (local, uses) in theirs.iter().enumerate() {
                let id = ids[local].index();
                if mine.len() <= id {
                    mine.resize(id + 1, MarkUses::default());
                }
                mine[id].merge(uses);
            }
        }
    }
}

/// The other one of the two marks.
fn other(mark: char) -> char {
    if mark == '.' {
        ','
    } else {
        '.'
    }
}

/// `USD amounts`, or `amounts without a commodity`.
fn amounts_of(name: &str) -> String {
    if name.is_empty() {
        "amounts without a commodity".to_string()
    } else {
        format!("{name} amounts")
    }
}

fn is_mark(c: char) -> bool {
    matches!(c, '.' | ',' | ' ')
}

/// The numbers `number` was most likely meant to be, written with `decimal_mark` and no digit
/// groups: all marks grouping digits (when every group after a mark has three digits), and
/// the last mark as the decimal mark (when it is the only one of its kind, or nothing else
/// fits). `1728,00` gives `1728.00`; `1,000` gives `1000` and `1.000`; `1.000.000` gives
/// `1000000`.
pub(crate) fn readings(number: &str, decimal_mark: char) -> Vec<String> {
    let Some(last) = number.rfind(is_mark) else {
        return vec![number.to_string()];
    };
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let mut out = Vec::new();
    if number.split(is_mark).skip(1).all(|g| g.len() == 3) {
        out.push(digits(number));
    }
    let mark = &number[last..last + 1];
    if number.matches(mark).count() == 1 || out.is_empty() {
        let int = digits(&number[..last]);
        let int = if int.is_empty() { "0" } else { &int };
        out.push(format!("{int}{decimal_mark}{}", &number[last + 1..]));
    }
    out
}

/// `did you mean 1728.00 USD?`: the amount's text with each reading in place of its number.
fn did_you_mean(j: &Journal, amount: Span, number: Span, readings: &[String]) -> String {
    let text = j.text(amount);
    let inside =
        amount.source == number.source && amount.start <= number.start && number.end <= amount.end;
    let (before, after) = if inside {
        (
            &text[..(number.start - amount.start) as usize],
            &text[(number.end - amount.start) as usize..],
        )
    } else {
        ("", "")
    };
    let written: Vec<String> = readings
        .iter()
        .map(|r| format!("{before}{r}{after}"))
        .collect();
    format!("did you mean {}?", written.join(" or "))
}

/// The digits after the first digit-group mark `group` that are not a group of three.
fn bad_group(number: &str, group: char) -> &str {
    let mut after = number.split(group).skip(1);
    after
        .find_map(|g| {
            let run = &g[..g.find(|c: char| !c.is_ascii_digit()).unwrap_or(g.len())];
            (run.len() != 3).then_some(run)
        })
        .unwrap_or("")
}

/// The error for a number whose digit groups are not three digits long (`1728,00 USD` where
/// `,` groups digits). `mark` is the decimal mark the number was read with, if one was
/// given (declared for the commodity, or set by `decimal-mark`).
pub(crate) fn grouping_error(
    j: &Journal,
    commodity: CommodityId,
    amount: Span,
    number: Span,
    group: char,
    mark: Option<char>,
) -> Diagnostic {
    let info = &j.commodity_info[commodity.index()];
    let name = j.commodity_name(commodity);
    let text = j.text(number);
    let run = bad_group(text, group);
    let shown = |c: char| match c {
        ' ' => "a space".to_string(),
        c => format!("`{c}`"),
    };
    let why = match (group, mark) {
        (' ', _) => "spaces between digits group digits".to_string(),
        (g, Some(m)) if info.declared_mark == Some(m) => format!(
            "`{g}` groups digits here because the decimal mark of {} is declared as `{m}`",
            amounts_of(name)
        ),
        (g, Some(m)) => {
            format!("`{g}` groups digits here because a `decimal-mark {m}` directive is in force")
        }
        (g, None) if text.matches(g).count() > 1 => {
            format!("`{g}` groups digits here because it appears more than once")
        }
        (g, None) => format!(
            "`{g}` groups digits here because `{}` comes after it and is the decimal mark",
            other(g)
        ),
    };
    let decimal_mark = mark.unwrap_or_else(|| match group {
        ' ' => info.style().decimal_mark,
        g => other(g),
    });
    let message = match run {
        "" => format!("no digits after {} in `{text}`", shown(group)),
        run => format!(
            "the digits `{run}` after {} in `{text}` are not a group of three",
            shown(group)
        ),
    };
    let mut d = Diagnostic::error(Code::NumberStyle, amount, message)
        .expected("three digits after each digit-group mark")
        .note(why)
        .note(did_you_mean(
            j,
            amount,
            number,
            &readings(text, decimal_mark),
        ));
    if let (Some(span), Some(_)) = (info.declared, info.declared_mark.filter(|_| mark.is_some())) {
        d = d.label(span, "the style is declared here");
    }
    d
}

/// A `commodity` directive that declares the decimal mark `mark` for a commodity, with the
/// decimal places of `sample`, an amount that uses the mark (`commodity 1,000.00 USD`).
fn declaration(j: &Journal, commodity: CommodityId, mark: char, sample: &str) -> String {
    let places = sample.rsplit(mark).next().map_or(0, |s| {
        s.chars().take_while(char::is_ascii_digit).count() as u32
    });
    let style = AmountStyle {
        decimal_mark: mark,
        group: Some(other(mark)),
        precision: places,
        ..j.style(commodity)
    };
    let mut number = format::number(1000.into(), &style, Grouping::Styled);
    // `1,000 USD` would declare a decimal comma: `1,000. USD` declares no decimals.
    if style.precision == 0 {
        number.push(mark);
    }
    format!("commodity {}", format::place(j, commodity, &style, number))
}

/// Where a commodity's decimal mark comes from, for the label of a contradiction: the
/// declaration, or the first amount that uses it.
fn mark_origin(
    info: &CommodityInfo,
    uses: [Option<&MarkUses>; 2],
    mark: char,
) -> Option<(Span, &'static str)> {
    match info.declared_mark {
        Some(_) => info.declared.map(|s| (s, "the style is declared here")),
        None => {
            let d = slot(mark)?;
            uses.iter()
                .find_map(|u| u.and_then(|u| u.decimal[d]))
                .map(|u| {
                    (
                        u.amount,
                        "the decimal mark is inferred from amounts like this one",
                    )
                })
        }
    }
}

/// The decimal-mark stage of loading: [`check_marks`] with the marks lowering recorded.
pub(crate) fn stage(j: &mut Journal, cx: &mut Context, diags: &mut Vec<Diagnostic>) {
    diags.extend(check_marks(j, &cx.marks));
}

/// Reports, per commodity, the first amount that uses the other mark as its decimal mark and
/// the first that groups digits with the decimal mark, against the commodity's declared
/// decimal mark or, without one, the mark of its first amount written with one. Amounts of
/// `P` prices are reported apart, as warnings.
pub(crate) fn check_marks(j: &Journal, book: &MarkBook) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, info) in j.commodity_info.iter().enumerate() {
        let mark = match (info.declared_mark, &info.inferred_style) {
            (Some(m), _) => m,
            (None, Some(s)) if info.mark_seen => s.decimal_mark,
            _ => continue,
        };
        let (Some(d), Some(o)) = (slot(mark), slot(other(mark))) else {
            continue;
        };
        let uses = [book.amounts.get(i), book.prices.get(i)];
        let origin = mark_origin(info, uses, mark);
        let commodity = CommodityId::from(i);
        for (uses, price) in uses.into_iter().zip([false, true]) {
            let Some(uses) = uses else { continue };
            let decimal = uses.decimal[o];
            // `1.000,50` with `.` as the decimal mark: one message is enough.
            let group = uses.group[d].filter(|g| decimal.is_none_or(|u| u.amount != g.amount));
            for (u, as_decimal) in [(decimal, true), (group, false)] {
                if let Some(u) = u {
                    out.push(contradiction(
                        j, commodity, mark, u, as_decimal, price, origin,
                    ));
                }
            }
        }
    }
    out
}

/// The diagnostic for the first of `u.count` amounts of `commodity` that use the other mark
/// as decimal mark (`as_decimal`) or its decimal mark `mark` to group digits.
fn contradiction(
    j: &Journal,
    commodity: CommodityId,
    mark: char,
    u: MarkUse,
    as_decimal: bool,
    price: bool,
    origin: Option<(Span, &'static str)>,
) -> Diagnostic {
    let info = &j.commodity_info[commodity.index()];
    let name = j.commodity_name(commodity);
    let text = j.text(u.amount);
    let number = j.text(u.number);
    let (message, how) = if as_decimal {
        (
            format!(
                "`{text}` is read with `{}` as its decimal mark, but the decimal mark of {} is `{mark}`",
                other(mark),
                amounts_of(name)
            ),
            format!("`{}` as decimal mark", other(mark)),
        )
    } else {
        (
            format!(
                "`{text}` groups digits with `{mark}`, but `{mark}` is the decimal mark of {}",
                amounts_of(name)
            ),
            format!("`{mark}` to group digits"),
        )
    };
    let mut d = Diagnostic::error(Code::NumberStyle, u.amount, message)
        .expected(format!(
            "`{mark}` as the decimal mark, `{}` or a space to group digits",
            other(mark)
        ))
        .note(did_you_mean(j, u.amount, u.number, &readings(number, mark)));
    if u.count > 1 {
        let more = u.count - 1;
        let (noun, verb) = if more == 1 { ("", "s") } else { ("s", "") };
        let kind = if price { "price" } else { "amount" };
        d = d.note(format!(
            "{more} more {kind}{noun} of this commodity use{verb} {how}"
        ));
    }
    if let (None, Some((span, _))) = (info.declared_mark, origin) {
        d = d.note(format!(
            "the decimal mark of {} is not declared: `{}` declares it, and amounts like `1{}000` are then read with it",
            amounts_of(name),
            declaration(j, commodity, mark, j.text(span)),
            other(mark)
        ));
    }
    if let Some((span, label)) = origin {
        d = d.label(span, label);
    }
    if price {
        d.severity = crate::diagnostic::Severity::Warning;
        d = d.note("market prices do not affect balances; this `P` directive is not used");
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn likely_readings() {
        assert_eq!(readings("1728,00", '.'), ["1728.00"]);
        assert_eq!(readings("164,30", '.'), ["164.30"]);
        assert_eq!(readings("1,000", '.'), ["1000", "1.000"]);
        assert_eq!(readings("1.000.000", '.'), ["1000000"]);
        assert_eq!(readings("1,000,00", '.'), ["1000.00"]);
        assert_eq!(readings("1,2345.00", '.'), ["12345.00"]);
        assert_eq!(readings("1,00,000.00", '.'), ["100000.00"]);
        assert_eq!(readings("1.234,56", '.'), ["1234.56"]);
        assert_eq!(readings("1,000.50", ','), ["1000,50"]);
        assert_eq!(readings(",5", '.'), ["0.5"]);
        assert_eq!(readings("12", '.'), ["12"]);
    }

    #[test]
    fn bad_groups() {
        assert_eq!(bad_group("1728,00", ','), "00");
        assert_eq!(bad_group("1,000,00", ','), "00");
        assert_eq!(bad_group("1,2345.00", ','), "2345");
        assert_eq!(bad_group("10 5", ' '), "5");
    }
}
