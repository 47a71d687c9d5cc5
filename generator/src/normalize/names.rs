//! Final Rust names for types, fields, variants, modules and functions.
//!
//! A type's name comes from, in order of preference: `spec/policy.yaml`;
//! its component name when that is a meaningful identifier; the operation
//! it is the request, response or parameters of (`UpdateLeadRequest`); the
//! shape of a union of plain values (`DateTimeOrDate`); the places that use
//! it (`Lead` + `phone_1_type` → `LeadPhone1Type`, or for a type shared by
//! many places the words their names share: `PhoneType`). Collisions go to
//! the type with the strongest claim, then the lowest id; the others take
//! their next candidate or a number.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;

use crate::diag::Diagnostics;
use crate::ir::{Api, Ty, TypeId, TypeKind, Use};
use crate::naming::{pascal_ident, snake_ident, uniquify};
use crate::policy::Policy;
use crate::shape::schema_primitive_name;

/// Names the generated crate reserves at its root.
const RESERVED_MODULES: &[&str] = &["types", "client", "error", "runtime", "lib", "prelude"];

/// The catch-all variant of every enum.
pub const UNRECOGNIZED: &str = "Unrecognized";

pub fn name_everything(api: &mut Api, policy: &Policy, diags: &mut Diagnostics) {
    name_types(api, policy, diags);
    name_members(api);
    name_operations(api, diags);
}

fn alive(api: &Api) -> Vec<TypeId> {
    (0..api.types.len())
        .filter(|&id| api.types[id].merged_into.is_none())
        .collect()
}

fn is_meaningful_component(name: &str, policy: &Policy) -> bool {
    !name.starts_with('_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && !policy.is_synthetic_name(name)
}

struct Namer<'a> {
    api: &'a Api,
    policy: &'a Policy,
    names: BTreeMap<TypeId, String>,
    taken: BTreeSet<String>,
    visiting: BTreeSet<TypeId>,
}

