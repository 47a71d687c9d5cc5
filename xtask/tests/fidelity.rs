//! The generated per-PMS types say what Propexo's reference pages say.
//!
//! `spec/supplementary/fidelity/*.yaml` records, for a sample of the
//! transcribed operations, what each page shows (request field names,
//! which are required, enum values, path parameters), written down apart
//! from the OpenAPI transcription. This test generates the crate from the
//! pinned and supplementary documents and checks the operations' request
//! types against those records.

mod support;

use std::collections::BTreeSet;
use std::path::PathBuf;

use propexo_generator::layout::Layout;
use propexo_generator::load::read_document;
use propexo_generator::model::{Model, Ty, TypeKind};
use propexo_generator::policy::Policy;
use propexo_generator::{generate, Options};
use serde::Deserialize;
use support::root;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    operation: String,
    page: String,
    #[serde(default)]
    request_fields: Vec<PageField>,
    #[serde(default)]
    path_params: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PageField {
    name: String,
    /// Absent where no stored rendering of the page shows Required/Optional:
    /// then only the field's presence is checked.
    #[serde(default)]
    required: Option<bool>,
    #[serde(default, rename = "enum")]
    values: Option<Vec<String>>,
}

fn records() -> Vec<(String, Record)> {
    let dir = root().join("spec/supplementary/fidelity");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let vendor = file.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&file).unwrap();
        let records: Vec<Record> =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        out.extend(records.into_iter().map(|r| (vendor.clone(), r)));
    }
    out
}

/// The crate as `cargo xtask generate` makes it: the pinned document
/// (fetched by CI before the tests; the shared mirror otherwise) and every
/// supplementary document.
fn generated() -> (Model, Layout) {
    let downloaded = root().join("spec/downloaded/openapi.yml");
    let pinned = if downloaded.is_file() {
        downloaded
    } else {
        root().join("../shared/propexo-spec/openapi.yml")
    };
    let mut paths = vec![pinned];
    let mut extra: Vec<PathBuf> = std::fs::read_dir(root().join("spec/supplementary"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    extra.sort();
    paths.extend(extra);
    let docs: Vec<_> = paths.iter().map(|p| read_document(p).unwrap()).collect();
    let options = Options {
        policy: Policy::read(&root().join("spec/policy.yaml")).unwrap(),
        command: "test".into(),
        standalone: false,
    };
    let output = generate(&docs, &options).unwrap();
    (output.model, output.layout)
}

#[test]
fn the_sample_is_large_and_varied_enough() {
    let records = records();
    let vendors: BTreeSet<&str> = records.iter().map(|(v, _)| v.as_str()).collect();
    assert!(
        records.len() >= 20,
        "{} operations in the sample",
        records.len()
    );
    assert!(
        vendors.len() >= 6,
        "{} vendors in the sample: {vendors:?}",
        vendors.len()
    );
}

#[test]
fn generated_request_types_match_the_reference_pages() {
    let (model, layout) = generated();
    let mut problems = Vec::new();
    let mut fields_checked = 0;
    for (vendor, record) in records() {
        let at = format!("{vendor}: {} ({})", record.operation, record.page);
        let Some(op) = model
            .operations
            .iter()
            .find(|op| op.key() == record.operation)
        else {
            problems.push(format!("{at}: no such operation in the generated crate"));
            continue;
        };
        let params: Vec<&str> = op.path_params.iter().map(|p| p.name.as_str()).collect();
        if params != record.path_params {
            problems.push(format!(
                "{at}: path parameters {params:?}, the page shows {:?}",
                record.path_params
            ));
        }
        if record.request_fields.is_empty() {
            continue;
        }
        let Some(Ty::Named(body)) = op.body.as_ref().map(Ty::non_null) else {
            problems.push(format!(
                "{at}: the page shows request fields, the function takes no body struct"
            ));
            continue;
        };
        let Some(body_struct) = model.as_struct(*body) else {
            problems.push(format!("{at}: the request body is not a struct"));
            continue;
        };
        let type_name = &layout.ty(*body).name;
        for page_field in &record.request_fields {
            fields_checked += 1;
            let Some((index, field)) = body_struct.field(&page_field.name) else {
                problems.push(format!(
                    "{at}: `{type_name}` has no field `{}`",
                    page_field.name
                ));
                continue;
            };
            if let Some(required) = page_field.required {
                if field.required != required {
                    problems.push(format!(
                        "{at}: `{type_name}.{}` is {}required, the page says {}required",
                        layout.ty(*body).fields[index],
                        if field.required { "" } else { "not " },
                        if required { "" } else { "not " },
                    ));
                }
            }
            if let Some(values) = &page_field.values {
                let generated: Option<Vec<String>> = match field.ty.non_null() {
                    Ty::Named(id) => match &model.ty(*id).kind {
                        TypeKind::Enum(e) => Some(e.values.clone()),
                        _ => None,
                    },
                    _ => None,
                };
                let expected: BTreeSet<&String> = values.iter().collect();
                match generated {
                    Some(g) if g.iter().collect::<BTreeSet<_>>() == expected => {}
                    other => problems.push(format!(
                        "{at}: `{type_name}.{}` has enum values {other:?}, the page lists {values:?}",
                        page_field.name
                    )),
                }
            }
        }
    }
    assert!(
        fields_checked >= 100,
        "only {fields_checked} fields checked"
    );
    assert!(
        problems.is_empty(),
        "{} disagreements:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
