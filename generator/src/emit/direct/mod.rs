//! Printing the files of types as text directly, in prettyplease's layout.
//!
//! The files of types are nine tenths of the crate, and printing them by
//! building tokens with `quote!`, parsing them with syn and formatting
//! them with prettyplease was most of the generator's time. Their items
//! have few shapes (structs of fields, `decode_fields`, builders with a
//! setter per field), so they are printed here line by line, breaking a
//! line the way prettyplease does (at column 89) where the shape is known.
//!
//! Anything this module cannot vouch for — a line too long for a shape it
//! knows how to break, an enum, a union, a `match` — is printed by the
//! token path for that piece alone (an item, one field, one method), so
//! the files are the same bytes either way. The fixed-point test in
//! `xtask` (`direct_text_is_what_prettyplease_prints`) compares both paths
//! file by file on every stored version of the document.

mod build;
mod enums;
pub(crate) mod expr;
mod operations;

pub use operations::module_file_body;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use self::expr::Expr;
use super::docs::escape_controls_keeping_lines;
use super::types::{self, decode_call, field_deprecation, field_doc, field_serde_args};
use super::{builders, texts};
use crate::layout::builders::BuilderLayout;
use crate::layout::features::Gate;
use crate::layout::{Layout, TypeLayout};
use crate::model::{Model, Struct, TypeId, TypeKind};

/// prettyplease's right margin: a line longer than this is broken where
/// its syntax allows.
const MARGIN: usize = 89;

/// The indentation of one level.
const INDENT: usize = 4;

/// Whether `text`, starting at column `indent`, fits on its line.
fn fits(indent: usize, text: &str) -> bool {
    indent + text.len() <= MARGIN
}

/// Text made of whole lines.
#[derive(Default)]
pub(crate) struct Out(String);

impl Out {
    fn line(&mut self, indent: usize, text: &str) {
        self.indent(indent);
        self.0.push_str(text);
        self.0.push('\n');
    }

    /// Removes the last line and gives it back (without its newline).
    fn take_last_line(&mut self) -> String {
        let body = self.0.strip_suffix('\n').unwrap_or(&self.0);
        let start = body.rfind('\n').map_or(0, |i| i + 1);
        let line = body[start..].to_owned();
        self.0.truncate(start);
        line
    }

    fn indent(&mut self, indent: usize) {
        const SPACES: &str = "                                                                ";
        let mut left = indent;
        while left > 0 {
            let n = left.min(SPACES.len());
            self.0.push_str(&SPACES[..n]);
            left -= n;
        }
    }

    /// `///` lines, as prettyplease prints the `#[doc]` attributes of
    /// [`super::doc_attrs`].
    fn doc(&mut self, indent: usize, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        // Printable ASCII needs no escapes (the usual case: no copy).
        let plain = text
            .bytes()
            .all(|b| b == b'\n' || (b' '..=b'~').contains(&b));
        let escaped;
        let text = if plain {
            text
        } else {
            escaped = escape_controls_keeping_lines(text);
            &escaped
        };
        for line in text.lines() {
            self.indent(indent);
            self.0.push_str("///");
            let line = line.trim_end();
            if !line.is_empty() {
                self.0.push(' ');
                self.0.push_str(line);
            }
            self.0.push('\n');
        }
    }

    /// An attribute, broken the way prettyplease breaks one too long for
    /// its line; `false` (and nothing printed) when it cannot say how.
    fn attr(&mut self, indent: usize, meta: &Meta) -> bool {
        if indent + meta.width() + 3 <= MARGIN {
            self.indent(indent);
            self.0.push_str("#[");
            meta.write_one_line(&mut self.0);
            self.0.push_str("]\n");
            return true;
        }
        let Meta::List(name, args) = meta else {
            return false;
        };
        let mut inner = Out::default();
        if !inner.args(indent + INDENT, args) {
            return false;
        }
        self.line(indent, &format!("#[{name}("));
        self.0.push_str(&inner.0);
        self.line(indent, ")]");
        true
    }

    /// The arguments of a broken attribute list, one per line.
    fn args(&mut self, indent: usize, args: &[Meta]) -> bool {
        for (i, arg) in args.iter().enumerate() {
            let comma = if i + 1 < args.len() { "," } else { "" };
            let one = format!("{}{comma}", arg.one_line());
            if fits(indent, &one) || !matches!(arg, Meta::List(..)) {
                self.line(indent, &one);
                continue;
            }
            let Meta::List(name, inner) = arg else {
                return false;
            };
            self.line(indent, &format!("{name}("));
            if !self.args(indent + INDENT, inner) {
                return false;
            }
            self.line(indent, &format!("){comma}"));
        }
        true
    }
}

/// The part of an attribute inside `#[…]`.
enum Meta {
    /// `non_exhaustive`
    Word(String),
    /// `derive(Debug, Clone)`
    List(String, Vec<Meta>),
    /// `note = "…"`, with the value as a Rust string literal.
    NameValue(String, String),
}

impl Meta {
    fn list(name: &str, args: Vec<Meta>) -> Meta {
        Meta::List(name.to_owned(), args)
    }

    fn word(name: &str) -> Meta {
        Meta::Word(name.to_owned())
    }

    fn string(name: &str, value: &str) -> Meta {
        Meta::NameValue(name.to_owned(), literal(value))
    }

