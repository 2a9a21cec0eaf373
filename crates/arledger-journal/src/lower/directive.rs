//! Lowering directives ([`crate::parse::directive`]): `account`, `commodity`, `alias`,
//! `apply account`, `end`, `D`, `P`, `payee`, `tag`, `year`/`Y`, `decimal-mark`, `N`, `C` change
//! the parser state or add to the model. (`include` is the reader's.)

use regex::RegexBuilder;

use super::{Alias, AmountRole, Lowerer};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{AccountDecl, AccountType, AmountStyle, Directive, Price};
use crate::parse::amount::RawAmount;
use crate::parse::directive::{
    changes_state, CommoditySymbol, DirectiveKind, DirectiveSyntax, SubLine,
};
use crate::source::{SourceId, Span};

/// Lowers one directive entry (reporting what is wrong with it).
pub(crate) fn directive(ld: &mut Lowerer, sid: SourceId, d: &DirectiveSyntax) {
    // Directives that change how the rest of the file is read, also when they are wrong.
    if changes_state(d.word) {
        ld.state_changed = true;
    }
    if let Err(e) = lower_directive(ld, sid, d) {
        ld.diags.push(e);
    }
}

fn lower_directive(ld: &mut Lowerer, sid: SourceId, d: &DirectiveSyntax) -> Result<(), Diagnostic> {
    let span = d.span;
    let kind = d.kind.as_ref().map_err(Clone::clone)?;
    match kind {
        DirectiveKind::Account {
            name,
            comment,
            body,
        } => {
            let account = ld.account(name);
            let tags_start = ld.j.tags.len() as u32;
            if let Some((at, c)) = comment {
                ld.read_tags(sid, *at, c);
            }
            for l in body {
                match l {
                    SubLine::Comment { at, text } => ld.read_tags(sid, *at, text),
                    SubLine::Unevaluated(w) => ld.diags.push(w.clone()),
                    SubLine::Ignored | SubLine::Format(_) => {}
                    SubLine::Unsupported(e) => return Err(e.clone()),
                }
            }
            let tags = tags_start..ld.j.tags.len() as u32;
            let decl = AccountDecl {
                account,
                span: d.whole,
                tags: tags.clone(),
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
        DirectiveKind::Commodity {
            symbol,
            comment,
            body,
        } => {
            let (commodity, mut style) = match symbol {
                CommoditySymbol::Sample(raw, sp) => {
                    let (c, s) = declared_style(ld, raw, *sp)?;
                    (c, Some(s))
                }
                CommoditySymbol::Name(sym) => (ld.commodity(sym), None),
            };
            if let Some((at, c)) = comment {
                ld.read_tags(sid, *at, c);
            }
            for l in body {
                match l {
                    SubLine::Comment { at, text } => ld.read_tags(sid, *at, text),
                    SubLine::Format(format) => {
                        let (raw, sp) = format.as_ref().map_err(Clone::clone)?;
                        let (c, s) = declared_style(ld, raw, *sp)?;
                        if c != commodity {
                            return Err(Diagnostic::error(
                                Code::Syntax,
                                *sp,
                                "the format's commodity differs from the directive's",
                            )
                            .label(span, "declared here"));
                        }
                        style = Some(s);
                    }
                    SubLine::Ignored | SubLine::Unevaluated(_) => {}
                    SubLine::Unsupported(e) => return Err(e.clone()),
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
        DirectiveKind::Alias { from, to, span: at } => {
            let alias = if from.len() >= 2 && from.starts_with('/') && from.ends_with('/') {
                let re = RegexBuilder::new(&from[1..from.len() - 1])
                    .case_insensitive(true)
                    .build()
                    .map_err(|e| {
                        Diagnostic::error(
                            Code::Syntax,
                            *at,
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
        DirectiveKind::EndAliases => ld.state.aliases.clear(),
        DirectiveKind::EndApplyAccount => {
            if ld.state.parents.pop().is_none() {
                return Err(Diagnostic::error(
                    Code::Syntax,
                    span,
                    "`end apply account` without `apply account`",
                ));
            }
        }
        DirectiveKind::ApplyAccount(arg) => {
            let full = match ld.state.parents.last() {
                Some(p) => format!("{p}:{arg}"),
                None => arg.to_string(),
            };
            ld.state.parents.push(full);
            ld.j.directives.push((span, Directive::Other(span)));
        }
        DirectiveKind::DefaultCommodity(raw, at) => {
            let (c, s) = declared_style(ld, raw, *at)?;
            ld.j.commodity_info[c.index()]
                .declared_style
                .get_or_insert(s);
            ld.state.default_commodity = Some(c);
            ld.j.directives.push((span, Directive::DefaultCommodity(c)));
        }
        DirectiveKind::Price {
            date,
            commodity,
            price,
            price_span,
        } => {
            let commodity = ld.commodity(commodity);
            // A price that cannot be read changes no balance: warn and go on.
            let ignored = |d: Diagnostic| Diagnostic {
                severity: crate::diagnostic::Severity::Warning,
                ..d.note("market prices do not affect balances; this `P` directive is ignored")
            };
            let raw = match price {
                Ok(raw) => raw,
                Err(d) => {
                    ld.diags.push(ignored(d.clone()));
                    return Ok(());
                }
            };
            let price = match ld.amount(raw, *price_span, AmountRole::Price) {
                Ok(p) => p,
                Err(d) => {
                    ld.diags.push(ignored(d));
                    return Ok(());
                }
            };
            ld.j.prices.push(Price {
                span,
                date: *date,
                commodity,
                price,
            });
        }
        DirectiveKind::Payee(name) => ld.j.directives.push((span, Directive::Payee(*name))),
        DirectiveKind::Tag(name) => {
            let id = ld.j.tag_names.intern(name);
            ld.j.directives.push((span, Directive::Tag(id)));
        }
        DirectiveKind::Year(year) => {
            ld.state.year = *year;
            ld.j.directives.push((span, Directive::Other(span)));
        }
        DirectiveKind::DecimalMark(mark) => {
            ld.state.decimal_mark = Some(*mark);
            ld.j.directives.push((span, Directive::Other(span)));
        }
        DirectiveKind::Other => ld.j.directives.push((span, Directive::Other(span))),
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
