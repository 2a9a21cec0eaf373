//! `arledger dunning`: one reminder letter per customer for the items due for a dunning level
//! (minijinja templates, shipped defaults or the user's), optional late fees, and reminder
//! records appended to the journal so that the next run knows what was sent.

use std::path::{Path, PathBuf};

use arledger_journal::{Journal, Loaded};
use arledger_report::ar::{late_fees, records, worklist, FeeRule, OpenItems, WorkItem};
use arledger_report::documents::{reminder, BusinessDocument, Issuer, Reminder};

use super::Output;
use crate::args::{DunningArgs, Format};
use crate::dunning_config::Sender;
use crate::entries::{Entry, ItemEntry};
use crate::progress::{Bar, Unit};
use crate::render::business::{bytes, write, Settings};
use crate::session::Session;
use crate::write::append::Addition;
use crate::Failure;

/// Template files of the letters before they became documents: a books directory that still
/// has them is refused with what to do, rather than silently ignored.
fn refuse_old_templates(dir: &Path) -> Result<(), Failure> {
    let old = ["_letter", "level-1", "level-2", "level-3", "level-final"];
    for name in old {
        for ext in ["md", "html"] {
            let path = dir.join(format!("{name}.{ext}"));
            if path.exists() {
                return Err(Failure::Usage(format!(
                    "{}: dunning letters are documents now, made from the document templates:                      rename level-N templates to dunning-N (dunning-1.md … dunning-final.html)                      and use the document context (docs/documents.md, \"Templates\")",
                    path.display()
                )));
            }
        }
    }
    Ok(())
}

/// The letterhead of the letters: the books' `[issuer]`, completed by the dunning `[sender]`
/// where the issuer leaves a field out (one source of truth: the issuer wins).
fn issuer(books: &Issuer, sender: &Sender) -> Issuer {
    let mut i = books.clone();
    i.name = i.name.or_else(|| sender.company.clone());
    i.email = i.email.or_else(|| sender.email.clone());
    i.phone = i.phone.or_else(|| sender.phone.clone());
    i
}

/// The letter `r` as a document: `[sender] payment` is how to pay when the issuer gives none.
fn letter(
    j: &Journal,
    ar: &OpenItems,
    r: &Reminder,
    issuer: &Issuer,
    sender: &Sender,
) -> BusinessDocument {
    let mut d = reminder(j, ar, r, issuer, sender.name.as_deref());
    if d.payment.is_empty() {
        d.payment.extend(sender.payment.iter().cloned());
    }
    d
}

/// What a letter is, once and for all, in the record of what was sent: its kind, the customer
/// and the items (`dunning-2 Lumen INV-2014,INV-2019`), so a second run sends it no more.
fn mail_key(j: &Journal, ar: &OpenItems, r: &Reminder) -> String {
    let refs: Vec<String> = r
        .items
        .iter()
        .map(|w| ar.items[w.item].reference(j).into_owned())
        .collect();
    format!(
        "dunning-{} {} {}",
        r.level,
        ar.customers.list[r.customer].id,
        refs.join(",")
    )
}

/// Where and how the letters are put on paper (not e-mailed).
struct Paper<'a> {
    format: Format,
    settings: &'a Settings<'a>,
    /// `--out DIR`: one file per letter.
    dir: Option<&'a Path>,
    /// `-o FILE`.
    file: Option<&'a Path>,
}

