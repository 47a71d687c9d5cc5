//! The one `$ref` resolver: every reference in the document (schemas,
//! parameters, request bodies, responses) is looked up here.
//!
//! Only local references into `#/components/<section>/` are supported; a
//! reference to a reference is followed, up to a bound, so that a loop of
//! references is an error instead of a hang.

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};

use crate::pointer;

/// How many references in a row are followed before giving up.
pub const MAX_CHAIN: usize = 64;

/// A section of `#/components` that references can point into.
pub trait Section: Sized {
    const NAME: &'static str;
    fn entries(components: &Components) -> &IndexMap<String, ReferenceOr<Self>>;
}

impl Section for Schema {
    const NAME: &'static str = "schemas";
    fn entries(c: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &c.schemas
    }
}

impl Section for Parameter {
    const NAME: &'static str = "parameters";
    fn entries(c: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &c.parameters
    }
}

impl Section for RequestBody {
    const NAME: &'static str = "requestBodies";
    fn entries(c: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &c.request_bodies
    }
}

impl Section for Response {
    const NAME: &'static str = "responses";
    fn entries(c: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &c.responses
    }
}

/// Why a reference does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// Not a reference into `#/components/<section>/`.
    Unsupported {
        reference: String,
        section: &'static str,
    },
    /// Into the right section, but there is no such entry.
    Undefined { name: String, section: &'static str },
    /// References that lead back to themselves, or too long a chain.
    Loop { reference: String },
}

impl std::fmt::Display for RefError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RefError::Unsupported { reference, section } => write!(
                f,
                "unsupported reference {reference:?}: only #/components/{section}/… is supported"
            ),
            RefError::Undefined { name, section: "schemas" } => {
                write!(f, "reference to undefined schema {name:?}")
            }
            RefError::Undefined { name, section } => write!(
                f,
                "cannot resolve reference to {name:?}: expected an entry of #/components/{section}"
            ),
            RefError::Loop { reference } => write!(
                f,
                "reference {reference:?} leads to a loop of references (or a chain longer than {MAX_CHAIN})"
            ),
        }
    }
}

/// The component a reference names, one step: its name and entry (which
/// may itself be a reference).
pub fn lookup<'d, T: Section>(
    doc: &'d OpenAPI,
    reference: &str,
) -> Result<(String, &'d ReferenceOr<T>), RefError> {
    let name = pointer::ref_target(reference, T::NAME).ok_or_else(|| RefError::Unsupported {
        reference: reference.to_owned(),
        section: T::NAME,
    })?;
    let entry = doc
        .components
        .as_ref()
        .and_then(|c| T::entries(c).get(&name))
        .ok_or_else(|| RefError::Undefined {
            name: name.clone(),
            section: T::NAME,
        })?;
    Ok((name, entry))
}

/// What `item` stands for: itself, or what its references lead to.
pub fn resolve<'d, T: Section>(
    doc: &'d OpenAPI,
    item: &'d ReferenceOr<T>,
) -> Result<&'d T, RefError> {
    let mut current = item;
    for _ in 0..MAX_CHAIN {
        match current {
            ReferenceOr::Item(item) => return Ok(item),
            ReferenceOr::Reference { reference } => current = lookup(doc, reference)?.1,
        }
    }
    Err(RefError::Loop {
        reference: match item {
            ReferenceOr::Reference { reference } => reference.clone(),
            ReferenceOr::Item(_) => String::new(),
        },
    })
}

/// The schema a `$ref` string leads to, following chains.
pub fn resolve_schema<'d>(doc: &'d OpenAPI, reference: &str) -> Result<&'d Schema, RefError> {
    let (_, entry) = lookup::<Schema>(doc, reference)?;
    match entry {
        ReferenceOr::Item(schema) => Ok(schema),
        chained => resolve(doc, chained).map_err(|e| match e {
            RefError::Loop { .. } => RefError::Loop {
                reference: reference.to_owned(),
            },
            other => other,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(components: serde_json::Value) -> OpenAPI {
        serde_json::from_value(serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": components,
        }))
        .unwrap()
    }

    #[test]
    fn follows_chains_and_reports_what_is_wrong() {
        let d = doc(serde_json::json!({"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"type": "string"},
            "L1": {"$ref": "#/components/schemas/L2"},
            "L2": {"$ref": "#/components/schemas/L1"},
        }}));
        assert!(resolve_schema(&d, "#/components/schemas/A").is_ok());
        assert!(matches!(
            resolve_schema(&d, "#/components/schemas/L1"),
            Err(RefError::Loop { .. })
        ));
        assert_eq!(
            resolve_schema(&d, "#/components/schemas/Missing")
                .unwrap_err()
                .to_string(),
            "reference to undefined schema \"Missing\""
        );
        assert!(matches!(
            resolve_schema(&d, "other.yaml#/A"),
            Err(RefError::Unsupported { .. })
        ));
        let param: ReferenceOr<Parameter> = ReferenceOr::Reference {
            reference: "#/components/parameters/p".into(),
        };
        assert!(resolve(&d, &param)
            .unwrap_err()
            .to_string()
            .contains("#/components/parameters"));
    }
}
