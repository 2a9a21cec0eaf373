//! `arledger check`: parse, balance, assertions; with `--strict` also declarations.

use arledger_journal::strict::{check_strict, check_totals};
use arledger_journal::{Code, Diagnostic, Journal, Severity};
use arledger_report::ar::{ar_checks, open_items, ArOptions, OpenItems};
use chrono::NaiveDate;

use crate::args::{CheckArgs, ErrorFormat, Global};
use crate::input::{read, render_diagnostics, style};
use crate::Failure;

/// Runs `check`: exit 0 when the journal is clean, 1 when it has errors.
pub fn run(g: &Global, a: &CheckArgs, out: &mut String) -> Result<(), Failure> {
    let loaded = read(g)?;
    let mut diags = loaded.diagnostics.clone();
    if a.strict {
        diags.extend(check_strict(&loaded.journal));
    }
    // AR rules need a journal that read cleanly (a skipped invoice would make its payments
    // look like references to unknown items).
    let totals = if loaded.has_errors() {
        Vec::new()
    } else {
        check_totals(&loaded.journal)
    };
    if !loaded.has_errors() && totals.is_empty() {
        let today = crate::input::options(g)?.today;
        let ar = open_items(
            &loaded.journal,
            &ArOptions {
                root: a.receivable_root.clone(),
                as_of: NaiveDate::MAX,
            },
        );
        diags.extend(ar.diagnostics.iter().cloned());
        diags.extend(undeclared_customers(&loaded.journal, &ar));
        diags.extend(root_postings(&loaded.journal, &a.receivable_root));
        diags.extend(ar_checks(&loaded.journal, &ar, today));
    }
    diags.extend(totals);
    // With --strict, warnings fail the check too.
    if a.strict {
        for d in &mut diags {
            d.severity = Severity::Error;
        }
    }
    diags.sort_by_key(|d| (d.span.source, d.span.start));
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let text = render_diagnostics(&loaded, &diags, a.error_format, style(g.color));
    match a.error_format {
        ErrorFormat::Human => {
            eprint!("{text}");
            if !diags.is_empty() {
                let plural = |n: usize| if n == 1 { "" } else { "s" };
                eprintln!(
                    "\n{errors} error{}, {warnings} warning{}",
                    plural(errors),
                    plural(warnings)
                );
            }
        }
        ErrorFormat::Json | ErrorFormat::Github => out.push_str(&text),
    }
    if errors > 0 {
        Err(Failure::Found)
    } else {
        Ok(())
    }
}

/// Postings to the receivable root itself belong to no customer, so aging leaves them out.
fn root_postings(j: &Journal, root: &str) -> Vec<Diagnostic> {
    let Some(id) = j.accounts.get(root) else {
        return Vec::new();
    };
    j.transactions
        .iter()
        .flat_map(|t| j.postings_of(t))
        .filter(|p| p.account == id)
        .take(1)
        .map(|p| {
            Diagnostic::warning(
                Code::Receivable,
                j.trim_span(p.span),
                format!(
                    "a posting to {root} itself belongs to no customer: AR reports leave it out"
                ),
            )
            .expected(format!("a customer account below {root}, like {root}:Acme"))
        })
        .collect()
}

/// Customers found below the receivable root without a `customer:` tag (spec §1).
fn undeclared_customers(j: &Journal, ar: &OpenItems) -> Vec<Diagnostic> {
    ar.customers
        .list
        .iter()
        .filter(|c| !c.declared)
        .map(|c| {
            Diagnostic::warning(
                Code::Receivable,
                c.location,
                format!(
                    "undeclared customer {}: {} has no `customer:` tag",
                    c.id,
                    j.account_name(c.account)
                ),
            )
            .expected(format!(
                "`account {}` with `; customer: NAME` (and `; terms: …`)",
                j.account_name(c.account)
            ))
        })
        .collect()
}
