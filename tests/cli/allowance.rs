//! `arledger allowance` (issue 18 item 5, spec §7.5): bucket rates and specific reserves, the
//! allowance account's balance, the adjusting entry, and the errors of rates and reserves.

use crate::support::{arledger, have};

const RATES: &str = "current=1%,1-30=5%,31-60=15%,61-90=40%,over-90=75%";

const BOOKS: &str = "\
account Assets:Receivable:Acme     ; customer: Acme Corp, terms: net30
account Assets:Receivable:Birch    ; customer: Birch Ltd, terms: net30
account Assets:Receivable:Dunmore  ; customer: Dunmore Bakery, terms: net30
    ; reserve: 50%
account Assets:Receivable:Elm      ; customer: Elm Street Cafe, terms: net30
    ; reserve: 500.00 USD
account Assets:Allowance for Doubtful Accounts  ; writeoff: yes

2025-12-31 * Allowance at the year end
    Expenses:Bad Debt                           300.00 USD
    Assets:Allowance for Doubtful Accounts

2026-01-10 * (INV-1) Acme Corp | 141 days overdue at 2026-06-30
    Assets:Receivable:Acme      4000.00 USD
    Income:Services

2026-04-20 * (INV-2) Acme Corp | 41 days overdue
    Assets:Receivable:Acme      2000.00 USD
    Income:Services

2026-06-01 * (INV-3) Acme Corp | In euros, current
    Assets:Receivable:Acme      1000.00 EUR
    Income:Services

2026-06-10 * (INV-4) Birch Ltd | Current
    Assets:Receivable:Birch     1500.00 USD
    Income:Services

2026-06-25 * (PMT-1) Birch Ltd | Overpaid: a credit, not at risk
    Assets:Bank:Checking        1700.00 USD
    Assets:Receivable:Birch    -1700.00 USD  ; invoice: INV-4

2026-03-01 * (INV-5) Dunmore Bakery | Reserved at 50 %, in both commodities
    Assets:Receivable:Dunmore    951.00 USD
    Income:Services

2026-03-02 * (INV-6) Dunmore Bakery | In euros
    Assets:Receivable:Dunmore    100.00 EUR
    Income:Services

2026-02-01 * (INV-7) Elm Street Cafe | Reserved at 500.00 USD
    Assets:Receivable:Elm       1200.00 USD
    Income:Services

2026-02-02 * (INV-8) Elm Street Cafe | In euros: the bucket rates
    Assets:Receivable:Elm        200.00 EUR
    Income:Services
";

/// Writes `journal` (and `toml` as `arledger.toml` beside it) in a fresh directory.
fn books(journal: &str, toml: Option<&str>) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.journal");
    std::fs::write(&path, journal).unwrap();
    if let Some(t) = toml {
        std::fs::write(dir.path().join("arledger.toml"), t).unwrap();
    }
    let p = path.to_str().unwrap().to_string();
    (dir, p)
}

fn allowance(path: &str, extra: &[&str]) -> crate::support::Run {
    let mut args = vec!["allowance", "-f", path, "--date", "2026-06-30"];
    args.extend_from_slice(extra);
    arledger(&args)
}

