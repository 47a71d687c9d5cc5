//! What changes for users of the generated crate between two documents,
//! computed from the two layouts and the models they lay out (not from a
//! textual diff of Rust files): public paths, field and variant names come
//! from the layouts, shapes from the models. Each change is classified by
//! what the generated Rust does:
//!
//! - Structs are `#[non_exhaustive]` and built with `new(required…)`: an
//!   added optional field breaks nobody; an added required field changes
//!   `new`, which is breaking. Removing a field, or changing its type,
//!   requiredness or nullability, changes its Rust type: breaking.
//! - String enums are `#[non_exhaustive]` and keep unknown values: an added
//!   value breaks nobody; a removed one is breaking (its variant is gone).
//! - Unions (untagged enums) are matched exhaustively: any variant change is
//!   breaking.
//! - Types are compiled with the features of the resources that use them:
//!   one that no longer comes with a feature is breaking for users who turn
//!   default features off (default users have every feature).
//! - A type implements the serde trait of each way it travels (sent:
//!   `Serialize`, received: `Deserialize`); one that stops travelling a
//!   way loses that trait unless the `serialize`/`deserialize` feature is on.
//! - Operations: added is fine, removed or renamed (path of the function)
//!   breaking, a changed request/response/parameters type breaking,
//!   a new deprecation not.

use std::collections::BTreeMap;

use crate::layout::{Layout, OpLayout, TypeLayout};
use crate::model::{Field, Model, OpId, Operation, Ty, TypeDef, TypeKind, Union};

/// One side of the comparison: a model and its layout.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub model: &'a Model,
    pub layout: &'a Layout,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub breaking: bool,
    /// What it is about, for grouping and sorting (`propexo::types::Lead`).
    pub subject: String,
    pub text: String,
}

/// The version bump a set of changes needs, by Cargo's semver rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bump {
    None,
    Compatible,
    Breaking,
}

impl Bump {
    /// The next version after `current` (`major.minor.patch`). Before 1.0,
    /// Cargo treats a minor bump as breaking and a patch bump as compatible.
    pub fn apply(self, current: &str) -> String {
        let parts: Vec<u64> = current.split('.').map(|p| p.parse().unwrap_or(0)).collect();
        let (major, minor, patch) = (
            parts.first().copied().unwrap_or(0),
            parts.get(1).copied().unwrap_or(0),
            parts.get(2).copied().unwrap_or(0),
        );
        match (self, major) {
            (Bump::None, _) => current.to_owned(),
            (Bump::Breaking, 0) => format!("0.{}.0", minor + 1),
            (Bump::Breaking, _) => format!("{}.0.0", major + 1),
            (Bump::Compatible, 0) => format!("0.{minor}.{}", patch + 1),
            (Bump::Compatible, _) => format!("{major}.{}.0", minor + 1),
        }
    }
}

pub fn bump(changes: &[Change]) -> Bump {
    if changes.iter().any(|c| c.breaking) {
        Bump::Breaking
    } else if changes.is_empty() {
        Bump::None
    } else {
        Bump::Compatible
    }
}

pub fn diff(old: Side<'_>, new: Side<'_>) -> Vec<Change> {
    let mut changes = Vec::new();
    diff_operations(old, new, &mut changes);
    diff_types(old, new, &mut changes);
    changes.sort();
    changes.dedup();
    changes
}

fn change(changes: &mut Vec<Change>, breaking: bool, subject: impl Into<String>, text: String) {
    changes.push(Change {
        breaking,
        subject: subject.into(),
        text,
    });
}

fn function(names: &OpLayout) -> String {
    format!("propexo::{}", names.function_path())
}

type Ops<'a> = BTreeMap<(String, String), (&'a Operation, &'a OpLayout)>;

