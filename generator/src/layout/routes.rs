//! Modules, functions and their parameters.
//!
//! The first path segment after the version is the resource and the Rust
//! module (`/v1/leads/{id}` → `leads`); the method and the rest of the path
//! give the function (`GET /v1/leads/{id}/rentable-items` →
//! `leads::list_rentable_items`). A PMS-specific operation is named from
//! its path without the vendor segment, like its generic counterpart, and
//! lives in the vendor's submodule (`leads::resman::create`).
//! `spec/policy.yaml` names the operations whose path does not say what
//! they do.

use std::collections::{BTreeMap, BTreeSet};

use super::{is_reserved_module, ModuleLayout, OpLayout, VendorModule};
use crate::diag::{Diagnostics, Kind};
use crate::model::{Model, OpId};
use crate::naming::{pascal_ident, singular, singular_last_word, snake_ident, uniquify};
use crate::policy::Policy;

/// Each operation's module, vendor submodule, function (not yet unique)
/// and type prefix.
pub fn name_routes(model: &Model, policy: &Policy) -> Vec<OpLayout> {
    model
        .operations
        .iter()
        .map(|op| {
            let names = route_names(&op.method, &op.route, op.list.is_some(), policy);
            let type_prefix = match &op.vendor {
                Some(vendor) => format!("{}{}", pascal_ident(&vendor.segment), names.type_prefix),
                None => names.type_prefix,
            };
            OpLayout {
                module: names.module,
                vendor_module: op.vendor.as_ref().map(|v| snake_ident(&v.key())),
                function: names.fn_name,
                type_prefix,
                params: Vec::new(),
                stream: None,
                page_params_impl: false,
                replacement: None,
                path_struct: None,
                filter_notes: Vec::new(),
            }
        })
        .collect()
}

/// Makes modules and functions valid and unique: a resource named like one
/// of the crate's own modules gets `_api`; a function name taken in its
/// module is numbered (with a warning: such operations belong in the
/// policy); path parameters never take the names of the other arguments;
/// a stream function takes a name no function of its module has.
pub fn name_functions(model: &Model, ops: &mut [OpLayout], diags: &mut Diagnostics) {
    let mut taken: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (op, names) in model.operations.iter().zip(ops.iter_mut()) {
        if is_reserved_module(&names.module) {
            names.module.push_str("_api");
        }
        // Vendor modules are namespaces of their own.
        let in_module = taken.entry(scope(names)).or_default();
        let unique = uniquify(names.function.clone(), in_module);
        if unique != names.function {
            diags.warn(
                &op.pointer,
                format!("{} and another operation would both be `{}::{}`; this one is `{unique}`. Name it in spec/policy.yaml", op.key(), names.module, names.function),
            ).kind(Kind::NameCollision);
            names.function = unique;
        }
        // The endpoint function takes these besides its path parameters.
        let mut params: BTreeSet<String> = ["client", "body", "params"].map(String::from).into();
        names.params = op
            .path_params
            .iter()
            .map(|p| uniquify(snake_ident(&p.name), &mut params))
            .collect();
        // Function names are unique in their module, so these are too.
        names.path_struct =
            (op.path_params.len() >= 2).then(|| format!("{}Path", pascal_ident(&names.function)));
    }
    for (op, names) in model.operations.iter().zip(ops.iter_mut()) {
        let walkable = op.supported && op.list.as_ref().is_some_and(|l| l.paging.is_some());
        if walkable {
            let in_module = taken.entry(scope(names)).or_default();
            names.stream = Some(uniquify(format!("{}_stream", names.function), in_module));
        }
    }
}

/// The policy's filtering rules that concern each operation's query
/// parameters (by their document names).
pub fn attach_filter_notes(model: &Model, policy: &Policy, ops: &mut [OpLayout]) {
    for (op, names) in model.operations.iter().zip(ops.iter_mut()) {
        let Some(fields) = op.query.and_then(|q| model.as_struct(q)) else {
            continue;
        };
        names.filter_notes = policy
            .filter_notes
            .iter()
            .filter(|rule| {
                fields
                    .fields
                    .iter()
                    .any(|f| f.json_name.starts_with(&rule.prefix))
            })
            .map(|rule| rule.note.clone())
            .collect();
    }
}

