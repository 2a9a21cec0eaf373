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
