//! From `add`'s options to the entry it appends and the summary it prints: numbering, due
//! dates, purchase orders, the credit hold, and how a payment or credit is applied.

use std::fmt::Write as _;

use arledger_journal::parse::amount::{interpret_number, raw_amount};
use arledger_journal::{CommodityId, Journal};
use arledger_report::ar::{
    credit_holds, grouped_amount as grouped, Customer, HoldReason, ItemKind, OpenItems,
};
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use super::{AddArgs, Books, Kind};
use crate::books_config::NumberPattern;
use crate::documents::{Application, DocLine, Header};
use crate::entries::{fits, tag_text, Entry, EntryAmount};
use crate::Failure;

/// What `add` will append, and what it tells the user about it.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The entry.
    pub entry: Entry,
    /// What it does, in words (which items it settles, what is left).
    pub summary: String,
}

/// How the refusal of an invoice past the credit limit starts.
const CREDIT_HOLD: &str = "credit hold:";

/// Why [`plan`] wrote nothing.
#[derive(Debug)]
pub enum Refused {
    /// The customer is on credit hold (§7.2) and the override was not given: what is over the
    /// limit or past due, and how to invoice anyway. Interactive `add` offers the override.
    CreditHold(String),
    /// Any other problem.
    Failure(Failure),
}

impl From<Failure> for Refused {
    fn from(f: Failure) -> Refused {
        Refused::Failure(f)
    }
}

impl From<Refused> for Failure {
    fn from(r: Refused) -> Failure {
        match r {
            Refused::CreditHold(message) => Failure::Usage(message),
            Refused::Failure(f) => f,
        }
    }
}

fn usage(msg: impl Into<String>) -> Failure {
    Failure::Usage(msg.into())
}

/// The next number of `pattern` in the books: one more than the highest number written with
/// the pattern in a transaction code or an `invoice:` tag, or 1.
pub fn next_number(j: &Journal, pattern: &NumberPattern) -> String {
    let invoice = j.tag_names.get("invoice");
    let codes = j.transactions.iter().filter_map(|t| t.code());
    let tags = j
        .transactions
        .iter()
        .flat_map(|t| {
            j.tags_in(&t.tags).iter().chain(
                j.postings_of(t)
                    .iter()
                    .flat_map(|p| j.tags_in(&j.posting_tags(p))),
            )
        })
        .filter(|t| Some(t.name) == invoice)
        .map(|t| t.value);
    let highest = codes
        .chain(tags)
        .filter_map(|span| pattern.number_of(j.text(span)))
        .max()
        .unwrap_or(0);
    pattern.format(highest.saturating_add(1))
}

/// Reads an amount given on the command line (`500`, `500.00 USD`, `$500.00`, `1,234.50`):
/// `.` is the decimal mark, unless the commodity's style has `,`. Without a commodity, it is
/// `default`. The commodity must be one of the books, and the amount may not have more decimals
/// than the books write it with (it would be shown rounded).
pub fn parse_money(
    j: &Journal,
    text: &str,
    default: Option<CommodityId>,
) -> Result<(Decimal, CommodityId), String> {
    let shown = text.trim();
    let bad = || {
        format!("cannot read the amount `{shown}`: expected a number like 1234.50 or 1234.50 USD")
    };
    let (rest, raw) = raw_amount(shown).map_err(|_| bad())?;
    if !rest.trim().is_empty() {
        return Err(bad());
    }
    let commodity = if raw.commodity.is_empty() {
        default.ok_or_else(|| {
            format!("the amount `{shown}` has no commodity and the customer none to take: write it like `{shown} USD`")
        })?
    } else {
        j.commodities.get(raw.commodity).ok_or_else(|| {
            format!(
                "the books have no commodity `{}` (the amount `{shown}`)",
                raw.commodity
            )
        })?
    };
    let mark = j.style(commodity).decimal_mark;
    let n = interpret_number(raw.number, raw.exponent, Some(mark)).map_err(|_| bad())?;
    let q = if raw.negative { -n.value } else { n.value };
    fits(j, q, commodity)?;
    Ok((q, commodity))
}

/// An amount as the books write it (no digit groups), for entries.
fn entry_amount(j: &Journal, q: Decimal, c: CommodityId) -> EntryAmount {
    EntryAmount::new(j, q, c)
}

