//! Which operations are paginated lists, from the document's structure:
//! integer `offset` and `limit` query parameters, and a response with a
//! `results` array and a `meta` object that has `hasMore`. No list of
//! operation names.

use crate::ir::{Api, Pagination, Ty, TypeId, TypeKind};

pub fn detect(api: &mut Api) {
    let found: Vec<Option<Pagination>> = api
        .operations
        .iter()
        .map(|op| {
            let query = op.query?;
            let response = match op.response.as_ref()? {
                Ty::Named(id) => *id,
                _ => return None,
            };
            let offset = field(api, query, "offset", |t| *t.non_null() == Ty::Integer)?;
            field(api, query, "limit", |t| *t.non_null() == Ty::Integer)?;
            let results = field(api, response, "results", |t| matches!(t, Ty::List(_)))?;
            let item = match struct_field_ty(api, response, "results")? {
                Ty::List(item) => (*item).clone(),
                _ => return None,
            };
            let meta = field(api, response, "meta", |t| {
                matches!(t.non_null(), Ty::Named(_))
            })?;
            let meta_ty = struct_field_ty(api, response, "meta")?;
            let meta_required = required(api, response, "meta")?;
            let Ty::Named(meta_id) = meta_ty.non_null().clone() else {
                return None;
            };
            let has_more = field(api, meta_id, "hasMore", |t| *t.non_null() == Ty::Boolean)?;
            let has_more_ty = struct_field_ty(api, meta_id, "hasMore")?;
            Some(Pagination {
                offset_field: offset,
                results_field: results,
                item,
                meta_field: meta,
                meta_optional: !meta_required || meta_ty.is_nullable(),
                has_more_field: has_more,
                has_more_optional: !required(api, meta_id, "hasMore")?,
                has_more_nullable: has_more_ty.is_nullable(),
            })
        })
        .collect();
    for (op, pagination) in api.operations.iter_mut().zip(found) {
        op.pagination = pagination;
    }
}

/// The Rust name of the field `json` of struct `id`, if its type fits.
fn field(api: &Api, id: TypeId, json: &str, fits: impl Fn(&Ty) -> bool) -> Option<String> {
    let TypeKind::Struct(s) = &api.types[id].kind else {
        return None;
    };
    s.fields
        .iter()
        .find(|f| f.json_name == json && fits(&f.ty))
        .map(|f| f.rust_name.clone())
}

fn struct_field_ty(api: &Api, id: TypeId, json: &str) -> Option<Ty> {
    let TypeKind::Struct(s) = &api.types[id].kind else {
        return None;
    };
    s.fields
        .iter()
        .find(|f| f.json_name == json)
        .map(|f| f.ty.clone())
}

fn required(api: &Api, id: TypeId, json: &str) -> Option<bool> {
    let TypeKind::Struct(s) = &api.types[id].kind else {
        return None;
    };
    s.fields
        .iter()
        .find(|f| f.json_name == json)
        .map(|f| f.required)
}
