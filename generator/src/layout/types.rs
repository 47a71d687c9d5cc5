//! Type names.
//!
//! A type's name comes from, in order of preference: `spec/policy.yaml`;
//! its component name when that is a meaningful identifier; the operation
//! it is the request, response or parameters of (`UpdateLeadRequest`); the
//! shape of a union of plain values (`DateTimeOrDate`); the places that use
//! it (`Lead` + `phone_1_type` → `LeadPhone1Type`, or for a type shared by
//! many places the words their names share: `PhoneType`). Collisions go to
//! the type with the strongest claim, then the lowest id; the others take
//! their next candidate or a number.
//!
//! No type takes a name that would shadow a prelude or `std` name
//! ([`crate::naming::PRELUDE_NAMES`]: `Result`, `Option`, `Box`, `String`,
//! `Vec`, `Error`, …) in code that glob-imports `propexo::types`: such a
//! candidate is skipped, so the type is named by its next rule (the places
//! that use it, which start with their resource's or parent's name:
//! `CreateWebhookResult`), and a type with no other candidate gets the
//! suffix `Value` (`ResultValue`). The names lock never brings one back.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;

use super::members::primitive_name;
use super::OpLayout;
use crate::diag::{Diagnostics, Kind};
use crate::model::{IoRole, Model, OpId, Ty, TypeId, TypeKind, Use};
use crate::naming::{pascal_ident, shadows_prelude, uniquify};
use crate::policy::Policy;

/// Is a component name a good Rust type name as it is (not `Enum1`, not
/// `_v1_leads_{id}_put_input`)?
pub fn is_meaningful_component(name: &str, policy: &Policy) -> bool {
    !name.starts_with('_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && !policy.is_synthetic_name(name)
        && !shadows_prelude(&pascal_ident(name))
}

struct Namer<'a> {
    model: &'a Model,
    ops: &'a [OpLayout],
    policy: &'a Policy,
    names: BTreeMap<TypeId, String>,
    taken: BTreeSet<String>,
    visiting: BTreeSet<TypeId>,
}

/// The name of every type and the earlier names it keeps as aliases, by
/// [`TypeId`].
pub fn name_types(
    model: &Model,
    ops: &[OpLayout],
    policy: &Policy,
    diags: &mut Diagnostics,
) -> Vec<(String, Vec<String>)> {
    let ids: Vec<TypeId> = model.type_ids().collect();
    let mut namer = Namer {
        model,
        ops,
        policy,
        names: BTreeMap::new(),
        taken: BTreeSet::new(),
        visiting: BTreeSet::new(),
    };
    let aliases = namer.keep_locked_names(&ids);
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
    by_uses.sort_by_key(|&id| (std::cmp::Reverse(model.ty(id).uses.len()), id));
    for id in by_uses {
        namer.name(id);
    }
    let names = namer.names;
    for (&id, name) in &names {
        if let Some(component) = &model.ty(id).component {
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
                ).kind(Kind::ComponentNameCharacters);
            }
        }
    }
    names
        .into_iter()
        .map(|(id, name)| (name, aliases.get(&id).cloned().unwrap_or_default()))
        .collect()
}

