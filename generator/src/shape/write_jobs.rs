//! Finding the write-status operation named in `spec/policy.yaml` and
//! checking it has the shape the `jobs` helper relies on.

use super::schema::TypeBuilder;
use crate::diag::{Diagnostics, Kind};
use crate::model::{Field, OpId, Operation, Ty, TypeDef, TypeKind, WriteJobs};
use crate::policy::Policy;

/// Whether an operation is a write answered by a job id: not a `GET`, and
/// its response is a struct with a `job_id`, or with a `meta` struct that
/// has one (the two shapes the reference documents for generic and
/// per-PMS writes).
pub fn answers_with_job(method: &str, response: Option<&Ty>, types: &TypeBuilder<'_>) -> bool {
    fn fields_of<'t>(ty: &Ty, types: &'t TypeBuilder<'_>) -> Option<&'t [Field]> {
        match ty {
            Ty::Named(id) => match types.kind(*id) {
                TypeKind::Struct(s) => Some(&s.fields),
                _ => None,
            },
            _ => None,
        }
    }
    if method == "GET" {
        return false;
    }
    let Some(fields) = response.and_then(|r| fields_of(r, types)) else {
        return false;
    };
    fields.iter().any(|f| {
        f.json_name == "job_id"
            || f.json_name == "meta"
                && fields_of(f.ty.non_null(), types)
                    .is_some_and(|meta| meta.iter().any(|m| m.json_name == "job_id"))
    })
}

pub fn detect(
    operations: &[Operation],
    types: &[TypeDef],
    policy: &Policy,
    diags: &mut Diagnostics,
) -> Option<WriteJobs> {
    let wanted = policy.write_jobs.as_ref()?;
    // Older documents predate the operation: no helper, no noise.
    let index = operations
        .iter()
        .position(|op| op.key() == wanted.operation && op.supported)?;
    let operation = &operations[index];
    let found = (|| {
        if operation.path_params.len() != 1 || operation.query.is_some() {
            return None;
        }
        let Some(Ty::Named(response)) = operation.response.as_ref() else {
            return None;
        };
        let TypeKind::Struct(s) = &types[response.index()].kind else {
            return None;
        };
        let (status_field, field) = s
            .fields
            .iter()
            .enumerate()
            .find(|(_, f)| f.json_name == wanted.status_field && f.required)?;
        let Ty::Named(status_enum) = field.ty else {
            return None;
        };
        let TypeKind::Enum(e) = &types[status_enum.index()].kind else {
            return None;
        };
        let final_values = wanted
            .final_values
            .iter()
            .map(|value| e.values.iter().position(|v| v == value))
            .collect::<Option<Vec<_>>>()?;
        Some(WriteJobs {
            op: OpId::new(index),
            status_field,
            status_enum,
            final_values,
        })
    })();
    if found.is_none() {
        diags.warn(
            &operation.pointer,
            format!(
                "{} does not have the shape spec/policy.yaml expects for write jobs (one path parameter, a required `{}` enum with {:?}); no `jobs` helper is generated",
                wanted.operation, wanted.status_field, wanted.final_values
            ),
        ).kind(Kind::WriteJobsShape);
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::test_support::pipeline;

    #[test]
    fn writes_answered_with_a_job_id_in_either_shape_are_write_jobs() {
        let doc = r#"
paths:
  /v1/generic/:
    post:
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties: {job_id: {type: string}, data: {type: object}}
                required: [job_id]
  /v1/pms/:
    put:
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  meta:
                    type: object
                    properties: {job_id: {type: string}}
                  result: {type: object, properties: {lead_id: {type: string}}}
  /v1/read/:
    get:
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties: {job_id: {type: string}}
  /v1/sync/:
    delete:
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties: {result: {type: object, properties: {id: {type: string}}}}
"#;
        let (m, _, _) = pipeline(doc, "{}");
        let jobs: Vec<(String, bool)> = m
            .operations
            .iter()
            .map(|op| (op.key(), op.write_job))
            .collect();
        assert_eq!(
            jobs,
            [
                ("POST /v1/generic/".to_owned(), true),
                ("PUT /v1/pms/".to_owned(), true),
                ("GET /v1/read/".to_owned(), false),
                ("DELETE /v1/sync/".to_owned(), false),
            ]
        );
    }
}
