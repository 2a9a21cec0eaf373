//! Data in (issue 17): `add` records documents through the safe writer, `import` brings bank
//! lines and QuickBooks/Xero exports in. What they write passes `check`, and ledger and
//! hledger give it the same balances.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{arledger, have, ok, root};

const TODAY: &str = "--today=2026-03-01";

/// A copy of `tests/fixtures/data-in/NAME` in a fresh directory.
pub fn copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.journal");
    fs::copy(root().join("tests/fixtures/data-in").join(name), &path).unwrap();
    (dir, path)
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `check` passes, and arledger, ledger and hledger give every account the same balance.
pub fn books_are_sound(path: &Path) {
    let r = arledger(&["check", "-f", s(path), TODAY]);
    assert_eq!(r.code, 0, "check: {}{}", r.stdout, r.stderr);
    let ours = crate::demo::ours(s(path));
    if have("hledger") {
        assert_eq!(ours, crate::demo::hledger(s(path)), "hledger");
    }
    if have("ledger") {
        assert_eq!(ours, crate::demo::ledger(s(path)), "ledger");
    }
}

fn add(path: &Path, args: &[&str]) -> crate::support::Run {
    let mut all = vec!["add", "-f", s(path), TODAY];
    all.extend_from_slice(args);
    arledger(&all)
}

fn aging_detail(path: &Path, date: &str) -> String {
    ok(&[
        "aging",
        "--detail",
        "-f",
        s(path),
        "--date",
        date,
        "-O",
        "csv",
    ])
}

