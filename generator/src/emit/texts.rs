//! Doc texts that both printers write: the token path (`types.rs`,
//! `builders.rs`) and the direct one (`direct/`). What they say is decided
//! here once; each printer only lays it out. A text is the value of a
//! `#[doc]` attribute, so it starts with the space a `///` comment has
//! after its slashes (except [`enum_value`]).

use super::docs::code;

/// The variant keeping an enum value the crate does not know.
pub const UNRECOGNIZED: &str = " A value this version of the crate does not know, kept as sent.";

/// The variant of a sort-field enum for a field the crate does not list.
pub const OTHER_SORT_FIELD: &str =
    " A field this version of the crate does not list, by its API name.";

/// The field collecting properties beyond the documented ones.
pub const ADDITIONAL_FIELD: &str = " Properties beyond the documented ones.";

/// `Type::new()` of a struct with no required field.
pub const NEW: &str = " A value with every field unset (the same as `Default`).";

/// A type alias keeping an earlier name of `name`.
pub fn alias(name: &str) -> String {
    format!(" The earlier name of [`{name}`].")
}

/// A variant of a string enum. Document text inside, so it is written as
/// [`super::doc_attrs`] writes text (escaped, tabs expanded), and without
/// the leading space those add.
pub fn enum_value(value: &str) -> String {
    format!("The value {}.", code(value))
}

/// The sort-field enum of the records `name`.
pub fn sort_fields(name: &str) -> String {
    format!(" A field lists of [`{name}`] can be sorted by, for [`OrderBy`](crate::OrderBy).")
}

/// A variant of a sort-field enum, for the field `json`.
pub fn sort_field(json: &str) -> String {
    format!(" {}.", code(json))
}

/// `Type::builder()`.
pub fn builder_start(name: &str) -> String {
    format!(" Starts building a `{name}` by naming its fields.")
}
