//! Turning document names into Rust identifiers.

use heck::{ToPascalCase, ToSnakeCase};

/// Words that cannot be raw identifiers (`r#self` is not allowed).
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "extern", "_"];

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof",
    "unsized", "virtual", "yield",
];

pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// A snake_case identifier for a field, parameter, function or module.
/// Keywords get a trailing underscore (`type` → `type_`): it reads better in
/// docs than `r#type` and works for `self` too.
pub fn snake_ident(name: &str) -> String {
    let mut ident = name.to_snake_case();
    if ident.is_empty() {
        ident = "value".to_owned();
    }
    if ident.as_bytes()[0].is_ascii_digit() {
        ident.insert(0, '_');
    }
    if is_keyword(&ident) || NON_RAW_KEYWORDS.contains(&ident.as_str()) {
        ident.push('_');
    }
    ident
}

/// A PascalCase identifier for a type or variant.
pub fn pascal_ident(name: &str) -> String {
    let mut ident = name.to_pascal_case();
    if ident.is_empty() {
        ident = "Value".to_owned();
    }
    if ident.as_bytes()[0].is_ascii_digit() {
        ident.insert(0, 'V');
    }
    if ident == "Self" {
        ident.push('_');
    }
    ident
}

/// The singular of an English plural, for naming items and records:
/// `leads` → `lead`, `amenities` → `amenity`, `statuses` → `status`.
pub fn singular(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let keep = ["us", "ss", "is", "news", "data"];
    if keep.iter().any(|k| lower.ends_with(k)) {
        return word.to_owned();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for suffix in ["uses", "sses", "xes", "ches", "shes", "zzes"] {
        if lower.ends_with(suffix) {
            return word[..word.len() - 2].to_owned();
        }
    }
    match word.strip_suffix('s') {
        Some(stem) if !stem.is_empty() => stem.to_owned(),
        _ => word.to_owned(),
    }
}

/// Applies [`singular`] to the last word of a snake_case or kebab-case name.
pub fn singular_last_word(name: &str) -> String {
    let snake = name.to_snake_case();
    match snake.rsplit_once('_') {
        Some((head, last)) => format!("{head}_{}", singular(last)),
        None => singular(&snake),
    }
}

/// Makes `candidate` unique among `taken` by appending 2, 3, …
pub fn uniquify(candidate: String, taken: &mut std::collections::BTreeSet<String>) -> String {
    if taken.insert(candidate.clone()) {
        return candidate;
    }
    let separator = if candidate.ends_with(|c: char| c.is_ascii_digit()) {
        "_"
    } else {
        ""
    };
    (2..)
        .map(|n| format!("{candidate}{separator}{n}"))
        .find(|c| taken.insert(c.clone()))
        .unwrap_or(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(snake_ident("order-by"), "order_by");
        assert_eq!(snake_ident("type"), "type_");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident("PMC_ID"), "pmc_id");
        assert_eq!(snake_ident("1st"), "_1st");
        assert_eq!(pascal_ident("Du/Fourplex"), "DuFourplex");
        assert_eq!(pascal_ident("Section 8/Affordable"), "Section8Affordable");
        assert_eq!(pascal_ident("30_DAYS"), "V30Days");
        assert_eq!(pascal_ident("errorResponse"), "ErrorResponse");
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("leads"), "lead");
        assert_eq!(singular("amenities"), "amenity");
        assert_eq!(singular("statuses"), "status");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("leases"), "lease");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular_last_word("rentable-items"), "rentable_item");
    }

    #[test]
    fn uniquify_appends_numbers() {
        let mut taken = Default::default();
        assert_eq!(uniquify("A".into(), &mut taken), "A");
        assert_eq!(uniquify("A".into(), &mut taken), "A2");
        assert_eq!(uniquify("Phone1".into(), &mut taken), "Phone1");
        assert_eq!(uniquify("Phone1".into(), &mut taken), "Phone1_2");
    }
}
