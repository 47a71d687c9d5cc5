//! `cargo xtask changelog OLD NEW`: what changes for users of the crate
//! between two documents, as Markdown, with the version bump it needs.

use std::path::PathBuf;

use propexo_generator::changelog::{diff, markdown, Side};
use propexo_generator::diag::Diagnostics;
use propexo_generator::layout::Layout;
use propexo_generator::model::Model;
use propexo_generator::{model_and_layout, Options};

use crate::codegen::{default_documents, read_documents, read_policy, GENERATE_COMMAND};

pub fn run(args: &[String]) -> Result<(), String> {
    let [old, new] = args else {
        return Err("usage: cargo xtask changelog OLD NEW (each a document, several joined by commas, or `pinned`)".into());
    };
    let ((old_model, old_layout), old_label) = load(old)?;
    let ((new_model, new_layout), new_label) = load(new)?;
    let side = |model, layout| Side { model, layout };
    let policy = read_policy()?;
    print!(
        "{}",
        markdown(
            &old_label,
            &new_label,
            &diff(side(&old_model, &old_layout), side(&new_model, &new_layout)),
            &policy.crate_version
        )
    );
    Ok(())
}

/// The model and layout of `spec` and a label for it.
pub fn load(spec: &str) -> Result<((Model, Layout), String), String> {
    let docs = if spec == "pinned" {
        default_documents()?
    } else {
        let paths: Vec<PathBuf> = spec.split(',').map(PathBuf::from).collect();
        read_documents(&paths)?
    };
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
    model_and_layout(&docs, &options, &mut diags)
        .map(|both| (both, label))
        .ok_or_else(|| diags.to_string())
}
