//! Merging several documents into one: the pinned document plus
//! supplementary ones (per-PMS operations transcribed from the docs site).
//!
//! The merge is a union of paths and webhooks (per method) and of every
//! components section. A definition present in two documents collapses into one when
//! both are identical; when they differ, that is an error naming both places.

use serde_json::{Map, Value};

use super::SourceDocument;
use crate::diag::Diagnostics;
use crate::pointer;

/// Merges `docs` into the first one. Top-level fields other than `paths`,
/// `webhooks`, `components` and `tags` (info, servers, security) come from the first
/// document; the others may only add to them.
pub fn merge(docs: &[SourceDocument], diags: &mut Diagnostics) -> Value {
    let Some((first, rest)) = docs.split_first() else {
        return Value::Object(Map::new());
    };
    merge_into(first.value.clone(), &first.label, rest, diags)
}

/// [`merge`] of documents the caller gives up: the first one's value (the
/// pinned document, by far the largest) becomes the merged one instead of
/// being copied, and every value is freed once merged.
pub fn merge_owned(docs: Vec<SourceDocument>, diags: &mut Diagnostics) -> Value {
    let mut docs = docs.into_iter();
    let Some(first) = docs.next() else {
        return Value::Object(Map::new());
    };
    let rest: Vec<SourceDocument> = docs.collect();
    merge_into(first.value, &first.label, &rest, diags)
}

/// `rest` merged into `merged`, the value of the document labelled `label`.
fn merge_into(
    mut merged: Value,
    label: &str,
    rest: &[SourceDocument],
    diags: &mut Diagnostics,
) -> Value {
    // Where each merged entry came from, to name both places on a conflict.
    let mut origin = std::collections::BTreeMap::<String, String>::new();
    record_origins(&merged, label, &mut origin);
    for doc in rest {
        merge_section(
            &mut merged,
            &doc.value,
            &["paths"],
            2,
            &doc.label,
            &mut origin,
            diags,
        );
        merge_section(
            &mut merged,
            &doc.value,
            &["webhooks"],
            2,
            &doc.label,
            &mut origin,
            diags,
        );
        if let Some(Value::Object(sections)) = doc.value.get("components") {
            for section in sections.keys() {
                merge_section(
                    &mut merged,
                    &doc.value,
                    &["components", section],
                    1,
                    &doc.label,
                    &mut origin,
                    diags,
                );
            }
        }
        merge_tags(&mut merged, &doc.value);
    }
    merged
}

fn record_origins(
    doc: &Value,
    label: &str,
    origin: &mut std::collections::BTreeMap<String, String>,
) {
    if let Some(Value::Object(paths)) = doc.get("paths") {
        for (path, item) in paths {
            if let Value::Object(methods) = item {
                for method in methods.keys() {
                    origin.insert(pointer::operation(path, method), label.to_owned());
                }
            }
        }
    }
    if let Some(Value::Object(webhooks)) = doc.get("webhooks") {
        for (name, item) in webhooks {
            if let Value::Object(methods) = item {
                for method in methods.keys() {
                    let at = pointer::push(&pointer::push("#/webhooks", name), method);
                    origin.insert(at, label.to_owned());
                }
            }
        }
    }
    if let Some(Value::Object(sections)) = doc.get("components") {
        for (section, entries) in sections {
            if let Value::Object(entries) = entries {
                for name in entries.keys() {
                    let at = pointer::push(&pointer::push("#/components", section), name);
                    origin.insert(at, label.to_owned());
                }
            }
        }
    }
}