/// Which walkable list's file holds the `PageParams` impl of each query
/// parameters' type: the first in print order (modules by name, generic
/// functions before vendor submodules, functions by name).
pub fn place_page_params_impls(
    model: &Model,
    modules: &BTreeMap<String, ModuleLayout>,
    ops: &mut [OpLayout],
) {
    let mut placed = BTreeSet::new();
    for module in modules.values() {
        let groups = std::iter::once(None).chain(module.vendors.keys().map(Some));
        for group in groups {
            for id in &module.operations {
                let (op, names) = (model.op(*id), &mut ops[id.index()]);
                if names.vendor_module.as_ref() != group || !op.supported {
                    continue;
                }
                if let Some(paging) = op.list.as_ref().and_then(|l| l.paging.as_ref()) {
                    names.page_params_impl = placed.insert(paging.query);
                }
            }
        }
    }
}

fn scope(names: &OpLayout) -> String {
    format!(
        "{}::{}",
        names.module,
        names.vendor_module.as_deref().unwrap_or_default()
    )
}

/// The resource modules, their operations in print order and their vendor
/// submodules with the vendor's spelling (that of its first operation).
pub fn modules(model: &Model, ops: &[OpLayout]) -> BTreeMap<String, ModuleLayout> {
    let mut modules: BTreeMap<String, ModuleLayout> = BTreeMap::new();
    for (i, (op, names)) in model.operations.iter().zip(ops).enumerate() {
        let module = modules
            .entry(names.module.clone())
            .or_insert_with(|| ModuleLayout {
                feature: names.module.clone(),
                file: format!("src/{}.rs", names.module),
                ..ModuleLayout::default()
            });
        module.operations.push(OpId::new(i));
        if let (Some(vendor), Some(submodule)) = (&op.vendor, &names.vendor_module) {
            module
                .vendors
                .entry(submodule.clone())
                .or_insert_with(|| VendorModule {
                    label: vendor.label.clone(),
                    file: format!("src/{}/{submodule}.rs", names.module),
                });
        }
    }
    for module in modules.values_mut() {
        module.operations.sort_by(|a, b| {
            let key = |id: &OpId| {
                let op = model.op(*id);
                (&ops[id.index()].function, &op.method, &op.path)
            };
            key(a).cmp(&key(b))
        });
    }
    modules
}

/// Where an operation lives and what it is called.
pub struct RouteNames {
    pub module: String,
    pub fn_name: String,
    pub type_prefix: String,
}

/// Names an operation from its method and path: the first segment after
/// the version is the resource (its module); the method and the rest of
/// the path make the function name (`GET /v1/leads/{id}/rentable-items` →
/// `leads::list_rentable_items`). `spec/policy.yaml` names the operations
/// whose path does not say what they do.
pub fn route_names(method: &str, path: &str, is_list: bool, policy: &Policy) -> RouteNames {
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .filter(|s| !is_version_segment(s))
        .collect();
    let (resource, rest) = match segments.split_first() {
        Some((first, rest)) if !first.starts_with('{') => (*first, rest),
        _ => ("root", segments.as_slice()),
    };
    let module = snake_ident(resource);
    let verb = match method {
        "GET" if is_list => "list",
        "GET" => "get",
        "POST" => "create",
        "PUT" | "PATCH" => "update",
        "DELETE" => "delete",
        other => return fallback_names(&module, other, rest),
    };
    let mut words = Vec::new();
    for (i, segment) in rest.iter().enumerate() {
        if segment.starts_with('{') {
            continue;
        }
        let followed_by_param = rest.get(i + 1).is_some_and(|s| s.starts_with('{'));
        let last_literal = !rest[i + 1..].iter().any(|s| !s.starts_with('{'));
        if followed_by_param || (last_literal && verb != "list") {
            words.push(singular_last_word(segment));
        } else {
            words.push(snake_ident(segment));
        }
    }
    // Words a segment of only punctuation leaves empty are left out.
    words.retain(|w| !w.is_empty());
    let fn_name = std::iter::once(verb.to_owned())
        .chain(words.iter().cloned())
        .collect::<Vec<_>>()
        .join("_");
    let noun = if verb == "list" && words.is_empty() {
        resource.to_owned()
    } else {
        singular_last_word(resource)
    };
    let type_prefix = pascal_ident(&format!("{verb}_{noun}_{}", words.join("_")));
    match policy_entry(policy, method, path) {
        Some(custom) => {
            let fn_name = custom.name.clone().unwrap_or(fn_name);
            let type_prefix = custom.type_prefix.clone().unwrap_or_else(|| {
                if custom.name.is_some() {
                    pascal_ident(&fn_name)
                } else {
                    type_prefix
                }
            });
            RouteNames {
                module,
                fn_name,
                type_prefix,
            }
        }
        None => RouteNames {
            module,
            fn_name,
            type_prefix,
        },
    }
}

