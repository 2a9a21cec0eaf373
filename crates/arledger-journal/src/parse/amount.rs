//! Amounts: `$-1,000.50`, `-$10`, `10 USD`, `"ACME 2" 3`, `1.000,50 EUR`, `1E3 X`.
//!
//! Parsing happens in two steps. [`raw_amount`] splits the text into sign, commodity symbol and
//! the number's raw text without interpreting separators; [`interpret_number`] then decides
//! which mark is the decimal mark (hledger's rules, or the commodity's declared mark) and
//! produces an exact [`Decimal`].

use nom::branch::alt;
use nom::bytes::complete::tag;
use nom::character::complete::space0;
use rust_decimal::Decimal;

use super::{fail, PResult};
use crate::model::Side;

/// An amount split into its parts, not yet interpreted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawAmount<'a> {
    /// The commodity symbol, without quotes (empty when there is none).
    pub commodity: &'a str,
    /// Whether a `-` sign was written (before or after a left symbol).
    pub negative: bool,
    /// The number's text: digits and `.`/`,`/space separators.
    pub number: &'a str,
    /// An `E`/`e` exponent, if written.
    pub exponent: i32,
    /// Where the symbol was written.
    pub side: Side,
    /// Whether a space separated symbol and number.
    pub spaced: bool,
}

/// A number with its decimal mark decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Number {
    /// The exact value (unsigned; the sign is applied by the caller).
    pub value: Decimal,
    /// Digits after the decimal mark, as written.
    pub precision: u32,
    /// The decimal mark, if one was written.
    pub decimal_mark: Option<char>,
    /// The digit-group separator, if one was written.
    pub group: Option<char>,
}

/// Characters that can never be part of an unquoted commodity symbol.
const fn is_symbol_char(c: char) -> bool {
    !c.is_ascii_digit()
        && !c.is_whitespace()
        && !matches!(
            c,
            '-' | '+'
                | '.'
                | ','
                | ';'
                | ':'
                | '?'
                | '!'
                | '*'
                | '/'
                | '^'
                | '&'
                | '|'
                | '='
                | '<'
                | '>'
                | '{'
                | '}'
                | '['
                | ']'
                | '('
                | ')'
                | '@'
                | '"'
        )
}

/// [`is_symbol_char`] of each ASCII byte, looked up: every amount of a book reads its symbol
/// byte by byte.
const ASCII_SYMBOL: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = is_symbol_char(b as u8 as char);
        b += 1;
    }
    table
};

/// A commodity symbol: `"quoted symbol"` or a run of symbol characters.
///
/// This and the other pieces of [`raw_amount`] are written by hand rather than with nom's
/// combinators: every posting amount of a book goes through them (the grammar is the one the
/// nom version had; `tests::the_reader_matches_the_grammar` holds them together).
pub fn commodity(input: &str) -> PResult<'_, &str> {
    if let Some(quoted) = input.strip_prefix('"') {
        return match memchr::memchr2(b'"', b'\n', quoted.as_bytes()) {
            Some(end) if quoted.as_bytes()[end] == b'"' => Ok((&quoted[end + 1..], &quoted[..end])),
            _ => Err(fail(input, "a commodity symbol")),
        };
    }
    // ASCII symbols (`USD`, `$`) byte by byte; from the first other character on, by chars.
    let ascii = input
        .bytes()
        .take_while(|&b| ASCII_SYMBOL.get(usize::from(b)) == Some(&true))
        .count();
    let end = input[ascii..]
        .char_indices()
        .find(|&(_, c)| !is_symbol_char(c))
        .map_or(input.len(), |(i, _)| ascii + i);
    match end {
        0 => Err(fail(input, "a commodity symbol")),
        _ => Ok((&input[end..], &input[..end])),
    }
}

/// An optional `-` or `+`; whether it was `-`.
fn sign(input: &str) -> (&str, bool) {
    match input.as_bytes().first() {
        Some(b'-') => (&input[1..], true),
        Some(b'+') => (&input[1..], false),
        _ => (input, false),
    }
}

/// Spaces and tabs: the rest, and whether there were any.
fn blanks(input: &str) -> (&str, bool) {
    let rest = input.trim_start_matches([' ', '\t']);
    (rest, rest.len() != input.len())
}

