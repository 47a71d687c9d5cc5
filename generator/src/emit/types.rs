//! Printing types: structs, string enums and untagged unions.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::direct::expr::Expr;
use super::docs::{code, sanitize};
use super::texts;
use super::{doc_attrs, ident, ty_tokens};
use crate::layout::directions::{DESERIALIZE, SERIALIZE};
use crate::layout::{Layout, TypeLayout, UNRECOGNIZED};
use crate::model::{Field, IoRole, Model, Struct, Ty, TypeDef, TypeId, TypeKind, Use};

pub fn type_item(model: &Model, layout: &Layout, id: TypeId) -> TokenStream {
    let names = layout.ty(id);
    let item = definition(model, layout, id);
    let aliases = names.aliases.iter().map(|alias| alias_item(names, alias));
    let sort_fields = sort_field_enum(names);
    quote! { #item #(#aliases)* #sort_fields }
}

/// `pub type Alias = Name;` keeping an earlier name of a type.
pub(super) fn alias_item(names: &TypeLayout, alias: &str) -> TokenStream {
    let alias = format_ident!("{}", alias);
    let name = format_ident!("{}", names.name);
    let doc = texts::alias(&names.name);
    quote! { #[doc = #doc] pub type #alias = #name; }
}

pub(super) fn definition(model: &Model, layout: &Layout, id: TypeId) -> TokenStream {
    let def = model.ty(id);
    let names = layout.ty(id);
    match &def.kind {
        TypeKind::Struct(s) => struct_item(model, layout, def, names, s),
        TypeKind::Enum(e) => {
            let name = format_ident!("{}", names.name);
            let docs = doc_attrs(&type_doc(model, layout, def, names));
            let variants = e
                .values
                .iter()
                .zip(&names.variants)
                .map(|(value, variant)| {
                    let variant = format_ident!("{}", variant);
                    let doc = doc_attrs(&texts::enum_value(value));
                    quote! { #doc #variant, }
                });
            let pairs = e
                .values
                .iter()
                .zip(&names.variants)
                .map(|(value, variant)| {
                    let variant = format_ident!("{}", variant);
                    quote! { #variant => #value, }
                });
            let unrecognized = format_ident!("{}", UNRECOGNIZED);
            let unrecognized_doc = texts::UNRECOGNIZED;
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                    #[doc = #unrecognized_doc]
                    #unrecognized(::std::string::String),
                }
                crate::runtime::string_enum!(#name { #(#pairs)* });
            }
        }
        TypeKind::Union(u) => {
            let name = format_ident!("{}", names.name);
            // A variant whose type no other variant has converts with `From`.
            let convertible: Vec<usize> = (0..u.variants.len())
                .filter(|i| {
                    let ty = &u.variants[*i].ty;
                    *ty != Ty::Named(id) && u.variants.iter().filter(|v| v.ty == *ty).count() == 1
                })
                .collect();
            let shapes: Vec<String> = u
                .variants
                .iter()
                .map(|v| format!("`{}`", layout.display(&v.ty)))
                .collect();
            let mut text = format!(
                "{}\n\nOne of: {}; deserialization tries them in that order.",
                type_doc(model, layout, def, names),
                shapes.join(", ")
            );
            if convertible.len() == u.variants.len() {
                text.push_str(" Made from any of them with `From`/`.into()`.");
            } else if !convertible.is_empty() {
                text.push_str(" A variant whose type no other variant has is made from it with `From`/`.into()`.");
            }
            let docs = doc_attrs(&text);
            let variants = u.variants.iter().enumerate().map(|(i, v)| {
                let variant = format_ident!("{}", names.variants[i]);
                let mut ty = ty_tokens(layout, &v.ty);
                if names.boxed[i] {
                    ty = quote! { ::std::boxed::Box<#ty> };
                }
                let text = match v.doc.as_deref() {
                    Some(d) => sanitize(d),
                    None => format!("A `{}`.", layout.display(&v.ty)),
                };
                let doc = doc_attrs(&text);
                quote! { #doc #variant(#ty), }
            });
            let froms = convertible.iter().map(|i| {
                let variant = format_ident!("{}", names.variants[*i]);
                let ty = ty_tokens(layout, &u.variants[*i].ty);
                let value = if names.boxed[*i] {
                    quote! { ::std::boxed::Box::new(value) }
                } else {
                    quote! { value }
                };
                quote! {
                    impl ::std::convert::From<#ty> for #name {
                        fn from(value: #ty) -> Self {
                            Self::#variant(#value)
                        }
                    }
                }
            });
            let mut derives = vec![quote! { Debug }, quote! { Clone }, quote! { PartialEq }];
            let mut optional = Vec::new();
            for (always, feature, derive) in [
                (sends(names), SERIALIZE, quote! { ::serde::Serialize }),
                (
                    receives(names),
                    DESERIALIZE,
                    quote! { ::serde::Deserialize },
                ),
            ] {
                if always {
                    derives.push(derive);
                } else {
                    optional.push(quote! { #[cfg_attr(feature = #feature, derive(#derive))] });
                }
            }
            quote! {
                #docs
                #[derive(#(#derives),*)]
                #(#optional)*
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                }
                #(#froms)*
            }
        }
    }
}

/// The type's own description, then where it comes from in the document.
pub(super) fn type_doc(
    model: &Model,
    layout: &Layout,
    def: &TypeDef,
    names: &TypeLayout,
) -> String {
    let mut doc = def.doc.as_deref().map(sanitize).unwrap_or_default();
    let io: Vec<String> = def
        .uses
        .iter()
        .filter_map(|u| match u {
            Use::Operation { op: id, role } => {
                let op = model.op(*id);
                let what = match role {
                    IoRole::Params => "The query parameters of",
                    IoRole::Request => "The request body of",
                    IoRole::Response => "The successful response of",
                    IoRole::Error => "The error body of",
                };
                let path = layout.op(*id).function_path();
                let target = if op.supported {
                    format!("[`{path}`](crate::{path})")
                } else {
                    format!("`{path}`")
                };
                Some(format!("{what} {target} (`{} {}`).", op.method, op.path))
            }
            _ => None,
        })
        .collect();
    if !io.is_empty() && io.len() <= 3 {
        doc = if doc.is_empty() {
            io.join("\n")
        } else {
            format!("{doc}\n\n{}", io.join("\n"))
        };
    }
    if doc.is_empty() {
        doc = match &def.component {
            Some(component) => format!("The {} schema.", code(component)),
            None => format!("`{}`.", names.name),
        };
    }
    let sources: Vec<String> = def.sources.iter().take(3).map(|s| code(s)).collect();
    let more = def.sources.len().saturating_sub(3);
    let mut source_line = format!("Source: {}", sources.join(", "));
    if more > 0 {
        source_line.push_str(&format!(" and {more} more"));
    }
    format!("{doc}\n\n{source_line}.")
}

fn struct_item(
    model: &Model,
    layout: &Layout,
    def: &TypeDef,
    names: &TypeLayout,
    s: &Struct,
) -> TokenStream {
    let name = format_ident!("{}", names.name);
    let definition = struct_def(model, layout, def, names, s);
    let has_secret = s.fields.iter().any(|f| f.secret);
    let deserialize = deserialize_impl(names, s);
    let debug_impl = has_secret.then(|| redacting_debug(&name, names, s));
    let builder = names
        .builder
        .as_ref()
        .map(|b| super::builders::builder_items(layout, names, b, s, has_secret));
    quote! {
        #definition

        #deserialize

        #debug_impl

        #builder
    }
}

/// The struct itself, with its derives and fields.
pub(super) fn struct_def(
    model: &Model,
    layout: &Layout,
    def: &TypeDef,
    names: &TypeLayout,
    s: &Struct,
) -> TokenStream {
    let name = format_ident!("{}", names.name);
    let docs = doc_attrs(&type_doc(model, layout, def, names));
    let fields = s
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| field_tokens(layout, names, i, f));
    let additional = additional_field(layout, names, s);
    let (derives, serialize_attr) = struct_derives(names, s);
    quote! {
        #docs
        #[derive(#derives)]
        #serialize_attr
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

/// The derive list of a struct, and the `cfg_attr` deriving `Serialize`
/// with the `serialize` feature when it is not in the list.
pub(super) fn struct_derives(names: &TypeLayout, s: &Struct) -> (TokenStream, TokenStream) {
    let derives = struct_derive_names(names, s).map(super::rust_tokens);
    let (_, serialize_attr) = serialize_derive(names);
    (quote! { #(#derives),* }, serialize_attr)
}

/// The traits a struct derives (both printers write this list): `Debug`
/// unless a field is secret (it gets a redacting impl), `Default` when no
/// field is required, `Serialize` when it is sent (else only with the
/// `serialize` feature, in a `cfg_attr`).
pub(super) fn struct_derive_names(
    names: &TypeLayout,
    s: &Struct,
) -> impl Iterator<Item = &'static str> {
    let debug = !s.fields.iter().any(|f| f.secret);
    let default = !s.fields.iter().any(|f| f.required);
    [
        debug.then_some("Debug"),
        Some("Clone"),
        Some("PartialEq"),
        default.then_some("Default"),
        sends(names).then_some("::serde::Serialize"),
    ]
    .into_iter()
    .flatten()
}

/// The field collecting properties beyond the documented ones.
pub(super) fn additional_field(
    layout: &Layout,
    names: &TypeLayout,
    s: &Struct,
) -> Option<TokenStream> {
    let additional_field = names.additional.as_deref().map(ident);
    s.additional.as_ref().map(|ty| {
        let ty = ty_tokens(layout, ty);
        let flatten = serde_attr(names, quote! { flatten });
        let doc = texts::ADDITIONAL_FIELD;
        quote! {
            #[doc = #doc]
            #flatten
            pub #additional_field: ::std::collections::BTreeMap<::std::string::String, #ty>,
        }
    })
}

/// `Deserialize` for a struct, through the runtime's `decode::object`:
/// one line per field, saying how tolerant its decoding is (see the
/// crate's decoding policy), instead of serde's derived visitor.
pub(super) fn deserialize_impl(names: &TypeLayout, s: &Struct) -> TokenStream {
    let name = format_ident!("{}", names.name);
    let fields = s.fields.iter().zip(&names.fields).map(|(f, rust_name)| {
        let field = ident(rust_name);
        let json = &f.json_name;
        let (take, early) = decode_call(f);
        let take = format_ident!("{}", take);
        let early = early.then(|| quote! { ? });
        quote! { #field: fields.#take(#json) #early, }
    });
    let additional = names.additional.as_deref().map(|extra| {
        let field = ident(extra);
        quote! { #field: fields.rest(), }
    });
    let deprecated = s.fields.iter().any(|f| f.deprecated.is_some());
    let allow = deprecated.then(|| quote! { #[allow(deprecated)] });
    let cfg = deserialize_cfg(names);
    quote! {
        #cfg
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                crate::decode::object::deserialize(deserializer, Self::decode_fields)
            }
        }

        #cfg
        impl #name {
            #allow
            fn decode_fields(
                fields: &mut crate::decode::object::Fields,
            ) -> ::std::result::Result<Self, crate::decode::object::FieldError> {
                ::std::result::Result::Ok(Self {
                    #(#fields)*
                    #additional
                })
            }
        }
    }
}

/// How `decode_fields` takes a field: the `Fields` method, and whether
/// its error ends the decoding at once (`?`). Only a required field
/// without a fallback can; the others keep their error for the end (see
/// `decode::object::Fields`).
pub(super) fn decode_call(f: &Field) -> (&'static str, bool) {
    let inner = f.ty.non_null();
    let collection = matches!(inner, Ty::List(_) | Ty::Map(_) | Ty::JsonObject);
    let integer = *inner == Ty::Integer;
    let take = match (f.required, f.ty.is_nullable()) {
        (true, false) if integer => "integer",
        (true, false) if collection => "or_default",
        (true, false) => "required",
        (false, true) if integer => "double_option_integer",
        (false, true) => "double_option",
        _ if integer => "optional_integer",
        _ => "optional",
    };
    (take, take == "required")
}

/// A field: required fields are plain values (`Option` when nullable);
/// optional ones are `Option` and left out when `None`; optional nullable
/// ones are `Option<Option<T>>` so that "leave it" and "set it to null"
/// stay different.
pub(super) fn field_tokens(
    layout: &Layout,
    owner: &TypeLayout,
    i: usize,
    f: &Field,
) -> TokenStream {
    let field = ident(&owner.fields[i]);
    let docs = doc_attrs(&field_doc(owner, i, f));
    let deprecated = field_deprecation(owner, i, f).map(|note| {
        quote! { #[deprecated(note = #note)] }
    });
    let ty = super::rust_tokens(&field_type_text(layout, owner, i, f));
    let args = field_serde_args(owner, i, f);
    let serde = (!args.is_empty()).then(|| {
        let args = args.iter().map(|(name, value)| {
            let name = format_ident!("{}", name);
            quote! { #name = #value }
        });
        serde_attr(owner, quote! { #(#args),* })
    });
    quote! {
        #docs
        #serde
        #deprecated
        pub #field: #ty,
    }
}

/// A field's doc comment: the document's text, its constraints, and what
/// to use instead when it is deprecated.
pub(super) fn field_doc(owner: &TypeLayout, i: usize, f: &Field) -> String {
    let replacement = owner.replacements[i].as_ref();
    let mut doc = f.doc.as_deref().map(sanitize).unwrap_or_default();
    if let Some(line) = super::docs::constraints(&f.constraints) {
        doc.push_str(&format!("\n\n{line}"));
    }
    if f.beta {
        doc.push_str("\n\n**Beta**: this field may change or be removed.");
    }
    // The description usually is the deprecation note: repeat it only to
    // link the replacement, or when there is no description.
    if let Some(d) = f
        .deprecated
        .as_ref()
        .filter(|_| replacement.is_some() || f.doc.is_none())
    {
        doc.push_str(&format!(
            "\n\n**Deprecated**: {}",
            super::deprecation_doc(d, replacement, Some(&owner.name))
        ));
    }
    doc.trim().to_owned()
}

/// The `#[deprecated]` note of a deprecated field.
pub(super) fn field_deprecation(owner: &TypeLayout, i: usize, f: &Field) -> Option<String> {
    let replacement = owner.replacements[i].as_ref();
    f.deprecated
        .as_ref()
        .map(|d| super::deprecation_note(d, replacement))
}

/// A field's type as text.
pub(super) fn field_type_text(layout: &Layout, owner: &TypeLayout, i: usize, f: &Field) -> String {
    field_type_expr(layout, owner, i, f).one_line()
}

/// A field's type as the direct printer's tree.
pub(super) fn field_type_expr(layout: &Layout, owner: &TypeLayout, i: usize, f: &Field) -> Expr {
    let inner = field_inner_expr(layout, owner, i, f);
    let option = |inner| Expr::Generic("::std::option::Option".to_owned(), vec![inner]);
    match (f.required, f.ty.is_nullable()) {
        (true, false) => inner,
        (false, true) => option(option(inner)),
        _ => option(inner),
    }
}

/// A field's `#[serde(…)]` arguments, as names and string values.
pub(super) fn field_serde_args(
    owner: &TypeLayout,
    i: usize,
    f: &Field,
) -> Vec<(&'static str, String)> {
    let mut args = Vec::new();
    if owner.fields[i] != f.json_name {
        args.push(("rename", f.json_name.clone()));
    }
    if !f.required {
        args.push((
            "skip_serializing_if",
            "::std::option::Option::is_none".to_owned(),
        ));
    }
    // NaN and infinity are an error to send, not `null`; an optional
    // nullable value sends its inner `Option` (`null` when `Some(None)`).
    if holds_floats(&f.ty) {
        args.push((
            "serialize_with",
            "crate::builder::finite::serialize".to_owned(),
        ));
    } else if !f.required && f.ty.is_nullable() {
        args.push((
            "serialize_with",
            "crate::runtime::double_option::serialize".to_owned(),
        ));
    }
    args
}

/// A field's type without its nullability: the model's, except for a sort
/// order parameter, which is an `OrderBy` of the listed record's fields.
pub(crate) fn field_inner(layout: &Layout, owner: &TypeLayout, i: usize, f: &Field) -> TokenStream {
    super::rust_tokens(&field_inner_text(layout, owner, i, f))
}

/// [`field_inner`] as text.
pub(crate) fn field_inner_text(layout: &Layout, owner: &TypeLayout, i: usize, f: &Field) -> String {
    field_inner_expr(layout, owner, i, f).one_line()
}

/// [`field_inner`] as the direct printer's tree.
pub(crate) fn field_inner_expr(layout: &Layout, owner: &TypeLayout, i: usize, f: &Field) -> Expr {
    match &owner.order_by {
        Some(order_by) if order_by.field == i => {
            match order_by
                .record
                .and_then(|r| layout.ty(r).sort_fields.as_ref())
            {
                Some(fields) => Expr::Generic(
                    "crate::OrderBy".to_owned(),
                    vec![Expr::Atom(format!("crate::types::{}", fields.name))],
                ),
                None => Expr::Atom("crate::OrderBy".to_owned()),
            }
        }
        _ => super::ty_expr(layout, f.ty.non_null()),
    }
}

/// The enum of the fields a list of `names`' records sorts by.
pub(super) fn sort_field_enum(names: &TypeLayout) -> Option<TokenStream> {
    let fields = names.sort_fields.as_ref()?;
    let name = format_ident!("{}", fields.name);
    let other = format_ident!("{}", crate::layout::sorting::OTHER);
    let doc = texts::sort_fields(&names.name);
    let other_doc = texts::OTHER_SORT_FIELD;
    let variants = fields.variants.iter().map(|(json, variant)| {
        let variant = format_ident!("{}", variant);
        let doc = texts::sort_field(json);
        quote! { #[doc = #doc] #variant, }
    });
    let pairs = fields.variants.iter().map(|(json, variant)| {
        let variant = format_ident!("{}", variant);
        quote! { #variant => #json, }
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #[doc = #other_doc]
            #other(::std::string::String),
        }
        crate::sort::sort_field!(#name { #(#pairs)* });
    })
}

/// Whether a field's value is floats (possibly in lists, maps or `Option`s):
/// what `crate::builder::finite` checks.
fn holds_floats(ty: &Ty) -> bool {
    match ty {
        Ty::Number => true,
        Ty::List(inner) | Ty::Map(inner) | Ty::Nullable(inner) => holds_floats(inner),
        _ => false,
    }
}

/// Whether a type implements a serde trait always or only with the cargo
/// feature that adds it (see `layout::directions`). A type with neither
/// direction (none is generated) would get both.
pub(super) fn sends(names: &TypeLayout) -> bool {
    names.sent || !names.received
}

pub(super) fn receives(names: &TypeLayout) -> bool {
    names.received || !names.sent
}

/// `Serialize` in the derive list of a sent type; for a received-only
/// one, nothing there and a `cfg_attr` deriving it with the `serialize`
/// feature.
fn serialize_derive(names: &TypeLayout) -> (TokenStream, TokenStream) {
    if sends(names) {
        (quote! { ::serde::Serialize }, TokenStream::new())
    } else {
        let feature = SERIALIZE;
        (
            TokenStream::new(),
            quote! { #[cfg_attr(feature = #feature, derive(::serde::Serialize))] },
        )
    }
}

/// `#[serde(args)]`, under the `serialize` feature on a type that only
/// derives `Serialize` with it.
fn serde_attr(names: &TypeLayout, args: TokenStream) -> TokenStream {
    if sends(names) {
        quote! { #[serde(#args)] }
    } else {
        let feature = SERIALIZE;
        quote! { #[cfg_attr(feature = #feature, serde(#args))] }
    }
}

/// The `cfg` of a type's `Deserialize`: none for a received type, the
/// `deserialize` feature for a sent-only one.
fn deserialize_cfg(names: &TypeLayout) -> TokenStream {
    if receives(names) {
        TokenStream::new()
    } else {
        let feature = DESERIALIZE;
        quote! { #[cfg(feature = #feature)] }
    }
}

/// `Debug` for a struct with secret fields (the model marks them): like
/// the derived one, with each secret shown as `<redacted>`.
pub(super) fn redacting_debug(
    name: &proc_macro2::Ident,
    names: &TypeLayout,
    s: &Struct,
) -> TokenStream {
    let label = name.to_string();
    let fields = s.fields.iter().zip(&names.fields).map(|(f, rust_name)| {
        let field = ident(rust_name);
        let shown = rust_name.trim_start_matches("r#");
        if f.secret {
            quote! { .field(#shown, &crate::runtime::Redacted) }
        } else {
            quote! { .field(#shown, &self.#field) }
        }
    });
    let additional = names.additional.as_deref().map(|extra| {
        let field = ident(extra);
        quote! { .field(#extra, &self.#field) }
    });
    quote! {
        #[allow(deprecated)]
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label)
                    #(#fields)*
                    #additional
                    .finish()
            }
        }
    }
}
