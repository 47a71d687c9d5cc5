//! Names inside types: struct fields (snake_case), enum variants and union
//! variants (PascalCase), each valid and unique within its type.

use std::collections::BTreeSet;

use super::TypeLayout;
use crate::model::{Model, Ty, TypeKind};
use crate::naming::{pascal_ident, snake_ident, uniquify};

/// The catch-all variant of every enum, holding values the document does
/// not list.
pub const UNRECOGNIZED: &str = "Unrecognized";

/// The field of a struct with `additionalProperties` that collects them.
pub const ADDITIONAL: &str = "additional_properties";

pub fn name_members(model: &Model) -> Vec<TypeLayout> {
    let mut types: Vec<TypeLayout> = model.type_ids().map(|_| TypeLayout::default()).collect();
    for (id, names) in model.type_ids().zip(types.iter_mut()) {
        match &model.ty(id).kind {
            TypeKind::Struct(s) => {
                let mut taken = BTreeSet::new();
                names.fields = s
                    .fields
                    .iter()
                    .map(|f| uniquify(snake_ident(&f.json_name), &mut taken))
                    .collect();
                names.additional = s
                    .additional
                    .as_ref()
                    .map(|_| uniquify(ADDITIONAL.to_owned(), &mut taken));
                names.replacements = vec![None; s.fields.len()];
            }
            TypeKind::Enum(e) => {
                let mut taken: BTreeSet<String> = [UNRECOGNIZED.to_owned()].into();
                names.variants = e
                    .values
                    .iter()
                    .map(|v| uniquify(pascal_ident(v), &mut taken))
                    .collect();
            }
            TypeKind::Union(u) => {
                let mut taken = BTreeSet::new();
                names.variants = u
                    .variants
                    .iter()
                    .map(|v| {
                        let label = v.label.as_deref().unwrap_or(primitive_name(&v.ty));
                        uniquify(pascal_ident(label), &mut taken)
                    })
                    .collect();
                names.boxed = u
                    .variants
                    .iter()
                    // A struct, nullable or not, would make every value of
                    // the enum as large as it (clippy's `large_enum_variant`).
                    .map(|v| matches!(v.ty.non_null(), Ty::Named(id) if model.as_struct(*id).is_some()))
                    .collect();
            }
        }
    }
    types
}

/// The variant name of a union branch the document does not label.
pub fn primitive_name(ty: &Ty) -> &'static str {
    match ty.non_null() {
        Ty::String => "String",
        Ty::Integer => "Integer",
        Ty::Number => "Number",
        Ty::Boolean => "Boolean",
        Ty::DateTime => "DateTime",
        Ty::Date => "Date",
        Ty::List(_) => "List",
        Ty::Map(_) => "Map",
        Ty::JsonObject => "Object",
        Ty::Json | Ty::Nullable(_) => "Value",
        Ty::Named(_) => "Variant",
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{pipeline, type_named};

    const DOC: &str = r#"
paths:
  /v1/a/:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              additionalProperties: {type: string}
              properties:
                pmcId: {type: string}
                pmc_id: {type: string}
                type: {type: string}
                additional_properties: {type: string}
                kind: {type: string, enum: [Unrecognized, self, 30_DAYS, a-b, A_B]}
                either:
                  anyOf: [{type: string}, {type: integer}, {type: object, properties: {x: {type: string}}}]
      responses: {"200": {description: OK}}
"#;

    #[test]
    fn fields_are_valid_unique_snake_case_and_the_catch_all_takes_a_free_name() {
        let (m, layout, _) = pipeline(DOC, "{}");
        let names = layout.ty(type_named(&m, &layout, "CreateARequest"));
        assert_eq!(
            names.fields,
            [
                "pmc_id",
                "pmc_id2",
                "type_",
                "additional_properties",
                "kind",
                "either"
            ]
        );
        assert_eq!(names.additional.as_deref(), Some("additional_properties2"));
    }

    #[test]
    fn enum_variants_never_take_the_catch_all_name_and_stay_unique() {
        let (m, layout, _) = pipeline(DOC, "{}");
        let names = layout.ty(type_named(&m, &layout, "CreateAKind"));
        assert_eq!(
            names.variants,
            ["Unrecognized2", "SelfValue", "V30Days", "AB", "AB2"]
        );
    }

    #[test]
    fn union_variants_are_named_by_label_or_type_and_structs_are_boxed() {
        let (m, layout, _) = pipeline(DOC, "{}");
        let names = layout.ty(type_named(&m, &layout, "CreateAEither"));
        // The object branch is the most specific: tried first.
        assert_eq!(names.variants, ["Object", "String", "Integer"]);
        assert_eq!(names.boxed, [true, false, false]);
    }
}
