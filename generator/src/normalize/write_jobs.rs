//! Finding the write-status operation named in `spec/policy.yaml` and
//! checking it has the shape the `jobs` helper relies on.

use crate::diag::Diagnostics;
use crate::ir::{Api, Ty, TypeKind, WriteJobs};
use crate::policy::Policy;

pub fn detect(api: &mut Api, policy: &Policy, diags: &mut Diagnostics) {
    let Some(wanted) = &policy.write_jobs else {
        return;
    };
    let Some(op) = api
        .operations
        .iter()
        .position(|op| op.key() == wanted.operation && op.supported)
    else {
        // Older documents predate the operation: no helper, no noise.
        return;
    };
    let operation = &api.operations[op];
    let found = (|| {
        if operation.path_params.len() != 1 || operation.query.is_some() {
            return None;
        }
        let Some(Ty::Named(response)) = operation.response.as_ref() else {
            return None;
        };
        let TypeKind::Struct(s) = &api.types[*response].kind else {
            return None;
        };
        let field = s
            .fields
            .iter()
            .find(|f| f.json_name == wanted.status_field && f.required)?;
        let Ty::Named(status_enum) = field.ty else {
            return None;
        };
        let TypeKind::Enum(e) = &api.types[status_enum].kind else {
            return None;
        };
        let final_variants = wanted
            .final_values
            .iter()
            .map(|value| {
                e.variants
                    .iter()
                    .find(|v| &v.value == value)
                    .map(|v| v.rust_name.clone())
            })
            .collect::<Option<Vec<_>>>()?;
        Some(WriteJobs {
            op,
            status_field: field.rust_name.clone(),
            status_enum,
            final_variants,
        })
    })();
    if found.is_none() {
        diags.warn(
            &operation.pointer,
            format!(
                "{} does not have the shape spec/policy.yaml expects for write jobs (one path parameter, a required `{}` enum with {:?}); no `jobs` helper is generated",
                wanted.operation, wanted.status_field, wanted.final_values
            ),
        );
    }
    api.write_jobs = found;
}
