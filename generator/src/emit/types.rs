//! Printing types: structs, string enums and untagged unions.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, sanitize};
use super::{doc_attrs, ident, ty_tokens};
use crate::ir::{Api, Field, Struct, Ty, TypeDef, TypeKind};
use crate::normalize::UNRECOGNIZED;

pub fn type_item(api: &Api, def: &TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(s) => struct_item(api, def, s),
        TypeKind::Enum(e) => {
            let name = format_ident!("{}", def.name);
            let docs = doc_attrs(&type_doc(api, def));
            let variants = e.variants.iter().map(|v| {
                let variant = format_ident!("{}", v.rust_name);
                let doc = doc_attrs(&format!("The value {}.", code(&v.value)));
                quote! { #doc #variant, }
            });
            let pairs = e.variants.iter().map(|v| {
                let variant = format_ident!("{}", v.rust_name);
                let value = &v.value;
                quote! { #variant => #value, }
            });
            let unrecognized = format_ident!("{}", UNRECOGNIZED);
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                    /// A value this version of the crate does not know, kept as sent.
                    #unrecognized(::std::string::String),
                }
                crate::runtime::string_enum!(#name { #(#pairs)* });
            }
        }
        TypeKind::Union(u) => {
            let name = format_ident!("{}", def.name);
            let docs = doc_attrs(&format!(
                "{}\n\nOne of several shapes; deserialization tries the variants in order.",
                type_doc(api, def)
            ));
            let variants = u.variants.iter().map(|v| {
                let variant = format_ident!("{}", v.name);
                let mut ty = ty_tokens(api, &v.ty);
                if v.boxed {
                    ty = quote! { ::std::boxed::Box<#ty> };
                }
                let doc = doc_attrs(
                    v.doc
                        .as_deref()
                        .map(sanitize)
                        .as_deref()
                        .unwrap_or_default(),
                );
                quote! { #doc #variant(#ty), }
            });
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                }
            }
        }
    }
}

