//! Is an operation's response a page of a list, and can it be walked page
//! by page? Decided here once, from the document's structure (no list of
//! operation names), for naming (`list_…`) and for streams alike.

use super::schema::TypeBuilder;
use crate::model::{List, Paging, Struct, Ty, TypeId, TypeKind};

/// A page is a struct with a `results` array. It can be walked only when
/// the shape really supports it: the operation also has optional integer
/// `offset` and `limit` query parameters (the stream sets and clears
/// them), the response is not nullable, `results` is a required,
/// non-nullable array, and `meta` is a non-nullable object with a boolean
/// `hasMore`. Otherwise the operation is a plain call.
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
        let (offset, offset_field) = fitting(query, "offset", |t| *t.non_null() == Ty::Integer)?;
        let (_, limit_field) = fitting(query, "limit", |t| *t.non_null() == Ty::Integer)?;
        if offset_field.required || limit_field.required {
            return None;
        }
        let (_, results) = fitting(page, "results", |t| matches!(t, Ty::List(_)))?;
        let Ty::List(item) = &results.ty else {
            return None;
        };
        if !results.required {
            return None;
        }
        let (meta, meta_field) = fitting(page, "meta", |t| matches!(t, Ty::Named(_)))?;
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

#[cfg(test)]
mod tests {
    use crate::model::Model;
    use crate::test_support::pipeline;

    /// A list operation whose response has `results` and `meta` as given
    /// (YAML property schemas), with `offset` and `limit` parameters.
    fn list(results: &str, meta: &str, required: &str) -> Model {
        list_with(results, meta, required, false)
    }

    fn list_with(results: &str, meta: &str, required: &str, offset_required: bool) -> Model {
        let doc = format!(
            r#"
paths:
  /v1/leads/:
    get:
      parameters:
        - {{name: offset, in: query, required: {offset_required}, schema: {{type: integer}}}}
        - {{name: limit, in: query, schema: {{type: integer}}}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                required: {required}
                properties:
                  results: {results}
                  meta: {meta}
"#
        );
        pipeline(&doc, "{}").0
    }

    const ITEMS: &str = "{type: array, items: {type: string}}";
    const META: &str = "{type: object, properties: {hasMore: {type: boolean}}}";

    #[test]
    fn a_page_with_offset_limit_and_has_more_can_be_walked() {
        let m = list(ITEMS, META, "[results, meta]");
        let list = m.operations[0].list.as_ref().expect("a page");
        let paging = list.paging.as_ref().expect("walkable");
        assert!(!paging.meta_optional && paging.has_more_optional);
    }

    #[test]
    fn a_nullable_results_array_is_a_page_that_cannot_be_walked() {
        let m = list(
            "{type: [array, 'null'], items: {type: string}}",
            META,
            "[results, meta]",
        );
        let list = m.operations[0]
            .list
            .as_ref()
            .expect("still a page (named list)");
        assert!(list.paging.is_none());
    }

    #[test]
    fn without_has_more_there_is_no_paging() {
        let m = list(
            ITEMS,
            "{type: object, properties: {total: {type: integer}}}",
            "[results]",
        );
        assert!(m.operations[0].list.as_ref().unwrap().paging.is_none());
    }

    #[test]
    fn no_results_array_no_page() {
        let m = list("{type: string}", META, "[]");
        assert!(m.operations[0].list.is_none());
    }

    #[test]
    fn paging_needs_required_results_a_non_nullable_meta_and_optional_offset() {
        // Optional `results`.
        let m = list(ITEMS, META, "[meta]");
        assert!(m.operations[0].list.as_ref().unwrap().paging.is_none());
        // Nullable `meta`.
        let nullable_meta = "{type: [object, 'null'], properties: {hasMore: {type: boolean}}}";
        let m = list(ITEMS, nullable_meta, "[results, meta]");
        assert!(m.operations[0].list.as_ref().unwrap().paging.is_none());
        // A required `offset` the stream could not leave out.
        let m = list_with(ITEMS, META, "[results, meta]", true);
        assert!(m.operations[0].list.as_ref().unwrap().paging.is_none());
        // Optional (but non-nullable) `meta` is walked: its absence ends it.
        let m = list(ITEMS, META, "[results]");
        assert!(m.operations[0].list.as_ref().unwrap().paging.is_some());
    }
}