fn name_types(api: &mut Api, policy: &Policy, diags: &mut Diagnostics) {
    let ids = alive(api);
    let mut namer = Namer {
        api,
        policy,
        names: BTreeMap::new(),
        taken: BTreeSet::new(),
        visiting: BTreeSet::new(),
    };
    // Types that name themselves claim their names first, strongest first.
    let mut self_named: Vec<(u8, TypeId)> = ids
        .iter()
        .filter_map(|&id| namer.own_claim(id).map(|rank| (rank, id)))
        .collect();
    self_named.sort();
    for (_, id) in self_named {
        namer.name(id);
    }
    // Then the others; a type used in more places picks first, so that the
    // short shared name goes to the most common shape.
    let mut by_uses = ids.clone();
    by_uses.sort_by_key(|&id| (std::cmp::Reverse(api.types[id].uses.len()), id));
    for id in by_uses {
        namer.name(id);
    }
    let names = namer.names;
    for (id, name) in names {
        if let Some(component) = &api.types[id].component {
            // OpenAPI allows component names of `[A-Za-z0-9._-]` only; others
            // (Propexo's `_v1_leads_{id}_put_input`) are a defect worth a note.
            let invalid: Vec<char> = component
                .chars()
                .filter(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
                .collect();
            if !invalid.is_empty() {
                diags.warn(
                    crate::pointer::component_schema(component),
                    format!(
                        "schema name {component:?} has characters OpenAPI does not allow in component names ({}); the type is named {name} after its use",
                        invalid.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(" ")
                    ),
                );
            }
        }
        api.types[id].name = name;
    }
}

impl Namer<'_> {
    /// How strong a type's claim to its own name is, if it has one.
    fn own_claim(&self, id: TypeId) -> Option<u8> {
        let def = &self.api.types[id];
        if def
            .sources
            .iter()
            .any(|s| self.policy.type_names.contains_key(s))
        {
            return Some(0);
        }
        if def
            .component
            .as_deref()
            .is_some_and(|c| is_meaningful_component(c, self.policy))
        {
            return Some(1);
        }
        if def.uses.iter().any(|u| matches!(u, Use::Operation { .. })) {
            return Some(2);
        }
        None
    }

    fn name(&mut self, id: TypeId) -> String {
        if let Some(name) = self.names.get(&id) {
            return name.clone();
        }
        if !self.visiting.insert(id) {
            // A cycle of types named after each other: fall back to a name
            // that needs no other type's.
            let def = &self.api.types[id];
            return pascal_ident(def.component.as_deref().unwrap_or("Value"));
        }
        let candidates = self.candidates(id);
        let chosen = candidates
            .iter()
            .find(|c| !self.taken.contains(*c))
            .cloned()
            .unwrap_or_else(|| {
                candidates
                    .last()
                    .cloned()
                    .unwrap_or_else(|| "Value".to_owned())
            });
        let chosen = uniquify(chosen, &mut self.taken);
        self.visiting.remove(&id);
        self.names.insert(id, chosen.clone());
        chosen
    }

    fn candidates(&mut self, id: TypeId) -> Vec<String> {
        let def = &self.api.types[id];
        if let Some(name) = def
            .sources
            .iter()
            .find_map(|s| self.policy.type_names.get(s))
        {
            return vec![name.clone()];
        }
        if let Some(component) = def
            .component
            .as_deref()
            .filter(|c| is_meaningful_component(c, self.policy))
        {
            return vec![pascal_ident(component)];
        }
        let mut out = Vec::new();
        let mut io: Vec<(usize, crate::ir::IoRole)> = def
            .uses
            .iter()
            .filter_map(|u| match u {
                Use::Operation { op, role } => Some((*op, *role)),
                _ => None,
            })
            .collect();
        io.sort();
        for (op, role) in io {
            out.push(format!(
                "{}{}",
                self.api.operations[op].type_prefix,
                role.suffix()
            ));
        }
        if !out.is_empty() {
            return out;
        }
        if let TypeKind::Union(u) = &def.kind {
            if u.variants
                .iter()
                .all(|v| !matches!(v.ty.non_null(), Ty::Named(_)))
            {
                let parts: Vec<&str> = u
                    .variants
                    .iter()
                    .map(|v| schema_primitive_name(&v.ty))
                    .collect();
                return vec![parts.join("Or")];
            }
        }
        let uses = def.uses.clone();
        let members: Vec<String> = uses.iter().filter_map(member_of).collect();
        let shared = common_suffix(&members);
        let full: Vec<String> = uses.iter().map(|u| self.use_name(u)).collect();
        // Several places share the type: name it after what their names
        // share (`phone_1_type`, `phone_2_type` → `PhoneType`), unless that
        // is a lone generic word.
        let specific = shared.len() >= 2
            || (shared.len() == 1 && !self.policy.generic_words.iter().any(|w| *w == shared[0]));
        if specific && full.len() > 1 && members.len() == full.len() {
            out.push(pascal_ident(&shared.join("_")));
        }
        let mut seen = BTreeSet::new();
        for name in full {
            if seen.insert(name.clone()) {
                out.push(name);
            }
        }
        if out.is_empty() {
            out.push(pascal_ident(def.component.as_deref().unwrap_or("Value")));
        }
        out
    }

    /// The name a single use would give a type.
    fn use_name(&mut self, use_: &Use) -> String {
        match use_ {
            Use::Operation { op, role } => {
                format!("{}{}", self.api.operations[*op].type_prefix, role.suffix())
            }
            Use::Member { parent, member } => {
                format!("{}{}", self.context(*parent), pascal_ident(member))
            }
            Use::Titled { member, title, .. } => {
                let last = member
                    .to_snake_case()
                    .rsplit('_')
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                pascal_ident(&format!("{title}_{last}"))
            }
            Use::ComponentPart { component, member } => {
                format!("{}{}", pascal_ident(component), pascal_ident(member))
            }
            Use::OperationPart { op, role, member } => {
                let prefix = &self.api.operations[*op].type_prefix;
                match role {
                    crate::ir::IoRole::Params => format!("{prefix}{}", pascal_ident(member)),
                    _ => format!("{prefix}{}{}", role.suffix(), pascal_ident(member)),
                }
            }
        }
    }

    /// The name members of `parent` are prefixed with: the parent's name,
    /// or for request, response and parameter types their operation's
    /// prefix (`UpdateLeadStatus`, not `UpdateLeadRequestStatus`).
    fn context(&mut self, parent: TypeId) -> String {
        let parent = crate::normalize::dedupe::canonical(self.api, parent);
        let def = &self.api.types[parent];
        let io = def.uses.iter().find_map(|u| match u {
            Use::Operation { op, .. }
                if def
                    .component
                    .as_deref()
                    .is_none_or(|c| !is_meaningful_component(c, self.policy)) =>
            {
                Some(*op)
            }
            _ => None,
        });
        match io {
            Some(op) => self.api.operations[op].type_prefix.clone(),
            None => self.name(parent),
        }
    }
}

