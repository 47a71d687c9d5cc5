//! Reading schemas into `openapiv3`'s types straight from the JSON value.
//!
//! `openapiv3` reads a `ReferenceOr<Schema>` through serde's untagged and
//! flattened machinery, which copies each schema's whole subtree into a
//! buffer at every level it descends: nested schemas are copied once per
//! level above them. That was most of the time spent reading the document
//! into `openapiv3`, and much of the memory it touched.
//!
//! [`reference_or_schema`] builds the same values directly for the shapes
//! documents use: a `$ref`, or a schema of one `type` (or a bare
//! `oneOf`/`allOf`/`anyOf`) with only the keys `openapiv3` accepts for it.
//! For anything else — a `null` where a value is expected, a key of
//! another kind of schema, a number that is not what the field holds, a
//! `not`, a schema `openapiv3` reads as `Any` — it gives `None` and the
//! caller lets serde read that value, so the result (and any error) is
//! `openapiv3`'s own. Tests compare both readings on every stored
//! document and on hostile schemas.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ArrayType, BooleanType, IntegerType, NumberType, ObjectType, ReferenceOr,
    Schema, SchemaData, SchemaKind, StringType, Type,
};
use serde::Deserialize;
use serde_json::{Map, Value};

/// `value` as `openapiv3` reads a `ReferenceOr<Schema>`, or `None` when it
/// is not a shape read here (or does not parse at all).
pub fn reference_or_schema(value: &Value) -> Option<ReferenceOr<Schema>> {
    let map = value.as_object()?;
    if let Some(reference) = map.get("$ref") {
        // A `$ref` that is not a string makes serde try the schema.
        return Some(ReferenceOr::Reference {
            reference: reference.as_str()?.to_owned(),
        });
    }
    schema(map).map(ReferenceOr::Item)
}

/// A nested schema: read here, or by serde when it is not a shape read
/// here. `None` only when serde cannot read it either (the whole entry
/// is then read again by serde, to report the error as it does).
fn nested(value: &Value) -> Option<ReferenceOr<Schema>> {
    match reference_or_schema(value) {
        Some(read) => Some(read),
        None => ReferenceOr::<Schema>::deserialize(value).ok(),
    }
}

fn boxed(value: &Value) -> Option<ReferenceOr<Box<Schema>>> {
    Some(match nested(value)? {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
        ReferenceOr::Item(schema) => ReferenceOr::Item(Box::new(schema)),
    })
}

/// The keys of the schema's kind, as `openapiv3`'s `RawAnySchema` names
/// them, each with its value.
#[derive(Default)]
struct Kind<'v> {
    typ: Option<&'v str>,
    keys: Vec<(&'static str, &'v Value)>,
}

impl<'v> Kind<'v> {
    fn get(&self, key: &str) -> Option<&'v Value> {
        self.keys.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    /// Whether every key present is one of `allowed`.
    fn only(&self, allowed: &[&str]) -> bool {
        self.keys.iter().all(|(k, _)| allowed.contains(k))
    }
}

/// The keys `openapiv3` reads into the schema's kind (besides `type`).
const KIND_KEYS: [&str; 23] = [
    "pattern",
    "multipleOf",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minimum",
    "maximum",
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "enum",
    "format",
    "minLength",
    "maxLength",
    "oneOf",
    "allOf",
    "anyOf",
    "not",
];

fn schema(map: &Map<String, Value>) -> Option<Schema> {
    let mut data = SchemaData::default();
    let mut kind = Kind::default();
    for (key, value) in map {
        // Extensions keep any value, `null` included.
        if key.starts_with("x-") {
            data.extensions.insert(key.clone(), value.clone());
            continue;
        }
        // A `null` reads as an absent value in some fields and fails in
        // others: serde decides.
        if value.is_null() {
            return None;
        }
        match key.as_str() {
            "nullable" => data.nullable = value.as_bool()?,
            "readOnly" => data.read_only = value.as_bool()?,
            "writeOnly" => data.write_only = value.as_bool()?,
            "deprecated" => data.deprecated = value.as_bool()?,
            "example" => data.example = Some(value.clone()),
            "default" => data.default = Some(value.clone()),
            "title" => data.title = Some(value.as_str()?.to_owned()),
            "description" => data.description = Some(value.as_str()?.to_owned()),
            "externalDocs" | "discriminator" => return None,
            "type" => kind.typ = Some(value.as_str()?),
            other => {
                if let Some(known) = KIND_KEYS.iter().find(|k| **k == other) {
                    kind.keys.push((known, value));
                }
            }
        }
    }
    Some(Schema {
        schema_data: data,
        schema_kind: schema_kind(&kind)?,
    })
}