#[test]
fn add_records_every_kind_and_the_books_stay_sound() {
    let (_dir, path) = copy("books.journal");
    let r = add(
        &path,
        &[
            "invoice",
            "--customer",
            "Blue Harbor",
            "--date",
            "2026-02-01",
            "--line",
            "Design=3@150.00",
            "--line",
            "Hosting=40",
            "--memo",
            "February",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("Invoice INV-1044 to Blue Harbor for 490.00 USD, due 2026-03-18"),
        "{}",
        r.stdout
    );
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains(
            "2026-02-01 * (INV-1044) Blue Harbor Marine | February\n    ; due: 2026-03-18\n"
        ),
        "{text}"
    );
    assert!(text.contains("-450.00 USD  ; Design, qty: 3, unit-price: 150.00 USD"));

    // A payment without --invoice: oldest first, what is left a credit.
    let r = add(
        &path,
        &[
            "payment",
            "--customer",
            "Acme",
            "--date",
            "2026-02-10",
            "--amount",
            "7250.00",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout.lines().take(4).collect::<Vec<_>>(),
        [
            "Payment PMT-1 from Acme of 7,250.00 USD",
            "  INV-1041: 5,000.00 of 5,000.00 open, settled",
            "  INV-1042: 2,000.00 of 2,000.00 open, settled",
            "  250.00 left as a credit (PMT-1)",
        ]
    );
    // A payment of named invoices, without an amount: what is open on them.
    let r = add(
        &path,
        &[
            "payment",
            "--customer",
            "Blue Harbor",
            "--date",
            "2026-02-12",
            "--invoice",
            "INV-1043",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("INV-1043: 800.00 of 800.00 open, settled"),
        "{}",
        r.stdout
    );
    // A credit memo on one invoice, a write-off of the rest.
    let r = add(
        &path,
        &[
            "credit",
            "--customer",
            "Blue Harbor",
            "--date",
            "2026-02-15",
            "--invoice",
            "INV-1044",
            "--amount",
            "90",
            "--memo",
            "Hosting refunded",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Credit memo CM-1"), "{}", r.stdout);
    let r = add(
        &path,
        &[
            "writeoff",
            "--customer",
            "Blue Harbor",
            "--date",
            "2026-02-20",
            "--invoice",
            "INV-1044",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("INV-1044: 400.00 of 400.00 open, settled"),
        "{}",
        r.stdout
    );

    books_are_sound(&path);
    assert_eq!(
        aging_detail(&path, "2026-02-28"),
        "customer,item,date,due,days_overdue,commodity,original,open,bucket\n\
         Acme,PMT-1,2026-02-10,2026-02-10,18,USD,-250.00,-250.00,1-30\n"
    );
    let statement = ok(&[
        "statement",
        "-f",
        s(&path),
        "Blue Harbor",
        "--from",
        "2026-02-01",
        "--to",
        "2026-02-28",
        "-O",
        "csv",
    ]);
    for kind in [
        ",invoice,INV-1044,",
        ",payment,INV-1043,",
        ",credit memo,INV-1044,",
        ",write-off,INV-1044,",
    ] {
        assert!(statement.contains(kind), "{kind}: {statement}");
    }
}

#[test]
fn add_refuses_a_credit_hold_and_a_missing_po_unless_told() {
    let (_dir, path) = copy("books.journal");
    let before = fs::read_to_string(&path).unwrap();
    let r = add(
        &path,
        &[
            "invoice",
            "--customer",
            "Acme",
            "--date",
            "2026-02-01",
            "--line",
            "Big job=2340.00",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "credit hold: 1,340.00 over the 8,000.00 limit; customer Acme is on credit hold"
        ),
        "{}",
        r.stderr
    );
    let r = add(
        &path,
        &["invoice", "--customer", "Evergreen", "--amount", "100"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("customer Evergreen requires a purchase order: give --po NUMBER"),
        "{}",
        r.stderr
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        before,
        "nothing written"
    );

    let r = add(
        &path,
        &[
            "invoice",
            "--customer",
            "Acme",
            "--date",
            "2026-02-01",
            "--line",
            "Big job=2340.00",
            "--override-credit-hold",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("    ; credit-hold-override: 1340.00 USD over the 8000.00 USD limit\n"),
        "{text}"
    );
    let r = add(
        &path,
        &[
            "invoice",
            "--customer",
            "Evergreen",
            "--amount",
            "100",
            "--po",
            "PO-44120",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(fs::read_to_string(&path)
        .unwrap()
        .contains("    ; po: PO-44120\n"));
    books_are_sound(&path);
}

#[test]
fn add_numbers_with_the_books_pattern_and_dry_run_writes_nothing() {
    let (dir, path) = copy("books.journal");
    fs::write(
        dir.path().join("arledger.toml"),
        "[numbers]\ninvoice = \"INV-{:05}\"\npayment = \"R{:04}/26\"\n",
    )
    .unwrap();
    let before = fs::read_to_string(&path).unwrap();
    let r = add(
        &path,
        &[
            "invoice",
            "--customer",
            "Blue Harbor",
            "--amount",
            "10",
            "--dry-run",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("(INV-01044) Blue Harbor Marine"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("dry run: nothing written"),
        "{}",
        r.stdout
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), before);
    let r = add(
        &path,
        &["payment", "--customer", "Acme", "--amount", "10.00 USD"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Payment R0001/26 from Acme"),
        "{}",
        r.stdout
    );

    // A bad pattern is an error at its place in the file.
    fs::write(
        dir.path().join("arledger.toml"),
        "[numbers]\ncredit = \"CM\"\n",
    )
    .unwrap();
    let r = add(&path, &["credit", "--customer", "Acme", "--amount", "5"]);
    assert_eq!(r.code, 2);
    let want = format!(
        "{}:2:10: the pattern `CM` has no number",
        s(&dir.path().join("arledger.toml"))
    );
    assert!(r.stderr.contains(&want), "{}", r.stderr);
}

#[test]
fn add_refuses_what_the_books_could_not_hold_exactly() {
    let (_dir, path) = copy("books.journal");
    for (args, why) in [
        (
            vec!["invoice", "--customer", "Acme", "--line", "Odd=3@33.333"],
            "has 3 decimals, but the books write USD with 2",
        ),
        (
            vec!["payment", "--customer", "Acme", "--amount", "5 EUR"],
            "the books have no commodity `EUR`",
        ),
        (
            vec![
                "writeoff",
                "--customer",
                "Acme",
                "--invoice",
                "INV-1041",
                "--amount",
                "6000",
            ],
            "is more than the 5,000.00 open",
        ),
        (
            vec![
                "payment",
                "--customer",
                "Acme",
                "--invoice",
                "INV-9",
                "--amount",
                "1",
            ],
            "`INV-9` is not an item of customer Acme",
        ),
        (
            vec!["invoice", "--line", "x=1"],
            "`add invoice` needs --customer",
        ),
    ] {
        let r = add(&path, &args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.contains(why), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn dunning_reads_arledger_toml_and_an_old_style_config() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.journal");
    fs::copy(root().join("journals/collections.journal"), &path).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "collections",
            "-f",
            s(&path),
            "--date=2026-03-31",
            "-O",
            "csv",
        ];
        args.extend_from_slice(extra);
        ok(&args)
    };
    let default = run(&[]);
    // Level 1 due only after 90 days: the worklist has nothing left to send at level 1.
    fs::write(
        dir.path().join("arledger.toml"),
        "[dunning.levels]\n1 = 90\n2 = 100\n3 = 110\nfinal = 120\n",
    )
    .unwrap();
    let late = run(&[]);
    assert_ne!(default, late);
    // The same settings in an old-style file given with --config.
    let old = dir.path().join("dunning.toml");
    fs::write(&old, "[levels]\n1 = 90\n2 = 100\n3 = 110\nfinal = 120\n").unwrap();
    fs::remove_file(dir.path().join("arledger.toml")).unwrap();
    assert_eq!(run(&["--config", s(&old)]), late);
    // Errors name the file, line and column.
    fs::write(
        dir.path().join("arledger.toml"),
        "[dunning.levels]\n1 = \"x\"\n",
    )
    .unwrap();
    let r = arledger(&["collections", "-f", s(&path), "--date=2026-03-31"]);
    assert_eq!(r.code, 2);
    let want = format!("{}:2:5: invalid type", s(&dir.path().join("arledger.toml")));
    assert!(r.stderr.contains(&want), "{}", r.stderr);
}

/// A program running in a tmux terminal of its own (its own server socket).
struct Terminal {
    socket: String,
}

impl Terminal {
    fn start(command: &str) -> Option<Terminal> {
        if !have_tmux() {
            return None;
        }
        static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let socket = format!("arledger-test-{}-{n}", std::process::id());
        let status = std::process::Command::new("tmux")
            .args([
                "-L",
                &socket,
                "new-session",
                "-d",
                "-x",
                "120",
                "-y",
                "50",
                command,
            ])
            .status()
            .unwrap();
        assert!(status.success());
        Some(Terminal { socket })
    }

    fn keys(&self, keys: &[&str]) {
        let status = std::process::Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "0"])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn screen(&self) -> String {
        let o = std::process::Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "0"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    /// Waits (up to 10 s) until the screen shows `text` (the screen has no trailing spaces).
    fn wait_for(&self, text: &str) -> String {
        let text = text.trim_end();
        for _ in 0..200 {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("the terminal never showed {text:?}:\n{}", self.screen());
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = std::process::Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

fn have_tmux() -> bool {
    std::process::Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn add_on_a_terminal_asks_completes_and_writes() {
    let (_dir, path) = copy("books.journal");
    let command = format!(
        "NO_COLOR=1 {} add -f {} {TODAY}; echo EXIT=$?; sleep 60",
        env!("CARGO_BIN_EXE_arledger"),
        s(&path)
    );
    let Some(t) = Terminal::start(&command) else {
        eprintln!("skipped: tmux is not installed");
        return;
    };
    t.wait_for("Kind [invoice]: ");
    // Tab completes the kind, the customer, the invoices and the account.
    t.keys(&["pay", "Tab", "Enter"]);
    t.wait_for("Customer: ");
    t.keys(&["Ac", "Tab", "Enter"]);
    t.wait_for("Date [2026-03-01]: ");
    t.keys(&["Enter"]);
    let screen = t.wait_for("Invoices (space-separated; Enter: oldest first): ");
    assert!(screen.contains("open: INV-1041 INV-1042"), "{screen}");
    t.keys(&["INV-1", "Tab", "Tab"]);
    t.wait_for("INV-1041  INV-1042");
    t.keys(&["2", "Enter"]);
    t.wait_for("Amount [what is open on them]: ");
    t.keys(&["Enter"]);
    t.wait_for("Account [Assets:Bank:Checking]: ");
    t.keys(&["Assets:B", "Tab", "Enter"]);
    t.wait_for("Memo: ");
    t.keys(&["Wire", "Enter"]);
    let screen = t.wait_for("Write it? (y/n) [y]: ");
    assert!(
        screen.contains("INV-1042: 2,000.00 of 2,000.00 open, settled"),
        "{screen}"
    );
    t.keys(&["Enter"]);
    t.wait_for("EXIT=0");
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.ends_with(
            "2026-03-01 * (PMT-1) Acme Corp | Wire\n\
             \x20   Assets:Bank:Checking                     2000.00 USD\n\
             \x20   Assets:Receivable:Acme                  -2000.00 USD  ; invoice: INV-1042\n"
        ),
        "{text}"
    );
    books_are_sound(&path);
}

#[test]
fn add_on_a_terminal_writes_nothing_when_told_no() {
    let (_dir, path) = copy("books.journal");
    let before = fs::read_to_string(&path).unwrap();
    let command = format!(
        "NO_COLOR=1 {} add invoice -f {} {TODAY} --customer Acme --line Job=2340; echo EXIT=$?; sleep 60",
        env!("CARGO_BIN_EXE_arledger"),
        s(&path)
    );
    let Some(t) = Terminal::start(&command) else {
        eprintln!("skipped: tmux is not installed");
        return;
    };
    // Kind and customer given: nothing is asked, the credit hold refuses (off the questions).
    let screen = t.wait_for("EXIT=2");
    assert!(
        screen.contains("credit hold: 1,340.00 over the 8,000.00 limit"),
        "{screen}"
    );
    drop(t);
    let command = format!(
        "NO_COLOR=1 {} add invoice -f {} {TODAY} --line Job=2340; echo EXIT=$?; sleep 60",
        env!("CARGO_BIN_EXE_arledger"),
        s(&path)
    );
    let t = Terminal::start(&command).unwrap();
    t.wait_for("Customer: ");
    t.keys(&["Acme", "Enter"]);
    t.wait_for("Date [2026-03-01]: ");
    t.keys(&["Enter"]);
    t.wait_for("Purchase order: ");
    t.keys(&["Enter"]);
    t.wait_for("Account [Income:Services]: ");
    t.keys(&["Enter"]);
    t.wait_for("Memo: ");
    t.keys(&["Enter"]);
    t.wait_for("Invoice anyway, recording the override? (y/n) [n]: ");
    t.keys(&["y", "Enter"]);
    t.wait_for("Write it? (y/n) [y]: ");
    t.keys(&["n", "Enter"]);
    let screen = t.wait_for("EXIT=0");
    assert!(screen.contains("Nothing was written."), "{screen}");
    assert_eq!(fs::read_to_string(&path).unwrap(), before);
}

fn fixture(name: &str) -> String {
    root()
        .join("tests/fixtures/data-in")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

#[test]
fn import_books_bank_lines_matches_customers_and_is_idempotent() {
    let (_dir, path) = copy("books.journal");
    let (csv, rules) = (fixture("bank.csv"), fixture("bank.rules"));
    let args = ["import", "-f", s(&path), TODAY, &csv, "--rules", &rules];
    let before = fs::read_to_string(&path).unwrap();
    let mut dry = args.to_vec();
    dry.push("--dry-run");
    let shown = ok(&dry);
    assert!(
        shown.starts_with("Would append (dry run: nothing written):\n"),
        "{shown}"
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        before,
        "a dry run writes nothing"
    );
    let first = ok(&args);
    assert!(
        first.ends_with(
            "5 records added (2 matched to a customer), 0 skipped (already in the books)\n"
        ),
        "{first}"
    );
    let text = fs::read_to_string(&path).unwrap();
    for want in [
        "2026-02-05 Acme Corp | ACME CORP / Payment INV-1041\n",
        "    ; payer-guess: invoice reference\n",
        "    Assets:Receivable:Acme                  -5000.00 USD  ; invoice: INV-1041\n",
        "    Assets:Receivable:Blue Harbor            -800.00 USD  ; invoice: INV-1043\n",
        "    Liabilities:Unidentified Receipts        -120.00 USD\n",
        "    Expenses:Bank Fees                         12.00 USD\n",
        "    Expenses:Unknown                            4.50 USD\n",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
    books_are_sound(&path);
    // The same file again adds nothing.
    let again = ok(&args);
    assert!(
        again.contains(
            "0 records added (0 matched to a customer), 5 skipped (already in the books)"
        ),
        "{again}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    // A later export overlapping this one adds only its new line.
    let dir = tempfile::tempdir().unwrap();
    let later = dir.path().join("later.csv");
    let mut csv_text = fs::read_to_string(&csv).unwrap();
    csv_text.push_str("10/02/2026,ACME CORP,Payment,\"2,000.00\"\n");
    fs::write(&later, csv_text).unwrap();
    let third = ok(&[
        "import",
        "-f",
        s(&path),
        TODAY,
        s(&later),
        "--rules",
        &rules,
    ]);
    assert!(
        third.contains("1 record added (1 matched to a customer), 5 skipped"),
        "{third}"
    );
    assert_eq!(
        aging_detail(&path, "2026-02-28"),
        "customer,item,date,due,days_overdue,commodity,original,open,bucket\n"
    );
    books_are_sound(&path);
}

#[test]
fn import_rules_outside_the_subset_are_errors_at_their_line() {
    let (dir, path) = copy("books.journal");
    let rules = dir.path().join("bank.rules");
    fs::write(
        &rules,
        "skip 2\nfields date, payee, memo, amount\ndate-format %d/%m/%Y\naccount1 Assets:Bank:Checking\nbalance %5\n",
    )
    .unwrap();
    let r = arledger(&[
        "import",
        "-f",
        s(&path),
        &fixture("bank.csv"),
        "--rules",
        s(&rules),
    ]);
    assert_eq!(r.code, 1);
    let want = format!(
        "{}:5:1: error[E0104]: `balance` is not among the hledger CSV rules that arledger import reads",
        s(&rules)
    );
    assert!(r.stderr.contains(&want), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("1 error in the rules file; nothing was imported"),
        "{}",
        r.stderr
    );
    // A record the rules cannot read names its line in the CSV file.
    let csv = dir.path().join("bad.csv");
    fs::write(&csv, "x\ny\n05/02/2026,ACME,memo,12.5.0\n").unwrap();
    fs::write(
        &rules,
        "skip 2\nfields date, payee, memo, amount\ndate-format %d/%m/%Y\naccount1 Assets:Bank:Checking\ncurrency USD\n",
    )
    .unwrap();
    let r = arledger(&["import", "-f", s(&path), s(&csv), "--rules", s(&rules)]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(&format!(
            "{}:3:1: error[E0103]: cannot read the amount `12.5.0`",
            s(&csv)
        )),
        "{}",
        r.stderr
    );
}

#[test]
fn an_opening_entry_is_the_opening_balance_not_invoicing() {
    let books = fixture("opening.journal");
    // The items keep their old dates, due dates and numbers.
    assert_eq!(
        ok(&[
            "aging",
            "--detail",
            "-f",
            &books,
            "--date",
            "2026-01-01",
            "-O",
            "csv"
        ]),
        "customer,item,date,due,days_overdue,commodity,original,open,bucket\n\
         Acme,INV-1043,2025-11-05,2025-12-05,27,USD,1340.00,1340.00,1-30\n\
         Acme,CM-7,2025-12-20,2025-12-20,12,USD,-100.00,-100.00,1-30\n\
         Acme,INV-1050,2025-12-10,2026-01-09,-8,USD,800.00,800.00,current\n"
    );
    // Q1, which starts on the opening entry's date: opening 2040.00, invoicing only February's.
    let roll = ok(&["rollforward", "-f", &books, "-p", "2026-Q1", "-O", "csv"]);
    assert!(
        roll.contains(
            "\ntotal,USD,2040.00,500.00,0.00,1340.00,0.00,0.00,0.00,0.00,1200.00,1200.00,yes\n"
        ),
        "{roll}"
    );
    let kpi = ok(&["kpi", "-f", &books, "-p", "2026-Q1", "-O", "csv"]);
    assert!(
        kpi.contains("\n2026-01-01,2026-03-31,total,USD,2040.00,500.00,1340.00,"),
        "{kpi}"
    );
    books_are_sound(Path::new(&books));
}

#[test]
fn invoice_date_outside_an_opening_entry_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.journal");
    fs::write(
        &path,
        "account Assets:Receivable:Acme  ; customer: Acme Corp\n\n\
         2026-01-01 * (INV-1) Acme Corp | Not an opening entry\n\
         \x20   Assets:Receivable:Acme    10.00 USD  ; invoice-date: 2025-12-01\n\
         \x20   Income:Services\n\n\
         2026-01-02 * Opening | Dated after the entry\n\
         \x20   ; opening: yes\n\
         \x20   Assets:Receivable:Acme    10.00 USD  ; invoice: INV-2, invoice-date: 2026-02-01\n\
         \x20   Equity:Opening Balances\n",
    )
    .unwrap();
    let r = arledger(&["check", "-f", s(&path)]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(
            "books.journal:4:58: error[E0401]: `invoice-date:` is read only in an opening entry"
        ) || r.stdout.contains(
            "books.journal:4:58: error[E0401]: `invoice-date:` is read only in an opening entry"
        ),
        "{}{}",
        r.stdout,
        r.stderr
    );
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(
        all.contains("the invoice date 2026-02-01 is after the opening entry's date 2026-01-02"),
        "{all}"
    );
}

/// The export's own aging as `import --from` reports it: (customer, bucket) → amount.
fn export_aging(report: &str) -> std::collections::BTreeMap<(String, String), String> {
    report
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .map(|l| {
            let cells: Vec<&str> = l.split("  ").collect();
            (
                (cells[0].to_string(), cells[1].to_string()),
                cells[2].to_string(),
            )
        })
        .collect()
}

/// `aging` at `date` as (customer, bucket) → amount, without zero cells and totals.
fn our_aging(path: &Path, date: &str) -> std::collections::BTreeMap<(String, String), String> {
    let csv = ok(&["aging", "-f", s(path), "--date", date, "-O", "csv"]);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut out = std::collections::BTreeMap::new();
    for l in lines {
        let cells: Vec<&str> = l.split(',').collect();
        if cells[0] == "total" {
            continue;
        }
        for (k, bucket) in header.iter().enumerate().take(header.len() - 1).skip(2) {
            if cells[k] != "0.00" {
                out.insert(
                    (cells[0].to_string(), bucket.to_string()),
                    cells[k].to_string(),
                );
            }
        }
    }
    out
}

fn migrate(product: &str, files: &[(&str, &str)]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.journal");
    fs::write(&path, "; New books, moved in from another system\n").unwrap();
    let mut args = vec!["import", "-f", s(&path), TODAY, "--from", product];
    let named: Vec<(String, String)> = files
        .iter()
        .map(|(flag, file)| (flag.to_string(), fixture(file)))
        .collect();
    for (flag, file) in &named {
        args.push(flag);
        args.push(file);
    }
    let report = ok(&args);
    let theirs = export_aging(&report);
    assert!(!theirs.is_empty(), "{report}");
    assert_eq!(our_aging(&path, "2025-12-31"), theirs, "{report}");
    books_are_sound(&path);
    // Importing the same exports again adds nothing.
    let text = fs::read_to_string(&path).unwrap();
    let again = ok(&args);
    assert!(again.contains("already imported"), "{again}");
    assert!(again.contains("0 customers declared"), "{again}");
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn quickbooks_exports_move_in_with_the_same_aging() {
    migrate(
        "quickbooks",
        &[
            ("--customers", "qbo-customers.csv"),
            ("--open-items", "qbo-aging.csv"),
            ("--payments", "qbo-payments.csv"),
        ],
    );
}

#[test]
fn xero_exports_move_in_with_the_same_aging() {
    migrate(
        "xero",
        &[
            ("--customers", "xero-contacts.csv"),
            ("--open-items", "xero-aged.csv"),
        ],
    );
}

#[test]
fn quickbooks_customers_keep_terms_contacts_and_credit_limits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.journal");
    fs::write(&path, "").unwrap();
    let report = ok(&[
        "import",
        "-f",
        s(&path),
        "--from",
        "quickbooks",
        "--customers",
        &fixture("qbo-customers.csv"),
    ]);
    assert!(
        report.contains("the terms `Net 10 EOM` of Evergreen Health have no arledger form"),
        "{report}"
    );
    let csv = ok(&[
        "customers",
        "-f",
        s(&path),
        "--date",
        "2026-01-01",
        "-O",
        "csv",
    ]);
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("customer,name,terms,credit_limit,"),
        "{header}"
    );
    for want in [
        "Acme Corp,Acme Corp,net30,8000.00 USD,",
        "Cedar & Pine,Cedar & Pine,2/10 net30,,",
        "Dunmore Bakery,Dunmore Bakery,due-on-receipt,,",
    ] {
        assert!(csv.contains(want), "{want}: {csv}");
    }
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("    ; phone: 555 010-1000\n"), "{text}");
    assert!(
        text.contains("    ; address: 100 Main St Springfield IL 62701\n"),
        "{text}"
    );
}
