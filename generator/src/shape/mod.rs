//! Stage 2: the shapes the parsed document describes, as the [`Model`].
//!
//! Schemas are read where they are used, children before their parent, so
//! that every type knows its uses (which the layout names it by) and its
//! sources (JSON pointers), and so that structural identity is decided
//! once, when each type is inserted ([`schema`]). Nothing is named here.

mod constraints;
mod lists;
mod operation;
pub mod refs;
mod schema;
pub mod vendors;
mod webhooks;
mod write_jobs;

use openapiv3::OpenAPI;

use crate::diag::{Diagnostics, Kind};
use crate::model::{InputInfo, Model, Server};
use crate::policy::Policy;

pub fn shape(
    doc: &OpenAPI,
    inputs: Vec<InputInfo>,
    policy: &Policy,
    diags: &mut Diagnostics,
) -> Model {
    let mut types = schema::TypeBuilder::new(doc, policy, diags);
    let operations = operation::operations(doc, &mut types);
    let webhooks = webhooks::webhooks(doc, &mut types);
    let types = types.finish();
    let write_jobs = write_jobs::detect(&operations, &types, policy, diags);
    Model {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        inputs,
        servers: servers(doc, diags),
        operations,
        types,
        write_jobs,
        webhooks,
    }
}

fn servers(doc: &OpenAPI, diags: &mut Diagnostics) -> Vec<Server> {
    let servers: Vec<Server> = doc
        .servers
        .iter()
        .enumerate()
        .map(|(i, server)| {
            if !server.variables.as_ref().is_none_or(|v| v.is_empty()) {
                diags
                    .warn(
                        format!("#/servers/{i}"),
                        "server variables are not supported; the URL is used as written",
                    )
                    .kind(Kind::ServerVariables);
            }
            Server {
                label: server
                    .extensions
                    .get("x-fern-server-name")
                    .and_then(|v| v.as_str())
                    .map(str::to_owned)
                    .or_else(|| server.description.clone())
                    .unwrap_or_else(|| format!("server {}", i + 1)),
                url: server.url.trim_end_matches('/').to_owned(),
                description: server.description.clone(),
            }
        })
        .collect();
    if servers.is_empty() {
        diags
            .warn(
                "#/servers",
                "the document names no server: clients must be given a base URL",
            )
            .kind(Kind::NoServer);
    }
    servers
}
