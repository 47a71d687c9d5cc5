//! `cargo xtask changelog OLD NEW`: what changes for users of the crate
//! between two documents, as Markdown, with the version bump it needs.
//!
//! Both sides are compared like with like: the supplementary documents in
//! `spec/supplementary/` are added to each side (as `pinned` has them), so
//! they never show up as changes of Propexo's document.

use std::path::{Path, PathBuf};

use propexo_generator::changelog::{self, bump, diff, markdown, Bump};
use propexo_generator::diag::Diagnostics;
use propexo_generator::layout::Layout;
use propexo_generator::load::SourceDocument;
use propexo_generator::model::Model;
use propexo_generator::names_lock::NamesLock;
use propexo_generator::{model_and_layout, Options};

use crate::codegen::{
    default_documents, read_documents, read_policy, supplementary_paths, GENERATE_COMMAND,
};
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
    print!("{}", compare(&old, &new)?.markdown);
    Ok(())
}

/// One side of a comparison: the documents, read once, and a human name
/// of the version.
pub struct Side {
    pub docs: Vec<SourceDocument>,
    pub label: String,
}

impl Side {
    /// `pinned`, or document paths joined by commas.
    pub fn parse(spec: &str, with_supplementary: bool) -> Result<Side, String> {
        if spec == "pinned" {
            return Ok(Side {
                docs: default_documents()?,
                label: pin::read()?.version_label(),
            });
        }
        let given: Vec<PathBuf> = spec.split(',').map(PathBuf::from).collect();
        Side::documents(&given, with_supplementary)
    }

    /// `documents` (Propexo's document first), with the supplementary
    /// documents appended when asked.
    pub fn documents(documents: &[PathBuf], with_supplementary: bool) -> Result<Side, String> {
        let label = documents
            .iter()
            .map(|p| label_of(p))
            .collect::<Vec<_>>()
            .join(" + ");
        let mut paths = documents.to_vec();
        if with_supplementary {
            paths.extend(supplementary_paths());
        }
        Ok(Side {
            docs: read_documents(&paths)?,
            label,
        })
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
    let (old_model, old_layout) = load(&old.docs, NamesLock::default())?;
    // Regenerating over the old crate keeps its names (the names lock):
    // compare with what that regeneration gives.
    let lock = NamesLock::from_layout(&old_model, &old_layout);
    let (new_model, new_layout) = load(&new.docs, lock)?;
    let side = |model, layout| changelog::Side { model, layout };
    let changes = diff(side(&old_model, &old_layout), side(&new_model, &new_layout));
    let policy = read_policy()?;
    Ok(Comparison {
        markdown: markdown(&old.label, &new.label, &changes, &policy.crate_version),
        bump: bump(&changes),
    })
}

/// The model and layout of `docs`.
fn load(docs: &[SourceDocument], names_lock: NamesLock) -> Result<(Model, Layout), String> {
    let mut policy = read_policy()?;
    policy.names_lock = names_lock;
    let options = Options {
        policy,
        command: GENERATE_COMMAND.to_owned(),
        standalone: false,
    };
    let mut diags = Diagnostics::default();
    model_and_layout(docs, &options, &mut diags).ok_or_else(|| diags.to_string())
}
