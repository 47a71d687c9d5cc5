//! The propexo-rs generator: OpenAPI document in, `propexo` crate out.
//!
//! The pipeline has four stages, each a module that depends only on the
//! ones before it, and two artefacts between them:
//!
//! 1. [`load`]: read YAML/JSON documents, merge them, lower OpenAPI 3.1 to
//!    3.0 and parse with `openapiv3`.
//! 2. [`shape`]: the shapes the document describes, as the immutable
//!    [`model::Model`] (types and operations with typed ids; identical
//!    types are one, decided when each is inserted).
//! 3. [`layout`]: every Rust name and place — types, fields, variants,
//!    modules, functions, files, features — as the [`layout::Layout`].
//! 4. [`emit`]: print `(&Model, &Layout)` as the crate's files.
//!
//! [`changelog`] compares two `(Model, Layout)` pairs. Problems in the
//! input are [`diag::Diagnostic`]s that name their place in the document;
//! the generator does not panic on input.

pub mod changelog;
pub mod diag;
pub mod emit;
pub mod inventory;
pub mod layout;
pub mod load;
pub mod model;
pub mod names_lock;
pub mod naming;
mod parallel;
pub mod pointer;
pub mod policy;
pub mod shape;

use std::collections::BTreeMap;

use diag::Diagnostics;
use layout::Layout;
use load::SourceDocument;
use model::{InputInfo, Model};
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
    pub model: Model,
    pub layout: Layout,
}

#[derive(Debug, thiserror::Error)]
#[error("the input documents cannot be turned into a crate:\n{0}")]
pub struct GenerateError(pub Diagnostics);

/// The stack the pipeline runs with. Every recursion in it is bounded by
/// the input's nesting, which the YAML parser bounds (128 levels) and the
/// shape stage bounds again (`shape::schema::MAX_SCHEMA_DEPTH`, reference
/// chains of 64); at that depth an unoptimized build needs about 5 MiB.
/// Only the pages a run touches are ever committed.
pub const STACK_BYTES: usize = 64 << 20;

/// Runs `f` on a thread with [`STACK_BYTES`] of stack, so that no caller
/// (a test thread has 2 MiB) can make a deep but accepted document
/// overflow it. A panic is passed on as it is.
pub(crate) fn with_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("propexo-generator".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, f)
            .expect("the generator's thread can be started");
        thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Frees `value` on a thread of its own: a whole document or model takes
/// milliseconds to free, which need not hold up the stages after it.
pub fn drop_aside<T: Send + 'static>(value: T) {
    // Should no thread start, the value is freed here instead.
    let _ = std::thread::Builder::new()
        .name("drop".to_owned())
        .spawn(move || drop(value));
}

/// Runs the whole pipeline on already-read documents.
pub fn generate(docs: &[SourceDocument], options: &Options) -> Result<Output, GenerateError> {
    with_stack(|| {
        let mut diags = Diagnostics::default();
        let merged = load::merge(docs, &mut diags);
        generate_here(merged, inputs(docs), options, diags)
    })
}

/// [`generate`] for a caller that gives the documents up: the largest is
/// not copied to merge them, and none is kept while the crate is printed.
pub fn generate_owned(
    docs: Vec<SourceDocument>,
    options: &Options,
) -> Result<Output, GenerateError> {
    with_stack(|| {
        let mut diags = Diagnostics::default();
        let inputs = inputs(&docs);
        let merged = load::merge_owned(docs, &mut diags);
        generate_here(merged, inputs, options, diags)
    })
}

fn generate_here(
    merged: serde_json::Value,
    inputs: Vec<InputInfo>,
    options: &Options,
    mut diags: Diagnostics,
) -> Result<Output, GenerateError> {
    let (model, layout) = model_and_layout_of(merged, inputs, options, &mut diags)
        .ok_or_else(|| GenerateError(diags.clone()))?;
    let files = emit::emit(&model, &layout, options);
    Ok(Output {
        files,
        diagnostics: diags,
        model,
        layout,
    })
}

/// Stages 1 to 3: the model and its layout, or `None` when the input has
/// errors (which are then in `diags`).
pub fn model_and_layout(
    docs: &[SourceDocument],
    options: &Options,
    diags: &mut Diagnostics,
) -> Option<(Model, Layout)> {
    with_stack(|| {
        let merged = load::merge(docs, diags);
        model_and_layout_of(merged, inputs(docs), options, diags)
    })
}

/// What the generated files' headers say about each input.
fn inputs(docs: &[SourceDocument]) -> Vec<InputInfo> {
    docs.iter()
        .map(|d| InputInfo {
            label: d.label.clone(),
            sha256: d.sha256.clone(),
        })
        .collect()
}

/// Stages 1 (after the merge) to 3.
fn model_and_layout_of(
    mut merged: serde_json::Value,
    inputs: Vec<InputInfo>,
    options: &Options,
    diags: &mut Diagnostics,
) -> Option<(Model, Layout)> {
    load::lower::lower_document(&mut merged, diags);
    if diags.has_errors() {
        return None;
    }
    let parsed = load::parse::parse_openapi(merged, diags)?;
    let model = shape::shape(&parsed, inputs, &options.policy, diags);
    drop_aside(parsed);
    if diags.has_errors() {
        return None;
    }
    let layout = layout::layout(&model, &options.policy, diags);
    // A policy the layout cannot follow (a module name it refuses) is an
    // error too.
    if diags.has_errors() {
        return None;
    }
    Some((model, layout))
}

/// Small documents through the pipeline, for the stages' unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    /// The model and layout of a document whose `paths` and `components`
    /// are given (YAML), under `policy` (YAML), with the diagnostics.
    pub fn pipeline(paths_and_components: &str, policy: &str) -> (Model, Layout, Diagnostics) {
        let policy = Policy::parse(policy).expect("test policies are valid");
        pipeline_with(paths_and_components, policy)
    }

    /// [`pipeline`] under a policy built by the test (a names lock, say).
    pub fn pipeline_with(
        paths_and_components: &str,
        policy: Policy,
    ) -> (Model, Layout, Diagnostics) {
        let text =
            format!("openapi: 3.1.0\ninfo: {{title: t, version: \"1\"}}\n{paths_and_components}");
        let doc = SourceDocument {
            label: "test.yaml".into(),
            path: "test.yaml".into(),
            sha256: String::new(),
            value: load::parse_text(text.as_bytes()).expect("test documents are YAML"),
        };
        let options = Options {
            policy,
            command: "test".into(),
            standalone: false,
        };
        let mut diags = Diagnostics::default();
        let (model, layout) = model_and_layout(&[doc], &options, &mut diags)
            .unwrap_or_else(|| panic!("the test document has errors:\n{diags}"));
        (model, layout, diags)
    }

    /// The id of the type the layout names `name`.
    pub fn type_named(model: &Model, layout: &Layout, name: &str) -> model::TypeId {
        model
            .type_ids()
            .find(|id| layout.ty(*id).name == name)
            .unwrap_or_else(|| {
                let names: Vec<&str> = layout.types.iter().map(|t| t.name.as_str()).collect();
                panic!("no type {name}; there are {names:?}")
            })
    }

    /// All type names, sorted.
    pub fn type_names(layout: &Layout) -> Vec<String> {
        let mut names: Vec<String> = layout.types.iter().map(|t| t.name.clone()).collect();
        names.sort();
        names
    }
}
