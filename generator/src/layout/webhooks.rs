//! Where the receive side of the document's webhooks goes and what its
//! `Event` variants are called: the module from `spec/policy.yaml`
//! (`webhooks.module`), beside the operations that register webhooks when
//! there are any, and one variant per webhook named after its trigger
//! (`DATA_NEW` → `DataNew`).

use std::collections::BTreeMap;

use super::routes::is_version_segment;
use super::{is_reserved_module, ModuleLayout};
use crate::diag::{Diagnostics, Kind};
use crate::model::{Model, Ty, TypeId};
use crate::naming::{is_keyword, pascal_ident};
use crate::pointer::push;
use crate::policy::Policy;

/// The variant that keeps deliveries of triggers the document does not
/// name; no webhook may take its name.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// The runtime module the receive side re-exports from, which no resource
/// module may take.
pub const RECEIVE_RUNTIME_MODULE: &str = "webhook_receive";

#[derive(Debug, Clone)]
pub struct WebhooksLayout {
    /// The module that hosts the receive side (`webhooks`).
    pub module: String,
    /// Its file, relative to the crate root (`src/webhooks.rs`), shared
    /// with the resource module of that name when there is one.
    pub file: String,
    /// The `Event` variants, in document order.
    pub events: Vec<EventLayout>,
    /// The models a data event's record can be typed as, by module name.
    pub records: Vec<RecordLayout>,
}

/// A model a data event names in `meta.object`: the path segment of a
/// resource (`service-requests`), typed as the items of that resource's
/// generic list (what its `GET` pages hold).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordLayout {
    /// As data events name it: the resource's path segment.
    pub object: String,
    /// Its variant of `DataRecord` (`ServiceRequests`).
    pub variant: String,
    /// The record type.
    pub ty: TypeId,
}

/// The variant of `DataRecord` for a model the crate has no type for.
pub const OTHER_RECORD: &str = "Other";

#[derive(Debug, Clone)]
pub struct EventLayout {
    /// Index into [`Model::webhooks`].
    pub webhook: usize,
    /// Its variant of the `Event` enum (`DataNew`).
    pub variant: String,
}

/// The receive side's layout, or `None` when the document has no webhooks
/// or the policy names no (valid) module for them.
pub fn place(
    model: &Model,
    modules: &BTreeMap<String, ModuleLayout>,
    policy: &Policy,
    diags: &mut Diagnostics,
) -> Option<WebhooksLayout> {
    if model.webhooks.is_empty() {
        return None;
    }
    let module = match &policy.webhooks {
        Some(p) if is_module_name(&p.module) => p.module.clone(),
        Some(p) => {
            diags.error(
                "#/webhooks",
                format!(
                    "spec/policy.yaml: `webhooks.module` {:?} is not a snake_case Rust module name the crate leaves free",
                    p.module
                ),
            );
            return None;
        }
        None => {
            diags.warn(
                "#/webhooks",
                "spec/policy.yaml names no module for the receive side of webhooks (`webhooks.module`); it is not generated",
            ).kind(Kind::Webhooks);
            return None;
        }
    };
    let file = modules
        .get(&module)
        .map(|m| m.file.clone())
        .unwrap_or_else(|| format!("src/{module}.rs"));
    Some(WebhooksLayout {
        module,
        file,
        events: events(model, diags),
        records: records(model, modules),
    })
}

/// Every resource whose generic list can be walked and holds structs: a
/// data event about it (`meta.object` = the resource's path segment) can be
/// typed as that struct. Decided by shape, for every resource alike.
fn records(model: &Model, modules: &BTreeMap<String, ModuleLayout>) -> Vec<RecordLayout> {
    let mut out = Vec::new();
    for (name, module) in modules {
        let variant = pascal_ident(name);
        if variant == OTHER_RECORD {
            continue;
        }
        let found = module.operations.iter().find_map(|&id| {
            let op = model.op(id);
            let item = &op.list.as_ref()?.paging.as_ref()?.item;
            let (true, Ty::Named(ty)) = (op.vendor.is_none(), item.non_null()) else {
                return None;
            };
            model.as_struct(*ty)?;
            // The list of the resource itself (`GET /v1/leases/`), not of
            // something under it (`/v1/admin/data-diffs/`).
            let segments: Vec<&str> = op
                .route
                .split('/')
                .filter(|s| !s.is_empty() && !is_version_segment(s))
                .collect();
            let [object] = segments.as_slice() else {
                return None;
            };
            Some(RecordLayout {
                object: (*object).to_owned(),
                variant: variant.clone(),
                ty: *ty,
            })
        });
        out.extend(found);
    }
    out
}

