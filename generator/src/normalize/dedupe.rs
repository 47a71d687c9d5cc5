//! Structurally identical types become one: the phone type
//! `FAX | HOME | MOBILE | WORK` is written inline dozens of times in the
//! document and is one Rust enum. A component schema absorbs inline copies
//! of itself; two components stay apart (each has a name of its own).

use std::collections::BTreeMap;

use crate::ir::{Api, Ty, TypeId, TypeKind};

pub fn dedupe(api: &mut Api) {
    // Keys mention child ids, so merging children can make parents equal:
    // repeat until nothing merges.
    loop {
        let mut merged_any = false;
        let mut seen: BTreeMap<String, TypeId> = BTreeMap::new();
        let order: Vec<TypeId> = {
            let alive = (0..api.types.len()).filter(|&id| api.types[id].merged_into.is_none());
            let (components, inline): (Vec<_>, Vec<_>) =
                alive.partition(|&id| api.types[id].component.is_some());
            components.into_iter().chain(inline).collect()
        };
        for id in order {
            let key = key(api, id);
            match seen.get(&key) {
                Some(&canonical) if api.types[id].component.is_none() => {
                    merge(api, id, canonical);
                    merged_any = true;
                }
                Some(_) => {}
                None => {
                    seen.insert(key, id);
                }
            }
        }
        if !merged_any {
            break;
        }
        redirect(api);
    }
    redirect(api);
}

fn merge(api: &mut Api, from: TypeId, into: TypeId) {
    let from_def = api.types[from].clone();
    let into_def = &mut api.types[into];
    into_def.uses.extend(from_def.uses);
    into_def.sources.extend(from_def.sources);
    if into_def.component.is_none() && into_def.doc != from_def.doc {
        // Inline types carry the description of the place that uses them;
        // a type shared by several places keeps none of them.
        into_def.doc = None;
    }
    api.types[from].merged_into = Some(into);
}

/// The id a type was merged into, following chains.
pub fn canonical(api: &Api, mut id: TypeId) -> TypeId {
    while let Some(next) = api.types[id].merged_into {
        if next == id {
            break;
        }
        id = next;
    }
    id
}

/// Points every reference at the surviving type.
fn redirect(api: &mut Api) {
    let targets: Vec<TypeId> = (0..api.types.len()).map(|id| canonical(api, id)).collect();
    let map = |id: TypeId| targets[id];
    for def in &mut api.types {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.ty.map_ids(&map);
                }
                if let Some(extra) = &mut s.additional {
                    extra.map_ids(&map);
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    variant.ty.map_ids(&map);
                }
            }
            TypeKind::Enum(_) => {}
        }
    }
    for op in &mut api.operations {
        for ty in [&mut op.body, &mut op.response, &mut op.error]
            .into_iter()
            .flatten()
        {
            ty.map_ids(&map);
        }
        for param in &mut op.path_params {
            param.ty.map_ids(&map);
        }
        if let Some(query) = &mut op.query {
            *query = map(*query);
        }
    }
}

/// A text that is equal for two types exactly when they generate the same
/// Rust definition (up to the name and the type's own description).
fn key(api: &Api, id: TypeId) -> String {
    let ty_key = |ty: &Ty| {
        let mut ty = ty.clone();
        ty.map_ids(&|id| canonical(api, id));
        format!("{ty:?}")
    };
    match &api.types[id].kind {
        TypeKind::Enum(e) => {
            let values: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
            format!("enum {values:?}")
        }
        TypeKind::Struct(s) => {
            let fields: Vec<String> = s
                .fields
                .iter()
                .map(|f| {
                    format!(
                        "{}|{}|{}|{:?}|{:?}|{}",
                        f.json_name,
                        ty_key(&f.ty),
                        f.required,
                        f.doc,
                        f.deprecated,
                        f.beta
                    )
                })
                .collect();
            let extra = s.additional.as_ref().map(ty_key);
            // Operation parameters are never shared: they are one function's.
            let io = api.types[id]
                .uses
                .iter()
                .any(|u| matches!(u, crate::ir::Use::Operation { .. }));
            format!(
                "struct {fields:?} {extra:?} io:{}",
                if io { id.to_string() } else { String::new() }
            )
        }
        TypeKind::Union(u) => {
            let variants: Vec<String> = u
                .variants
                .iter()
                .map(|v| format!("{}|{}", v.name, ty_key(&v.ty)))
                .collect();
            format!("union {variants:?}")
        }
    }
}