/// The policy's entry for `METHOD path`. Reference pages spell the same
/// route with and without a trailing slash (`…/leads/resman/` beside
/// `…/leads/yardi`), so an exact key wins and otherwise the slash is ignored.
fn policy_entry<'p>(
    policy: &'p Policy,
    method: &str,
    path: &str,
) -> Option<&'p crate::policy::OperationPolicy> {
    let exact = format!("{method} {path}");
    policy.operations.get(&exact).or_else(|| {
        let wanted = format!("{method} {}", path.trim_end_matches('/'));
        policy
            .operations
            .iter()
            .find(|(key, _)| key.trim_end_matches('/') == wanted)
            .map(|(_, entry)| entry)
    })
}

fn fallback_names(module: &str, method: &str, rest: &[&str]) -> RouteNames {
    let words: Vec<String> = rest
        .iter()
        .filter(|s| !s.starts_with('{'))
        .map(|s| snake_ident(s))
        .collect();
    let fn_name = std::iter::once(method.to_ascii_lowercase())
        .chain(words)
        .collect::<Vec<_>>()
        .join("_");
    RouteNames {
        module: module.to_owned(),
        type_prefix: pascal_ident(&format!("{fn_name}_{}", singular(module))),
        fn_name,
    }
}

pub(crate) fn is_version_segment(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(method: &str, path: &str, is_list: bool) -> (String, String, String) {
        let n = route_names(method, path, is_list, &Policy::parse("{}").unwrap());
        (n.module, n.fn_name, n.type_prefix)
    }

    #[test]
    fn resource_and_action_come_from_method_and_path() {
        let s = |a: &str, b: &str, c: &str| (a.to_owned(), b.to_owned(), c.to_owned());
        assert_eq!(
            names("GET", "/v1/leads/", true),
            s("leads", "list", "ListLeads")
        );
        assert_eq!(
            names("GET", "/v1/leads/{id}", false),
            s("leads", "get", "GetLead")
        );
        assert_eq!(
            names("PUT", "/v1/leads/{id}", false),
            s("leads", "update", "UpdateLead")
        );
        assert_eq!(
            names("GET", "/v1/leads/{id}/rentable-items", true),
            s("leads", "list_rentable_items", "ListLeadRentableItems")
        );
        assert_eq!(
            names("POST", "/v1/leads/{lead_id}/notes/", false),
            s("leads", "create_note", "CreateLeadNote")
        );
        assert_eq!(names("OPTIONS", "/v1/leads/", false).1, "options");
        // No resource segment: the root module.
        assert_eq!(names("GET", "/v1/{id}", false).0, "root");
    }

    #[test]
    fn the_policy_names_what_the_path_does_not_say() {
        let policy = Policy::parse(
            "operations:\n  POST /v1/admin/retry-write/{root_job_id}:\n    name: retry_write\n",
        )
        .unwrap();
        let n = route_names(
            "POST",
            "/v1/admin/retry-write/{root_job_id}",
            false,
            &policy,
        );
        assert_eq!(
            (n.fn_name.as_str(), n.type_prefix.as_str()),
            ("retry_write", "RetryWrite")
        );
    }

    #[test]
    fn a_policy_entry_matches_the_route_with_or_without_a_trailing_slash() {
        let policy = Policy::parse(
            "operations:\n  POST /v1/events/appointments/leads:\n    name: create_lead_appointment\n  GET /v1/x/:\n    name: exact_slash\n  GET /v1/x:\n    name: exact_bare\n",
        )
        .unwrap();
        let name = |method, path| route_names(method, path, false, &policy).fn_name;
        assert_eq!(
            name("POST", "/v1/events/appointments/leads/"),
            "create_lead_appointment"
        );
        assert_eq!(
            name("POST", "/v1/events/appointments/leads"),
            "create_lead_appointment"
        );
        // An exact key wins over one that differs only by the slash.
        assert_eq!(name("GET", "/v1/x/"), "exact_slash");
        assert_eq!(name("GET", "/v1/x"), "exact_bare");
        // Other routes are untouched.
        assert_eq!(
            name("POST", "/v1/events/appointments/leads/x"),
            "create_appointments_leads_x"
        );
    }
}