fn schema_kind(kind: &Kind<'_>) -> Option<SchemaKind> {
    let Some(typ) = kind.typ else {
        return composition(kind);
    };
    let format = || -> Option<Option<String>> {
        kind.get("format")
            .map(|f| f.as_str().map(str::to_owned))
            .map_or(Some(None), |f| f.map(Some))
    };
    Some(SchemaKind::Type(match typ {
        "string" => {
            if !kind.only(&["pattern", "enum", "format", "minLength", "maxLength"]) {
                return None;
            }
            Type::String(StringType {
                format: format()?.into(),
                pattern: optional(kind, "pattern", string)?,
                enumeration: enumeration(kind, string)?,
                min_length: optional(kind, "minLength", size)?,
                max_length: optional(kind, "maxLength", size)?,
            })
        }
        "integer" => {
            if !kind.only(&NUMBER_KEYS) {
                return None;
            }
            let int = |key| optional(kind, key, Value::as_i64);
            Type::Integer(IntegerType {
                format: format()?.into(),
                multiple_of: int("multipleOf")?,
                exclusive_minimum: flag(kind, "exclusiveMinimum")?,
                exclusive_maximum: flag(kind, "exclusiveMaximum")?,
                minimum: int("minimum")?,
                maximum: int("maximum")?,
                enumeration: enumeration(kind, Value::as_i64)?,
            })
        }
        "number" => {
            if !kind.only(&NUMBER_KEYS) {
                return None;
            }
            let number = |key| optional(kind, key, float);
            Type::Number(NumberType {
                format: format()?.into(),
                multiple_of: number("multipleOf")?,
                exclusive_minimum: flag(kind, "exclusiveMinimum")?,
                exclusive_maximum: flag(kind, "exclusiveMaximum")?,
                minimum: number("minimum")?,
                maximum: number("maximum")?,
                enumeration: enumeration(kind, float)?,
            })
        }
        "boolean" => {
            if !kind.only(&["enum"]) {
                return None;
            }
            Type::Boolean(BooleanType {
                enumeration: enumeration(kind, Value::as_bool)?,
            })
        }
        "object" => {
            let keys = [
                "properties",
                "required",
                "additionalProperties",
                "minProperties",
                "maxProperties",
            ];
            if !kind.only(&keys) {
                return None;
            }
            let properties = match kind.get("properties") {
                None => IndexMap::new(),
                Some(properties) => properties
                    .as_object()?
                    .iter()
                    .map(|(name, p)| Some((name.clone(), boxed(p)?)))
                    .collect::<Option<_>>()?,
            };
            let required = match kind.get("required") {
                None => Vec::new(),
                Some(required) => required
                    .as_array()?
                    .iter()
                    .map(string)
                    .collect::<Option<_>>()?,
            };
            let additional_properties = match kind.get("additionalProperties") {
                None => None,
                Some(Value::Bool(any)) => Some(AdditionalProperties::Any(*any)),
                Some(schema) => Some(AdditionalProperties::Schema(Box::new(nested(schema)?))),
            };
            Type::Object(ObjectType {
                properties,
                required,
                additional_properties,
                min_properties: optional(kind, "minProperties", size)?,
                max_properties: optional(kind, "maxProperties", size)?,
            })
        }
        "array" => {
            if !kind.only(&["items", "minItems", "maxItems", "uniqueItems"]) {
                return None;
            }
            Type::Array(ArrayType {
                items: optional(kind, "items", boxed)?,
                min_items: optional(kind, "minItems", size)?,
                max_items: optional(kind, "maxItems", size)?,
                unique_items: flag(kind, "uniqueItems")?,
            })
        }
        _ => return None,
    }))
}

