//! Reports must not turn journal text into an attack on whoever opens them (issue 7).

use crate::support::{arledger_with_stdin, have};

const HOSTILE: &str = r#"account Assets:Receivable:Evil  ; customer: =HYPERLINK("http://evil.example")

2026-01-05 * (@SUM) <script>alert(1)</script> | Invoice
    ; invoice: =2+3
    ; note: <img src=x onerror=alert(2)>
    Assets:Receivable:Evil      99.00 USD
    Income:Sales
"#;

fn run(args: &[&str]) -> String {
    let r = arledger_with_stdin(args, Some(HOSTILE));
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    r.stdout
}

#[test]
fn csv_cells_that_would_be_formulas_are_neutralised_and_numbers_stay_numbers() {
    let customers = run(&["customers", "-f", "-", "--date", "2026-12-31", "-O", "csv"]);
    assert!(
        customers.contains(r#""'=HYPERLINK(""http://evil.example"")""#),
        "{customers}"
    );
    let detail = run(&[
        "aging",
        "-f",
        "-",
        "--date",
        "2026-12-31",
        "--detail",
        "-O",
        "csv",
    ]);
    let row = detail.lines().nth(1).unwrap();
    assert!(row.starts_with("Evil,'=2+3,2026-01-05,"), "{detail}");
    // Amounts are plain numbers.
    assert!(row.contains(",99.00,99.00,"), "{detail}");
    let register = run(&["register", "-f", "-", "-O", "csv"]);
    assert!(register.contains(r#","'@SUM","#), "{register}");
    for line in register
        .lines()
        .chain(customers.lines())
        .chain(detail.lines())
    {
        for cell in line.split(',') {
            let cell = cell.trim_matches('"');
            // Only cells the renderer neutralised (leading ') or numbers may start so.
            let formula = cell.starts_with(['=', '@'])
                || (cell.starts_with(['+', '-']) && !cell[1..].starts_with(char::is_numeric));
            assert!(!formula, "unsafe cell {cell:?} in {line}");
        }
    }
}

#[test]
fn html_escapes_every_journal_string() {
    let html = run(&[
        "statement",
        "-f",
        "-",
        "Evil",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "-O",
        "html",
    ]);
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<img src=x"), "{html}");
    // The statement shows the note, not the payee (it is addressed to the customer): the
    // payee's markup is checked where it is shown, in the register.
    let register = run(&["register", "-f", "-", "-O", "html"]);
    assert!(
        register.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{register}"
    );
    assert!(
        html.contains("=HYPERLINK(&quot;http://evil.example&quot;")
            || html.contains("=HYPERLINK(&#34;"),
        "{html}"
    );
}

#[test]
fn the_hostile_journal_is_an_ordinary_journal_for_ledger_and_hledger() {
    if !have("hledger") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.journal");
    std::fs::write(&path, HOSTILE).unwrap();
    let o = std::process::Command::new("hledger")
        .args(["-f", path.to_str().unwrap(), "bal"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn no_include_outside_confines_includes_to_the_journal_directory() {
    use crate::support::arledger;
    let dir = tempfile::tempdir().unwrap();
    let books = dir.path().join("books");
    std::fs::create_dir(&books).unwrap();
    std::fs::write(
        dir.path().join("secret.journal"),
        "2026-01-01 x\n    a  1 USD\n    b\n",
    )
    .unwrap();
    std::fs::write(
        books.join("inside.journal"),
        "2026-01-02 y\n    a  2 USD\n    b\n",
    )
    .unwrap();
    let main = books.join("main.journal");
    std::fs::write(&main, "include inside.journal\ninclude ../secret.journal\n").unwrap();
    let m = main.to_str().unwrap();
    // Without the flag both are read.
    let r = arledger(&["balance", "-f", m, "-O", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\"a\",\"3 USD\""), "{}", r.stdout);
    // With it, the outside include is an error naming the file, and nothing is reported.
    let r = arledger(&["balance", "-f", m, "--no-include-outside"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("secret.journal is outside the journal's directory"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());
    // Symbolic links cannot smuggle an outside file in.
    std::os::unix::fs::symlink(
        dir.path().join("secret.journal"),
        books.join("link.journal"),
    )
    .unwrap();
    std::fs::write(&main, "include link.journal\n").unwrap();
    let r = arledger(&["check", "-f", m, "--no-include-outside"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

/// ESC, OSC, BEL and CR in a customer, payee, account, code and tag (issue 14).
const TERMINAL: &str = "account Assets:Receivable:Evil\x1b[2J\n    ; customer: Evil\x1b]0;title\x07 Corp\n    ; terms: net30\n\n\
2026-01-05 * (INV-\x1b[31m1) Evil\x1b]0;title\x07 Corp | Work\r done\n    ; invoice: INV-\x1b[31m1\n    ; note\x07: x\x1b[2J\n    Assets:Receivable:Evil\x1b[2J    100.00 USD\n    Income:Ser\rvices\x07\n\n\
2026-02-05 * (PMT-1) Evil\x1b]0;title\x07 Corp | Paid\n    Assets:Bank    40.00 USD\n    Assets:Receivable:Evil\x1b[2J    -40.00 USD  ; invoice: INV-\x1b[31m1\n";

/// Whether text holds a byte that drives a terminal (ESC, BEL, CR).
fn raw_controls(s: &str) -> bool {
    s.contains(['\x1b', '\x07', '\r'])
}

/// Issue 14: control characters from the journal reach no terminal: text reports and
/// diagnostics show them escaped (`\e[2J`, `\x07`, `\r`), also when written to a pipe.
#[test]
fn control_characters_are_shown_escaped_in_text_and_diagnostics() {
    for args in [
        &["register"][..],
        &["balance"],
        &["accounts"],
        &["commodities"],
        &["stats"],
        &["aging", "--date", "2026-03-01", "--detail"],
        &["invoices", "--date", "2026-03-01"],
        &["customers", "--date", "2026-03-01"],
        &[
            "statement",
            "Evil",
            "--from",
            "2026-01-01",
            "--to",
            "2026-03-31",
        ],
        &[
            "statement",
            "Evil",
            "--from",
            "2026-01-01",
            "--to",
            "2026-03-31",
            "-O",
            "md",
        ],
        &["collections", "--date", "2026-03-31"],
        &["kpi", "-p", "2026"],
        &["forecast", "--date", "2026-03-01"],
        &["report", "monthly", "--date", "2026-03-01"],
        &["rollforward", "-p", "2026-01"],
        &["check"],
        &["check", "--error-format", "github"],
    ] {
        let r = arledger_with_stdin(&[args, &["-f", "-"]].concat(), Some(TERMINAL));
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(!raw_controls(&r.stdout), "{args:?} stdout: {:?}", r.stdout);
        assert!(!raw_controls(&r.stderr), "{args:?} stderr: {:?}", r.stderr);
    }
    let r = arledger_with_stdin(
        &["customers", "-f", "-", "--date", "2026-03-01"],
        Some(TERMINAL),
    );
    assert!(r.stdout.contains("Evil\\e[2J  Evil\\e]0"), "{}", r.stdout);
    let r = arledger_with_stdin(&["register", "-f", "-"], Some(TERMINAL));
    assert!(r.stdout.contains("Income:Ser\\rvices\\x07"), "{}", r.stdout);
    // A diagnostic on a line with ESC: the line is shown escaped, the caret under the place.
    let broken = format!("{TERMINAL}2026-03-01 x\x1b[2J\n    a  1\x1b[2J USD\n    b\n");
    for cmd in ["check", "balance", "aging"] {
        let r = arledger_with_stdin(&[cmd, "-f", "-"], Some(&broken));
        assert_eq!(r.code, 1, "{cmd}: {}", r.stderr);
        assert!(!raw_controls(&r.stdout), "{cmd}: {:?}", r.stdout);
        assert!(!raw_controls(&r.stderr), "{cmd}: {:?}", r.stderr);
        assert!(
            r.stderr.contains("    a  1\\e[2J USD\n    |           ^\n"),
            "{cmd}: {}",
            r.stderr
        );
    }
    // A usage error quoting an argument.
    let r = arledger_with_stdin(&["balance", "-f", "-", "-p", "\x1b[2J"], Some(TERMINAL));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("`\\e[2J`"), "{}", r.stderr);
    // Data keeps the exact characters: CSV and JSON (escaped by JSON itself) for programs,
    // `print` for journal text.
    let r = arledger_with_stdin(&["balance", "-f", "-", "-O", "csv"], Some(TERMINAL));
    assert!(
        r.stdout.contains("Assets:Receivable:Evil\x1b[2J"),
        "{}",
        r.stdout
    );
    let r = arledger_with_stdin(&["balance", "-f", "-", "-O", "json"], Some(TERMINAL));
    assert!(r.stdout.contains("Evil\\u001b[2J"), "{}", r.stdout);
    let r = arledger_with_stdin(&["print", "-f", "-"], Some(TERMINAL));
    assert!(
        r.stdout.contains("Assets:Receivable:Evil\x1b[2J"),
        "{}",
        r.stdout
    );
}
