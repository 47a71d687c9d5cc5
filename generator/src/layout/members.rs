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

pub fn name_members(model: &Model, types: &mut [TypeLayout]) {
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
                    .map(|v| matches!(v.ty, Ty::Named(id) if model.as_struct(id).is_some()))
                    .collect();
            }
        }
    }
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
