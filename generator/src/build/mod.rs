//! Stage 2: building the intermediate model from the parsed document.
//!
//! Types are built where schemas are used, so every type knows its uses
//! (which later name it) and its sources (JSON pointers). Nothing is named
//! here: naming needs the whole picture and happens in normalization.

mod operation;
mod schema;
mod webhooks;

use openapiv3::OpenAPI;

use crate::diag::Diagnostics;
use crate::ir::{Api, InputInfo, Server};
use crate::naming::pascal_ident;
use crate::policy::Policy;

pub use schema::primitive_name as schema_primitive_name;

pub fn build(
    doc: &OpenAPI,
    inputs: Vec<InputInfo>,
    policy: &Policy,
    diags: &mut Diagnostics,
) -> Api {
    let mut types = schema::TypeBuilder::new(doc, policy, diags);
    let operations = operation::build_operations(doc, &mut types);
    let webhooks = webhooks::build_webhooks(doc, &mut types);
    let webhook_module = webhooks::host_module(&webhooks, policy, types.diags);
    let types = types.finish();
    Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        inputs,
        servers: servers(doc, diags),
        operations,
        types,
        write_jobs: None,
        webhooks,
        webhook_module,
    }
}

fn servers(doc: &OpenAPI, diags: &mut Diagnostics) -> Vec<Server> {
    let mut servers: Vec<Server> = Vec::new();
    for (i, server) in doc.servers.iter().enumerate() {
        let at = format!("#/servers/{i}");
        let label = server
            .extensions
            .get("x-fern-server-name")
            .and_then(|v| v.as_str())
            .map(str::to_owned)
            .or_else(|| server.description.clone())
            .unwrap_or_else(|| format!("server {}", i + 1));
        let name = pascal_ident(&label);
        if !server.variables.as_ref().is_none_or(|v| v.is_empty()) {
            diags.warn(
                &at,
                "server variables are not supported; the URL is used as written",
            );
        }
        if servers.iter().any(|s| s.name == name) {
            diags.warn(&at, format!("a second server named {name:?} is left out"));
            continue;
        }
        servers.push(Server {
            name,
            url: server.url.trim_end_matches('/').to_owned(),
            description: server.description.clone(),
        });
    }
    if servers.is_empty() {
        diags.warn(
            "#/servers",
            "the document names no server: clients must be given a base URL",
        );
    }
    servers
}
