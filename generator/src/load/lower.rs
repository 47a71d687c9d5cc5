//! Lowering OpenAPI 3.1 (JSON Schema 2020-12) to OpenAPI 3.0, which is what
//! `openapiv3` reads.
//!
//! Every translation keeps the meaning:
//!
//! | 3.1                                   | 3.0                                        |
//! |---------------------------------------|--------------------------------------------|
//! | `type: [T, "null"]`                   | `type: T`, `nullable: true`                |
//! | `type: [A, B]`                        | `anyOf: [{type: A}, {type: B}]`            |
//! | `anyOf`/`oneOf` with a `null` branch  | the other branches, `nullable: true`       |
//! | `exclusiveMinimum: n` (a number)      | `minimum: n`, `exclusiveMinimum: true`     |
//! | `const: x`                            | `enum: [x]`                                |
//! | `examples: [a, …]`                    | `example: a` (a warning if more are lost)  |
//! | `$ref` with sibling keywords          | `allOf: [{$ref}]` plus the siblings        |
//!
//! Keywords 3.0 has no equivalent for are removed with a warning that names
//! their place: nothing is dropped silently.

use serde_json::{Map, Value};

use crate::diag::{Diagnostics, Kind};
use crate::pointer::push;

/// JSON Schema keywords with no OpenAPI 3.0 counterpart.
const UNSUPPORTED_KEYWORDS: &[&str] = &[
    "$defs",
    "$id",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$schema",
    "$comment",
    "prefixItems",
    "contains",
    "minContains",
    "maxContains",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
    "patternProperties",
    "propertyNames",
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
];

/// Keywords that constrain one particular type; when `type: [A, B]` becomes
/// an `anyOf`, each branch takes them along.
const TYPE_SPECIFIC_KEYWORDS: &[&str] = &[
    "format",
    "pattern",
    "minLength",
    "maxLength",
    "enum",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
];

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Lowers `doc` in place. Returns without changes for a 3.0 document.
pub fn lower_document(doc: &mut Value, diags: &mut Diagnostics) {
    // Schemas and path items are lowered in parts on the available threads.
    lower_on(doc, diags, crate::parallel::threads());
}

/// [`lower_document`] on up to `threads` threads.
fn lower_on(doc: &mut Value, diags: &mut Diagnostics, threads: usize) {
    let version = doc
        .get("openapi")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if version.starts_with("3.0") {
        return;
    }
    if !version.starts_with("3.1") {
        diags.error(
            "#/openapi",
            format!("unsupported OpenAPI version {version:?}: expected 3.0.x or 3.1.x"),
        );
        return;
    }
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    root.remove("jsonSchemaDialect");
    if let Some(Value::Object(info)) = root.get_mut("info") {
        if info.remove("summary").is_some() {
            diags
                .warn(
                    "#/info/summary",
                    "3.1 `info.summary` has no 3.0 place; it is not used",
                )
                .kind(Kind::InfoSummary);
        }
    }

    if let Some(Value::Object(components)) = root.get_mut("components") {
        if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
            lower_entries(
                schemas,
                "#/components/schemas",
                threads,
                diags,
                lower_schema,
            );
        }
        if let Some(Value::Object(params)) = components.get_mut("parameters") {
            for (name, param) in params.iter_mut() {
                lower_parameter(param, &push("#/components/parameters", name), diags);
            }
        }
        if let Some(Value::Object(responses)) = components.get_mut("responses") {
            for (name, response) in responses.iter_mut() {
                lower_content(response, &push("#/components/responses", name), diags);
            }
        }
        if let Some(Value::Object(bodies)) = components.get_mut("requestBodies") {
            for (name, body) in bodies.iter_mut() {
                lower_content(body, &push("#/components/requestBodies", name), diags);
            }
        }
    }
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        lower_entries(paths, "#/paths", threads, diags, lower_path_item);
    }
    // 3.0 has no `webhooks`: lowered like paths, they travel to the builder
    // as the root extension `x-webhooks`, which `openapiv3` keeps.
    if let Some(mut webhooks) = root.remove("webhooks") {
        if let Value::Object(items) = &mut webhooks {
            lower_path_items(items, "#/webhooks", diags);
        }
        root.insert(WEBHOOKS_EXTENSION.into(), webhooks);
    }
    // 3.1 documents may have only webhooks (or components); 3.0 requires
    // `paths`.
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
}

