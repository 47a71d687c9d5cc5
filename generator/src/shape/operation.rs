//! Operations → endpoint descriptions.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, StatusCode};

use super::refs::{self, Section};
use super::schema::{deprecation, is_beta, Slot, TypeBuilder};
use super::{lists, vendors, write_jobs};
use crate::diag::Kind;
use crate::model::{
    Constraints, Deprecation, Field, IoRole, OpId, Operation, Param, Ty, TypeId, Use,
};
use crate::pointer::{self, push};

const JSON: &str = "application/json";

pub fn operations(doc: &OpenAPI, types: &mut TypeBuilder<'_>) -> Vec<Operation> {
    let mut operations = Vec::new();
    for (path, item) in doc.paths.iter() {
        let item_at = push("#/paths", path);
        let ReferenceOr::Item(item) = item else {
            types
                .diags
                .error(&item_at, "path item references are not supported");
            continue;
        };
        if let Some(bad) = path
            .chars()
            .find(|c| c.is_control() || c.is_whitespace() || matches!(c, '`' | '\\' | '"'))
        {
            // Not a URL path; and the path is quoted in docs and messages.
            types.diags.error(
                &item_at,
                format!("the path has a character no URL path may have: {:?}", bad),
            );
            continue;
        }
        for (method, op) in item.iter() {
            let index = OpId::new(operations.len());
            let at = pointer::operation(path, method);
            let params = merged_parameters(doc, &item.parameters, &op.parameters, &at, types);
            let path_params = path_parameters(index, path, &params, &at, types);
            let query = query_struct(index, &params, &at, types);
            let body = request_body(doc, index, op.request_body.as_ref(), &at, types);
            let (response, error) = responses(doc, index, &op.responses, &at, types);
            let list = lists::detect(query, response.as_ref(), types);
            let method_upper = method.to_ascii_uppercase();
            let write_job = write_jobs::answers_with_job(&method_upper, response.as_ref(), types);
            let (vendor, supported) = vendors::detect(
                op.summary.as_deref().unwrap_or_default(),
                path,
                &at,
                types.diags,
            );
            let route = match &vendor {
                Some(v) => vendors::without_segment(path, &v.original),
                None => path.clone(),
            };
            let deprecated = (op.deprecated
                || op
                    .extensions
                    .get("x-fern-availability")
                    .and_then(|v| v.as_str())
                    == Some("deprecated"))
            .then(|| Deprecation {
                note: op.description.clone(),
            });
            operations.push(Operation {
                method: method_upper,
                path: path.clone(),
                pointer: at,
                summary: op.summary.clone(),
                description: op.description.clone(),
                deprecated,
                beta: is_beta(&op.extensions),
                vendor: vendor.map(|v| v.vendor),
                route,
                supported,
                path_params,
                query,
                body,
                response,
                error,
                list,
                write_job,
            });
        }
    }
    operations
}

/// What `item` stands for, or an error at `at` when that is unknown.
fn resolve<'d, T: Section>(
    doc: &'d OpenAPI,
    item: &'d ReferenceOr<T>,
    at: &str,
    types: &mut TypeBuilder<'_>,
) -> Option<&'d T> {
    refs::resolve(doc, item)
        .map_err(|e| types.diags.error(at, e.to_string()))
        .ok()
}

/// Path-level and operation-level parameters, the latter winning, with
/// references resolved. Each comes with its pointer.
fn merged_parameters(
    doc: &OpenAPI,
    item_params: &[ReferenceOr<Parameter>],
    op_params: &[ReferenceOr<Parameter>],
    at: &str,
    types: &mut TypeBuilder<'_>,
) -> Vec<(Parameter, String)> {
    let mut merged: Vec<(Parameter, String)> = Vec::new();
    let item_at = at
        .rsplit_once('/')
        .map(|(item, _)| item.to_owned())
        .unwrap_or_default();
    let sources = item_params
        .iter()
        .enumerate()
        .map(|(i, p)| (p, push(&push(&item_at, "parameters"), &i.to_string())))
        .chain(
            op_params
                .iter()
                .enumerate()
                .map(|(i, p)| (p, push(&push(at, "parameters"), &i.to_string()))),
        );
    for (param, param_at) in sources {
        let Some(param) = resolve(doc, param, &param_at, types).cloned() else {
            continue;
        };
        let data = param.parameter_data_ref();
        let (name, place) = (data.name.clone(), location(&param));
        merged.retain(|(p, _)| !(p.parameter_data_ref().name == name && location(p) == place));
        merged.push((param, param_at));
    }
    merged
}

