//! Building request values.

use std::fmt;

/// A request value's `build()` found required fields unset.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BuildError {
    /// The type being built, e.g. `ResmanCreateLeadRequest`.
    pub type_name: &'static str,
    /// The document's names of the required fields that were not set.
    pub missing: Vec<&'static str>,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fields: Vec<String> = self.missing.iter().map(|m| format!("`{m}`")).collect();
        let s = if fields.len() == 1 { "" } else { "s" };
        write!(f, "{}: missing required field{s} {}", self.type_name, fields.join(", "))
    }
}

impl std::error::Error for BuildError {}
