//! The JSON of every command is what docs/json.md says: real output validated against the
//! JSON Schemas in tests/fixtures/json-schemas/ (one per shape), and every table's cells of
//! the type its `columns` declare.

use serde_json::Value;

use crate::json_schema::Schemas;
use crate::support::{arledger, root};

const DEMO: &str = "journals/demo.journal";
const COLLECTIONS: &str = "journals/collections.journal";
const EDGE: &str = "journals/edge-cases.journal";
const DEPTH: &str = "tests/fixtures/ar-depth/books.journal";
const HISTORY: &str = "tests/fixtures/ar-depth/history.journal";

/// Runs a command that prints JSON, with its expected exit code.
fn json_of(args: &[&str], code: i32) -> Value {
    let r = arledger(args);
    assert_eq!(r.code, code, "{args:?}: {}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}\n{}", r.stdout))
}

/// Every cell of a table's rows and totals is of its column's type (or null).
fn typed_cells(v: &Value, what: &str) {
    let columns = v["columns"].as_array().expect("columns");
    for row in v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .chain(v["totals"].as_array().unwrap())
    {
        let row = row.as_object().unwrap();
        assert_eq!(row.len(), columns.len(), "{what}: {row:?}");
        for c in columns {
            let cell = &row[c["name"].as_str().unwrap()];
            let money = |m: &Value| m["quantity"].is_string() && m["commodity"].is_string();
            let fits = cell.is_null()
                || match c["type"].as_str().unwrap() {
                    "text" => cell.is_string(),
                    "money" => money(cell) || cell.as_array().is_some_and(|l| l.iter().all(money)),
                    "int" => cell.is_i64(),
                    "date" => cell.as_str().is_some_and(|d| d.len() == 10),
                    "bool" => cell.is_boolean(),
                    "percent" | "number" => cell.is_number(),
                    other => panic!("{what}: unknown column type {other}"),
                };
            assert!(fits, "{what}: column {c} holds {cell}");
        }
    }
}

