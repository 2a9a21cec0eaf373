//! hledger's reporting flags on `balance` and `register` (issue 15 item 7): intervals,
//! `-H`, `--invert`, `-S`, `--depth`, `--pivot`, and valuation with `-B`, `-V`, `-X`. The
//! expected outputs are hledger 1.25's (tests/cli/hledger_diff.rs compares more of them with
//! hledger itself when it is installed).

use crate::support::ok;

const DEMO: &str = "journals/demo.journal";
const PRICES: &str = "tests/fixtures/valuation/prices.journal";

fn csv(args: &[&str]) -> String {
    let mut a = args.to_vec();
    a.extend(["-O", "csv"]);
    ok(&a)
}

#[test]
fn balance_has_one_column_per_period() {
    let out = csv(&[
        "bal",
        "-f",
        DEMO,
        "-Q",
        "receivable:acme",
        "receivable:cobalt",
    ]);
    assert_eq!(
        out,
        "\"account\",\"2026Q1\",\"2026Q2\",\"2026Q3\",\"2026Q4\"\n\
         \"Assets:Receivable:Acme\",\"3200.00 USD\",\"0\",\"4250.00 USD\",\"4550.00 USD\"\n\
         \"Assets:Receivable:Cobalt\",\"5500.00 EUR\",\"0\",\"750.00 EUR\",\"2950.00 EUR\"\n\
         \"total\",\"5500.00 EUR, 3200.00 USD\",\"0\",\"750.00 EUR, 4250.00 USD\",\"2950.00 EUR, 4550.00 USD\"\n"
    );
    // -H: end balances; -p with an interval is the same as the flag.
    let h = csv(&[
        "bal",
        "-f",
        DEMO,
        "-p",
        "quarterly",
        "-H",
        "receivable:acme",
    ]);
    assert!(
        h.contains("\"Assets:Receivable:Acme\",\"3200.00 USD\",\"3200.00 USD\",\"7450.00 USD\",\"12000.00 USD\""),
        "{h}"
    );
    // Whole months even when -b/-e cut one.
    let m = csv(&[
        "bal",
        "-f",
        DEMO,
        "-M",
        "-b",
        "2026-11-15",
        "-e",
        "2026-12-05",
        "checking",
    ]);
    assert_eq!(
        m,
        "\"account\",\"2026-11\",\"2026-12\"\n\
         \"Assets:Bank:Checking\",\"-6140.40 USD\",\"-7154.00 USD\"\n\
         \"total\",\"-6140.40 USD\",\"-7154.00 USD\"\n"
    );
}

#[test]
fn invert_depth_sort_and_pivot() {
    let inv = csv(&[
        "bal", "-f", DEMO, "--invert", "--depth", "1", "income", "-N",
    ]);
    assert_eq!(
        inv,
        "\"account\",\"balance\"\n\"Income\",\"32750.00 EUR\"\n\"Income\",\"139128.20 USD\"\n"
    );
    let sorted = ok(&[
        "bal",
        "-f",
        DEMO,
        "-S",
        "-N",
        "receivable",
        "-O",
        "csv",
        "cur:USD",
    ]);
    let order: Vec<&str> = sorted
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(
        order,
        [
            "\"Assets:Receivable:Acme\"",
            "\"Assets:Receivable:Evergreen\"",
            "\"Assets:Receivable:Blue Harbor\"",
            "\"Assets:Receivable:Greystone\"",
            "\"Assets:Receivable:Foxglove\"",
            "\"Assets:Receivable:Hollis\""
        ]
    );
    let pivot = csv(&["bal", "-f", DEMO, "--pivot", "invoice", "receivable", "-Q"]);
    assert!(
        pivot.contains("\"INV-1007\",\"2800.00 USD\",\"-2800.00 USD\",\"0\",\"0\"\n"),
        "{pivot}"
    );
    // A mixed total starting with `-` gets the CSV formula guard `'` (docs/hledger-compatibility.md).
    let reg = csv(&[
        "reg", "-f", DEMO, "-M", "--depth", "2", "income", "-p", "2026q1",
    ]);
    assert!(
        reg.starts_with(
            "\"txnidx\",\"date\",\"code\",\"description\",\"account\",\"amount\",\"total\"\n\
             \"0\",\"2026-01-01\",\"\",\"\",\"Income:Consulting\",\"-4200.00 EUR\",\"-4200.00 EUR\"\n\
             \"0\",\"2026-01-01\",\"\",\"\",\"Income:Services\",\"-10000.00 USD\",\"'-4200.00 EUR, -10000.00 USD\"\n"
        ),
        "{reg}"
    );
}

#[test]
fn valuation_at_cost_market_and_in_one_commodity() {
    let bal = |flags: &[&str]| {
        let mut a = vec!["bal", "-f", PRICES];
        a.extend_from_slice(flags);
        csv(&a)
    };
    assert_eq!(
        bal(&["-B"]),
        "\"account\",\"balance\"\n\"Assets:Bank\",\"152.00 EUR\"\n\"Income\",\"-152.00 EUR\"\n\"total\",\"0\"\n"
    );
    // Chained: GBP -> EUR -> USD; reversed: USD in EUR from `P EUR 1.20 USD`.
    assert!(bal(&["-X", "USD"]).contains("\"Assets:Bank\",\"188.00 USD\""));
    assert!(bal(&["-X", "EUR"]).contains("\"Assets:Bank\",\"156.67 EUR\""));
    assert!(bal(&["--value", "end,CHF"]).contains("\"Income\",\"-164.2 CHF\""));
    // -V: each commodity in its own latest price's commodity, at the end of each period (GBP
    // has no price before June, so March keeps it).
    assert_eq!(
        bal(&["-V", "-M", "assets"]),
        "\"account\",\"2026-01\",\"2026-02\",\"2026-03\",\"2026-04\",\"2026-05\",\"2026-06\"\n\
         \"Assets:Bank\",\"110.00 USD\",\"50.00 USD\",\"10.00 GBP\",\"0\",\"0\",\"0\"\n\
         \"total\",\"110.00 USD\",\"50.00 USD\",\"10.00 GBP\",\"0\",\"0\",\"0\"\n"
    );
    let reg = csv(&["reg", "-f", PRICES, "-V", "assets"]);
    assert!(
        reg.ends_with("\"3\",\"2026-03-10\",\"\",\"Sale\",\"Assets:Bank\",\"15.00 EUR\",\"45.0 CHF, 15.00 EUR, 120.00 USD\"\n"),
        "{reg}"
    );
}
