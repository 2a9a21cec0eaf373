//! Lowering: entries read by the parser become model objects. Names are interned (after
//! `apply account` prefixes and aliases), numbers interpreted with the decimal mark in force,
//! dates completed with the year in force, tags and posting dates read from comments, and
//! commodity styles inferred. The [`Lowerer`] holds the journal being built and the state that
//! directives change as the files are read in order; it never reads a file.

pub(crate) mod directive;
mod style;
pub(crate) mod transaction;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::balance::Balancing;
use crate::diagnostic::{Code, Diagnostic};
use crate::marks::MarkBook;
use crate::model::{Amount, AmountStyle, CommodityId, Journal, Notes, RowId, Tag};
use crate::parse::amount::{interpret_number, interpret_number_rounded, NumberError, RawAmount};
use crate::parse::date::parse_date;
use crate::parse::tags::{scan_tags, RawTag};
use crate::source::{SourceId, SourceMap, Span};

pub(crate) use style::{StyleStep, StyleTrace};

/// An account alias (`alias OLD = NEW` or `alias /REGEX/ = REPLACEMENT`).
#[derive(Clone, Debug)]
pub(crate) enum Alias {
    Plain { from: String, to: String },
    Regex { re: Regex, to: String },
}

impl Alias {
    fn apply(&self, name: &str) -> Option<String> {
        match self {
            Alias::Plain { from, to } => {
                let rest = name.strip_prefix(from.as_str())?;
                (rest.is_empty() || rest.starts_with(':')).then(|| format!("{to}{rest}"))
            }
            Alias::Regex { re, to } => re
                .is_match(name)
                .then(|| re.replace_all(name, to.as_str()).into_owned()),
        }
    }
}

/// Parser state changed by directives as the files are read in order.
#[derive(Clone, Debug)]
pub(crate) struct State {
    pub year: i32,
    pub decimal_mark: Option<char>,
    pub default_commodity: Option<CommodityId>,
    pub aliases: Vec<Alias>,
    pub parents: Vec<String>,
}

/// Lengths of the journal's vectors, to undo a partly parsed entry.
#[derive(Clone, Copy)]
pub(crate) struct Marks {
    postings: usize,
    tags: usize,
    extras: usize,
    notes: usize,
    transactions: usize,
}

/// What an amount is for: posting amounts and `P` prices set the commodity's display style;
/// costs may be rounded past 28 digits; assertions and lot prices are read exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AmountRole {
    Posting,
    Price,
    Cost,
    Exact,
}

/// Builds a journal from parsed entries, in file order. The parser modules lower their entries
/// through it; the reader ([`crate::load`]) owns one and hands it every entry but `include`s.
pub(crate) struct Lowerer {
    pub j: Journal,
    pub diags: Vec<Diagnostic>,
    pub state: State,
    /// What settling the transactions leaves for the balancing stage.
    pub balancing: Balancing,
    /// Whether a directive changed the parser state, so later chunks must be read again.
    pub(crate) state_changed: bool,
    /// Reused buffer for the tags of one comment.
    tag_buf: Vec<RawTag>,
    /// Number of tag names when the ids of `date`/`date2` were looked up, and those ids.
    date_tags: (
        usize,
        Option<crate::model::TagId>,
        Option<crate::model::TagId>,
    ),
    /// Whether to record [`StyleTrace`]s (a parallel worker's chunk is merged by replaying them).
    pub(crate) trace_styles: bool,
    /// For a parallel worker: per commodity, what its amounts did to the inferred style, to be
    /// replayed onto the style of the chunks before (see [`StyleTrace`]).
    pub(crate) style_traces: Vec<StyleTrace>,
    /// How amounts use `.` and `,`, for the check that each commodity uses them one way.
    pub(crate) marks: MarkBook,
}

impl Lowerer {
    /// An empty journal (with the empty commodity, id 0), yearless dates read in `today`'s year.
    pub(crate) fn new(today: NaiveDate) -> Lowerer {
        let mut j = Journal::default();
        // The empty commodity always exists: it is id 0.
        j.commodities.intern("");
        j.commodity_info.push(Default::default());
        Lowerer {
            j,
            diags: Vec::new(),
            state: State {
                year: today.year(),
                decimal_mark: None,
                default_commodity: None,
                aliases: Vec::new(),
                parents: Vec::new(),
            },
            balancing: Balancing::default(),
            state_changed: false,
            tag_buf: Vec::new(),
            date_tags: (usize::MAX, None, None),
            trace_styles: false,
            style_traces: Vec::new(),
            marks: MarkBook::default(),
        }
    }

