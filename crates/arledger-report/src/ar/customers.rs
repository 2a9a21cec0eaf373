//! Customers: accounts declared with a `customer:` tag, and undeclared accounts below the
//! receivable root (spec §1, D1, D2, D16).

use arledger_journal::parse::amount::{interpret_number, raw_amount};
use arledger_journal::{AccountDecl, AccountId, Code, Diagnostic, Journal, Span, Tag};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use super::allowance::{Reserve, RESERVE_EXPECTED};
use super::terms::{Terms, TERMS_EXPECTED};

/// A customer and what its `account` directive says about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Customer {
    /// The id: the last segment of the account name (D1).
    pub id: String,
    /// The customer's receivable account.
    pub account: AccountId,
    /// Display name: the `customer:` tag, else the id.
    pub name: String,
    /// Where the customer is declared (its `account` directive), or first posted to.
    pub location: Span,
    /// Whether an `account` directive with a `customer:` tag declares it.
    pub declared: bool,
    /// Payment terms (`terms:`); none means 30 days.
    pub terms: Option<Terms>,
    /// Credit limit (`credit-limit:`): quantity and commodity symbol.
    pub credit_limit: Option<(Decimal, String)>,
    /// `email:`
    pub email: Option<String>,
    /// `contact:`
    pub contact: Option<String>,
    /// `phone:`
    pub phone: Option<String>,
    /// `address:` lines, one per tag, in the order written (§1.5).
    pub address: Vec<String>,
    /// `tax-id:`
    pub tax_id: Option<String>,
    /// `tax-exempt:` certificate id.
    pub tax_exempt: Option<String>,
    /// `tax-exempt-until:`
    pub tax_exempt_until: Option<NaiveDate>,
    /// `po-required: yes`
    pub po_required: bool,
    /// `credit-hold: yes`: put on credit hold by hand, whatever its balance (§7.2).
    pub credit_hold: bool,
    /// `purchase-order: NUMBER AMOUNT` tags: the purchase orders the customer issued, with the
    /// amount each authorises (§7.8), in the order written.
    pub purchase_orders: Vec<PurchaseOrder>,
    /// `dunning: off` turns reminders off.
    pub dunning: bool,
    /// `currency:`
    pub currency: Option<String>,
    /// `reserve:`: a specific reserve for doubtful accounts (§7.5).
    pub reserve: Option<Reserve>,
}

/// A purchase order a customer declared with the amount it authorises (§7.8).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PurchaseOrder {
    /// The PO number, as invoices name it in their `po:` tag.
    pub number: String,
    /// The amount authorised.
    pub authorised: Decimal,
    /// Its commodity symbol.
    pub commodity: String,
    /// The tag's value, for messages.
    pub span: Span,
}

/// What a `purchase-order:` value must look like.
const PO_EXPECTED: &str = "a PO number and the amount it authorises, like `purchase-order: PO-4711 5000.00 USD` (no digit-group comma: tag values end at a comma)";

/// The `purchase-order:` tags of a customer's declarations: malformed values and a number
/// declared twice are errors at the value.
fn purchase_orders(
    j: &Journal,
    decls: &[&AccountDecl],
    diags: &mut Vec<Diagnostic>,
) -> Vec<PurchaseOrder> {
    let Some(id) = j.tag_names.get("purchase-order") else {
        return Vec::new();
    };
    let mut out: Vec<PurchaseOrder> = Vec::new();
    for t in decls
        .iter()
        .flat_map(|d| j.tags_in(&d.tags))
        .filter(|t| t.name == id)
    {
        let text = j.text(t.value).trim();
        let (number, amount) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
        let Some((authorised, commodity)) = parse_limit(amount).filter(|(_, c)| !c.is_empty())
        else {
            diags.push(
                Diagnostic::error(
                    Code::Receivable,
                    t.value,
                    format!("cannot read the purchase order `{text}`"),
                )
                .expected(PO_EXPECTED),
            );
            continue;
        };
        if let Some(first) = out.iter().find(|p| p.number == number) {
            diags.push(
                Diagnostic::error(
                    Code::Receivable,
                    t.value,
                    format!("purchase order `{number}` is declared twice"),
                )
                .label(first.span, "the first declaration"),
            );
            continue;
        }
        out.push(PurchaseOrder {
            number: number.to_string(),
            authorised,
            commodity,
            span: t.value,
        });
    }
    out
}