/// The root extension that carries the document's `webhooks` past parsing.
pub const WEBHOOKS_EXTENSION: &str = "x-webhooks";

/// Lowers the path items of `paths` or `webhooks` (both name → path item).
fn lower_path_items(items: &mut Map<String, Value>, base: &str, diags: &mut Diagnostics) {
    for (path, item) in items.iter_mut() {
        lower_path_item(item, &push(base, path), diags);
    }
}

/// Lowers each entry of a large map with `lower` (given the entry's
/// pointer), in parts on up to `threads` threads with the pipeline's stack;
/// the diagnostics come in the entries' order, as one thread gives them.
fn lower_entries(
    map: &mut Map<String, Value>,
    base: &str,
    threads: usize,
    diags: &mut Diagnostics,
    lower: fn(&mut Value, &str, &mut Diagnostics),
) {
    let mut entries: Vec<(&String, &mut Value)> = map.iter_mut().collect();
    let chunk = crate::parallel::part_len(entries.len(), threads);
    let parts: Vec<_> = entries.chunks_mut(chunk).collect();
    let found = crate::parallel::map(parts, threads, |part| {
        let mut found = Diagnostics::default();
        for (name, value) in part {
            lower(value, &push(base, name), &mut found);
        }
        found
    });
    for found in found {
        diags.extend(found);
    }
}

/// Lowers one path item (its parameters and operations).
fn lower_path_item(item: &mut Value, at: &str, diags: &mut Diagnostics) {
    let Some(item) = item.as_object_mut() else {
        return;
    };
    lower_parameters(item, at, diags);
    for method in METHODS {
        if let Some(Value::Object(op)) = item.get_mut(*method) {
            let at = push(at, method);
            // Optional in 3.1 (webhooks often leave it out), required in 3.0.
            op.entry("responses")
                .or_insert_with(|| Value::Object(Map::new()));
            lower_parameters(op, &at, diags);
            if let Some(body) = op.get_mut("requestBody") {
                lower_content(body, &push(&at, "requestBody"), diags);
            }
            if let Some(Value::Object(responses)) = op.get_mut("responses") {
                for (code, response) in responses.iter_mut() {
                    lower_content(response, &push(&push(&at, "responses"), code), diags);
                }
            }
        }
    }
}

fn lower_parameters(owner: &mut Map<String, Value>, at: &str, diags: &mut Diagnostics) {
    if let Some(Value::Array(params)) = owner.get_mut("parameters") {
        let at = push(at, "parameters");
        for (i, param) in params.iter_mut().enumerate() {
            lower_parameter(param, &push(&at, &i.to_string()), diags);
        }
    }
}

fn lower_parameter(param: &mut Value, at: &str, diags: &mut Diagnostics) {
    if let Some(schema) = param.get_mut("schema") {
        lower_schema(schema, &push(at, "schema"), diags);
    }
    lower_content(param, at, diags);
}

/// Lowers the schemas under `content.<media type>.schema`.
fn lower_content(owner: &mut Value, at: &str, diags: &mut Diagnostics) {
    if let Some(Value::Object(content)) = owner.get_mut("content") {
        let at = push(at, "content");
        for (media, entry) in content.iter_mut() {
            if let Some(schema) = entry.get_mut("schema") {
                lower_schema(schema, &push(&push(&at, media), "schema"), diags);
            }
        }
    }
}