/// The keys of an integer or a number schema.
const NUMBER_KEYS: [&str; 7] = [
    "multipleOf",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minimum",
    "maximum",
    "enum",
    "format",
];

/// A bare `oneOf`, `allOf` or `anyOf`, without any other key of a kind.
fn composition(kind: &Kind<'_>) -> Option<SchemaKind> {
    let [(key, branches)] = kind.keys.as_slice() else {
        return None;
    };
    let branches: Vec<ReferenceOr<Schema>> = branches
        .as_array()?
        .iter()
        .map(nested)
        .collect::<Option<_>>()?;
    match *key {
        "oneOf" => Some(SchemaKind::OneOf { one_of: branches }),
        "allOf" => Some(SchemaKind::AllOf { all_of: branches }),
        "anyOf" => Some(SchemaKind::AnyOf { any_of: branches }),
        _ => None,
    }
}

/// The value of `key` read by `read`: `Some(None)` when absent, `None`
/// when `read` cannot read it.
fn optional<T>(
    kind: &Kind<'_>,
    key: &str,
    read: impl Fn(&Value) -> Option<T>,
) -> Option<Option<T>> {
    match kind.get(key) {
        None => Some(None),
        Some(value) => read(value).map(Some),
    }
}

fn float(value: &Value) -> Option<f64> {
    value.as_number().and_then(serde_json::Number::as_f64)
}

