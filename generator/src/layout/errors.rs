//! Where the document's error bodies keep the message and the code, so
//! that `Error::message()` reads the API's own words whatever the shape
//! (Propexo's is `{"error": {"code", "message"}}`).

use std::collections::BTreeSet;

use crate::model::{Model, Ty, TypeId};

/// Field names that carry the message or the code, in the order tried.
/// These are the conventional names; the places they are found at come
/// from the document's error schemas.
const MESSAGE_NAMES: &[&str] = &["message", "detail", "error_description"];
const CODE_NAMES: &[&str] = &["code", "error_code"];

/// How deep into an error body to look: `error.message` is two levels.
const MAX_DEPTH: usize = 2;

/// JSON pointers to the message and the code, tried in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorFields {
    pub message: Vec<String>,
    pub code: Vec<String>,
}

/// The pointers found in the error schemas of the model's operations, the
/// shallowest first; a top-level `message`/`code` is always tried last, for
/// answers that do not follow the document.
pub fn error_fields(model: &Model) -> ErrorFields {
    let roots: BTreeSet<TypeId> = model
        .operations
        .iter()
        .filter_map(|op| match op.error.as_ref().map(Ty::non_null) {
            Some(Ty::Named(id)) => Some(*id),
            _ => None,
        })
        .collect();
    let mut fields = ErrorFields::default();
    for root in roots {
        find(model, root, "", 1, &mut fields);
    }
    for (found, names) in [
        (&mut fields.message, MESSAGE_NAMES),
        (&mut fields.code, CODE_NAMES),
    ] {
        found.sort_by_key(|p| (p.matches('/').count(), rank(p, names)));
        found.dedup();
        let fallback = format!("/{}", names[0]);
        if !found.contains(&fallback) {
            found.push(fallback);
        }
    }
    fields
}

fn rank(pointer: &str, names: &[&str]) -> usize {
    let last = pointer.rsplit('/').next().unwrap_or_default();
    names.iter().position(|n| *n == last).unwrap_or(names.len())
}

fn find(model: &Model, id: TypeId, prefix: &str, depth: usize, out: &mut ErrorFields) {
    let Some(s) = model.as_struct(id) else { return };
    for field in &s.fields {
        let pointer = format!("{prefix}/{}", escape(&field.json_name));
        match field.ty.non_null() {
            Ty::String if MESSAGE_NAMES.contains(&field.json_name.as_str()) => {
                out.message.push(pointer)
            }
            Ty::String if CODE_NAMES.contains(&field.json_name.as_str()) => out.code.push(pointer),
            Ty::Named(child) if depth < MAX_DEPTH => find(model, *child, &pointer, depth + 1, out),
            _ => {}
        }
    }
}

/// RFC 6901 escaping of one reference token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use crate::test_support::pipeline;

    fn fields_of(doc: &str) -> super::ErrorFields {
        pipeline(doc, "").1.error_fields
    }

    const DOC: &str = r##"
paths:
  /v1/things/:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}
        "400": {description: bad, content: {application/json: {schema: {$ref: "#/components/schemas/err"}}}}
components:
  schemas:
    err:
      type: object
      required: [error]
      properties:
        error:
          type: object
          properties:
            code: {type: string}
            message: {type: string}
            "a/b": {type: object, properties: {message: {type: integer}}}
"##;

    #[test]
    fn finds_nested_message_and_code_and_keeps_a_fallback() {
        let fields = fields_of(DOC);
        assert_eq!(fields.message, ["/error/message", "/message"]);
        assert_eq!(fields.code, ["/error/code", "/code"]);
    }

    #[test]
    fn a_document_without_error_schemas_still_reads_top_level_fields() {
        let doc = DOC.replace(r##"        "400": {description: bad, content: {application/json: {schema: {$ref: "#/components/schemas/err"}}}}"##, "");
        let fields = fields_of(&doc);
        assert_eq!(fields.message, ["/message"]);
        assert_eq!(fields.code, ["/code"]);
    }

    #[test]
    fn a_recursive_error_schema_is_walked_only_two_levels_deep() {
        let doc = DOC.replace(
            r##""a/b": {type: object, properties: {message: {type: integer}}}"##,
            r##"inner: {$ref: "#/components/schemas/err"}
            "m~x": {type: string}"##,
        );
        assert_ne!(doc, DOC, "the test document has the recursive field");
        let fields = fields_of(&doc);
        // `error.inner.error.message` is deeper than an error body is read.
        assert_eq!(fields.message, ["/error/message", "/message"]);
        assert_eq!(fields.code, ["/error/code", "/code"]);
    }
}
