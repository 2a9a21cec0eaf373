//! `arledger check [CHECK]...`: parse, balance, assertions, AR rules; hledger's named checks
//! when asked for; with `--strict` also declarations.

use std::collections::BTreeSet;

use arledger_journal::checks::NamedCheck;
use arledger_journal::Severity;

use crate::args::{CheckArgs, ErrorFormat, Global};
use crate::checks::findings;
use crate::input::{read, render_diagnostics, style};
use crate::Failure;

/// Runs `check`: exit 0 when the journal is clean, 1 when it has errors.
pub fn run(g: &Global, a: &CheckArgs, out: &mut String) -> Result<(), Failure> {
    let mut named = a
        .checks
        .iter()
        .map(|name| NamedCheck::find(name))
        .collect::<Result<BTreeSet<_>, _>>()
        .map_err(Failure::Usage)?;
    // --strict: undeclared names are reported, and warnings fail the check too.
    if a.strict {
        named.extend([NamedCheck::Accounts, NamedCheck::Commodities]);
    }
    let loaded = read(g)?;
    let mut diags = findings(g, &loaded, &a.receivable_root)?;
    for check in named {
        diags.extend(check.run(&loaded.journal));
    }
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
