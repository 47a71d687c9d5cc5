//! `api.json`: the API as the crate exposes it, for reviewers (read it
//! first when the spec changes) and for tools (the changelog).

use serde_json::{json, Map, Value};

use crate::layout::webhooks::WebhooksLayout;
use crate::layout::Layout;
use crate::model::{Model, Ty};

pub fn manifest(model: &Model, layout: &Layout) -> String {
    let mut operations: Vec<Value> = model
        .op_ids()
        .map(|id| {
            let (op, names) = (model.op(id), layout.op(id));
            let named = |ty: Option<&Ty>| -> Value {
                ty.map(|t| Value::String(layout.display(t)))
                    .unwrap_or(Value::Null)
            };
            let rust = op
                .supported
                .then(|| format!("propexo::{}", names.function_path()));
            json!({
                "method": op.method,
                "path": op.path,
                "summary": op.summary,
                "vendor": op.vendor.as_ref().map(|v| v.key()),
                "resource": names.module,
                "action": names.function,
                "rust": rust,
                "path_params": names.params,
                // Two or more path parameters are passed named, in this struct.
                "path_struct": names.path_struct.as_ref().map(|s| format!("propexo::{}", names.item_path(s))),
                // An operation without a function has no types either.
                "params": op.query.filter(|_| op.supported).map(|q| format!("propexo::types::{}", layout.ty(q).name)),
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
    let mut types: Vec<Value> = model
        .type_ids()
        .filter(|id| layout.is_generated(*id))
        .map(|id| {
            let t = model.ty(id);
            let mut sources = t.sources.clone();
            sources.sort();
            let names = layout.ty(id);
            let mut entry = json!({
                "rust": format!("propexo::types::{}", names.name),
                "kind": t.kind.label(),
                "sources": sources,
            });
            // Earlier names kept by the names lock: part of the API, and
            // what the next generation's lock must keep too.
            if !names.aliases.is_empty() {
                entry["aliases"] = json!(names.aliases);
            }
            entry
        })
        .collect();
    types.sort_by(|a, b| a["rust"].as_str().cmp(&b["rust"].as_str()));
    let mut root = Map::new();
    root.insert("title".into(), Value::String(model.title.clone()));
    root.insert("version".into(), Value::String(model.version.clone()));
    // What it was generated from (JSON has no comments for a header).
    let inputs: Vec<Value> = model
        .inputs
        .iter()
        .map(|i| json!({"document": i.label, "sha256": i.sha256}))
        .collect();
    root.insert("generated_from".into(), Value::Array(inputs));
    root.insert("operations".into(), Value::Array(operations));
    root.insert("types".into(), Value::Array(types));
    if let Some(hooks) = &layout.webhooks {
        root.insert("webhooks".into(), webhooks(model, layout, hooks));
    }
    let mut text = serde_json::to_string_pretty(&Value::Object(root)).unwrap_or_default();
    text.push('\n');
    text
}

/// The webhooks received, in document order: trigger, `Event` variant and
/// payload type.
fn webhooks(model: &Model, layout: &Layout, hooks: &WebhooksLayout) -> Value {
    let webhooks = hooks
        .events
        .iter()
        .map(|e| {
            let w = &model.webhooks[e.webhook];
            json!({
                "trigger": w.name,
                "summary": w.summary,
                "rust": format!("propexo::{}::Event::{}", hooks.module, e.variant),
                "payload": layout.display(&w.payload),
            })
        })
        .collect();
    Value::Array(webhooks)
}
