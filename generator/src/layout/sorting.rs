//! Typed sorting: which query parameter is the sort order (named in
//! `spec/policy.yaml`, `sort_parameter`), and for a list, the fields it can
//! sort by.
//!
//! A list's sort fields are the top-level scalar fields of the record it
//! lists (text, numbers, booleans, dates, string enums), as an enum named
//! `<Record>SortField` with an `Other(String)` escape. Fields whose names
//! the `order-by` syntax cannot carry (empty, `,`, `:`, whitespace) are
//! left out. An operation that is no list, or whose records are not
//! structs, sorts by plain names.

use std::collections::BTreeSet;

use super::{OpLayout, TypeLayout};
use crate::model::{Model, Ty, TypeId, TypeKind};
use crate::naming::{pascal_ident, uniquify};
use crate::policy::Policy;

/// The escape variant of every sort-field enum.
pub const OTHER: &str = "Other";

/// The sort order parameter of a query struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderByField {
    /// Its index among the struct's fields.
    pub field: usize,
    /// The record whose fields it sorts by, when they are known.
    pub record: Option<TypeId>,
}

/// The sort-field enum of a listed record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SortFields {
    pub name: String,
    /// (field name as the API spells it, variant name).
    pub variants: Vec<(String, String)>,
}

pub fn place(model: &Model, ops: &[OpLayout], policy: &Policy, types: &mut [TypeLayout]) {
    let Some(param) = policy.sort_parameter.as_deref() else {
        return;
    };
    let mut taken: BTreeSet<String> = types
        .iter()
        .flat_map(|t| {
            std::iter::once(t.name.clone())
                .chain(t.aliases.iter().cloned())
                .chain(t.builder.iter().map(|b| b.name.clone()))
        })
        .collect();
    for (op, _) in model
        .operations
        .iter()
        .zip(ops)
        .filter(|(op, _)| op.supported)
    {
        let Some(query) = op.query else { continue };
        let Some((field, _)) = model.as_struct(query).and_then(|s| s.field(param)) else {
            continue;
        };
        let record = op
            .list
            .as_ref()
            .and_then(|list| model.as_struct(list.response)?.fields.get(list.results))
            .and_then(|results| match results.ty.non_null() {
                Ty::List(item) => match item.non_null() {
                    Ty::Named(id) if model.as_struct(*id).is_some() => Some(*id),
                    _ => None,
                },
                _ => None,
            })
            .filter(|id| types[id.index()].home.is_some());
        if let Some(record) = record {
            if types[record.index()].sort_fields.is_none() {
                let fields = sort_fields(model, record, &types[record.index()].name, &mut taken);
                types[record.index()].sort_fields = Some(fields);
            }
        }
        types[query.index()].order_by = Some(OrderByField { field, record });
    }
}

fn sort_fields(
    model: &Model,
    record: TypeId,
    name: &str,
    taken: &mut BTreeSet<String>,
) -> SortFields {
    let mut variants_taken: BTreeSet<String> = [OTHER.to_owned()].into();
    let variants = model
        .as_struct(record)
        .map(|s| s.fields.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|f| is_scalar(model, f.ty.non_null()) && writable(&f.json_name))
        .map(|f| {
            (
                f.json_name.clone(),
                uniquify(pascal_ident(&f.json_name), &mut variants_taken),
            )
        })
        .collect();
    SortFields {
        name: uniquify(format!("{name}SortField"), taken),
        variants,
    }
}

fn is_scalar(model: &Model, ty: &Ty) -> bool {
    match ty {
        Ty::String | Ty::Integer | Ty::Number | Ty::Boolean | Ty::DateTime | Ty::Date => true,
        Ty::Named(id) => matches!(model.ty(*id).kind, TypeKind::Enum(_)),
        _ => false,
    }
}

/// Whether `order-by=<name>:asc` says what it means.
pub fn writable(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| c == ',' || c == ':' || c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use crate::test_support::{pipeline, type_named};

    const LIST: &str = r#"
paths:
  /v1/leads:
    get:
      parameters:
        - {name: order-by, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  results:
                    type: array
                    items:
                      type: object
                      title: Lead
                      properties:
                        id: {type: string}
                        "odd,name": {type: string}
                        "a:b": {type: string}
                        " ": {type: string}
                        updated_at: {type: string, format: date-time}
                        tags: {type: array, items: {type: string}}
                        address: {type: object, properties: {city: {type: string}}}
                        status: {type: string, enum: [OPEN, CLOSED]}
"#;

    #[test]
    fn a_list_sorts_by_its_records_scalar_fields_and_unwritable_names_are_left_out() {
        let (model, layout, _) = pipeline(LIST, "sort_parameter: order-by\n");
        let params = type_named(&model, &layout, "ListLeadsParams");
        let order_by = layout.ty(params).order_by.clone().expect("typed order-by");
        assert_eq!(order_by.field, 0);
        let record = order_by.record.expect("the listed record");
        let fields = layout.ty(record).sort_fields.clone().expect("sort fields");
        let names: Vec<&str> = fields
            .variants
            .iter()
            .map(|(json, _)| json.as_str())
            .collect();
        assert_eq!(names, ["id", "updated_at", "status"]);
        assert!(fields.name.ends_with("SortField"), "{}", fields.name);
    }

    #[test]
    fn without_the_policy_the_parameter_stays_text() {
        let (model, layout, _) = pipeline(LIST, "");
        let params = type_named(&model, &layout, "ListLeadsParams");
        assert!(layout.ty(params).order_by.is_none());
    }
}