/// The commodity of a customer's amounts: its `currency:` tag, else that of its latest item,
/// else the books' only commodity.
pub fn customer_commodity(j: &Journal, ar: &OpenItems, c: usize) -> Option<CommodityId> {
    let customer = &ar.customers.list[c];
    if let Some(id) = customer
        .currency
        .as_deref()
        .and_then(|s| j.commodities.get(s))
    {
        return Some(id);
    }
    if let Some(it) = ar.items.iter().rev().find(|it| it.customer == c) {
        return Some(it.commodity);
    }
    let mut used = j
        .postings
        .iter()
        .map(|p| p.amount.commodity)
        .filter(|&k| !j.commodity_name(k).is_empty());
    let first = used.next()?;
    used.all(|k| k == first).then_some(first)
}

/// Reads one `--line`: `DESCRIPTION=AMOUNT` or `DESCRIPTION=QTY@PRICE`.
fn parse_line(j: &Journal, text: &str, default: Option<CommodityId>) -> Result<DocLine, Failure> {
    let (description, value) = text.rsplit_once('=').ok_or_else(|| {
        usage(format!(
            "--line `{text}`: expected DESCRIPTION=AMOUNT or DESCRIPTION=QTY@PRICE"
        ))
    })?;
    let description = description.trim();
    if description.is_empty() {
        return Err(usage(format!("--line `{text}` has no description")));
    }
    let err = |m: String| usage(format!("--line `{text}`: {m}"));
    let (q, c, unit) = match value.split_once('@') {
        Some((qty, price)) => {
            let qty = Decimal::from_str_exact(qty.trim())
                .map_err(|_| err(format!("cannot read the quantity `{}`", qty.trim())))?;
            let (price, c) = parse_money(j, price, default).map_err(err)?;
            let total = qty
                .checked_mul(price)
                .ok_or_else(|| err("the line's amount is too large".into()))?;
            fits(j, total, c).map_err(|m| err(format!("the line's amount {m}")))?;
            (total, c, Some((qty, price)))
        }
        None => {
            let (q, c) = parse_money(j, value, default).map_err(err)?;
            (q, c, None)
        }
    };
    if q <= Decimal::ZERO {
        return Err(err("a line's amount must be positive".into()));
    }
    Ok(DocLine {
        description: description.to_string(),
        unit,
        amount: q,
        commodity: c,
    })
}

/// The date of the document.
fn date_of(books: &Books, a: &AddArgs) -> Result<NaiveDate, Failure> {
    match &a.date {
        Some(d) => {
            arledger_report::parse_date_arg(d, books.today).map_err(|e| usage(e.to_string()))
        }
        None => Ok(books.today),
    }
}

/// The plan of `a` on `books`.
pub fn plan(books: &Books, a: &AddArgs) -> Result<Plan, Refused> {
    let kind = a
        .kind
        .ok_or_else(|| usage("say what to add: invoice, credit, payment or writeoff"))?;
    let j = &books.loaded.journal;
    let query = a
        .customer
        .as_deref()
        .ok_or_else(|| usage(format!("`add {}` needs --customer", kind.name())))?;
    let c = crate::receivables::find_customer(&books.ar, query)?;
    let customer = &books.ar.customers.list[c];
    let date = date_of(books, a)?;
    let default = customer_commodity(j, &books.ar, c);
    let lines = a
        .lines
        .iter()
        .map(|l| parse_line(j, l, default))
        .collect::<Result<Vec<_>, _>>()?;
    let amount = a
        .amount
        .as_deref()
        .map(|t| parse_money(j, t, default).map_err(|m| usage(format!("--amount: {m}"))))
        .transpose()?;
    if let Some((q, _)) = amount {
        if q <= Decimal::ZERO {
            return Err(usage("--amount must be positive").into());
        }
    }
    let account = a.account.as_deref().unwrap_or(kind.default_account());
    let customer_account = j.account_name(customer.account);
    match kind {
        Kind::Invoice => invoice(books, a, c, date, lines, amount, account),
        Kind::Credit | Kind::Payment | Kind::Writeoff => {
            if kind != Kind::Credit && !lines.is_empty() {
                return Err(
                    usage(format!("`add {}` takes --amount, not --line", kind.name())).into(),
                );
            }
            if a.po.is_some() || a.override_credit_hold {
                return Err(
                    usage("--po and --override-credit-hold are for invoices".to_string()).into(),
                );
            }
            let plan = settle(
                books,
                a,
                kind,
                Settle {
                    c,
                    date,
                    lines,
                    amount,
                    account,
                    customer_account,
                },
            )?;
            Ok(plan)
        }
    }
}

