//! Stage 3: the layout — every Rust name and place of the crate, decided in
//! one pass from the [`Model`] and the policy.
//!
//! Type names ([`types`]), field and variant names ([`members`]), modules,
//! functions and their parameters ([`routes`]), the file each type lives in
//! and the resources that reach it ([`homes`]), the replacement of each
//! deprecated item ([`deprecations`]) and the crate-level example
//! ([`example`]). Emitters and the changelog read the [`Layout`] and decide
//! nothing themselves; two layouts of two documents are what the changelog
//! compares.
//!
//! Every name is chosen by a rule from the model; where a later version
//! must keep an earlier name (a names lock), that lock is one more input
//! here, consulted before the rules.

pub mod builders;
pub mod deprecations;
pub mod directions;
pub mod errors;
pub mod example;
pub mod features;
pub mod homes;
pub mod inventory;
pub mod members;
pub mod routes;
pub mod sorting;
pub mod types;
pub mod webhooks;

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostics, Kind};
use crate::model::{Model, OpId, Ty, TypeId};
use crate::naming::pascal_ident;
use crate::policy::Policy;

pub use homes::SHARED;
pub use members::UNRECOGNIZED;

/// Modules and files the generated crate has besides the runtime's:
/// `src/lib.rs`, the types, the write jobs and the support matrix.
const GENERATED_MODULES: &[&str] = &["lib", "types", "jobs", "support"];

/// Names Cargo gives a meaning under `src/`: `src/main.rs` would become a
/// binary target, `src/bin/` its binaries. And the crates every user's
/// extern prelude has: a module `std` would make `std::…` ambiguous in code
/// that glob-imports the crate.
const CARGO_TARGET_NAMES: &[&str] = &["main", "bin", "std", "core", "alloc"];

/// Cargo features of another meaning than a resource's (a resource's
/// feature is named like its module).
const FEATURE_NAMES: &[&str] = &[
    "default",
    features::FULL,
    features::AXUM,
    directions::SERIALIZE,
    directions::DESERIALIZE,
];

/// Whether a resource module may not take `name`: one of the crate's own
/// modules or files. The runtime's part is derived from the files actually
/// copied into every crate ([`crate::emit::RUNTIME`] and the receive
/// side's), so a new runtime file is reserved as soon as it exists.
pub fn is_reserved_module(name: &str) -> bool {
    let runtime = crate::emit::RUNTIME
        .iter()
        .chain(std::iter::once(&crate::emit::RECEIVE_RUNTIME))
        .map(|(file, _)| file.strip_suffix(".rs").unwrap_or(file));
    GENERATED_MODULES
        .iter()
        .chain(CARGO_TARGET_NAMES)
        .chain(FEATURE_NAMES)
        .copied()
        .chain(runtime)
        .any(|reserved| reserved == name)
}

#[derive(Debug, Clone)]
pub struct Layout {
    /// By [`TypeId`].
    pub types: Vec<TypeLayout>,
    /// By [`OpId`].
    pub operations: Vec<OpLayout>,
    /// Resource modules, by name.
    pub modules: BTreeMap<String, ModuleLayout>,
    /// The files under `src/types/`, by module name (a resource's, or
    /// [`SHARED`]); every type in them is re-exported from
    /// `propexo::types`.
    pub type_files: BTreeMap<String, TypeFile>,
    /// The `Environment` variants: index into [`Model::servers`] and name.
    /// A server whose name another already has is left out.
    pub servers: Vec<(usize, String)>,
    /// The operation the crate-level documentation shows.
    pub example: Option<OpId>,
    /// Each vendor (by [`crate::model::Vendor::key`]) as the reference's
    /// inventory names it, else as most of its operations spell it
    /// (`ResMan`), for tables.
    pub vendor_labels: BTreeMap<String, String>,
    /// The inventory's operations the model lacks (not transcribed yet, or
    /// Not Supported without a path), placed for the support matrix.
    pub inventory: inventory::InventoryLayout,
    /// The receive side of the document's webhooks, when there is one.
    pub webhooks: Option<webhooks::WebhooksLayout>,
    /// Where error bodies keep the API's message and code.
    pub error_fields: errors::ErrorFields,
    /// The cargo features and the gates of files that have one gate.
    pub features: features::FeaturesLayout,
}

