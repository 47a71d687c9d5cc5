//! Builders of request types: which types get one, and the names of the
//! builder type and its methods.
//!
//! A request type is a struct a generated function sends: an operation's
//! request body or query parameters, and every struct reachable from them
//! (fields, list items, map values, union branches). Decided by the
//! layout's directions, never from a type's name. Each gets a builder
//! `<Type>Builder` (unique among every type name of `crate::types`) with a
//! setter per field, named like the field, plus `<field>_null` for
//! nullable fields and `unset_<field>` for optional ones; `build` is the
//! one method a setter never takes (a field called `build` gets
//! `build_field`).

use std::collections::BTreeSet;

use super::TypeLayout;
use crate::model::{Model, TypeId};
use crate::naming::uniquify;

/// The method that finishes a builder.
pub const BUILD: &str = "build";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuilderLayout {
    /// The builder type's name (`ResmanCreateLeadRequestBuilder`).
    pub name: String,
    /// Setters by field index.
    pub setters: Vec<Setters>,
    /// The setter adding one property beyond the documented ones, for a
    /// struct that collects them.
    pub additional: Option<String>,
}

/// The methods that set one field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Setters {
    /// Sets a value (`phone(x)`).
    pub value: String,
    /// Sets an explicit `null`, for nullable fields (`phone_null()`).
    pub null: Option<String>,
    /// Leaves the field out again, for optional fields (`unset_phone()`).
    pub unset: Option<String>,
}

/// `text`, unless it is empty.
fn non_empty<'a>(text: &'a str, otherwise: &'a str) -> &'a str {
    if text.is_empty() {
        otherwise
    } else {
        text
    }
}

/// Gives every generated request struct its builder's names: each struct
/// a generated function sends (`TypeLayout::sent`, decided by
/// `directions`), so every type with a builder also implements
/// `Serialize`. Runs after types, members, homes and directions are laid
/// out.
pub fn name_builders(model: &Model, types: &mut [TypeLayout]) {
    let mut taken: BTreeSet<String> = types
        .iter()
        .flat_map(|t| std::iter::once(t.name.clone()).chain(t.aliases.iter().cloned()))
        .collect();
    let sent: Vec<TypeId> = model
        .type_ids()
        .filter(|id| types[id.index()].sent)
        .collect();
    for id in sent {
        let names = &types[id.index()];
        let (Some(s), Some(_)) = (model.as_struct(id), names.home.as_ref()) else {
            continue;
        };
        let name = uniquify(format!("{}Builder", names.name), &mut taken);
        let mut methods: BTreeSet<String> = [BUILD.to_owned()].into();
        let claim = |wanted: String, methods: &mut BTreeSet<String>| {
            if methods.contains(&wanted) {
                uniquify(format!("{wanted}_field"), methods)
            } else {
                uniquify(wanted, methods)
            }
        };
        // Every field keeps its own name as its setter where it can, before
        // `build`'s namesake or another field's `_null`/`unset_` variant
        // claims one.
        let mut values: Vec<Option<String>> = names
            .fields
            .iter()
            .map(|f| (plain(f) != BUILD).then(|| claim(plain(f).to_owned(), &mut methods)))
            .collect();
        for (value, field) in values.iter_mut().zip(&names.fields) {
            if value.is_none() {
                *value = Some(claim(plain(field).to_owned(), &mut methods));
            }
        }
        let setters = s
            .fields
            .iter()
            .zip(values)
            .map(|(f, value)| {
                let value = value.unwrap_or_default();
                // `crate_` (a keyword's field) gives `crate_null` and
                // `unset_crate`, `_1x` gives `_1x_null` and `unset_1x`: a
                // doubled underscore is not snake case, and a leading one
                // keeps a leading digit valid.
                let base = plain(&value);
                let before_suffix = non_empty(base.trim_end_matches('_'), base);
                let after_prefix = non_empty(base.trim_matches('_'), base);
                Setters {
                    null: f
                        .ty
                        .is_nullable()
                        .then(|| claim(format!("{before_suffix}_null"), &mut methods)),
                    unset: (!f.required)
                        .then(|| claim(format!("unset_{after_prefix}"), &mut methods)),
                    value,
                }
            })
            .collect();
        let additional = s
            .additional
            .as_ref()
            .map(|_| claim("additional_property".to_owned(), &mut methods));
        types[id.index()].builder = Some(BuilderLayout {
            name,
            setters,
            additional,
        });
    }
}

/// A name without its raw-identifier prefix.
fn plain(name: &str) -> &str {
    name.trim_start_matches("r#")
}

#[cfg(test)]
mod tests {
    use crate::test_support::{pipeline, type_named};

    #[test]
    fn request_bodies_and_their_children_get_builders_responses_do_not() {
        let (model, layout, _) = pipeline(
            r#"
paths:
  /v1/leads:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [name, build]
              properties:
                name: {type: string}
                build: {type: string}
                build_field: {type: string}
                phone: {type: [string, "null"]}
                phone_null: {type: string}
                address:
                  type: object
                  properties:
                    city: {type: string}
                type: {type: [string, "null"]}
                1x: {type: [string, "null"]}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {type: string}
"#,
            "",
        );
        let request = type_named(&model, &layout, "CreateLeadRequest");
        let builder = layout.ty(request).builder.clone().expect("a builder");
        assert_eq!(builder.name, "CreateLeadRequestBuilder");
        let values: Vec<&str> = builder.setters.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(
            values,
            [
                "name",
                "build_field2",
                "build_field",
                "phone",
                "phone_null",
                "address",
                "type_",
                "_1x"
            ]
        );
        // A keyword's field keeps one underscore in its setters.
        assert_eq!(builder.setters[6].null.as_deref(), Some("type_null"));
        assert_eq!(builder.setters[6].unset.as_deref(), Some("unset_type"));
        // A leading digit keeps its underscore where the name starts.
        assert_eq!(builder.setters[7].null.as_deref(), Some("_1x_null"));
        assert_eq!(builder.setters[7].unset.as_deref(), Some("unset_1x"));
        // `phone_null` is a field: the null setter of `phone` steps aside.
        assert_eq!(builder.setters[3].null.as_deref(), Some("phone_null_field"));
        assert_eq!(builder.setters[3].unset.as_deref(), Some("unset_phone"));
        assert_eq!(builder.setters[0].unset, None, "required: nothing to unset");
        let address = type_named(&model, &layout, "CreateLeadAddress");
        assert!(
            layout.ty(address).builder.is_some(),
            "nested request struct"
        );
        let response = type_named(&model, &layout, "CreateLeadResponse");
        assert!(layout.ty(response).builder.is_none());
    }
}