/// What a credit memo, payment or write-off is made of.
struct Settle<'a> {
    c: usize,
    date: NaiveDate,
    lines: Vec<DocLine>,
    amount: Option<(Decimal, CommodityId)>,
    account: &'a str,
    customer_account: &'a str,
}

/// The lines' total, all in one commodity.
fn total_of(lines: &[DocLine]) -> Result<(Decimal, CommodityId), Failure> {
    let c = lines[0].commodity;
    if lines.iter().any(|l| l.commodity != c) {
        return Err(usage(
            "the lines of one document must all be in one commodity",
        ));
    }
    let q = lines
        .iter()
        .try_fold(Decimal::ZERO, |s, l| s.checked_add(l.amount))
        .ok_or_else(|| usage("the lines' total is too large"))?;
    Ok((q, c))
}

fn invoice(
    books: &Books,
    a: &AddArgs,
    c: usize,
    date: NaiveDate,
    mut lines: Vec<DocLine>,
    amount: Option<(Decimal, CommodityId)>,
    account: &str,
) -> Result<Plan, Refused> {
    let j = &books.loaded.journal;
    let customer = &books.ar.customers.list[c];
    if !a.invoices.is_empty() && a.invoices.len() > 1 {
        return Err(usage("an invoice has one number: give --invoice once").into());
    }
    match (&amount, lines.is_empty()) {
        (Some(_), false) => {
            return Err(usage("give an invoice's --line items or its --amount, not both").into())
        }
        (None, true) => {
            return Err(usage("an invoice needs --line DESCRIPTION=AMOUNT (or --amount)").into())
        }
        (Some((q, k)), true) => lines.push(DocLine {
            description: a.memo.clone().unwrap_or_default(),
            unit: None,
            amount: *q,
            commodity: *k,
        }),
        (None, false) => {}
    }
    let (total, commodity) = total_of(&lines)?;
    let po = a.po.as_deref().map(tag_text).filter(|p| !p.is_empty());
    if customer.po_required && po.is_none() {
        return Err(usage(format!(
            "customer {} requires a purchase order: give --po NUMBER",
            customer.id
        ))
        .into());
    }
    let number = match a.invoices.first() {
        Some(n) => reference_arg(n)?,
        None => next_number(j, &books.config.numbers.invoice),
    };
    let mut tags = vec![("due".to_string(), due_date(customer, date).to_string())];
    if let Some(po) = po {
        tags.push(("po".into(), po));
    }
    let mut summary = String::new();
    let held = match on_hold(books, a, customer, date) {
        Some(plain) => Some((format!("{CREDIT_HOLD} {plain}"), plain)),
        None => credit_hold(j, &books.ar, c, total, commodity)?,
    };
    if let Some((over, plain)) = held {
        if !a.override_credit_hold {
            return Err(Refused::CreditHold(format!(
                "{over}; customer {} is on credit hold: nothing was written (--override-credit-hold invoices anyway)",
                customer.id
            )));
        }
        let _ = writeln!(summary, "Overriding the {over}");
        tags.push(("credit-hold-override".into(), plain));
    }
    let note = a
        .memo
        .clone()
        .unwrap_or_else(|| format!("Invoice {number}"));
    let header = Header {
        date,
        number: Some(&number),
        payee: &customer.name,
        note: &note,
        tags,
    };
    let entry = Entry::invoice(
        j,
        &header,
        j.account_name(customer.account),
        entry_amount(j, total, commodity),
        account,
        &lines,
    );
    let _ = writeln!(
        summary,
        "Invoice {number} to {} for {} {}, due {}",
        customer.id,
        grouped(j, total, commodity),
        j.commodity_name(commodity),
        due_date(customer, date)
    );
    Ok(Plan { entry, summary })
}

/// A reference given on the command line, checked to be one the books can hold.
fn reference_arg(text: &str) -> Result<String, Failure> {
    let r = text.trim();
    if r.is_empty() || tag_text(r) != r || r.contains([' ', '(', ')']) {
        return Err(usage(format!(
            "`{text}` cannot be a document number: no spaces, commas, colons, semicolons, `|` or parentheses"
        )));
    }
    Ok(r.to_string())
}

