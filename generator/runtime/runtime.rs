//! Support code the generated types and functions use. Not part of the
//! public API: its items may change in any release.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

/// Everything but RFC 3986 "unreserved" characters is escaped in a path
/// segment, so a value can never add a segment, a query or a fragment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'~').remove(b'.');

/// A path parameter as one path segment, or why it cannot be one.
pub fn path_segment(value: &str) -> Result<String, String> {
    // URL parsers resolve `.` and `..` (also when percent-encoded), which
    // would change the path the request goes to.
    if value.is_empty() || value == "." || value == ".." {
        return Err(format!("{value:?} cannot be a path segment"));
    }
    Ok(utf8_percent_encode(value, SEGMENT).to_string())
}

/// The query string pairs of a parameters struct: absent values are left
/// out, lists repeat the name (`models=a&models=b`), values are sent as
/// their JSON text without quotes. Pairs are sorted by name, so that the
/// query string does not depend on how `serde_json` orders maps.
pub fn query_pairs<T: Serialize>(params: &T) -> Result<Vec<(String, String)>, String> {
    // Only the conversion to JSON depends on `T`; the rest is compiled once.
    pairs_of(serde_json::to_value(params).map_err(|e| e.to_string())?)
}

fn pairs_of(value: serde_json::Value) -> Result<Vec<(String, String)>, String> {
    let serde_json::Value::Object(map) = value else {
        return Err("query parameters must be a struct".to_owned());
    };
    let mut pairs = Vec::new();
    for (name, value) in map {
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Array(items) => {
                for item in items {
                    pairs.push((name.clone(), scalar(item)));
                }
            }
            other => pairs.push((name, scalar(other))),
        }
    }
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(pairs)
}

fn scalar(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    }
}

/// At most 512 bytes of a body, as text, for error messages.
pub fn snippet(body: &[u8]) -> String {
    const MAX: usize = 512;
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX)]).into_owned();
    if body.len() > MAX {
        format!("{text}…")
    } else {
        text
    }
}

/// Replaces every occurrence of `secret` in `bytes` with `<redacted>`.
/// When `truncated`, a trailing part that could be the start of `secret`
/// is cut too, so that a prefix cannot leak half a token.
pub(crate) fn scrub(bytes: &[u8], secret: &[u8], truncated: bool) -> Vec<u8> {
    if secret.is_empty() {
        return bytes.to_vec();
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while let Some(at) = rest.windows(secret.len()).position(|w| w == secret) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(b"<redacted>");
        rest = &rest[at + secret.len()..];
    }
    out.extend_from_slice(rest);
    if truncated {
        let partial = (1..secret.len().min(out.len() + 1)).rev().find(|&n| out.ends_with(&secret[..n]));
        if let Some(n) = partial {
            out.truncate(out.len() - n);
            out.extend_from_slice(b"<redacted>");
        }
    }
    out
}

/// [`scrub`] for text.
pub(crate) fn scrub_text(text: &str, secret: &str) -> String {
    if secret.is_empty() || !text.contains(secret) {
        return text.to_owned();
    }
    text.replace(secret, "<redacted>")
}

/// Shown instead of a secret field by `Debug`.
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// serde helpers for optional nullable fields: absent (`None`), `null`
/// (`Some(None)`) and a value (`Some(Some(v))`) stay apart.
pub mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}

/// Implements the string conversions and serde for a generated string
/// enum whose last variant, `Unrecognized(String)`, keeps unknown values.
// A document without enums does not use it.
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident { $($variant:ident => $value:literal,)* }) => {
        impl $name {
            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unrecognized(other) => other.as_str(),
                }
            }

            /// Every value the document lists.
            pub const KNOWN: &'static [&'static str] = &[$($value),*];
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unrecognized(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Unrecognized(_) => Self::Unrecognized(value),
                    known => known,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value))
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(path_segment("a/b?c=d").unwrap(), "a%2Fb%3Fc%3Dd");
        assert_eq!(path_segment("../admin").unwrap(), "..%2Fadmin");
        assert_eq!(path_segment("%2F").unwrap(), "%252F");
        assert!(path_segment("..").is_err());
        assert!(path_segment("").is_err());
    }

    #[test]
    fn secrets_are_scrubbed_even_when_cut() {
        assert_eq!(scrub(b"a tok-123 b tok-123", b"tok-123", false), b"a <redacted> b <redacted>");
        assert_eq!(scrub(b"echo: tok-1", b"tok-123", true), b"echo: <redacted>");
        assert_eq!(scrub(b"plain", b"tok-123", true), b"plain");
        assert_eq!(scrub_text("x tok y", "tok"), "x <redacted> y");
    }

    #[test]
    fn query_pairs_skip_absent_and_repeat_lists() {
        #[derive(Serialize)]
        struct P {
            #[serde(rename = "order-by")]
            order_by: Option<String>,
            limit: Option<i64>,
            models: Vec<String>,
            flag: bool,
        }
        let pairs = query_pairs(&P { order_by: None, limit: Some(5), models: vec!["a".into(), "b".into()], flag: true }).unwrap();
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(pairs, [("flag", "true"), ("limit", "5"), ("models", "a"), ("models", "b")]);
    }
}
