//! Turning document names into Rust identifiers.
//!
//! **Any name becomes an ASCII identifier** ([`ascii_words`]): Latin
//! letters with diacritics lose them (`Größe` → `grosse`, `état` →
//! `etat`); other letters and digits of any script are spelled as their
//! code point, `u` and four or more hex digits, each its own word (`名前` →
//! `u540d_u524d`, `١٢٣` → `u0661_u0662_u0663`); everything else
//! (punctuation, symbols, emoji, spaces) separates words. ASCII only,
//! because module names become file names and non-ASCII identifiers draw
//! the `non_ascii_idents` lint and are hard to type; the code point keeps
//! distinct names distinct and reads back unambiguously.

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

/// `name` in ASCII, by the rule in the module docs: folded Latin letters,
/// `u<hex>` words for other letters and digits, separators for the rest.
pub fn ascii_words(name: &str) -> String {
    if name.is_ascii() {
        return name.to_owned();
    }
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if let Some(folded) = fold_latin(c) {
            out.push_str(folded);
        } else if c.is_alphanumeric() {
            // Its own word whatever surrounds it: `名前` → `u540d u524d`.
            out.push_str(&format!(" u{:04x} ", c as u32));
        } else {
            out.push(' ');
        }
    }
    out
}

/// The ASCII spelling of a Latin letter with a diacritic or a ligature
/// (Latin-1 Supplement and Latin Extended-A), keeping its case.
fn fold_latin(c: char) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("ÀÁÂÃÄÅĀĂĄ", "A"),
        ("àáâãäåāăą", "a"),
        ("ÇĆĈĊČ", "C"),
        ("çćĉċč", "c"),
        ("ĎĐÐ", "D"),
        ("ďđð", "d"),
        ("ÈÉÊËĒĔĖĘĚ", "E"),
        ("èéêëēĕėęě", "e"),
        ("ĜĞĠĢ", "G"),
        ("ĝğġģ", "g"),
        ("ĤĦ", "H"),
        ("ĥħ", "h"),
        ("ÌÍÎÏĨĪĬĮİ", "I"),
        ("ìíîïĩīĭįı", "i"),
        ("Ĵ", "J"),
        ("ĵ", "j"),
        ("Ķ", "K"),
        ("ķĸ", "k"),
        ("ĹĻĽĿŁ", "L"),
        ("ĺļľŀł", "l"),
        ("ÑŃŅŇŊ", "N"),
        ("ñńņňŉŋ", "n"),
        ("ÒÓÔÕÖØŌŎŐ", "O"),
        ("òóôõöøōŏő", "o"),
        ("ŔŖŘ", "R"),
        ("ŕŗř", "r"),
        ("ŚŜŞŠ", "S"),
        ("śŝşšſ", "s"),
        ("ŢŤŦ", "T"),
        ("ţťŧ", "t"),
        ("ÙÚÛÜŨŪŬŮŰŲ", "U"),
        ("ùúûüũūŭůűų", "u"),
        ("Ŵ", "W"),
        ("ŵ", "w"),
        ("ÝŶŸ", "Y"),
        ("ýÿŷ", "y"),
        ("ŹŻŽ", "Z"),
        ("źżž", "z"),
        ("Æ", "Ae"),
        ("æ", "ae"),
        ("Œ", "Oe"),
        ("œ", "oe"),
        ("Þ", "Th"),
        ("þ", "th"),
        ("ß", "ss"),
        ("Ĳ", "Ij"),
        ("ĳ", "ij"),
    ];
    TABLE
        .iter()
        .find(|(letters, _)| letters.contains(c))
        .map(|(_, ascii)| *ascii)
}