#[derive(Debug, Clone, Default)]
pub struct TypeLayout {
    pub name: String,
    /// The file under `src/types/` it is defined in (without `.rs`), or
    /// `None` when no generated function reaches it (it is not generated).
    pub home: Option<String>,
    /// The resource modules whose functions reach it: the cargo features
    /// it is needed by.
    pub features: BTreeSet<String>,
    /// Whether a generated function sends it (it implements `Serialize`)
    /// and whether one receives it (`Deserialize`); see [`directions`].
    pub sent: bool,
    pub received: bool,
    /// Struct fields, by field index.
    pub fields: Vec<String>,
    /// The field collecting properties beyond the documented ones.
    pub additional: Option<String>,
    /// Enum variants by value index, or union variants by variant index.
    pub variants: Vec<String>,
    /// Union variants held in a `Box`, so that one large variant does not
    /// make every value of the enum large.
    pub boxed: Vec<bool>,
    /// What replaces each deprecated field, by field index.
    pub replacements: Vec<Option<Replacement>>,
    /// Other names it keeps as type aliases (from a names lock: earlier
    /// names of a type that de-duplication merged or that was renamed).
    pub aliases: Vec<String>,
    /// The builder of a generated request struct.
    pub builder: Option<builders::BuilderLayout>,
    /// The sort order parameter, for a query struct that has one.
    pub order_by: Option<sorting::OrderByField>,
    /// The fields a list of these records sorts by, for a listed record.
    pub sort_fields: Option<sorting::SortFields>,
}

#[derive(Debug, Clone, Default)]
pub struct OpLayout {
    /// The resource module.
    pub module: String,
    /// The vendor submodule of a PMS-specific operation.
    pub vendor_module: Option<String>,
    /// The endpoint function's name.
    pub function: String,
    /// The function returning every page as a stream, for walkable lists.
    pub stream: Option<String>,
    /// Whether its file holds the `PageParams` impl of its query
    /// parameters' type (the first walkable list to print it does, when
    /// several share it).
    pub page_params_impl: bool,
    /// Prefix of the names of its request, response and parameter types.
    pub type_prefix: String,
    /// Path parameters, by index.
    pub params: Vec<String>,
    /// What replaces it, when it is deprecated.
    pub replacement: Option<Replacement>,
    /// The struct naming its path parameters, when it has two or more (so
    /// that ids of the same type cannot be swapped silently).
    pub path_struct: Option<String>,
    /// Rules of the filtering guide its query parameters fall under.
    pub filter_notes: Vec<String>,
}

impl OpLayout {
    /// The path of its function below the crate root: `leads::update`, or
    /// `leads::resman::update` for a PMS-specific one.
    pub fn function_path(&self) -> String {
        self.item_path(&self.function)
    }

