//! Lowering directives: `account`, `commodity`, `alias`, `apply account`, `end`, `D`, `P`,
//! `payee`, `tag`, `year`/`Y`, `decimal-mark`, `N`, `C` change the parser state or add to the
//! model. Anything else is reported as not supported. (`include` is the reader's.) A
//! directive's arguments are read here, with the pieces of syntax of
//! [`crate::parse::directive`].

use regex::RegexBuilder;

use super::{Alias, AmountRole, Lowerer};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{AccountDecl, AccountType, AmountStyle, Directive, Price};
use crate::parse::amount::{raw_amount, RawAmount};
use crate::parse::date::parse_date;
use crate::parse::directive::{
    amount_arg, directive_word, name_and_comment, unsupported, DIRECTIVES,
};
use crate::parse::{offset_in, Line};
use crate::source::{SourceId, Span};

/// Lowers one directive entry (reporting what is wrong with it).
pub(crate) fn directive(ld: &mut Lowerer, sid: SourceId, line: Line, body: &[Line]) {
    if let Err(d) = lower_directive(ld, sid, line, body) {
        ld.diags.push(d);
    }
}

fn lower_directive(
    ld: &mut Lowerer,
    sid: SourceId,
    line: Line,
    body: &[Line],
) -> Result<(), Diagnostic> {
    let text = line.text.trim_end();
    let (word, rest) = directive_word(text);
    let rest_at = line.start + offset_in(line.text, rest);
    let span = Span::new(sid, line.start..line.start + text.len());
    let whole = Span::new(sid, line.start..body.last().map_or(line.end(), |l| l.end()));
    let rest_span = Span::new(sid, rest_at..rest_at + rest.len());
    let need = |what: &'static str| {
        Diagnostic::error(
            Code::Syntax,
            Span::new(sid, line.end()..line.end()),
            format!("`{word}` needs {what}"),
        )
        .expected(what)
    };
    // Directives that change how the rest of the file is read.
    if matches!(
        word,
        "alias" | "end" | "apply" | "D" | "year" | "Y" | "decimal-mark"
    ) || (word.len() > 1
        && word.starts_with('Y')
        && word[1..].bytes().all(|b| b.is_ascii_digit()))
    {
        ld.state_changed = true;
    }
    match word {
        "account" => {
            // `account NAME ; tags` with one space: ledger reads a comment there, and no one
            // means an account name containing " ; ".
            let (name, comment) = match rest.find(" ;") {
                Some(i) if !rest[..i].contains("  ") && !rest[..i].contains('\t') => {
                    (&rest[..i], Some(&rest[i + 2..]))
                }
                _ => name_and_comment(rest),
            };
            let name = name.trim();
            if name.is_empty() {
                return Err(need("an account name"));
            }
            let account = ld.account(name);
            let tags_start = ld.j.tags.len() as u32;
            let comments_start = ld.j.comments.len() as u32;
            if let Some(c) = comment {
                ld.add_comment(sid, line.start + offset_in(line.text, c), c, true);
            }
            for l in body {
                let content = l.text.trim_start();
                let at = l.content_start();
                if let Some(c) = content
                    .strip_prefix(';')
                    .or_else(|| content.strip_prefix('#'))
                {
                    ld.add_comment(sid, at + 1, c, false);
                } else {
                    let sub = content.split_whitespace().next().unwrap_or("");
                    let sub_span = Span::new(sid, at..at + sub.len());
                    match sub {
                        // Descriptive, or only meaningful to ledger's automatic account choice.
                        "note" | "payee" | "default" | "alias" => {}
                        // ledger value expressions: not evaluated, and said so.
                        "check" | "assert" | "eval" | "value" => ld.diags.push(Diagnostic::warning(
                            Code::Unsupported,
                            sub_span,
                            format!("account sub-directive `{sub}` holds a ledger value expression; it is not evaluated"),
                        )),
                        _ => {
                            return Err(unsupported(sub_span, &format!("account sub-directive `{sub}`")));
                        }
                    }
                }
            }
            let tags = tags_start..ld.j.tags.len() as u32;
            let decl = AccountDecl {
                account,
                span: whole,
                tags: tags.clone(),
                comments: comments_start..ld.j.comments.len() as u32,
            };
            ld.j.account_decls.push(decl);
            let decl_index = ld.j.account_decls.len() as u32 - 1;
            let info = &mut ld.j.account_info[account.index()];
            if info.declared.is_none() {
                info.declared = Some(decl_index);
            }
            if let Some(type_id) = ld.j.tag_names.get("type") {
                let found = ld.j.tags[tags.start as usize..tags.end as usize]
                    .iter()
                    .find(|t| t.name == type_id)
                    .copied();
                if let Some(t) = found {
                    let v = ld.j.sources.text(t.value);
                    let ty = account_type(v).ok_or_else(|| {
                        Diagnostic::error(Code::Syntax, t.value, format!("unknown account type `{v}`"))
                            .expected("one of A, L, E, R, X, C, V (or Asset, Liability, Equity, Revenue, Expense, Cash, Conversion)")
                    })?;
                    ld.j.account_info[account.index()].account_type = Some(ty);
                }
            }
        }
        "commodity" => {
            let (sym_text, comment) = name_and_comment(rest);
            let sym_text = sym_text.trim();
            if sym_text.is_empty() {
                return Err(need("a commodity symbol or a sample amount"));
            }
            let (commodity, mut style) = match raw_amount(sym_text) {
                Ok((r, raw)) if r.trim().is_empty() => {
                    let sp = Span::new(sid, rest_at..rest_at + sym_text.len());
                    let (c, s) = declared_style(ld, &raw, sp)?;
                    (c, Some(s))
                }
                _ => {
                    let sym = sym_text.trim_matches('"');
                    (ld.commodity(sym), None)
                }
            };
            if let Some(c) = comment {
                ld.add_comment(sid, line.start + offset_in(line.text, c), c, true);
            }
            for l in body {
                let content = l.text.trim();
                let at = l.content_start();
                if let Some(c) = content
                    .strip_prefix(';')
                    .or_else(|| content.strip_prefix('#'))
                {
                    ld.add_comment(sid, at + 1, c, false);
                } else if let Some(fmt) = content.strip_prefix("format") {
                    let fmt = fmt.trim();
                    let fat = at + offset_in(content, fmt);
                    let sp = Span::new(sid, fat..fat + fmt.len());
                    let raw = match raw_amount(fmt) {
                        Ok((r, raw)) if r.trim().is_empty() => raw,
                        _ => {
                            return Err(Diagnostic::error(
                                Code::Amount,
                                sp,
                                "cannot read the format amount",
                            )
                            .expected("a sample amount like 1,000.00 USD"))
                        }
                    };
                    let (c, s) = declared_style(ld, &raw, sp)?;
                    if c != commodity {
                        return Err(Diagnostic::error(
                            Code::Syntax,
                            sp,
                            "the format's commodity differs from the directive's",
                        )
                        .label(span, "declared here"));
                    }
                    style = Some(s);
                } else if content.starts_with("note")
                    || content.starts_with("nomarket")
                    || content.starts_with("default")
                {
                    // Descriptive sub-directives; nothing to do for balances.
                } else {
                    let sub = content.split_whitespace().next().unwrap_or("");
                    return Err(unsupported(
                        Span::new(sid, at..at + sub.len()),
                        &format!("commodity sub-directive `{sub}`"),
                    ));
                }
            }
            let info = &mut ld.j.commodity_info[commodity.index()];
            info.declared.get_or_insert(span);
            if style.is_some() {
                info.declared_style = style;
                // A declared style can change how later numbers are read.
                ld.state_changed = true;
            }
        }
        "alias" => {
            let Some((from, to)) = rest.split_once('=') else {
                return Err(
                    Diagnostic::error(Code::Syntax, rest_span, "cannot read the alias")
                        .expected("`alias OLD = NEW` or `alias /REGEX/ = REPLACEMENT`"),
                );
            };
            let (from, to) = (from.trim(), to.trim());
            let alias = if from.len() >= 2 && from.starts_with('/') && from.ends_with('/') {
                let re = RegexBuilder::new(&from[1..from.len() - 1])
                    .case_insensitive(true)
                    .build()
                    .map_err(|e| {
                        Diagnostic::error(
                            Code::Syntax,
                            rest_span,
                            format!("invalid alias regular expression: {e}"),
                        )
                    })?;
                // hledger writes back-references as \1; the regex crate as ${1}.
                let to = regex_replacement(to);
                Alias::Regex { re, to }
            } else {
                Alias::Plain {
                    from: from.to_string(),
                    to: to.to_string(),
                }
            };
            ld.state.aliases.push(alias);
            ld.j.directives.push((span, Directive::Other(span)));
        }
        "end" => match rest.split_whitespace().collect::<Vec<_>>().as_slice() {
            ["aliases"] => {
                ld.state.aliases.clear();
            }
            ["apply", "account"] | ["apply"] | [] => {
                if ld.state.parents.pop().is_none() {
                    return Err(Diagnostic::error(
                        Code::Syntax,
                        span,
                        "`end apply account` without `apply account`",
                    ));
                }
            }
            _ => return Err(unsupported(span, &format!("`end {rest}`"))),
        },
        "apply" => {
            let (what, arg) = match rest.find([' ', '\t']) {
                Some(i) => (&rest[..i], rest[i..].trim()),
                None => (rest, ""),
            };
            match what {
                "account" if !arg.is_empty() => {
                    let full = match ld.state.parents.last() {
                        Some(p) => format!("{p}:{arg}"),
                        None => arg.to_string(),
                    };
                    ld.state.parents.push(full);
                }
                "account" => return Err(need("an account name")),
                "year" => set_year(ld, arg, rest_span)?,
                _ => return Err(unsupported(span, &format!("`apply {what}`"))),
            }
            ld.j.directives.push((span, Directive::Other(span)));
        }
        "D" => {
            let raw = amount_arg(rest, rest_span, "a sample amount like $1,000.00")?;
            let (c, s) = declared_style(ld, &raw, rest_span)?;
            ld.j.commodity_info[c.index()]
                .declared_style
                .get_or_insert(s);
            ld.state.default_commodity = Some(c);
            ld.j.directives.push((span, Directive::DefaultCommodity(c)));
        }
        "P" => {
            let (date, n) = parse_date(rest, ld.state.year).map_err(|_| {
                Diagnostic::error(Code::Date, rest_span, "cannot read the price's date")
                    .expected("a date like 2026-01-15")
            })?;
            let mut r = rest[n..].trim_start();
            // Optional time of day.
            if r.as_bytes().first().is_some_and(u8::is_ascii_digit)
                && r.split_whitespace().next().is_some_and(|w| w.contains(':'))
            {
                r = r[r.find(char::is_whitespace).unwrap_or(r.len())..].trim_start();
            }
            let (sym_rest, sym) = crate::parse::amount::commodity(r).map_err(|_| {
                Diagnostic::error(Code::Syntax, rest_span, "cannot read the priced commodity")
                    .expected("a commodity symbol")
            })?;
            let commodity = ld.commodity(sym.trim_matches('"'));
            let p_text = sym_rest.trim();
            let p_at = line.start + offset_in(line.text, p_text);
            let sp = Span::new(sid, p_at..p_at + p_text.len());
            // A price that cannot be read changes no balance: warn and go on.
            let ignored = |d: Diagnostic| Diagnostic {
                severity: crate::diagnostic::Severity::Warning,
                ..d.note("market prices do not affect balances; this `P` directive is ignored")
            };
            let raw = match amount_arg(p_text, sp, "the price, an amount like $10.00") {
                Ok(raw) => raw,
                Err(d) => {
                    ld.diags.push(ignored(d));
                    return Ok(());
                }
            };
            let price = match ld.amount(&raw, sp, AmountRole::Price) {
                Ok(p) => p,
                Err(d) => {
                    ld.diags.push(ignored(d));
                    return Ok(());
                }
            };
            ld.j.prices.push(Price {
                span,
                date,
                commodity,
                price,
            });
        }
        "payee" => {
            if rest.is_empty() {
                return Err(need("a payee name"));
            }
            ld.j.directives.push((span, Directive::Payee(rest_span)));
        }
        "tag" => {
            if rest.is_empty() {
                return Err(need("a tag name"));
            }
            let id = ld.j.tag_names.intern(name_and_comment(rest).0.trim());
            ld.j.directives.push((span, Directive::Tag(id)));
        }
        "year" | "Y" => {
            set_year(ld, rest, rest_span)?;
            ld.j.directives.push((span, Directive::Other(span)));
        }
        w if w.len() > 1 && w.starts_with('Y') && w[1..].bytes().all(|b| b.is_ascii_digit()) => {
            set_year(
                ld,
                &w[1..],
                Span::new(sid, line.start + 1..line.start + w.len()),
            )?;
            ld.j.directives.push((span, Directive::Other(span)));
        }
        "decimal-mark" => match rest {
            "." | "," => {
                ld.state.decimal_mark = rest.chars().next();
                ld.j.directives.push((span, Directive::Other(span)));
            }
            _ => {
                return Err(
                    Diagnostic::error(Code::Syntax, rest_span, "invalid decimal mark")
                        .expected("`.` or `,`"),
                )
            }
        },
        "N" | "C" => {
            if rest.is_empty() {
                return Err(need("an argument"));
            }
            ld.j.directives.push((span, Directive::Other(span)));
        }
        _ => {
            let w = Span::new(sid, line.start..line.start + word.len());
            // ledger directives arledger knows of but does not implement, versus typos.
            const LEDGER_ONLY: [&str; 14] = [
                "define",
                "def",
                "expr",
                "value",
                "eval",
                "python",
                "import",
                "capture",
                "bucket",
                "A",
                "assert",
                "check",
                "fixed",
                "tag-value",
            ];
            if LEDGER_ONLY.contains(&word) {
                return Err(unsupported(w, &format!("the ledger `{word}` directive")));
            }
            return Err(Diagnostic::error(
                Code::Unsupported,
                w,
                format!("unknown directive `{word}`"),
            )
            .expected(DIRECTIVES)
            .note("see docs/journal-format.md for the supported syntax"));
        }
    }
    Ok(())
}