/// The due date of an invoice of `customer` dated `date` (its terms; 30 days without).
fn due_date(customer: &Customer, date: NaiveDate) -> NaiveDate {
    match customer.terms {
        Some(t) => t.due(date),
        None => date.checked_add_days(Days::new(30)).unwrap_or(date),
    }
}

/// Why `customer` is on credit hold at `date` whatever the invoice (§7.2): by hand, or an
/// invoice more than `[credit] hold-days` past due (over its limit is [`credit_hold`]'s,
/// which counts the new invoice too).
fn on_hold(books: &Books, a: &AddArgs, customer: &Customer, date: NaiveDate) -> Option<String> {
    let at = books.items_at(date, &a.receivable_root);
    let c = at.customers.of_account(customer.account)?;
    match credit_holds(&books.loaded.journal, &at, books.config.credit)[c]? {
        HoldReason::Manual => Some("set by hand".into()),
        HoldReason::Overdue => Some(format!(
            "an invoice more than {} days past due",
            books.config.credit.hold_days.unwrap_or_default()
        )),
        HoldReason::OverLimit => None,
    }
}

/// `credit hold: 1,340.00 over the 8,000.00 limit` when invoicing `total` takes the customer
/// past its credit limit in that commodity (its balance over every date of the books), and the
/// same as a tag value (`1340.00 USD over the 8000.00 USD limit`).
fn credit_hold(
    j: &Journal,
    ar: &OpenItems,
    c: usize,
    total: Decimal,
    commodity: CommodityId,
) -> Result<Option<(String, String)>, Failure> {
    let customer = &ar.customers.list[c];
    let Some((limit, _)) = customer
        .credit_limit
        .as_ref()
        .filter(|(_, sym)| sym == j.commodity_name(commodity))
    else {
        return Ok(None);
    };
    let too_large = || Failure::Usage("the customer's balance is too large to compute".into());
    let balance = ar
        .items
        .iter()
        .filter(|it| it.customer == c && it.commodity == commodity)
        .try_fold(Decimal::ZERO, |s, it| s.checked_add(it.open))
        .ok_or_else(too_large)?;
    let after = balance.checked_add(total).ok_or_else(too_large)?;
    let over = after.checked_sub(*limit).ok_or_else(too_large)?;
    Ok((over > Decimal::ZERO).then(|| {
        (
            format!(
                "{CREDIT_HOLD} {} over the {} limit",
                grouped(j, over, commodity),
                grouped(j, *limit, commodity)
            ),
            format!(
                "{} over the {} limit",
                entry_amount(j, over, commodity).shown,
                entry_amount(j, *limit, commodity).shown
            ),
        )
    }))
}

