//! `api.json`: the API as the crate exposes it, for reviewers (read it
//! first when the spec changes) and for tools (the changelog).

use serde_json::{json, Map, Value};

use super::ty_display;
use crate::ir::{Api, Ty};

pub fn manifest(api: &Api) -> String {
    let mut operations: Vec<Value> = api
        .operations
        .iter()
        .map(|op| {
            let named = |ty: Option<&Ty>| -> Value {
                ty.map(|t| Value::String(ty_display(api, t)))
                    .unwrap_or(Value::Null)
            };
            let rust = op
                .supported
                .then(|| format!("propexo::{}", super::function_path(op)));
            json!({
                "method": op.method,
                "path": op.path,
                "summary": op.summary,
                "vendor": op.vendor,
                "resource": op.module,
                "action": op.fn_name,
                "rust": rust,
                // An operation without a function has no types either.
                "params": op.query.filter(|_| op.supported).map(|q| format!("propexo::types::{}", api.types[q].name)),
                "request": named(op.body.as_ref().filter(|_| op.supported)),
                "response": named(op.response.as_ref().filter(|_| op.supported)),
                "deprecated": op.deprecated.is_some(),
                "supported": op.supported,
            })
        })
        .collect();
    operations.sort_by(|a, b| {
        let key = |v: &Value| {
            (
                v["path"].as_str().unwrap_or_default().to_owned(),
                v["method"].as_str().unwrap_or_default().to_owned(),
            )
        };
        key(a).cmp(&key(b))
    });
    let mut types: Vec<Value> = api
        .types
        .iter()
        .filter(|t| t.merged_into.is_none() && !t.home.is_empty())
        .map(|t| {
            let mut sources = t.sources.clone();
            sources.sort();
            json!({
                "rust": format!("propexo::types::{}", t.name),
                "kind": t.kind.label(),
                "sources": sources,
            })
        })
        .collect();
    types.sort_by(|a, b| a["rust"].as_str().cmp(&b["rust"].as_str()));
    let mut root = Map::new();
    root.insert("title".into(), Value::String(api.title.clone()));
    root.insert("version".into(), Value::String(api.version.clone()));
    // What it was generated from (JSON has no comments for a header).
    let inputs: Vec<Value> = api
        .inputs
        .iter()
        .map(|i| json!({"document": i.label, "sha256": i.sha256}))
        .collect();
    root.insert("generated_from".into(), Value::Array(inputs));
    root.insert("operations".into(), Value::Array(operations));
    root.insert("types".into(), Value::Array(types));
    if let Some(module) = &api.webhook_module {
        root.insert("webhooks".into(), webhooks(api, module));
    }
    let mut text = serde_json::to_string_pretty(&Value::Object(root)).unwrap_or_default();
    text.push('\n');
    text
}

/// The webhooks received, in document order: trigger, `Event` variant and
/// payload type.
fn webhooks(api: &Api, module: &str) -> Value {
    let webhooks = api
        .webhooks
        .iter()
        .map(|w| {
            json!({
                "trigger": w.name,
                "summary": w.summary,
                "rust": format!("propexo::{module}::Event::{}", w.variant),
                "payload": ty_display(api, &w.payload),
            })
        })
        .collect();
    Value::Array(webhooks)
}