    /// Where the entry being parsed started, to undo it on error.
    pub(crate) fn marks(&self) -> Marks {
        Marks {
            postings: self.j.postings.len(),
            tags: self.j.tags.len(),
            extras: self.j.extras.len(),
            notes: self.j.notes.len(),
            transactions: self.j.transactions.len(),
        }
    }

    /// Drops everything added since `m`.
    pub(crate) fn reset(&mut self, m: Marks) {
        self.j.postings.truncate(m.postings);
        self.j.tags.truncate(m.tags);
        self.j.extras.truncate(m.extras);
        self.j.notes.truncate(m.notes);
        self.j.transactions.truncate(m.transactions);
    }

    /// Interns an account name after `apply account` prefixes and aliases.
    pub(crate) fn account(&mut self, written: &str) -> crate::model::AccountId {
        let mut name: Option<String> = None;
        if let Some(parent) = self.state.parents.last() {
            name = Some(format!("{parent}:{written}"));
        }
        for alias in self.state.aliases.iter().rev() {
            if let Some(n) = alias.apply(name.as_deref().unwrap_or(written)) {
                name = Some(n);
            }
        }
        self.intern_account(name.as_deref().unwrap_or(written))
    }

    /// Interns a final account name (aliases and prefixes already applied).
    pub(crate) fn intern_account(&mut self, name: &str) -> crate::model::AccountId {
        let id = self.j.accounts.intern(name);
        if self.j.account_info.len() <= id.index() {
            self.j
                .account_info
                .resize(id.index() + 1, Default::default());
        }
        id
    }

    /// Interns a commodity symbol.
    pub(crate) fn commodity(&mut self, symbol: &str) -> CommodityId {
        let id = self.j.commodities.intern(symbol);
        if self.j.commodity_info.len() <= id.index() {
            self.j
                .commodity_info
                .resize(id.index() + 1, Default::default());
        }
        id
    }

    /// The amount zero without a commodity.
    pub(crate) fn zero(&self) -> Amount {
        Amount {
            quantity: rust_decimal::Decimal::ZERO,
            commodity: CommodityId(0),
        }
    }

    /// Interprets a raw amount; `infer` says whether it influences the commodity's style.
    pub(crate) fn amount(
        &mut self,
        raw: &RawAmount,
        span: Span,
        role: AmountRole,
    ) -> Result<Amount, Diagnostic> {
        let infer = matches!(role, AmountRole::Posting | AmountRole::Price);
        let commodity = match (raw.commodity.is_empty(), self.state.default_commodity) {
            (true, Some(d)) => d,
            _ => self.commodity(raw.commodity),
        };
        let info = &self.j.commodity_info[commodity.index()];
        let mark = info.declared_mark.or(self.state.decimal_mark);
        let n = match interpret_number(raw.number, raw.exponent, mark) {
            Ok(n) => n,
            Err(NumberError::Grouping(group)) => {
                return Err(crate::marks::grouping_error(
                    &self.j,
                    commodity,
                    amount_only(&self.j.sources, span),
                    number_span(&self.j.sources, span, raw.number),
                    group,
                    mark,
                ))
            }
            Err(NumberError::Malformed) => {
                return Err(Diagnostic::error(
                    Code::Amount,
                    number_span(&self.j.sources, span, raw.number),
                    format!("cannot read the number `{}`", raw.number),
                )
                .expected("a number like 1234.56, 1,234.56 or 1.234,56"))
            }
            Err(NumberError::TooLarge) => match (
                role,
                interpret_number_rounded(raw.number, raw.exponent, mark),
            ) {
                // A cost only serves the balance check, done at display precision: rounding its
                // 29th digit changes nothing there. Say so, and go on.
                (AmountRole::Cost, Ok(n)) => {
                    self.diags.push(
                        Diagnostic::warning(
                            Code::Amount,
                            span,
                            format!(
                                "the cost `{}` has more than 28 significant digits",
                                raw.number
                            ),
                        )
                        .note(format!(
                            "it is rounded to {} for the balance check",
                            n.value
                        )),
                    );
                    n
                }
                _ => {
                    return Err(Diagnostic::error(
                        Code::Amount,
                        span,
                        format!(
                            "the number `{}` has more than 28 significant digits",
                            raw.number
                        ),
                    )
                    .note("arledger keeps amounts exact and cannot represent this one")
                    .expected("an amount with at most 28 significant digits"))
                }
            },
        };
        let seen = &mut self.j.commodity_info[commodity.index()].decimals_seen;
        *seen = (*seen).max(n.precision);
        let sources = &self.j.sources;
        self.marks.record(
            commodity,
            role == AmountRole::Price,
            n.decimal_mark,
            n.group,
            || {
                let number = number_span(sources, span, raw.number);
                (amount_only(sources, span), number)
            },
        );
        if infer {
            let info = &mut self.j.commodity_info[commodity.index()];
            let default_mark = mark.unwrap_or('.');
            let s = info.inferred_style.get_or_insert(AmountStyle {
                side: raw.side,
                spaced: raw.spaced,
                precision: 0,
                decimal_mark: default_mark,
                group: None,
            });
            s.precision = s.precision.max(n.precision);
            let step = StyleStep {
                decimal_mark: n.decimal_mark,
                group: n.group,
            };
            step.apply(s, &mut info.mark_seen);
            if self.trace_styles {
                if self.style_traces.len() <= commodity.index() {
                    self.style_traces
                        .resize(commodity.index() + 1, StyleTrace::default());
                }
                self.style_traces[commodity.index()].record(default_mark, step);
            }
        }
        let quantity = if raw.negative { -n.value } else { n.value };
        Ok(Amount {
            quantity,
            commodity,
        })
    }