#[cfg(test)]
mod collisions {
    use crate::test_support::pipeline;

    #[test]
    fn module_function_parameter_and_stream_names_never_collide() {
        let doc = r#"
paths:
  /v1/types/{body}:
    get:
      parameters: [{name: body, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: OK}}
  /v1/leads/:
    get:
      parameters:
        - {name: offset, in: query, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                required: [results, meta]
                properties:
                  results: {type: array, items: {type: string}}
                  meta: {type: object, properties: {hasMore: {type: boolean}}}
  /v1/leads/stream:
    get:
      responses: {"200": {description: OK}}
"#;
        let policy = "operations:\n  GET /v1/leads/stream:\n    name: list_stream\n";
        let (m, layout, _) = pipeline(doc, policy);
        let by_path = |path: &str| {
            let id = m.op_ids().find(|id| m.op(*id).path == path).unwrap();
            layout.op(id).clone()
        };
        let types = by_path("/v1/types/{body}");
        // The crate's own `types` module is not a resource's.
        assert_eq!(types.function_path(), "types_api::get");
        // `body` is the name of the request body argument.
        assert_eq!(types.params, ["body2"]);
        let list = by_path("/v1/leads/");
        // `list_stream` is another operation's function.
        assert_eq!(list.stream.as_deref(), Some("list_stream2"));
        assert_eq!(by_path("/v1/leads/stream").function, "list_stream");
    }
}

#[cfg(test)]
mod named_arguments {
    use crate::test_support::pipeline;

    const DOC: &str = r#"
paths:
  /v1/integrations/{integration_id}/properties/{property_id}:
    put:
      parameters:
        - {name: integration_id, in: path, required: true, schema: {type: string}}
        - {name: property_id, in: path, required: true, schema: {type: string}}
      responses: {"200": {description: OK}}
  /v1/leads/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: x_id, in: query, schema: {type: string}}
      responses: {"200": {description: OK}}
  /v1/units/:
    get:
      parameters: [{name: limit, in: query, schema: {type: integer}}]
      responses: {"200": {description: OK}}
"#;

    #[test]
    fn two_or_more_path_parameters_are_passed_in_a_named_struct() {
        let (m, layout, _) = pipeline(DOC, "");
        let op = |path: &str| {
            layout
                .op(m.op_ids().find(|id| m.op(*id).path == path).unwrap())
                .clone()
        };
        let update = op("/v1/integrations/{integration_id}/properties/{property_id}");
        assert_eq!(update.path_struct.as_deref(), Some("UpdatePropertyPath"));
        assert_eq!(update.params, ["integration_id", "property_id"]);
        assert_eq!(op("/v1/leads/{id}").path_struct, None);
    }

    #[test]
    fn filter_notes_follow_the_query_parameters_they_concern() {
        let policy = "filter_notes:\n  - {prefix: x_, note: external ids need the property}\n";
        let (m, layout, _) = pipeline(DOC, policy);
        let op = |path: &str| {
            layout
                .op(m.op_ids().find(|id| m.op(*id).path == path).unwrap())
                .clone()
        };
        assert_eq!(
            op("/v1/leads/{id}").filter_notes,
            ["external ids need the property"]
        );
        assert!(op("/v1/units/").filter_notes.is_empty());
        assert!(
            op("/v1/integrations/{integration_id}/properties/{property_id}")
                .filter_notes
                .is_empty()
        );
    }
}
