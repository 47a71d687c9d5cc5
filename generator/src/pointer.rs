//! JSON pointers (RFC 6901) in URI-fragment form, as used in `$ref`.

/// Appends one reference token to `base`, escaping `~` and `/`.
pub fn push(base: &str, token: &str) -> String {
    let escaped = token.replace('~', "~0").replace('/', "~1");
    format!("{base}/{escaped}")
}

/// The pointer of an operation, e.g. `#/paths/~1v1~1leads~1/post`.
pub fn operation(path: &str, method: &str) -> String {
    push(&push("#/paths", path), method)
}

/// The pointer of a component schema.
pub fn component_schema(name: &str) -> String {
    push("#/components/schemas", name)
}

/// The component name a `$ref` points to, if it points into
/// `#/components/<section>/`.
pub fn ref_target(reference: &str, section: &str) -> Option<String> {
    let prefix = format!("#/components/{section}/");
    let token = reference.strip_prefix(prefix.as_str())?;
    if token.contains('/') {
        return None;
    }
    Some(token.replace("~1", "/").replace("~0", "~"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_slashes_and_tildes() {
        assert_eq!(
            operation("/v1/leads/", "post"),
            "#/paths/~1v1~1leads~1/post"
        );
        assert_eq!(push("#", "a~b"), "#/a~0b");
    }

    #[test]
    fn resolves_component_refs() {
        assert_eq!(
            ref_target("#/components/schemas/_v1_leads_{id}_put_input", "schemas").as_deref(),
            Some("_v1_leads_{id}_put_input")
        );
        assert_eq!(ref_target("#/components/parameters/x", "schemas"), None);
        assert_eq!(ref_target("other.yml#/x", "schemas"), None);
    }
}
