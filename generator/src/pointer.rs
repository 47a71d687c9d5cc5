//! JSON pointers (RFC 6901) in URI-fragment form, as used in `$ref`.

/// Appends one reference token to `base`, escaping `~` and `/`.
pub fn push(base: &str, token: &str) -> String {
    let mut pointer = String::with_capacity(base.len() + 1 + token.len());
    pointer.push_str(base);
    pointer.push('/');
    // Most tokens need no escape: copied in one piece.
    if !token.contains(['~', '/']) {
        pointer.push_str(token);
        return pointer;
    }
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
    pointer
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
///
/// A `$ref` is a URI reference, so its fragment is percent-decoded
/// (`My%20Thing` → `My Thing`) before the JSON pointer's own escapes
/// (`~1`, `~0`) are undone, as RFC 6901 section 6 says.
pub fn ref_target(reference: &str, section: &str) -> Option<String> {
    let prefix = format!("#/components/{section}/");
    let token = reference.strip_prefix(prefix.as_str())?;
    if token.contains('/') {
        return None;
    }
    let token = percent_decode(token)?;
    Some(token.replace("~1", "/").replace("~0", "~"))
}

/// `%XX` escapes decoded; `None` when they are malformed or not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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
        // `~1` in a name is a tilde and a one, not a slash.
        assert_eq!(push("#/x", "~1/é~"), "#/x/~01~1é~0");
        assert_eq!(push("#", ""), "#/");
        assert_eq!(push("", "plain"), "/plain");
    }

    #[test]
    fn resolves_component_refs() {
        assert_eq!(
            ref_target("#/components/schemas/_v1_leads_{id}_put_input", "schemas").as_deref(),
            Some("_v1_leads_{id}_put_input")
        );
        assert_eq!(ref_target("#/components/parameters/x", "schemas"), None);
        assert_eq!(ref_target("other.yml#/x", "schemas"), None);
        assert_eq!(
            ref_target("#/components/schemas/My%20Thing%7E", "schemas").as_deref(),
            Some("My Thing~")
        );
        assert_eq!(ref_target("#/components/schemas/a%2", "schemas"), None);
        assert_eq!(ref_target("#/components/schemas/a%ff", "schemas"), None);
    }
}
