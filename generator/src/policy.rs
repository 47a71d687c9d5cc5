//! Policy that lives in data (`spec/policy.yaml`), not in code: names for
//! operations whose path does not say what they do, fixed type names, and
//! how to recognise string formats the document spells as patterns.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Keyed by `METHOD /path` as in the document (for a PMS-specific
    /// operation: its path without the vendor segment).
    #[serde(default)]
    pub operations: BTreeMap<String, OperationPolicy>,
    /// Rust names for types, keyed by the JSON pointer of a schema the type
    /// is built from.
    #[serde(default)]
    pub type_names: BTreeMap<String, String>,
    /// `pattern`s that mean `format: date` (`YYYY-MM-DD`).
    #[serde(default)]
    pub date_patterns: Vec<String>,
    /// Component names that carry no meaning (`Enum1`): a prefix followed
    /// only by digits. Such types are named from where they are used.
    #[serde(default)]
    pub synthetic_name_prefixes: Vec<String>,
    /// Words too vague to name a shared type on their own (`status`).
    #[serde(default)]
    pub generic_words: Vec<String>,
    /// Property names that hold secrets, which `Debug` of generated types
    /// shows as redacted (besides properties with `format: password`).
    #[serde(default)]
    pub secret_fields: SecretFields,
    /// The query parameter that orders a list (`order-by`): typed as
    /// `OrderBy`, with the listed record's fields as an enum.
    #[serde(default)]
    pub sort_parameter: Option<String>,
    /// The operation that reports the outcome of write jobs.
    #[serde(default)]
    pub write_jobs: Option<WriteJobsPolicy>,
    /// Where the receive side of the document's `webhooks` goes.
    #[serde(default)]
    pub webhooks: Option<WebhooksPolicy>,
    /// `METHOD /path` of the operation the crate-level documentation
    /// shows. Without it (or when the document lacks it) the layout's rule
    /// chooses one.
    #[serde(default)]
    pub crate_example: Option<String>,
    /// The version of the generated crate; `cargo xtask changelog` says
    /// what it must become after a regeneration.
    #[serde(default = "default_version")]
    pub crate_version: String,
    /// Warning kinds (`diag::Kind::name`) known to come from the document
    /// and handled on purpose, each with why: reports sum them up in one
    /// line so that a new kind stands out.
    #[serde(default)]
    pub acknowledged_warnings: BTreeMap<String, String>,
    /// Rules of the API's filtering guide, shown in the rustdoc of every
    /// list operation with a query parameter they concern.
    #[serde(default)]
    pub filter_notes: Vec<FilterNote>,
    /// The reference's inventory of PMS-specific operations, read from
    /// `spec/supplementary/inventory/` beside the policy (not from the
    /// policy file itself): what the support matrix reports as not
    /// transcribed yet.
    #[serde(skip)]
    pub inventory: Vec<crate::inventory::VendorInventory>,
    /// The names an earlier generation gave (read from its `api.json`, not
    /// from the policy file): kept while their schemas exist.
    #[serde(skip)]
    pub names_lock: crate::names_lock::NamesLock,
}

/// A rule about query parameters whose names start with `prefix`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilterNote {
    pub prefix: String,
    /// Markdown, shown as written.
    pub note: String,
}

fn default_version() -> String {
    "0.1.0".to_owned()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WriteJobsPolicy {
    /// `METHOD /path` of the status operation.
    pub operation: String,
    /// The enum field of its response that holds the status.
    pub status_field: String,
    /// The statuses after which the job will not change.
    pub final_values: Vec<String>,
}

/// The receive side of webhooks (signature check, `Event` enum) is
/// generated into `module` when the document has a `webhooks` section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhooksPolicy {
    /// The Rust module (snake_case) that hosts it, next to the operations
    /// that register webhooks when there are any.
    pub module: String,
}

/// Which property names are secrets. Compared in lower case with `-` read
/// as `_`, as the document spells names either way.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretFields {
    /// Whole names (`token`).
    #[serde(default)]
    pub names: Vec<String>,
    /// Endings (`secret` matches `webhook_secret`).
    #[serde(default)]
    pub suffixes: Vec<String>,
}

impl SecretFields {
    /// Whether the property `json_name` holds a secret.
    pub fn matches(&self, json_name: &str) -> bool {
        let name = json_name.to_ascii_lowercase().replace('-', "_");
        self.names.contains(&name) || self.suffixes.iter().any(|s| name.ends_with(s.as_str()))
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationPolicy {
    /// The endpoint function's name (snake_case).
    pub name: Option<String>,
    /// PascalCase prefix for its request/response/params types.
    pub type_prefix: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("cannot read policy file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("policy file {path} is invalid: {message}")]
    Invalid { path: String, message: String },
}

impl Policy {
    pub fn read(path: &Path) -> Result<Self, PolicyError> {
        let text = std::fs::read_to_string(path).map_err(|source| PolicyError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text).map_err(|message| PolicyError::Invalid {
            path: path.display().to_string(),
            message,
        })
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        serde_yaml::from_str(text).map_err(|e| e.to_string())
    }

    /// Is `name` a meaningless generated component name such as `Enum1`?
    pub fn is_synthetic_name(&self, name: &str) -> bool {
        self.synthetic_name_prefixes.iter().any(|prefix| {
            name.strip_prefix(prefix.as_str())
                .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
        })
    }
}