    fn one_line(&self) -> String {
        let mut text = String::new();
        self.write_one_line(&mut text);
        text
    }

    /// [`Meta::one_line`] appended to `text`.
    fn write_one_line(&self, text: &mut String) {
        match self {
            Meta::Word(word) => text.push_str(word),
            Meta::List(name, args) => {
                text.push_str(name);
                text.push('(');
                for (i, arg) in args.iter().enumerate() {
                    if i > 0 {
                        text.push_str(", ");
                    }
                    arg.write_one_line(text);
                }
                text.push(')');
            }
            Meta::NameValue(name, value) => {
                text.push_str(name);
                text.push_str(" = ");
                text.push_str(value);
            }
        }
    }

    /// The length of [`Meta::one_line`].
    fn width(&self) -> usize {
        match self {
            Meta::Word(word) => word.len(),
            Meta::List(name, args) => {
                name.len()
                    + 2
                    + args.iter().map(Meta::width).sum::<usize>()
                    + 2 * args.len().saturating_sub(1)
            }
            Meta::NameValue(name, value) => name.len() + 3 + value.len(),
        }
    }
}

/// A Rust string literal of `value`, escaped as `quote!` escapes it.
fn literal(value: &str) -> String {
    // Printable ASCII without quotes or backslashes is itself; anything
    // else is escaped by the same code as `quote!`'s.
    if value
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\')
    {
        let mut text = String::with_capacity(value.len() + 2);
        text.push('"');
        text.push_str(value);
        text.push('"');
        return text;
    }
    proc_macro2::Literal::string(value).to_string()
}

