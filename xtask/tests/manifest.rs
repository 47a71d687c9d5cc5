//! `generated/api.json` must name real items: every Rust path in it is
//! imported with `use` by a crate that depends on `propexo`, and that crate
//! must build.

mod support;

use support::root;

fn manifest() -> serde_json::Value {
    let text = std::fs::read_to_string(root().join("generated/api.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every Rust path the manifest names.
fn rust_paths(manifest: &serde_json::Value) -> Vec<String> {
    let mut paths = Vec::new();
    for op in manifest["operations"].as_array().unwrap() {
        for key in ["rust", "params", "request", "response"] {
            if let Some(path) = op[key].as_str() {
                // Only plain paths are importable; `Vec<…>` and the like are
                // type expressions.
                if !path.contains('<') {
                    paths.push(path.to_owned());
                }
            }
        }
    }
    for ty in manifest["types"].as_array().unwrap() {
        paths.push(ty["rust"].as_str().unwrap().to_owned());
        for alias in ty["aliases"].as_array().into_iter().flatten() {
            paths.push(format!("propexo::types::{}", alias.as_str().unwrap()));
        }
    }
    paths.sort();
    paths.dedup();
    paths
}

#[test]
fn the_manifest_is_sorted_and_complete() {
    let manifest = manifest();
    let ops = manifest["operations"].as_array().unwrap();
    let keys: Vec<(String, String)> = ops
        .iter()
        .map(|o| {
            (
                o["path"].as_str().unwrap().to_owned(),
                o["method"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "operations are sorted by path, then method");
    assert!(
        ops.len() >= 211,
        "the pinned document has 211 operations, the manifest {}",
        ops.len()
    );
    for op in ops {
        for key in [
            "method",
            "path",
            "summary",
            "vendor",
            "resource",
            "action",
            "rust",
            "request",
            "response",
            "deprecated",
            "supported",
        ] {
            assert!(op.get(key).is_some(), "operation {op} lacks {key}");
        }
    }
    let update = ops
        .iter()
        .find(|o| o["method"] == "PUT" && o["path"] == "/v1/leads/{id}")
        .expect("PUT /v1/leads/{id}");
    assert_eq!(update["rust"], "propexo::leads::update");
    assert_eq!(update["request"], "propexo::types::UpdateLeadRequest");
}

#[test]
fn every_rust_path_in_the_manifest_is_importable() {
    let paths = rust_paths(&manifest());
    // One module per path: two endpoint functions may share a name.
    let mut lib = String::from("#![allow(unused_imports, deprecated)]\n");
    for (i, path) in paths.iter().enumerate() {
        lib.push_str(&format!("mod m{i} {{ use {path}; }}\n"));
    }
    let output = support::check_dependent("manifest_check", &lib);
    assert!(
        output.status.success(),
        "some manifest paths do not resolve:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        paths.len() > 600,
        "expected every operation and type, got {} paths",
        paths.len()
    );
}
