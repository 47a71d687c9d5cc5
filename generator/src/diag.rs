//! Diagnostics about the input document. Every one names the place it is
//! about with a JSON pointer, so a reader can find it in the document.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The document is odd or defective; the generator handled it in a
    /// documented way and the output is still faithful.
    Warning,
    /// The generator cannot produce a faithful crate from the document.
    Error,
}

/// What a warning is about, so that reports can group warnings and a
/// maintainer can acknowledge a known kind (`acknowledged_warnings` in
/// `spec/policy.yaml`) while a new kind still stands out. The names are
/// stable: the policy refers to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    ComponentNameCharacters,
    Yaml11Boolean,
    DuplicateEnumValue,
    CatchAllBranch,
    NonStringEnum,
    UnsupportedAllOf,
    NotKeyword,
    ReferenceCycle,
    UnknownRequiredProperty,
    JsonSchemaKeyword,
    FalseSchema,
    NullOnlySchema,
    MultipleExamples,
    InfoSummary,
    /// A webhook that cannot be an `Event` variant, or whose payload is
    /// kept as JSON.
    Webhooks,
    ContentParameter,
    UndeclaredPathParameter,
    OptionalPathParameter,
    UnusedPathParameter,
    UnsupportedParameter,
    UnsupportedBody,
    WriteJobsShape,
    ServerVariables,
    NoServer,
    DuplicateServer,
    VendorMismatch,
    GenericNotSupported,
    NameCollision,
    CrateExample,
    InventoryMismatch,
    /// Schemas nested too deeply for a Rust type: kept as JSON.
    DeepNesting,
    /// A path parameter whose schema is no scalar: taken as a string.
    PathParameterType,
    /// Not classified yet (and every error).
    Other,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[
        Kind::ComponentNameCharacters,
        Kind::Yaml11Boolean,
        Kind::DuplicateEnumValue,
        Kind::CatchAllBranch,
        Kind::NonStringEnum,
        Kind::UnsupportedAllOf,
        Kind::NotKeyword,
        Kind::ReferenceCycle,
        Kind::UnknownRequiredProperty,
        Kind::JsonSchemaKeyword,
        Kind::FalseSchema,
        Kind::NullOnlySchema,
        Kind::MultipleExamples,
        Kind::InfoSummary,
        Kind::Webhooks,
        Kind::ContentParameter,
        Kind::UndeclaredPathParameter,
        Kind::OptionalPathParameter,
        Kind::UnusedPathParameter,
        Kind::UnsupportedParameter,
        Kind::UnsupportedBody,
        Kind::WriteJobsShape,
        Kind::ServerVariables,
        Kind::NoServer,
        Kind::DuplicateServer,
        Kind::VendorMismatch,
        Kind::GenericNotSupported,
        Kind::NameCollision,
        Kind::CrateExample,
        Kind::InventoryMismatch,
        Kind::DeepNesting,
        Kind::PathParameterType,
        Kind::Other,
    ];

    /// The kind's stable name, as `spec/policy.yaml` writes it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::ComponentNameCharacters => "component-name-characters",
            Kind::Yaml11Boolean => "yaml-1.1-boolean",
            Kind::DuplicateEnumValue => "duplicate-enum-value",
            Kind::CatchAllBranch => "catch-all-branch",
            Kind::NonStringEnum => "non-string-enum",
            Kind::UnsupportedAllOf => "unsupported-all-of",
            Kind::NotKeyword => "not-keyword",
            Kind::ReferenceCycle => "reference-cycle",
            Kind::UnknownRequiredProperty => "unknown-required-property",
            Kind::JsonSchemaKeyword => "json-schema-keyword",
            Kind::FalseSchema => "false-schema",
            Kind::NullOnlySchema => "null-only-schema",
            Kind::MultipleExamples => "multiple-examples",
            Kind::InfoSummary => "info-summary",
            Kind::Webhooks => "webhooks",
            Kind::ContentParameter => "content-parameter",
            Kind::UndeclaredPathParameter => "undeclared-path-parameter",
            Kind::OptionalPathParameter => "optional-path-parameter",
            Kind::UnusedPathParameter => "unused-path-parameter",
            Kind::UnsupportedParameter => "unsupported-parameter",
            Kind::UnsupportedBody => "unsupported-body",
            Kind::WriteJobsShape => "write-jobs-shape",
            Kind::ServerVariables => "server-variables",
            Kind::NoServer => "no-server",
            Kind::DuplicateServer => "duplicate-server",
            Kind::VendorMismatch => "vendor-mismatch",
            Kind::GenericNotSupported => "generic-not-supported",
            Kind::NameCollision => "name-collision",
            Kind::CrateExample => "crate-example",
            Kind::InventoryMismatch => "inventory-mismatch",
            Kind::DeepNesting => "deep-nesting",
            Kind::PathParameterType => "path-parameter-type",
            Kind::Other => "other",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.name() == name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: Kind,
    /// JSON pointer into the (merged) document, e.g. `#/paths/~1v1~1leads~1/post`.
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{level}: {}: {}", self.pointer, self.message)
    }
}

/// Collects diagnostics over all stages; sorted and de-duplicated on output
/// so that the report is as deterministic as the generated code.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a warning; `.kind(…)` on the answer classifies it.
    pub fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>) -> Classify<'_> {
        let at = self.items.len();
        self.push(Severity::Warning, pointer.into(), message.into());
        Classify(&mut self.items[at])
    }

    pub fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Error, pointer.into(), message.into());
    }

    fn push(&mut self, severity: Severity, pointer: String, message: String) {
        self.items.push(Diagnostic {
            severity,
            kind: Kind::Other,
            pointer,
            message,
        });
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// All diagnostics, in document order of their pointer.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort_by(|a, b| (&a.pointer, &a.message).cmp(&(&b.pointer, &b.message)));
        items.dedup();
        items
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }
}

/// Classifies the warning just recorded.
pub struct Classify<'a>(&'a mut Diagnostic);

impl Classify<'_> {
    pub fn kind(self, kind: Kind) {
        self.0.kind = kind;
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in self.sorted() {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}
