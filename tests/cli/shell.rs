//! Shell integration: completion scripts, manual pages, colour and progress on standard error.

use crate::support::ok;

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
