//! `cargo xtask changelog OLD NEW`: what changes for users of the crate
//! between two documents, as Markdown, with the version bump it needs.

use std::path::PathBuf;

use propexo_generator::changelog::{diff, markdown};
use propexo_generator::diag::Diagnostics;
use propexo_generator::ir::Api;
use propexo_generator::load::read_document;
use propexo_generator::{model, Options};

use crate::codegen::{default_inputs, read_policy, GENERATE_COMMAND};

pub fn run(args: &[String]) -> Result<(), String> {
    let [old, new] = args else {
        return Err("usage: cargo xtask changelog OLD NEW (each a document, several joined by commas, or `pinned`)".into());
    };
    let (old_api, old_label) = load(old)?;
    let (new_api, new_label) = load(new)?;
    let policy = read_policy()?;
    print!(
        "{}",
        markdown(
            &old_label,
            &new_label,
            &diff(&old_api, &new_api),
            &policy.crate_version
        )
    );
    Ok(())
}

/// The normalized model of `spec` and a label for it.
pub fn load(spec: &str) -> Result<(Api, String), String> {
    let paths: Vec<PathBuf> = if spec == "pinned" {
        default_inputs()?
    } else {
        spec.split(',').map(PathBuf::from).collect()
    };
    let docs = paths
        .iter()
        .map(|p| read_document(p).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let label = docs
        .iter()
        .map(|d| d.label.clone())
        .collect::<Vec<_>>()
        .join(" + ");
    let options = Options {
        policy: read_policy()?,
        command: GENERATE_COMMAND.to_owned(),
        standalone: false,
    };
    let mut diags = Diagnostics::default();
    model(&docs, &options, &mut diags)
        .map(|api| (api, label))
        .ok_or_else(|| diags.to_string())
}
