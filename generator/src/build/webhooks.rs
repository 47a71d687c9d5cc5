//! The document's `webhooks`: requests Propexo sends to its customers. Each
//! becomes a variant of the generated `Event` enum, holding its JSON body's
//! type. The loader carries the section past parsing as the root extension
//! [`WEBHOOKS_EXTENSION`], lowered like `paths`.

use openapiv3::{OpenAPI, PathItem, ReferenceOr};

use super::schema::TypeBuilder;
use crate::diag::Diagnostics;
use crate::ir::{Ty, Webhook};
use crate::load::lower::WEBHOOKS_EXTENSION;
use crate::naming::pascal_ident;
use crate::pointer::push;
use crate::policy::Policy;

/// The variant that keeps deliveries of triggers the document does not
/// name; no webhook may take its name.
pub const UNKNOWN_VARIANT: &str = "Unknown";

pub fn build_webhooks(doc: &OpenAPI, types: &mut TypeBuilder) -> Vec<Webhook> {
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
    let mut webhooks: Vec<Webhook> = Vec::new();
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
        let Some(webhook) = webhook(name, &item, &at, types) else {
            continue;
        };
        if let Some(other) = webhooks.iter().find(|w| w.variant == webhook.variant) {
            types.diags.warn(
                &at,
                format!(
                    "its Rust name {} is the name of webhook {:?} too; it is left out",
                    webhook.variant, other.name
                ),
            );
            continue;
        }
        webhooks.push(webhook);
    }
    webhooks
}

fn webhook(name: &str, item: &PathItem, at: &str, types: &mut TypeBuilder) -> Option<Webhook> {
    let variant = pascal_ident(name);
    let usable = name.chars().any(|c| c.is_ascii_alphanumeric())
        && variant.chars().all(|c| c.is_ascii_alphanumeric())
        && variant != UNKNOWN_VARIANT;
    if !usable {
        types.diags.warn(
            at,
            format!("webhook name {name:?} gives no usable Rust name ({variant}); it is left out"),
        );
        return None;
    }
    let Some(op) = &item.post else {
        types.diags.warn(
            at,
            "webhooks are POST requests; this one has no `post` and is left out",
        );
        return None;
    };
    let at = push(at, "post");
    let body_at = push(&at, "requestBody");
    let schema = match &op.request_body {
        Some(ReferenceOr::Item(body)) => body
            .content
            .get("application/json")
            .and_then(|m| m.schema.as_ref()),
        Some(ReferenceOr::Reference { .. }) => {
            types.diags.warn(
                &body_at,
                "a referenced request body is not supported here; the payload is kept as JSON",
            );
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
            );
            Ty::Json
        }
        None => {
            types.diags.warn(
                &body_at,
                "no `application/json` body schema; the payload is kept as JSON",
            );
            Ty::Json
        }
    };
    Some(Webhook {
        name: name.to_owned(),
        variant,
        summary: op.summary.clone(),
        description: op.description.clone(),
        payload,
        pointer: at,
    })
}

/// The module that hosts the receive side, from the policy.
pub fn host_module(
    webhooks: &[Webhook],
    policy: &Policy,
    diags: &mut Diagnostics,
) -> Option<String> {
    if webhooks.is_empty() {
        return None;
    }
    match &policy.webhooks {
        Some(p) if is_module_name(&p.module) => Some(p.module.clone()),
        Some(p) => {
            diags.error(
                "#/webhooks",
                format!(
                    "spec/policy.yaml: `webhooks.module` {:?} is not a snake_case Rust module name",
                    p.module
                ),
            );
            None
        }
        None => {
            diags.warn(
                "#/webhooks",
                "spec/policy.yaml names no module for the receive side of webhooks (`webhooks.module`); it is not generated",
            );
            None
        }
    }
}

fn is_module_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !crate::naming::is_keyword(name)
}