/// The commodity and style declared by a sample amount (`commodity 1.000,00 EUR`, `D $1,000.00`).
fn declared_style(
    ld: &mut Lowerer,
    raw: &RawAmount,
    span: Span,
) -> Result<(crate::model::CommodityId, AmountStyle), Diagnostic> {
    let commodity = ld.commodity(raw.commodity);
    // In a sample amount with one mark followed by three digits, a `,` is taken as grouping
    // when the journal has no decimal-mark directive (the usual `1,000.00` / `1,000` forms).
    let n = crate::parse::amount::interpret_number(raw.number, raw.exponent, ld.state.decimal_mark)
        .map_err(|_| {
            Diagnostic::error(
                Code::Amount,
                span,
                format!("cannot read the number `{}`", raw.number),
            )
        })?;
    let info = &mut ld.j.commodity_info[commodity.index()];
    if n.decimal_mark.is_some() {
        info.declared_mark = n.decimal_mark;
        // It changes how later numbers of the commodity are read, also when the rest of the
        // directive turns out to be wrong.
        ld.state_changed = true;
    }
    // A sample amount is an amount written in the journal too (AR precision, spec D15).
    info.decimals_seen = info.decimals_seen.max(n.precision);
    let style = AmountStyle {
        side: raw.side,
        spaced: raw.spaced,
        precision: n.precision,
        decimal_mark: n.decimal_mark.or(ld.state.decimal_mark).unwrap_or('.'),
        group: n.group,
    };
    Ok((commodity, style))
}

