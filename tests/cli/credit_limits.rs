//! Issue 18 item 2, credit limits over time and the credit hold (ar-conventions §7.2): `check`
//! warns at each invoice that takes a customer over its limit, and `customers` and
//! `collections` show who is on credit hold and why.

use crate::ar_depth::{run_on, same_balances_everywhere};
use crate::support::{arledger, Run};

const BOOKS: &str = "\
account Assets:Receivable:Acme  ; customer: Acme Corp, terms: net30, credit-limit: 10000 USD
account Assets:Receivable:Birch  ; customer: Birch Ltd, terms: net30, credit-hold: yes
account Assets:Receivable:Cobalt  ; customer: Cobalt Labs, terms: net15

2026-01-05 * (INV-1041) Acme Corp
    Assets:Receivable:Acme    8000.00 USD
    Income:Services

2026-01-20 * (INV-1042) Acme Corp
    Assets:Receivable:Acme    4300.00 USD
    Income:Services

2026-02-10 * (PMT-1) Acme Corp
    Assets:Bank:Checking      8000.00 USD
    Assets:Receivable:Acme   -8000.00 USD  ; invoice: INV-1041

2026-02-12 * (INV-1044) Acme Corp | back to exactly the limit: not over
    Assets:Receivable:Acme    5700.00 USD
    Income:Services

2026-02-15 * (INV-1043) Acme Corp
    Assets:Receivable:Acme    7000.00 USD
    Income:Services

2026-02-16 * (INV-7) Birch Ltd
    Assets:Receivable:Birch    100.00 USD
    Income:Services

2026-02-01 * (INV-88) Cobalt Labs
    Assets:Receivable:Cobalt   650.00 USD
    Income:Services
";

/// Runs `arledger ARGS -f books.journal` with `toml` as the books' `arledger.toml`.
fn run_with_config(toml: &str, args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.journal");
    std::fs::write(&path, BOOKS).unwrap();
    std::fs::write(dir.path().join("arledger.toml"), toml).unwrap();
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["-f", path.to_str().unwrap()]);
    arledger(&all)
}

