//! Shell integration: completion scripts, manual pages, colour and progress on standard error.

use std::process::{Command, Stdio};

use crate::support::{ok, root};

/// Every subcommand name, read from `arledger help`'s command list.
fn subcommands() -> Vec<String> {
    let help = ok(&["help"]);
    let list = help
        .split("Commands:\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .expect("a command list");
    let names: Vec<String> = list
        .lines()
        // Wrapped descriptions are indented further than the names.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect();
    assert!(names.len() > 20, "{names:?}");
    names
}

#[test]
fn bash_completions_name_every_subcommand() {
    let script = ok(&["completions", "bash"]);
    assert!(script.contains("complete -F _arledger"), "{script}");
    for name in subcommands() {
        assert!(script.contains(&format!("arledger,{name})")), "{name}");
    }
    for shell in ["zsh", "fish", "powershell"] {
        let script = ok(&["completions", shell]);
        for name in subcommands() {
            assert!(script.contains(&name), "{shell}: {name}");
        }
    }
    let r = crate::support::arledger(&["completions", "tcsh"]);
    assert_eq!(r.code, 2);
}

#[test]
fn man_page_has_title_and_every_subcommand() {
    let page = ok(&["man"]);
    assert!(page.starts_with(".TH arledger 1 "), "{page}");
    for name in subcommands().iter().filter(|n| *n != "help") {
        assert!(
            page.contains(&format!("arledger\\-{}(1)", name.replace('-', "\\-"))),
            "{name} missing"
        );
    }
    let check = ok(&["man", "check"]);
    assert!(check.starts_with(".TH arledger-check 1 "), "{check}");
    // The command's whole help page is in it.
    assert!(check.contains("Named checks"), "{check}");
    let r = crate::support::arledger(&["man", "nope"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no command `nope`"), "{}", r.stderr);
}

/// A journal with an error, for diagnostics on standard error.
const BAD: &str = "tests/fixtures/errors/unbalanced.journal";

/// The colour-related variables a run starts without (the tests set what they test).
const COLOR_VARS: [&str; 5] = ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM", "CI"];

/// Runs arledger with its standard error piped, in an environment with only `env` of the
/// colour variables; returns standard error.
fn stderr_with(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_arledger"));
    for var in COLOR_VARS {
        cmd.env_remove(var);
    }
    let out = cmd
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root())
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Whether the text holds an ANSI escape sequence.
fn colored(text: &str) -> bool {
    text.contains("\x1b[")
}

#[test]
fn color_follows_flag_and_environment_in_a_pipe() {
    let diagnostics = ["check", "-f", BAD];
    let usage = ["check", "--bogus"];
    for args in [&diagnostics[..], &usage[..]] {
        let with = |extra: &[&str], env: &[(&str, &str)]| {
            colored(&stderr_with(&[args, extra].concat(), env))
        };
        // A pipe is not a terminal: no colour unless forced.
        assert!(!with(&[], &[]), "{args:?}");
        assert!(with(&[], &[("CLICOLOR_FORCE", "1")]), "{args:?}");
        assert!(!with(&[], &[("CLICOLOR_FORCE", "")]), "{args:?}");
        // NO_COLOR wins over CLICOLOR_FORCE; the flag wins over both.
        assert!(
            !with(&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]),
            "{args:?}"
        );
        assert!(
            !with(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]),
            "{args:?}"
        );
        assert!(with(&["--color=always"], &[("NO_COLOR", "1")]), "{args:?}");
    }
}

/// Runs `arledger ARGS` on a pseudo-terminal (util-linux `script`) with only `env` of the
/// colour variables; returns what it wrote (standard output and error), or `None` without
/// `script`.
fn on_terminal(args: &[&str], env: &[(&str, &str)]) -> Option<String> {
    if !have_script() {
        return None;
    }
    let quoted: Vec<String> = std::iter::once(env!("CARGO_BIN_EXE_arledger"))
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', r"'\''")))
        .collect();
    let mut cmd = Command::new("script");
    for var in COLOR_VARS {
        cmd.env_remove(var);
    }
    let out = cmd
        .args(["-qec", &quoted.join(" "), "/dev/null"])
        .envs(env.iter().copied())
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn have_script() -> bool {
    Command::new("script")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn color_on_a_terminal_follows_term_clicolor_and_no_color() {
    let args = ["check", "-f", BAD];
    let Some(plain) = on_terminal(&args, &[("TERM", "xterm-256color")]) else {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    };
    assert!(colored(&plain), "{plain}");
    for env in [
        &[("TERM", "dumb")][..],
        &[("TERM", "xterm-256color"), ("NO_COLOR", "1")],
        &[("TERM", "xterm-256color"), ("CLICOLOR", "0")],
    ] {
        let shown = on_terminal(&args, env).unwrap();
        assert!(shown.contains("error[E0201]"), "{shown}");
        assert!(!colored(&shown), "{env:?}: {shown}");
    }
    // clap's own messages follow the same decision.
    let usage = on_terminal(&["--bogus"], &[("TERM", "xterm-256color")]).unwrap();
    assert!(colored(&usage), "{usage}");
    let usage = on_terminal(&["--bogus"], &[("TERM", "dumb")]).unwrap();
    assert!(!colored(&usage), "{usage}");
}

/// Books with `n` customers, each with three invoices.
fn many_customers(n: usize) -> String {
    let mut text = String::from(
        "commodity 1,000.00 USD\naccount Assets:Bank:Checking\naccount Income:Services\n",
    );
    for c in 0..n {
        text.push_str(&format!(
            "account Assets:Receivable:C{c:05}\n    ; customer: Customer {c}\n    ; terms: net30\n"
        ));
    }
    for c in 0..n {
        for m in 1..=3 {
            text.push_str(&format!(
                "\n2026-0{m}-1{} * (INV-{c}-{m}) Customer {c} | Work\n    Assets:Receivable:C{c:05}    100.00 USD\n    Income:Services\n",
                c % 9
            ));
        }
    }
    text
}

#[test]
fn progress_bar_only_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let books = dir.path().join("books.journal");
    std::fs::write(&books, many_customers(60)).unwrap();
    let books = books.to_str().unwrap();
    let site = dir.path().join("site");
    let args = [
        "site",
        "-f",
        books,
        "--out",
        site.to_str().unwrap(),
        "--date",
        "2026-12-31",
    ];
    // The bar shows as soon as the work starts (not after the usual second), so that what is
    // asserted does not depend on how fast the machine runs.
    let at_once = ("ARLEDGER_PROGRESS_DELAY_MS", "0");
    // Standard error is a pipe: nothing but the messages, however long the run.
    let piped = stderr_with(
        &args,
        &[("TERM", "xterm-256color"), ("CLICOLOR_FORCE", "1"), at_once],
    );
    assert_eq!(piped, "", "{piped:?}");
    // On a terminal the bar shows, and is cleared at the end.
    let Some(shown) = on_terminal(&args, &[("TERM", "xterm-256color"), at_once]) else {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    };
    let last = format!("wrote 64 pages to {}\r\n", site.display());
    assert!(shown.ends_with(&last), "{shown:?}");
    assert!(shown.contains("Writing customer pages ["), "{shown:?}");
    // A dumb terminal gets no bar.
    let dumb = on_terminal(&args, &[("TERM", "dumb"), at_once]).unwrap();
    assert_eq!(dumb, last, "{dumb:?}");
}
