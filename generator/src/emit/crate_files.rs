//! The crate around the types and operations: manifest, root module,
//! `types` module and the hand-written runtime.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::cfg_attr;
use super::docs::code;
use super::{doc_attrs, types::type_item};
use crate::inventory::Status;
use crate::layout::directions::{DESERIALIZE, SERIALIZE};
use crate::layout::features::{FeaturesLayout, Gate, AXUM, FULL};
use crate::layout::{Layout, TypeFile, SHARED};
use crate::model::Model;

/// The runtime: hand-written, compiled as part of every generated crate
/// (so a crate written with `--out` builds on its own).
pub const RUNTIME: &[(&str, &str)] = &[
    ("builder.rs", include_str!("../../runtime/builder.rs")),
    ("client.rs", include_str!("../../runtime/client.rs")),
    ("decode.rs", include_str!("../../runtime/decode.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("pagination.rs", include_str!("../../runtime/pagination.rs")),
    ("retry.rs", include_str!("../../runtime/retry.rs")),
    ("runtime.rs", include_str!("../../runtime/runtime.rs")),
    ("sort.rs", include_str!("../../runtime/sort.rs")),
];

pub fn cargo_toml(
    header: &str,
    standalone: bool,
    version: &str,
    features: &FeaturesLayout,
) -> String {
    let webhooks = features.receive.is_some();
    let header: String = header
        .lines()
        .map(|l| format!("#{}\n", l.trim_start_matches('/')))
        .collect();
    // The committed crate has hand-written benches beside its tests; a
    // crate written elsewhere has neither.
    let benches = if standalone {
        ""
    } else {
        // The contract test reads bodies synthesized from the document
        // into request types, which `deserialize` lets it.
        "\n[[bench]]\nname = \"decode\"\nharness = false\n\n[[test]]\nname = \"contract\"\nrequired-features = [\"deserialize\"]\n"
    };
    let workspace = if standalone {
        "\n# Written outside the propexo-rs workspace: a workspace of its own.\n[workspace]\n"
    } else {
        ""
    };
    let (webhook_deps, webhook_dev_deps) = if webhooks {
        webhook_manifest()
    } else {
        ("", "")
    };
    let features = features_table(features);
    // The committed crate (not one written elsewhere with `--out`) has the
    // hand-written example receiver, which needs the feature.
    let example = if webhooks && !standalone {
        "\n[[example]]\nname = \"webhook_receiver\"\nrequired-features = [\"axum\"]\n"
    } else {
        ""
    };
    format!(
        r#"{header}
[package]
name = "propexo"
version = "{version}"
edition = "2021"
rust-version = "1.85"
description = "Typed async client for the Propexo API, generated from Propexo's OpenAPI document"
license = "MIT OR Apache-2.0"
keywords = ["propexo", "property-management", "api", "client"]
categories = ["api-bindings", "web-programming::http-client"]
documentation = "https://docs.rs/propexo"

# docs.rs documents every feature, so each item shows what it needs.
[package.metadata.docs.rs]
all-features = true

[dependencies]
chrono = {{ version = "0.4.38", default-features = false, features = ["std", "serde"] }}
bytes = "1"
futures-util = {{ version = "0.3.30", default-features = false, features = ["std"] }}
percent-encoding = "2.3"
reqwest = {{ version = "0.12.9", default-features = false, features = ["json", "rustls-tls"] }}
serde = {{ version = "1.0.200", features = ["derive"] }}
serde_json = {{ version = "1.0.120", features = ["raw_value"] }}
serde_path_to_error = "0.1.16"
tokio = {{ version = "1.38", default-features = false, features = ["time"] }}
tracing = {{ version = "0.1.40", default-features = false, features = ["std"] }}
{webhook_deps}
[dev-dependencies]
tokio = {{ version = "1.38", features = ["macros", "rt-multi-thread", "net", "io-util", "time"] }}
tracing-subscriber = {{ version = "0.3.18", default-features = false, features = ["fmt", "std"] }}
proptest = {{ version = "1.5", default-features = false, features = ["std"] }}
{webhook_dev_deps}{features}{example}{benches}{workspace}"#
    )
}

/// What receiving webhooks adds to the manifest: dependencies and
/// dev-dependencies. RustCrypto's `hmac` and `sha2` compute and compare the
/// signature (only with the receive side's feature); `axum` and
/// `http-body-util` (its body limit) give the extractor.
fn webhook_manifest() -> (&'static str, &'static str) {
    (
        r#"hex = { version = "0.4.3", optional = true }
hmac = { version = "0.12.1", optional = true }
sha2 = { version = "0.10.8", optional = true }
axum = { version = "0.8.1", optional = true, default-features = false }
http-body-util = { version = "0.1.2", optional = true }
"#,
        r#"axum = { version = "0.8.1", default-features = false, features = ["tokio", "http1"] }
"#,
    )
}

/// `[features]`: `full` (the default) and one feature per resource module,
/// the receive side's with the signature's dependencies, `axum` with it.
fn features_table(features: &FeaturesLayout) -> String {
    let list = |items: &[String]| {
        items
            .iter()
            .map(|i| format!("{i:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = format!(
        "\n[features]\n# Every resource module; turn default features off and name the modules\n\
         # you use (`features = [\"leads\"]`) to compile only those.\n\
         default = [{full:?}]\n{full} = [{}]\n",
        list(&features.resources.iter().cloned().collect::<Vec<_>>()),
        full = FULL,
    );
    for resource in &features.resources {
        let enables: Vec<String> = if features.receive.as_ref() == Some(resource) {
            ["dep:hex", "dep:hmac", "dep:sha2"]
                .map(str::to_owned)
                .to_vec()
        } else {
            Vec::new()
        };
        out.push_str(&format!("{resource} = [{}]\n", list(&enables)));
    }
    if let Some(receive) = &features.receive {
        out.push_str(&format!(
            "# An extractor that verifies and parses webhook deliveries in an axum app.\n\
             {AXUM} = [{}]\n",
            list(&[
                receive.clone(),
                "dep:axum".to_owned(),
                "dep:http-body-util".to_owned()
            ])
        ));
    }
    out.push_str(&format!(
        "# Requests implement only `Serialize` and answers only `Deserialize`;\n\
         # these add the other trait to every type (to store answers, or read\n\
         # requests back), at the cost of compile time.\n\
         {SERIALIZE} = []\n{DESERIALIZE} = []\n"
    ));
    out
}

pub fn lib_rs(model: &Model, layout: &Layout) -> TokenStream {
    let mut modules: Vec<&str> = layout.modules.keys().map(String::as_str).collect();
    // The receive side's module, when no resource has its name.
    modules.extend(layout.webhooks.as_ref().map(|w| w.module.as_str()));
    modules.sort();
    modules.dedup();
    let mods = modules.iter().map(|m| {
        let cfg = cfg_attr(&layout.module_gate(m));
        let m = format_ident!("{}", m);
        quote! { #cfg pub mod #m; }
    });
    let crate_doc = crate_doc(model, layout);
    let jobs = model.write_jobs.as_ref().map(|_| {
        let cfg = cfg_attr(&gate_of(layout.features.jobs.as_deref()));
        quote! { #cfg pub mod jobs; }
    });
    let support = support_module_needed(model, layout).then(|| quote! { pub mod support; });
    let webhook_receive = layout.webhooks.as_ref().map(|_| {
        let cfg = cfg_attr(&gate_of(layout.features.receive.as_deref()));
        let module = format_ident!("{}", crate::layout::webhooks::RECEIVE_RUNTIME_MODULE);
        quote! { #cfg mod #module; }
    });
    let environment = environment(model, layout);
    let (message, code) = (&layout.error_fields.message, &layout.error_fields.code);
    let error_fields = quote! {
        /// Where the document's error bodies keep the message and the code.
        const ERROR_FIELDS: error::ErrorFields = error::ErrorFields {
            message: &[#(#message),*],
            code: &[#(#code),*],
        };
    };
    quote! {
        #crate_doc
        #![forbid(unsafe_code)]
        // docs.rs (nightly, `--cfg docsrs`) marks what each item needs.
        #![cfg_attr(docsrs, feature(doc_cfg))]

        pub mod builder;
        mod client;
        pub mod decode;
        mod error;
        #jobs
        pub mod pagination;
        #support
        mod retry;
        #webhook_receive
        #[doc(hidden)]
        pub mod runtime;
        mod sort;
        pub mod types;
        #(#mods)*

        pub use builder::BuildError;
        pub use client::{Client, ClientBuilder, Request, RequestOptions, DEFAULT_MAX_BODY, DEFAULT_TIMEOUT, DEFAULT_TOTAL_TIMEOUT, MAX_ERROR_BODY};
        pub use decode::WriteJob;
        pub use reqwest::Method;
        pub use error::{ApiError, DecodeError, Error, ErrorBody};
        pub use retry::{RateLimit, RetryPolicy};
        pub use sort::{Direction, OrderBy, SortField};

        /// The result of every call: [`Error`] composes with `?` across
        /// all operations and in your own functions.
        pub type Result<T, E = Error> = ::std::result::Result<T, E>;

        #error_fields

        #environment
    }
}

fn gate_of(feature: Option<&str>) -> Gate {
    feature.map(Gate::one).unwrap_or_default()
}

fn crate_doc(model: &Model, layout: &Layout) -> TokenStream {
    let mut text = super::guide::crate_guide(model, layout);
    text.push_str("# Resources\n");
    for (module, m) in &layout.modules {
        let count = m.operations.len();
        text.push_str(&format!(
            "\n- [`{module}`]: {count} operation{}",
            if count == 1 { "" } else { "s" }
        ));
        text.push_str(&receive_side_note(layout, module));
        text.push_str(&format!(" (feature `{}`)", m.feature));
    }
    if let Some(hooks) = &layout.webhooks {
        if !layout.modules.contains_key(&hooks.module) {
            text.push_str(&format!(
                "\n- [`{}`]: receiving webhooks ({} event kinds) (feature `{}`)",
                hooks.module,
                hooks.events.len(),
                hooks.module
            ));
        }
    }
    text.push_str(&features_doc(layout));
    let lines = text.lines().map(|l| {
        let l = format!(" {l}");
        let l = l.trim_end().to_owned();
        quote! { #![doc = #l] }
    });
    quote! { #(#lines)* }
}

/// The crate docs' section on cargo features.
fn features_doc(layout: &Layout) -> String {
    // The example names the module of the crate-level example, else the first.
    let sample = layout
        .example
        .map(|id| layout.op(id).module.clone())
        .or_else(|| layout.features.resources.iter().next().cloned())
        .unwrap_or_default();
    let mut text = format!(
        "\n\n# Cargo features\n\n\
         Each resource module needs the feature of its name (listed above); \
         `{FULL}`, the default, enables them all. To compile only what you use, \
         turn default features off and name the modules: \
         `propexo = {{ version = \"…\", default-features = false, features = [\"{sample}\"] }}`. \
         The types a module's functions use come with its feature."
    );
    if let Some(jobs) = &layout.features.jobs {
        text.push_str(&format!(
            " Waiting for write jobs (`jobs`) polls a function of `{jobs}`, so it needs `{jobs}`."
        ));
    }
    if let Some(receive) = &layout.features.receive {
        text.push_str(&format!(
            " `{AXUM}` adds an extractor for webhook deliveries and enables `{receive}`."
        ));
    }
    text.push_str(&format!(
        "\n\nTypes implement the serde trait their direction needs: what a function \
         sends (bodies, query parameters and what they contain) `Serialize`, what it \
         receives (answers, errors, webhook payloads) `Deserialize`, and a type used \
         both ways both. `{SERIALIZE}` adds `Serialize` to every type (to store \
         answers as JSON), `{DESERIALIZE}` adds `Deserialize` to every type (to read \
         requests back); each costs compile time for code the client itself never runs."
    ));
    text
}

/// `SUPPORT.md`'s table of which cargo feature each module needs.
pub fn features_markdown(layout: &Layout) -> String {
    let mut out = format!(
        "## Cargo features\n\nEach module needs the feature of the same name; `{FULL}` (the default) enables all of them.\n\n| module | feature |\n|---|---|\n"
    );
    for (module, m) in &layout.modules {
        out.push_str(&format!("| `propexo::{module}` | `{}` |\n", m.feature));
    }
    if let Some(hooks) = &layout.webhooks {
        if !layout.modules.contains_key(&hooks.module) {
            out.push_str(&format!("| `propexo::{0}` | `{0}` |\n", hooks.module));
        }
        out.push_str(&format!(
            "| `propexo::{}::VerifiedEvent` (axum extractor) | `{AXUM}` |\n",
            hooks.module
        ));
    }
    if let Some(jobs) = &layout.features.jobs {
        out.push_str(&format!("| `propexo::jobs` | `{jobs}` |\n"));
    }
    out.push_str(&format!(
        "| `Serialize` on types only received | `{SERIALIZE}` |\n\
         | `Deserialize` on types only sent | `{DESERIALIZE}` |\n"
    ));
    out
}

/// `, and receiving webhooks (…)` after the resource that hosts them.
fn receive_side_note(layout: &Layout, module: &str) -> String {
    match &layout.webhooks {
        Some(hooks) if hooks.module == module => format!(
            ", and receiving webhooks ({} event kinds)",
            hooks.events.len()
        ),
        _ => String::new(),
    }
}

/// The support matrix: a row per logical operation (`leads::create`) that
/// has PMS-specific variants, a column per vendor.
/// Whether the crate has a `support` module: when there is a matrix to show.
pub fn support_module_needed(model: &Model, layout: &Layout) -> bool {
    model.operations.iter().any(|op| op.vendor.is_some())
        || !layout.inventory.cells.is_empty()
        || !layout.inventory.unplaced.is_empty()
}

/// `src/support.rs`: the support matrix as the crate's documentation, with
/// links to the functions.
pub fn support_module(model: &Model, layout: &Layout) -> Option<TokenStream> {
    let matrix = support_matrix(model, layout, true)?;
    let text = format!(
        "Which PMS-specific operations the API offers, per vendor (also in `SUPPORT.md`).\n\n{matrix}"
    );
    let lines = text.lines().map(|l| {
        let l = format!(" {l}");
        let l = l.trim_end().to_owned();
        quote! { #![doc = #l] }
    });
    Some(quote! { #(#lines)* })
}

pub fn support_matrix(model: &Model, layout: &Layout, links: bool) -> Option<String> {
    /// What one vendor has for one row.
    enum Cell {
        Function(String),
        Unsupported,
        Inventory(Status),
    }
    let mut rows: BTreeMap<(String, String), BTreeMap<String, Cell>> = BTreeMap::new();
    for id in model.op_ids() {
        let (op, names) = (model.op(id), layout.op(id));
        let Some(vendor) = &op.vendor else {
            continue;
        };
        let cell = if op.supported {
            Cell::Function(names.function_path())
        } else {
            Cell::Unsupported
        };
        rows.entry((names.module.clone(), names.function.clone()))
            .or_default()
            .insert(vendor.key(), cell);
    }
    for (row, vendors) in &layout.inventory.cells {
        let cells = rows.entry(row.clone()).or_default();
        for (vendor, status) in vendors {
            cells
                .entry(vendor.clone())
                .or_insert(Cell::Inventory(*status));
        }
    }
    if rows.is_empty() && layout.inventory.unplaced.is_empty() {
        return None;
    }
    let vendors = &layout.vendor_labels;
    let mut out = String::from(
        "Each cell: the vendor's function; **not supported** (the reference lists the \
         operation as \"- Not Supported\"); **not transcribed yet** (the reference lists it, \
         the crate does not have it yet: see `spec/supplementary/inventory/`); — (the reference \
         lists no such operation for the vendor).\n\n",
    );
    out.push_str(&format!(
        "| operation | generic | {} |\n|---|---|{}\n",
        vendors
            .values()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        "---|".repeat(vendors.len())
    ));
    for ((module, action), cells) in &rows {
        let generic = model.op_ids().any(|id| {
            let (op, names) = (model.op(id), layout.op(id));
            op.vendor.is_none()
                && op.supported
                && names.module == *module
                && names.function == *action
        });
        let generic_cell = match (generic, links) {
            (false, _) => "—".to_owned(),
            (true, true) => format!("[yes](crate::{module}::{action})"),
            (true, false) => "yes".to_owned(),
        };
        let mut line = format!("| `{module}::{action}` | {generic_cell} |");
        for vendor in vendors.keys() {
            let cell = match cells.get(vendor) {
                None => "—".to_owned(),
                Some(Cell::Unsupported | Cell::Inventory(Status::NotSupported)) => {
                    "not supported".to_owned()
                }
                Some(Cell::Inventory(_)) => "not transcribed yet".to_owned(),
                Some(Cell::Function(path)) if links => format!("[yes](crate::{path})"),
                Some(Cell::Function(path)) => format!("yes (`{path}`)"),
            };
            line.push_str(&format!(" {cell} |"));
        }
        out.push_str(&line);
        out.push('\n');
    }
    let unplaced = &layout.inventory.unplaced;
    if !unplaced.is_empty() {
        out.push_str(
            "\nListed by the reference, but no page shows their path, so they have no row \
             above yet:\n\n| vendor | section | operation | status | why |\n|---|---|---|---|---|\n",
        );
        for op in unplaced {
            let status = match op.status {
                Status::NotSupported => "not supported",
                Status::Pending | Status::Transcribed => "not transcribed yet",
            };
            out.push_str(&format!(
                "| {} | {} | [{}]({}) | {status} | {} |\n",
                table_text(&op.vendor),
                table_text(&op.section),
                table_text(&op.summary),
                op.page,
                table_text(op.why.as_deref().unwrap_or(""))
            ));
        }
    }
    Some(out)
}

/// `Environment`: the servers the document names, the first the default.
fn environment(model: &Model, layout: &Layout) -> TokenStream {
    let Some((first, first_name)) = layout.servers.first() else {
        return quote! {
            /// The document names no server: give clients a base URL.
            pub const DEFAULT_BASE_URL: &str = "";
        };
    };
    let default_url = &model.servers[*first].url;
    let variants = layout.servers.iter().map(|(i, name)| {
        let s = &model.servers[*i];
        let is_default = name == first_name;
        let name = format_ident!("{}", name);
        let doc = doc_attrs(&format!(
            "{}{}",
            code(&s.url),
            if is_default { " (the default)." } else { "." }
        ));
        if is_default {
            quote! { #doc #[default] #name, }
        } else {
            quote! { #doc #name, }
        }
    });
    let arms = layout.servers.iter().map(|(i, name)| {
        let name = format_ident!("{}", name);
        let url = &model.servers[*i].url;
        quote! { Environment::#name => #url, }
    });
    quote! {
        /// The base URL of clients that are not given one.
        pub const DEFAULT_BASE_URL: &str = #default_url;

        /// The servers of the Propexo API.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        #[non_exhaustive]
        pub enum Environment {
            #(#variants)*
        }

        impl Environment {
            /// The base URL of this environment.
            pub fn base_url(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }

        impl ClientBuilder {
            /// Sends requests to `environment`.
            pub fn environment(self, environment: Environment) -> Self {
                self.base_url(environment.base_url())
            }
        }
    }
}

/// A file of types (`home`'s), with the gate of each type that needs one.
pub fn type_file(model: &Model, layout: &Layout, home: &str, file: &TypeFile) -> TokenStream {
    let whole_file = type_file_gated(layout, home);
    let items = file.types.iter().map(|id| {
        let item = type_item(model, layout, *id);
        match whole_file {
            true => item,
            false => gate_items(item, &layout.type_gate(*id)),
        }
    });
    let doc = type_file_doc(home);
    quote! { #![doc = #doc] #(#items)* }
}

/// Whether a file of types is gated as a whole (in `types/mod.rs`), not
/// type by type.
pub fn type_file_gated(layout: &Layout, home: &str) -> bool {
    layout
        .features
        .type_files
        .get(home)
        .and_then(Option::as_ref)
        .is_some()
}

/// The inner doc comment of a file of types.
pub fn type_file_doc(home: &str) -> String {
    format!(
        " Types used by {}.",
        if home == SHARED {
            "several resources".to_owned()
        } else {
            format!("[`crate::{home}`]")
        }
    )
}

/// `src/types/mod.rs`: every file of types, re-exported flat.
pub fn types_mod(layout: &Layout) -> TokenStream {
    let mods = layout.type_files.iter().map(|(home, file)| {
        let gate = match layout
            .features
            .type_files
            .get(home)
            .and_then(Option::as_ref)
        {
            Some(gate) => gate.clone(),
            // Each type has its own gate: the file is needed by any of them.
            None => Gate {
                any: file
                    .types
                    .iter()
                    .flat_map(|id| layout.type_gate(*id).any)
                    .collect(),
            },
        };
        let cfg = cfg_attr(&gate);
        let m = format_ident!("{}", home);
        quote! { #cfg mod #m; #cfg pub use #m::*; }
    });
    quote! {
        //! Every type of the API, whatever file it is defined in.
        #(#mods)*
    }
}

/// `items` (a type with its impls and aliases) with `gate`'s `#[cfg]` on
/// each item.
fn gate_items(items: TokenStream, gate: &Gate) -> TokenStream {
    let cfg = cfg_attr(gate);
    if cfg.is_empty() {
        return items;
    }
    let Ok(file) = syn::parse2::<syn::File>(items.clone()) else {
        // Unparseable tokens are a generator bug that `rust_file` reports.
        return items;
    };
    let items = file.items.into_iter();
    quote! { #(#cfg #items)* }
}

/// Inventory text as one Markdown table cell that rustdoc reads as text:
/// no line breaks, no cell separators, no brackets that could become links.
fn table_text(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
