//! `arledger allowance`: the allowance for doubtful accounts (§7.5) — required by aging bucket
//! rates and customers' specific reserves, held by the allowance account, and the adjusting
//! entry for the difference.

use arledger_journal::Status;
use arledger_report::ar::{allowance, Allowance, AllowanceRules, Rates, Reserve};
use arledger_report::table::{Column, Table, Value};

use super::Output;
use crate::allowance_config::AllowanceConfig;
use crate::args::AllowanceArgs;
use crate::entries::{Entry, EntryAmount, EntryPosting};
use crate::receivables::money;
use crate::session::Session;
use crate::Failure;

/// Runs `allowance`.
pub fn run(s: &Session, a: &AllowanceArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let g = &s.config;
    let config = crate::books_config::for_books(g)?.allowance;
    let rates = rates(&config, a.rates.as_deref())?;
    if a.emit_journal {
        o.journal_text("--emit-journal")?;
    }
    let (loaded, ar) = s.receivables(&a.ar)?;
    let j = &loaded.journal;
    let rules = AllowanceRules {
        buckets: &config.buckets,
        rates: &rates,
        account: &config.account,
    };
    let report = allowance(j, ar, &rules).map_err(Failure::overflow)?;
    if !report.account_in_books {
        eprintln!(
            "note: the allowance account `{}` is not in the books yet: the allowance held is \
             taken as 0 (a different name is set with `account` in [allowance] of arledger.toml)",
            config.account
        );
    }
    if a.emit_journal {
        if let Some(entry) = adjustment(j, &report, &config) {
            out.push_str(&crate::write::append::closers_for_emitted(loaded));
            // A blank line first, so that `>> books.journal` appends cleanly.
            out.push('\n');
            out.push_str(&entry.text());
        }
        return Ok(());
    }
    out.push_str(&o.table(&table(j, ar, &report, &config)));
    Ok(())
}

/// The rates of `--rates`, else of `[allowance.rates]`; neither is a usage error.
fn rates(config: &AllowanceConfig, option: Option<&str>) -> Result<Rates, Failure> {
    match (option, &config.rates) {
        (Some(text), _) => Rates::parse(text, &config.buckets)
            .map_err(|e| Failure::Usage(format!("invalid --rates `{text}`: {e}"))),
        (None, Some(r)) => Ok(r.clone()),
        (None, None) => Err(Failure::Usage(format!(
            "no allowance rates: give --rates \"{}\" or an [allowance.rates] table in arledger.toml",
            config
                .buckets
                .names()
                .iter()
                .map(|n| format!("{n}=N%"))
                .collect::<Vec<_>>()
                .join(",")
        ))),
    }
}

/// The report as one table: a row per bucket and commodity, a row per specific reserve, then
/// per commodity what is required, what the allowance account holds and the difference.
fn table(
    j: &arledger_journal::Journal,
    ar: &arledger_report::ar::OpenItems,
    report: &Allowance,
    config: &AllowanceConfig,
) -> Table {
    let mut t = Table::new(vec![
        Column::text("kind"),
        Column::text("name"),
        Column::text("commodity"),
        Column::money("open"),
        Column::percent("percent"),
        Column::money("amount"),
    ])
    .with_id("allowance")
    .titled(format!(
        "Allowance for doubtful accounts at {}",
        report.as_of
    ));
    t.empty = Some("Nothing open and nothing held.".into());
    for l in &report.lines {
        t.push(vec![
            "bucket".into(),
            report.buckets[l.bucket].clone().into(),
            j.commodity_name(l.commodity).into(),
            money(j, l.commodity, l.open),
            Value::Percent(l.percent),
            money(j, l.commodity, l.required),
        ]);
    }
    for r in &report.reserves {
        let percent = match r.reserve {
            Reserve::Percent(p) => Value::Percent(p),
            Reserve::Amount(..) => Value::Empty,
        };
        t.push(vec![
            "reserve".into(),
            ar.customers.list[r.customer].id.clone().into(),
            j.commodity_name(r.commodity).into(),
            money(j, r.commodity, r.open),
            percent,
            money(j, r.commodity, r.required),
        ]);
    }
    for total in &report.totals {
        let c = total.commodity;
        let name = j.commodity_name(c);
        t.push_total(vec![
            "required".into(),
            Value::Empty,
            name.into(),
            money(j, c, total.open),
            Value::Empty,
            money(j, c, total.required),
        ]);
        t.push_total(vec![
            "held".into(),
            config.account.clone().into(),
            name.into(),
            Value::Empty,
            Value::Empty,
            money(j, c, total.held),
        ]);
        t.push_total(vec![
            "difference".into(),
            Value::Empty,
            name.into(),
            Value::Empty,
            Value::Empty,
            money(j, c, total.difference()),
        ]);
    }
    t
}

/// The adjusting entry: per commodity with a difference, the bad-debt expense debited and the
/// allowance credited by it (the reverse when the allowance is larger than required); `None`
/// when nothing differs.
fn adjustment(
    j: &arledger_journal::Journal,
    report: &Allowance,
    config: &AllowanceConfig,
) -> Option<Entry> {
    let mut postings = Vec::new();
    for total in report.totals.iter().filter(|t| !t.difference().is_zero()) {
        let d = total.difference();
        postings.push(EntryPosting::new(
            &config.expense,
            Some(EntryAmount::new(j, d, total.commodity)),
        ));
        postings.push(EntryPosting::new(
            &config.account,
            Some(EntryAmount::new(j, -d, total.commodity)),
        ));
    }
    (!postings.is_empty()).then(|| Entry {
        date: report.as_of,
        status: Status::Cleared,
        code: None,
        description: "Allowance for doubtful accounts".into(),
        header_tags: Vec::new(),
        tags: Vec::new(),
        postings,
    })
}