/// Merges the mapping at `path` of `incoming` into `merged`, `depth` levels
/// deep (2 for paths: path, then method; 1 for a components section).
fn merge_section(
    merged: &mut Value,
    incoming: &Value,
    path: &[&str],
    depth: usize,
    label: &str,
    origin: &mut std::collections::BTreeMap<String, String>,
    diags: &mut Diagnostics,
) {
    let Some(Value::Object(source)) = path.iter().try_fold(incoming, |v, k| v.get(*k)) else {
        return;
    };
    let mut target = &mut *merged;
    for key in path {
        let Some(map) = target.as_object_mut() else {
            return;
        };
        target = map
            .entry((*key).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    let Some(target) = target.as_object_mut() else {
        return;
    };
    let base = path
        .iter()
        .fold("#".to_owned(), |p, k| pointer::push(&p, k));
    merge_map(target, source, &base, depth, label, origin, diags);
}

fn merge_map(
    target: &mut Map<String, Value>,
    source: &Map<String, Value>,
    base: &str,
    depth: usize,
    label: &str,
    origin: &mut std::collections::BTreeMap<String, String>,
    diags: &mut Diagnostics,
) {
    for (key, value) in source {
        let at = pointer::push(base, key);
        match target.get_mut(key) {
            None => {
                target.insert(key.clone(), value.clone());
                origin.insert(at, label.to_owned());
            }
            Some(existing) if existing == value => {}
            Some(Value::Object(existing)) if depth > 1 => {
                if let Value::Object(incoming) = value {
                    merge_map(existing, incoming, &at, depth - 1, label, origin, diags);
                }
            }
            Some(_) => {
                let first = origin
                    .get(&at)
                    .map(String::as_str)
                    .unwrap_or("the first document");
                diags.error(
                    at.clone(),
                    format!("defined differently in {first} and in {label}: {at} in {first} conflicts with {at} in {label}"),
                );
            }
        }
    }
}

fn merge_tags(merged: &mut Value, incoming: &Value) {
    let Some(Value::Array(new_tags)) = incoming.get("tags") else {
        return;
    };
    let Some(root) = merged.as_object_mut() else {
        return;
    };
    let tags = root
        .entry("tags")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(tags) = tags {
        for tag in new_tags {
            let name = tag.get("name");
            if !tags.iter().any(|t| t.get("name") == name) {
                tags.push(tag.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(label: &str, value: Value) -> SourceDocument {
        SourceDocument {
            label: label.into(),
            path: label.into(),
            sha256: String::new(),
            value,
        }
    }

    /// Giving the documents up changes nothing but the copying: the same
    /// value and the same diagnostics, for no document, a clean merge and
    /// a conflict.
    #[test]
    fn merging_owned_documents_gives_what_merging_borrowed_ones_gives() {
        let a = doc(
            "a.yml",
            json!({"paths": {"/x": {"get": {"summary": "X"}}}, "webhooks": {"C": {"post": {"summary": "1"}}}, "tags": [{"name": "t"}]}),
        );
        let b = doc(
            "b.yml",
            json!({"paths": {"/x": {"post": {}}}, "webhooks": {"C": {"post": {"summary": "2"}}}, "tags": [{"name": "u"}]}),
        );
        for docs in [vec![], vec![a.clone()], vec![a, b]] {
            let (mut borrowed, mut owned) = (Diagnostics::default(), Diagnostics::default());
            let expected = merge(&docs, &mut borrowed);
            assert_eq!(merge_owned(docs, &mut owned), expected);
            assert_eq!(owned.to_string(), borrowed.to_string());
        }
    }

    #[test]
    fn unions_paths_and_collapses_identical_duplicates() {
        let a = doc(
            "a.yml",
            json!({"paths": {"/x": {"get": {"summary": "X"}}}, "components": {"schemas": {"S": {"type": "string"}}}}),
        );
        let b = doc(
            "b.yml",
            json!({"paths": {"/x": {"post": {"summary": "P"}}, "/y": {"get": {}}}, "components": {"schemas": {"S": {"type": "string"}, "T": {}}}}),
        );
        let mut diags = Diagnostics::default();
        let merged = merge(&[a, b], &mut diags);
        assert!(!diags.has_errors(), "{diags}");
        assert_eq!(merged["paths"]["/x"]["post"]["summary"], "P");
        assert_eq!(merged["paths"]["/x"]["get"]["summary"], "X");
        assert!(merged["paths"]["/y"]["get"].is_object());
        assert!(merged["components"]["schemas"]["T"].is_object());
    }

    #[test]
    fn unions_webhooks_and_names_both_places_of_a_conflict() {
        let a = doc(
            "a.yml",
            json!({"webhooks": {"A": {"post": {"summary": "A"}}, "C": {"post": {"summary": "1"}}}}),
        );
        let b = doc(
            "b.yml",
            json!({"webhooks": {"B": {"post": {"summary": "B"}}, "C": {"post": {"summary": "2"}}}}),
        );
        let mut diags = Diagnostics::default();
        let merged = merge(&[a, b], &mut diags);
        assert_eq!(merged["webhooks"]["A"]["post"]["summary"], "A");
        assert_eq!(merged["webhooks"]["B"]["post"]["summary"], "B");
        let text = diags.to_string();
        assert!(text.contains("#/webhooks/C/post in a.yml"), "{text}");
        assert!(text.contains("#/webhooks/C/post in b.yml"), "{text}");
    }

    #[test]
    fn conflicting_definitions_name_both_places() {
        let a = doc(
            "a.yml",
            json!({"components": {"schemas": {"S": {"type": "string"}}}}),
        );
        let b = doc(
            "b.yml",
            json!({"components": {"schemas": {"S": {"type": "integer"}}}}),
        );
        let mut diags = Diagnostics::default();
        merge(&[a, b], &mut diags);
        let text = diags.to_string();
        assert!(text.contains("#/components/schemas/S in a.yml"), "{text}");
        assert!(text.contains("#/components/schemas/S in b.yml"), "{text}");
    }
}
