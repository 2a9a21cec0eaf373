//! A validator for the part of JSON Schema (draft 2020-12 keywords) that the schemas in
//! `tests/fixtures/json-schemas/` use: `type` (one or a list), `properties`, `required`,
//! `additionalProperties` (true, false or a schema), `items`, `enum`, `const`, `pattern`,
//! `anyOf`, `minItems` and `$ref` (`#/$defs/NAME` in the same file, `FILE#/$defs/NAME` in
//! another file of the directory). Any other keyword is refused, so a schema cannot silently
//! ask for a check this validator does not make.
//!
//! Why not the `jsonschema` crate: it would add several dozen crates (an HTTP client among
//! them, for remote `$ref`s) to the build of every test run, on a 2-core machine, for the dozen
//! keywords these schemas need. The schema files stay standard JSON Schema, so any validator
//! can read them too.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

const KNOWN: [&str; 14] = [
    "$schema",
    "$id",
    "$defs",
    "$ref",
    "title",
    "description",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "pattern",
];
const KNOWN_MORE: [&str; 2] = ["anyOf", "minItems"];

/// The schemas of a directory, by file name.
pub struct Schemas {
    files: BTreeMap<String, Value>,
}

impl Schemas {
    /// Reads every `*.json` file of `dir`.
    pub fn load(dir: &Path) -> Schemas {
        let mut files = BTreeMap::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let p: PathBuf = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "json") {
                let text = std::fs::read_to_string(&p).unwrap();
                let v: Value =
                    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                files.insert(p.file_name().unwrap().to_string_lossy().into_owned(), v);
            }
        }
        Schemas { files }
    }

    /// The file names.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Validates `value` against the schema file `file`: the list of problems, each with the
    /// JSON path where it is (empty: valid).
    pub fn validate(&self, file: &str, value: &Value) -> Vec<String> {
        let schema = self
            .files
            .get(file)
            .unwrap_or_else(|| panic!("no schema {file}"));
        let mut errors = Vec::new();
        self.check(file, schema, value, "$", &mut errors);
        errors
    }

    fn resolve<'a>(&'a self, file: &'a str, reference: &'a str) -> (&'a str, &'a Value) {
        let (target, pointer) = reference.split_once('#').unwrap_or((reference, ""));
        let target = if target.is_empty() { file } else { target };
        let root = self
            .files
            .get(target)
            .unwrap_or_else(|| panic!("{file}: $ref to a missing file {target}"));
        let found = root
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{file}: $ref {reference} not found"));
        (target, found)
    }

    fn check(&self, file: &str, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
        let Some(s) = schema.as_object() else {
            if schema == &Value::Bool(false) {
                errors.push(format!("{at}: not allowed"));
            }
            return;
        };
        for k in s.keys() {
            assert!(
                KNOWN.contains(&k.as_str()) || KNOWN_MORE.contains(&k.as_str()),
                "{file}: keyword `{k}` is not supported by the test validator"
            );
        }
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            let (target, sub) = self.resolve(file, r);
            self.check(target, sub, v, at, errors);
        }
        if let Some(t) = s.get("type") {
            let types: Vec<&str> = match t {
                Value::String(one) => vec![one.as_str()],
                Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
                _ => panic!("{file}: bad type"),
            };
            if !types.iter().any(|t| has_type(v, t)) {
                errors.push(format!(
                    "{at}: {} is not of type {}",
                    short(v),
                    types.join("|")
                ));
                return;
            }
        }
        if let Some(c) = s.get("const") {
            if c != v {
                errors.push(format!("{at}: {} is not {c}", short(v)));
            }
        }
        if let Some(list) = s.get("enum").and_then(Value::as_array) {
            if !list.contains(v) {
                errors.push(format!("{at}: {} is not one of {list:?}", short(v)));
            }
        }
        if let (Some(p), Some(text)) = (s.get("pattern").and_then(Value::as_str), v.as_str()) {
            let re = regex::Regex::new(p).unwrap_or_else(|e| panic!("{file}: pattern {p}: {e}"));
            if !re.is_match(text) {
                errors.push(format!("{at}: {text:?} does not match {p}"));
            }
        }
        if let Some(any) = s.get("anyOf").and_then(Value::as_array) {
            let fits = any.iter().any(|sub| {
                let mut e = Vec::new();
                self.check(file, sub, v, at, &mut e);
                e.is_empty()
            });
            if !fits {
                errors.push(format!("{at}: {} matches none of anyOf", short(v)));
            }
        }
        if let Some(obj) = v.as_object() {
            let props = s.get("properties").and_then(Value::as_object);
            for req in s
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let req = req.as_str().unwrap();
                if !obj.contains_key(req) {
                    errors.push(format!("{at}: missing `{req}`"));
                }
            }
            for (k, item) in obj {
                let path = format!("{at}.{k}");
                match props.and_then(|p| p.get(k)) {
                    Some(sub) => self.check(file, sub, item, &path, errors),
                    None => match s.get("additionalProperties") {
                        Some(Value::Bool(false)) => {
                            errors.push(format!("{at}: unexpected `{k}`"));
                        }
                        Some(extra @ Value::Object(_)) => {
                            self.check(file, extra, item, &path, errors)
                        }
                        _ => {}
                    },
                }
            }
        }
        if let Some(list) = v.as_array() {
            if let Some(min) = s.get("minItems").and_then(Value::as_u64) {
                if (list.len() as u64) < min {
                    errors.push(format!("{at}: fewer than {min} items"));
                }
            }
            if let Some(items) = s.get("items") {
                for (i, item) in list.iter().enumerate() {
                    self.check(file, items, item, &format!("{at}[{i}]"), errors);
                }
            }
        }
    }
}

fn has_type(v: &Value, t: &str) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        other => panic!("unknown type {other}"),
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s
    }
}

#[test]
fn the_validator_finds_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.json"),
        r#"{"type": "object", "required": ["n", "m"], "additionalProperties": false,
            "properties": {"n": {"type": "integer"}, "m": {"$ref": "b.json#/$defs/money"},
                           "l": {"type": "array", "items": {"enum": ["x"]}}}}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.json"),
        r#"{"$defs": {"money": {"type": "object", "required": ["quantity"],
            "properties": {"quantity": {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"}}}}}"#,
    )
    .unwrap();
    let s = Schemas::load(dir.path());
    let ok = serde_json::json!({"n": 1, "m": {"quantity": "12.50"}, "l": ["x"]});
    assert!(s.validate("a.json", &ok).is_empty());
    let bad = serde_json::json!({"n": "1", "m": {"quantity": "12,50"}, "l": ["y"], "z": 0});
    assert_eq!(
        s.validate("a.json", &bad),
        [
            "$.l[0]: \"y\" is not one of [String(\"x\")]",
            "$.m.quantity: \"12,50\" does not match ^-?[0-9]+(\\.[0-9]+)?$",
            "$.n: \"1\" is not of type integer",
            "$: unexpected `z`",
        ]
    );
}