/// The raw text of a number: starts with a digit (or a mark followed by a digit), continues
/// with digits, `.`, `,` and single spaces between digits.
pub fn number_text(input: &str) -> PResult<'_, &str> {
    let bytes = input.as_bytes();
    let first_ok = match bytes.first() {
        Some(b) if b.is_ascii_digit() => true,
        Some(b'.' | b',') => bytes.get(1).is_some_and(|b| b.is_ascii_digit()),
        _ => false,
    };
    if !first_ok {
        return Err(fail(input, "a number"));
    }
    let mut end = 0;
    while end < bytes.len() {
        match bytes[end] {
            b'0'..=b'9' | b'.' | b',' => end += 1,
            // A space is a digit-group separator only between digits.
            b' ' if end > 0
                && bytes[end - 1].is_ascii_digit()
                && bytes.get(end + 1).is_some_and(|b| b.is_ascii_digit()) =>
            {
                end += 1
            }
            _ => break,
        }
    }
    Ok((&input[end..], &input[..end]))
}

/// An `E`/`e` exponent (`1E3`, `5e-2`), 0 when there is none.
fn exponent(input: &str) -> PResult<'_, i32> {
    let b = input.as_bytes();
    if !matches!(b.first(), Some(b'e' | b'E')) {
        return Ok((input, 0));
    }
    let signed = usize::from(matches!(b.get(1), Some(b'+' | b'-')));
    let digits = b[1 + signed..]
        .iter()
        .take_while(|d| d.is_ascii_digit())
        .count();
    if digits == 0 {
        return Ok((input, 0));
    }
    let end = 1 + signed + digits;
    match input[1..end].parse::<i32>() {
        Ok(v) if v.unsigned_abs() <= 28 => Ok((&input[end..], v)),
        _ => Err(fail(input, "an exponent between -28 and 28")),
    }
}

/// An amount: sign, symbol and number in any of the ledger/hledger layouts.
pub fn raw_amount(input: &str) -> PResult<'_, RawAmount<'_>> {
    let (rest, neg1) = sign(input);
    let (rest, _) = blanks(rest);
    // Left symbol?
    if let Ok((after_sym, sym)) = commodity(rest) {
        let (after_space, spaced) = blanks(after_sym);
        let (after_sign, neg2) = sign(after_space);
        // ledger accepts a space between a sign and the number: `$- 20`.
        let after_sign = if neg2 {
            after_sign.trim_start_matches(' ')
        } else {
            after_sign
        };
        let (after_num, number) = number_text(after_sign)?;
        let (after_exp, exp) = exponent(after_num)?;
        return Ok((
            after_exp,
            RawAmount {
                commodity: sym,
                negative: neg1 ^ neg2,
                number,
                exponent: exp,
                side: Side::Left,
                spaced,
            },
        ));
    }
    let (rest, number) = number_text(rest)?;
    let (rest, exp) = exponent(rest)?;
    let (after_space, spaced) = blanks(rest);
    let right = |commodity, rest, spaced| {
        Ok((
            rest,
            RawAmount {
                commodity,
                negative: neg1,
                number,
                exponent: exp,
                side: Side::Right,
                spaced,
            },
        ))
    };
    match commodity(after_space) {
        Ok((after_sym, sym)) => right(sym, after_sym, spaced),
        Err(_) => right("", rest, false),
    }
}

/// Why a number's text could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// Separators in an order no number can have (`1.2.3,4,5`).
    Malformed,
    /// More digits than exact decimal arithmetic can hold (28 significant digits).
    TooLarge,
    /// A digit group after a digit-group mark (the one given) that is not three digits long
    /// (`1,2345.00`, or `1728,00` where `,` groups digits): most likely a decimal mark written
    /// as the other one, which would make the amount 100 or 1000 times too large.
    Grouping(char),
}