/// An identifier as `super::ident` makes it (raw for a keyword).
fn ident_text(name: &str) -> String {
    if crate::naming::is_keyword(name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// `#[cfg(…)]` of a gate, as [`super::cfg_attr`] writes it.
fn cfg_meta(gate: &Gate) -> Option<Meta> {
    let features: Vec<Meta> = gate
        .any
        .iter()
        .map(|f| Meta::string("feature", f))
        .collect();
    match features.len() {
        0 => None,
        1 => Some(Meta::list("cfg", features)),
        _ => Some(Meta::list("cfg", vec![Meta::list("any", features)])),
    }
}

/// A piece of a file: one item printed here, or tokens (of any number of
/// items) for prettyplease.
enum Piece {
    Text(String),
    Tokens(TokenStream),
}

/// The body of a file of types (after its header), into `body`: the
/// same text as prettyplease prints for `super::crate_files::type_file`.
pub fn type_file_body(
    model: &Model,
    layout: &Layout,
    types: &[TypeId],
    whole_file_gated: bool,
    doc: &str,
    body: &mut String,
) {
    let mut out = Out(std::mem::take(body));
    out.line(0, &format!("//!{}", doc.trim_end()));
    for id in types {
        let gate = (!whole_file_gated).then(|| layout.type_gate(*id));
        let cfg_tokens = || gate.as_ref().map(super::cfg_attr).unwrap_or_default();
        // The `#[cfg]` before each of the type's items, as text.
        let cfg = match gate.as_ref().and_then(cfg_meta) {
            None => Some(String::new()),
            Some(meta) => {
                let mut cfg = Out::default();
                cfg.attr(0, &meta).then_some(cfg.0)
            }
        };
        let Some(cfg) = cfg else {
            // A gate too long to print here: the whole type as tokens.
            let tokens = types::type_item(model, layout, *id);
            out.0.push_str(&pretty_gated(cfg_tokens(), tokens));
            continue;
        };
        for piece in type_pieces(model, layout, *id) {
            match piece {
                Piece::Text(text) => {
                    out.0.push_str(&cfg);
                    out.0.push_str(&text);
                }
                Piece::Tokens(tokens) => out.0.push_str(&pretty_gated(cfg_tokens(), tokens)),
            }
        }
    }
    *body = out.0;
}

/// Items of `tokens`, each with `cfg` before its own attributes, printed
/// by prettyplease (as `super::crate_files::gate_items` gates them).
fn pretty_gated(cfg: TokenStream, tokens: TokenStream) -> String {
    if cfg.is_empty() {
        return pretty_items(tokens);
    }
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => {
            let items = file.items.into_iter();
            pretty_items(quote! { #(#cfg #items)* })
        }
        Err(_) => pretty_items(tokens),
    }
}

/// Items printed by prettyplease, as the token path prints a whole file.
fn pretty_items(tokens: TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens) {
        Ok(file) => prettyplease::unparse(&file),
        Err(err) => format!("compile_error!({:?});\n", err.to_string()),
    }
}

/// The lines prettyplease prints for `members` (fields of a struct when
/// `in_struct`, else associated items of an impl), without the wrapper
/// it needs to parse them: their text at one level of indentation.
fn pretty_members(members: TokenStream, in_struct: bool) -> String {
    let wrapped = if in_struct {
        quote! { struct __Wrapper { #members } }
    } else {
        quote! { impl __Wrapper { #members } }
    };
    let text = pretty_items(wrapped);
    let mut lines: Vec<&str> = text.lines().collect();
    // The wrapper's first and last lines.
    if lines.len() >= 2 {
        lines.remove(0);
        lines.pop();
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// Every item of a type, in the order of `super::types::type_item`.
fn type_pieces(model: &Model, layout: &Layout, id: TypeId) -> Vec<Piece> {
    let def = model.ty(id);
    let names = layout.ty(id);
    let mut pieces = Vec::new();
    match &def.kind {
        TypeKind::Struct(s) => struct_pieces(model, layout, id, names, s, &mut pieces),
        TypeKind::Enum(e) => {
            let doc = types::type_doc(model, layout, def, names);
            match enums::string_enum(&doc, names, &e.values) {
                Some(items) => pieces.extend(items.map(Piece::Text)),
                None => pieces.push(Piece::Tokens(types::definition(model, layout, id))),
            }
        }
        TypeKind::Union(_) => {
            pieces.push(Piece::Tokens(types::definition(model, layout, id)));
        }
    }
    for alias in &names.aliases {
        let line = format!("pub type {alias} = {};", names.name);
        if fits(0, &line) {
            let mut out = Out::default();
            doc_attr(&mut out, 0, &texts::alias(&names.name));
            out.line(0, &line);
            pieces.push(Piece::Text(out.0));
        } else {
            pieces.push(Piece::Tokens(types::alias_item(names, alias)));
        }
    }
    if let Some(items) = enums::sort_field_enum(names) {
        pieces.extend(items.map(Piece::Text));
    } else if let Some(sort) = types::sort_field_enum(names) {
        pieces.push(Piece::Tokens(sort));
    }
    pieces
}

fn struct_pieces(
    model: &Model,
    layout: &Layout,
    id: TypeId,
    names: &TypeLayout,
    s: &Struct,
    pieces: &mut Vec<Piece>,
) {
    let def = model.ty(id);
    pieces.push(
        struct_def(model, layout, id, names, s)
            .map(Piece::Text)
            .unwrap_or_else(|| Piece::Tokens(types::struct_def(model, layout, def, names, s))),
    );
    match deserialize(names, s) {
        Some((deserialize, decode_fields)) => {
            pieces.push(Piece::Text(deserialize));
            pieces.push(Piece::Text(decode_fields));
        }
        None => pieces.push(Piece::Tokens(types::deserialize_impl(names, s))),
    }
    let has_secret = s.fields.iter().any(|f| f.secret);
    if has_secret {
        let name = format_ident!("{}", names.name);
        pieces.push(Piece::Tokens(types::redacting_debug(&name, names, s)));
    }
    let Some(b) = &names.builder else {
        return;
    };
    pieces.push(
        constructors(names, b, s)
            .map(Piece::Text)
            .unwrap_or_else(|| Piece::Tokens(builders::constructors(names, b, s))),
    );
    pieces.push(
        builder_struct(layout, names, b, s, has_secret)
            .map(Piece::Text)
            .unwrap_or_else(|| {
                Piece::Tokens(builders::builder_struct(layout, names, b, s, has_secret))
            }),
    );
    if has_secret {
        pieces.push(Piece::Tokens(builders::secret_debug(b)));
    }
    pieces.push(
        builder_impl(layout, names, b, s)
            .map(Piece::Text)
            .unwrap_or_else(|| Piece::Tokens(builders::builder_impl(layout, names, b, s))),
    );
}

/// The struct and its fields; `None` when its header is not a known shape.
fn struct_def(
    model: &Model,
    layout: &Layout,
    id: TypeId,
    names: &TypeLayout,
    s: &Struct,
) -> Option<String> {
    if s.fields.is_empty() && s.additional.is_none() {
        return None;
    }
    let def = model.ty(id);
    let mut out = Out::default();
    out.doc(0, &types::type_doc(model, layout, def, names));
    let derives = types::struct_derive_names(names, s)
        .map(Meta::word)
        .collect();
    if !out.attr(0, &Meta::list("derive", derives)) {
        return None;
    }
    if !types::sends(names) {
        let attr = feature_attr(
            crate::layout::directions::SERIALIZE,
            Meta::list("derive", vec![Meta::word("::serde::Serialize")]),
        );
        if !out.attr(0, &attr) {
            return None;
        }
    }
    out.line(0, "#[non_exhaustive]");
    let header = format!("pub struct {} {{", names.name);
    if !fits(0, &header) {
        return None;
    }
    out.line(0, &header);
    for (i, f) in s.fields.iter().enumerate() {
        let mut field = Out::default();
        field.doc(INDENT, &field_doc(names, i, f));
        let printed = field_attrs_and_decl(&mut field, layout, names, i, s);
        match printed {
            true => out.0.push_str(&field.0),
            false => out.0.push_str(&pretty_members(
                types::field_tokens(layout, names, i, f),
                true,
            )),
        }
    }
    if let Some(ty) = &s.additional {
        let field = ident_text(names.additional.as_deref().unwrap_or_default());
        let mut extra = Out::default();
        doc_attr(&mut extra, INDENT, texts::ADDITIONAL_FIELD);
        let serde = serde_meta(names, vec![Meta::word("flatten")]);
        let decl = format!(
            "pub {field}: ::std::collections::BTreeMap<::std::string::String, {}>,",
            super::ty_text(layout, ty)
        );
        if extra.attr(INDENT, &serde) && fits(INDENT, &decl) {
            extra.line(INDENT, &decl);
            out.0.push_str(&extra.0);
        } else {
            let tokens = types::additional_field(layout, names, s).unwrap_or_default();
            out.0.push_str(&pretty_members(tokens, true));
        }
    }
    out.line(0, "}");
    Some(out.0)
}

/// `#[cfg_attr(feature = "…", meta)]`.
fn feature_attr(feature: &str, meta: Meta) -> Meta {
    Meta::list("cfg_attr", vec![Meta::string("feature", feature), meta])
}

/// `serde(args)`, under the `serialize` feature for a type that derives
/// `Serialize` only with it (see `types::serde_attr`).
fn serde_meta(names: &TypeLayout, args: Vec<Meta>) -> Meta {
    let serde = Meta::list("serde", args);
    if types::sends(names) {
        serde
    } else {
        feature_attr(crate::layout::directions::SERIALIZE, serde)
    }
}

/// A field's attributes and declaration; `false` when its declaration
/// is too long for a line and would be broken inside its type.
fn field_attrs_and_decl(
    out: &mut Out,
    layout: &Layout,
    names: &TypeLayout,
    i: usize,
    s: &Struct,
) -> bool {
    let f = &s.fields[i];
    let args = field_serde_args(names, i, f);
    if !args.is_empty() {
        let args = args
            .iter()
            .map(|(name, value)| Meta::string(name, value))
            .collect();
        if !out.attr(INDENT, &serde_meta(names, args)) {
            return false;
        }
    }
    if let Some(note) = field_deprecation(names, i, f) {
        if !out.attr(INDENT, &deprecated(&note)) {
            return false;
        }
    }
    let ty = types::field_type_expr(layout, names, i, f);
    let prefix = format!("pub {}: ", ident_text(&names.fields[i]));
    attempt(out, |out| ty.print(out, INDENT, &prefix, ",", true))
}

/// Prints with `print` when it succeeds; prints nothing when it fails
/// part way.
fn attempt(out: &mut Out, print: impl FnOnce(&mut Out) -> bool) -> bool {
    let mut text = Out::default();
    if !print(&mut text) {
        return false;
    }
    out.0.push_str(&text.0);
    true
}

/// `deprecated(note = "…")`.
fn deprecated(note: &str) -> Meta {
    Meta::list("deprecated", vec![Meta::string("note", note)])
}

/// A `#[doc = "…"]` attribute whose value the generator wrote (one line,
/// starting with a space).
fn doc_attr(out: &mut Out, indent: usize, value: &str) {
    out.indent(indent);
    out.0.push_str("///");
    out.0.push_str(value.trim_end());
    out.0.push('\n');
}

/// A function's signature up to its `{` from column `indent`, returning
/// `ret` (followed by `tail`, such as ` + 'a`): on one line, or with a
/// parameter per line and then the return type, broken as a type breaks
/// when it still does not fit.
fn signature(
    out: &mut Out,
    indent: usize,
    head: &str,
    params: &[Expr],
    ret: &Expr,
    tail: &str,
) -> bool {
    let list: Vec<String> = params.iter().map(Expr::one_line).collect();
    let one = format!("{head}({}) -> {}{tail} {{", list.join(", "), ret.one_line());
    if fits(indent, &one) {
        out.line(indent, &one);
        return true;
    }
    if params.is_empty() || !fits(indent, &format!("{head}(")) {
        return false;
    }
    out.line(indent, &format!("{head}("));
    for (i, param) in params.iter().enumerate() {
        // The last comma is printed because the list broke: not counted.
        let last = i + 1 == params.len();
        if !param.print(out, indent + INDENT, "", ",", !last) {
            return false;
        }
    }
    ret.print(out, indent, ") -> ", &format!("{tail} {{"), true)
}

/// `{trait_head} for {self_ty} {`, the header of a trait impl at the
/// margin; too long for one line, it breaks before `for`, which starts a
/// line of its own. `false` (nothing printed) when that is still too long.
fn impl_header(out: &mut Out, trait_head: &str, self_ty: &str) -> bool {
    let one = format!("{trait_head} for {self_ty} {{");
    if fits(0, &one) {
        out.line(0, &one);
        return true;
    }
    let second = format!("for {self_ty} {{");
    if !fits(0, &second) {
        return false;
    }
    out.line(0, trait_head);
    out.line(0, &second);
    true
}

/// A statement: `prefix`, an expression that may break, and `;` or
/// nothing (the tail expression).
struct Statement(String, Expr, &'static str);

/// A method returning `ret` (a type that does not break, such as
/// `Self`) with the statements of its body, each from a line of its own.
fn method(out: &mut Out, head: &str, params: &[Expr], ret: &str, body: &[Statement]) -> bool {
    if !signature(out, INDENT, head, params, &Expr::Atom(ret.to_owned()), "") {
        return false;
    }
    for Statement(prefix, expr, suffix) in body {
        if !expr.print(out, 2 * INDENT, prefix, suffix, true) {
            return false;
        }
    }
    out.line(INDENT, "}");
    true
}

/// The `Deserialize` impl and the impl with `decode_fields` (two items);
/// `None` for a shape this module does not print.
fn deserialize(names: &TypeLayout, s: &Struct) -> Option<(String, String)> {
    let name = &names.name;
    let mut out = Out::default();
    let cfg = (!types::receives(names)).then(|| {
        Meta::list(
            "cfg",
            vec![Meta::string(
                "feature",
                crate::layout::directions::DESERIALIZE,
            )],
        )
    });
    if let Some(cfg) = &cfg {
        out.attr(0, cfg).then_some(())?;
    }
    if !impl_header(&mut out, "impl<'de> ::serde::Deserialize<'de>", name) {
        return None;
    }
    out.line(INDENT, "fn deserialize<D: ::serde::Deserializer<'de>>(");
    out.line(2 * INDENT, "deserializer: D,");
    out.line(INDENT, ") -> ::std::result::Result<Self, D::Error> {");
    out.line(
        2 * INDENT,
        "crate::decode::object::deserialize(deserializer, Self::decode_fields)",
    );
    out.line(INDENT, "}");
    out.line(0, "}");
    let deserialize = std::mem::take(&mut out.0);
    if let Some(cfg) = &cfg {
        out.attr(0, cfg).then_some(())?;
    }
    let header = format!("impl {name} {{");
    if !fits(0, &header) {
        return None;
    }
    out.line(0, &header);
    if s.fields.iter().any(|f| f.deprecated.is_some()) {
        out.line(INDENT, "#[allow(deprecated)]");
    }
    out.line(INDENT, "fn decode_fields(");
    out.line(2 * INDENT, "fields: &mut crate::decode::object::Fields,");
    out.line(
        INDENT,
        ") -> ::std::result::Result<Self, crate::decode::object::FieldError> {",
    );
    // Each field's name (with `: fields`) and the call taking it.
    let mut inits: Vec<(&str, String)> = s
        .fields
        .iter()
        .zip(&names.fields)
        .map(|(f, rust_name)| {
            let (take, early) = decode_call(f);
            let early = if early { "?" } else { "" };
            let call = format!(".{take}({}){early}", literal(&f.json_name));
            (rust_name.as_str(), call)
        })
        .collect();
    if let Some(extra) = &names.additional {
        inits.push((extra.as_str(), ".rest()".to_owned()));
    }
    let raw = |name: &str| {
        if crate::naming::is_keyword(name) {
            2
        } else {
            0
        }
    };
    let width = |name: &str| raw(name) + name.len() + ": fields".len();
    // prettyplease keeps a struct literal on one line when it is narrow
    // (`Self { ` and the fields up to ` }` within `expr::STRUCT_MAX_WIDTH`):
    // not printed here.
    let one_line: usize = inits.iter().map(|(n, c)| width(n) + c.len() + 2).sum();
    if "Self { ".len() + one_line - 2 + " ".len() <= expr::STRUCT_MAX_WIDTH {
        return None;
    }
    out.line(2 * INDENT, "::std::result::Result::Ok(Self {");
    for (i, (name, call)) in inits.iter().enumerate() {
        // The last field's comma is printed only when the literal is
        // broken, so it does not count towards the line's width.
        let comma = usize::from(i + 1 < inits.len());
        let field = |out: &mut Out| {
            out.indent(3 * INDENT);
            if raw(name) > 0 {
                out.0.push_str("r#");
            }
            out.0.push_str(name);
            out.0.push_str(": fields");
        };
        if 3 * INDENT + width(name) + call.len() + comma <= MARGIN {
            field(&mut out);
            out.0.push_str(call);
            out.0.push_str(",\n");
        } else if 4 * INDENT + call.len() < MARGIN {
            // The call and its comma fit on the next line.
            field(&mut out);
            out.0.push('\n');
            out.indent(4 * INDENT);
            out.0.push_str(call);
            out.0.push_str(",\n");
        } else {
            return None;
        }
    }
    out.line(2 * INDENT, "})");
    out.line(INDENT, "}");
    out.line(0, "}");
    Some((deserialize, out.0))
}

/// `Type::builder()` and `Type::new()`.
fn constructors(names: &TypeLayout, b: &BuilderLayout, s: &Struct) -> Option<String> {
    let mut out = Out::default();
    let header = format!("impl {} {{", names.name);
    let builder = format!("pub fn builder() -> {} {{", b.name);
    if !fits(0, &header) || !fits(INDENT, &builder) {
        return None;
    }
    out.line(0, &header);
    doc_attr(&mut out, INDENT, &texts::builder_start(&names.name));
    out.line(INDENT, &builder);
    out.line(
        2 * INDENT,
        &format!("<{} as ::std::default::Default>::default()", b.name),
    );
    out.line(INDENT, "}");
    if !s.fields.iter().any(|f| f.required) {
        doc_attr(&mut out, INDENT, texts::NEW);
        out.line(INDENT, "pub fn new() -> Self {");
        out.line(2 * INDENT, "<Self as ::std::default::Default>::default()");
        out.line(INDENT, "}");
    }
    out.line(0, "}");
    Some(out.0)
}

/// `BTreeMap<String, T>` of the properties beyond the documented ones.
fn extra_map(layout: &Layout, ty: &crate::model::Ty) -> Expr {
    Expr::Generic(
        "::std::collections::BTreeMap".to_owned(),
        vec![
            Expr::Atom("::std::string::String".to_owned()),
            super::ty_expr(layout, ty),
        ],
    )
}

/// `impl ::std::convert::Into<T>`.
fn into(ty: Expr) -> Expr {
    Expr::Generic("impl ::std::convert::Into".to_owned(), vec![ty])
}

/// A parameter `name: ty`.
fn param(name: &str, ty: Expr) -> Expr {
    prefixed(&format!("{name}: "), ty)
}

/// `ty` after `prefix` (a parameter's name, `&`, `&'a `): the prefix is
/// the first part of the type's path, so the whole breaks as the type
/// does. Any other expression becomes one piece, which a line too short
/// for it sends to the token path.
fn prefixed(prefix: &str, ty: Expr) -> Expr {
    match ty {
        Expr::Generic(path, args) => Expr::Generic(format!("{prefix}{path}"), args),
        Expr::Atom(path) => Expr::Atom(format!("{prefix}{path}")),
        other => Expr::Atom(format!("{prefix}{}", other.one_line())),
    }
}

/// `mut self`.
fn mut_self() -> Expr {
    Expr::Atom("mut self".to_owned())
}

/// The statement `self` ending a setter.
fn returns_self() -> Statement {
    Statement(String::new(), Expr::Atom("self".to_owned()), "")
}

/// The builder struct, a slot per field.
fn builder_struct(
    layout: &Layout,
    names: &TypeLayout,
    b: &BuilderLayout,
    s: &Struct,
    has_secret: bool,
) -> Option<String> {
    let header = format!("pub struct {} {{", b.name);
    if (s.fields.is_empty() && s.additional.is_none()) || !fits(0, &header) {
        return None;
    }
    let mut out = Out::default();
    doc_attr(&mut out, 0, &builders::builder_doc(names, b));
    let derives = builders::builder_derive_names(has_secret)
        .map(Meta::word)
        .collect();
    out.attr(0, &Meta::list("derive", derives)).then_some(())?;
    out.line(0, "#[must_use]");
    out.line(0, &header);
    for i in 0..s.fields.len() {
        let ty = builders::slot_type_expr(layout, names, s, i);
        let prefix = format!("{}: ", ident_text(&names.fields[i]));
        if !attempt(&mut out, |out| ty.print(out, INDENT, &prefix, ",", true)) {
            let tokens = builders::builder_slot(layout, names, s, i);
            out.0.push_str(&pretty_members(tokens, true));
        }
    }
    if let Some(ty) = &s.additional {
        let ty = extra_map(layout, ty);
        let prefix = format!(
            "{}: ",
            ident_text(names.additional.as_deref().unwrap_or_default())
        );
        if !attempt(&mut out, |out| ty.print(out, INDENT, &prefix, ",", true)) {
            let tokens = builders::additional_slot(layout, names, s).unwrap_or_default();
            out.0.push_str(&pretty_members(tokens, true));
        }
    }
    out.line(0, "}");
    Some(out.0)
}

/// `impl Builder { setters…, build }`.
fn builder_impl(
    layout: &Layout,
    names: &TypeLayout,
    b: &BuilderLayout,
    s: &Struct,
) -> Option<String> {
    let header = format!("impl {} {{", b.name);
    if !fits(0, &header) {
        return None;
    }
    let mut out = Out::default();
    out.line(0, &header);
    for i in 0..s.fields.len() {
        let mut setters = Out::default();
        if setter(&mut setters, layout, names, b, s, i) {
            out.0.push_str(&setters.0);
        } else {
            let tokens = builders::setter(layout, names, b, s, i);
            out.0.push_str(&pretty_members(tokens, false));
        }
    }
    if let (Some(adder), Some(ty)) = (&b.additional, &s.additional) {
        let mut extra = Out::default();
        doc_attr(&mut extra, INDENT, &builders::additional_setter_doc(names));
        let params = [
            mut_self(),
            param("name", into(Expr::Atom("::std::string::String".to_owned()))),
            param("value", into(super::ty_expr(layout, ty))),
        ];
        let field = ident_text(names.additional.as_deref().unwrap_or_default());
        let body = [
            Statement(
                String::new(),
                Expr::Atom(format!("self.{field}.insert(name.into(), value.into())")),
                ";",
            ),
            returns_self(),
        ];
        let head = format!("pub fn {}", ident_text(adder));
        if method(&mut extra, &head, &params, "Self", &body) {
            out.0.push_str(&extra.0);
        } else {
            let tokens = builders::additional_setter(layout, names, b, s).unwrap_or_default();
            out.0.push_str(&pretty_members(tokens, false));
        }
    }
    let mut build = Out::default();
    if build::build_fn(&mut build, names, s) {
        out.0.push_str(&build.0);
    } else {
        out.0
            .push_str(&pretty_members(builders::build_fn(names, s), false));
    }
    out.line(0, "}");
    Some(out.0)
}

/// The setters of field `i`; `false` when one of their lines is too long.
fn setter(
    out: &mut Out,
    layout: &Layout,
    names: &TypeLayout,
    b: &BuilderLayout,
    s: &Struct,
    i: usize,
) -> bool {
    let f = &s.fields[i];
    let setter = &b.setters[i];
    let field = ident_text(&names.fields[i]);
    let [value_doc, null_doc, unset_doc] = builders::setter_docs(names, i);
    let deprecated_meta = f
        .deprecated
        .as_ref()
        .map(|d| deprecated(&super::deprecation_note(d, None)));
    doc_attr(out, INDENT, &value_doc);
    if let Some(meta) = &deprecated_meta {
        if !out.attr(INDENT, meta) {
            return false;
        }
    }
    let inner = types::field_inner_expr(layout, names, i, f);
    let params = [mut_self(), param("value", into(inner))];
    let assign = format!("self.{field} = ");
    let body = [
        Statement(
            assign.clone(),
            builders::setter_wrap(f.ty.is_nullable()),
            ";",
        ),
        returns_self(),
    ];
    let head = format!("pub fn {}", ident_text(&setter.value));
    if !method(out, &head, &params, "Self", &body) {
        return false;
    }
    if let Some(null) = &setter.null {
        doc_attr(out, INDENT, &null_doc);
        if let Some(meta) = &deprecated_meta {
            if !out.attr(INDENT, meta) {
                return false;
            }
        }
        let none = Expr::Atom("::std::option::Option::None".to_owned());
        let body = [
            Statement(
                assign.clone(),
                Expr::Call("::std::option::Option::Some".to_owned(), vec![none]),
                ";",
            ),
            returns_self(),
        ];
        let head = format!("pub fn {}", ident_text(null));
        if !method(out, &head, &[mut_self()], "Self", &body) {
            return false;
        }
    }
    if let Some(unset) = &setter.unset {
        doc_attr(out, INDENT, &unset_doc);
        let none = Expr::Atom("::std::option::Option::None".to_owned());
        let body = [Statement(assign, none, ";"), returns_self()];
        let head = format!("pub fn {}", ident_text(unset));
        if !method(out, &head, &[mut_self()], "Self", &body) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::{direct_files_through_tokens, emit};
    use crate::Options;

    /// A prefixed type keeps its arguments, so it still breaks as the type
    /// does; anything else becomes one piece with the same text.
    #[test]
    fn a_prefix_joins_the_type_it_stands_before() {
        use super::expr::Expr;
        let atom = |s: &str| Expr::Atom(s.to_owned());
        let vec = Expr::Generic("::std::vec::Vec".into(), vec![atom("T")]);
        let prefixed = super::param("body", super::prefixed("&", vec));
        assert!(
            matches!(&prefixed, Expr::Generic(path, args) if path == "body: &::std::vec::Vec" && args.len() == 1)
        );
        assert_eq!(prefixed.one_line(), "body: &::std::vec::Vec<T>");
        assert_eq!(super::param("id", atom("i64")).one_line(), "id: i64");
        let tuple = super::prefixed("&", Expr::Tuple(vec![atom("a"), atom("b")]));
        assert!(matches!(&tuple, Expr::Atom(text) if text == "&(a, b)"));
    }

    /// String literals are what `quote!` writes, printable ASCII or not.
    #[test]
    fn literals_are_escaped_as_quote_escapes_them() {
        for value in [
            "",
            "a b",
            "it's {x} ~",
            "say \"hi\"",
            "back\\slash",
            "tab\there",
            "nul\0",
            "é",
            "\u{202e}",
            "line\nbreak",
        ] {
            assert_eq!(
                super::literal(value),
                proc_macro2::Literal::string(value).to_string(),
                "{value:?}"
            );
        }
    }

    /// Shapes near every line-width limit this module decides on: names
    /// long enough to break a `decode_fields` line, a setter's signature,
    /// an attribute and a builder slot; a keyword field; a secret; a
    /// deprecated field with a long note; extra properties; a struct so
    /// narrow its literal stays on one line; a struct with no fields;
    /// types shared by two resources (each item gated); and builders'
    /// `build()` with one or more required fields, a destructuring `let`
    /// and a return type on either side of the margin; a `Deserialize`
    /// header too long for its line; and `decode_fields` literals of one
    /// field on either side of the one-line limit.
    #[test]
    fn direct_text_matches_prettyplease_at_every_width() {
        let long = "a_field_name_long_enough_to_push_its_decode_fields_line_past_the_margin";
        let mut properties = vec![
            format!("{long}: {{type: string}}"),
            format!("{}: {{type: number, nullable: true}}", &long[..40]),
            "type: {type: integer, nullable: true}".to_owned(),
            "status: {type: string, enum: [ACTIVE, COLD, INACTIVE, WAITLISTED, PRICE, LOCATION, AMENITIES, NO_REASON, \"say \\\"hi\\\"\", DECIDED_NOT_TO_MOVE_BECAUSE_OF_A_REASON_LONG_ENOUGH_TO_OVERFLOW_ANY_LINE_OF_THE_MACRO]}".to_owned(),
            "kind: {type: string, enum: [A]}".to_owned(),
            "password: {type: string, format: password}".to_owned(),
            "old: {type: string, deprecated: true, description: \"Deprecated: this field is no longer read by any PMS and will be removed in a later version of the API.\"}".to_owned(),
            "items: {type: array, items: {$ref: \"#/components/schemas/AnotherSchemaWithANameLongEnoughToBreakTheBuilderSlotLine\"}}".to_owned(),
        ];
        // Names of every length that puts a decode line, a setter's
        // signature, a builder slot or a field on either side of the margin.
        for n in 4..=45 {
            properties.push(format!("{}: {{type: string}}", "w".repeat(n)));
        }
        let thing = format!(
            "    Thing:\n      type: object\n      required: [{long}]\n      additionalProperties: true\n      properties:\n{}",
            properties
                .iter()
                .map(|p| format!("        {p}\n"))
                .collect::<String>()
        );
        // Structs of one field whose `decode_fields` literal is on either
        // side of the one-line limit.
        let singles: String = (1..=24)
            .map(|n| {
                format!(
                    "    One{n}:\n      type: object\n      properties: {{{}: {{type: string}}}}\n",
                    "v".repeat(n)
                )
            })
            .collect();
        let single_refs: String = (1..=24)
            .map(|n| format!("o{n}: {{$ref: \"#/components/schemas/One{n}\"}}, "))
            .collect();
        // The last field of a literal: its line may be one longer, as its
        // comma is only printed when the literal is broken.
        let last = "z".repeat(28);
        let doc = format!(
            "paths:
  /v1/things/:
    post:
      requestBody: {{content: {{application/json: {{schema: {{$ref: \"#/components/schemas/Thing\"}}}}}}}}
      responses: {{\"200\": {{description: ok, content: {{application/json: {{schema: {{$ref: \"#/components/schemas/Shared\"}}}}}}}}}}
  /v1/others/:
    post:
      requestBody: {{content: {{application/json: {{schema: {{$ref: \"#/components/schemas/Narrow\"}}}}}}}}
      responses: {{\"200\": {{description: ok, content: {{application/json: {{schema: {{$ref: \"#/components/schemas/Shared\"}}}}}}}}}}
    get:
      responses: {{\"200\": {{description: ok, content: {{application/json: {{schema: {{$ref: \"#/components/schemas/SharedB\"}}}}}}}}}}
  /v1/thirds/:
    get:
      responses: {{\"200\": {{description: ok, content: {{application/json: {{schema: {{$ref: \"#/components/schemas/SharedB\"}}}}}}}}}}
    post:
      requestBody: {{content: {{application/json: {{schema: {{$ref: \"#/components/schemas/Empty\"}}}}}}}}
      responses: {{\"200\": {{description: ok}}}}
  /v1/cars/:
    post:
      requestBody: {{content: {{application/json: {{schema: {{$ref: \"#/components/schemas/Car\"}}}}}}}}
      responses: {{\"200\": {{description: ok, content: {{application/json: {{schema: {{$ref: \"#/components/schemas/Single\"}}}}}}}}}}
    put:
      requestBody: {{content: {{application/json: {{schema: {{$ref: \"#/components/schemas/Week\"}}}}}}}}
      responses: {{\"200\": {{description: ok}}}}
    patch:
      requestBody: {{content: {{application/json: {{schema: {{$ref: \"#/components/schemas/Creds\"}}}}}}}}
      responses: {{\"200\": {{description: ok}}}}
components:
  schemas:
    Car:
      type: object
      required: [make]
      properties: {{make: {{type: string}}, model: {{type: string}}, year: {{type: string}}, color: {{type: string}}, license_plate_number: {{type: string}}, license_plate_state: {{type: string}}}}
    Week:
      type: object
      properties: {{sunday: {{type: string}}, monday: {{type: string}}, tuesday: {{type: string}}, wednesday: {{type: string}}, thursday: {{type: string}}, friday: {{type: string}}, saturday: {{type: string}}}}
    Creds:
      type: object
      required: [client_id, secret]
      properties: {{client_id: {{type: string}}, secret: {{type: string}}}}
{thing}    AnotherSchemaWithANameLongEnoughToBreakTheBuilderSlotLine:
      type: object
      properties: {{n: {{type: integer}}}}
    Shared:
      type: object
      properties: {{id: {{type: string}}, {long}: {{type: string}}, ones: {{$ref: \"#/components/schemas/Ones\"}}}}
    SharedB:
      type: object
      properties: {{when: {{type: string, format: date-time}}, {last}: {{type: string}}}}
    Single:
      type: object
      required: [results]
      properties: {{results: {{type: string}}}}
    Ones:
      type: object
      properties: {{{single_refs}}}
{singles}
    Narrow:
      type: object
      properties: {{a: {{type: string}}}}
    Empty:
      type: object
"
        );
        let policy = "";
        let (model, layout, diags) = crate::test_support::pipeline(&doc, policy);
        assert!(!diags.has_errors(), "{diags}");
        let options = Options {
            policy: crate::policy::Policy::parse(policy).unwrap(),
            command: "test".into(),
            standalone: false,
        };
        let files = emit(&model, &layout, &options);
        let through_tokens = direct_files_through_tokens(&model, &layout, &options);
        assert!(through_tokens.len() >= 2, "{:?}", through_tokens.keys());
        let all: String = through_tokens.values().cloned().collect();
        // The shapes the test is about are there.
        for shape in [
            "    #[serde(\n",
            "    #[deprecated(\n",
            ": fields\n                .",
            "    ) -> Self {\n",
            "#[cfg(any(",
            "impl ::std::fmt::Debug for Thing",
            "pub type_: ",
            "crate::runtime::string_enum!(\n    ThingStatus { Active => ",
            "crate::runtime::string_enum!(ThingKind { A => \"A\", });\n",
            "        let Self {\n            make,\n",
            "        let Self { sunday, monday, tuesday, wednesday, thursday, friday, saturday } = self;\n",
            "            (::std::option::Option::Some(make),) => {\n",
            "            (\n                ::std::option::Option::Some(client_id),\n",
            "impl<'de> ::serde::Deserialize<'de>\nfor ",
            "    ) -> ::std::result::Result<\n        ",
            "        ::std::result::Result::Ok(Self {\n            results: fields.required(\"results\")?,\n        })\n",
            "        ::std::result::Result::Ok(Self { a: fields.optional(\"a\") })\n",
        ] {
            assert!(all.contains(shape), "no {shape:?} in\n{all}");
        }
        for (file, text) in &through_tokens {
            assert_eq!(&files[file], text, "{file}");
        }
    }
}
