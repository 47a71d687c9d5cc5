//! What changes for users of the generated crate between two documents,
//! computed from the two normalized models (not from a textual diff of
//! Rust files), each change classified by what the generated Rust does:
//!
//! - Structs are `#[non_exhaustive]` and built with `new(required…)`: an
//!   added optional field breaks nobody; an added required field changes
//!   `new`, which is breaking. Removing a field, or changing its type,
//!   requiredness or nullability, changes its Rust type: breaking.
//! - String enums are `#[non_exhaustive]` and keep unknown values: an added
//!   value breaks nobody; a removed one is breaking (its variant is gone).
//! - Unions (untagged enums) are matched exhaustively: any variant change is
//!   breaking.
//! - Operations: added is fine, removed or renamed (path of the function)
//!   breaking, a changed request/response/parameters type breaking,
//!   a new deprecation not.

use std::collections::BTreeMap;

use crate::emit::ty_display;
use crate::ir::{Api, Field, Operation, TypeDef, TypeKind};

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

pub fn diff(old: &Api, new: &Api) -> Vec<Change> {
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

fn function(op: &Operation) -> String {
    format!("propexo::{}", crate::emit::function_path(op))
}

fn diff_operations(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    let key = |op: &Operation| (op.path.clone(), op.method.clone());
    let olds: BTreeMap<_, &Operation> = old.operations.iter().map(|op| (key(op), op)).collect();
    let news: BTreeMap<_, &Operation> = new.operations.iter().map(|op| (key(op), op)).collect();
    for (k, op) in &olds {
        let subject = format!("`{} {}`", op.method, op.path);
        let Some(now) = news.get(k) else {
            if op.supported {
                change(
                    changes,
                    true,
                    &subject,
                    format!("operation {subject} removed: `{}` is gone", function(op)),
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
                    function(op)
                ),
            ),
            (false, true) => change(
                changes,
                false,
                &subject,
                format!("{subject} is now supported: `{}`", function(now)),
            ),
            _ => {}
        }
        if !(op.supported && now.supported) {
            continue;
        }
        if function(op) != function(now) {
            change(
                changes,
                true,
                &subject,
                format!("{subject}: `{}` is now `{}`", function(op), function(now)),
            );
        }
        let io = |api: &Api, op: &Operation| {
            [
                ("parameters", op.query.map(crate::ir::Ty::Named)),
                ("request body", op.body.clone()),
                ("response", op.response.clone()),
            ]
            .map(|(what, ty)| (what, ty.map(|t| ty_display(api, &t))))
        };
        for ((what, before), (_, after)) in io(old, op).into_iter().zip(io(new, now)) {
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
                        function(now),
                        show(&before),
                        show(&after)
                    ),
                );
            }
        }
        let params = |op: &Operation| {
            op.path_params
                .iter()
                .map(|p| p.rust_name.clone())
                .collect::<Vec<_>>()
        };
        if params(op) != params(now) {
            change(
                changes,
                true,
                &subject,
                format!(
                    "`{}`: path parameters {:?} → {:?}",
                    function(now),
                    params(op),
                    params(now)
                ),
            );
        }
        if op.deprecated.is_none() && now.deprecated.is_some() {
            change(
                changes,
                false,
                &subject,
                format!("`{}` is deprecated", function(now)),
            );
        }
    }
    for (k, op) in &news {
        if !olds.contains_key(k) && op.supported {
            let vendor = op
                .vendor
                .as_deref()
                .map(|v| format!(" ({v})"))
                .unwrap_or_default();
            change(
                changes,
                false,
                format!("`{} {}`", op.method, op.path),
                format!(
                    "operation `{} {}` added{vendor}: `{}`",
                    op.method,
                    op.path,
                    function(op)
                ),
            );
        }
    }
}

fn generated_types(api: &Api) -> BTreeMap<String, &TypeDef> {
    api.types
        .iter()
        .filter(|t| t.merged_into.is_none() && !t.home.is_empty())
        .map(|t| (format!("propexo::types::{}", t.name), t))
        .collect()
}

fn field_type(api: &Api, f: &Field) -> String {
    let inner = ty_display(api, f.ty.non_null());
    match (f.required, f.ty.is_nullable()) {
        (true, false) => inner,
        (true, true) | (false, false) => format!("Option<{inner}>"),
        (false, true) => format!("Option<Option<{inner}>>"),
    }
}

fn diff_types(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    let olds = generated_types(old);
    let news = generated_types(new);
    for (name, before) in &olds {
        let subject = format!("`{name}`");
        let Some(after) = news.get(name) else {
            change(changes, true, &subject, format!("type {subject} removed"));
            continue;
        };
        match (&before.kind, &after.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => {
                let fa: BTreeMap<&str, &Field> =
                    a.fields.iter().map(|f| (f.json_name.as_str(), f)).collect();
                let fb: BTreeMap<&str, &Field> =
                    b.fields.iter().map(|f| (f.json_name.as_str(), f)).collect();
                for (json, f) in &fa {
                    match fb.get(json) {
                        None => change(
                            changes,
                            true,
                            &subject,
                            format!("{subject}: field `{}` removed", f.rust_name),
                        ),
                        Some(g) => {
                            let (ta, tb) = (field_type(old, f), field_type(new, g));
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
                                        "{subject}: field `{}` type `{ta}` → `{tb}`{why}",
                                        g.rust_name
                                    ),
                                );
                            }
                            if f.deprecated.is_none() && g.deprecated.is_some() {
                                change(
                                    changes,
                                    false,
                                    &subject,
                                    format!("{subject}: field `{}` deprecated", g.rust_name),
                                );
                            }
                        }
                    }
                }
                for (json, g) in &fb {
                    if !fa.contains_key(json) {
                        if g.required {
                            change(
                                changes,
                                true,
                                &subject,
                                format!(
                                    "{subject}: required field `{}: {}` added (`new` takes it)",
                                    g.rust_name,
                                    field_type(new, g)
                                ),
                            );
                        } else {
                            change(
                                changes,
                                false,
                                &subject,
                                format!(
                                    "{subject}: optional field `{}: {}` added",
                                    g.rust_name,
                                    field_type(new, g)
                                ),
                            );
                        }
                    }
                }
            }
            (TypeKind::Enum(a), TypeKind::Enum(b)) => {
                for v in &a.variants {
                    if !b.variants.iter().any(|w| w.value == v.value) {
                        change(
                            changes,
                            true,
                            &subject,
                            format!("{subject}: value `{}` (`{}`) removed", v.value, v.rust_name),
                        );
                    }
                }
                for v in &b.variants {
                    if !a.variants.iter().any(|w| w.value == v.value) {
                        change(
                            changes,
                            false,
                            &subject,
                            format!("{subject}: value `{}` (`{}`) added", v.value, v.rust_name),
                        );
                    }
                }
            }
            (TypeKind::Union(a), TypeKind::Union(b)) => {
                let shape = |api: &Api, u: &crate::ir::Union| {
                    u.variants
                        .iter()
                        .map(|v| format!("{}({})", v.name, ty_display(api, &v.ty)))
                        .collect::<Vec<_>>()
                };
                if shape(old, a) != shape(new, b) {
                    change(
                        changes,
                        true,
                        &subject,
                        format!(
                            "{subject}: variants {:?} → {:?}",
                            shape(old, a),
                            shape(new, b)
                        ),
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