fn string(value: &Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

/// A count (`minLength`, `maxItems`): a non-negative integer.
fn size(value: &Value) -> Option<usize> {
    value.as_u64().and_then(|n| usize::try_from(n).ok())
}

/// A flag of the kind, `false` when absent.
fn flag(kind: &Kind<'_>, key: &str) -> Option<bool> {
    kind.get(key).map_or(Some(false), Value::as_bool)
}

/// The `enum` values, each read by `read` (a `null` is `None`), or
/// `None` when one is not of the schema's type.
fn enumeration<T>(kind: &Kind<'_>, read: impl Fn(&Value) -> Option<T>) -> Option<Vec<Option<T>>> {
    let Some(values) = kind.get("enum") else {
        return Some(Vec::new());
    };
    values
        .as_array()?
        .iter()
        .map(|v| {
            if v.is_null() {
                Some(None)
            } else {
                read(v).map(Some)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde reads, or `None` when it fails.
    fn by_serde(value: &Value) -> Option<ReferenceOr<Schema>> {
        ReferenceOr::<Schema>::deserialize(value).ok()
    }

    /// Every schema read here is what serde reads; the common shapes are
    /// read here; the rest (`None`) is left to serde.
    #[test]
    fn schemas_read_here_are_what_serde_reads() {
        let read_here = [
            r##"{"$ref": "#/components/schemas/A", "description": "ignored"}"##,
            r#"{"type": "string"}"#,
            r#"{"type": "string", "format": "date-time", "pattern": "^a$", "minLength": 1, "maxLength": 9, "enum": ["a", null, "b"]}"#,
            r#"{"type": "string", "format": "weird-format"}"#,
            r#"{"type": "integer", "format": "int64", "minimum": -5, "maximum": 7, "multipleOf": 2, "exclusiveMinimum": true, "enum": [1, null]}"#,
            r#"{"type": "number", "minimum": 0.5, "maximum": 10, "exclusiveMaximum": false, "enum": [1, 2.5]}"#,
            r#"{"type": "boolean", "enum": [true, null], "nullable": true, "deprecated": true}"#,
            r##"{"type": "object", "required": ["a", "zz"], "properties": {"a": {"type": "string"}, "b": {"$ref": "#/x"}}, "additionalProperties": false, "minProperties": 1}"##,
            r#"{"type": "object", "additionalProperties": {"type": "integer"}}"#,
            r#"{"type": "object", "additionalProperties": true, "x-ext": {"k": [1, null]}, "x-other": null}"#,
            r##"{"type": "array", "items": {"$ref": "#/y"}, "minItems": 0, "maxItems": 3, "uniqueItems": true, "readOnly": true, "writeOnly": false}"##,
            r#"{"type": "array"}"#,
            r##"{"oneOf": [{"$ref": "#/a"}, {"type": "string"}], "title": "t", "example": {"a": 1}, "default": [1]}"##,
            r#"{"allOf": [{"type": "object", "properties": {"n": {"type": "number"}}}]}"#,
            r#"{"anyOf": []}"#,
            r#"{"type": "object", "unknownKey": 5, "properties": {"deep": {"type": "object", "properties": {"deeper": {"type": "array", "items": {"type": "string"}}}}}}"#,
            // Nested shapes not read here are read by serde in place.
            r#"{"type": "object", "properties": {"odd": {"type": "string", "minimum": 3}, "nil": {"type": "string", "format": null}}}"#,
        ];
        for text in read_here {
            let value: Value = serde_json::from_str(text).unwrap();
            let here = reference_or_schema(&value);
            assert!(here.is_some(), "not read here: {text}");
            assert_eq!(here, by_serde(&value), "{text}");
        }
        let left_to_serde = [
            r#"{"type": "string", "format": null}"#,
            r#"{"type": "string", "minimum": 1}"#,
            r#"{"type": "string", "minLength": -1}"#,
            r#"{"type": "string", "minLength": 1.5}"#,
            r#"{"type": "string", "enum": [1]}"#,
            r#"{"type": "integer", "minimum": 1.5}"#,
            r#"{"type": "integer", "enum": [1.5]}"#,
            r#"{"type": "boolean", "format": "x"}"#,
            r#"{"type": "object", "items": {"type": "string"}}"#,
            r#"{"type": "object", "properties": [1]}"#,
            r#"{"type": "object", "required": "a"}"#,
            r#"{"type": "object", "properties": {"a": 5}}"#,
            r#"{"type": "array", "items": 5}"#,
            r#"{"type": ["string", "null"]}"#,
            r#"{"type": "file"}"#,
            r#"{"type": 5}"#,
            r#"{"nullable": "yes", "type": "string"}"#,
            r#"{"description": 5}"#,
            r#"{"$ref": 5}"#,
            r#"{"not": {"type": "string"}}"#,
            r#"{"oneOf": [], "allOf": []}"#,
            r#"{"oneOf": {"type": "string"}}"#,
            r#"{"type": "object", "oneOf": []}"#,
            r#"{}"#,
            r#"{"discriminator": {"propertyName": "kind"}, "oneOf": []}"#,
            r#"{"externalDocs": {"url": "https://example.com"}, "type": "string"}"#,
            r#"[1]"#,
            r#""text""#,
            r#"null"#,
        ];
        for text in left_to_serde {
            let value: Value = serde_json::from_str(text).unwrap();
            assert_eq!(reference_or_schema(&value), None, "read here: {text}");
        }
    }

    /// Large and deep schemas read here are what serde reads: 20,000
    /// properties, 100 levels of nesting through every kind that nests,
    /// and a deep schema with one odd leaf that serde reads in place.
    #[test]
    fn huge_and_deep_schemas_read_here_are_what_serde_reads() {
        let properties: Map<String, Value> = (0..20_000)
            .map(|i| {
                (
                    format!("p{i}"),
                    serde_json::json!({"type": "integer", "minimum": i}),
                )
            })
            .collect();
        let wide = serde_json::json!({"type": "object", "properties": properties});
        let deep = |leaf: Value| {
            (0..100).fold(leaf, |inner, level| match level % 4 {
                0 => serde_json::json!({"type": "object", "properties": {"n": inner}}),
                1 => serde_json::json!({"type": "array", "items": inner}),
                2 => serde_json::json!({"oneOf": [inner, {"type": "string"}]}),
                _ => serde_json::json!({"type": "object", "additionalProperties": inner}),
            })
        };
        let plain = deep(serde_json::json!({"type": "boolean"}));
        let odd = deep(serde_json::json!({"type": "string", "minimum": 1}));
        // On the pipeline's stack, as generation reads them (serde's own
        // reading needs more than a test thread's for this depth).
        crate::with_stack(move || {
            for value in [wide, plain, odd] {
                let here = reference_or_schema(&value);
                assert!(here.is_some());
                assert!(here == by_serde(&value));
            }
        });
    }
}
