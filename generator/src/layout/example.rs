//! The operation the crate-level documentation shows. It must be a
//! supported, generic, undeprecated list that takes nothing but optional query parameters
//! (so the example needs no made-up ids or values). `spec/policy.yaml`
//! (`crate_example`) may name it; otherwise, or when the document lacks
//! that operation, the rule chooses: from the resource with the most
//! operations (the crate's main subject), the first fitting function of
//! that module by name. No fitting operation: no example.

use std::collections::BTreeMap;

use super::ModuleLayout;
use crate::diag::{Diagnostics, Kind};
use crate::model::{Model, OpId};
use crate::policy::Policy;

pub fn choose(
    model: &Model,
    modules: &BTreeMap<String, ModuleLayout>,
    policy: &Policy,
    diags: &mut Diagnostics,
) -> Option<OpId> {
    let fits = |id: &OpId| {
        let op = model.op(*id);
        op.supported
            && op.deprecated.is_none()
            && op.vendor.is_none()
            && op.method == "GET"
            && op.list.is_some()
            && op.path_params.is_empty()
            && op.body.is_none()
            && op.query.is_none_or(|q| {
                model
                    .as_struct(q)
                    .is_some_and(|s| s.fields.iter().all(|f| !f.required))
            })
    };
    if let Some(wanted) = &policy.crate_example {
        // Older documents spell the same route without its trailing slash.
        let route = |key: &str| key.trim_end_matches('/').to_owned();
        if let Some(id) = model
            .op_ids()
            .find(|id| route(&model.op(*id).key()) == route(wanted))
        {
            if fits(&id) {
                return Some(id);
            }
            diags.warn(
                &model.op(id).pointer,
                format!("spec/policy.yaml names {wanted} as the crate example, but it is not an undeprecated generic list that needs no arguments; another operation is shown"),
            ).kind(Kind::CrateExample);
        }
    }
    let mut candidates: Vec<(usize, &String, OpId)> = modules
        .iter()
        .filter_map(|(name, module)| {
            let first = module.operations.iter().find(|id| fits(id))?;
            Some((module.operations.len(), name, *first))
        })
        .collect();
    // Most operations first, then by module name.
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    candidates.first().map(|(_, _, id)| *id)
}

#[cfg(test)]
mod tests {
    use crate::test_support::pipeline;

    fn list(path: &str, required_param: bool) -> String {
        format!(
            r#"
  {path}:
    get:
      parameters: [{{name: q, in: query, required: {required_param}, schema: {{type: string}}}}]
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {{type: object, properties: {{results: {{type: array, items: {{type: string}}}}}}}}"#
        )
    }

    fn example(paths: &[String], policy: &str) -> (Option<String>, String) {
        let doc = format!("paths:{}\n", paths.concat());
        let (_, layout, diags) = pipeline(&doc, policy);
        let chosen = layout.example.map(|id| layout.op(id).function_path());
        (chosen, diags.to_string())
    }

    #[test]
    fn the_rule_shows_a_list_of_the_resource_with_the_most_operations() {
        let paths = [
            list("/v1/leads/", false),
            list("/v1/units/", false),
            list("/v1/units/{id}/items", false),
        ];
        assert_eq!(example(&paths, "{}").0.as_deref(), Some("units::list"));
    }

    #[test]
    fn a_list_that_needs_arguments_is_not_an_example() {
        let paths = [list("/v1/leads/", true)];
        assert_eq!(example(&paths, "{}").0, None);
    }

    #[test]
    fn the_policy_chooses_first_and_is_warned_about_when_it_cannot_be_shown() {
        let paths = [
            list("/v1/leads", false),
            list("/v1/units/", true),
            list("/v1/units/{id}/items", false),
        ];
        // Named with a trailing slash the document does not have.
        let (chosen, _) = example(&paths, "crate_example: GET /v1/leads/");
        assert_eq!(chosen.as_deref(), Some("leads::list"));
        let (chosen, diags) = example(&paths, "crate_example: GET /v1/units/");
        assert_eq!(chosen.as_deref(), Some("leads::list"));
        assert!(
            diags.contains("names GET /v1/units/ as the crate example"),
            "{diags}"
        );
    }
}