/// Decides the decimal mark of a raw number and computes its exact value.
///
/// With `mark` given (from a `decimal-mark` directive or the commodity's declared style), that
/// character is the decimal mark. Otherwise, as hledger does: if two kinds of mark appear, the
/// last one is the decimal mark; a kind appearing more than once is digit grouping; a single
/// `.` or `,` is a decimal mark; spaces are always grouping.
pub fn interpret_number(
    text: &str,
    exponent: i32,
    mark: Option<char>,
) -> Result<Number, NumberError> {
    interpret(text, exponent, mark, false)
}

/// Like [`interpret_number`], but a number with more than 28 significant digits after the
/// decimal mark is rounded (half to even) instead of refused.
pub fn interpret_number_rounded(
    text: &str,
    exponent: i32,
    mark: Option<char>,
) -> Result<Number, NumberError> {
    interpret(text, exponent, mark, true)
}

fn interpret(
    text: &str,
    exponent: i32,
    mark: Option<char>,
    round: bool,
) -> Result<Number, NumberError> {
    let bytes = text.as_bytes();
    let Digits {
        mut mantissa,
        digits,
        precision,
        decimal,
        group,
    } = match plain_digits(bytes, mark) {
        Some(d) => d,
        None => digits_of(bytes, mark)?,
    };
    if digits > 28 {
        return if round && exponent == 0 {
            rounded(bytes, decimal, group)
        } else {
            Err(NumberError::TooLarge)
        };
    }
    let mut scale = precision as i64 - i64::from(exponent);
    while scale < 0 {
        mantissa = mantissa.checked_mul(10).ok_or(NumberError::TooLarge)?;
        scale += 1;
    }
    if scale > 28 {
        return Err(NumberError::TooLarge);
    }
    let value = Decimal::try_from_i128_with_scale(mantissa as i128, scale as u32)
        .map_err(|_| NumberError::TooLarge)?;
    Ok(Number {
        value,
        precision: scale as u32,
        decimal_mark: decimal.map(char::from),
        group: group.map(char::from),
    })
}

/// The digits of a number's text and its marks, as [`digits_of`] reads them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Digits {
    /// The digits as an integer (up to 29 significant digits; more are only counted).
    mantissa: u128,
    /// Significant digits.
    digits: u32,
    /// Digits after the decimal mark.
    precision: u32,
    decimal: Option<u8>,
    group: Option<u8>,
}

/// The common case read in one pass: at most 19 digits with at most one `.`, where `.` is the
/// decimal mark (hledger's rules or a declared `.`). `None` for anything else, which
/// [`digits_of`] reads with the same result (`tests::plain_numbers_read_as_any_number`).
fn plain_digits(bytes: &[u8], mark: Option<char>) -> Option<Digits> {
    if bytes.len() > 19 || !matches!(mark, None | Some('.')) {
        return None;
    }
    let (mut mantissa, mut dot) = (0u64, None);
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'0'..=b'9' => mantissa = mantissa * 10 + u64::from(b - b'0'),
            b'.' if dot.is_none() => dot = Some(i),
            _ => return None,
        }
    }
    let precision = dot.map_or(0, |i| bytes.len() - i - 1) as u32;
    let written = bytes.len() as u32 - u32::from(dot.is_some());
    let leading = bytes
        .iter()
        .take_while(|&&b| b == b'0' || b == b'.')
        .filter(|&&b| b == b'0')
        .count() as u32;
    Some(Digits {
        mantissa: u128::from(mantissa),
        digits: written - leading,
        precision,
        decimal: dot.map(|_| b'.'),
        group: None,
    })
}

