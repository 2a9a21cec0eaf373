//! Query terms (docs/queries.md): every hledger 1.25 prefix selects what hledger selects on
//! the demo books, and a term arledger cannot read is a usage error, never an empty report.

use crate::demo::{hledger_with, ours_with, run_tool};
use crate::support::{arledger, have, ok};

const DEMO: &str = "journals/demo.journal";

/// Query term lists covering every prefix, `not:`, and how terms combine (same prefix OR-ed
/// for accounts, descriptions and statuses; everything else AND-ed).
const QUERIES: &[&[&str]] = &[
    &[],
    &["receivable"],
    &["acct:^income"],
    &["Assets:Bank"],
    &["receivable", "income"],
    &["amt:>5000"],
    &["amt:<-100"],
    &["amt:<0"],
    &["amt:>=+3200"],
    &["amt:=1200"],
    &["amt:1200"],
    &["amt:-1200"],
    &["amt:<=12"],
    &["amt:<+0"],
    &["code:INV"],
    &["code:INV", "code:PMT"],
    &["not:code:."],
    &["cur:EUR"],
    &["cur:usd"],
    &["cur:US"],
    &["date:2026-02"],
    &["date:2026q2"],
    &["date:2026-02-"],
    &["date:-2026-02-15"],
    &["date:2026-01-15..2026-03-01"],
    &["not:date:2026-02"],
    &["date2:2026-03"],
    &["depth:1"],
    &["depth:2"],
    &["depth:2", "receivable"],
    &["desc:acme"],
    &["desc:acme", "desc:beta"],
    &["not:desc:acme"],
    &["note:payment"],
    &["payee:^acme corp$"],
    &["payee:acme", "payee:cobalt"],
    &["real:"],
    &["real:1"],
    &["real:0"],
    &["status:*"],
    &["status:!"],
    &["status:"],
    &["status:!", "desc:acme"],
    &["status:*", "status:!"],
    &["not:status:*"],
    &["tag:invoice"],
    &["tag:inv"],
    &["tag:invoice=INV-100"],
    &["tag:terms"],
    &["tag:terms=net15"],
    &["tag:.=^2026-0"],
    &["tag:due=2026-02"],
    &["not:tag:invoice"],
    &["tag:payee=acme"],
    &["type:A"],
    &["type:C"],
    &["type:RX"],
    &["not:type:A"],
    &["not:not:assets"],
    &["receivable", "cur:EUR", "amt:>1000"],
    &["assets", "desc:acme", "not:code:PMT", "date:2026q1"],
];

/// Our register CSV equals hledger 1.25's (our CSV writer guards cells that start with `-`
/// with a `'` against spreadsheet formulas; hledger does not).
#[test]
fn register_matches_hledger_for_every_prefix() {
    if !have("hledger") {
        eprintln!("skipped: hledger is not installed");
        return;
    }
    for terms in QUERIES {
        let ours =
            ok(&[&["register", "-f", DEMO, "-O", "csv"], *terms].concat()).replace("\"'-", "\"-");
        let theirs = run_tool(
            "hledger",
            &[&["-f", DEMO, "register", "-O", "csv"], *terms].concat(),
        );
        assert_eq!(ours, theirs, "register {terms:?}");
    }
}

/// The counts the issue quotes: hledger lists 64, 29, 327 and 327 postings.
#[test]
fn amount_currency_real_and_depth_terms_select_postings() {
    for (term, rows) in [
        ("amt:>5000", 64),
        ("cur:EUR", 29),
        ("real:", 327),
        ("depth:2", 327),
    ] {
        let out = ok(&["register", "-f", DEMO, "-O", "csv", term]);
        assert_eq!(out.lines().count() - 1, rows, "{term}");
    }
}

#[test]
fn balance_matches_hledger_for_every_prefix() {
    if !have("hledger") {
        eprintln!("skipped: hledger is not installed");
        return;
    }
    // hledger 1.25's balance ignores `date2:` (it sums every posting); its register and the
    // manual select by the secondary date, and so does our balance.
    for terms in QUERIES
        .iter()
        .filter(|t| !t.iter().any(|t| t.starts_with("date2:")))
    {
        assert_eq!(
            ours_with(DEMO, terms),
            hledger_with(DEMO, terms),
            "balance {terms:?}"
        );
    }
}

/// `print` selects whole transactions as hledger does (an account term matches when any
/// posting does; `not:assets` keeps transactions with no assets posting).
#[test]
fn print_selects_the_transactions_hledger_does() {
    if !have("hledger") {
        eprintln!("skipped: hledger is not installed");
        return;
    }
    let headers = |text: String| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("20"))
            .map(String::from)
            .collect()
    };
    for terms in QUERIES
        .iter()
        .chain([&["not:assets"][..], &["assets", "cur:EUR"]].iter())
    {
        let ours = headers(ok(&[&["print", "-f", DEMO], *terms].concat()));
        let theirs = headers(run_tool(
            "hledger",
            &[&["-f", DEMO, "print"], *terms].concat(),
        ));
        assert_eq!(ours, theirs, "print {terms:?}");
    }
}

