//! Typed sorting: the `order-by` query parameter of list operations.
//!
//! The API reads `order-by=field:asc,other:desc` (each field optionally
//! followed by `:asc` or `:desc`; ascending when left out). [`OrderBy`]
//! writes that from fields and directions:
//!
//! ```
//! use propexo::{OrderBy, SortField};
//! # #[derive(Clone, Debug, PartialEq)] struct LeadField(&'static str);
//! # impl SortField for LeadField { fn as_str(&self) -> &str { self.0 } }
//! # let (updated_at, last_name) = (LeadField("updated_at"), LeadField("last_name"));
//! let order = OrderBy::desc(updated_at).then_asc(last_name);
//! assert_eq!(order.to_string(), "updated_at:desc,last_name:asc");
//! ```
//!
//! The fields of each list are an enum generated from the listed record's
//! top-level fields (its `Other(String)` variant names a field this version
//! of the crate does not know). [`OrderBy::raw`] sends any text as is.
//!
//! A field name containing `,`, `:` or whitespace cannot be written in
//! this syntax (the API offers no escaping): sending such an order fails
//! with [`Error::InvalidRequest`](crate::Error) instead of sorting by
//! something else. Raw orders are not checked.

use std::fmt;

use serde::{ser::Error as _, Serialize, Serializer};

/// A field a list can be sorted by, as the API names it.
pub trait SortField: Clone + fmt::Debug + PartialEq {
    /// The field's name as the API spells it (`updated_at`).
    fn as_str(&self) -> &str;
}

impl SortField for String {
    fn as_str(&self) -> &str {
        self
    }
}

/// Which way one field sorts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Smallest first (`:asc`).
    Asc,
    /// Largest first (`:desc`).
    Desc,
}

impl Direction {
    /// As the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Asc => "asc",
            Direction::Desc => "desc",
        }
    }
}

/// The value of an `order-by` parameter: fields with directions, most
/// significant first, or a raw string sent as is.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderBy<F: SortField = String> {
    keys: Keys<F>,
}

#[derive(Debug, Clone, PartialEq)]
enum Keys<F> {
    Typed(Vec<(F, Direction)>),
    Raw(String),
}

impl<F: SortField> OrderBy<F> {
    // The first field is taken as is (not `impl Into<F>`), so that it
    // tells the compiler which list's fields these are.

    /// Sorts by `field`, smallest first.
    pub fn asc(field: F) -> Self {
        Self::by(field, Direction::Asc)
    }

    /// Sorts by `field`, largest first.
    pub fn desc(field: F) -> Self {
        Self::by(field, Direction::Desc)
    }

    /// Sorts by `field` in `direction`.
    pub fn by(field: F, direction: Direction) -> Self {
        OrderBy {
            keys: Keys::Typed(vec![(field, direction)]),
        }
    }

    /// The parameter exactly as given, unchecked: for orders the typed
    /// form cannot say.
    pub fn raw(value: impl Into<String>) -> Self {
        OrderBy { keys: Keys::Raw(value.into()) }
    }

    /// Then, among equal values, by `field` (a field value, or its name as
    /// text), smallest first.
    #[must_use]
    pub fn then_asc(self, field: impl Into<F>) -> Self {
        self.then(field, Direction::Asc)
    }

    /// Then, among equal values, by `field`, largest first.
    #[must_use]
    pub fn then_desc(self, field: impl Into<F>) -> Self {
        self.then(field, Direction::Desc)
    }

    /// Then, among equal values, by `field` in `direction`. After a raw
    /// order, the field is appended to the raw text.
    #[must_use]
    pub fn then(self, field: impl Into<F>, direction: Direction) -> Self {
        let field = field.into();
        let keys = match self.keys {
            Keys::Typed(mut keys) => {
                keys.push((field, direction));
                Keys::Typed(keys)
            }
            Keys::Raw(raw) => Keys::Raw(format!("{raw},{}:{}", field.as_str(), direction.as_str())),
        };
        OrderBy { keys }
    }

    /// The fields and directions, most significant first (empty for a raw
    /// order).
    pub fn keys(&self) -> &[(F, Direction)] {
        match &self.keys {
            Keys::Typed(keys) => keys,
            Keys::Raw(_) => &[],
        }
    }

    /// The first field name that cannot be written in the parameter's
    /// syntax, if any.
    fn unwritable(&self) -> Option<&str> {
        self.keys()
            .iter()
            .map(|(field, _)| field.as_str())
            .find(|name| name.is_empty() || name.chars().any(|c| c == ',' || c == ':' || c.is_whitespace() || c.is_control()))
    }
}

/// The parameter's text (`updated_at:desc,last_name:asc`).
impl<F: SortField> fmt::Display for OrderBy<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.keys {
            Keys::Raw(raw) => f.write_str(raw),
            Keys::Typed(keys) => {
                for (i, (field, direction)) in keys.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{}:{}", field.as_str(), direction.as_str())?;
                }
                Ok(())
            }
        }
    }
}

impl<F: SortField> Serialize for OrderBy<F> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(name) = self.unwritable() {
            return Err(S::Error::custom(format!(
                "order-by: the field name {name:?} is empty or contains `,`, `:` or whitespace, which the parameter cannot carry (use OrderBy::raw to send text as is)"
            )));
        }
        serializer.collect_str(self)
    }
}

/// Reads the parameter's text back (a request type can be deserialized,
/// e.g. from a saved query), keeping it raw.
impl<'de, F: SortField> serde::Deserialize<'de> for OrderBy<F> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(OrderBy::raw)
    }
}

/// Declares a generated sort-field enum: its string conversions and
/// [`SortField`]. The last variant, `Other(String)`, names fields this
/// version of the crate does not know.
#[allow(unused_macros)]
macro_rules! sort_field {
    ($name:ident { $($variant:ident => $value:literal,)* }) => {
        impl $name {
            /// The field's name as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Other(other) => other,
                }
            }
        }

        impl crate::SortField for $name {
            fn as_str(&self) -> &str {
                $name::as_str(self)
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Other(other.to_owned()),
                }
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use sort_field;
