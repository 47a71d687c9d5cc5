//! Regeneration renames nothing that still exists: over consecutive
//! versions of Propexo's document (`../shared/propexo-spec/history/`, then
//! the pinned one), each generated with the names lock of the one before,
//! every public type name whose schema still exists is still there (as the
//! type's name or an alias).

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use propexo_generator::layout::Layout;
use propexo_generator::load::read_document;
use propexo_generator::model::Model;
use propexo_generator::names_lock::NamesLock;
use propexo_generator::policy::Policy;
use propexo_generator::{model_and_layout, Options};
use support::root;

fn versions() -> Vec<PathBuf> {
    let shared = root().join("../shared/propexo-spec");
    let mut found: Vec<PathBuf> = std::fs::read_dir(shared.join("history"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .collect();
    found.sort();
    found.push(shared.join("openapi.yml"));
    found
}

fn generate(path: &Path, lock: NamesLock) -> (Model, Layout) {
    let mut policy = Policy::read(&root().join("spec/policy.yaml")).unwrap();
    policy.names_lock = lock;
    let options = Options {
        policy,
        command: "test".into(),
        standalone: true,
    };
    let mut diags = propexo_generator::diag::Diagnostics::default();
    model_and_layout(&[read_document(path).unwrap()], &options, &mut diags)
        .unwrap_or_else(|| panic!("{}: {diags}", path.display()))
}

/// Names of the previous generation that disappeared although a schema
/// they were made from is still generated.
fn lost_names(previous: &NamesLock, model: &Model, layout: &Layout) -> Vec<String> {
    let now = NamesLock::from_layout(model, layout);
    let present: BTreeSet<&str> = now.names();
    let mut lost = BTreeSet::new();
    for (source, names) in &previous.by_source {
        if !now.by_source.contains_key(source) {
            continue; // the schema is gone (or no longer generated)
        }
        for name in names {
            if !present.contains(name.as_str()) {
                lost.insert(format!("{name} (schema {source} still exists)"));
            }
        }
    }
    lost.into_iter().collect()
}

#[test]
fn no_public_type_name_disappears_while_its_schema_exists() {
    let versions = versions();
    assert!(versions.len() >= 10, "history versions: {}", versions.len());
    let mut renames_without_lock = Vec::new();
    let mut failures = Vec::new();
    let mut previous: Option<NamesLock> = None;
    let mut previous_plain: Option<NamesLock> = None;
    for pair in versions.windows(2) {
        let first = || {
            let (m, l) = generate(&pair[0], NamesLock::default());
            NamesLock::from_layout(&m, &l)
        };
        let before = previous.take().unwrap_or_else(first);
        let before_plain = previous_plain.take().unwrap_or_else(first);
        // The baseline: each version named on its own, as without a lock.
        let (plain_model, plain_layout) = generate(&pair[1], NamesLock::default());
        renames_without_lock.push(lost_names(&before_plain, &plain_model, &plain_layout).len());
        previous_plain = Some(NamesLock::from_layout(&plain_model, &plain_layout));
        let (model, layout) = generate(&pair[1], before.clone());
        let lost = lost_names(&before, &model, &layout);
        if !lost.is_empty() {
            failures.push(format!(
                "{} → {}: {}",
                pair[0].display(),
                pair[1].display(),
                lost.join(", ")
            ));
        }
        previous = Some(NamesLock::from_layout(&model, &layout));
    }
    println!(
        "{} consecutive pairs: names lost without the lock, per pair {renames_without_lock:?} \
         ({} in all, in {} pairs); with it: {} pairs lose names",
        versions.len() - 1,
        renames_without_lock.iter().sum::<usize>(),
        renames_without_lock.iter().filter(|n| **n > 0).count(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "names lost with the lock:\n{}",
        failures.join("\n")
    );
}
