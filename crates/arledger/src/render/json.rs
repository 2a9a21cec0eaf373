//! JSON of a [`Table`]: `{"title", "id", "columns": [{"name", "type"}], "rows": [{…}],
//! "totals": [{…}]}`, each row an object keyed by column name with typed values (see
//! docs/json.md).

use arledger_report::table::{Row, Table};
use serde_json::{json, Map, Value};

use super::value;

/// The table as a JSON value.
pub fn table(t: &Table) -> Value {
    let row = |r: &Row| -> Value {
        let m: Map<String, Value> = t
            .columns
            .iter()
            .zip(&r.cells)
            .map(|(c, v)| (c.name.clone(), value::json(v)))
            .collect();
        Value::Object(m)
    };
    json!({
        "title": t.title,
        "id": t.id,
        "columns": t.columns.iter().map(|c| json!({"name": c.name, "type": c.kind.name()})).collect::<Vec<_>>(),
        "rows": t.rows.iter().map(row).collect::<Vec<_>>(),
        "totals": t.totals.iter().map(row).collect::<Vec<_>>(),
    })
}

/// A JSON value as printed: pretty, with a final newline.
pub fn print(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}
