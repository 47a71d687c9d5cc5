//! The names lock: the public type names an earlier generation gave, keyed
//! by the schemas (JSON pointers) they were made from. The layout keeps a
//! locked name for as long as one of its schemas still exists, so that a
//! new document version renames nothing that still exists; when two
//! locked types become one, the other name stays as a type alias. Read
//! from the earlier `api.json` (its `types[].sources` and names).

use std::collections::{BTreeMap, BTreeSet};

use crate::layout::Layout;
use crate::model::Model;

/// A name the layout could give a type: ASCII, UpperCamelCase-like, not a
/// keyword, of reasonable length, shadowing no prelude name (an earlier
/// generation's `Result` is not kept: the layout renames it and the
/// changelog reports the rename).
fn is_type_name(name: &str) -> bool {
    name.len() <= 200
        && !crate::naming::shadows_prelude(name)
        && name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && name != "Self"
        && !crate::naming::is_keyword(name)
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NamesLock {
    /// Schema pointer → the names the type made from it had: its name
    /// first, then its aliases.
    pub by_source: BTreeMap<String, Vec<String>>,
}

impl NamesLock {
    /// The lock an `api.json` records.
    pub fn from_manifest(text: &str) -> Result<Self, String> {
        let root: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("api.json is not JSON: {e}"))?;
        let types = root["types"]
            .as_array()
            .ok_or("api.json has no `types` array")?;
        let mut lock = NamesLock::default();
        for ty in types {
            let Some(path) = ty["rust"].as_str() else {
                continue;
            };
            let name = path.rsplit("::").next().unwrap_or(path).to_owned();
            // Only names the generator could have given: a hand-edited or
            // foreign api.json must not put an invalid identifier in code.
            let names: Vec<String> = std::iter::once(name)
                .chain(
                    ty["aliases"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|a| a.as_str().map(str::to_owned)),
                )
                .filter(|n| is_type_name(n))
                .collect();
            if names.is_empty() {
                continue;
            }
            for source in ty["sources"].as_array().into_iter().flatten() {
                if let Some(source) = source.as_str() {
                    lock.by_source.insert(source.to_owned(), names.clone());
                }
            }
        }
        Ok(lock)
    }

    /// The lock a generation would record: what a regeneration from the
    /// next document keeps.
    pub fn from_layout(model: &Model, layout: &Layout) -> Self {
        let mut lock = NamesLock::default();
        for id in model.type_ids().filter(|id| layout.is_generated(*id)) {
            let names = layout.ty(id);
            let mut all = vec![names.name.clone()];
            all.extend(names.aliases.iter().cloned());
            for source in &model.ty(id).sources {
                lock.by_source.insert(source.clone(), all.clone());
            }
        }
        lock
    }

    pub fn is_empty(&self) -> bool {
        self.by_source.is_empty()
    }

    /// Every locked name.
    pub fn names(&self) -> BTreeSet<&str> {
        self.by_source
            .values()
            .flatten()
            .map(String::as_str)
            .collect()
    }

    /// The locked names of a type made from `sources`, in order: the name
    /// of its first locked source first.
    pub fn names_for<'a>(&'a self, sources: &'a [String]) -> Vec<&'a str> {
        let mut out: Vec<&str> = Vec::new();
        for source in sources {
            for name in self.by_source.get(source).into_iter().flatten() {
                if !out.contains(&name.as_str()) {
                    out.push(name);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_and_aliases_by_source_from_a_manifest() {
        let lock = NamesLock::from_manifest(
            r##"{"types": [
                {"rust": "propexo::types::PhoneType", "aliases": ["CreateResidentPhone1Type"], "sources": ["#/a", "#/b"]},
                {"rust": "propexo::types::Lead", "sources": ["#/c"]}
            ]}"##,
        )
        .unwrap();
        assert_eq!(
            lock.names_for(&["#/b".into()]),
            ["PhoneType", "CreateResidentPhone1Type"]
        );
        assert_eq!(
            lock.names_for(&["#/x".into(), "#/c".into(), "#/a".into()]),
            ["Lead", "PhoneType", "CreateResidentPhone1Type"]
        );
        assert!(lock.names_for(&["#/x".into()]).is_empty());
        assert_eq!(lock.names().len(), 3);
        assert!(NamesLock::from_manifest("{}").is_err());
        // Hostile entries (hand-edited or foreign) never become identifiers.
        let hostile = NamesLock::from_manifest(
            r##"{"types": [
                {"rust": "propexo::types::Self", "sources": ["#/a"]},
                {"rust": "propexo::types::1Bad", "aliases": ["ok_not", "Fine", "X\u202eY"], "sources": ["#/b"]},
                {"rust": 7, "sources": ["#/c"]},
                {"rust": "propexo::types::Lead", "sources": [null, 3, "#/d"]}
            ]}"##,
        )
        .unwrap();
        assert_eq!(hostile.names_for(&["#/a".into()]), Vec::<&str>::new());
        assert_eq!(hostile.names_for(&["#/b".into()]), ["Fine"]);
        assert_eq!(hostile.names_for(&["#/d".into()]), ["Lead"]);
        assert!(NamesLock::from_manifest("nope").is_err());
    }
}