/// The digits and marks of any number's text: which mark is the decimal mark (see
/// [`interpret_number`]), and whether digit groups are well formed.
fn digits_of(bytes: &[u8], mark: Option<char>) -> Result<Digits, NumberError> {
    let mut last_mark: Option<(usize, u8)> = None;
    let (mut dots, mut commas) = (0usize, 0usize);
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'.' => {
                dots += 1;
                last_mark = Some((i, b));
            }
            b',' => {
                commas += 1;
                last_mark = Some((i, b));
            }
            _ => {}
        }
    }
    let decimal: Option<u8> = match mark {
        Some(m) => {
            let m = m as u8;
            let count = if m == b'.' { dots } else { commas };
            match count {
                0 => None,
                1 => Some(m),
                _ => return Err(NumberError::Malformed),
            }
        }
        None => match (dots, commas) {
            (0, 0) => None,
            (_, 0) if dots > 1 => None,
            (0, _) if commas > 1 => None,
            (_, 0) | (0, _) => last_mark.map(|(_, b)| b),
            _ => {
                let (_, b) = last_mark.expect("marks were counted");
                let count = if b == b'.' { dots } else { commas };
                if count > 1 {
                    return Err(NumberError::Malformed);
                }
                Some(b)
            }
        },
    };
    let mut group: Option<u8> = None;
    let mut mantissa: u128 = 0;
    let mut digits = 0u32;
    let mut precision = 0u32;
    let mut after_mark = false;
    // Digits since the last group mark, while one has been seen before the decimal mark.
    let mut group_run: Option<u32> = None;
    // Two marks in a row (`10..5`, `1,,000`) are no number (hledger and ledger agree).
    if bytes
        .windows(2)
        .any(|w| matches!(w[0], b'.' | b',' | b' ') && matches!(w[1], b'.' | b',' | b' '))
    {
        return Err(NumberError::Malformed);
    }
    for &b in bytes {
        match b {
            b'0'..=b'9' => {
                // Past 28 significant digits the value is not needed any more (the number is
                // refused or rounded below), only the check of the rest of its marks.
                if digits <= 28 {
                    mantissa = mantissa * 10 + u128::from(b - b'0');
                }
                if mantissa != 0 {
                    digits += 1;
                }
                if after_mark {
                    precision += 1;
                }
                if let Some(run) = &mut group_run {
                    *run += 1;
                }
            }
            b if Some(b) == decimal => {
                if let (Some(g), Some(run)) = (group, group_run.take()) {
                    if run != 3 {
                        return Err(NumberError::Grouping(char::from(g)));
                    }
                }
                after_mark = true;
            }
            b => {
                if after_mark || group.is_some_and(|g| g != b) {
                    return Err(NumberError::Malformed);
                }
                if group_run.replace(0).is_some_and(|run| run != 3) {
                    return Err(NumberError::Grouping(char::from(b)));
                }
                group = Some(b);
            }
        }
    }
    if let (Some(g), Some(run)) = (group, group_run) {
        if run != 3 {
            return Err(NumberError::Grouping(char::from(g)));
        }
    }
    Ok(Digits {
        mantissa,
        digits,
        precision,
        decimal,
        group,
    })
}

/// The value of a number's digits with the decimal mark `decimal`, rounded half to even to
/// what a `Decimal` holds.
fn rounded(bytes: &[u8], decimal: Option<u8>, group: Option<u8>) -> Result<Number, NumberError> {
    let plain: String = bytes
        .iter()
        .filter_map(|&b| match b {
            b'0'..=b'9' => Some(char::from(b)),
            b if Some(b) == decimal => Some('.'),
            _ => None,
        })
        .collect();
    let value =
        <Decimal as std::str::FromStr>::from_str(&plain).map_err(|_| NumberError::TooLarge)?;
    Ok(Number {
        value,
        precision: value.scale(),
        decimal_mark: decimal.map(char::from),
        group: group.map(char::from),
    })
}