/// A credit memo, payment or write-off: the amount, applied to the named invoices or oldest
/// first, the rest left as a credit (not for a write-off).
fn settle(books: &Books, a: &AddArgs, kind: Kind, s: Settle) -> Result<Plan, Failure> {
    let j = &books.loaded.journal;
    let at = books.items_at(s.date, &a.receivable_root);
    let customer = &books.ar.customers.list[s.c];
    // The same customer in the items at the date.
    let c = at.customers.of_account(customer.account).ok_or_else(|| {
        usage(format!(
            "customer {} has no items on {}",
            customer.id, s.date
        ))
    })?;
    let named: Vec<usize> = a
        .invoices
        .iter()
        .map(|r| {
            at.items
                .iter()
                .position(|it| it.customer == c && it.reference(j) == r.as_str())
                .ok_or_else(|| {
                    usage(format!(
                        "`{r}` is not an item of customer {} on {}",
                        customer.id, s.date
                    ))
                })
        })
        .collect::<Result<_, _>>()?;
    let (total, commodity) = match (s.amount, s.lines.is_empty()) {
        (Some(_), false) => return Err(usage("give the --line items or the --amount, not both")),
        (Some(x), true) => x,
        (None, false) => total_of(&s.lines)?,
        (None, true) if !named.is_empty() => {
            let k = at.items[named[0]].commodity;
            let q = named
                .iter()
                .map(|&i| at.items[i].open.max(Decimal::ZERO))
                .try_fold(Decimal::ZERO, |acc, q| acc.checked_add(q))
                .ok_or_else(|| usage("the invoices' total is too large"))?;
            if q.is_zero() {
                return Err(usage("the named invoices have nothing open: give --amount"));
            }
            (q, k)
        }
        (None, true) => {
            return Err(usage(format!(
                "`add {}` needs --amount (or --invoice REF to settle what is open on it)",
                kind.name()
            )))
        }
    };
    if let Some(&i) = named.iter().find(|&&i| at.items[i].commodity != commodity) {
        return Err(usage(format!(
            "`{}` is in {}, the amount in {}",
            at.items[i].reference(j),
            j.commodity_name(at.items[i].commodity),
            j.commodity_name(commodity)
        )));
    }
    // The items to settle, in order: the named ones, else the customer's open invoices in
    // this commodity, oldest first (due date, date, file position: §2.4).
    let order: Vec<usize> = if named.is_empty() {
        let mut open: Vec<usize> = (0..at.items.len())
            .filter(|&i| {
                let it = &at.items[i];
                it.customer == c
                    && it.commodity == commodity
                    && it.kind == ItemKind::Invoice
                    && it.open > Decimal::ZERO
            })
            .collect();
        open.sort_by_key(|&i| (at.items[i].due, at.items[i].date, at.items[i].posting));
        open
    } else {
        named.clone()
    };
    let mut left = total;
    let mut applied: Vec<Application> = Vec::new();
    let mut summary = String::new();
    let number = match kind {
        Kind::Credit => Some(next_number(j, &books.config.numbers.credit)),
        Kind::Payment => Some(next_number(j, &books.config.numbers.payment)),
        _ => None,
    };
    let what = match kind {
        Kind::Credit => "Credit memo",
        Kind::Payment => "Payment",
        _ => "Write-off",
    };
    let _ = writeln!(
        summary,
        "{what}{} from {} of {} {}",
        number.as_deref().map_or(String::new(), |n| format!(" {n}")),
        customer.id,
        grouped(j, total, commodity),
        j.commodity_name(commodity)
    );
    for (k, &i) in order.iter().enumerate() {
        if left.is_zero() {
            break;
        }
        let it = &at.items[i];
        let open = it.open.max(Decimal::ZERO);
        let last_named = !named.is_empty() && k + 1 == order.len();
        // The last named invoice takes what is left: paid past its open amount, it holds a
        // credit balance (an overpayment, §2.3).
        let take = if last_named && kind != Kind::Writeoff {
            left
        } else {
            open.min(left)
        };
        if take.is_zero() {
            continue;
        }
        left -= take;
        let reference = it.reference(j).into_owned();
        let rest = it.open - take;
        let state = if rest.is_zero() {
            "settled".to_string()
        } else if rest > Decimal::ZERO {
            format!("{} left open", grouped(j, rest, commodity))
        } else {
            format!(
                "overpaid: {} left as a credit on it",
                grouped(j, -rest, commodity)
            )
        };
        let _ = writeln!(
            summary,
            "  {reference}: {} of {} open, {state}",
            grouped(j, take, commodity),
            grouped(j, it.open, commodity)
        );
        applied.push(Application {
            reference: Some(reference),
            amount: take,
        });
    }
    if !left.is_zero() {
        if kind == Kind::Writeoff {
            return Err(usage(format!(
                "the write-off of {} is more than the {} open on the invoices it names",
                grouped(j, total, commodity),
                grouped(j, total - left, commodity)
            )));
        }
        let _ = writeln!(
            summary,
            "  {} left as a credit ({})",
            grouped(j, left, commodity),
            number.as_deref().unwrap_or_default()
        );
        applied.push(Application {
            reference: None,
            amount: left,
        });
    }
    let memo = a.memo.clone().unwrap_or_else(|| match kind {
        Kind::Writeoff => "Write-off".into(),
        _ => what.to_string(),
    });
    let mut tags = Vec::new();
    match kind {
        Kind::Credit => tags.push(("credit-memo".to_string(), tag_text(&memo))),
        Kind::Writeoff => tags.push(("writeoff-reason".to_string(), tag_text(&memo))),
        _ => {}
    }
    let header = Header {
        date: s.date,
        number: number.as_deref(),
        payee: &customer.name,
        note: &memo,
        tags,
    };
    let entry = match kind {
        Kind::Credit => {
            let lines = if s.lines.is_empty() {
                vec![DocLine {
                    description: String::new(),
                    unit: None,
                    amount: total,
                    commodity,
                }]
            } else {
                s.lines
            };
            Entry::credit_memo(j, &header, s.customer_account, s.account, &lines, &applied)
        }
        _ => Entry::settlement(
            j,
            &header,
            s.customer_account,
            s.account,
            (total, commodity),
            &applied,
        ),
    };
    Ok(Plan { entry, summary })
}