fn operations(side: Side<'_>) -> Ops<'_> {
    side.model
        .op_ids()
        .map(|id: OpId| {
            let op = side.model.op(id);
            (
                (op.path.clone(), op.method.clone()),
                (op, side.layout.op(id)),
            )
        })
        .collect()
}

fn diff_operations(old: Side<'_>, new: Side<'_>, changes: &mut Vec<Change>) {
    let olds = operations(old);
    let news = operations(new);
    for (k, &(op, op_names)) in &olds {
        let subject = format!("`{} {}`", op.method, op.path);
        let Some(&(now, now_names)) = news.get(k) else {
            if op.supported {
                change(
                    changes,
                    true,
                    &subject,
                    format!(
                        "operation {subject} removed: `{}` is gone",
                        function(op_names)
                    ),
                );
            }
            continue;
        };
        match (op.supported, now.supported) {
            (true, false) => change(
                changes,
                true,
                &subject,
                format!(
                    "{subject} is now \"Not Supported\": `{}` is gone",
                    function(op_names)
                ),
            ),
            (false, true) => change(
                changes,
                false,
                &subject,
                format!("{subject} is now supported: `{}`", function(now_names)),
            ),
            _ => {}
        }
        if !(op.supported && now.supported) {
            continue;
        }
        if function(op_names) != function(now_names) {
            change(
                changes,
                true,
                &subject,
                format!(
                    "{subject}: `{}` is now `{}`",
                    function(op_names),
                    function(now_names)
                ),
            );
        }
        let io = |layout: &Layout, op: &Operation| {
            [
                ("parameters", op.query.map(Ty::Named)),
                ("request body", op.body.clone()),
                ("response", op.response.clone()),
            ]
            .map(|(what, ty)| (what, ty.map(|t| layout.display(&t))))
        };
        for ((what, before), (_, after)) in io(old.layout, op).into_iter().zip(io(new.layout, now))
        {
            if before != after {
                let show = |t: &Option<String>| {
                    t.as_deref()
                        .map(|t| format!("`{t}`"))
                        .unwrap_or_else(|| "none".into())
                };
                change(
                    changes,
                    true,
                    &subject,
                    format!(
                        "`{}`: {what} type {} → {}",
                        function(now_names),
                        show(&before),
                        show(&after)
                    ),
                );
            }
        }
        if op_names.params != now_names.params {
            change(
                changes,
                true,
                &subject,
                format!(
                    "`{}`: path parameters {:?} → {:?}",
                    function(now_names),
                    op_names.params,
                    now_names.params
                ),
            );
        }
        if op_names.path_struct != now_names.path_struct {
            change(
                changes,
                true,
                &subject,
                format!(
                    "`{}`: path parameters passed as {} → {}",
                    function(now_names),
                    op_names
                        .path_struct
                        .as_deref()
                        .map_or("arguments".to_owned(), |s| format!("`{s}`")),
                    now_names
                        .path_struct
                        .as_deref()
                        .map_or("arguments".to_owned(), |s| format!("`{s}`")),
                ),
            );
        }
        if op.deprecated.is_none() && now.deprecated.is_some() {
            change(
                changes,
                false,
                &subject,
                format!("`{}` is deprecated", function(now_names)),
            );
        }
    }
    for (k, &(op, names)) in &news {
        if !olds.contains_key(k) && op.supported {
            let vendor = op
                .vendor
                .as_ref()
                .map(|v| format!(" ({})", v.key()))
                .unwrap_or_default();
            change(
                changes,
                false,
                format!("`{} {}`", op.method, op.path),
                format!(
                    "operation `{} {}` added{vendor}: `{}`",
                    op.method,
                    op.path,
                    function(names)
                ),
            );
        }
    }
}

/// The generated types by public path.
/// Every public type path, aliases kept by the names lock included (an
/// alias is the type it names, so using it breaks nothing).
fn generated_types(side: Side<'_>) -> BTreeMap<String, (&TypeDef, &TypeLayout)> {
    let mut out = BTreeMap::new();
    for id in side
        .model
        .type_ids()
        .filter(|id| side.layout.is_generated(*id))
    {
        let names = side.layout.ty(id);
        for name in std::iter::once(&names.name).chain(&names.aliases) {
            out.insert(
                format!("propexo::types::{name}"),
                (side.model.ty(id), names),
            );
        }
    }
    out
}

fn field_type(layout: &Layout, f: &Field) -> String {
    let inner = layout.display(f.ty.non_null());
    match (f.required, f.ty.is_nullable()) {
        (true, false) => inner,
        (true, true) | (false, false) => format!("Option<{inner}>"),
        (false, true) => format!("Option<Option<{inner}>>"),
    }
}

/// A type compiled with fewer features than before: a user who turned
/// default features off and named only a feature it no longer comes with
/// loses it, so that is breaking (for default users, with every feature on,
/// nothing changes). A type that comes with more features breaks nobody.
fn feature_change(
    subject: &str,
    before: &TypeLayout,
    after: &TypeLayout,
    changes: &mut Vec<Change>,
) {
    let lost: Vec<String> = before
        .features
        .difference(&after.features)
        .map(|f| format!("`{f}`"))
        .collect();
    if lost.is_empty() {
        return;
    }
    let gate = crate::layout::features::type_gate(after);
    change(
        changes,
        true,
        subject,
        format!(
            "{subject} no longer comes with feature {}: with `default-features = false` it needs {}",
            lost.join(", "),
            gate.describe()
        ),
    );
}

/// A type that no longer travels one way loses that way's serde trait by
/// default (see `layout::directions`): a type no function sends any more
/// loses `Serialize`, one none receives `Deserialize`. Code that used it
/// breaks unless it turns on the feature that adds it back.
fn direction_change(
    subject: &str,
    before: &TypeLayout,
    after: &TypeLayout,
    changes: &mut Vec<Change>,
) {
    use crate::layout::directions::{DESERIALIZE, SERIALIZE};
    for (had, has, t, feature) in [
        (before.sent, after.sent, "Serialize", SERIALIZE),
        (before.received, after.received, "Deserialize", DESERIALIZE),
    ] {
        if had && !has {
            change(
                changes,
                true,
                subject,
                format!("{subject} implements `{t}` only with the `{feature}` feature: no function uses it that way any more"),
            );
        }
    }
}

fn diff_types(old: Side<'_>, new: Side<'_>, changes: &mut Vec<Change>) {
    let olds = generated_types(old);
    let news = generated_types(new);
    // The new name of each schema, to tell a renamed type from a removed one.
    let by_source: BTreeMap<&str, &str> = news
        .values()
        .flat_map(|(def, names)| {
            def.sources
                .iter()
                .map(|s| (s.as_str(), names.name.as_str()))
        })
        .collect();
    for (name, &(before, before_names)) in &olds {
        let subject = format!("`{name}`");
        let Some(&(after, after_names)) = news.get(name) else {
            let short = name.rsplit("::").next().unwrap_or(name);
            let renamed = before
                .sources
                .iter()
                .find_map(|s| by_source.get(s.as_str()))
                .filter(|_| before_names.name == short);
            // Only the prelude rule renames a type whose schema still
            // exists; any other change of name is a merge or a split,
            // reported as before.
            let text = match renamed {
                Some(new_name) if crate::naming::shadows_prelude(short) => format!(
                    "type {subject} renamed to `propexo::types::{new_name}`: its name shadowed the standard `{short}` in glob imports"
                ),
                _ => format!("type {subject} removed"),
            };
            change(changes, true, &subject, text);
            continue;
        };
        let short = name.rsplit("::").next().unwrap_or(name);
        if before_names.name == short && after_names.name != short {
            change(
                changes,
                false,
                &subject,
                format!(
                    "type {subject} is now an alias of `propexo::types::{}` (the same shape; the names lock keeps the old name)",
                    after_names.name
                ),
            );
        }
        feature_change(&subject, before_names, after_names, changes);
        direction_change(&subject, before_names, after_names, changes);
        match (&before.kind, &after.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => {
                let by_json = |fields: &'_ [Field], names: &'_ TypeLayout| {
                    fields
                        .iter()
                        .zip(names.fields.iter())
                        .map(|(f, rust)| (f.json_name.clone(), (f.clone(), rust.clone())))
                        .collect::<BTreeMap<String, (Field, String)>>()
                };
                let fa = by_json(&a.fields, before_names);
                let fb = by_json(&b.fields, after_names);
                for (json, (f, f_rust)) in &fa {
                    match fb.get(json) {
                        None => change(
                            changes,
                            true,
                            &subject,
                            format!("{subject}: field `{f_rust}` removed"),
                        ),
                        Some((g, g_rust)) => {
                            let (ta, tb) = (field_type(old.layout, f), field_type(new.layout, g));
                            if ta != tb {
                                let why = match (
                                    f.required != g.required,
                                    f.ty.is_nullable() != g.ty.is_nullable(),
                                ) {
                                    (true, _) if g.required => " (now required)",
                                    (true, _) => " (now optional)",
                                    (false, true) if g.ty.is_nullable() => " (now nullable)",
                                    (false, true) => " (no longer nullable)",
                                    _ => "",
                                };
                                change(
                                    changes,
                                    true,
                                    &subject,
                                    format!(
                                        "{subject}: field `{g_rust}` type `{ta}` → `{tb}`{why}"
                                    ),
                                );
                            }
                            if f.deprecated.is_none() && g.deprecated.is_some() {
                                change(
                                    changes,
                                    false,
                                    &subject,
                                    format!("{subject}: field `{g_rust}` deprecated"),
                                );
                            }
                        }
                    }
                }
                for (json, (g, g_rust)) in &fb {
                    if !fa.contains_key(json) {
                        if g.required {
                            change(
                                changes,
                                true,
                                &subject,
                                format!(
                                    "{subject}: required field `{g_rust}: {}` added (`new` takes it)",
                                    field_type(new.layout, g)
                                ),
                            );
                        } else {
                            change(
                                changes,
                                false,
                                &subject,
                                format!(
                                    "{subject}: optional field `{g_rust}: {}` added",
                                    field_type(new.layout, g)
                                ),
                            );
                        }
                    }
                }
            }
            (TypeKind::Enum(a), TypeKind::Enum(b)) => {
                for (value, rust) in a.values.iter().zip(&before_names.variants) {
                    if !b.values.contains(value) {
                        change(
                            changes,
                            true,
                            &subject,
                            format!("{subject}: value `{value}` (`{rust}`) removed"),
                        );
                    }
                }
                for (value, rust) in b.values.iter().zip(&after_names.variants) {
                    if !a.values.contains(value) {
                        change(
                            changes,
                            false,
                            &subject,
                            format!("{subject}: value `{value}` (`{rust}`) added"),
                        );
                    }
                }
            }
            (TypeKind::Union(a), TypeKind::Union(b)) => {
                let shape = |layout: &Layout, u: &Union, names: &TypeLayout| {
                    u.variants
                        .iter()
                        .zip(&names.variants)
                        .map(|(v, name)| format!("{name}({})", layout.display(&v.ty)))
                        .collect::<Vec<_>>()
                };
                let (sa, sb) = (
                    shape(old.layout, a, before_names),
                    shape(new.layout, b, after_names),
                );
                if sa != sb {
                    change(
                        changes,
                        true,
                        &subject,
                        format!("{subject}: variants {sa:?} → {sb:?}"),
                    );
                }
            }
            _ => change(
                changes,
                true,
                &subject,
                format!(
                    "{subject}: is now a {} instead of a {}",
                    after.kind.label(),
                    before.kind.label()
                ),
            ),
        }
    }
    for name in news.keys() {
        if !olds.contains_key(name) {
            change(
                changes,
                false,
                format!("`{name}`"),
                format!("type `{name}` added"),
            );
        }
    }
}

/// The changes as Markdown for a pull-request description.
pub fn markdown(
    old_label: &str,
    new_label: &str,
    changes: &[Change],
    current_version: &str,
) -> String {
    let bump = bump(changes);
    let next = bump.apply(current_version);
    let verdict = match bump {
        Bump::None => {
            format!("No change for users of the crate; the version stays {current_version}.")
        }
        Bump::Compatible => format!(
            "Only compatible changes: the crate version goes from {current_version} to **{next}**."
        ),
        Bump::Breaking => format!(
            "Breaking changes: the crate version goes from {current_version} to **{next}**."
        ),
    };
    let mut out = format!("# API changes: {old_label} → {new_label}\n\n{verdict}\n");
    for (title, breaking) in [("Breaking", true), ("Non-breaking", false)] {
        let items: Vec<&Change> = changes.iter().filter(|c| c.breaking == breaking).collect();
        if items.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {title} ({})\n\n", items.len()));
        for item in items {
            out.push_str(&format!("- {}\n", item.text));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_bumps_follow_cargo_semver() {
        assert_eq!(Bump::Breaking.apply("0.1.0"), "0.2.0");
        assert_eq!(Bump::Compatible.apply("0.1.0"), "0.1.1");
        assert_eq!(Bump::Breaking.apply("1.4.2"), "2.0.0");
        assert_eq!(Bump::Compatible.apply("1.4.2"), "1.5.0");
        assert_eq!(Bump::None.apply("1.4.2"), "1.4.2");
    }
}
