//! KPIs, forecast, report packs and the static site (issue 9) on the demo journal.

use crate::support::{arledger, ok};

const DEMO: &str = "journals/demo.journal";

#[test]
fn kpi_snapshots() {
    insta::assert_snapshot!(
        "kpi_quarters_csv",
        ok(&["kpi", "-f", DEMO, "-p", "2026", "-Q", "-O", "csv"])
    );
    insta::assert_snapshot!(
        "kpi_countback_text",
        ok(&["kpi", "-f", DEMO, "-p", "2026q4", "--dso", "countback"])
    );
    let json = ok(&["kpi", "-f", DEMO, "-p", "2026-12", "-O", "json", "Acme"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["rows"][0]["customer"], "Acme");
    assert!(v["rows"][0]["dso"].is_number(), "{json}");
    assert_eq!(v["rows"][0]["from"], "2026-12-01");
}

#[test]
fn forecast_snapshot() {
    insta::assert_snapshot!(ok(&[
        "forecast",
        "-f",
        DEMO,
        "--date",
        "2026-12-31",
        "--weeks",
        "4"
    ]));
}

#[test]
fn report_packs_in_every_format() {
    insta::assert_snapshot!(
        "report_monthly_md",
        ok(&[
            "report",
            "monthly",
            "-f",
            DEMO,
            "--date",
            "2026-12-31",
            "-O",
            "md"
        ])
    );
    let text = ok(&["report", "daily", "-f", DEMO, "--date", "2026-11-20"]);
    assert!(text.starts_with("Daily AR report, 2026-11-20\n"), "{text}");
    let html = ok(&[
        "report",
        "weekly",
        "-f",
        DEMO,
        "--date",
        "2026-12-31",
        "-O",
        "html",
    ]);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<table data-table=\"aging\">"));
    assert!(
        !html.contains("<script") && !html.contains("src=\"http"),
        "self-contained, no scripts"
    );
    let json = ok(&[
        "report",
        "monthly",
        "-f",
        DEMO,
        "--date",
        "2026-12-31",
        "-O",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["title"], "Monthly AR report, 2026-12-01 to 2026-12-31");
    let r = arledger(&["report", "monthly", "-f", DEMO, "-O", "csv"]);
    assert_eq!(r.code, 2);
}

#[test]
fn site_pages_are_written_and_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let r = ok(&[
        "site",
        "-f",
        DEMO,
        "--out",
        out.to_str().unwrap(),
        "--date",
        "2026-12-31",
    ]);
    assert!(r.starts_with("wrote 12 pages to "), "{r}");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("<table data-table=\"totals\">"));
    assert!(index.contains("<td class=\"n\">39,986.30</td>"), "{index}");
    assert!(index.contains("<svg"));
    assert!(index.contains("href=\"customer-0-acme.html\""));
    insta::assert_snapshot!("site_index_html", index);
    let acme = std::fs::read_to_string(out.join("customer-0-acme.html")).unwrap();
    insta::assert_snapshot!("site_customer_acme_html", acme);
    for section in [
        "Statement 2026-01-01 to 2026-12-31",
        "Open items",
        "History",
        "Payment behaviour",
    ] {
        assert!(acme.contains(&format!("<h2>{section}</h2>")), "{section}");
    }
    // Journal text is escaped on every page.
    let hostile = dir.path().join("hostile.journal");
    std::fs::write(
        &hostile,
        "account Assets:Receivable:X  ; customer: <script>alert(1)</script>\n\n2026-01-05 * (<b>INV</b>) <img src=x> | Invoice\n    Assets:Receivable:X   10.00 USD\n    Income\n",
    )
    .unwrap();
    let out2 = dir.path().join("site2");
    ok(&[
        "site",
        "-f",
        hostile.to_str().unwrap(),
        "--out",
        out2.to_str().unwrap(),
        "--date",
        "2026-03-31",
    ]);
    for page in std::fs::read_dir(&out2).unwrap() {
        let text = std::fs::read_to_string(page.unwrap().path()).unwrap();
        assert!(
            !text.contains("<script>alert")
                && !text.contains("<img src=x")
                && !text.contains("<b>INV")
        );
    }
}

