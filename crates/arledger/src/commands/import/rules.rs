//! The subset of hledger's CSV rules that `arledger import` reads (docs/import.md): `skip`,
//! `fields`, `date-format`, `separator`, `newest-first`, field assignments (`account1`,
//! `account2`, `description`, `comment`, `amount`, `amount-in`, `amount-out`, `currency`,
//! `date`) and `if` blocks of them. Anything else is an error naming its line.

use std::path::Path;

use arledger_journal::{Code, Diagnostic, SourceId, Span};
use regex::{Regex, RegexBuilder};

use arledger_report::reconcile::statement_file::{check_date_format, read_text, Inputs};

/// What an assignment sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// `date`
    Date,
    /// `description`
    Description,
    /// `comment`
    Comment,
    /// `amount`
    Amount,
    /// `amount-in`
    AmountIn,
    /// `amount-out`
    AmountOut,
    /// `currency`
    Currency,
    /// `account1`: the bank account.
    Account1,
    /// `account2`: the other side.
    Account2,
}

impl Target {
    const ALL: [(&'static str, Target); 9] = [
        ("date", Target::Date),
        ("description", Target::Description),
        ("comment", Target::Comment),
        ("amount", Target::Amount),
        ("amount-in", Target::AmountIn),
        ("amount-out", Target::AmountOut),
        ("currency", Target::Currency),
        ("account1", Target::Account1),
        ("account2", Target::Account2),
    ];

    fn named(name: &str) -> Option<Target> {
        let name = name.replace('_', "-");
        Target::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
    }
}

/// A piece of a value template: text, or a field of the record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Text as written.
    Text(String),
    /// The field at this 0-based position.
    Field(usize),
}

/// `TARGET TEMPLATE`: sets a value of each record it applies to.
#[derive(Clone, Debug)]
pub struct Assign {
    /// What it sets.
    pub target: Target,
    /// The value, with `%name`/`%N` fields interpolated.
    pub template: Vec<Piece>,
}

/// One matcher of an `if` block: a regular expression against the whole record, or one field.
#[derive(Clone, Debug)]
pub struct Matcher {
    /// The field (0-based), or none for the whole record.
    pub field: Option<usize>,
    /// The pattern (case-insensitive).
    pub regex: Regex,
}

/// An `if` block: when any matcher matches, its assignments apply (or the record is skipped).
#[derive(Clone, Debug)]
pub struct IfBlock {
    /// The matchers (any one matching is enough).
    pub matchers: Vec<Matcher>,
    /// The assignments.
    pub assigns: Vec<Assign>,
    /// `skip` inside the block: matching records are not imported.
    pub skip: bool,
}

/// A rules file, read.
#[derive(Clone, Debug)]
pub struct Rules {
    /// Lines to skip at the start of the CSV file.
    pub skip: usize,
    /// The field separator.
    pub separator: u8,
    /// How dates are written (none: `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYY.MM.DD`).
    pub date_format: Option<String>,
    /// Whether the file lists the newest records first.
    pub newest_first: bool,
    /// The field names (`fields`), lower-case; empty for a field that is not named.
    pub fields: Vec<String>,
    /// Assignments that apply to every record (including those `fields` implies).
    pub assigns: Vec<Assign>,
    /// The `if` blocks, in order (a later one overrides an earlier one).
    pub blocks: Vec<IfBlock>,
}

const SUPPORTED: &str = "skip, fields, date-format, separator, newest-first, if, account1, \
                         account2, description, comment, amount, amount-in, amount-out, currency, date";