fn member_of(use_: &Use) -> Option<String> {
    match use_ {
        Use::Member { member, .. }
        | Use::ComponentPart { member, .. }
        | Use::OperationPart { member, .. } => Some(member.clone()),
        _ => None,
    }
}

/// The words all `names` end with, digits left out (`phone_1_type` and
/// `manager_phone_2_type` share `phone_type`).
fn common_suffix(names: &[String]) -> Vec<String> {
    let split = |name: &String| -> Vec<String> {
        name.to_snake_case()
            .split('_')
            .filter(|w| !w.is_empty() && !w.bytes().all(|b| b.is_ascii_digit()))
            .map(str::to_owned)
            .collect()
    };
    let mut lists = names.iter().map(split);
    let Some(first) = lists.next() else {
        return Vec::new();
    };
    let mut suffix = first;
    for list in lists {
        let shared = suffix
            .iter()
            .rev()
            .zip(list.iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        suffix = suffix[suffix.len() - shared..].to_vec();
    }
    suffix
}

fn name_members(api: &mut Api) {
    let is_struct: Vec<bool> = api
        .types
        .iter()
        .map(|t| matches!(t.kind, TypeKind::Struct(_)))
        .collect();
    for def in &mut api.types {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                let mut taken = BTreeSet::new();
                for field in &mut s.fields {
                    field.rust_name = uniquify(snake_ident(&field.json_name), &mut taken);
                }
            }
            TypeKind::Enum(e) => {
                let mut taken: BTreeSet<String> = [UNRECOGNIZED.to_owned()].into();
                for variant in &mut e.variants {
                    variant.rust_name = uniquify(pascal_ident(&variant.value), &mut taken);
                }
            }
            TypeKind::Union(u) => {
                let mut taken = BTreeSet::new();
                for variant in &mut u.variants {
                    variant.name = uniquify(pascal_ident(&variant.name), &mut taken);
                    variant.boxed = matches!(variant.ty, Ty::Named(id) if is_struct[id]);
                }
            }
        }
    }
}

fn name_operations(api: &mut Api, diags: &mut Diagnostics) {
    let mut taken: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for op in &mut api.operations {
        if RESERVED_MODULES.contains(&op.module.as_str()) {
            op.module.push_str("_api");
        }
        // Vendor modules are namespaces of their own.
        let scope = format!(
            "{}::{}",
            op.module,
            op.vendor.as_deref().unwrap_or_default()
        );
        let in_module = taken.entry(scope).or_default();
        let unique = uniquify(op.fn_name.clone(), in_module);
        if unique != op.fn_name {
            diags.warn(
                &op.pointer,
                format!("{} and another operation would both be `{}::{}`; this one is `{unique}`. Name it in spec/policy.yaml", op.key(), op.module, op.fn_name),
            );
            op.fn_name = unique;
        }
        // The endpoint function takes these besides its path parameters.
        let mut params: BTreeSet<String> = ["client", "body", "params"].map(String::from).into();
        for param in &mut op.path_params {
            param.rust_name = uniquify(snake_ident(&param.name), &mut params);
        }
    }
}
