//! Turning the lowered (3.0) document into `openapiv3`'s typed model, with
//! errors that name the place in the document.

use openapiv3::{
    Header, OpenAPI, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diag::Diagnostics;
use crate::pointer::push;

/// Parses the lowered document. On failure the diagnostic's pointer is the
/// deepest place that can be found: `serde_path_to_error` stops at the
/// first `$ref`-or-item (untagged) type, which for a problem in one
/// operation is `#/paths`, so the parts below it are parsed one by one
/// ([`narrow`]) to find the one that fails.
pub fn parse_openapi(doc: Value, diags: &mut Diagnostics) -> Option<OpenAPI> {
    // The path is tracked only when the document does not parse: tracking
    // costs a tenth of the parse.
    if let Some(api) = parse_in_parallel(&doc, crate::parallel::threads()) {
        crate::drop_aside(doc);
        return Some(api);
    }
    match serde_path_to_error::deserialize::<_, OpenAPI>(&doc) {
        Ok(api) => Some(api),
        Err(err) => {
            let pointer = path_pointer("#", err.path());
            let (pointer, message) =
                narrow(&doc, &pointer).unwrap_or_else(|| (pointer, err.inner().to_string()));
            diags.error(
                pointer,
                format!("not a valid OpenAPI 3.0 construct after lowering: {message}"),
            );
            None
        }
    }
}

/// The document as `openapiv3` reads it, with its path items and schemas
/// (nearly all of it) read on `threads` threads, each entry on its own as
/// `openapiv3` reads it inside its maps; `None` when any part does not
/// parse, for the caller to parse it whole and say where.
pub fn parse_in_parallel(doc: &Value, threads: usize) -> Option<OpenAPI> {
    let root = doc.as_object()?;
    let paths = root.get("paths").and_then(Value::as_object);
    let schemas = root
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object);
    // The rest is small: a copy of it without the two maps' entries (a
    // path item's key starts with `/`; other keys are extensions).
    let mut rest = serde_json::Map::new();
    for (key, value) in root {
        let value = match (key.as_str(), value) {
            ("paths", Value::Object(map)) => Value::Object(
                map.iter()
                    .filter(|(k, _)| !k.starts_with('/'))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            ("components", Value::Object(map)) => Value::Object(
                map.iter()
                    .filter(|(k, _)| *k != "schemas")
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            _ => value.clone(),
        };
        rest.insert(key.clone(), value);
    }
    let mut api = <OpenAPI as serde::Deserialize>::deserialize(&Value::Object(rest)).ok()?;
    let path_items: Vec<(&String, &Value)> = paths
        .into_iter()
        .flatten()
        .filter(|(k, _)| k.starts_with('/'))
        .collect();
    let schema_items: Vec<(&String, &Value)> = schemas.into_iter().flatten().collect();
    // Path items, then schemas, each split across the threads.
    api.paths.paths = read_in_parts(&path_items, threads, read_entries::<PathItem>)?;
    let schemas = read_in_parts(&schema_items, threads, read_schemas)?;
    if let Some(components) = api.components.as_mut() {
        components.schemas = schemas;
    }
    Some(api)
}

/// `read` on the entries in parts on up to `threads` threads, in order.
fn read_in_parts<T: Send>(
    items: &[Entry<'_>],
    threads: usize,
    read: fn(&[Entry<'_>]) -> Option<Entries<T>>,
) -> Option<Entries<T>> {
    let chunk = crate::parallel::part_len(items.len(), threads);
    let parts: Vec<_> = items.chunks(chunk).collect();
    let mut all = indexmap::IndexMap::with_capacity(items.len());
    for part in crate::parallel::map(parts, threads, read) {
        all.extend(part?);
    }
    Some(all)
}

/// An entry of the document's map, by name.
type Entry<'v> = (&'v String, &'v Value);

/// Map entries as `openapiv3` keeps them.
type Entries<T> = indexmap::IndexMap<String, ReferenceOr<T>>;

/// Map entries read as `openapiv3` reads them (`$ref` or the item), in
/// order; `None` when one does not parse.
fn read_entries<T: DeserializeOwned>(items: &[Entry<'_>]) -> Option<Entries<T>> {
    items
        .iter()
        .map(|(key, value)| {
            <ReferenceOr<T> as serde::Deserialize>::deserialize(*value)
                .ok()
                .map(|item| ((*key).clone(), item))
        })
        .collect()
}

/// Component schemas, read without serde's buffering where
/// [`super::fast_schema`] can, else as [`read_entries`] reads them.
fn read_schemas(items: &[Entry<'_>]) -> Option<Entries<Schema>> {
    items
        .iter()
        .map(|(key, value)| {
            let schema = super::fast_schema::reference_or_schema(value).or_else(|| {
                <ReferenceOr<Schema> as serde::Deserialize>::deserialize(*value).ok()
            })?;
            Some(((*key).clone(), schema))
        })
        .collect()
}

/// The deepest part of the document under `at` that does not parse as
/// what it should be, with its own error: a parameter, request body,
/// response or header of an operation, then an operation, a path item, a
/// component.
fn narrow(doc: &Value, at: &str) -> Option<(String, String)> {
    let under = |pointer: &str| pointer == at || pointer.starts_with(&format!("{at}/"));
    let mut levels: [Vec<(String, &Value, Check)>; 3] = Default::default();
    for (path, item) in entries(&doc["paths"]) {
        let item_at = push("#/paths", path);
        for (i, p) in items(&item["parameters"]) {
            levels[0].push((
                push(&push(&item_at, "parameters"), &i),
                p,
                check::<ReferenceOr<Parameter>>,
            ));
        }
        for (method, op) in entries(item) {
            if !matches!(
                method,
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
            ) {
                continue;
            }
            let op_at = push(&item_at, method);
            for (i, p) in items(&op["parameters"]) {
                levels[0].push((
                    push(&push(&op_at, "parameters"), &i),
                    p,
                    check::<ReferenceOr<Parameter>>,
                ));
            }
            if let Some(body) = op.get("requestBody") {
                levels[0].push((
                    push(&op_at, "requestBody"),
                    body,
                    check::<ReferenceOr<RequestBody>>,
                ));
            }
            for (code, response) in entries(&op["responses"]) {
                let response_at = push(&push(&op_at, "responses"), code);
                for (name, header) in entries(&response["headers"]) {
                    levels[0].push((
                        push(&push(&response_at, "headers"), name),
                        header,
                        check::<ReferenceOr<Header>>,
                    ));
                }
                levels[0].push((response_at, response, check::<ReferenceOr<Response>>));
            }
            levels[1].push((op_at, op, check::<Operation>));
        }
        levels[2].push((item_at, item, check::<ReferenceOr<PathItem>>));
    }
    for (name, schema) in entries(&doc["components"]["schemas"]) {
        levels[0].push((
            push("#/components/schemas", name),
            schema,
            check::<ReferenceOr<Schema>>,
        ));
    }
    for (section, checker) in [
        ("parameters", check::<ReferenceOr<Parameter>> as Check),
        ("requestBodies", check::<ReferenceOr<RequestBody>>),
        ("responses", check::<ReferenceOr<Response>>),
        ("headers", check::<ReferenceOr<Header>>),
    ] {
        for (name, entry) in entries(&doc["components"][section]) {
            levels[0].push((push(&push("#/components", section), name), entry, checker));
        }
    }
    levels
        .iter()
        .flatten()
        .filter(|(pointer, ..)| under(pointer))
        .find_map(|(pointer, value, checker)| {
            checker(value)
                .err()
                .map(|(inner, message)| (format!("{pointer}{inner}"), message))
        })
}

/// Parses one part as `T`; on failure the path inside it and the message.
type Check = fn(&Value) -> Result<(), (String, String)>;

fn check<T: DeserializeOwned>(value: &Value) -> Result<(), (String, String)> {
    serde_path_to_error::deserialize::<_, T>(value)
        .map(|_| ())
        .map_err(|e| (path_pointer("", e.path()), e.inner().to_string()))
}

fn entries(value: &Value) -> impl Iterator<Item = (&str, &Value)> {
    value
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.as_str(), v))
}

fn items(value: &Value) -> impl Iterator<Item = (String, &Value)> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, v)| (i.to_string(), v))
}

fn path_pointer(base: &str, path: &serde_path_to_error::Path) -> String {
    path.iter().fold(base.to_owned(), |p, segment| {
        push(&p, &segment_token(segment))
    })
}

fn segment_token(segment: &serde_path_to_error::Segment) -> String {
    use serde_path_to_error::Segment;
    match segment {
        Segment::Seq { index } => index.to_string(),
        Segment::Map { key } => key.clone(),
        Segment::Enum { variant } => variant.clone(),
        Segment::Unknown => "?".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Off-contract documents read in parallel give what reading them
    /// whole gives: the same model, or nothing when that fails (and the
    /// whole, tracked parse then says where).
    #[test]
    fn odd_documents_read_in_parallel_as_whole() {
        let ok = serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}});
        let with = |key: &str, value: Value| {
            let mut doc = ok.clone();
            doc[key] = value;
            doc
        };
        let schemas = |value: Value| serde_json::json!({"schemas": value});
        let many: serde_json::Map<String, Value> = (0..50)
            .map(|i| (format!("S{i}"), serde_json::json!({"type": "string"})))
            .collect();
        let docs = [
            with("paths", serde_json::json!({})),
            with("paths", serde_json::json!([])),
            with(
                "paths",
                serde_json::json!({"/a": {"get": {"responses": {}}}, "x-ext": 1, "not-a-path": {"get": 3}}),
            ),
            with("paths", serde_json::json!({"/a": 7})),
            with("components", serde_json::json!("nope")),
            with("components", schemas(serde_json::json!([]))),
            with("components", schemas(serde_json::json!({"A": 1}))),
            with("components", schemas(Value::Object(many.clone()))),
            with(
                "components",
                serde_json::json!({"schemas": many, "parameters": {"p": 1}}),
            ),
            serde_json::json!([1, 2]),
            serde_json::json!({"paths": {}}),
        ];
        for doc in &docs {
            let whole = <OpenAPI as serde::Deserialize>::deserialize(doc).ok();
            for threads in [1, 3] {
                assert_eq!(parse_in_parallel(doc, threads), whole, "{doc}");
            }
        }
    }

    fn error_of(yaml: &str) -> String {
        let doc = crate::load::parse_text(yaml.as_bytes()).unwrap();
        let mut diags = Diagnostics::default();
        assert!(parse_openapi(doc, &mut diags).is_none());
        diags.to_string()
    }

    #[test]
    fn a_problem_in_one_operation_is_located_in_it() {
        let err = error_of(
            "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths:\n  /v1/leads/:\n    get: {responses: {}}\n    post:\n      requestBody: {content: 7}\n      responses: {}\n",
        );
        assert!(
            err.contains("error: #/paths/~1v1~1leads~1/post/requestBody"),
            "{err}"
        );
        let err = error_of(
            "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths:\n  /x:\n    get:\n      responses: 7\n",
        );
        assert!(err.contains("error: #/paths/~1x/get/responses"), "{err}");
        let err = error_of(
            "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {a: {type: 7}}}\n",
        );
        assert!(err.contains("error: #/components/schemas/A"), "{err}");
    }
}
