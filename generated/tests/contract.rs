//! Contract test against Prism, a mock server no one here wrote, serving
//! the same document with request validation on. Run by
//! `cargo xtask contract`, which installs and starts Prism and sets
//! `PROPEXO_CONTRACT_URL` and `PROPEXO_CONTRACT_SPEC`.
//!
//! Every generated function (`contract/calls.rs`, written from `api.json`
//! by `cargo xtask generate`) is called with arguments built from the
//! document (required fields, valid values). Prism answers a documented error when a request
//! does not validate, so a call passes only when the request validated and
//! Prism's answer deserialized into the generated types.

use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

#[path = "contract/calls.rs"]
mod calls;

/// A value valid for `schema`: required properties only, first enum
/// values, formats honoured.
fn synth(doc: &Value, schema: &Value, depth: usize) -> Value {
    if depth > 12 {
        return Value::Null;
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.trim_start_matches("#/components/schemas/");
        return synth(doc, &doc["components"]["schemas"][name], depth + 1);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(branches) = schema.get(key).and_then(Value::as_array) {
            let mut ordered: Vec<&Value> = branches.iter().filter(|b| b["type"] != "null").collect();
            // The most constrained branch first, as the generated untagged enums try them.
            ordered.sort_by_key(|b| std::cmp::Reverse(b.get("required").and_then(Value::as_array).map_or(0, Vec::len)));
            return ordered.first().map(|b| synth(doc, b, depth + 1)).unwrap_or(Value::Null);
        }
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values.iter().find(|v| !v.is_null()).cloned().unwrap_or(Value::Null);
    }
    if let Some(value) = schema.get("const") {
        return value.clone();
    }
    let ty = match &schema["type"] {
        Value::Array(types) => types.iter().find(|t| *t != "null").cloned().unwrap_or(Value::Null),
        other => other.clone(),
    };
    match ty.as_str() {
        Some("object") => {
            let mut out = Map::new();
            let required: Vec<&str> = schema["required"].as_array().map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
            if let Some(props) = schema["properties"].as_object() {
                for (name, prop) in props {
                    if required.contains(&name.as_str()) {
                        out.insert(name.clone(), synth(doc, prop, depth + 1));
                    }
                }
            }
            Value::Object(out)
        }
        Some("array") => {
            let min = schema["minItems"].as_u64().unwrap_or(0);
            Value::Array((0..min).map(|_| synth(doc, &schema["items"], depth + 1)).collect())
        }
        Some("integer") => json!(schema["minimum"].as_i64().unwrap_or(0).max(1)),
        Some("number") => json!(schema["minimum"].as_f64().unwrap_or(0.0).max(1.0)),
        Some("boolean") => json!(true),
        Some("string") => json!(match (schema["format"].as_str(), schema["pattern"].as_str()) {
            (Some("date-time"), _) => "2024-07-01T10:00:00Z",
            (Some("date"), _) => "2024-07-01",
            (Some("email"), _) => "emily@example.com",
            (Some("uri"), _) => "https://example.com/hook",
            (_, Some(p)) if p.contains(r"\d{4}-\d{2}-\d{2}") => "2024-07-01",
            (_, Some(p)) if p.contains("[01]") => "09:30:00",
            _ => "test",
        }),
        _ => Value::Null,
    }
}

fn operation<'a>(doc: &'a Value, method: &str, path: &str) -> &'a Value {
    &doc["paths"][path][method.to_ascii_lowercase()]
}

fn synth_body<T: DeserializeOwned>(doc: &Value, method: &str, path: &str) -> T {
    let schema = &operation(doc, method, path)["requestBody"]["content"]["application/json"]["schema"];
    let value = synth(doc, schema, 0);
    serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{method} {path}: synthesized body {value} does not fit: {e}"))
}

fn synth_params<T: DeserializeOwned>(doc: &Value, method: &str, path: &str) -> T {
    let mut out = Map::new();
    for param in operation(doc, method, path)["parameters"].as_array().into_iter().flatten() {
        if param["in"] == "query" && param["required"] == true {
            out.insert(param["name"].as_str().unwrap().to_owned(), synth(doc, &param["schema"], 0));
        }
    }
    serde_json::from_value(Value::Object(out)).unwrap()
}

/// The outcome of every call.
#[derive(Default)]
struct Record {
    passed: Vec<String>,
    failures: Vec<String>,
}

impl Record {
    fn outcome(&mut self, operation: &str, result: Result<(), String>) {
        match result {
            Ok(()) => self.passed.push(operation.to_owned()),
            Err(e) => self.failures.push(format!("{operation}: {e}")),
        }
    }
}

#[tokio::test]
#[ignore = "needs Prism: run `cargo xtask contract`"]
async fn generated_functions_agree_with_prism() {
    let url = std::env::var("PROPEXO_CONTRACT_URL").expect("PROPEXO_CONTRACT_URL");
    let spec = std::env::var("PROPEXO_CONTRACT_SPEC").expect("PROPEXO_CONTRACT_SPEC");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(spec).unwrap()).unwrap();
    let client = propexo::Client::builder("contract-token").base_url(url).build().unwrap();
    let mut record = Record::default();
    calls::call_every_operation(&client, &doc, &mut record).await;
    assert_eq!(record.passed.len() + record.failures.len(), calls::OPERATIONS);
    // Control: Prism must reject a request the document does not allow
    // (an enum value it does not list), or the passes above prove nothing.
    let mut invalid = propexo::types::UpdateLeadRequest::new();
    invalid.status = Some(propexo::types::CreateLeadStatus::Unrecognized("NOT_A_STATUS".into()));
    match propexo::leads::update(&client, "test-id", &invalid).await {
        Err(propexo::Error::Api(e)) if (400..500).contains(&e.status) => {}
        other => panic!("Prism accepted an invalid request; is request validation on? {other:?}"),
    }
    println!("contract: {} of {} operations passed", record.passed.len(), calls::OPERATIONS);
    assert!(
        record.failures.is_empty(),
        "{} of {} operations disagree with Prism:\n{}",
        record.failures.len(),
        calls::OPERATIONS,
        record.failures.join("\n")
    );
}