/// Reads a rules file; problems go to `inputs.diagnostics` (none returned then).
pub fn read(inputs: &mut Inputs, path: &Path) -> Option<Rules> {
    let id = read_text(inputs, path, "rules file")?;
    let text = inputs.sources.get(id).text.clone();
    let before = inputs.diagnostics.len();
    let mut rules = Rules {
        skip: 0,
        separator: b',',
        date_format: None,
        newest_first: false,
        fields: Vec::new(),
        assigns: Vec::new(),
        blocks: Vec::new(),
    };
    let mut diags = Vec::new();
    // Lines with their byte offsets.
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for l in text.split_inclusive('\n') {
        lines.push((at, l.trim_end_matches(['\n', '\r'])));
        at += l.len();
    }
    let span = |start: usize, s: &str| Span::new(id, start..start + s.len());
    let mut k = 0;
    while k < lines.len() {
        let (start, line) = lines[k];
        k += 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with(['#', ';', '*']) {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            diags.push(
                Diagnostic::error(
                    Code::Syntax,
                    span(start, line),
                    "an indented line outside an `if` block",
                )
                .expected("a rule at the start of the line, or an assignment under `if`"),
            );
            continue;
        }
        let (name, value) = match trimmed.split_once([' ', '\t']) {
            Some((n, v)) => (n, v.trim()),
            None => (trimmed, ""),
        };
        let value_at = start + line.len() - line.trim_start().len() + trimmed.len() - value.len();
        let value_span = Span::new(id, value_at..value_at + value.len());
        match name {
            "skip" => match value {
                "" => rules.skip = 1,
                v => match v.parse() {
                    Ok(n) => rules.skip = n,
                    Err(_) => {
                        diags.push(bad(value_span, "`skip` takes a number of lines", "skip N"))
                    }
                },
            },
            "separator" => match value {
                "TAB" | "\\t" => rules.separator = b'\t',
                "SPACE" => rules.separator = b' ',
                v if v.len() == 1 => rules.separator = v.as_bytes()[0],
                _ => diags.push(bad(
                    value_span,
                    "`separator` takes one character, TAB or SPACE",
                    "separator ; (or , | TAB SPACE)",
                )),
            },
            "date-format" => match check_date_format(value) {
                Ok(()) => rules.date_format = Some(value.to_string()),
                Err(why) => diags.push(bad(
                    value_span,
                    &format!("the date format `{value}` {why}"),
                    "a strftime format like %d/%m/%Y",
                )),
            },
            "newest-first" => rules.newest_first = true,
            "fields" => {
                rules.fields = value
                    .split(',')
                    .map(|f| f.trim().trim_matches('"').to_lowercase())
                    .collect();
                for (i, f) in rules.fields.iter().enumerate() {
                    if let Some(target) = Target::named(f) {
                        rules.assigns.push(Assign {
                            target,
                            template: vec![Piece::Field(i)],
                        });
                    }
                }
            }
            "if" => {
                let mut matchers = Vec::new();
                if !value.is_empty() {
                    matcher(&rules, value, value_span, &mut matchers, &mut diags);
                }
                // Further matchers on the lines below, then the indented assignments.
                while k < lines.len() {
                    let (s2, l2) = lines[k];
                    if l2.trim().is_empty() || l2.starts_with([' ', '\t']) {
                        break;
                    }
                    if l2.starts_with('&') {
                        diags.push(unsupported(span(s2, l2), "`&` (all of several matchers)"));
                    } else {
                        matcher(&rules, l2.trim(), span(s2, l2), &mut matchers, &mut diags);
                    }
                    k += 1;
                }
                if matchers.is_empty() {
                    diags.push(bad(
                        span(start, line),
                        "`if` has no pattern",
                        "if PATTERN (or `if` and a pattern on each line below)",
                    ));
                }
                let mut block = IfBlock {
                    matchers,
                    assigns: Vec::new(),
                    skip: false,
                };
                while k < lines.len() && lines[k].1.starts_with([' ', '\t']) {
                    let (s2, l2) = lines[k];
                    k += 1;
                    let t2 = l2.trim();
                    if t2.is_empty() || t2.starts_with(['#', ';']) {
                        continue;
                    }
                    let indent = l2.len() - l2.trim_start().len();
                    if t2 == "skip" {
                        block.skip = true;
                        continue;
                    }
                    if let Some(a) = assignment(&rules, s2 + indent, t2, id, &mut diags) {
                        block.assigns.push(a);
                    }
                }
                rules.blocks.push(block);
            }
            _ => {
                let indent = line.len() - line.trim_start().len();
                if let Some(a) = assignment(&rules, start + indent, trimmed, id, &mut diags) {
                    rules.assigns.push(a);
                }
            }
        }
    }
    inputs.diagnostics.extend(diags);
    (inputs.diagnostics.len() == before).then_some(rules)
}

fn bad(span: Span, message: &str, expected: &str) -> Diagnostic {
    Diagnostic::error(Code::Syntax, span, message.to_string()).expected(expected.to_string())
}

fn unsupported(span: Span, what: &str) -> Diagnostic {
    Diagnostic::error(
        Code::Unsupported,
        span,
        format!("{what} is not among the hledger CSV rules that arledger import reads"),
    )
    .expected(format!("one of: {SUPPORTED} (docs/import.md)"))
}

/// Reads `TARGET TEMPLATE` at byte `at` of the rules file.
fn assignment(
    rules: &Rules,
    at: usize,
    text: &str,
    id: SourceId,
    diags: &mut Vec<Diagnostic>,
) -> Option<Assign> {
    let (name, value) = match text.split_once([' ', '\t']) {
        Some((n, v)) => (n, v.trim()),
        None => (text, ""),
    };
    let span = Span::new(id, at..at + text.len());
    let Some(target) = Target::named(name) else {
        diags.push(unsupported(
            Span::new(id, at..at + name.len()),
            &format!("`{name}`"),
        ));
        return None;
    };
    match template(rules, value) {
        Ok(template) => Some(Assign { target, template }),
        Err(field) => {
            diags.push(bad(
                span,
                &format!("`%{field}` names no field"),
                "%N (a field's position, from 1) or %NAME of the `fields` rule",
            ));
            None
        }
    }
}