/// Lowers one schema and, recursively, every schema inside it.
pub fn lower_schema(schema: &mut Value, at: &str, diags: &mut Diagnostics) {
    // JSON Schema allows booleans as schemas: `true` accepts anything.
    if let Value::Bool(accepts) = schema {
        if !*accepts {
            diags
                .warn(
                    at,
                    "the schema `false` (nothing is valid) is treated as an arbitrary JSON value",
                )
                .kind(Kind::FalseSchema);
        }
        *schema = Value::Object(Map::new());
        return;
    }
    let Some(obj) = schema.as_object_mut() else {
        diags.error(at, "a schema must be an object");
        return;
    };

    // Looked for among the schema's few keys first: removing each of
    // them by name hashed every keyword for every schema.
    let unsupported = obj
        .keys()
        .any(|k| UNSUPPORTED_KEYWORDS.contains(&k.as_str()));
    for keyword in UNSUPPORTED_KEYWORDS.iter().filter(|_| unsupported) {
        if obj.remove(*keyword).is_some() {
            diags.warn(
                push(at, keyword),
                format!("JSON Schema keyword `{keyword}` has no OpenAPI 3.0 equivalent; the generated type does not enforce it"),
            ).kind(Kind::JsonSchemaKeyword);
        }
    }

    if obj.contains_key("$ref") && obj.len() > 1 {
        // 3.0 ignores siblings of `$ref`; wrapping keeps them (descriptions,
        // `nullable`, `deprecated`).
        let reference = obj.remove("$ref").unwrap_or(Value::Null);
        let mut branch = Map::new();
        branch.insert("$ref".into(), reference);
        obj.insert("allOf".into(), Value::Array(vec![Value::Object(branch)]));
    }

    lower_type_keyword(obj, at, diags);

    if let Some(value) = obj.remove("const") {
        obj.insert("enum".into(), Value::Array(vec![value]));
    }
    for (exclusive, inclusive) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(bound) = obj.get(exclusive).filter(|v| v.is_number()).cloned() {
            // Both given: the exclusive bound wins only where it is stricter.
            let keep_inclusive = match (obj.get(inclusive).and_then(Value::as_f64), bound.as_f64())
            {
                (Some(inc), Some(exc)) if exclusive == "exclusiveMinimum" => inc > exc,
                (Some(inc), Some(exc)) => inc < exc,
                _ => false,
            };
            if keep_inclusive {
                obj.remove(exclusive);
            } else {
                obj.insert(inclusive.into(), bound);
                obj.insert(exclusive.into(), Value::Bool(true));
            }
        }
    }
    if let Some(Value::Array(examples)) = obj.remove("examples") {
        if examples.len() > 1 {
            diags
                .warn(
                    push(at, "examples"),
                    format!(
                        "OpenAPI 3.0 has one `example`; the first of {} examples is kept",
                        examples.len()
                    ),
                )
                .kind(Kind::MultipleExamples);
        }
        if let Some(first) = examples.into_iter().next() {
            obj.entry("example").or_insert(first);
        }
    }

    for combinator in ["anyOf", "oneOf"] {
        lower_null_branches(obj, combinator, at);
    }

    // Recurse into every place a sub-schema can stand.
    if let Some(Value::Object(props)) = obj.get_mut("properties") {
        let at = push(at, "properties");
        for (name, prop) in props.iter_mut() {
            lower_schema(prop, &push(&at, name), diags);
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(sub) = obj.get_mut(key) {
            if sub.is_object() || (key != "additionalProperties" && sub.is_boolean()) {
                lower_schema(sub, &push(at, key), diags);
            }
        }
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(branches)) = obj.get_mut(key) {
            let at = push(at, key);
            for (i, branch) in branches.iter_mut().enumerate() {
                lower_schema(branch, &push(&at, &i.to_string()), diags);
            }
        }
    }
    collapse_single_branch(obj);
}

fn lower_type_keyword(obj: &mut Map<String, Value>, at: &str, diags: &mut Diagnostics) {
    let types: Vec<String> = match obj.get("type") {
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        Some(Value::String(t)) if t == "null" => vec!["null".to_owned()],
        _ => return,
    };
    let nullable = types.iter().any(|t| t == "null");
    let concrete: Vec<&String> = types.iter().filter(|t| *t != "null").collect();
    if nullable {
        obj.insert("nullable".into(), Value::Bool(true));
        // 3.1 lists `null` among the allowed values of a nullable enum; 3.0
        // expresses the same with `nullable` alone.
        if let Some(Value::Array(values)) = obj.get_mut("enum") {
            values.retain(|v| !v.is_null());
        }
    }
    match concrete.as_slice() {
        [] => {
            obj.remove("type");
            if !obj.contains_key("anyOf") {
                diags
                    .warn(
                        push(at, "type"),
                        "a schema that only allows `null` is represented as an optional JSON value",
                    )
                    .kind(Kind::NullOnlySchema);
            }
        }
        [single] => {
            obj.insert("type".into(), Value::String((*single).clone()));
        }
        several => {
            let moved: Map<String, Value> = TYPE_SPECIFIC_KEYWORDS
                .iter()
                .filter_map(|k| obj.remove(*k).map(|v| ((*k).to_owned(), v)))
                .collect();
            let branches = several
                .iter()
                .map(|t| {
                    let mut branch = moved.clone();
                    branch.insert("type".into(), Value::String((*t).clone()));
                    Value::Object(branch)
                })
                .collect();
            obj.remove("type");
            obj.insert("anyOf".into(), Value::Array(branches));
        }
    }
}