#[test]
fn buckets_reserves_held_and_difference_per_commodity() {
    let (_dir, p) = books(BOOKS, None);
    let r = allowance(&p, &["--rates", RATES, "-O", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Birch's overpaid invoice is a credit and counts nowhere; Dunmore's 50 % covers both its
    // commodities (475.50 of 951.00 USD); Elm's 500.00 USD covers its dollars only, its euros
    // stay in the buckets (200 EUR × 75 %).
    assert_eq!(
        r.stdout,
        "kind,name,commodity,open,percent,amount\n\
         bucket,current,EUR,1000.00,1,10.00\n\
         bucket,1-30,EUR,0.00,5,0.00\n\
         bucket,31-60,EUR,0.00,15,0.00\n\
         bucket,61-90,EUR,0.00,40,0.00\n\
         bucket,over-90,EUR,200.00,75,150.00\n\
         bucket,current,USD,0.00,1,0.00\n\
         bucket,1-30,USD,0.00,5,0.00\n\
         bucket,31-60,USD,2000.00,15,300.00\n\
         bucket,61-90,USD,0.00,40,0.00\n\
         bucket,over-90,USD,4000.00,75,3000.00\n\
         reserve,Dunmore,EUR,100.00,50,50.00\n\
         reserve,Dunmore,USD,951.00,50,475.50\n\
         reserve,Elm,USD,1200.00,,500.00\n\
         required,,EUR,1300.00,,210.00\n\
         held,Assets:Allowance for Doubtful Accounts,EUR,,,0.00\n\
         difference,,EUR,,,210.00\n\
         required,,USD,8151.00,,4275.50\n\
         held,Assets:Allowance for Doubtful Accounts,USD,,,300.00\n\
         difference,,USD,,,3975.50\n"
    );
    // The held balance is read at --date: the year-end entry is not there a day before.
    let r = arledger(&[
        "allowance",
        "-f",
        &p,
        "--date",
        "2025-12-30",
        "--rates",
        RATES,
        "-O",
        "csv",
    ]);
    assert_eq!(r.stdout, "kind,name,commodity,open,percent,amount\n");
    let r = arledger(&[
        "allowance",
        "-f",
        &p,
        "--date",
        "2025-12-30",
        "--rates",
        RATES,
    ]);
    assert!(
        r.stdout.contains("Nothing open and nothing held."),
        "{}",
        r.stdout
    );
}

/// The balances of `path` from arledger, and ledger and hledger where installed, all the same.
fn same_balances_everywhere(path: &str) -> std::collections::BTreeMap<(String, String), String> {
    let ours = crate::demo::ours(path);
    if have("hledger") {
        assert_eq!(ours, crate::demo::hledger(path), "hledger");
    }
    if have("ledger") {
        assert_eq!(ours, crate::demo::ledger(path), "ledger");
    }
    ours
}

#[test]
fn the_adjusting_entry_appended_leaves_no_difference_and_reads_the_same_everywhere() {
    let (_dir, p) = books(BOOKS, None);
    let r = allowance(&p, &["--rates", RATES, "--emit-journal"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "\n2026-06-30 * Allowance for doubtful accounts\n    \
         Expenses:Bad Debt                         210.00 EUR\n    \
         Assets:Allowance for Doubtful Accounts   -210.00 EUR\n    \
         Expenses:Bad Debt                        3975.50 USD\n    \
         Assets:Allowance for Doubtful Accounts  -3975.50 USD\n"
    );
    let mut journal = std::fs::read_to_string(&p).unwrap();
    journal.push_str(&r.stdout);
    std::fs::write(&p, &journal).unwrap();
    let r = allowance(&p, &["--rates", RATES, "-O", "csv"]);
    assert!(
        r.stdout.ends_with("difference,,EUR,,,0.00\nrequired,,USD,8151.00,,4275.50\nheld,Assets:Allowance for Doubtful Accounts,USD,,,4275.50\ndifference,,USD,,,0.00\n"),
        "{}",
        r.stdout
    );
    let r = allowance(&p, &["--rates", RATES, "--emit-journal"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    let balances = same_balances_everywhere(&p);
    let key = |a: &str, c: &str| balances.get(&(a.to_string(), c.to_string())).cloned();
    assert_eq!(
        key("Assets:Allowance for Doubtful Accounts", "USD").as_deref(),
        Some("-4275.5")
    );

    // Acme pays its dollars: the allowance in dollars is now too large, and the entry releases
    // the excess (its euro invoice has aged into 1-30 meanwhile: 40.00 EUR more).
    journal.push_str(
        "\n2026-07-15 * (PMT-2) Acme Corp | Paid everything in dollars\n    \
         Assets:Bank:Checking        6000.00 USD\n    \
         Assets:Receivable:Acme     -4000.00 USD  ; invoice: INV-1\n    \
         Assets:Receivable:Acme     -2000.00 USD  ; invoice: INV-2\n",
    );
    std::fs::write(&p, &journal).unwrap();
    let emit_in_july = || {
        arledger(&[
            "allowance",
            "-f",
            &p,
            "--date",
            "2026-07-31",
            "--rates",
            RATES,
            "--emit-journal",
        ])
    };
    let r = emit_in_july();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Expenses:Bad Debt                       -3300.00 USD\n    Assets:Allowance for Doubtful Accounts   3300.00 USD\n"),
        "{}",
        r.stdout
    );
    journal.push_str(&r.stdout);
    std::fs::write(&p, &journal).unwrap();
    let r = emit_in_july();
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    same_balances_everywhere(&p);
    assert_eq!(arledger(&["check", "-f", &p]).code, 0);
}

const CONFIG: &str = "\
[allowance]
account = \"Assets:Doubtful\"
expense = \"Expenses:Doubtful Accounts\"
buckets = [60]

[allowance.rates]
current = \"2%\"
1-60 = \"10%\"
over-60 = \"50%\"
";

#[test]
fn rates_and_accounts_come_from_arledger_toml() {
    let (_dir, p) = books(BOOKS, Some(CONFIG));
    let r = allowance(&p, &["-O", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("bucket,1-60,USD,2000.00,10,200.00\nbucket,over-60,USD,4000.00,50,2000.00\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("held,Assets:Doubtful,USD,,,0.00\n"),
        "{}",
        r.stdout
    );
    let r = allowance(&p, &["--emit-journal"]);
    assert!(
        r.stdout.contains("    Expenses:Doubtful Accounts "),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("    Assets:Doubtful "), "{}", r.stdout);
    // --rates replaces the table, and must name the configured buckets.
    let r = allowance(
        &p,
        &["--rates", "current=0%,1-60=0%,over-60=100%", "-O", "csv"],
    );
    assert!(
        r.stdout
            .contains("bucket,over-60,USD,4000.00,100,4000.00\n"),
        "{}",
        r.stdout
    );
    let r = allowance(&p, &["--rates", RATES]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "invalid --rates `current=1%,1-30=5%,31-60=15%,61-90=40%,over-90=75%`: unknown aging bucket `1-30`: expected one of current, 1-60, over-60"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn bad_rates_and_configuration_say_where_and_what_is_expected() {
    let (dir, p) = books(BOOKS, None);
    let r = allowance(&p, &[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no allowance rates: give --rates \"current=N%,1-30=N%,31-60=N%,61-90=N%,over-90=N%\" or an [allowance.rates] table in arledger.toml"),
        "{}",
        r.stderr
    );
    for (rates, message) in [
        (
            "current=1%,1-31=5%",
            "unknown aging bucket `1-31`: expected one of current, 1-30, 31-60, 61-90, over-90",
        ),
        (
            "current=1%,1-30=5",
            "cannot read the rate `5` of bucket `1-30`: expected a percentage from 0% to 100%",
        ),
        (
            "current=1%,1-30=150%",
            "cannot read the rate `150%` of bucket `1-30`",
        ),
        (
            "current=1%",
            "no rate for the aging buckets 1-30, 31-60, 61-90, over-90",
        ),
        ("current:1%", "`current:1%` is not `bucket=rate`"),
    ] {
        let r = allowance(&p, &["--rates", rates]);
        assert_eq!(r.code, 2, "{rates}");
        assert!(r.stderr.contains(message), "{rates}: {}", r.stderr);
    }
    let toml = dir.path().join("arledger.toml");
    for (text, message) in [
        (
            "[allowance.rates]\ncurrent = \"1%\"\n1-30 = \"5%\"\n31-60 = \"15%\"\n61-99 = \"40%\"\nover-90 = \"75%\"\n",
            "arledger.toml:5:1: [allowance.rates]: unknown aging bucket `61-99`: expected one of current, 1-30, 31-60, 61-90, over-90",
        ),
        (
            "[allowance.rates]\ncurrent = \"a lot\"\n",
            "arledger.toml:2:11: [allowance.rates]: cannot read the rate `a lot` of bucket `current`",
        ),
        (
            "[allowance]\naccont = \"Assets:Doubtful\"\n",
            "arledger.toml:2:1: unknown field `accont`",
        ),
        (
            "[allowance]\nbuckets = [90, 30]\n",
            "arledger.toml:2:11: `buckets` in [allowance]: invalid buckets `90,30`",
        ),
    ] {
        std::fs::write(&toml, text).unwrap();
        let r = allowance(&p, &[]);
        assert_eq!(r.code, 2, "{text}");
        assert!(r.stderr.contains(message), "{text}: {}", r.stderr);
    }
}

#[test]
fn a_reserve_that_cannot_be_read_is_an_error_at_the_tag() {
    for (reserve, message) in [
        ("lots", "cannot read the reserve `lots`"),
        ("120%", "cannot read the reserve `120%`"),
        (
            "500.00 GBP",
            "the reserve `500.00 GBP` is in `GBP`, a commodity the journal does not use",
        ),
    ] {
        let journal = BOOKS.replace("reserve: 50%", &format!("reserve: {reserve}"));
        let (_dir, p) = books(&journal, None);
        let r = allowance(&p, &["--rates", RATES]);
        assert_eq!(r.code, 1, "{reserve}");
        assert!(
            r.stderr
                .contains(&format!("books.journal:4:16: error[E0401]: {message}")),
            "{reserve}: {}",
            r.stderr
        );
        let r = arledger(&["check", "-f", &p]);
        assert_eq!(r.code, 1, "{reserve}");
    }
}

/// An allowance account the books do not know reads as an allowance of zero: said, not silent
/// (a misspelt `account` in [allowance] would otherwise book the whole allowance again).
#[test]
fn an_allowance_account_the_books_do_not_know_is_noted() {
    let (_dir, p) = books(BOOKS, None);
    let r = allowance(&p, &["--rates", RATES, "-O", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("not in the books"), "{}", r.stderr);
    let (_dir, p) = books(
        BOOKS,
        Some("[allowance]\naccount = \"Assets:Allowance for Doubtfull Accounts\"\n"),
    );
    let r = allowance(&p, &["--rates", RATES, "-O", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "note: the allowance account `Assets:Allowance for Doubtfull Accounts` is not in the books yet"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout
            .contains("held,Assets:Allowance for Doubtfull Accounts,USD,,,0.00"),
        "{}",
        r.stdout
    );
}