/// Splits a value into text and `%field` references.
fn template(rules: &Rules, value: &str) -> Result<Vec<Piece>, String> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest = value;
    while let Some(i) = rest.find('%') {
        text.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(after.len());
        let name = &after[..len];
        if name.is_empty() {
            text.push('%');
            rest = after;
            continue;
        }
        let field = field_index(rules, name).ok_or_else(|| name.to_string())?;
        if !text.is_empty() {
            out.push(Piece::Text(std::mem::take(&mut text)));
        }
        out.push(Piece::Field(field));
        rest = &after[len..];
    }
    text.push_str(rest);
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    Ok(out)
}

/// The 0-based position of a field named `%N` or `%NAME`.
fn field_index(rules: &Rules, name: &str) -> Option<usize> {
    match name.parse::<usize>() {
        Ok(n) if n >= 1 => Some(n - 1),
        Ok(_) => None,
        Err(_) => {
            let name = name.to_lowercase();
            rules.fields.iter().position(|f| *f == name)
        }
    }
}

/// Reads one matcher: `REGEX` or `%FIELD REGEX`.
fn matcher(
    rules: &Rules,
    text: &str,
    span: Span,
    out: &mut Vec<Matcher>,
    diags: &mut Vec<Diagnostic>,
) {
    let (field, pattern) = match text.strip_prefix('%') {
        Some(rest) => {
            let (name, pattern) = rest.split_once([' ', '\t']).unwrap_or((rest, ""));
            match field_index(rules, name) {
                Some(i) => (Some(i), pattern.trim()),
                None => {
                    diags.push(bad(
                        span,
                        &format!("`%{name}` names no field"),
                        "%N or %NAME of the `fields` rule, then a pattern",
                    ));
                    return;
                }
            }
        }
        None => (None, text),
    };
    match RegexBuilder::new(pattern).case_insensitive(true).build() {
        Ok(regex) => out.push(Matcher { field, regex }),
        Err(e) => diags.push(bad(
            span,
            &format!("the pattern `{pattern}` is not a regular expression: {e}"),
            "a regular expression",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> (Option<Rules>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bank.rules");
        std::fs::write(&p, text).unwrap();
        let mut inputs = Inputs::default();
        let r = read(&mut inputs, &p);
        let msgs = inputs
            .diagnostics
            .iter()
            .map(|d| {
                let lc = inputs.sources.get(d.span.source).line_col(d.span.start);
                format!("{}:{}: {}", lc.line, lc.col, d.message)
            })
            .collect();
        (r, msgs)
    }

    #[test]
    fn reads_the_subset() {
        let (r, msgs) = read_str(
            "# a bank\nskip 1\nseparator ;\ndate-format %d/%m/%Y\nnewest-first\n\
             fields date, payee, memo, amount\naccount1 Assets:Bank:Checking\n\
             description %payee | %memo\ncurrency USD\n\nif\nFEE\n%memo charge\n  account2 Expenses:Bank Fees\n  comment fee\n\
             if %payee ^transfer\n  skip\n",
        );
        assert!(msgs.is_empty(), "{msgs:?}");
        let r = r.unwrap();
        assert_eq!((r.skip, r.separator, r.newest_first), (1, b';', true));
        assert_eq!(r.fields, ["date", "payee", "memo", "amount"]);
        // date and amount from `fields`, then account1, description, currency.
        assert_eq!(r.assigns.len(), 5);
        assert_eq!(
            r.assigns[3].template,
            [Piece::Field(1), Piece::Text(" | ".into()), Piece::Field(2)]
        );
        assert_eq!(r.blocks.len(), 2);
        assert_eq!(r.blocks[0].matchers.len(), 2);
        assert_eq!(r.blocks[0].matchers[1].field, Some(2));
        assert!(r.blocks[1].skip);
    }

    #[test]
    fn anything_else_is_an_error_at_its_line() {
        let (r, msgs) = read_str(
            "fields date, amount\nbalance %3\nif foo\n& bar\n  account3 X\nskip x\nif\n  account2 Y\ndescription %nosuch\n",
        );
        assert!(r.is_none());
        assert_eq!(
            msgs,
            [
                "2:1: `balance` is not among the hledger CSV rules that arledger import reads",
                "4:1: `&` (all of several matchers) is not among the hledger CSV rules that arledger import reads",
                "5:3: `account3` is not among the hledger CSV rules that arledger import reads",
                "6:6: `skip` takes a number of lines",
                "7:1: `if` has no pattern",
                "9:1: `%nosuch` names no field",
            ]
        );
    }
}
