//! The propexo-rs generator: OpenAPI document in, `propexo` crate out.
//!
//! The pipeline has named stages, each in its own module:
//!
//! 1. [`load`]: read YAML/JSON documents, merge them, lower OpenAPI 3.1 to
//!    3.0 and parse with `openapiv3`.
//! 2. [`shape`]: build the intermediate model ([`ir`]) from the document.
//! 3. [`normalize`]: de-duplicate and name everything.
//! 4. [`emit`]: print the model as Rust files and the API manifest.
//!
//! Problems in the input are [`diag::Diagnostic`]s that name their place in
//! the document; the generator does not panic on input.

pub mod changelog;
pub mod diag;
pub mod emit;
pub mod ir;
pub mod load;
pub mod naming;
pub mod normalize;
pub mod pointer;
pub mod policy;
pub mod shape;

use std::collections::BTreeMap;

use diag::Diagnostics;
use ir::InputInfo;
use load::SourceDocument;
use policy::Policy;

/// What the generator needs besides the documents.
#[derive(Debug, Clone)]
pub struct Options {
    pub policy: Policy,
    /// The command that regenerates the output, for file headers.
    pub command: String,
    /// The crate is written outside this workspace and must be its own
    /// workspace root to build there.
    pub standalone: bool,
}

/// The generated crate: file contents keyed by path relative to the crate
/// root, in a sorted map so that writing them is deterministic.
#[derive(Debug, Clone)]
pub struct Output {
    pub files: BTreeMap<String, String>,
    pub diagnostics: Diagnostics,
    pub api: ir::Api,
}

#[derive(Debug, thiserror::Error)]
#[error("the input documents cannot be turned into a crate:\n{0}")]
pub struct GenerateError(pub Diagnostics);

/// Runs the whole pipeline on already-read documents.
pub fn generate(docs: &[SourceDocument], options: &Options) -> Result<Output, GenerateError> {
    let mut diags = Diagnostics::default();
    let api = model(docs, options, &mut diags).ok_or_else(|| GenerateError(diags.clone()))?;
    let files = emit::emit(&api, options);
    Ok(Output {
        files,
        diagnostics: diags,
        api,
    })
}

/// Stages 1 to 3: the normalized model, or `None` when the input has errors
/// (which are then in `diags`).
pub fn model(
    docs: &[SourceDocument],
    options: &Options,
    diags: &mut Diagnostics,
) -> Option<ir::Api> {
    let mut merged = load::merge(docs, diags);
    load::lower::lower_document(&mut merged, diags);
    if diags.has_errors() {
        return None;
    }
    let parsed = load::parse::parse_openapi(merged, diags)?;
    let inputs = docs
        .iter()
        .map(|d| InputInfo {
            label: d.label.clone(),
            sha256: d.sha256.clone(),
        })
        .collect();
    let mut api = shape::shape(&parsed, inputs, &options.policy, diags);
    if diags.has_errors() {
        return None;
    }
    normalize::normalize(&mut api, &options.policy, diags);
    Some(api)
}
