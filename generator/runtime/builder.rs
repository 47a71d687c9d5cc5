//! Building requests.
//!
//! Every type a function sends (request bodies, query parameters and the
//! structs inside them) has a builder: `Type::builder()`, one setter per
//! field named like the field, then [`build`](BuildError) which checks
//! that every required field was set and names those that were not. With
//! Propexo's document (this runtime is shared by every generated crate, so
//! the sketch is not compiled here; `examples/tour.rs` is):
//!
//! ```text
//! let lead = ResmanCreateLeadRequest::builder()
//!     .integration_id("int_123")
//!     .property_id("prop_456")
//!     .lead_source_id("src_789")
//!     .employee_id("emp_012")
//!     .first_name("Emily")
//!     .last_name("Johnson")
//!     .email_1("emily@example.com")
//!     .build()?; // Err names every required field left unset
//! ```
//!
//! Setters take anything that converts into the field's type (`&str` or
//! `String` for text). A field the document marks optional is left out of
//! the request unless set, and a field it marks nullable can also be sent
//! as an explicit `null`. For a field `phone`:
//!
//! | call | sends |
//! |---|---|
//! | `.phone("555-0100")` | `"phone": "555-0100"` |
//! | `.phone_null()` (nullable fields) | `"phone": null` |
//! | `.unset_phone()` (optional fields; also the starting state) | nothing |
//!
//! On the built struct, the same three states of an optional nullable
//! field are `Some(Some(x))`, `Some(None)` and `None`.
//!
//! Types are `#[non_exhaustive]`: a field the API adds later is one more
//! setter, never a broken call. Numbers that JSON cannot represent (NaN,
//! ±infinity) make sending fail with [`Error::InvalidRequest`](crate::Error)
//! rather than go out as `null`.

use std::fmt;

/// A builder's `build()` found required fields unset.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BuildError {
    type_name: &'static str,
    missing: Vec<&'static str>,
}

impl BuildError {
    /// From a type's name and, for each required field (as the document
    /// names it), whether it is missing.
    #[doc(hidden)]
    pub fn new(type_name: &'static str, fields: &[(bool, &'static str)]) -> Self {
        BuildError {
            type_name,
            missing: fields.iter().filter(|(missing, _)| *missing).map(|(_, name)| *name).collect(),
        }
    }

    /// The type that was being built (`ResmanCreateLeadRequest`).
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The required fields that were not set, as the API names them, in
    /// the document's order.
    pub fn missing(&self) -> &[&'static str] {
        &self.missing
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.missing.len() == 1 { "" } else { "s" };
        write!(f, "{}: missing required field{plural} ", self.type_name)?;
        for (i, name) in self.missing.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{name}`")?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}

/// Serializing numbers: NaN and ±infinity are errors, not `null`
/// (`serde_json` writes them as `null`, which would silently send another
/// value than the caller's).
#[doc(hidden)]
pub mod finite {
    use std::collections::BTreeMap;

    use serde::{ser::Error as _, Serialize, Serializer};

    /// A value whose numbers can all be written as JSON numbers.
    pub trait Finite {
        fn is_finite(&self) -> bool;
    }

    impl Finite for f64 {
        fn is_finite(&self) -> bool {
            f64::is_finite(*self)
        }
    }

    impl<T: Finite> Finite for Option<T> {
        fn is_finite(&self) -> bool {
            self.as_ref().is_none_or(Finite::is_finite)
        }
    }

    impl<T: Finite> Finite for Vec<T> {
        fn is_finite(&self) -> bool {
            self.iter().all(Finite::is_finite)
        }
    }

    impl<T: Finite> Finite for BTreeMap<String, T> {
        fn is_finite(&self) -> bool {
            self.values().all(Finite::is_finite)
        }
    }

    /// `serialize_with` for fields holding floats.
    pub fn serialize<T: Finite + Serialize, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        if value.is_finite() {
            value.serialize(serializer)
        } else {
            Err(S::Error::custom("a number is NaN or infinite, which JSON cannot represent"))
        }
    }
}
