//! The document's `webhooks`: requests Propexo sends to its customers,
//! each a JSON `POST` with the payload's type. The loader carries the
//! section past parsing as the root extension [`WEBHOOKS_EXTENSION`],
//! lowered like `paths`. Names (the `Event` variants, the hosting module)
//! are the layout's.

use openapiv3::{OpenAPI, PathItem, ReferenceOr};

use super::schema::TypeBuilder;
use crate::diag::Kind;
use crate::load::lower::WEBHOOKS_EXTENSION;
use crate::model::{Ty, Webhook};
use crate::pointer::push;

/// The document's webhooks, in document order. A webhook that is not a
/// `POST` is left out with a warning; a payload that is not a component
/// schema is kept as JSON, with a warning.
pub fn webhooks(doc: &OpenAPI, types: &mut TypeBuilder) -> Vec<Webhook> {
    let Some(section) = doc.extensions.get(WEBHOOKS_EXTENSION) else {
        return Vec::new();
    };
    let Some(section) = section.as_object() else {
        types.diags.error(
            "#/webhooks",
            "`webhooks` must be a mapping of names to path items",
        );
        return Vec::new();
    };
    let mut webhooks = Vec::new();
    for (name, item) in section {
        let at = push("#/webhooks", name);
        let item: PathItem = match serde_json::from_value(item.clone()) {
            Ok(item) => item,
            Err(err) => {
                types
                    .diags
                    .error(&at, format!("not a valid path item: {err}"));
                continue;
            }
        };
        webhooks.extend(webhook(name, &item, &at, types));
    }
    webhooks
}

fn webhook(name: &str, item: &PathItem, at: &str, types: &mut TypeBuilder) -> Option<Webhook> {
    let Some(op) = &item.post else {
        types
            .diags
            .warn(
                at,
                "webhooks are POST requests; this one has no `post` and is left out",
            )
            .kind(Kind::Webhooks);
        return None;
    };
    let at = push(at, "post");
    let body_at = push(&at, "requestBody");
    let schema =
        match &op.request_body {
            Some(ReferenceOr::Item(body)) => body
                .content
                .get("application/json")
                .and_then(|m| m.schema.as_ref()),
            Some(ReferenceOr::Reference { .. }) => {
                types.diags.warn(
                &body_at,
                "a referenced request body is not supported here; the payload is kept as JSON",
            ).kind(Kind::Webhooks);
                None
            }
            None => None,
        };
    let payload = match schema {
        Some(ReferenceOr::Reference { reference }) => {
            let schema_at = push(
                &push(&push(&body_at, "content"), "application/json"),
                "schema",
            );
            types.component_ty(reference, &schema_at)
        }
        Some(ReferenceOr::Item(_)) => {
            types.diags.warn(
                &body_at,
                "an inline webhook payload has no name for its Rust type: reference a component schema; the payload is kept as JSON",
            ).kind(Kind::Webhooks);
            Ty::Json
        }
        None => {
            types
                .diags
                .warn(
                    &body_at,
                    "no `application/json` body schema; the payload is kept as JSON",
                )
                .kind(Kind::Webhooks);
            Ty::Json
        }
    };
    Some(Webhook {
        name: name.to_owned(),
        summary: op.summary.clone(),
        description: op.description.clone(),
        payload,
        pointer: at,
    })
}
