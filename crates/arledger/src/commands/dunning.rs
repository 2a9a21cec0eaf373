//! `arledger dunning`: one reminder letter per customer for the items due for a dunning level
//! (minijinja templates, shipped defaults or the user's), optional late fees, and reminder
//! records appended to the journal so that the next run knows what was sent.

use std::path::{Path, PathBuf};

use arledger_journal::{Journal, Loaded};
use arledger_report::ar::{late_fees, records, worklist, FeeRule, Level, OpenItems, WorkItem};
use serde_json::json;

use super::Output;
use crate::args::{ArArgs, DunningArgs, Format, Global};
use crate::entries::{Entry, ItemEntry};
use crate::progress::{Bar, Unit};
use crate::receivables::shown;
use crate::write::append::Addition;
use crate::Failure;

/// The shipped templates, by file name: the two layouts the letters extend, then the letters.
const DEFAULTS: [(&str, &str); 10] = [
    (
        "_letter.md",
        include_str!("../../templates/dunning/_letter.md"),
    ),
    (
        "_letter.html",
        include_str!("../../templates/dunning/_letter.html"),
    ),
    (
        "level-1.md",
        include_str!("../../templates/dunning/level-1.md"),
    ),
    (
        "level-2.md",
        include_str!("../../templates/dunning/level-2.md"),
    ),
    (
        "level-3.md",
        include_str!("../../templates/dunning/level-3.md"),
    ),
    (
        "level-final.md",
        include_str!("../../templates/dunning/level-final.md"),
    ),
    (
        "level-1.html",
        include_str!("../../templates/dunning/level-1.html"),
    ),
    (
        "level-2.html",
        include_str!("../../templates/dunning/level-2.html"),
    ),
    (
        "level-3.html",
        include_str!("../../templates/dunning/level-3.html"),
    ),
    (
        "level-final.html",
        include_str!("../../templates/dunning/level-final.html"),
    ),
];

/// One letter: a customer, the level (the highest due among its items) and the items.
struct Letter<'w> {
    customer: usize,
    level: Level,
    items: Vec<&'w WorkItem>,
}

/// The template environment: the user's directory first, the shipped templates otherwise.
fn environment(dir: Option<&Path>) -> Result<minijinja::Environment<'static>, Failure> {
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
        }
    });
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    for (name, text) in DEFAULTS {
        let user = dir.map(|d| d.join(name)).filter(|p| p.exists());
        let source = match &user {
            Some(p) => std::fs::read_to_string(p)
                .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", p.display())))?,
            None => text.to_string(),
        };
        let shown = user.map_or_else(|| format!("(shipped) {name}"), |p| p.display().to_string());
        env.add_template_owned(name.to_string(), source)
            .map_err(|e| template_error(&shown, &e))?;
    }
    Ok(env)
}

/// `FILE:LINE: what is wrong` for a template error.
fn template_error(file: &str, e: &minijinja::Error) -> Failure {
    let line = e.line().map_or(String::new(), |l| format!(":{l}"));
    let detail = e.detail().unwrap_or_default();
    Failure::Usage(format!(
        "{file}{line}: template error: {}: {detail}",
        e.kind()
    ))
}

/// The render context of a letter (see docs/commands/dunning.md).
fn context(
    j: &Journal,
    ar: &OpenItems,
    letter: &Letter,
    sender: &crate::dunning_config::Sender,
) -> serde_json::Value {
    let c = &ar.customers.list[letter.customer];
    let items: Vec<serde_json::Value> = letter
        .items
        .iter()
        .map(|w| {
            let it = &ar.items[w.item];
            json!({
                "reference": it.reference(j),
                "date": it.date.to_string(),
                "due": it.due.to_string(),
                "days_overdue": w.days_overdue,
                "commodity": j.commodity_name(it.commodity),
                "open": shown(j, it.commodity, it.open),
                "original": shown(j, it.commodity, it.original),
            })
        })
        .collect();
    let mut totals: Vec<(arledger_journal::CommodityId, rust_decimal::Decimal)> = Vec::new();
    for w in &letter.items {
        let it = &ar.items[w.item];
        match totals.iter_mut().find(|(k, _)| *k == it.commodity) {
            Some((_, q)) => *q += it.open,
            None => totals.push((it.commodity, it.open)),
        }
    }
    json!({
        "date": ar.as_of.to_string(),
        "level": letter.level.as_str(),
        "customer": {
            "id": c.id,
            "name": c.name,
            "contact": c.contact,
            "email": c.email,
        },
        "sender": sender,
        "items": items,
        "totals": totals.iter().map(|(k, q)| json!({
            "commodity": j.commodity_name(*k),
            "open": shown(j, *k, *q),
        })).collect::<Vec<_>>(),
    })
}