/// The type's own description, then where it comes from in the document.
fn type_doc(api: &Api, def: &TypeDef) -> String {
    let mut doc = def.doc.as_deref().map(sanitize).unwrap_or_default();
    let io: Vec<String> = def
        .uses
        .iter()
        .filter_map(|u| match u {
            crate::ir::Use::Operation { op, role } => {
                let op = &api.operations[*op];
                let what = match role {
                    crate::ir::IoRole::Params => "The query parameters of",
                    crate::ir::IoRole::Request => "The request body of",
                    crate::ir::IoRole::Response => "The successful response of",
                    crate::ir::IoRole::Error => "The error body of",
                };
                let path = super::function_path(op);
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
            None => format!("`{}`.", def.name),
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

fn struct_item(api: &Api, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let docs = doc_attrs(&type_doc(api, def));
    let fields = s.fields.iter().map(|f| field_tokens(api, &def.name, f));
    let additional = s.additional.as_ref().map(|ty| {
        let ty = ty_tokens(api, ty);
        quote! {
            /// Properties beyond the documented ones.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<::std::string::String, #ty>,
        }
    });
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    let derive_default = required.is_empty();
    let default = derive_default.then(|| quote! { Default, });
    let params = required.iter().map(|f| {
        let field = ident(&f.rust_name);
        if f.ty == Ty::String {
            quote! { #field: impl ::std::convert::Into<::std::string::String> }
        } else {
            let ty = ty_tokens(api, &f.ty);
            quote! { #field: #ty }
        }
    });
    let inits = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        match (f.required, &f.ty) {
            (true, Ty::String) => quote! { #field: #field.into(), },
            (true, _) => quote! { #field, },
            (false, _) => quote! { #field: ::std::option::Option::None, },
        }
    });
    let additional_init = s
        .additional
        .as_ref()
        .map(|_| quote! { additional_properties: ::std::collections::BTreeMap::new(), });
    let many = (required.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let has_secret = s.fields.iter().any(is_secret);
    let debug = (!has_secret).then(|| quote! { Debug, });
    let debug_impl = has_secret.then(|| redacting_debug(&name, s));
    let new_doc = if required.is_empty() {
        " A value with every field unset.".to_owned()
    } else {
        " A value with the required fields set and every optional field unset.".to_owned()
    };
    quote! {
        #docs
        #[derive(#debug Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }

        #debug_impl

        impl #name {
            #[doc = #new_doc]
            #many
            #[allow(deprecated)]
            pub fn new(#(#params),*) -> Self {
                Self {
                    #(#inits)*
                    #additional_init
                }
            }
        }
    }
}

/// A field: required fields are plain values (`Option` when nullable);
/// optional ones are `Option` and left out when `None`; optional nullable
/// ones are `Option<Option<T>>` so that "leave it" and "set it to null"
/// stay different.
fn field_tokens(api: &Api, owner: &str, f: &Field) -> TokenStream {
    let field = ident(&f.rust_name);
    let mut doc = f.doc.as_deref().map(sanitize).unwrap_or_default();
    if f.beta {
        doc.push_str("\n\n**Beta**: this field may change or be removed.");
    }
    // The description usually is the deprecation note: repeat it only to
    // link the replacement, or when there is no description.
    if let Some(d) = f
        .deprecated
        .as_ref()
        .filter(|d| d.replacement.is_some() || f.doc.is_none())
    {
        doc.push_str(&format!(
            "\n\n**Deprecated**: {}",
            super::deprecation_doc(d, Some(owner))
        ));
    }
    let docs = doc_attrs(doc.trim());
    let rename = (f.rust_name != f.json_name).then(|| {
        let json = &f.json_name;
        quote! { #[serde(rename = #json)] }
    });
    let deprecated = f.deprecated.as_ref().map(|d| {
        let note = super::deprecation_note(d);
        quote! { #[deprecated(note = #note)] }
    });
    let inner = ty_tokens(api, f.ty.non_null());
    let (ty, serde) = match (f.required, f.ty.is_nullable()) {
        (true, false) => (inner, None),
        (true, true) => (quote! { ::std::option::Option<#inner> }, None),
        (false, false) => (
            quote! { ::std::option::Option<#inner> },
            Some(
                quote! { #[serde(default, skip_serializing_if = "::std::option::Option::is_none")] },
            ),
        ),
        (false, true) if *f.ty.non_null() == Ty::Integer => (
            quote! { ::std::option::Option<::std::option::Option<#inner>> },
            Some(quote! {
                #[serde(default, skip_serializing_if = "::std::option::Option::is_none", serialize_with = "crate::runtime::double_option::serialize", deserialize_with = "crate::decode::tolerant::double_option_integer")]
            }),
        ),
        (false, true) => (
            quote! { ::std::option::Option<::std::option::Option<#inner>> },
            Some(quote! {
                #[serde(default, skip_serializing_if = "::std::option::Option::is_none", with = "crate::runtime::double_option")]
            }),
        ),
    };
    let tolerance = tolerance_attr(f);
    quote! {
        #docs
        #rename
        #serde
        #tolerance
        #deprecated
        pub #field: #ty,
    }
}

/// The serde attribute that makes a field as tolerant as the crate's
/// decoding policy (`crate::decode`) says: whole-number floats in integer
/// fields, and `null` or nothing in a required list or object as empty.
/// Optional nullable integers get theirs in `field_tokens` (it replaces
/// the `with` helper there).
fn tolerance_attr(f: &Field) -> Option<TokenStream> {
    let inner = f.ty.non_null();
    let collection = matches!(inner, Ty::List(_) | Ty::Map(_) | Ty::JsonObject);
    match (f.required, f.ty.is_nullable(), inner) {
        (true, false, Ty::Integer) => {
            Some(quote! { #[serde(deserialize_with = "crate::decode::tolerant::integer")] })
        }
        (true, true, Ty::Integer) => Some(
            quote! { #[serde(default, deserialize_with = "crate::decode::tolerant::optional_integer")] },
        ),
        (false, false, Ty::Integer) => Some(
            quote! { #[serde(deserialize_with = "crate::decode::tolerant::optional_integer")] },
        ),
        (true, false, _) if collection => Some(
            quote! { #[serde(default, deserialize_with = "crate::decode::tolerant::null_as_default")] },
        ),
        _ => None,
    }
}

/// Whether a field holds a secret (a password, an API key, a webhook's
/// signing secret, credentials), which `Debug` must not show. Decided on
/// the JSON name's last words, the way the document names them.
fn is_secret(f: &Field) -> bool {
    const SUFFIXES: &[&str] = &[
        "secret",
        "password",
        "api_key",
        "apikey",
        "credentials",
        "private_key",
    ];
    const NAMES: &[&str] = &["token", "access_token", "refresh_token"];
    let name = f.json_name.to_ascii_lowercase().replace('-', "_");
    NAMES.contains(&name.as_str()) || SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// `Debug` for a struct with secret fields: like the derived one, with
/// each secret shown as `<redacted>`.
fn redacting_debug(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let label = name.to_string();
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let shown = f.rust_name.trim_start_matches("r#");
        if is_secret(f) {
            quote! { .field(#shown, &crate::runtime::Redacted) }
        } else {
            quote! { .field(#shown, &self.#field) }
        }
    });
    let additional = s
        .additional
        .as_ref()
        .map(|_| quote! { .field("additional_properties", &self.additional_properties) });
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