fn is_null_schema(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().all(|t| t == "null"),
        _ => false,
    }
}

/// `anyOf: [X, {type: null}]` → `anyOf: [X]` plus `nullable: true`.
fn lower_null_branches(obj: &mut Map<String, Value>, combinator: &str, _at: &str) {
    let Some(Value::Array(branches)) = obj.get_mut(combinator) else {
        return;
    };
    let before = branches.len();
    branches.retain(|b| !is_null_schema(b));
    if branches.len() != before {
        obj.insert("nullable".into(), Value::Bool(true));
    }
}

/// After null branches are gone, `anyOf: [X]` says no more than `X`. A
/// `$ref` stays wrapped in `allOf`, where 3.0 keeps its siblings.
fn collapse_single_branch(obj: &mut Map<String, Value>) {
    for combinator in ["anyOf", "oneOf"] {
        let single = match obj.get(combinator) {
            Some(Value::Array(branches)) if branches.len() == 1 => branches[0].clone(),
            _ => continue,
        };
        obj.remove(combinator);
        match single {
            Value::Object(branch) if branch.contains_key("$ref") => {
                obj.insert("allOf".into(), Value::Array(vec![Value::Object(branch)]));
            }
            Value::Object(branch) => {
                for (key, value) in branch {
                    // The outer description and flags describe the use and win.
                    obj.entry(key).or_insert(value);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lowered(schema: Value) -> (Value, Diagnostics) {
        let mut schema = schema;
        let mut diags = Diagnostics::default();
        lower_schema(&mut schema, "#/s", &mut diags);
        (schema, diags)
    }

    /// Lowered on several threads, a document and its diagnostics are
    /// what one thread gives, in the same order (warnings included).
    #[test]
    fn lowering_in_parts_is_lowering_in_one() {
        let mut schemas = serde_json::Map::new();
        let mut paths = serde_json::Map::new();
        for i in 0..40 {
            schemas.insert(
                format!("S{i}"),
                json!({"type": ["string", "null"], "examples": ["x"], "const": "c", "$comment": i}),
            );
            paths.insert(
                format!("/v1/p{i}"),
                json!({"get": {"parameters": [{"name": "q", "in": "query", "schema": {"type": ["integer", "null"]}}],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": ["number", "null"], "examples": [1]}}}}}}}),
            );
        }
        let doc = json!({"openapi": "3.1.0", "info": {"summary": "s"}, "components": {"schemas": schemas}, "paths": paths});
        let lower = |threads| {
            let mut doc = doc.clone();
            let mut diags = Diagnostics::default();
            lower_on(&mut doc, &mut diags, threads);
            (doc, diags.to_string(), diags.sorted().len())
        };
        let one = lower(1);
        assert!(one.2 > 40, "the document should warn: {}", one.1);
        for threads in [2, 3, 7] {
            assert_eq!(lower(threads), one, "{threads} threads");
        }
    }

    #[test]
    fn webhooks_are_lowered_and_kept_as_an_extension() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "webhooks": {"PING": {"post": {"requestBody": {"content": {"application/json": {
                "schema": {"type": "object", "properties": {"n": {"type": ["integer", "null"]}}}
            }}}}}}
        });
        let mut diags = Diagnostics::default();
        lower_document(&mut doc, &mut diags);
        assert!(doc.get("webhooks").is_none());
        assert_eq!(doc["paths"], json!({}), "3.0 requires `paths`");
        let op = &doc[WEBHOOKS_EXTENSION]["PING"]["post"];
        assert_eq!(op["responses"], json!({}), "3.0 requires `responses`");
        let n = &doc[WEBHOOKS_EXTENSION]["PING"]["post"]["requestBody"]["content"]
            ["application/json"]["schema"]["properties"]["n"];
        assert_eq!(n, &json!({"type": "integer", "nullable": true}));
        assert!(diags.sorted().is_empty(), "{diags}");
    }

    #[test]
    fn nullable_type_array() {
        let (s, _) = lowered(json!({"type": ["string", "null"], "description": "d"}));
        assert_eq!(
            s,
            json!({"type": "string", "nullable": true, "description": "d"})
        );
    }

    #[test]
    fn nullable_enum_drops_null_value() {
        let (s, _) = lowered(json!({"type": ["string", "null"], "enum": ["A", null]}));
        assert_eq!(
            s,
            json!({"type": "string", "nullable": true, "enum": ["A"]})
        );
    }

    #[test]
    fn several_types_become_any_of_with_their_keywords() {
        let (s, _) =
            lowered(json!({"type": ["string", "integer"], "minimum": 1, "description": "d"}));
        assert_eq!(
            s,
            json!({"description": "d", "anyOf": [{"type": "string", "minimum": 1}, {"type": "integer", "minimum": 1}]})
        );
    }

    #[test]
    fn numeric_exclusive_bounds() {
        let (s, _) =
            lowered(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10}));
        assert_eq!(
            s,
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": true})
        );
        // An inclusive bound that is already stricter is kept as it is.
        let (s, _) = lowered(json!({"type": "number", "minimum": 5, "exclusiveMinimum": 0}));
        assert_eq!(s, json!({"type": "number", "minimum": 5}));
    }

    #[test]
    fn any_of_with_null_branch() {
        let (s, _) =
            lowered(json!({"anyOf": [{"type": "boolean"}, {"type": "string"}, {"type": "null"}]}));
        assert_eq!(
            s,
            json!({"anyOf": [{"type": "boolean"}, {"type": "string"}], "nullable": true})
        );
        let (s, _) = lowered(
            json!({"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}], "description": "d"}),
        );
        assert_eq!(
            s,
            json!({"type": "string", "format": "date-time", "nullable": true, "description": "d"})
        );
        let (s, _) =
            lowered(json!({"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]}));
        assert_eq!(
            s,
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true})
        );
    }

    #[test]
    fn const_and_examples() {
        let (s, d) = lowered(json!({"type": "string", "const": "X", "examples": ["a", "b"]}));
        assert_eq!(s, json!({"type": "string", "enum": ["X"], "example": "a"}));
        assert!(d.to_string().contains("#/s/examples"), "{d}");
    }

    #[test]
    fn ref_with_siblings_keeps_them() {
        let (s, _) = lowered(json!({"$ref": "#/components/schemas/A", "description": "d"}));
        assert_eq!(
            s,
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
    }

    #[test]
    fn unsupported_keywords_are_reported_where_they_are() {
        let (s, d) = lowered(
            json!({"type": "object", "properties": {"a": {"type": "array", "prefixItems": []}}}),
        );
        assert_eq!(
            s,
            json!({"type": "object", "properties": {"a": {"type": "array"}}})
        );
        assert!(
            d.to_string().contains("#/s/properties/a/prefixItems"),
            "{d}"
        );
    }

    /// Several unsupported keywords in another order than the list's, next
    /// to keys that only look like them (and a property named like one):
    /// each is removed and reported once, and nothing else is touched.
    #[test]
    fn every_unsupported_keyword_is_removed_and_look_alikes_are_kept() {
        let (s, d) = lowered(json!({
            "type": "object",
            "unevaluatedProperties": false,
            "$comment": "c",
            "$idx": 1,
            "If": true,
            "$defs": {"x": {}},
            "properties": {"contains": {"type": "string"}},
        }));
        assert_eq!(
            s,
            json!({"type": "object", "$idx": 1, "If": true, "properties": {"contains": {"type": "string"}}})
        );
        let text = d.to_string();
        for place in ["#/s/$defs:", "#/s/$comment:", "#/s/unevaluatedProperties:"] {
            assert_eq!(text.matches(place).count(), 1, "{place} in {text}");
        }
        assert_eq!(
            text.matches("has no OpenAPI 3.0 equivalent").count(),
            3,
            "{text}"
        );
    }

    #[test]
    fn document_version_is_rewritten_and_nested_schemas_lowered() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "paths": {"/x/{id}": {"get": {
                "parameters": [{"name": "id", "in": "path", "schema": {"type": ["integer", "null"]}}],
                "responses": {"200": {"content": {"application/json": {"schema": {"type": ["object", "null"]}}}}}
            }}}
        });
        let mut diags = Diagnostics::default();
        lower_document(&mut doc, &mut diags);
        assert_eq!(doc["openapi"], "3.0.3");
        assert_eq!(
            doc["paths"]["/x/{id}"]["get"]["parameters"][0]["schema"],
            json!({"type": "integer", "nullable": true})
        );
        assert_eq!(
            doc["paths"]["/x/{id}"]["get"]["responses"]["200"]["content"]["application/json"]
                ["schema"],
            json!({"type": "object", "nullable": true})
        );
    }
}
