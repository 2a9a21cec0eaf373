//! `arledger completions SHELL` and `arledger man`: shell integration, generated from the
//! command-line definition so that it never lags behind it.

use clap::CommandFactory;

use crate::args::{Cli, CompletionsArgs, ManArgs};
use crate::Failure;

/// Runs `completions`: the completion script for the shell.
pub fn completions(a: &CompletionsArgs, out: &mut String) -> Result<(), Failure> {
    let mut script = Vec::new();
    clap_complete::generate(a.shell, &mut Cli::command(), "arledger", &mut script);
    out.push_str(&String::from_utf8_lossy(&script));
    Ok(())
}

/// Runs `man`: the manual page in roff, of arledger or of one of its commands.
pub fn man(a: &ManArgs, out: &mut String) -> Result<(), Failure> {
    let mut cmd = Cli::command();
    // Building names the commands `arledger-check` (page title) and `arledger check`.
    cmd.build();
    let page_of = match &a.command {
        None => cmd,
        Some(name) => cmd.find_subcommand(name).cloned().ok_or_else(|| {
            Failure::Usage(format!(
                "no command `{name}`: the commands are {}",
                cmd.get_subcommands()
                    .map(|c| c.get_name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?,
    };
    let mut page = Vec::new();
    clap_mangen::Man::new(page_of)
        .source(format!("arledger {}", env!("CARGO_PKG_VERSION")))
        .render(&mut page)
        .map_err(|e| Failure::Journal(format!("error: cannot write the manual page: {e}")))?;
    out.push_str(&title_first(&String::from_utf8_lossy(&page)));
    Ok(())
}

/// The page with its `.TH` title line first, as man pages begin (clap_mangen writes the
/// definition of the apostrophe string before it; it still comes before any use).
fn title_first(page: &str) -> String {
    let mut lines: Vec<&str> = page.lines().collect();
    if let Some(i) = lines.iter().position(|l| l.starts_with(".TH ")) {
        let title = lines.remove(i);
        lines.insert(0, title);
    }
    lines.join("\n") + "\n"
}