fn location(param: &Parameter) -> &'static str {
    match param {
        Parameter::Query { .. } => "query",
        Parameter::Path { .. } => "path",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    }
}

fn param_ty(param: &Parameter, at: &str, use_: Use<Slot>, types: &mut TypeBuilder<'_>) -> Ty {
    match &param.parameter_data_ref().format {
        ParameterSchemaOrContent::Schema(schema) => types.ty_for(schema, &push(at, "schema"), use_),
        ParameterSchemaOrContent::Content(_) => {
            types
                .diags
                .warn(at, "parameters described by `content` are sent as strings")
                .kind(Kind::ContentParameter);
            Ty::String
        }
    }
}

/// The constraints of a parameter's inline schema.
fn param_constraints(param: &Parameter) -> Constraints {
    match &param.parameter_data_ref().format {
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
            super::constraints::of(schema)
        }
        _ => Constraints::default(),
    }
}

fn param_deprecation(param: &Parameter) -> Option<Deprecation> {
    let data = param.parameter_data_ref();
    let from_schema = match &data.format {
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
            deprecation(&schema.schema_data)
        }
        _ => None,
    };
    let flagged = data.deprecated == Some(true)
        || data
            .extensions
            .get("x-fern-availability")
            .and_then(|v| v.as_str())
            == Some("deprecated");
    if flagged {
        Some(Deprecation {
            note: data.description.clone(),
        })
    } else {
        from_schema
    }
}

fn path_parameters(
    op: OpId,
    path: &str,
    params: &[(Parameter, String)],
    at: &str,
    types: &mut TypeBuilder<'_>,
) -> Vec<Param> {
    let template: Vec<&str> = path
        .split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .collect();
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for name in &template {
        let Some((param, param_at)) = params.iter().find(|(p, _)| {
            matches!(p, Parameter::Path { .. }) && p.parameter_data_ref().name == *name
        }) else {
            types
                .diags
                .warn(
                    at,
                    format!("path parameter {{{name}}} is not declared; it is taken as a string"),
                )
                .kind(Kind::UndeclaredPathParameter);
            out.push(Param {
                name: (*name).to_owned(),
                ty: Ty::String,
                doc: None,
                deprecated: None,
                constraints: Constraints::default(),
            });
            continue;
        };
        let data = param.parameter_data_ref();
        if !data.required {
            types.diags.warn(
                push(param_at, "required"),
                format!("path parameter {name:?} is marked `required: false`, but a path cannot leave it out; it is required"),
            ).kind(Kind::OptionalPathParameter);
        }
        seen.insert(*name);
        let use_ = Use::OperationPart {
            op,
            role: IoRole::Params,
            member: (*name).to_owned(),
        };
        let ty = param_ty(param, param_at, use_, types);
        let ty = match ty {
            Ty::Nullable(inner) => *inner,
            other => other,
        };
        // A path segment is a formatted scalar; for anything else the
        // document would have to say how to serialize it (OpenAPI's
        // `style`), which the generator does not model: the caller gives
        // the segment as text.
        let ty = match ty {
            Ty::String | Ty::Integer | Ty::Number | Ty::Boolean | Ty::Date | Ty::DateTime => ty,
            _ => {
                types
                    .diags
                    .warn(
                        push(param_at, "schema"),
                        format!("path parameter {name:?} is not a string, number or boolean; it is taken as a string the caller formats"),
                    )
                    .kind(Kind::PathParameterType);
                Ty::String
            }
        };
        out.push(Param {
            name: (*name).to_owned(),
            ty,
            doc: data.description.clone(),
            deprecated: param_deprecation(param),
            constraints: param_constraints(param),
        });
    }
    for (param, param_at) in params {
        if matches!(param, Parameter::Path { .. })
            && !seen.contains(param.parameter_data_ref().name.as_str())
        {
            types
                .diags
                .warn(
                    param_at,
                    format!(
                        "path parameter {:?} does not appear in the path; ignored",
                        param.parameter_data_ref().name
                    ),
                )
                .kind(Kind::UnusedPathParameter);
        }
        if matches!(param, Parameter::Header { .. } | Parameter::Cookie { .. }) {
            types
                .diags
                .warn(
                    param_at,
                    format!(
                        "{} parameter {:?} is not supported by the generated client",
                        location(param),
                        param.parameter_data_ref().name
                    ),
                )
                .kind(Kind::UnsupportedParameter);
        }
    }
    out
}

