//! The crate's cargo features and which of them each item needs.
//!
//! One feature per resource module, named like the module, enabling its
//! functions and the types they reach; `full` enables every one and is the
//! default, so default users see every public path as before. A type is
//! compiled when any feature that reaches it is on: shared types carry
//! `#[cfg(any(feature = "a", feature = "b"))]` rather than one feature
//! depending on another, because a dependency between features would turn
//! on the other resource's functions too (and `leads` would build half the
//! crate through the types it shares with `residents`).
//!
//! The receive side of webhooks lives in its module (`webhooks`) and needs
//! its feature; `axum` (the extractor) turns it on. Waiting for write jobs
//! polls the write-status operation, so `jobs` needs that operation's
//! resource feature.

use std::collections::{BTreeMap, BTreeSet};

use super::{Layout, ModuleLayout, TypeFile, TypeLayout};
use crate::model::Model;

/// The feature that enables every resource module (the default).
pub const FULL: &str = "full";

/// The webhook extractor's feature, which also enables the receive side.
pub const AXUM: &str = "axum";

/// Which features an item needs: compiled when any of them is on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Gate {
    /// Empty: always compiled.
    pub any: BTreeSet<String>,
}

impl Gate {
    pub fn always() -> Self {
        Gate::default()
    }

    pub fn one(feature: &str) -> Self {
        Gate {
            any: BTreeSet::from([feature.to_owned()]),
        }
    }

    pub fn is_always(&self) -> bool {
        self.any.is_empty()
    }

    /// As users read it: `` `leads` `` or `` one of `leads`, `residents` ``.
    pub fn describe(&self) -> String {
        let names: Vec<String> = self.any.iter().map(|f| format!("`{f}`")).collect();
        match names.len() {
            0 => "no feature".to_owned(),
            1 => names[0].clone(),
            _ => format!("one of {}", names.join(", ")),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct FeaturesLayout {
    /// The resource features, each enabling its module (by name).
    pub resources: BTreeSet<String>,
    /// The feature the receive side of webhooks needs, when there is one.
    pub receive: Option<String>,
    /// The feature `jobs` (waiting for write jobs) needs, when there is a
    /// `jobs` module.
    pub jobs: Option<String>,
    /// Each file of types: one gate for the whole file when all its types
    /// have the same one, else `None` (each type carries its own).
    pub type_files: BTreeMap<String, Option<Gate>>,
}

/// The features of a crate with these modules, types and receive side.
pub fn place(
    model: &Model,
    modules: &BTreeMap<String, ModuleLayout>,
    operations: &[super::OpLayout],
    types: &[TypeLayout],
    type_files: &BTreeMap<String, TypeFile>,
    receive_module: Option<&str>,
) -> FeaturesLayout {
    let mut resources: BTreeSet<String> = modules.values().map(|m| m.feature.clone()).collect();
    resources.extend(receive_module.map(str::to_owned));
    let jobs = model
        .write_jobs
        .as_ref()
        .map(|jobs| operations[jobs.op.index()].module.clone());
    let type_files = type_files
        .iter()
        .map(|(home, file)| {
            let mut gates = file.types.iter().map(|id| type_gate(&types[id.index()]));
            let first = gates.next().unwrap_or_default();
            let same = gates.all(|g| g == first);
            (home.clone(), same.then_some(first))
        })
        .collect();
    FeaturesLayout {
        resources,
        receive: receive_module.map(str::to_owned),
        jobs,
        type_files,
    }
}

/// The features a type needs: those of the resources that reach it.
pub fn type_gate(names: &TypeLayout) -> Gate {
    Gate {
        any: names.features.clone(),
    }
}

impl Layout {
    /// The gate of a type (see [`type_gate`]).
    pub fn type_gate(&self, id: crate::model::TypeId) -> Gate {
        type_gate(self.ty(id))
    }

    /// The gate of a resource module's file (the module of the receive side
    /// when no resource has its name).
    pub fn module_gate(&self, module: &str) -> Gate {
        match self.modules.get(module) {
            Some(m) => Gate::one(&m.feature),
            None => Gate::one(module),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_gates_as_users_read_them() {
        assert_eq!(Gate::one("leads").describe(), "`leads`");
        let two = Gate {
            any: BTreeSet::from(["residents".to_owned(), "leads".to_owned()]),
        };
        assert_eq!(two.describe(), "one of `leads`, `residents`");
        assert!(Gate::always().is_always());
    }
}