/// Issue 14, item 12: one definition of overdue. The pack's headline overdue amount per
/// commodity equals the sum of its "most overdue customers" table (top customers, the others,
/// a total row) and the overdue total of `customers`, at every month end of both journals
/// (the demo books have unapplied credits in overdue buckets, which the aging nets).
#[test]
fn one_definition_of_overdue_in_packs_and_customers() {
    use rust_decimal::Decimal;
    use std::collections::BTreeMap;
    type Sums = BTreeMap<String, Decimal>;
    let dec = |s: &str| s.trim().replace(',', "").parse::<Decimal>().unwrap();
    for journal in [DEMO, "journals/collections.journal"] {
        for month in 1..=12 {
            // A month as the report date means its last day.
            let date = format!("2026-{month:02}");
            let pack = ok(&[
                "report", "monthly", "-f", journal, "--date", &date, "-O", "md",
            ]);
            // The headline: the receivables table's `overdue` column, per commodity.
            let mut headline = Sums::new();
            let receivables = pack
                .split("## Receivables")
                .nth(1)
                .unwrap()
                .split("\n## ")
                .next()
                .unwrap();
            for line in receivables.lines().filter(|l| l.starts_with("| ")).skip(2) {
                let cells: Vec<&str> = line.trim_matches(['|', ' ']).split(" | ").collect();
                headline.insert(cells[0].into(), dec(cells[4]));
            }
            let table = pack
                .split("## Most overdue customers")
                .nth(1)
                .unwrap()
                .split("\n## ")
                .next()
                .unwrap();
            let (mut rows, mut totals) = (Sums::new(), Sums::new());
            for line in table.lines().filter(|l| l.starts_with("| ")).skip(2) {
                let cells: Vec<&str> = line.split(" | ").collect();
                let (customer, commodity) = (cells[0].trim_start_matches("| "), cells[1]);
                let into = if customer == "total" {
                    &mut totals
                } else {
                    &mut rows
                };
                *into.entry(commodity.into()).or_default() += dec(cells[2]);
            }
            let customers = ok(&["customers", "-f", journal, "--date", &date, "-O", "csv"]);
            let mut listed = Sums::new();
            for line in customers.lines().skip(1) {
                let cells: Vec<&str> = line.split(',').collect();
                let overdue = dec(cells[6]);
                if !overdue.is_zero() {
                    *listed.entry(cells[4].into()).or_default() += overdue;
                }
            }
            // Commodities with nothing overdue say 0 in the headline and have no table rows.
            headline.retain(|_, q| !q.is_zero());
            assert_eq!(
                headline, rows,
                "{journal} {date}: headline vs table\n{pack}"
            );
            assert_eq!(headline, totals, "{journal} {date}: headline vs total row");
            assert_eq!(headline, listed, "{journal} {date}: headline vs customers");
        }
    }
}

/// `kpi` counts as current exactly what is not overdue: an invoice due on the period's last day
/// is current (0 days overdue, as in the aging), and an invoice overpaid into a credit balance
/// is not an open invoice (credits are never netted).
#[test]
fn kpi_current_is_what_is_not_overdue() {
    let j = "account Assets:Receivable:Acme  ; customer: Acme Corp, terms: eom\n\
        2026-03-10 * (INV-1) Acme | Due on the last day of the period\n    Assets:Receivable:Acme  100.00 USD\n    Income\n\
        2026-03-02 * (INV-2) Acme | Overpaid\n    Assets:Receivable:Acme  50.00 USD  ; due: 2026-03-05\n    Income\n\
        2026-03-04 * Acme | Pays INV-2 twice over\n    Assets:Bank  100.00 USD\n    Assets:Receivable:Acme  ; invoice: INV-2\n";
    let r = crate::support::arledger_with_stdin(
        &["kpi", "-f", "-", "-p", "2026-03", "-O", "json"],
        Some(j),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["rows"][0]["customer"], "Acme", "{}", r.stdout);
    assert_eq!(
        v["rows"][0]["pct_current"].as_f64(),
        Some(100.0),
        "{}",
        r.stdout
    );
    let aging = crate::support::arledger_with_stdin(
        &[
            "aging",
            "--detail",
            "-f",
            "-",
            "--date",
            "2026-03-31",
            "-O",
            "csv",
        ],
        Some(j),
    );
    assert!(
        aging
            .stdout
            .contains("Acme,INV-1,2026-03-10,2026-03-31,0,USD,100.00,100.00,current"),
        "{}",
        aging.stdout
    );
}
