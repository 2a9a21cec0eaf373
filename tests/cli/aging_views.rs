//! `aging --pivot TAG` and `aging -X COMM` (issue 15 item 7, issue 18 item 9, spec §7.9).

use crate::support::{arledger, arledger_with_stdin};

const BOOKS: &str = "\
account Assets:Receivable:Acme  ; customer: Acme Corp, region: west
account Assets:Receivable:Bern  ; customer: Bern AG, region: europe

P 2026-01-01 EUR 1.10 USD
P 2026-03-01 EUR 1.20 USD

2026-01-05 * (INV-1) Acme Corp | Pumps
    Assets:Receivable:Acme    1000.00 USD
    Income:Sales

2026-01-20 * (INV-2) Acme Corp | Valves  ; region: east
    Assets:Receivable:Acme     500.00 USD
    Income:Sales

2026-02-10 * (INV-3) Bern AG | Fittings
    Assets:Receivable:Bern    2000.00 EUR
    Income:Sales

2026-02-12 * (INV-4) Bern AG | Gaskets
    Assets:Receivable:Bern     100.00 EUR  ; region: alps
    Income:Sales
";

fn aging(journal: &str, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["aging", "-f", "-"];
    all.extend_from_slice(args);
    let r = arledger_with_stdin(&all, Some(journal));
    (r.code, r.stdout, r.stderr)
}

#[test]
fn pivot_groups_by_the_items_tag_else_the_customers() {
    let (code, out, err) = aging(
        BOOKS,
        &["--date", "2026-03-31", "--pivot", "region", "-O", "csv"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "region,commodity,current,1-30,31-60,61-90,over-90,total\n\
         alps,EUR,0.00,100.00,0.00,0.00,0.00,100.00\n\
         east,USD,0.00,0.00,500.00,0.00,0.00,500.00\n\
         europe,EUR,0.00,2000.00,0.00,0.00,0.00,2000.00\n\
         west,USD,0.00,0.00,1000.00,0.00,0.00,1000.00\n\
         total,EUR,0.00,2100.00,0.00,0.00,0.00,2100.00\n\
         total,USD,0.00,0.00,1500.00,0.00,0.00,1500.00\n"
    );
    // Items without the tag anywhere go under an empty name.
    let (_, out, _) = aging(
        BOOKS,
        &["--date", "2026-03-31", "--pivot", "rep", "-O", "csv"],
    );
    assert!(out.contains("\n,EUR,0.00,2100.00"), "{out}");
    // The detail names each item's group, after the customer.
    let (_, out, _) = aging(
        BOOKS,
        &[
            "--date",
            "2026-03-31",
            "--pivot",
            "region",
            "--detail",
            "-O",
            "csv",
        ],
    );
    assert!(out.starts_with("customer,region,item,date,"), "{out}");
    assert!(out.contains("\nBern,alps,INV-4,"), "{out}");
}

#[test]
fn exchange_values_every_open_item_at_the_report_date() {
    let (code, out, err) = aging(BOOKS, &["--date", "2026-03-31", "-X", "USD", "-O", "csv"]);
    assert_eq!(code, 0, "{err}");
    // EUR at the 1.20 of 2026-03-01, not the 1.10 of the invoice dates.
    assert_eq!(
        out,
        "customer,commodity,current,1-30,31-60,61-90,over-90,total\n\
         Acme,USD,0.00,0.00,1500.00,0.00,0.00,1500.00\n\
         Bern,USD,0.00,2520.00,0.00,0.00,0.00,2520.00\n\
         total,USD,0.00,2520.00,1500.00,0.00,0.00,4020.00\n"
    );
    // Before the March price, the January one; reversed prices value USD in EUR, each item
    // rounded to the cent.
    let (_, out, _) = aging(BOOKS, &["--date", "2026-02-28", "-X", "EUR", "-O", "csv"]);
    assert!(
        out.contains("\nAcme,EUR,0.00,1363.64,0.00,0.00,0.00,1363.64\n"),
        "{out}"
    );
    // With --pivot as well, and typed in JSON with the rate and value per item.
    let (_, out, _) = aging(
        BOOKS,
        &[
            "--date",
            "2026-03-31",
            "-X",
            "USD",
            "--pivot",
            "region",
            "-O",
            "csv",
        ],
    );
    assert!(out.contains("\neurope,USD,0.00,2400.00,"), "{out}");
    let (_, out, _) = aging(
        BOOKS,
        &[
            "--date",
            "2026-03-31",
            "-X",
            "USD",
            "--detail",
            "-O",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let row = &v["rows"][2];
    assert_eq!(row["item"], "INV-3");
    assert_eq!(row["rate"], serde_json::json!(1.2));
    assert_eq!(
        row["value"],
        serde_json::json!({"quantity": "2400.00", "commodity": "USD"})
    );
}

#[test]
fn exchange_without_a_price_path_is_an_error_at_the_item() {
    let early = BOOKS.replace("P 2026-01-01 EUR 1.10 USD\n", "");
    let (code, out, err) = aging(&early, &["--date", "2026-02-28", "-X", "USD"]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert!(
        err.starts_with(
            "-:15:5: error[E0401]: -X USD: no P price converts EUR to USD on or before \
             2026-02-28 (open item INV-3)\n"
        ),
        "{err}"
    );
    assert!(err.contains("P 2026-02-28 EUR 1.00 USD"), "{err}");
    // An unknown commodity and the other valuations are usage errors (from a file: a usage
    // error may exit before standard input is read).
    let depth = "tests/fixtures/ar-depth/books.journal";
    assert_eq!(arledger(&["aging", "-f", depth, "-X", "CHF"]).code, 2);
    let r = arledger(&["aging", "-f", depth, "-V"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("-X COMMODITY only"), "{}", r.stderr);
}
