//! Which file under `src/types/` each type lives in: the resource module of
//! the operations that reach it, or `shared` when several resources do. All
//! types are re-exported from `propexo::types`, so a type that moves file
//! when another resource starts using it keeps its public path; only the
//! diff of the two files shows the move. A type no generated function
//! reaches (only unsupported operations use it) gets no home and is not
//! generated. Webhook payloads reach their types from the module that
//! hosts the receive side.
//!
//! The same walk gives each type its features: the resource modules whose
//! functions need it.

use std::collections::BTreeMap;

use super::webhooks::WebhooksLayout;
use super::{OpLayout, TypeFile, TypeLayout};
use crate::model::{Model, TypeId};

pub const SHARED: &str = "shared";

pub fn assign_homes(
    model: &Model,
    ops: &[OpLayout],
    webhooks: Option<&WebhooksLayout>,
    types: &mut [TypeLayout],
) {
    // Operations without a function (not supported) bring no types along.
    for (op, names) in model
        .operations
        .iter()
        .zip(ops)
        .filter(|(op, _)| op.supported)
    {
        reach(model, model.op_roots(op), &names.module, types);
    }
    if let Some(hooks) = webhooks {
        let mut roots = Vec::new();
        for event in &hooks.events {
            model.webhooks[event.webhook]
                .payload
                .visit_ids(&mut |id| roots.push(id));
        }
        reach(model, roots, &hooks.module, types);
    }
    for t in types.iter_mut() {
        t.home = match t.features.len() {
            0 => None,
            1 => t.features.iter().next().cloned(),
            _ => Some(SHARED.to_owned()),
        };
    }
}

/// Marks every type reachable from `roots` as needed by `module`.
fn reach(model: &Model, roots: Vec<TypeId>, module: &str, types: &mut [TypeLayout]) {
    for id in model.reachable(roots) {
        types[id.index()].features.insert(module.to_owned());
    }
}

/// The files of types: each home's types, by name.
pub fn type_files(types: &[TypeLayout]) -> BTreeMap<String, TypeFile> {
    let mut files: BTreeMap<String, TypeFile> = BTreeMap::new();
    for (i, t) in types.iter().enumerate() {
        if let Some(home) = &t.home {
            files
                .entry(home.clone())
                .or_insert_with(|| TypeFile {
                    file: format!("src/types/{home}.rs"),
                    types: Vec::new(),
                })
                .types
                .push(TypeId::new(i));
        }
    }
    for file in files.values_mut() {
        file.types
            .sort_by(|a, b| types[a.index()].name.cmp(&types[b.index()].name));
    }
    files
}