/// A snake_case identifier for a field, parameter, function or module.
/// Keywords get a trailing underscore (`type` → `type_`): it reads better in
/// docs than `r#type` and works for `self` too.
pub fn snake_ident(name: &str) -> String {
    let mut ident = ascii_words(name).to_snake_case();
    if ident.is_empty() {
        ident = "value".to_owned();
    }
    if ident.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        // `_1` says nothing (clippy's `just_underscores_and_digits`).
        ident.insert_str(0, "value_");
    } else if ident.as_bytes()[0].is_ascii_digit() {
        ident.insert(0, '_');
    }
    if is_keyword(&ident) || NON_RAW_KEYWORDS.contains(&ident.as_str()) {
        ident.push('_');
    }
    ident
}

/// A PascalCase identifier for a type or variant. `Self`, which cannot be
/// one, becomes `SelfValue` (a trailing underscore would turn into
/// `Self_2` when numbered, which is not UpperCamelCase).
pub fn pascal_ident(name: &str) -> String {
    let mut ident = ascii_words(name).to_pascal_case();
    if ident.is_empty() {
        ident = "Value".to_owned();
    }
    if ident.as_bytes()[0].is_ascii_digit() {
        ident.insert(0, 'V');
    }
    if ident == "Self" {
        ident.push_str("Value");
    }
    ident
}

/// Names that glob imports and unqualified code expect to mean the
/// standard prelude's items (or `std`'s most used ones): a generated type
/// with one of these names would shadow it in any module that does
/// `use propexo::types::*`.
pub const PRELUDE_NAMES: &[&str] = &[
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Drop",
    "Eq",
    "Err",
    "Error",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
    "Debug",
    "Display",
    "Hash",
    "HashMap",
    "BTreeMap",
    "HashSet",
    "BTreeSet",
    "Cow",
    "Rc",
    "Arc",
    "Cell",
    "RefCell",
    "Path",
    "PathBuf",
    "Duration",
    "Future",
    "AsRef",
    "AsMut",
    "Drop",
    "Self",
];

/// Whether a type named `name` would shadow a prelude or `std` name.
pub fn shadows_prelude(name: &str) -> bool {
    PRELUDE_NAMES.contains(&name)
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
    let snake = ascii_words(name).to_snake_case();
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
        assert_eq!(snake_ident("1"), "value_1");
        assert_eq!(snake_ident("-1"), "value_1");
        assert_eq!(snake_ident("2_3"), "value_2_3");
        assert_eq!(pascal_ident("Du/Fourplex"), "DuFourplex");
        assert_eq!(pascal_ident("Section 8/Affordable"), "Section8Affordable");
        assert_eq!(pascal_ident("30_DAYS"), "V30Days");
        assert_eq!(pascal_ident("errorResponse"), "ErrorResponse");
        assert_eq!(pascal_ident("Self"), "SelfValue");
        assert_eq!(pascal_ident("self"), "SelfValue");
    }

    #[test]
    fn any_unicode_name_is_an_ascii_identifier() {
        assert_eq!(snake_ident("Größe"), "grosse");
        assert_eq!(snake_ident("état"), "etat");
        assert_eq!(pascal_ident("café"), "Cafe");
        assert_eq!(snake_ident("名前"), "u540d_u524d");
        assert_eq!(pascal_ident("日本"), "U65e5U672c");
        assert_eq!(snake_ident("١٢٣"), "u0661_u0662_u0663");
        assert_eq!(pascal_ident("٣"), "U0663");
        assert_eq!(snake_ident("💥"), "value");
        assert_eq!(pascal_ident("a\u{202e}b"), "AB");
        for name in ["Ölfeld", "ŉ", "ǅ", "Ⅷ", "𝔘", "\u{0}", "\u{feff}x", "ﬁ"] {
            for ident in [snake_ident(name), pascal_ident(name)] {
                assert!(
                    ident.is_ascii() && syn::parse_str::<syn::Ident>(&ident).is_ok(),
                    "{name:?} → {ident:?}"
                );
            }
        }
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
        assert_eq!(uniquify("SelfValue".into(), &mut taken), "SelfValue");
        assert_eq!(uniquify("SelfValue".into(), &mut taken), "SelfValue2");
    }
}
