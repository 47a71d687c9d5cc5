//! String enums and the sort-field enums of listed records, printed
//! directly: the enum, then the runtime macro that maps its variants to
//! the API's strings (`string_enum!`, `sort_field!`).

use super::{doc_attr, literal, Out, INDENT, MARGIN};
use crate::emit::texts;
use crate::layout::{TypeLayout, UNRECOGNIZED};

/// The enum of a string type: its items (the enum, the macro call), or
/// `None` for one without values.
pub(super) fn string_enum(doc: &str, names: &TypeLayout, values: &[String]) -> Option<[String; 2]> {
    if values.is_empty() {
        return None;
    }
    let mut out = Out::default();
    out.doc(0, doc);
    out.line(
        0,
        "#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]",
    );
    out.line(0, "#[non_exhaustive]");
    out.line(0, &format!("pub enum {} {{", names.name));
    for (value, variant) in values.iter().zip(&names.variants) {
        out.doc(INDENT, &texts::enum_value(value));
        out.line(INDENT, &format!("{variant},"));
    }
    doc_attr(&mut out, INDENT, texts::UNRECOGNIZED);
    out.line(INDENT, &format!("{UNRECOGNIZED}(::std::string::String),"));
    out.line(0, "}");
    let pairs = values
        .iter()
        .zip(&names.variants)
        .map(|(v, n)| (n.as_str(), v.as_str()));
    let call = macro_call("crate::runtime::string_enum", &names.name, pairs);
    Some([out.0, call])
}

/// The enum of the fields a list of `names`' records sorts by, as
/// `types::sort_field_enum` writes it; `None` when there is none or it
/// has no variants.
pub(super) fn sort_field_enum(names: &TypeLayout) -> Option<[String; 2]> {
    let fields = names.sort_fields.as_ref()?;
    if fields.variants.is_empty() {
        return None;
    }
    let mut out = Out::default();
    doc_attr(&mut out, 0, &texts::sort_fields(&names.name));
    out.line(0, "#[derive(Debug, Clone, PartialEq, Eq, Hash)]");
    out.line(0, "#[non_exhaustive]");
    out.line(0, &format!("pub enum {} {{", fields.name));
    for (json, variant) in &fields.variants {
        doc_attr(&mut out, INDENT, &texts::sort_field(json));
        out.line(INDENT, &format!("{variant},"));
    }
    doc_attr(&mut out, INDENT, texts::OTHER_SORT_FIELD);
    out.line(
        INDENT,
        &format!("{}(::std::string::String),", crate::layout::sorting::OTHER),
    );
    out.line(0, "}");
    let pairs = fields
        .variants
        .iter()
        .map(|(j, v)| (v.as_str(), j.as_str()));
    let call = macro_call("crate::sort::sort_field", &fields.name, pairs);
    Some([out.0, call])
}

/// `path!(Name { A => "a", B => "b", });` as prettyplease prints a macro
/// it does not know: on one line when it fits, else its tokens filled
/// into lines one level in, broken at any space between tokens.
fn macro_call<'a>(
    path: &str,
    name: &str,
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
) -> String {
    // The pieces between which the line may break: a comma stays with the
    // literal before it, and `=>` is one piece.
    let mut pieces = vec![name.to_owned(), "{".to_owned()];
    for (variant, value) in pairs {
        pieces.push(variant.to_owned());
        pieces.push("=>".to_owned());
        pieces.push(format!("{},", literal(value)));
    }
    pieces.push("}".to_owned());
    let one = format!("{path}!({});", pieces.join(" "));
    let mut out = Out::default();
    if one.len() <= MARGIN {
        out.line(0, &one);
        return out.0;
    }
    out.line(0, &format!("{path}!("));
    let mut line = String::new();
    for piece in &pieces {
        if !line.is_empty() && INDENT + line.len() + 1 + piece.len() > MARGIN {
            out.line(INDENT, &line);
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(piece);
    }
    out.line(INDENT, &line);
    out.line(0, ");");
    out.0
}