    /// Reads the tags of a comment (its text after `;`, starting at byte `at`). The comment
    /// itself is not stored: it is found in the text when asked for (`comments.rs`).
    pub(crate) fn read_tags(&mut self, sid: SourceId, at: usize, text: &str) {
        if memchr::memchr(b':', text.as_bytes()).is_none() {
            return;
        }
        let mut raw = std::mem::take(&mut self.tag_buf);
        raw.clear();
        scan_tags(text, &mut raw);
        for t in raw.drain(..) {
            let written = &text[t.name.clone()];
            let name = self.j.tag_names.intern(written);
            self.j.tags.push(Tag {
                name,
                value: Span::new(sid, at + t.value.start..at + t.value.end),
            });
        }
        self.tag_buf = raw;
    }

    /// Reads a comment of posting `i` (the last one added; its text after `;` starts at byte
    /// `at`): its tags join the posting's [`Notes`], and a posting date in brackets
    /// (`[2026-01-02]`, `[=2026-01-03]`) is the posting's.
    pub(crate) fn posting_comment(
        &mut self,
        i: usize,
        sid: SourceId,
        at: usize,
        text: &str,
    ) -> Result<(), Diagnostic> {
        let tags_start = self.j.tags.len() as u32;
        self.read_tags(sid, at, text);
        let tags_end = self.j.tags.len() as u32;
        if tags_end > tags_start {
            match self.j.postings[i].notes {
                // A posting's comments follow it, so its tags are one range.
                Some(n) => self.j.notes[n.index()].tags.end = tags_end,
                None => {
                    self.j.postings[i].notes = Some(RowId::new(self.j.notes.len()));
                    self.j.notes.push(Notes {
                        tags: tags_start..tags_end,
                    });
                }
            }
        }
        let Some(open) = memchr::memchr(b'[', text.as_bytes()) else {
            return Ok(());
        };
        let Some(close) = text[open..].find(']') else {
            return Ok(());
        };
        let inner = &text[open + 1..open + close];
        // Only a bracket holding dates is a posting date; `[see email]` is comment text.
        let date_like = |s: &str| {
            s.bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'/' | b'.' | b'='))
        };
        if inner.is_empty() || !date_like(inner) {
            return Ok(());
        }
        let (d1, d2) = match inner.split_once('=') {
            Some((a, b)) => (a, Some(b)),
            None => (inner, None),
        };
        let year = self.state.year;
        let at = at + open + 1;
        let parse = |s: &str, off: usize| -> Result<Option<NaiveDate>, Diagnostic> {
            if s.is_empty() {
                return Ok(None);
            }
            match parse_date(s, year) {
                Ok((d, n)) if n == s.len() => Ok(Some(d)),
                _ => Err(Diagnostic::error(
                    Code::Date,
                    Span::new(sid, off..off + s.len()),
                    "cannot read the posting date",
                )
                .expected("a date like [2026-01-15] or [=2026-01-15]")),
            }
        };
        let date = parse(d1, at)?;
        let date2 = match d2 {
            Some(s) => parse(s, at + d1.len() + 1)?,
            None => None,
        };
        self.set_posting_dates(i, date, date2);
        Ok(())
    }

    /// Applies `date:`/`date2:` posting tags (hledger's posting dates).
    pub(crate) fn posting_date_tags(&mut self, i: usize) -> Result<(), Diagnostic> {
        // The ids of `date`/`date2`, looked up again only when new tag names appeared.
        if self.date_tags.0 != self.j.tag_names.len() {
            self.date_tags = (
                self.j.tag_names.len(),
                self.j.tag_names.get("date"),
                self.j.tag_names.get("date2"),
            );
        }
        let tags = self.j.posting_tags(&self.j.postings[i]);
        // Either tag alone counts: a journal may use `date2:` without any `date:`.
        let (_, date_id, date2_id) = self.date_tags;
        if date_id.is_none() && date2_id.is_none() {
            return Ok(());
        }
        let mut found = (None, None);
        for t in self.j.tags_in(&tags) {
            if Some(t.name) != date_id && Some(t.name) != date2_id {
                continue;
            }
            let s = self.j.sources.text(t.value);
            let d = match parse_date(s, self.state.year) {
                Ok((d, n)) if n == s.len() => d,
                _ => {
                    return Err(Diagnostic::error(
                        Code::Date,
                        t.value,
                        "cannot read the posting date tag",
                    )
                    .expected("a date like 2026-01-15"))
                }
            };
            if Some(t.name) == date_id {
                found.0 = Some(d);
            } else {
                found.1 = Some(d);
            }
        }
        if found != (None, None) {
            self.set_posting_dates(i, found.0, found.1);
        }
        Ok(())
    }

    fn set_posting_dates(&mut self, i: usize, date: Option<NaiveDate>, date2: Option<NaiveDate>) {
        let idx = match self.j.postings[i].extra {
            Some(e) => e.index(),
            None => {
                self.j.extras.push(Default::default());
                let e = self.j.extras.len() - 1;
                self.j.postings[i].extra = Some(RowId::new(e));
                e
            }
        };
        let extra = &mut self.j.extras[idx];
        if date.is_some() {
            extra.date = date;
        }
        if date2.is_some() {
            extra.date2 = date2;
        }
    }
}

