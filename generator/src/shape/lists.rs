//! Is an operation's response a page of a list, and can it be walked page
//! by page? Decided here once, from the document's structure (no list of
//! operation names), for naming (`list_…`) and for streams alike.

use super::schema::TypeBuilder;
use crate::model::{List, Paging, Struct, Ty, TypeId, TypeKind};

/// A page is a struct with a `results` array. It can be walked when the
/// operation also has integer `offset` and `limit` query parameters, the
/// response is not nullable, `results` is not nullable and `meta` is an
/// object with a boolean `hasMore`.
pub fn detect(
    query: Option<TypeId>,
    response: Option<&Ty>,
    types: &TypeBuilder<'_>,
) -> Option<List> {
    let as_struct = |id: TypeId| match types.kind(id) {
        TypeKind::Struct(s) => Some(s),
        _ => None,
    };
    let Some(Ty::Named(response_id)) = response.map(Ty::non_null) else {
        return None;
    };
    let page = as_struct(*response_id)?;
    let (results, _) = page
        .fields
        .iter()
        .enumerate()
        .find(|(_, f)| f.json_name == "results" && matches!(f.ty.non_null(), Ty::List(_)))?;
    let paging = (|| {
        let query_id = query?;
        let query = as_struct(query_id)?;
        let Some(Ty::Named(_)) = response else {
            return None;
        };
        let (offset, _) = fitting(query, "offset", |t| *t.non_null() == Ty::Integer)?;
        fitting(query, "limit", |t| *t.non_null() == Ty::Integer)?;
        let (_, results) = fitting(page, "results", |t| matches!(t, Ty::List(_)))?;
        let Ty::List(item) = &results.ty else {
            return None;
        };
        let (meta, meta_field) = fitting(page, "meta", |t| matches!(t.non_null(), Ty::Named(_)))?;
        let Ty::Named(meta_type) = meta_field.ty.non_null().clone() else {
            return None;
        };
        let meta_struct = as_struct(meta_type)?;
        let (has_more, has_more_field) =
            fitting(meta_struct, "hasMore", |t| *t.non_null() == Ty::Boolean)?;
        Some(Paging {
            query: query_id,
            offset,
            item: (**item).clone(),
            meta,
            meta_optional: !meta_field.required || meta_field.ty.is_nullable(),
            meta_type,
            has_more,
            has_more_optional: !has_more_field.required,
            has_more_nullable: has_more_field.ty.is_nullable(),
        })
    })();
    Some(List {
        response: *response_id,
        results,
        paging,
    })
}

/// The field `json` of `s`, if its type fits.
fn fitting<'s>(
    s: &'s Struct,
    json: &str,
    fits: impl Fn(&Ty) -> bool,
) -> Option<(usize, &'s crate::model::Field)> {
    s.fields
        .iter()
        .enumerate()
        .find(|(_, f)| f.json_name == json && fits(&f.ty))
}
