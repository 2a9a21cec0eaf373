//! The journal parser: an entry's text → its syntax.
//!
//! The reader ([`crate::load`]) splits the input into *entries*: a line starting in column 0
//! plus the indented lines that follow it. Each entry is parsed on its own (nom for the line
//! grammar; amounts, which every posting has, by hand in [`amount`]) into syntax — offsets,
//! raw amounts, posting lines, headers — which the lowering ([`crate::lower`]) turns into model objects right away; an entry with an error is reported
//! and skipped, so every broken entry of a file is reported in one run.

pub mod amount;
mod blank;
pub mod date;
pub(crate) mod directive;
mod lines;
pub mod tags;
pub(crate) mod transaction;

use nom::error::{ErrorKind, ParseError};
use nom::IResult;

pub use lines::{Line, Lines};

/// A parse failure inside one line: where (the remaining input) and what was expected there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PErr<'a> {
    /// The input at the point of failure.
    pub input: &'a str,
    /// A description of what would have been valid there.
    pub expected: &'static str,
}

impl<'a> ParseError<&'a str> for PErr<'a> {
    fn from_error_kind(input: &'a str, _kind: ErrorKind) -> Self {
        PErr {
            input,
            expected: "valid journal syntax",
        }
    }

    fn append(_input: &'a str, _kind: ErrorKind, other: Self) -> Self {
        other
    }
}

/// The result type of the line-level parsers.
pub type PResult<'a, T> = IResult<&'a str, T, PErr<'a>>;

/// A recoverable parse error expecting `expected` at `input`.
pub fn fail<'a>(input: &'a str, expected: &'static str) -> nom::Err<PErr<'a>> {
    nom::Err::Error(PErr { input, expected })
}

/// Byte offset of `part` (a subslice of `whole`) within `whole`.
pub fn offset_in(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .saturating_sub(whole.as_ptr() as usize)
        .min(whole.len())
}

pub(crate) use blank::account_end;
pub(crate) use directive::{parse_directive, parse_include, unsupported, Include};
pub(crate) use transaction::{parse_rule, parse_transaction};