impl Namer<'_> {
    /// The names lock goes first, after the policy's own names (a
    /// maintainer's decision): a type made from a schema an earlier
    /// generation named keeps that name, and the other locked names of its
    /// schemas (types since merged into it) as aliases. No other type may
    /// take a locked name. Returns the aliases.
    fn keep_locked_names(&mut self, ids: &[TypeId]) -> BTreeMap<TypeId, Vec<String>> {
        let lock = &self.policy.names_lock;
        let mut aliases = BTreeMap::new();
        if lock.is_empty() {
            return aliases;
        }
        let by_policy: BTreeSet<&str> = self
            .policy
            .type_names
            .values()
            .map(String::as_str)
            .collect();
        self.taken.extend(
            lock.names()
                .into_iter()
                .filter(|n| !by_policy.contains(n))
                .map(str::to_owned),
        );
        let mut claimed: BTreeSet<&str> = BTreeSet::new();
        for &id in ids {
            let def = self.model.ty(id);
            if def
                .sources
                .iter()
                .any(|s| self.policy.type_names.contains_key(s))
            {
                continue;
            }
            let mut names = lock
                .names_for(&def.sources)
                .into_iter()
                .filter(|n| !by_policy.contains(n) && claimed.insert(n));
            let Some(name) = names.next() else {
                continue;
            };
            self.names.insert(id, name.to_owned());
            let rest: Vec<String> = names.map(str::to_owned).collect();
            if !rest.is_empty() {
                aliases.insert(id, rest);
            }
        }
        aliases
    }

    /// How strong a type's claim to its own name is, if it has one.
    fn own_claim(&self, id: TypeId) -> Option<u8> {
        let def = self.model.ty(id);
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
            let def = self.model.ty(id);
            return pascal_ident(def.component.as_deref().unwrap_or("Value"));
        }
        // A name that would shadow a prelude name is tried last, as `…Value`.
        let (mut candidates, shadowing): (Vec<String>, Vec<String>) = self
            .candidates(id)
            .into_iter()
            .partition(|c| !shadows_prelude(c));
        candidates.extend(shadowing.into_iter().map(|c| format!("{c}Value")));
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
        let def = self.model.ty(id);
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
        let mut io: Vec<(OpId, IoRole)> = def
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
                self.ops[op.index()].type_prefix,
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
                let parts: Vec<&str> = u.variants.iter().map(|v| primitive_name(&v.ty)).collect();
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
                format!("{}{}", self.ops[op.index()].type_prefix, role.suffix())
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
                let prefix = &self.ops[op.index()].type_prefix;
                match role {
                    IoRole::Params => format!("{prefix}{}", pascal_ident(member)),
                    _ => format!("{prefix}{}{}", role.suffix(), pascal_ident(member)),
                }
            }
        }
    }

    /// The name members of `parent` are prefixed with: the parent's name,
    /// or for request, response and parameter types their operation's
    /// prefix (`UpdateLeadStatus`, not `UpdateLeadRequestStatus`).
    fn context(&mut self, parent: TypeId) -> String {
        let def = self.model.ty(parent);
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
            Some(op) => self.ops[op.index()].type_prefix.clone(),
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

#[cfg(test)]
mod tests {
    //! Naming rules and collision resolution, on small documents.

    use crate::test_support::{pipeline, type_names};

    const POLICY: &str = "synthetic_name_prefixes: [Enum]\ngeneric_words: [status]\n";

    /// Type names of a document with one `POST /v1/leads/{id}` (an update)
    /// whose request body is `body` and with `components`.
    fn names_with(body: &str, components: &str, policy: &str) -> Vec<String> {
        let doc = format!(
            r#"
paths:
  /v1/leads/{{id}}:
    put:
      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]
      requestBody:
        content:
          application/json:
            schema: {body}
      responses: {{"200": {{description: OK}}}}
components:
  schemas: {components}
"#
        );
        type_names(&pipeline(&doc, policy).1)
    }

    #[test]
    fn meaningful_components_keep_their_name_and_others_are_named_by_use() {
        let names = names_with(
            r##"{type: object, properties: {lead: {$ref: "#/components/schemas/Lead"}, source: {$ref: "#/components/schemas/Enum1"}}}"##,
            "{Lead: {type: object, properties: {x: {type: string}}}, Enum1: {type: string, enum: [A, B]}}",
            POLICY,
        );
        assert_eq!(names, ["Lead", "UpdateLeadRequest", "UpdateLeadSource"]);
    }

    #[test]
    fn a_component_name_that_is_no_identifier_is_named_by_use_with_a_warning() {
        let doc = r##"
paths:
  /v1/leads/{id}:
    put:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      requestBody:
        content: {application/json: {schema: {$ref: "#/components/schemas/_v1_leads_{id}_put_input"}}}
      responses: {"200": {description: OK}}
components:
  schemas:
    "_v1_leads_{id}_put_input": {type: object, properties: {x: {type: string}}}
"##;
        let (_, layout, diags) = pipeline(doc, POLICY);
        assert_eq!(type_names(&layout), ["UpdateLeadRequest"]);
        assert!(
            diags
                .to_string()
                .contains("is named UpdateLeadRequest after its use"),
            "{diags}"
        );
    }

    #[test]
    fn a_type_shared_by_several_places_is_named_after_what_their_names_share() {
        let names = names_with(
            "{type: object, properties: {phone_1_type: {type: string, enum: [HOME, WORK]}, manager_phone_2_type: {type: string, enum: [HOME, WORK]}}}",
            "{}",
            POLICY,
        );
        assert_eq!(names, ["PhoneType", "UpdateLeadRequest"]);
    }

    #[test]
    fn a_lone_generic_shared_word_does_not_name_a_type() {
        let names = names_with(
            "{type: object, properties: {status: {type: string, enum: [A, B]}, previous_status: {type: string, enum: [A, B]}}}",
            "{}",
            POLICY,
        );
        // Not `Status`: the first place that uses it names it.
        assert_eq!(names, ["UpdateLeadRequest", "UpdateLeadStatus"]);
    }

    #[test]
    fn the_policy_names_a_type_by_the_pointer_of_its_schema() {
        let policy = format!(
            "{POLICY}type_names:\n  '#/paths/~1v1~1leads~1{{id}}/put/requestBody/content/application~1json/schema': LeadChanges\n"
        );
        let names = names_with(
            "{type: object, properties: {x: {type: string}}}",
            "{}",
            &policy,
        );
        assert_eq!(names, ["LeadChanges"]);
    }

    #[test]
    fn a_collision_goes_to_the_stronger_claim_and_the_other_is_numbered() {
        // The inline enum's only candidate is `UpdateLeadKind`; the
        // component of that name has the stronger claim and keeps it.
        let names = names_with(
            r##"{type: object, properties: {kind: {type: string, enum: [A, B]}, other: {$ref: "#/components/schemas/UpdateLeadKind"}}}"##,
            "{UpdateLeadKind: {type: object, properties: {x: {type: string}}}}",
            POLICY,
        );
        assert_eq!(
            names,
            ["UpdateLeadKind", "UpdateLeadKind2", "UpdateLeadRequest"]
        );
    }

    #[test]
    fn two_types_with_one_candidate_name_are_numbered() {
        let doc = r#"
paths:
  /v1/a/:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                kind: {type: string, enum: [A, B]}
                nested: {type: object, properties: {x: {type: string}}}
      responses: {"200": {description: OK}}
  /v1/a/{id}:
    post:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                kind: {type: string, enum: [C, D]}
      responses: {"200": {description: OK}}
"#;
        let (_, layout, diags) = pipeline(doc, "{}");
        assert_eq!(
            type_names(&layout),
            [
                "CreateAKind",
                "CreateAKind2",
                "CreateANested",
                "CreateARequest",
                "CreateARequest2"
            ]
        );
        // The two functions collide too: numbered, with a warning.
        assert!(
            diags.to_string().contains("this one is `create2`"),
            "{diags}"
        );
    }

    mod names_lock {
        use crate::names_lock::NamesLock;
        use crate::policy::Policy;
        use crate::test_support::{pipeline_with, type_named};

        const DOC: &str = r#"
paths:
  /v1/leads/{id}:
    put:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                a: {type: string, enum: [X, Y]}
                b: {type: string, enum: [X, Y]}
      responses: {"200": {description: OK}}
"#;

        fn with_lock(lock: NamesLock) -> (crate::model::Model, crate::layout::Layout) {
            let mut policy = Policy::parse("{}").unwrap();
            policy.names_lock = lock;
            let (model, layout, _) = pipeline_with(DOC, policy);
            (model, layout)
        }

        #[test]
        fn locked_names_stay_and_a_merged_type_keeps_the_other_as_an_alias() {
            let (model, layout) = with_lock(NamesLock::default());
            let request = type_named(&model, &layout, "UpdateLeadRequest");
            let enum_id = model.children(request)[0];
            let sources = model.ty(enum_id).sources.clone();
            assert_eq!(
                sources.len(),
                2,
                "both properties are one enum: {sources:?}"
            );
            let mut lock = NamesLock::default();
            lock.by_source
                .insert(sources[0].clone(), vec!["OldA".into()]);
            lock.by_source
                .insert(sources[1].clone(), vec!["OldB".into()]);
            let (model, layout) = with_lock(lock);
            let id = type_named(&model, &layout, "OldA");
            assert_eq!(layout.ty(id).aliases, ["OldB"]);
        }

        #[test]
        fn a_new_type_never_takes_a_locked_name_whose_schema_is_gone() {
            let mut lock = NamesLock::default();
            lock.by_source
                .insert("#/gone".into(), vec!["UpdateLeadRequest".into()]);
            let (model, layout) = with_lock(lock);
            let names: Vec<&str> = model
                .type_ids()
                .map(|id| layout.ty(id).name.as_str())
                .collect();
            assert!(!names.contains(&"UpdateLeadRequest"), "{names:?}");
        }

        #[test]
        fn the_policy_beats_the_lock() {
            let (model, layout) = with_lock(NamesLock::default());
            let request = type_named(&model, &layout, "UpdateLeadRequest");
            let source = model.ty(request).sources[0].clone();
            let mut policy =
                Policy::parse(&format!("type_names:\n  '{source}': LeadChange\n")).unwrap();
            policy
                .names_lock
                .by_source
                .insert(source, vec!["UpdateLeadRequest".into()]);
            let (model, layout, _) = pipeline_with(DOC, policy);
            type_named(&model, &layout, "LeadChange");
        }
    }
}