/// An amount's own span inside the span of what holds it (`@ 5 USD`, `= 5 USD`,
/// `{5 USD} [2026-01-02]`).
fn amount_only(sources: &SourceMap, span: Span) -> Span {
    let text = sources.text(span);
    let amount = text.trim_start_matches(['@', '=', '*', '(', ')', '{', ' ', '\t']);
    let start = text.len() - amount.len();
    let len = crate::parse::amount::raw_amount(amount)
        .map_or(amount.len(), |(rest, _)| amount.len() - rest.len());
    Span::new(
        span.source,
        span.start as usize + start..span.start as usize + start + len,
    )
}

/// The span of a number's text inside an amount's span (both from the same source).
fn number_span(sources: &SourceMap, amount: Span, number: &str) -> Span {
    let text = &sources.get(amount.source).text;
    let start = crate::parse::offset_in(text, number);
    if start >= amount.start as usize && start + number.len() <= amount.end as usize {
        Span::new(amount.source, start..start + number.len())
    } else {
        amount
    }
}

#[cfg(test)]
mod tests {
    use crate::parse_str;

    /// A `date2:` posting tag counts without any `date:` tag in the journal (found by the parse
    /// fuzz target: it was skipped, so `date2: 2026-02-31` passed unchecked).
    #[test]
    fn date2_tag_alone_sets_the_secondary_date() {
        let l = parse_str("2026-01-05 x\n    a  1 USD  ; date2: 2026-02-01\n    b\n");
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        let j = &l.journal;
        let extra = j.postings[0].extra.expect("posting dates");
        assert_eq!(
            j.extras[extra.index()].date2,
            chrono::NaiveDate::from_ymd_opt(2026, 2, 1)
        );
        let l = parse_str("2026-01-05 x\n    a  1 USD  ; date2: 2026-02-31\n    b\n");
        assert!(l.has_errors());
    }
}
