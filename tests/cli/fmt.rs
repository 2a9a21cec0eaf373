//! `arledger fmt`: which files it changes, `--check`, the layout from arledger.toml, the safe
//! writer, and ledger/hledger reading the formatted books as before.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use crate::support::{arledger, arledger_with_stdin, have, root};

const MAIN: &str = "; books\ninclude  sales.journal   \n\ncommodity USD\n\tformat 1,000.00 USD\n\n\
2026-01-05 * Rent\n\tExpenses:Rent  2,400.00 USD\n  Assets:Bank\n";
const SALES: &str = "2026-01-06 * (INV-1) Acme  ; invoice: INV-1\n  ; due: 2026-02-05\n  \
Assets:Receivable:Acme    100 USD\n      ; po: 7\n  Income:Sales\n";

fn books(dir: &Path) {
    fs::write(dir.join("main.journal"), MAIN).unwrap();
    fs::write(dir.join("sales.journal"), SALES).unwrap();
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn check_lists_the_files_that_would_change_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    books(dir.path());
    let main = dir.path().join("main.journal");
    let r = arledger(&["fmt", "--check", "-f", s(&main)]);
    assert_eq!(r.code, 1, "{r:?}");
    let listed: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(listed.len(), 2, "{}", r.stdout);
    assert!(listed[0].ends_with("main.journal") && listed[1].ends_with("sales.journal"));
    assert_eq!(fs::read_to_string(&main).unwrap(), MAIN);

    let r = arledger(&["fmt", "-f", s(&main)]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
    assert_eq!(
        fs::read_to_string(&main).unwrap(),
        "; books\ninclude  sales.journal\n\ncommodity USD\n    format 1,000.00 USD\n\n\
2026-01-05 * Rent\n    Expenses:Rent                           2,400.00 USD\n    Assets:Bank\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("sales.journal")).unwrap(),
        "2026-01-06 * (INV-1) Acme  ; invoice: INV-1\n    ; due: 2026-02-05\n    \
Assets:Receivable:Acme                    100 USD\n        ; po: 7\n    Income:Sales\n"
    );
    let r = arledger(&["fmt", "--check", "-f", s(&main)]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
}

#[test]
fn named_files_alone_are_changed() {
    let dir = tempfile::tempdir().unwrap();
    books(dir.path());
    let sales = dir.path().join("sales.journal");
    let r = arledger(&["fmt", s(&sales)]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_ne!(fs::read_to_string(&sales).unwrap(), SALES);
    assert_eq!(
        fs::read_to_string(dir.path().join("main.journal")).unwrap(),
        MAIN
    );
    let r = arledger(&[
        "fmt",
        "--check",
        s(&sales),
        s(&dir.path().join("main.journal")),
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.trim_end().ends_with("main.journal"), "{r:?}");
    let r = arledger(&["fmt", s(&dir.path().join("missing.journal"))]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("cannot read"), "{r:?}");
}

#[test]
fn the_amount_column_comes_from_arledger_toml() {
    let dir = tempfile::tempdir().unwrap();
    books(dir.path());
    fs::write(
        dir.path().join("arledger.toml"),
        "[fmt]\namount-column = 30\nindent = 2\n",
    )
    .unwrap();
    let r = arledger(&["fmt", "-f", s(&dir.path().join("main.journal"))]);
    assert_eq!(r.code, 0, "{r:?}");
    let text = fs::read_to_string(dir.path().join("main.journal")).unwrap();
    assert!(
        text.contains("\n  Expenses:Rent         2,400.00 USD\n  Assets:Bank\n"),
        "{text}"
    );
    // The decimal mark is in column 30.
    let line = text.lines().find(|l| l.contains("2,400")).unwrap();
    assert_eq!(line.find('.'), Some(29));
    // The file is the books' configuration too: commands that read it accept `[fmt]` (they
    // refused it as an unknown section once).
    let r = arledger(&["customers", "-f", s(&dir.path().join("main.journal"))]);
    assert_eq!(r.code, 0, "{r:?}");

    fs::write(
        dir.path().join("arledger.toml"),
        "[fmt]\namount-colum = 30\n",
    )
    .unwrap();
    let r = arledger(&["fmt", "-f", s(&dir.path().join("main.journal"))]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("arledger.toml") && r.stderr.contains("unknown field"),
        "{r:?}"
    );
}

#[test]
fn standard_input_is_formatted_to_standard_output() {
    let r = arledger_with_stdin(&["fmt", "-f", "-"], Some("2026-01-05 x\n a  1 USD\n b\n"));
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        r.stdout,
        "2026-01-05 x\n    a                                           1 USD\n    b\n"
    );
    let r = arledger_with_stdin(
        &["fmt", "--check", "-f", "-"],
        Some("2026-01-05 x\n a  1 USD\n b\n"),
    );
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
}

#[test]
fn entries_with_errors_are_left_as_written_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("b.journal");
    fs::write(
        &f,
        "2026-01-05 x\n a  1 USD\n b  1 USD\n\n2026-01-06 y\n a  1 USD\n b\n",
    )
    .unwrap();
    let r = arledger(&["fmt", s(&f)]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stderr.contains("b.journal: 1 error;"), "{}", r.stderr);
    let text = fs::read_to_string(&f).unwrap();
    assert!(text.starts_with("2026-01-05 x\n a  1 USD\n b  1 USD\n\n2026-01-06 y\n    a "));
}

#[test]
fn the_safe_writer_keeps_the_mode_and_refuses_a_revision() {
    let dir = tempfile::tempdir().unwrap();
    books(dir.path());
    let main = dir.path().join("main.journal");
    fs::set_permissions(&main, fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(arledger(&["fmt", "-f", s(&main)]).code, 0);
    let mode = fs::metadata(&main).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".arledger-"))
        .collect();
    assert!(leftovers.is_empty());
    let r = arledger(&["fmt", "--rev", "HEAD", "-f", s(&main)]);
    assert_eq!(r.code, 2);
}

/// ledger's and hledger's balances of the formatted shipped journals are what they were,
/// with the default layout and with the narrowest one.
#[test]
fn ledger_and_hledger_read_the_formatted_books_alike() {
    let tools: Vec<&str> = ["ledger", "hledger"]
        .into_iter()
        .filter(|t| have(t))
        .collect();
    if tools.is_empty() {
        eprintln!("skipped: neither ledger nor hledger is installed");
        return;
    }
    for config in ["", "[fmt]\namount-column = 1\nindent = 1\n"] {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("arledger.toml"), config).unwrap();
        for e in fs::read_dir(root().join("journals")).unwrap().flatten() {
            let name = e.file_name();
            if !name.to_string_lossy().ends_with(".journal") {
                continue;
            }
            let copy = dir.path().join(&name);
            fs::copy(e.path(), &copy).unwrap();
            let r = arledger(&["fmt", s(&copy)]);
            assert_eq!(r.code, 0, "{r:?}");
            for tool in &tools {
                let bal = |p: &Path| {
                    let o = Command::new(tool)
                        .args(["-f", s(p), "bal"])
                        .output()
                        .unwrap();
                    assert!(o.status.success(), "{tool} {}", p.display());
                    String::from_utf8_lossy(&o.stdout).into_owned()
                };
                assert_eq!(
                    bal(&e.path()),
                    bal(&copy),
                    "{tool} on {name:?} ({config:?})"
                );
            }
        }
    }
}
