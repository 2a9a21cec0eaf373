//! `arledger check [CHECK]...`: parse, balance, assertions, AR rules; hledger's named checks
//! when asked for; with `--strict` also declarations.

use arledger_journal::checks::NamedCheck;
use arledger_report::check::{check, CheckOptions};

use crate::args::{CheckArgs, ErrorFormat};
use crate::checks::Disk;
use crate::input::{render_diagnostics, style};
use crate::session::Session;
use crate::Failure;

/// Runs `check`: exit 0 when the journal is clean, 1 when it has errors.
pub fn run(s: &Session, a: &CheckArgs, out: &mut String) -> Result<(), Failure> {
    let g = &s.config;
    let named = a
        .checks
        .iter()
        .map(|name| NamedCheck::find(name))
        .collect::<Result<_, _>>()
        .map_err(Failure::Usage)?;
    let opts = CheckOptions {
        named,
        strict: a.strict,
    };
    let loaded = s.read()?;
    let today = g.today;
    let diags = check(loaded, &a.receivable_root, today, &opts, &Disk { g });
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let text = render_diagnostics(loaded, &diags, a.error_format, style(g.color));
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