/// One variant per webhook whose trigger gives a usable, unique Rust name;
/// the others are left out with a warning (their deliveries arrive as
/// `Event::Unknown`, kept as sent).
fn events(model: &Model, diags: &mut Diagnostics) -> Vec<EventLayout> {
    let mut events: Vec<EventLayout> = Vec::new();
    for (index, webhook) in model.webhooks.iter().enumerate() {
        let name = &webhook.name;
        let at = push("#/webhooks", name);
        let variant = pascal_ident(name);
        let usable = name.chars().any(|c| c.is_ascii_alphanumeric())
            && variant.chars().all(|c| c.is_ascii_alphanumeric())
            && variant != UNKNOWN_VARIANT;
        if !usable {
            diags
                .warn(
                    &at,
                    format!(
                    "webhook name {name:?} gives no usable Rust name ({variant}); it is left out"
                ),
                )
                .kind(Kind::Webhooks);
            continue;
        }
        if let Some(other) = events.iter().find(|e| e.variant == variant) {
            diags
                .warn(
                    &at,
                    format!(
                        "its Rust name {variant} is the name of webhook {:?} too; it is left out",
                        model.webhooks[other.webhook].name
                    ),
                )
                .kind(Kind::Webhooks);
            continue;
        }
        events.push(EventLayout {
            webhook: index,
            variant,
        });
    }
    events
}

fn is_module_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !is_keyword(name)
        && !is_reserved_module(name)
}

#[cfg(test)]
mod tests {
    use crate::test_support::pipeline;

    const HOOKS: &str = r##"
paths: {}
components:
  schemas:
    Ping: {type: object, properties: {n: {type: integer}}}
webhooks:
  DATA_NEW:
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Ping"}}}}
  data-new:
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Ping"}}}}
  Unknown:
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Ping"}}}}
"##;

    #[test]
    fn variants_are_the_triggers_and_clashes_are_left_out() {
        let (model, layout, diags) = pipeline(HOOKS, "webhooks: {module: hooks}");
        assert_eq!(model.webhooks.len(), 3, "the model keeps every webhook");
        let hooks = layout.webhooks.expect("placed");
        assert_eq!(hooks.module, "hooks");
        assert_eq!(hooks.file, "src/hooks.rs");
        let variants: Vec<&str> = hooks.events.iter().map(|e| e.variant.as_str()).collect();
        assert_eq!(variants, ["DataNew"]);
        let text = diags.to_string();
        assert!(
            text.contains("#/webhooks/data-new: its Rust name DataNew"),
            "{text}"
        );
        assert!(text.contains("#/webhooks/Unknown: webhook name"), "{text}");
        let kinds: Vec<_> = diags
            .sorted()
            .into_iter()
            .filter(|d| d.pointer.starts_with("#/webhooks"))
            .map(|d| d.kind)
            .collect();
        assert_eq!(kinds, [crate::diag::Kind::Webhooks; 2], "{text}");
    }

    #[test]
    fn payload_types_live_in_the_hosting_module() {
        let (model, layout, _) = pipeline(HOOKS, "webhooks: {module: hooks}");
        let ping = crate::test_support::type_named(&model, &layout, "Ping");
        assert_eq!(layout.ty(ping).home.as_deref(), Some("hooks"));
        assert!(layout.ty(ping).features.contains("hooks"));
    }

    #[test]
    fn reserved_and_invalid_modules_are_refused() {
        for module in ["types", "support", "webhook_receive", "Hooks", "r#fn", "fn"] {
            let policy = format!("webhooks: {{module: \"{module}\"}}");
            let text = format!("openapi: 3.1.0\ninfo: {{title: t, version: \"1\"}}\n{HOOKS}");
            let doc = crate::load::SourceDocument {
                label: "t.yaml".into(),
                path: "t.yaml".into(),
                sha256: String::new(),
                value: crate::load::parse_text(text.as_bytes()).unwrap(),
            };
            let options = crate::Options {
                policy: crate::policy::Policy::parse(&policy).unwrap(),
                command: "test".into(),
                standalone: false,
            };
            let err = crate::generate(&[doc], &options).unwrap_err().to_string();
            assert!(err.contains("`webhooks.module`"), "{module}: {err}");
        }
    }

    #[test]
    fn records_are_the_items_of_each_resources_own_walkable_list() {
        let list = |item: &str| {
            format!(
                r#"
    get:
      parameters:
        - {{name: offset, in: query, schema: {{type: integer}}}}
        - {{name: limit, in: query, schema: {{type: integer}}}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                required: [results, meta]
                properties:
                  results: {{type: array, items: {item}}}
                  meta: {{type: object, properties: {{hasMore: {{type: boolean}}}}}}"#
            )
        };
        let doc = format!(
            "paths:\n  /v1/service-requests/:{}\n  /v1/admin/data-diffs/:{}\n  /v1/tags/:{}\n{}",
            list("{type: object, properties: {id: {type: string}}}"),
            list("{type: object, properties: {diff: {type: string}}}"),
            list("{type: string}"),
            HOOKS.trim_start().trim_start_matches("paths: {}\n")
        );
        let (model, layout, _) = pipeline(&doc, "webhooks: {module: hooks}");
        let hooks = layout.webhooks.expect("placed");
        let records: Vec<(&str, &str)> = hooks
            .records
            .iter()
            .map(|r| (r.object.as_str(), r.variant.as_str()))
            .collect();
        // `admin` lists something under it, `tags` lists strings: no record.
        assert_eq!(records, [("service-requests", "ServiceRequests")]);
        assert!(model.as_struct(hooks.records[0].ty).is_some());
    }
}