impl Paper<'_> {
    /// Writes the letters `docs` (of `letters`, to customers `ids`) into the directory, else
    /// onto `out` one after the other (PDF: into the `-o` file, one letter only); returns the
    /// files written.
    fn put(
        &self,
        letters: &[Reminder],
        docs: &[BusinessDocument],
        ids: &[&str],
        date: chrono::NaiveDate,
        out: &mut String,
    ) -> Result<Vec<PathBuf>, Failure> {
        let ext = match self.format {
            Format::Text => "txt",
            f => f.name(),
        };
        if self.format == Format::Pdf && self.dir.is_none() && docs.len() > 1 {
            return Err(Failure::Usage(format!(
                "{} letters are due: give their directory with --out DIR",
                docs.len()
            )));
        }
        // One file per letter: customer ids that slug alike get distinct names (spec §4).
        let stems = crate::write::names::unique_stems(ids);
        let mut written = Vec::new();
        let bar = Bar::stderr("Writing letters", Unit::Items);
        for (k, (l, d)) in letters.iter().zip(docs).enumerate() {
            bar.set(k as u64, docs.len() as u64);
            let body = bytes(d, self.format, self.settings)?;
            match (self.dir, self.file) {
                (Some(dir), _) => {
                    std::fs::create_dir_all(dir).map_err(|e| {
                        Failure::Usage(format!("cannot create {}: {e}", dir.display()))
                    })?;
                    let path = dir.join(format!("{date}-{}-level-{}.{ext}", stems[k], l.level));
                    write(&path, &body)?;
                    written.push(path);
                }
                (None, Some(file)) if self.format == Format::Pdf => write(file, &body)?,
                (None, _) => {
                    if k > 0 {
                        out.push_str(if ext == "html" { "\n" } else { "\n---\n\n" });
                    }
                    out.push_str(&String::from_utf8_lossy(&body));
                }
            }
        }
        bar.finish();
        Ok(written)
    }
}

/// Runs `dunning`.
pub fn run(s: &mut Session, a: &DunningArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    // Recording holds the writers' lock from the read on.
    let lock = (a.record && !a.dry_run)
        .then(|| s.lock_for_writing())
        .transpose()?;
    let s = &*s;
    let g = &s.config;
    let config = crate::dunning_config::load(g, a.config.as_deref())?;
    let books = crate::books_config::for_books(g)?;
    let templates = a
        .templates
        .as_deref()
        .or(books.documents.templates.as_deref());
    if let Some(dir) = templates {
        refuse_old_templates(dir)?;
    }
    let settings = Settings {
        templates,
        page_size: books.documents.page_size,
    };
    let letterhead = issuer(&books.documents.issuer, &config.sender);
    if o.format == Format::Pdf && a.out.is_none() && o.file.is_none() && !a.mail.wanted() {
        return Err(Failure::Usage(
            "PDF is binary: give the directory of the letters with --out DIR".into(),
        ));
    }
    let rule: Option<FeeRule> = a
        .late_fees
        .as_deref()
        .map(str::parse)
        .transpose()
        .map_err(Failure::Usage)?;
    let filter = crate::receivables::filter(a.customer.as_deref())?;
    let (loaded, ar) = s.receivables(&a.ar)?;
    let j = &loaded.journal;
    let recs = records(j, ar);
    let work = worklist(j, ar, &recs, &config.policy);
    let letters: Vec<Reminder> = work
        .iter()
        .filter(|w| crate::receivables::selects(filter.as_ref(), ar, w.customer))
        .filter_map(|w| {
            let items: Vec<&WorkItem> = w.items.iter().filter(|i| i.to_send().is_some()).collect();
            let level = items.iter().filter_map(|i| i.to_send()).max()?;
            Some(Reminder {
                customer: w.customer,
                level,
                items,
            })
        })
        .filter(|r| r.asks_for_payment(ar))
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
        for f in late_fees(j, ar, &sent, rule).map_err(Failure::overflow)? {
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

    let docs: Vec<BusinessDocument> = letters
        .iter()
        .map(|l| letter(j, ar, l, &letterhead, &config.sender))
        .collect();
    let written = if a.mail.wanted() {
        let keyed: Vec<(String, BusinessDocument)> = letters
            .iter()
            .zip(docs)
            .map(|(l, d)| (mail_key(j, ar, l), d))
            .collect();
        crate::mail::run(g, &books, &a.mail, &keyed, lock.as_ref(), out)?;
        Vec::new()
    } else {
        let ids: Vec<&str> = letters
            .iter()
            .map(|l| ar.customers.list[l.customer].id.as_str())
            .collect();
        let paper = Paper {
            format: o.format,
            settings: &settings,
            dir: a.out.as_deref(),
            file: o.file.as_deref(),
        };
        paper.put(&letters, &docs, &ids, date, out)?
    };
    let charged = fees.entries.len();
    if let Some(lock) = &lock {
        if !reminders.is_empty() || !fees.is_empty() {
            let mut addition = fees;
            addition.entries.splice(0..0, reminders);
            let validate = |l: &Loaded| crate::checks::findings(g, l, &a.ar.receivable_root);
            crate::input::append_to_journal(g, lock, loaded, &addition, &validate)?;
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
