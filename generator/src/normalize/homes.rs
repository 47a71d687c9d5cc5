//! Which file under `src/types/` each type lives in: the resource module of
//! the operations that reach it, or `shared` when several resources do. All
//! types are re-exported from `propexo::types`, so a type that moves file
//! when another resource starts using it keeps its public path; only the
//! diff of the two files shows the move. A type no generated function
//! reaches (only unsupported operations use it) gets no home and is not
//! generated. Webhook payloads reach their types from the module that
//! hosts the receive side.

use std::collections::BTreeSet;

use crate::ir::{Api, TypeId, TypeKind};

pub const SHARED: &str = "shared";

pub fn assign_homes(api: &mut Api) {
    let mut reached: Vec<BTreeSet<String>> = vec![BTreeSet::new(); api.types.len()];
    // Operations without a function (not supported) bring no types along.
    for op in api.operations.iter().filter(|op| op.supported) {
        let mut roots = Vec::new();
        for ty in [&op.body, &op.response, &op.error].into_iter().flatten() {
            ty.visit_ids(&mut |id| roots.push(id));
        }
        for param in &op.path_params {
            param.ty.visit_ids(&mut |id| roots.push(id));
        }
        roots.extend(op.query);
        reach(api, roots, &op.module, &mut reached);
    }
    if let Some(module) = &api.webhook_module {
        let mut roots = Vec::new();
        for webhook in &api.webhooks {
            webhook.payload.visit_ids(&mut |id| roots.push(id));
        }
        reach(api, roots, module, &mut reached);
    }
    for (id, modules) in reached.into_iter().enumerate() {
        api.types[id].home = match modules.len() {
            0 => String::new(),
            1 => modules.into_iter().next().unwrap_or_default(),
            _ => SHARED.to_owned(),
        };
    }
}

/// Marks every type reachable from `roots` as reached from `module`.
fn reach(api: &Api, roots: Vec<TypeId>, module: &str, reached: &mut [BTreeSet<String>]) {
    let mut stack = roots;
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        reached[id].insert(module.to_owned());
        stack.extend(children(api, id));
    }
}

fn children(api: &Api, id: TypeId) -> Vec<TypeId> {
    let mut out = Vec::new();
    match &api.types[id].kind {
        TypeKind::Struct(s) => {
            for field in &s.fields {
                field.ty.visit_ids(&mut |c| out.push(c));
            }
            if let Some(extra) = &s.additional {
                extra.visit_ids(&mut |c| out.push(c));
            }
        }
        TypeKind::Union(u) => {
            for variant in &u.variants {
                variant.ty.visit_ids(&mut |c| out.push(c));
            }
        }
        TypeKind::Enum(_) => {}
    }
    out
}