/// All customers of a journal, sorted by id.
#[derive(Clone, Debug, Default)]
pub struct Customers {
    /// The customers, sorted by id (byte order).
    pub list: Vec<Customer>,
    /// Customer index per account id (`u32::MAX`: not a customer); a lookup per posting.
    by_account: Vec<u32>,
}

impl Customers {
    /// The index of the customer whose account this is.
    pub fn of_account(&self, a: AccountId) -> Option<usize> {
        self.by_account
            .get(a.index())
            .copied()
            .filter(|&c| c != u32::MAX)
            .map(|c| c as usize)
    }
}

/// The receivable root used when none is given.
pub const DEFAULT_ROOT: &str = "Assets:Receivable";

fn last_segment(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn tag<'j>(j: &'j Journal, decls: &[&AccountDecl], name: &str) -> Option<&'j Tag> {
    let id = j.tag_names.get(name)?;
    decls
        .iter()
        .flat_map(|d| j.tags_in(&d.tags))
        .find(|t| t.name == id)
}

fn text_tag(j: &Journal, decls: &[&AccountDecl], name: &str) -> Option<String> {
    tag(j, decls, name)
        .map(|t| j.text(t.value).to_string())
        .filter(|v| !v.is_empty())
}

/// Every non-empty value of tag `name`, in the order written (tags that may repeat).
fn text_tags(j: &Journal, decls: &[&AccountDecl], name: &str) -> Vec<String> {
    let Some(id) = j.tag_names.get(name) else {
        return Vec::new();
    };
    decls
        .iter()
        .flat_map(|d| j.tags_in(&d.tags))
        .filter(|t| t.name == id)
        .map(|t| j.text(t.value).to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

fn flag(
    j: &Journal,
    decls: &[&AccountDecl],
    name: &str,
    yes: &str,
    no: &str,
    default: bool,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let Some(t) = tag(j, decls, name) else {
        return default;
    };
    match j.text(t.value).trim().to_ascii_lowercase() {
        v if v == yes => true,
        v if v == no => false,
        v => {
            diags.push(
                Diagnostic::error(
                    Code::Receivable,
                    t.value,
                    format!("invalid `{name}:` value `{v}`"),
                )
                .expected(format!("`{yes}` or `{no}`")),
            );
            default
        }
    }
}

/// Reads a tag value as an amount like `10000 USD`.
pub fn parse_limit(text: &str) -> Option<(Decimal, String)> {
    let (rest, raw) = raw_amount(text.trim()).ok()?;
    if !rest.trim().is_empty() {
        return None;
    }
    let n = interpret_number(raw.number, raw.exponent, None).ok()?;
    let q = if raw.negative { -n.value } else { n.value };
    Some((q, raw.commodity.to_string()))
}

/// Finds every customer of `j` below `root` or declared with `customer:`.
pub fn customers(j: &Journal, root: &str) -> (Customers, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let customer_tag = j.tag_names.get("customer");
    // Declarations per account (an account may be declared more than once).
    let mut decls: FxHashMap<AccountId, Vec<&AccountDecl>> = FxHashMap::default();
    for d in &j.account_decls {
        decls.entry(d.account).or_default().push(d);
    }
    let mut list: Vec<Customer> = Vec::new();
    let mut seen: FxHashMap<AccountId, ()> = FxHashMap::default();
    // Declared customers, in declaration order.
    for d in &j.account_decls {
        if seen.contains_key(&d.account) {
            continue;
        }
        let all = &decls[&d.account];
        let Some(name_tag) = customer_tag.and_then(|c| {
            all.iter()
                .flat_map(|d| j.tags_in(&d.tags))
                .find(|t| t.name == c)
        }) else {
            continue;
        };
        seen.insert(d.account, ());
        let account_name = j.account_name(d.account);
        let id = last_segment(account_name).to_string();
        let name = Some(j.text(name_tag.value).to_string())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| id.clone());
        let terms = tag(j, all, "terms").and_then(|t| match Terms::parse(j.text(t.value)) {
            Ok(terms) => Some(terms),
            Err(e) => {
                diags.push(
                    Diagnostic::error(Code::Receivable, t.value, e.to_string())
                        .expected(TERMS_EXPECTED),
                );
                None
            }
        });
        let credit_limit =
            tag(j, all, "credit-limit").and_then(|t| match parse_limit(j.text(t.value)) {
                // Without a commodity a limit would never apply; `10,000 USD` is cut at its comma.
                Some(l) if !l.1.is_empty() => Some(l),
                _ => {
                    diags.push(
                        Diagnostic::error(
                            Code::Receivable,
                            t.value,
                            format!("cannot read the credit limit `{}`", j.text(t.value)),
                        )
                        .expected("an amount with its commodity, like 10000 USD (no digit-group comma: tag values end at a comma)"),
                    );
                    None
                }
            });
        let tax_exempt_until = tag(j, all, "tax-exempt-until").and_then(|t| {
            let v = j.text(t.value);
            match super::full_date(v) {
                Some(d) => Some(d),
                None => {
                    diags.push(
                        Diagnostic::error(
                            Code::Receivable,
                            t.value,
                            format!("cannot read the date `{v}`"),
                        )
                        .expected("a date like 2026-12-31"),
                    );
                    None
                }
            }
        });
        let reserve = tag(j, all, "reserve").and_then(|t| {
            let v = j.text(t.value);
            let error = match Reserve::parse(v) {
                Some(Reserve::Amount(_, c)) if j.commodities.get(&c).is_none() => {
                    Diagnostic::error(
                        Code::Receivable,
                        t.value,
                        format!(
                            "the reserve `{v}` is in `{c}`, a commodity the journal does not use"
                        ),
                    )
                    .expected("the commodity of the customer's invoices")
                }
                Some(r) => return Some(r),
                None => Diagnostic::error(
                    Code::Receivable,
                    t.value,
                    format!("cannot read the reserve `{v}`"),
                )
                .expected(RESERVE_EXPECTED),
            };
            diags.push(error);
            None
        });
        list.push(Customer {
            id,
            account: d.account,
            name,
            location: d.span,
            declared: true,
            terms,
            credit_limit,
            email: text_tag(j, all, "email"),
            contact: text_tag(j, all, "contact"),
            phone: text_tag(j, all, "phone"),
            address: text_tags(j, all, "address"),
            tax_id: text_tag(j, all, "tax-id"),
            tax_exempt: text_tag(j, all, "tax-exempt"),
            tax_exempt_until,
            po_required: flag(j, all, "po-required", "yes", "no", false, &mut diags),
            credit_hold: flag(j, all, "credit-hold", "yes", "no", false, &mut diags),
            purchase_orders: purchase_orders(j, all, &mut diags),
            dunning: flag(j, all, "dunning", "on", "off", true, &mut diags),
            currency: text_tag(j, all, "currency"),
            reserve,
        });
    }
    // Undeclared customers: accounts strictly below the root that have postings, in the order
    // of their first posting. Each account's first posting is found in one pass of array
    // writes (large books have millions of postings and a few thousand accounts), made only
    // when some account below the root is not declared.
    let prefix = format!("{root}:");
    let candidate =
        |&(id, name): &(AccountId, &str)| !seen.contains_key(&id) && name.starts_with(&prefix);
    let mut undeclared: Vec<(u32, AccountId)> = Vec::new();
    if j.accounts.iter().any(|a| candidate(&a)) {
        let mut first = vec![u32::MAX; j.accounts.len()];
        for (i, p) in j.postings.iter().enumerate() {
            let f = &mut first[p.account.index()];
            if *f == u32::MAX {
                *f = i as u32;
            }
        }
        undeclared = j
            .accounts
            .iter()
            .filter(|a| first[a.0.index()] != u32::MAX && candidate(a))
            .map(|(id, _)| (first[id.index()], id))
            .collect();
        undeclared.sort_unstable();
    }
    for (posting, account) in undeclared {
        let p = &j.postings[posting as usize];
        let id = last_segment(j.account_name(account)).to_string();
        list.push(Customer {
            name: id.clone(),
            id,
            account: p.account,
            location: j.trim_span(p.span),
            declared: false,
            terms: None,
            credit_limit: None,
            email: None,
            contact: None,
            phone: None,
            address: Vec::new(),
            tax_id: None,
            tax_exempt: None,
            tax_exempt_until: None,
            po_required: false,
            credit_hold: false,
            purchase_orders: Vec::new(),
            dunning: true,
            currency: None,
            reserve: None,
        });
    }
    ambiguity(j, &list, &mut diags);
    list.sort_by(|a, b| a.id.cmp(&b.id));
    let mut by_account = vec![u32::MAX; j.accounts.len()];
    for (i, c) in list.iter().enumerate() {
        by_account[c.account.index()] = i as u32;
    }
    (Customers { list, by_account }, diags)
}

/// D16: two customers with one id, or a customer account below another.
fn ambiguity(j: &Journal, list: &[Customer], diags: &mut Vec<Diagnostic>) {
    let mut by_id: FxHashMap<&str, &Customer> = FxHashMap::default();
    for c in list {
        if let Some(first) = by_id.get(c.id.as_str()) {
            diags.push(
                Diagnostic::error(
                    Code::Receivable,
                    c.location,
                    format!(
                        "two customer accounts have the id `{}`: {} and {}",
                        c.id,
                        j.account_name(first.account),
                        j.account_name(c.account)
                    ),
                )
                .label(first.location, "the other customer with this id")
                .note("a customer's id is the last segment of its account name; rename one of the accounts"),
            );
        } else {
            by_id.insert(&c.id, c);
        }
    }
    // A customer below another: look each ancestor name up, in the order of the list.
    let by_name: FxHashMap<&str, usize> = list
        .iter()
        .enumerate()
        .map(|(i, c)| (j.account_name(c.account), i))
        .collect();
    for c in list {
        let name = j.account_name(c.account);
        let mut parents: Vec<usize> = name
            .match_indices(':')
            .filter_map(|(end, _)| by_name.get(&name[..end]).copied())
            .collect();
        parents.sort_unstable();
        for parent in parents.into_iter().map(|i| &list[i]) {
            let pname = j.account_name(parent.account);
            diags.push(
                Diagnostic::error(
                    Code::Receivable,
                    c.location,
                    format!("customer account {name} is below another customer account, {pname}"),
                )
                .label(parent.location, "the enclosing customer"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arledger_journal::parse_str;

    /// Every customer below another is reported once per enclosing customer, nearest last, in
    /// the order of the customer list; ids shared across roots too.
    #[test]
    fn ambiguity_finds_every_enclosing_customer_and_shared_id() {
        let l = parse_str(
            "2026-01-01 (I-1) x\n    Assets:Receivable:A  1 USD\n    Assets:Receivable:A:B  1 USD\n    Assets:Receivable:A:B:C  1 USD\n    Assets:Receivable:D  1 USD\n    Income\naccount Clients:C  ; customer: C\n",
        );
        let j = &l.journal;
        let (c, diags) = customers(j, DEFAULT_ROOT);
        assert_eq!(c.list.len(), 5);
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "two customer accounts have the id `C`: Clients:C and Assets:Receivable:A:B:C",
                "customer account Assets:Receivable:A:B is below another customer account, Assets:Receivable:A",
                "customer account Assets:Receivable:A:B:C is below another customer account, Assets:Receivable:A",
                "customer account Assets:Receivable:A:B:C is below another customer account, Assets:Receivable:A:B",
            ]
        );
    }
}
