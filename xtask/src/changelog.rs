//! `cargo xtask changelog OLD NEW`: what changes for users of the crate
//! between two documents, as Markdown, with the version bump it needs.
//!
//! Both sides are compared like with like: the supplementary documents in
//! `spec/supplementary/` are added to each side (as `pinned` has them), so
//! they never show up as changes of Propexo's document.

use std::path::{Path, PathBuf};

use propexo_generator::changelog::{bump, diff, markdown, Bump};
use propexo_generator::diag::Diagnostics;
use propexo_generator::ir::Api;
use propexo_generator::load::read_document;
use propexo_generator::{model, Options};

use crate::codegen::{default_inputs, read_policy, supplementary_inputs, GENERATE_COMMAND};
use crate::flags::Flags;
use crate::pin;

pub fn run(args: &[String]) -> Result<(), String> {
    let flags = Flags::parse(args, &[], &["without-supplementary"])?;
    let [old, new] = flags.positional.as_slice() else {
        return Err(
            "usage: cargo xtask changelog OLD NEW (see `cargo xtask changelog --help`)".into(),
        );
    };
    let with_supplementary = !flags.has("without-supplementary");
    let old = Side::parse(old, with_supplementary)?;
    let new = Side::parse(new, with_supplementary)?;
    let comparison = compare(&old, &new)?;
    print!("{}", comparison.markdown);
    Ok(())
}

/// One side of a comparison: the documents and a human name of the version.
pub struct Side {
    pub paths: Vec<PathBuf>,
    pub label: String,
}

impl Side {
    /// `pinned`, or document paths joined by commas.
    pub fn parse(spec: &str, with_supplementary: bool) -> Result<Side, String> {
        if spec == "pinned" {
            return Ok(Side {
                paths: default_inputs()?,
                label: pin::read()?.version_label(),
            });
        }
        let given: Vec<PathBuf> = spec.split(',').map(PathBuf::from).collect();
        Side::documents(given, with_supplementary)
    }

    /// `documents` (Propexo's document first), with the supplementary
    /// documents appended when asked.
    pub fn documents(documents: Vec<PathBuf>, with_supplementary: bool) -> Result<Side, String> {
        let label = documents
            .iter()
            .map(|p| label_of(p))
            .collect::<Vec<_>>()
            .join(" + ");
        let mut paths = documents;
        if with_supplementary {
            paths.extend(supplementary_inputs()?);
        }
        Ok(Side { paths, label })
    }
}

/// A history file is named by its date and commit; anything else by its
/// file name.
fn label_of(path: &Path) -> String {
    match pin::version_in_file_name(path) {
        Some((date, commit)) => format!("{date} ({commit})"),
        None => path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
    }
}

pub struct Comparison {
    pub markdown: String,
    pub bump: Bump,
}

pub fn compare(old: &Side, new: &Side) -> Result<Comparison, String> {
    let old_api = load(&old.paths)?;
    let new_api = load(&new.paths)?;
    let policy = read_policy()?;
    let changes = diff(&old_api, &new_api);
    Ok(Comparison {
        markdown: markdown(&old.label, &new.label, &changes, &policy.crate_version),
        bump: bump(&changes),
    })
}

/// The normalized model of the documents at `paths`.
pub fn load(paths: &[PathBuf]) -> Result<Api, String> {
    let docs = paths
        .iter()
        .map(|p| read_document(p).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let options = Options {
        policy: read_policy()?,
        command: GENERATE_COMMAND.to_owned(),
        standalone: false,
    };
    let mut diags = Diagnostics::default();
    model(&docs, &options, &mut diags).ok_or_else(|| diags.to_string())
}