fn set_year(ld: &mut Lowerer, text: &str, span: Span) -> Result<(), Diagnostic> {
    match text.trim().parse::<i32>() {
        Ok(y) if (1..=9999).contains(&y) => {
            ld.state.year = y;
            Ok(())
        }
        _ => {
            Err(Diagnostic::error(Code::Syntax, span, "invalid year").expected("a year like 2026"))
        }
    }
}

fn account_type(v: &str) -> Option<AccountType> {
    Some(match v.trim().to_ascii_lowercase().as_str() {
        "a" | "asset" | "assets" => AccountType::Asset,
        "l" | "liability" | "liabilities" => AccountType::Liability,
        "e" | "equity" => AccountType::Equity,
        "r" | "revenue" | "revenues" => AccountType::Revenue,
        "x" | "expense" | "expenses" => AccountType::Expense,
        "c" | "cash" => AccountType::Cash,
        "v" | "conversion" => AccountType::Conversion,
        _ => return None,
    })
}

fn regex_replacement(to: &str) -> String {
    let mut out = String::with_capacity(to.len());
    let mut chars = to.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(char::is_ascii_digit) => {
                out.push_str("${");
                while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                    out.push(d);
                    chars.next();
                }
                out.push('}');
            }
            '$' => out.push_str("$$"),
            c => out.push(c),
        }
    }
    out
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backreferences_are_translated() {
        assert_eq!(regex_replacement(r"a:\1:b"), "a:${1}:b");
        assert_eq!(regex_replacement("cost $"), "cost $$");
    }
}