/// Each crossing is a warning at its invoice's posting, with how it ended; reaching the limit
/// exactly is not a crossing; the final balance gets no warning of its own.
#[test]
fn check_warns_at_each_invoice_that_crosses_the_limit() {
    let r = run_on(BOOKS, &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let first = "books.journal:10:5: warning[E0401]: INV-1042 takes Acme Corp to 12,300.00 USD, over its credit limit of 10,000.00 USD\n 10 |     Assets:Receivable:Acme    4300.00 USD\n    |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n    = note: back at or under the limit on 2026-02-10\n";
    let second = "books.journal:22:5: warning[E0401]: INV-1043 takes Acme Corp to 17,000.00 USD, over its credit limit of 10,000.00 USD\n 22 |     Assets:Receivable:Acme    7000.00 USD\n    |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n    = note: still over the limit: balance 17,000.00 USD\n";
    assert!(r.stderr.contains(first), "{}", r.stderr);
    assert!(r.stderr.contains(second), "{}", r.stderr);
    assert!(!r.stderr.contains("INV-1044"), "{}", r.stderr);
    assert!(r.stderr.ends_with("0 errors, 2 warnings\n"), "{}", r.stderr);
    let strict = run_on(BOOKS, &["check", "--strict"]);
    assert_eq!(strict.code, 1);
    assert!(strict
        .stderr
        .contains("error[E0401]: INV-1042 takes Acme Corp"));
}

/// The status column: manual hold, over the limit, and (only with `[credit] hold-days`)
/// overdue; typed in JSON, the same in collections.
#[test]
fn customers_and_collections_show_the_credit_hold() {
    let r = run_on(BOOKS, &["customers", "--date", "2026-03-31", "-O", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(
        lines[0].ends_with(",email,credit_status,hold_reason"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("Acme,") && lines[1].ends_with(",hold,over-limit"));
    assert!(lines[2].starts_with("Birch,") && lines[2].ends_with(",hold,manual"));
    assert!(lines[3].starts_with("Cobalt,") && lines[3].ends_with(",ok,"));

    let toml = "[credit]\nhold-days = 30\n";
    let r = run_with_config(toml, &["customers", "--date", "2026-03-31", "-O", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let status: Vec<(&str, &str, serde_json::Value)> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["customer"].as_str().unwrap(),
                row["credit_status"].as_str().unwrap(),
                row["hold_reason"].clone(),
            )
        })
        .collect();
    assert_eq!(
        status,
        vec![
            ("Acme", "hold", "over-limit".into()),
            ("Birch", "hold", "manual".into()),
            ("Cobalt", "hold", "overdue".into()),
        ]
    );
    // 43 days overdue at March 31 is not more than 43.
    let r = run_with_config(
        "[credit]\nhold-days = 43\n",
        &["customers", "Cobalt", "--date", "2026-03-31", "-O", "csv"],
    );
    assert!(
        r.stdout.lines().nth(1).unwrap().ends_with(",ok,"),
        "{}",
        r.stdout
    );

    let r = run_with_config(toml, &["collections", "--date", "2026-03-31", "-O", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    for row in v["rows"].as_array().unwrap() {
        assert_eq!(row["credit_status"], "hold", "{row}");
    }
    let r = run_on(BOOKS, &["collections", "Cobalt", "--date", "2026-03-31"]);
    let header = r.stdout.lines().nth(2).unwrap();
    assert!(header.trim_end().ends_with("credit_status"), "{header}");
    assert!(r.stdout.lines().nth(4).unwrap().trim_end().ends_with(" ok"));
}

/// The site says who is on credit hold, as `customers` does: a column of the customer list,
/// and the first fact on the customer's page, with the `[credit]` policy of the books.
#[test]
fn the_site_shows_the_credit_hold() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.journal");
    std::fs::write(&path, BOOKS).unwrap();
    std::fs::write(
        dir.path().join("arledger.toml"),
        "[credit]\nhold-days = 30\n",
    )
    .unwrap();
    let out = dir.path().join("site");
    let site = || {
        let (books, dir) = (path.to_str().unwrap(), out.to_str().unwrap());
        let r = arledger(&["site", "-f", books, "--out", dir, "--date", "2026-03-31"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    };
    site();
    let list = std::fs::read_to_string(out.join("customers.html")).unwrap();
    for (id, reason) in [
        ("Acme", "over-limit"),
        ("Birch", "manual"),
        ("Cobalt", "overdue"),
    ] {
        let row = list
            .split("<tr")
            .find(|row| row.contains(&format!(">{id}<")))
            .unwrap_or_else(|| panic!("no row for {id}: {list}"));
        assert!(
            row.contains(">hold<") && row.contains(&format!(">{reason}<")),
            "{row}"
        );
    }
    let page = |id: &str| {
        let name = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .find(|n| {
                n.starts_with("customer-") && n.ends_with(&format!("-{}.html", id.to_lowercase()))
            })
            .unwrap();
        std::fs::read_to_string(out.join(name)).unwrap()
    };
    assert!(page("Birch").contains("on credit hold (manual)"));
    assert!(page("Acme").contains("on credit hold (over-limit) · terms net30"));
    // Without the policy, Cobalt's overdue invoice puts it on no hold.
    std::fs::remove_file(dir.path().join("arledger.toml")).unwrap();
    site();
    assert!(!page("Cobalt").contains("credit hold"));
}

/// A bad `[credit]` value or an unknown key stops the command at its place.
#[test]
fn a_bad_credit_section_is_an_error_at_its_place() {
    let r = run_with_config("[credit]\nhold-days = \"soon\"\n", &["customers"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("arledger.toml:2:13:"), "{}", r.stderr);
    let r = run_with_config("[credit]\nhold-day = 3\n", &["collections"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("unknown field `hold-day`"),
        "{}",
        r.stderr
    );
}

#[test]
fn s7_2_entries_read_the_same_in_ledger_and_hledger() {
    same_balances_everywhere("### 7.2 Credit limits over time and the credit hold");
}

/// `add invoice` refuses a customer on hold by hand or for an invoice past `hold-days`, as
/// it refuses one the invoice takes over its limit; `--override-credit-hold` records why.
#[test]
fn add_invoice_refuses_a_customer_on_credit_hold() {
    let add = |who: &str, more: &[&str]| {
        let mut args = vec![
            "add",
            "invoice",
            "--customer",
            who,
            "--date",
            "2026-03-31",
            "--amount",
            "50",
            "--dry-run",
        ];
        args.extend(more);
        run_with_config("[credit]\nhold-days = 30\n", &args)
    };
    let r = add("Birch", &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "credit hold: set by hand; customer Birch is on credit hold: nothing was written"
        ),
        "{}",
        r.stderr
    );
    let r = add("Cobalt", &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("credit hold: an invoice more than 30 days past due; customer Cobalt"),
        "{}",
        r.stderr
    );
    let r = add("Cobalt", &["--override-credit-hold"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("; credit-hold-override: an invoice more than 30 days past due\n"),
        "{}",
        r.stdout
    );
}