/// Runs `dunning`.
pub fn run(g: &Global, a: &DunningArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let ext = match o.format {
        Format::Html => "html",
        _ => "md",
    };
    let config = crate::dunning_config::load(g, a.config.as_deref())?;
    let rule: Option<FeeRule> = a
        .late_fees
        .as_deref()
        .map(str::parse)
        .transpose()
        .map_err(Failure::Usage)?;
    let env = environment(a.templates.as_deref())?;
    let filter = crate::receivables::filter(a.customer.as_deref())?;
    // Recording holds the writers' lock from the read on.
    let lock = (a.record && !a.dry_run)
        .then(|| crate::input::lock_books(g))
        .transpose()?;
    let (loaded, ar) = crate::receivables::load(
        g,
        &ArArgs {
            date: a.ar.date.clone(),
            receivable_root: a.ar.receivable_root.clone(),
        },
    )?;
    let j = &loaded.journal;
    let recs = records(j, &ar);
    let work = worklist(j, &ar, &recs, &config.policy);
    let letters: Vec<Letter> = work
        .iter()
        .filter(|w| {
            let c = &ar.customers.list[w.customer];
            filter
                .as_ref()
                .is_none_or(|re| re.is_match(&c.id) || re.is_match(&c.name))
        })
        .filter_map(|w| {
            let items: Vec<&WorkItem> = w.items.iter().filter(|i| i.to_send().is_some()).collect();
            let level = items.iter().filter_map(|i| i.to_send()).max()?;
            Some(Letter {
                customer: w.customer,
                level,
                items,
            })
        })
        .collect();

    // Reminder records and late fees, as journal entries.
    let date = ar.as_of;
    let mut reminders = Vec::new();
    for l in &letters {
        let c = &ar.customers.list[l.customer];
        for w in &l.items {
            let level = w.to_send().unwrap_or(l.level);
            reminders.push(Entry::reminder(
                date,
                &c.name,
                &ar.items[w.item].reference(j),
                level.as_str(),
            ));
        }
    }
    let mut fees = Addition::default();
    if let Some(rule) = &rule {
        let sent: Vec<&WorkItem> = letters
            .iter()
            .flat_map(|l| l.items.iter().copied())
            .collect();
        for f in late_fees(j, &ar, &sent, rule).map_err(Failure::overflow)? {
            let it = &ar.items[f.item];
            let c = &ar.customers.list[it.customer];
            let reference = it.reference(j);
            fees.entries.push(
                ItemEntry {
                    date,
                    payee: &c.name,
                    description: format!("Late fee on {reference}"),
                    reference: &reference,
                    tags: vec![("late-fee", rule.to_string())],
                    customer: j.account_name(c.account),
                    quantity: f.amount,
                    commodity: it.commodity,
                    other: &a.fee_account,
                }
                .entry(j),
            );
        }
        // Keep `check --strict` clean: declare the fee account when the journal does not.
        let declared = j
            .accounts
            .get(&a.fee_account)
            .is_some_and(|id| j.account_info[id.index()].declared.is_some());
        if !fees.entries.is_empty() && !declared {
            fees.directives = format!("account {}\n", a.fee_account);
        }
    }
    let entries = Addition {
        directives: String::new(),
        entries: reminders.clone(),
    }
    .text();

    if a.dry_run {
        out.push_str(&format!(
            "Dunning run at {date} (dry run: nothing written)\n\n"
        ));
        if letters.is_empty() {
            out.push_str("No reminder is due.\n");
        }
        for l in &letters {
            let c = &ar.customers.list[l.customer];
            let refs: Vec<String> = l
                .items
                .iter()
                .map(|w| {
                    format!(
                        "{} (level {})",
                        ar.items[w.item].reference(j),
                        w.to_send().unwrap_or(l.level)
                    )
                })
                .collect();
            out.push_str(&format!(
                "Would send a level {} letter to {} ({}): {}\n",
                l.level,
                c.id,
                c.email.as_deref().unwrap_or("no email"),
                refs.join(", ")
            ));
        }
        if !entries.is_empty() {
            out.push_str("\nWould record:\n");
            out.push_str(&entries);
        }
        if !fees.is_empty() {
            out.push_str("\nWould charge late fees:\n");
            out.push_str(&fees.text());
        }
        return Ok(());
    }

    // One file per letter: customer ids that slug alike get distinct names (spec §4).
    let ids: Vec<&str> = letters
        .iter()
        .map(|l| ar.customers.list[l.customer].id.as_str())
        .collect();
    let stems = crate::write::names::unique_stems(&ids);
    let mut written: Vec<PathBuf> = Vec::new();
    let bar = Bar::stderr("Writing letters", Unit::Items);
    for (k, l) in letters.iter().enumerate() {
        bar.set(k as u64, letters.len() as u64);
        let name = format!("level-{}.{ext}", l.level);
        let template = env
            .get_template(&name)
            .map_err(|e| template_error(&name, &e))?;
        let mut text = template
            .render(context(j, &ar, l, &config.sender))
            .map_err(|e| template_error(&name, &e))?;
        if !text.ends_with('\n') {
            text.push('\n');
        }
        match &a.out {
            Some(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| Failure::Usage(format!("cannot create {}: {e}", dir.display())))?;
                let path = dir.join(format!("{date}-{}-level-{}.{ext}", stems[k], l.level));
                crate::write::write_file(&path, text.as_bytes())
                    .map_err(|e| Failure::Journal(format!("error: {e}")))?;
                written.push(path);
            }
            None => {
                if k > 0 {
                    out.push_str(if ext == "html" { "\n" } else { "\n---\n\n" });
                }
                out.push_str(&text);
            }
        }
    }
    bar.finish();
    let charged = fees.entries.len();
    if let Some(lock) = &lock {
        if !reminders.is_empty() || !fees.is_empty() {
            let mut addition = fees;
            addition.entries.splice(0..0, reminders);
            let validate = |l: &Loaded| {
                crate::checks::findings(g, l, &a.ar.receivable_root).unwrap_or_default()
            };
            crate::input::append_to_journal(g, lock, &loaded, &addition, &validate)?;
        }
    } else if !fees.is_empty() {
        out.push_str("\n; Late fees to append to the journal (or run with --record):\n");
        out.push_str(&fees.text());
    }
    let n = letters.len();
    let items: usize = letters.iter().map(|l| l.items.len()).sum();
    eprintln!(
        "{n} letter{} for {items} item{}{}{}{}",
        if n == 1 { "" } else { "s" },
        if items == 1 { "" } else { "s" },
        if written.is_empty() {
            String::new()
        } else {
            format!(
                " written to {}",
                a.out.as_deref().unwrap_or(Path::new(".")).display()
            )
        },
        if a.record && items > 0 {
            "; reminders recorded in the journal"
        } else {
            ""
        },
        match (charged, a.record) {
            (0, _) => String::new(),
            (k, true) => format!("; {k} late fee{} recorded", if k == 1 { "" } else { "s" }),
            (k, false) => format!("; {k} late fee{} printed", if k == 1 { "" } else { "s" }),
        }
    );
    Ok(())
}