#[test]
fn accounts_lists_what_hledger_lists() {
    if !have("hledger") {
        eprintln!("skipped: hledger is not installed");
        return;
    }
    for terms in [
        &[][..],
        &["depth:2"],
        &["receivable"],
        &["cur:EUR"],
        &["tag:terms"],
        &["type:R"],
    ] {
        let mut ours: Vec<String> = ok(&[&["accounts", "-f", DEMO], terms].concat())
            .lines()
            .map(String::from)
            .collect();
        let mut theirs: Vec<String> =
            run_tool("hledger", &[&["-f", DEMO, "accounts"], terms].concat())
                .lines()
                .map(String::from)
                .collect();
        ours.sort();
        theirs.sort();
        assert_eq!(ours, theirs, "accounts {terms:?}");
    }
}

/// `expr:` (not in hledger 1.25; hledger 1.29's syntax) agrees with the plain terms it
/// combines: `A or B` selects what A and B select together.
#[test]
fn expr_combines_terms_with_and_or_not_and_parentheses() {
    let rows = |terms: &[&str]| -> std::collections::BTreeSet<String> {
        ok(&[&["register", "-f", DEMO, "-O", "csv"], terms].concat())
            .lines()
            .skip(1)
            .map(|l| {
                l.rsplit_once(',')
                    .map_or(l, |(row, _total)| row)
                    .to_string()
            })
            .collect()
    };
    let acme = rows(&["desc:acme"]);
    let eur = rows(&["cur:EUR"]);
    let either = rows(&["expr:desc:acme OR cur:EUR"]);
    assert_eq!(either, acme.union(&eur).cloned().collect());
    let both = rows(&["expr:receivable and (desc:acme or desc:cobalt) and not amt:<0"]);
    let expected = rows(&["receivable", "desc:acme", "desc:cobalt", "amt:>=0"]);
    assert!(!both.is_empty());
    assert_eq!(both, expected);
    // Quoted text keeps its spaces; a quoted keyword is a term.
    assert_eq!(
        rows(&["expr:desc:'acme corp' and cur:USD"]),
        rows(&["desc:acme corp", "cur:USD"])
    );
}

/// Each malformed or unknown term: exit 2, a message naming it, no report.
#[test]
fn unreadable_terms_are_usage_errors() {
    let cases: &[(&str, &str)] = &[
        ("amount:>5000", "unknown query prefix `amount:` in `amount:>5000`"),
        ("foo:bar", "Query prefixes: acct: amt: code: cur: date: date2: depth: desc: expr: not: note: payee: real: status: tag: type:"),
        ("Amt:>5000", "(prefixes are lowercase: `amt:`)"),
        ("not:curr:EUR", "unknown query prefix `curr:`"),
        ("amt:abc", "invalid amount comparison `abc`"),
        ("amt:>1,000", "invalid amount comparison `>1,000`"),
        ("depth:x", "invalid depth `x`"),
        ("not:depth:2", "`depth:2` limits how deep accounts are shown"),
        ("expr:depth:2", "`depth:2` limits how deep accounts are shown"),
        ("real:yes", "invalid `real:yes`"),
        ("status:x", "invalid status `x`"),
        ("type:Q", "invalid account type in `type:Q`"),
        ("desc:", "`desc:` needs a pattern after the colon"),
        ("not:", "`not:` needs a query term after it"),
        ("date:soon", "cannot read the date or period `soon`"),
        ("inacct:Assets", "`inacct:` is not supported"),
        ("empty:", "`empty:` is not supported"),
        ("expr:(desc:a", "cannot read `expr:(desc:a`: `(` without a matching `)`"),
        ("expr:desc:a or", "cannot read `expr:desc:a or`: a term is missing at the end"),
        ("acct:(", "invalid regular expression `(`"),
    ];
    for (term, message) in cases {
        for command in ["register", "balance", "print", "accounts"] {
            let r = arledger(&[command, "-f", DEMO, term]);
            assert_eq!(r.code, 2, "{command} {term}: {}", r.stderr);
            assert!(r.stdout.is_empty(), "{command} {term}: {}", r.stdout);
            assert!(r.stderr.contains(message), "{command} {term}: {}", r.stderr);
        }
    }
}

/// An account pattern with a colon stays one when some account name contains its first
/// segment and a colon, whatever its case.
#[test]
fn account_patterns_with_colons_still_work() {
    for term in [
        "Assets:Bank",
        "assets:receivable:acme",
        "receivable:a",
        "Income:Services$",
    ] {
        let r = arledger(&["register", "-f", DEMO, term]);
        assert_eq!(r.code, 0, "{term}: {}", r.stderr);
        assert!(!r.stdout.is_empty(), "{term}");
    }
}

/// `depth:` cuts the account names the register shows, as `--depth` does for balance.
#[test]
fn depth_cuts_register_account_names() {
    let out = ok(&["register", "-f", DEMO, "-O", "csv", "depth:1", "receivable"]);
    assert!(
        out.lines().skip(1).all(|l| l.contains(",\"Assets\",")),
        "{out}"
    );
    let both = ok(&["balance", "-f", DEMO, "--depth", "3", "depth:1", "-N"]);
    assert_eq!(both, ok(&["balance", "-f", DEMO, "--depth", "1", "-N"]));
}