/// (schema, command line, exit code) for every JSON shape but `diff`'s (see below).
fn cases() -> Vec<(&'static str, Vec<&'static str>, i32)> {
    let end = ["--date", "2026-12-31"];
    let march = ["--date", "2026-03-31"];
    let json = ["-O", "json"];
    let cmd = |parts: &[&[&'static str]]| parts.concat();
    vec![
        ("aging.json", cmd(&[&["aging", "-f", DEMO], &end, &json]), 0),
        (
            "aging-detail.json",
            cmd(&[&["aging", "--detail", "-f", DEMO], &end, &json]),
            0,
        ),
        (
            "aging.json",
            cmd(&[&["aging", "-f", EDGE, "--date", "2025-03-31"], &json]),
            0,
        ),
        (
            "aging.json",
            cmd(&[
                &["aging", "-f", DEPTH, "-X", "USD", "--pivot", "rep"],
                &march,
                &json,
            ]),
            0,
        ),
        (
            "aging-detail.json",
            cmd(&[
                &[
                    "aging", "--detail", "-f", DEPTH, "-X", "USD", "--pivot", "rep",
                ],
                &march,
                &json,
            ]),
            0,
        ),
        (
            "invoices.json",
            cmd(&[&["invoices", "-f", DEMO], &end, &json]),
            0,
        ),
        (
            "invoice-history.json",
            cmd(&[
                &["invoices", "-f", COLLECTIONS, "--history", "INV-2004"],
                &march,
                &json,
            ]),
            0,
        ),
        (
            "customers.json",
            cmd(&[&["customers", "-f", DEMO], &end, &json]),
            0,
        ),
        (
            "customers.json",
            cmd(&[&["customers", "-f", EDGE, "--date", "2025-03-31"], &json]),
            0,
        ),
        (
            "collections.json",
            cmd(&[&["collections", "-f", COLLECTIONS], &march, &json]),
            0,
        ),
        (
            "kpi.json",
            cmd(&[&["kpi", "-f", DEMO, "-p", "2026", "-Q"], &json]),
            0,
        ),
        (
            "forecast.json",
            cmd(&[&["forecast", "-f", DEMO], &end, &json]),
            0,
        ),
        (
            "rollforward.json",
            cmd(&[&["rollforward", "-f", DEMO, "-p", "2026-03"], &json]),
            0,
        ),
        (
            "fx.json",
            cmd(&[&["fx", "-f", DEPTH, "-p", "2026q1"], &json]),
            0,
        ),
        (
            "certificates.json",
            cmd(&[&["certificates", "-f", DEPTH], &march, &json]),
            0,
        ),
        ("po.json", cmd(&[&["po", "-f", DEPTH], &march, &json]), 0),
        (
            "tax.json",
            cmd(&[&["tax", "-f", DEPTH, "-p", "2026q1"], &json]),
            0,
        ),
        (
            "allowance.json",
            cmd(&[
                &[
                    "allowance",
                    "-f",
                    DEPTH,
                    "--rates",
                    "current=1%,1-30=5%,31-60=15%,61-90=40%,over-90=75%",
                ],
                &march,
                &json,
            ]),
            0,
        ),
        (
            "writeoff.json",
            cmd(&[
                &["writeoff", "-f", COLLECTIONS, "--older-than", "30"],
                &march,
                &json,
            ]),
            0,
        ),
        (
            "reconcile-customer.json",
            cmd(&[
                &[
                    "reconcile",
                    "customer",
                    "-f",
                    DEMO,
                    "Acme",
                    "--their",
                    "tests/fixtures/reconcile/acme-ap.csv",
                ],
                &end,
                &json,
            ]),
            1,
        ),
        (
            "reconcile-control.json",
            cmd(&[
                &[
                    "reconcile",
                    "control",
                    "-f",
                    COLLECTIONS,
                    "--gl",
                    "tests/fixtures/reconcile/gl.journal",
                    "--account",
                    "Assets:Accounts Receivable",
                ],
                &march,
                &json,
            ]),
            1,
        ),
        (
            "reconcile-bank.json",
            cmd(&[
                &[
                    "reconcile",
                    "bank",
                    "-f",
                    "tests/fixtures/reconcile/books.journal",
                    "--statement",
                    "tests/fixtures/reconcile/bank-checking.csv",
                    "--account",
                    "Assets:Bank:Checking",
                ],
                &json,
            ]),
            1,
        ),
        ("balance.json", cmd(&[&["balance", "-f", DEMO], &json]), 0),
        (
            "balance.json",
            cmd(&[&["balance", "-f", DEMO, "--tree"], &json]),
            0,
        ),
        (
            "balance-periods.json",
            cmd(&[
                &["balance", "-f", DEMO, "-Q", "receivable", "--tree"],
                &json,
            ]),
            0,
        ),
        (
            "register.json",
            cmd(&[&["register", "-f", DEMO, "cobalt"], &json]),
            0,
        ),
        (
            "register-periods.json",
            cmd(&[
                &["register", "-f", DEMO, "-M", "cobalt", "-X", "USD"],
                &json,
            ]),
            0,
        ),
        ("names.json", cmd(&[&["accounts", "-f", DEMO], &json]), 0),
        ("names.json", cmd(&[&["commodities", "-f", DEMO], &json]), 0),
        (
            "document.json",
            cmd(&[&["report", "monthly", "-f", DEMO], &end, &json]),
            0,
        ),
        (
            "customer-history.json",
            cmd(&[
                &["customers", "-f", COLLECTIONS, "--history", "Juniper"],
                &march,
                &json,
            ]),
            0,
        ),
        (
            "customer-history.json",
            cmd(&[
                &["customers", "-f", HISTORY, "--history", "Acme"],
                &["--date", "2026-04-30"],
                &json,
            ]),
            0,
        ),
        (
            "statement.json",
            cmd(&[
                &[
                    "statement",
                    "-f",
                    DEMO,
                    "Foxglove",
                    "--from",
                    "2026-05-01",
                    "--to",
                    "2026-12-31",
                ],
                &json,
            ]),
            0,
        ),
        (
            "close.json",
            cmd(&[
                &[
                    "close",
                    "-f",
                    DEMO,
                    "2026-03",
                    "--dry-run",
                    "--today=2026-12-31",
                ],
                &json,
            ]),
            0,
        ),
        ("stats.json", cmd(&[&["stats", "-f", DEMO], &json]), 0),
    ]
}

fn schemas() -> Schemas {
    Schemas::load(&root().join("tests/fixtures/json-schemas"))
}

#[test]
fn every_json_output_matches_its_schema() {
    let schemas = schemas();
    for (schema, args, code) in cases() {
        let v = json_of(&args, code);
        let errors = schemas.validate(schema, &v);
        assert!(
            errors.is_empty(),
            "{args:?} against {schema}:\n{}",
            errors.join("\n")
        );
        let tables: Vec<&Value> = match &v {
            Value::Object(m) if m.contains_key("columns") => vec![&v],
            Value::Array(list) => list.iter().filter(|t| t.get("columns").is_some()).collect(),
            Value::Object(m) if m.contains_key("sections") => v["sections"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|s| s["tables"].as_array().unwrap())
                .collect(),
            _ => Vec::new(),
        };
        for t in tables {
            typed_cells(t, &format!("{args:?}"));
        }
    }
}

#[test]
fn diff_json_matches_its_schemas() {
    let dir = crate::revisions::repository();
    let main = dir.path().join("main.journal");
    let m = main.to_str().unwrap();
    let schemas = schemas();
    for what in ["items", "balance", "aging"] {
        let v = json_of(
            &[
                "diff",
                "-f",
                m,
                "HEAD~1",
                "HEAD",
                what,
                "--date",
                "2026-12-31",
                "-O",
                "json",
            ],
            1,
        );
        let schema = format!("diff-{what}.json");
        let errors = schemas.validate(&schema, &v);
        assert!(errors.is_empty(), "diff {what}:\n{}", errors.join("\n"));
        assert!(
            !v["rows"].as_array().unwrap().is_empty(),
            "diff {what}: {v}"
        );
        typed_cells(&v, what);
    }
}

/// Every schema is used by a test and has its section in docs/json.md.
#[test]
fn every_schema_is_tested_and_documented() {
    let page = std::fs::read_to_string(root().join("docs/json.md")).unwrap();
    let tested: Vec<&str> = cases().iter().map(|(s, _, _)| *s).collect();
    for name in schemas().names() {
        if name == "common.json" {
            continue;
        }
        assert!(
            tested.contains(&name) || name.starts_with("diff-"),
            "{name} is not used by a test"
        );
        assert!(
            page.contains(&format!("tests/fixtures/json-schemas/{name}")),
            "docs/json.md does not name {name}"
        );
    }
}