    /// The path below the crate root of `item` in its function's module
    /// (its stream function, its path-parameter struct).
    pub fn item_path(&self, item: &str) -> String {
        match &self.vendor_module {
            Some(vendor) => format!("{}::{vendor}::{item}", self.module),
            None => format!("{}::{item}", self.module),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ModuleLayout {
    /// The cargo feature that enables it (its own name).
    pub feature: String,
    /// Its file, relative to the crate root (`src/leads.rs`).
    pub file: String,
    /// Its operations, in the order they are printed (by function name).
    pub operations: Vec<OpId>,
    /// Vendor submodules, by name.
    pub vendors: BTreeMap<String, VendorModule>,
}

#[derive(Debug, Clone, Default)]
pub struct VendorModule {
    /// How the document spells the vendor (`ResMan`).
    pub label: String,
    /// Its file, relative to the crate root (`src/leads/resman.rs`).
    pub file: String,
}

/// A file of types.
#[derive(Debug, Clone, Default)]
pub struct TypeFile {
    /// Relative to the crate root (`src/types/leads.rs`).
    pub file: String,
    /// Its types, in the order they are printed (by name).
    pub types: Vec<TypeId>,
}

/// What replaces a deprecated item.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Replacement {
    /// A field of the same struct, by its Rust name.
    Field(String),
    /// An endpoint function.
    Operation { module: String, function: String },
    /// The endpoint functions of a resource.
    Module(String),
}

/// Computes the layout of `model`.
pub fn layout(model: &Model, policy: &Policy, diags: &mut Diagnostics) -> Layout {
    // The names inside types depend on the model alone: they are found on
    // another thread while the types and routes are named.
    let (members, (mut operations, names)) = std::thread::scope(|scope| {
        let members = scope.spawn(|| members::name_members(model));
        let operations = routes::name_routes(model, policy);
        let names = types::name_types(model, &operations, policy, diags);
        let members = members
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (members, (operations, names))
    });
    let mut types: Vec<TypeLayout> = members
        .into_iter()
        .zip(names)
        .map(|(members, (name, aliases))| TypeLayout {
            name,
            aliases,
            ..members
        })
        .collect();
    routes::name_functions(model, &mut operations, diags);
    routes::attach_filter_notes(model, policy, &mut operations);
    deprecations::resolve_replacements(model, &mut types, &mut operations);
    let modules = routes::modules(model, &operations);
    let webhooks = webhooks::place(model, &modules, policy, diags);
    homes::assign_homes(model, &operations, webhooks.as_ref(), &mut types);
    directions::place(model, &operations, webhooks.as_ref(), &mut types);
    builders::name_builders(model, &mut types);
    sorting::place(model, &operations, policy, &mut types);
    let type_files = homes::type_files(&types);
    let features = features::place(
        model,
        &modules,
        &operations,
        &types,
        &type_files,
        webhooks.as_ref().map(|w| w.module.as_str()),
    );
    routes::place_page_params_impls(model, &modules, &mut operations);
    let servers = servers(model, diags);
    let example = example::choose(model, &modules, policy, diags);
    let inventory = inventory::place(model, policy, diags);
    let mut vendor_labels = vendor_labels(model);
    // The inventory's names follow the reference's headings; vendors known
    // only from it get a column too.
    vendor_labels.extend(inventory.labels.clone());
    Layout {
        types,
        operations,
        modules,
        type_files,
        servers,
        example,
        vendor_labels,
        inventory,
        webhooks,
        error_fields: errors::error_fields(model),
        features,
    }
}

fn vendor_labels(model: &Model) -> BTreeMap<String, String> {
    let mut spellings: BTreeMap<String, BTreeMap<&str, usize>> = BTreeMap::new();
    for vendor in model.operations.iter().filter_map(|op| op.vendor.as_ref()) {
        *spellings
            .entry(vendor.key())
            .or_default()
            .entry(&vendor.label)
            .or_default() += 1;
    }
    spellings
        .into_iter()
        .filter_map(|(key, labels)| {
            let mut labels: Vec<(&str, usize)> = labels.into_iter().collect();
            labels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            labels.first().map(|(label, _)| (key, (*label).to_owned()))
        })
        .collect()
}

fn servers(model: &Model, diags: &mut Diagnostics) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, server) in model.servers.iter().enumerate() {
        let name = pascal_ident(&server.label);
        if out.iter().any(|(_, n)| *n == name) {
            diags
                .warn(
                    format!("#/servers/{i}"),
                    format!("a second server named {name:?} is left out"),
                )
                .kind(Kind::DuplicateServer);
            continue;
        }
        out.push((i, name));
    }
    out
}

impl Layout {
    pub fn ty(&self, id: TypeId) -> &TypeLayout {
        &self.types[id.index()]
    }

    pub fn op(&self, id: OpId) -> &OpLayout {
        &self.operations[id.index()]
    }

    /// Whether the type is generated (some generated function reaches it).
    pub fn is_generated(&self, id: TypeId) -> bool {
        self.ty(id).home.is_some()
    }

    /// The type as a user of the crate writes it
    /// (`Vec<propexo::types::Lead>`), for the manifest, docs and changelog.
    pub fn display(&self, ty: &Ty) -> String {
        match ty {
            Ty::String => "String".into(),
            Ty::Integer => "i64".into(),
            Ty::Number => "f64".into(),
            Ty::Boolean => "bool".into(),
            Ty::DateTime => "chrono::DateTime<chrono::Utc>".into(),
            Ty::Date => "chrono::NaiveDate".into(),
            Ty::Json => "serde_json::Value".into(),
            Ty::JsonObject => "serde_json::Map<String, serde_json::Value>".into(),
            Ty::Named(id) => format!("propexo::types::{}", self.ty(*id).name),
            Ty::List(inner) => format!("Vec<{}>", self.display(inner)),
            Ty::Map(inner) => format!(
                "std::collections::BTreeMap<String, {}>",
                self.display(inner)
            ),
            Ty::Nullable(inner) => format!("Option<{}>", self.display(inner)),
        }
    }
}

#[cfg(test)]
mod reserved {
    use super::is_reserved_module;

    #[test]
    fn every_runtime_file_and_cargo_target_name_is_reserved() {
        let runtime = crate::emit::RUNTIME
            .iter()
            .chain(std::iter::once(&crate::emit::RECEIVE_RUNTIME));
        for (file, _) in runtime {
            assert!(is_reserved_module(file.trim_end_matches(".rs")), "{file}");
        }
        for name in ["lib", "main", "bin", "types", "jobs", "support", "std"] {
            assert!(is_reserved_module(name), "{name}");
        }
        assert!(!is_reserved_module("leads"));
    }
}