/// The query parameters as one struct, used by the endpoint function.
fn query_struct(
    op: OpId,
    params: &[(Parameter, String)],
    at: &str,
    types: &mut TypeBuilder<'_>,
) -> Option<TypeId> {
    let query: Vec<&(Parameter, String)> = params
        .iter()
        .filter(|(p, _)| matches!(p, Parameter::Query { .. }))
        .collect();
    if query.is_empty() {
        return None;
    }
    let id = types.open();
    let mut fields = Vec::new();
    for (param, param_at) in query {
        let data = param.parameter_data_ref();
        let ty = param_ty(
            param,
            param_at,
            Use::Member {
                parent: id,
                member: data.name.clone(),
            },
            types,
        );
        // A query string cannot carry `null`: leaving the parameter out is
        // how a client says it, so nullable parameters are plain optional.
        let ty = match ty {
            Ty::Nullable(inner) => *inner,
            other => other,
        };
        fields.push(Field {
            json_name: data.name.clone(),
            ty,
            required: data.required,
            doc: data.description.clone(),
            deprecated: param_deprecation(param),
            beta: is_beta(&data.extensions),
            secret: types.policy().secret_fields.matches(&data.name),
            constraints: param_constraints(param),
            pointer: param_at.clone(),
        });
    }
    Some(types.close_params(id, op, &push(at, "parameters"), fields))
}

fn request_body(
    doc: &OpenAPI,
    op: OpId,
    body: Option<&ReferenceOr<openapiv3::RequestBody>>,
    at: &str,
    types: &mut TypeBuilder<'_>,
) -> Option<Ty> {
    let body_at = push(at, "requestBody");
    let body = resolve(doc, body?, &body_at, types)?;
    let Some(media) = body.content.get(JSON) else {
        let kinds: Vec<&String> = body.content.keys().collect();
        types
            .diags
            .warn(
                &body_at,
                format!(
                    "request bodies of type {kinds:?} are not supported; the body is not generated"
                ),
            )
            .kind(Kind::UnsupportedBody);
        return None;
    };
    let schema = media.schema.as_ref()?;
    let schema_at = push(&push(&push(&body_at, "content"), JSON), "schema");
    Some(types.ty_for(
        schema,
        &schema_at,
        Use::Operation {
            op,
            role: IoRole::Request,
        },
    ))
}

/// The JSON body of the first 2xx answer, and of the first 4xx (or default).
fn responses(
    doc: &OpenAPI,
    op: OpId,
    responses: &openapiv3::Responses,
    at: &str,
    types: &mut TypeBuilder<'_>,
) -> (Option<Ty>, Option<Ty>) {
    let mut success = None;
    let mut failure = None;
    let mut entries: Vec<(String, u16, &ReferenceOr<openapiv3::Response>)> = responses
        .responses
        .iter()
        .map(|(code, r)| match code {
            StatusCode::Code(n) => (n.to_string(), *n, r),
            StatusCode::Range(n) => (format!("{n}XX"), n * 100, r),
        })
        .collect();
    entries.sort_by_key(|(_, n, _)| *n);
    if let Some(default) = &responses.default {
        entries.push(("default".to_owned(), 999, default));
    }
    for (code, n, response) in entries {
        let response_at = push(&push(at, "responses"), &code);
        let Some(response) = resolve(doc, response, &response_at, types) else {
            continue;
        };
        let Some(schema) = response.content.get(JSON).and_then(|m| m.schema.as_ref()) else {
            continue;
        };
        let schema_at = push(&push(&push(&response_at, "content"), JSON), "schema");
        if (200..300).contains(&n) && success.is_none() {
            success = Some(types.ty_for(
                schema,
                &schema_at,
                Use::Operation {
                    op,
                    role: IoRole::Response,
                },
            ));
        } else if n >= 400 && failure.is_none() {
            failure = Some(types.ty_for(
                schema,
                &schema_at,
                Use::Operation {
                    op,
                    role: IoRole::Error,
                },
            ));
        }
    }
    (success, failure)
}
