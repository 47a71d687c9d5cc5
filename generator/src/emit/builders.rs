//! Printing the builder of a request struct: `Type::builder()`, a struct of
//! `Option`s with one inherent setter per field, and `build()` naming every
//! required field left unset. No generics and no typestate, so that a
//! hundred builders stay cheap to compile.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, ty_tokens};
use crate::layout::builders::{BuilderLayout, BUILD};
use crate::layout::{Layout, TypeLayout};
use crate::model::Struct;

pub fn builder_items(
    layout: &Layout,
    names: &TypeLayout,
    b: &BuilderLayout,
    s: &Struct,
    has_secret: bool,
) -> TokenStream {
    let name = format_ident!("{}", names.name);
    let builder = format_ident!("{}", b.name);
    let label = &names.name;
    let fields: Vec<proc_macro2::Ident> = names.fields.iter().map(|f| ident(f)).collect();
    // What the builder holds per field: the struct's own type for optional
    // fields, one more `Option` (unset) for required ones.
    let slots = s
        .fields
        .iter()
        .enumerate()
        .zip(&fields)
        .map(|((i, f), field)| {
            let inner = super::types::field_inner(layout, names, i, f);
            // One `Option` more than the struct for required fields (unset).
            let ty = if f.ty.is_nullable() {
                quote! { ::std::option::Option<::std::option::Option<#inner>> }
            } else {
                quote! { ::std::option::Option<#inner> }
            };
            quote! { #field: #ty, }
        });
    let additional_field = names.additional.as_deref().map(ident);
    let additional_ty = s.additional.as_ref().map(|ty| ty_tokens(layout, ty));
    let additional_slot = additional_ty.as_ref().map(|ty| {
        quote! { #additional_field: ::std::collections::BTreeMap<::std::string::String, #ty>, }
    });
    let setters = s
        .fields
        .iter()
        .zip(&fields)
        .zip(&b.setters)
        .enumerate()
        .map(|(i, ((f, field), setter))| {
            let value = ident(&setter.value);
            let inner = super::types::field_inner(layout, names, i, f);
            let shown = field.to_string();
            let shown = shown.trim_start_matches("r#");
            let deprecated = f.deprecated.as_ref().map(|d| {
                let note = super::deprecation_note(d, None);
                quote! { #[deprecated(note = #note)] }
            });
            let wrap = if f.ty.is_nullable() {
                quote! { ::std::option::Option::Some(::std::option::Option::Some(value.into())) }
            } else {
                quote! { ::std::option::Option::Some(value.into()) }
            };
            let value_doc = format!(" Sets [`{shown}`]({label}::{shown}).");
            let null = setter.null.as_deref().map(ident).map(|null| {
                let doc = format!(" Sends [`{shown}`]({label}::{shown}) as `null`.");
                quote! {
                    #[doc = #doc]
                    #deprecated
                    pub fn #null(mut self) -> Self {
                        self.#field = ::std::option::Option::Some(::std::option::Option::None);
                        self
                    }
                }
            });
            let unset = setter.unset.as_deref().map(ident).map(|unset| {
                let doc = format!(
                    " Leaves [`{shown}`]({label}::{shown}) out of the request (the default)."
                );
                quote! {
                    #[doc = #doc]
                    pub fn #unset(mut self) -> Self {
                        self.#field = ::std::option::Option::None;
                        self
                    }
                }
            });
            quote! {
                #[doc = #value_doc]
                #deprecated
                pub fn #value(mut self, value: impl ::std::convert::Into<#inner>) -> Self {
                    self.#field = #wrap;
                    self
                }
                #null
                #unset
            }
        });
    let additional_setter = b.additional.as_deref().map(ident).map(|method| {
        let shown = names.additional.as_deref().unwrap_or_default();
        let doc = format!(" Adds a property the document does not describe ([`{shown}`]({label}::{shown})).");
        quote! {
            #[doc = #doc]
            pub fn #method(mut self, name: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<#additional_ty>) -> Self {
                self.#additional_field.insert(name.into(), value.into());
                self
            }
        }
    });
    let build_fn = build_fn(names, s, &fields);
    let builder_doc = format!(
        " Builds a [`{label}`]: one setter per field, then [`build`]({}::build). See [`crate::builder`] for how optional and nullable fields are set.",
        b.name
    );
    let start_doc = format!(" Starts building a `{label}` by naming its fields.");
    let debug = (!has_secret).then(|| quote! { Debug, });
    let debug_impl = has_secret.then(|| {
        let shown = &b.name;
        quote! {
            /// Shows no values: some of the fields hold secrets.
            impl ::std::fmt::Debug for #builder {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#shown).finish_non_exhaustive()
                }
            }
        }
    });
    let new_fn = (!s.fields.iter().any(|f| f.required)).then(|| {
        quote! {
            /// A value with every field unset (the same as `Default`).
            pub fn new() -> Self {
                <Self as ::std::default::Default>::default()
            }
        }
    });
    quote! {
        impl #name {
            #[doc = #start_doc]
            pub fn builder() -> #builder {
                <#builder as ::std::default::Default>::default()
            }
            #new_fn
        }

        #[doc = #builder_doc]
        #[derive(#debug Clone, Default)]
        #[must_use]
        pub struct #builder {
            #(#slots)*
            #additional_slot
        }

        #debug_impl

        impl #builder {
            #(#setters)*
            #additional_setter
            #build_fn
        }
    }
}

/// `build()`: the struct, or a `BuildError` naming every required field
/// left unset.
fn build_fn(names: &TypeLayout, s: &Struct, fields: &[proc_macro2::Ident]) -> TokenStream {
    let label = &names.name;
    let name = format_ident!("{}", names.name);
    let build = format_ident!("{}", BUILD);
    let all = fields.iter();
    let additional = names.additional.as_deref().map(ident);
    let additional_comma = additional.as_ref().map(|a| quote! { #a, });
    let required: Vec<(&proc_macro2::Ident, &str)> = s
        .fields
        .iter()
        .zip(fields)
        .filter(|(f, _)| f.required)
        .map(|(f, field)| (field, f.json_name.as_str()))
        .collect();
    let doc = if required.is_empty() {
        " The value (every field is optional: this never fails).".to_owned()
    } else {
        let list: Vec<String> = required.iter().map(|(_, j)| super::docs::code(j)).collect();
        format!(
            " The value, or an error naming every required field left unset ({}).",
            list.join(", ")
        )
    };
    let body = if required.is_empty() {
        quote! { ::std::result::Result::Ok(#name { #(#all,)* #additional_comma }) }
    } else {
        let req = required.iter().map(|(f, _)| *f);
        let pattern = required.iter().map(|(f, _)| {
            quote! { ::std::option::Option::Some(#f) }
        });
        let checks = required
            .iter()
            .map(|(f, json)| quote! { (#f.is_none(), #json) });
        let req2 = required.iter().map(|(f, _)| *f);
        quote! {
            match (#(#req,)*) {
                (#(#pattern,)*) => ::std::result::Result::Ok(#name { #(#all,)* #additional_comma }),
                (#(#req2,)*) => ::std::result::Result::Err(crate::BuildError::new(#label, &[#(#checks),*])),
            }
        }
    };
    let all = fields.iter();
    quote! {
        #[doc = #doc]
        #[allow(deprecated)]
        pub fn #build(self) -> ::std::result::Result<#name, crate::BuildError> {
            let Self { #(#all,)* #additional_comma } = self;
            #body
        }
    }
}
