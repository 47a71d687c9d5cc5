//! The crate around the types and operations: manifest, root module,
//! `types` module and the hand-written runtime.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::code;
use super::{doc_attrs, types::type_item};
use crate::ir::Api;

/// The runtime: hand-written, compiled as part of every generated crate
/// (so a crate written with `--out` builds on its own).
pub const RUNTIME: &[(&str, &str)] = &[
    ("client.rs", include_str!("../../runtime/client.rs")),
    ("decode.rs", include_str!("../../runtime/decode.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("pagination.rs", include_str!("../../runtime/pagination.rs")),
    ("retry.rs", include_str!("../../runtime/retry.rs")),
    ("runtime.rs", include_str!("../../runtime/runtime.rs")),
];

pub fn cargo_toml(header: &str, standalone: bool, version: &str) -> String {
    let header: String = header
        .lines()
        .map(|l| format!("#{}\n", l.trim_start_matches('/')))
        .collect();
    // The committed crate has hand-written benches beside its tests; a
    // crate written elsewhere has neither.
    let benches = if standalone {
        ""
    } else {
        "\n[[bench]]\nname = \"decode\"\nharness = false\n"
    };
    let workspace = if standalone {
        "\n# Written outside the propexo-rs workspace: a workspace of its own.\n[workspace]\n"
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

[dev-dependencies]
tokio = {{ version = "1.38", features = ["macros", "rt-multi-thread", "net", "io-util", "time"] }}
tracing-subscriber = {{ version = "0.3.18", default-features = false, features = ["fmt", "std"] }}
proptest = {{ version = "1.5", default-features = false, features = ["std"] }}
{benches}{workspace}"#
    )
}

pub fn lib_rs(api: &Api) -> TokenStream {
    let mut modules: Vec<&str> = api.operations.iter().map(|op| op.module.as_str()).collect();
    modules.sort();
    modules.dedup();
    let mods = modules.iter().map(|m| {
        let m = format_ident!("{}", m);
        quote! { pub mod #m; }
    });
    let crate_doc = crate_doc(api, &modules);
    let jobs = api.write_jobs.as_ref().map(|_| quote! { pub mod jobs; });
    let environment = environment(api);
    quote! {
        #crate_doc
        #![forbid(unsafe_code)]

        mod client;
        pub mod decode;
        mod error;
        #jobs
        pub mod pagination;
        mod retry;
        #[doc(hidden)]
        pub mod runtime;
        pub mod types;
        #(#mods)*

        pub use client::{Client, ClientBuilder, DEFAULT_MAX_BODY, DEFAULT_TIMEOUT, DEFAULT_TOTAL_TIMEOUT, MAX_ERROR_BODY};
        pub use decode::WriteJob;
        pub use error::{ApiError, DecodeError, Error, ErrorBody};
        pub use retry::{RateLimit, RetryPolicy};

        #environment
    }
}

fn crate_doc(api: &Api, modules: &[&str]) -> TokenStream {
    let mut text = format!(
        "Typed async client for the {} (version {}).\n\n\
         Generated from Propexo's OpenAPI document; every endpoint function\n\
         lives in the module of its resource and every schema type in [`types`].\n\n\
         ```no_run\n\
         # async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n\
         let client = propexo::Client::new(std::env::var(\"PROPEXO_TOKEN\")?);\n\
         let params = propexo::types::ListLeadsParams::new();\n\
         let page = propexo::leads::list(&client, &params).await?;\n\
         println!(\"{{}} leads\", page.results.len());\n\
         # Ok(())\n\
         # }}\n\
         ```\n\n\
         Answers that stray from the document are decoded by a written\n\
         policy (whole-number floats in integer fields, `null` lists, one\n\
         bad record failing alone): see [`decode`]. Writes return a\n\
         [`WriteJob`] with the job id whichever documented shape answers.\n\n\
         # Resources\n",
        api.title, api.version
    );
    let has_example = api
        .operations
        .iter()
        .any(|op| op.module == "leads" && op.fn_name == "list");
    if !has_example {
        text = format!(
            "Typed async client for the {} (version {}).\n\n# Resources\n",
            api.title, api.version
        );
    }
    for module in modules {
        let count = api
            .operations
            .iter()
            .filter(|op| op.module == *module)
            .count();
        text.push_str(&format!(
            "\n- [`{module}`]: {count} operation{}",
            if count == 1 { "" } else { "s" }
        ));
    }
    let lines = text.lines().map(|l| {
        let l = format!(" {l}");
        let l = l.trim_end().to_owned();
        quote! { #![doc = #l] }
    });
    quote! { #(#lines)* }
}

/// The support matrix: a row per logical operation (`leads::create`) that
/// has PMS-specific variants, a column per vendor.
pub fn support_matrix(api: &Api, links: bool) -> Option<String> {
    let mut vendors: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    let mut rows: BTreeMap<(String, String), BTreeMap<&str, &crate::ir::Operation>> =
        BTreeMap::new();
    for op in api.operations.iter() {
        let Some(vendor) = op.vendor.as_deref() else {
            continue;
        };
        let label = op.vendor_label.as_deref().unwrap_or(vendor);
        *vendors.entry(vendor).or_default().entry(label).or_default() += 1;
        rows.entry((op.module.clone(), op.fn_name.clone()))
            .or_default()
            .insert(vendor, op);
    }
    if rows.is_empty() {
        return None;
    }
    // A vendor's column is headed by its most used spelling (`ResMan`).
    let headers: Vec<String> = vendors
        .values()
        .map(|labels| {
            let mut spellings: Vec<(&&str, &usize)> = labels.iter().collect();
            spellings.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            spellings[0].0.to_string()
        })
        .collect();
    let mut out = format!(
        "| operation | generic | {} |\n|---|---|{}\n",
        headers.join(" | "),
        "---|".repeat(headers.len())
    );
    for ((module, action), cells) in &rows {
        let generic = api.operations.iter().any(|op| {
            op.vendor.is_none() && op.supported && op.module == *module && op.fn_name == *action
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
                Some(op) if !op.supported => "not supported".to_owned(),
                Some(op) => {
                    let path = super::function_path(op);
                    if links {
                        format!("[yes](crate::{path})")
                    } else {
                        format!("yes (`{path}`)")
                    }
                }
            };
            line.push_str(&format!(" {cell} |"));
        }
        out.push_str(&line);
        out.push('\n');
    }
    Some(out)
}

/// `Environment`: the servers the document names, the first the default.
fn environment(api: &Api) -> TokenStream {
    let Some(first) = api.servers.first() else {
        return quote! {
            /// The document names no server: give clients a base URL.
            pub const DEFAULT_BASE_URL: &str = "";
        };
    };
    let default_url = &first.url;
    let variants = api.servers.iter().map(|s| {
        let name = format_ident!("{}", s.name);
        let is_default = s.name == first.name;
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
    let arms = api.servers.iter().map(|s| {
        let name = format_ident!("{}", s.name);
        let url = &s.url;
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

/// `src/types/mod.rs` and one file per home, all re-exported flat.
pub fn types_files(api: &Api) -> (TokenStream, BTreeMap<String, TokenStream>) {
    let mut homes: BTreeMap<&str, Vec<&crate::ir::TypeDef>> = BTreeMap::new();
    for def in api
        .types
        .iter()
        .filter(|t| t.merged_into.is_none() && !t.home.is_empty())
    {
        homes.entry(&def.home).or_default().push(def);
    }
    let mut files = BTreeMap::new();
    for (home, mut defs) in homes.clone() {
        defs.sort_by(|a, b| a.name.cmp(&b.name));
        let items = defs.iter().map(|d| type_item(api, d));
        let doc = format!(
            " Types used by {}.",
            if home == crate::normalize::SHARED {
                "several resources".to_owned()
            } else {
                format!("[`crate::{home}`]")
            }
        );
        files.insert(home.to_owned(), quote! { #![doc = #doc] #(#items)* });
    }
    let mods = homes.keys().map(|home| {
        let m = format_ident!("{}", home);
        quote! { mod #m; pub use #m::*; }
    });
    let module = quote! {
        //! Every type of the API, whatever file it is defined in.
        #(#mods)*
    };
    (module, files)
}
