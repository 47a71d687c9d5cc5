//! What replaces a deprecated item, read from its description.
//!
//! The document says it in a dozen ways ("Deprecated. Use X instead.",
//! "DEPRECATED: Use X", "Please use the \"X\" field", "Use the
//! /leads/:id/rentable-items endpoint instead", "Use listings endpoints").
//! Each candidate word after "use" (or "see") is tried, in order, as a
//! field of the same struct, an operation path, or a resource module; the
//! first that names a generated item is the replacement. Descriptions that
//! name none ("Field is no longer applicable", "see specific PMS
//! credentials") keep their text as the note.

use super::{OpLayout, Replacement, TypeLayout};
use crate::model::{Model, TypeKind};

pub fn resolve_replacements(model: &Model, types: &mut [TypeLayout], ops: &mut [OpLayout]) {
    let routes: Vec<(String, String, String)> = model
        .operations
        .iter()
        .zip(ops.iter())
        .filter(|(op, _)| op.supported)
        .map(|(op, names)| {
            (
                path_key(&op.path),
                names.module.clone(),
                names.function.clone(),
            )
        })
        .collect();
    let modules: Vec<String> = ops.iter().map(|names| names.module.clone()).collect();
    for (id, names) in model.type_ids().zip(types.iter_mut()) {
        let TypeKind::Struct(s) = &model.ty(id).kind else {
            continue;
        };
        for (i, field) in s.fields.iter().enumerate() {
            let Some(note) = field.deprecated.as_ref().and_then(|d| d.note.as_deref()) else {
                continue;
            };
            let own = &field.json_name;
            names.replacements[i] = find(note, &|word, next| {
                if let Some(j) = s
                    .fields
                    .iter()
                    .position(|f| f.json_name == word && f.json_name != *own)
                {
                    return Some(Replacement::Field(names.fields[j].clone()));
                }
                resolve_route(word, next, &routes, &modules)
            });
        }
    }
    for (op, names) in model.operations.iter().zip(ops.iter_mut()) {
        if let Some(note) = op.deprecated.as_ref().and_then(|d| d.note.as_deref()) {
            names.replacement = find(note, &|word, next| {
                resolve_route(word, next, &routes, &modules)
            });
        }
    }
}

/// `/v1/leads/{id}/rentable-items` and `/leads/:id/rentable-items` both
/// become `leads/*/rentable-items`.
fn path_key(path: &str) -> String {
    path.split('/')
        .filter(|s| !s.is_empty())
        .filter(|s| {
            !(s.starts_with('v') && s.len() > 1 && s[1..].bytes().all(|b| b.is_ascii_digit()))
        })
        .map(|s| {
            if s.starts_with('{') || s.starts_with(':') {
                "*"
            } else {
                s
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn resolve_route(
    word: &str,
    next: &str,
    routes: &[(String, String, String)],
    modules: &[String],
) -> Option<Replacement> {
    let plural_endpoints = next.starts_with("endpoints");
    if word.starts_with('/') {
        let key = path_key(word);
        if !plural_endpoints {
            if let Some((_, module, function)) = routes.iter().find(|(k, _, _)| *k == key) {
                return Some(Replacement::Operation {
                    module: module.clone(),
                    function: function.clone(),
                });
            }
        }
        // `/events endpoints` names a resource; a longer path that matches no
        // operation names nothing we generate.
        if key.contains('/') {
            return None;
        }
        let module = crate::naming::snake_ident(&key);
        return modules
            .contains(&module)
            .then_some(Replacement::Module(module));
    }
    if next.starts_with("endpoint") {
        let module = crate::naming::snake_ident(word);
        return modules
            .contains(&module)
            .then_some(Replacement::Module(module));
    }
    None
}

/// Calls `resolve` with each word that follows "use" or "see" (skipping
/// "the", "propexo" and the like) and the word after it, until one resolves.
fn find(note: &str, resolve: &dyn Fn(&str, &str) -> Option<Replacement>) -> Option<Replacement> {
    let words: Vec<String> = note
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| {
                matches!(c, '"' | '\'' | '`' | ',' | '.' | ';' | ':' | '(' | ')')
            })
            .to_owned()
        })
        .collect();
    let fillers = ["the", "propexo", "a", "an", "instead", "new"];
    for (i, word) in words.iter().enumerate() {
        let lower = word.to_ascii_lowercase();
        if lower != "use" && lower != "see" {
            continue;
        }
        let mut j = i + 1;
        while words
            .get(j)
            .is_some_and(|w| fillers.contains(&w.to_ascii_lowercase().as_str()))
        {
            j += 1;
        }
        if let Some(candidate) = words.get(j) {
            let next = words
                .get(j + 1)
                .map(|w| w.to_ascii_lowercase())
                .unwrap_or_default();
            if let Some(found) = resolve(candidate, &next) {
                return Some(found);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(note: &str) -> Option<Replacement> {
        find(note, &|w, _| {
            [
                "target_move_in_date",
                "pets",
                "units",
                "status_raw",
                "property_id",
            ]
            .contains(&w)
            .then(|| Replacement::Field(w.to_owned()))
        })
    }

    #[test]
    fn reads_the_common_phrasings() {
        let f = |s: &str| Some(Replacement::Field(s.to_owned()));
        assert_eq!(
            field("Deprecated. Use target_move_in_date instead."),
            f("target_move_in_date")
        );
        assert_eq!(field("DEPRECATED: Use the pets array instead"), f("pets"));
        assert_eq!(
            field("DEPRECATED: Please use the \"units\" field to see the associated units"),
            f("units")
        );
        assert_eq!(
            field("DEPRECATED. Use status_raw or status_normalized"),
            f("status_raw")
        );
        assert_eq!(
            field("Deprecated: Use the Propexo property_id instead"),
            f("property_id")
        );
        assert_eq!(field("Deprecated: Field is no longer applicable"), None);
        assert_eq!(field("DEPRECATED: see specific PMS credentials."), None);
    }

    #[test]
    fn resolves_endpoints_and_resources() {
        let routes = vec![(
            path_key("/v1/leads/{id}/rentable-items"),
            "leads".to_owned(),
            "list_rentable_items".to_owned(),
        )];
        let modules = vec![
            "leads".to_owned(),
            "events".to_owned(),
            "listings".to_owned(),
        ];
        let resolve = |note: &str| find(note, &|w, n| resolve_route(w, n, &routes, &modules));
        assert_eq!(
            resolve("Deprecated: Use the /leads/:id/rentable-items endpoint instead."),
            Some(Replacement::Operation {
                module: "leads".into(),
                function: "list_rentable_items".into()
            })
        );
        assert_eq!(
            resolve("DEPRECATED: Please use /events endpoints to write events."),
            Some(Replacement::Module("events".into()))
        );
        assert_eq!(
            resolve("DEPRECATED: Use listings endpoints."),
            Some(Replacement::Module("listings".into()))
        );
    }
}