/// `@` or `@@` followed by spaces; returns whether it is a total cost.
pub fn cost_marker(input: &str) -> PResult<'_, bool> {
    let (rest, total) = alt((tag("@@"), tag("@")))(input)?;
    let (rest, _) = space0(rest)?;
    Ok((rest, total == "@@"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn raw(s: &str) -> RawAmount<'_> {
        raw_amount(s).expect("parses").1
    }

    fn num(s: &str) -> Number {
        interpret_number(s, 0, None).expect("number")
    }

    #[test]
    fn layouts() {
        let a = raw("$-10.50");
        assert_eq!(
            (a.commodity, a.negative, a.number, a.side, a.spaced),
            ("$", true, "10.50", Side::Left, false)
        );
        let a = raw("-$10");
        assert_eq!((a.commodity, a.negative, a.number), ("$", true, "10"));
        let a = raw("10 USD");
        assert_eq!(
            (a.commodity, a.negative, a.side, a.spaced),
            ("USD", false, Side::Right, true)
        );
        let a = raw("10USD");
        assert_eq!((a.commodity, a.spaced), ("USD", false));
        let a = raw("\"ACME 2\" 3");
        assert_eq!((a.commodity, a.number, a.side), ("ACME 2", "3", Side::Left));
        let a = raw("3 \"ACME 2\"");
        assert_eq!((a.commodity, a.side), ("ACME 2", Side::Right));
        let a = raw("-5");
        assert_eq!((a.commodity, a.negative, a.number), ("", true, "5"));
        let a = raw("€ 1 000,50");
        assert_eq!((a.commodity, a.number, a.spaced), ("€", "1 000,50", true));
        let a = raw("+3 X");
        assert!(!a.negative);
    }

    #[test]
    fn rest_is_left() {
        let (rest, a) = raw_amount("10 USD @ $2").unwrap();
        assert_eq!(a.commodity, "USD");
        assert_eq!(rest, " @ $2");
        let (rest, _) = raw_amount("$5  ; note").unwrap();
        assert_eq!(rest, "  ; note");
    }

    #[test]
    fn not_an_amount() {
        assert!(raw_amount("abc").is_err() || raw("abc 1").number == "1");
        assert!(raw_amount("").is_err());
        assert!(raw_amount("$").is_err());
    }

    /// The amount grammar as nom combinators: what the hand-written reader must accept.
    mod grammar {
        use super::super::{exponent, is_symbol_char, number_text, RawAmount};
        use crate::model::Side;
        use crate::parse::PResult;
        use nom::branch::alt;
        use nom::bytes::complete::{take_while, take_while1};
        use nom::character::complete::{char, one_of, space0};
        use nom::combinator::opt;
        use nom::sequence::delimited;

        fn commodity(input: &str) -> PResult<'_, &str> {
            alt((
                delimited(char('"'), take_while(|c| c != '"' && c != '\n'), char('"')),
                take_while1(is_symbol_char),
            ))(input)
        }

        fn sign(input: &str) -> PResult<'_, bool> {
            let (rest, s) = opt(one_of("-+"))(input)?;
            Ok((rest, s == Some('-')))
        }

        pub fn raw_amount(input: &str) -> PResult<'_, RawAmount<'_>> {
            let (rest, neg1) = sign(input)?;
            let (rest, _) = space0(rest)?;
            if let Ok((after_sym, sym)) = commodity(rest) {
                let (after_space, spaces) = space0(after_sym)?;
                let (after_sign, neg2) = sign(after_space)?;
                let after_sign = match neg2 {
                    true => after_sign.trim_start_matches(' '),
                    false => after_sign,
                };
                let (after_num, number) = number_text(after_sign)?;
                let (after_exp, exp) = exponent(after_num)?;
                let a = RawAmount {
                    commodity: sym,
                    negative: neg1 ^ neg2,
                    number,
                    exponent: exp,
                    side: Side::Left,
                    spaced: !spaces.is_empty(),
                };
                return Ok((after_exp, a));
            }
            let (rest, number) = number_text(rest)?;
            let (rest, exp) = exponent(rest)?;
            let (after_space, spaces) = space0(rest)?;
            let (rest, commodity, spaced) = match commodity(after_space) {
                Ok((after_sym, sym)) => (after_sym, sym, !spaces.is_empty()),
                Err(_) => (rest, "", false),
            };
            let a = RawAmount {
                commodity,
                negative: neg1,
                number,
                exponent: exp,
                side: Side::Right,
                spaced,
            };
            Ok((rest, a))
        }
    }

    proptest::proptest! {
        /// The hand-written amount reader reads what the grammar reads, and fails where it
        /// fails, on text made of the characters amounts are written with.
        #[test]
        fn the_reader_matches_the_grammar(s in "[-+0-9., \t$€\"USDeE@;:\n(x]{0,14}") {
            let ours = raw_amount(&s).ok();
            let grammar = grammar::raw_amount(&s).ok();
            proptest::prop_assert_eq!(ours, grammar);
        }

        /// The one-pass reading of plain numbers agrees with the general one.
        #[test]
        fn plain_numbers_read_as_any_number(
            s in "[0-9.,]{0,22}",
            mark in proptest::option::of(proptest::sample::select(vec!['.', ','])),
        ) {
            if let Some(plain) = plain_digits(s.as_bytes(), mark) {
                proptest::prop_assert_eq!(Ok(plain), digits_of(s.as_bytes(), mark));
            }
        }
    }

    #[test]
    fn decimal_marks_follow_hledger() {
        assert_eq!(num("1,000.50").value, dec("1000.50"));
        assert_eq!(num("1.000,50").value, dec("1000.50"));
        assert_eq!(num("1.000,50").decimal_mark, Some(','));
        assert_eq!(num("1,000,000").value, dec("1000000"));
        assert_eq!(num("1,5").value, dec("1.5"));
        assert_eq!(num("1,000").value, dec("1.000"));
        assert_eq!(num("1 000").value, dec("1000"));
        assert_eq!(num(".5").value, dec("0.5"));
        assert_eq!(num("10.").precision, 0);
        assert_eq!(num("10.25").precision, 2);
        assert_eq!(
            interpret_number("1,000", 0, Some('.')).unwrap().value,
            dec("1000")
        );
        assert_eq!(
            interpret_number("1.000", 0, Some(',')).unwrap().value,
            dec("1000")
        );
        assert_eq!(interpret_number("1.5", 3, None).unwrap().value, dec("1500"));
        assert_eq!(interpret_number("15", -1, None).unwrap().value, dec("1.5"));
    }

    /// A digit group after a grouping mark has three digits: otherwise the mark was most
    /// likely meant as the decimal mark, and the amount would be 100 times too large.
    #[test]
    fn digit_groups_have_three_digits() {
        let group = |s: &str, mark: Option<char>| interpret_number(s, 0, mark);
        assert_eq!(group("1728,00", Some('.')), Err(NumberError::Grouping(',')));
        assert_eq!(group("164,30", Some('.')), Err(NumberError::Grouping(',')));
        assert_eq!(group("1,5", Some('.')), Err(NumberError::Grouping(',')));
        assert_eq!(group("1728.00", Some(',')), Err(NumberError::Grouping('.')));
        assert_eq!(group("1,2345.00", None), Err(NumberError::Grouping(',')));
        assert_eq!(group("1,00,000.00", None), Err(NumberError::Grouping(',')));
        assert_eq!(group("1,000,00", None), Err(NumberError::Grouping(',')));
        assert_eq!(group("1.000.00", None), Err(NumberError::Grouping('.')));
        assert_eq!(group("10 5", None), Err(NumberError::Grouping(' ')));
        assert_eq!(
            interpret_number_rounded("1,00000000000000000000000000000.5", 0, None),
            Err(NumberError::Grouping(','))
        );
        // Groups of three, and a first group of any length, are fine.
        assert_eq!(group("1,728.00", None).unwrap().value, dec("1728"));
        assert_eq!(group("1234,567.00", None).unwrap().value, dec("1234567"));
        assert_eq!(group("1 000 000,5", None).unwrap().value, dec("1000000.5"));
        assert_eq!(group("1,000", Some('.')).unwrap().value, dec("1000"));
        // A single mark with the hledger rules is a decimal mark, whatever follows it.
        assert_eq!(group("1728,00", None).unwrap().value, dec("1728"));
    }

    #[test]
    fn malformed_and_too_large() {
        assert_eq!(
            interpret_number("1.2.3,4,5", 0, None),
            Err(NumberError::Malformed)
        );
        assert_eq!(
            interpret_number("1,000.5,5", 0, None),
            Err(NumberError::Malformed)
        );
        assert_eq!(
            interpret_number("1234567890123456789012345678901234567890", 0, None),
            Err(NumberError::TooLarge)
        );
        assert!(interpret_number("0.0000000000000000000000000001", 0, None).is_ok());
        let r = interpret_number_rounded("53.6599999999999999998612221219", 0, None).unwrap();
        assert_eq!(r.value.to_string(), "53.659999999999999999861222122");
        assert_eq!(
            interpret_number_rounded("1234567890123456789012345678901234567890", 0, None),
            Err(NumberError::TooLarge)
        );
    }
}
