//! Printing the builder of a request struct: `Type::builder()`, a struct of
//! `Option`s with one inherent setter per field, and `build()` naming every
//! required field left unset. No generics and no typestate, so that a
//! hundred builders stay cheap to compile.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::direct::expr::Expr;
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
    let constructors = constructors(names, b, s);
    let builder_struct = builder_struct(layout, names, b, s, has_secret);
    let debug_impl = has_secret.then(|| secret_debug(b));
    let builder_impl = builder_impl(layout, names, b, s);
    quote! {
        #constructors

        #builder_struct

        #debug_impl

        #builder_impl
    }
}

/// `impl Builder { setters…, build }`.
pub(super) fn builder_impl(
    layout: &Layout,
    names: &TypeLayout,
    b: &BuilderLayout,
    s: &Struct,
) -> TokenStream {
    let builder = format_ident!("{}", b.name);
    let setters = (0..s.fields.len()).map(|i| setter(layout, names, b, s, i));
    let additional_setter = additional_setter(layout, names, b, s);
    let build_fn = build_fn(names, s);
    quote! {
        impl #builder {
            #(#setters)*
            #additional_setter
            #build_fn
        }
    }
}

/// `Type::builder()`, and `Type::new()` when no field is required.
pub(super) fn constructors(names: &TypeLayout, b: &BuilderLayout, s: &Struct) -> TokenStream {
    let name = format_ident!("{}", names.name);
    let builder = format_ident!("{}", b.name);
    let start_doc = super::texts::builder_start(&names.name);
    let new_fn = (!s.fields.iter().any(|f| f.required)).then(|| {
        let doc = super::texts::NEW;
        quote! {
            #[doc = #doc]
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
    }
}

/// The builder's doc comment.
pub(super) fn builder_doc(names: &TypeLayout, b: &BuilderLayout) -> String {
    format!(
        " Builds a [`{}`]: one setter per field, then [`build`]({}::build). See [`crate::builder`] for how optional and nullable fields are set.",
        names.name, b.name
    )
}

/// What the builder holds for field `i`: the struct's own type for an
/// optional field, one more `Option` (unset) for a required one.
pub(super) fn slot_type(layout: &Layout, names: &TypeLayout, s: &Struct, i: usize) -> TokenStream {
    super::rust_tokens(&slot_type_text(layout, names, s, i))
}

/// [`slot_type`] as text.
pub(super) fn slot_type_text(layout: &Layout, names: &TypeLayout, s: &Struct, i: usize) -> String {
    slot_type_expr(layout, names, s, i).one_line()
}

/// [`slot_type`] as the direct printer's tree.
pub(super) fn slot_type_expr(layout: &Layout, names: &TypeLayout, s: &Struct, i: usize) -> Expr {
    let f = &s.fields[i];
    let inner = super::types::field_inner_expr(layout, names, i, f);
    let option = |inner| Expr::Generic("::std::option::Option".to_owned(), vec![inner]);
    if f.ty.is_nullable() {
        option(option(inner))
    } else {
        option(inner)
    }
}

/// The doc comments of field `i`'s setters: the value, `null`, unset.
pub(super) fn setter_docs(names: &TypeLayout, i: usize) -> [String; 3] {
    let label = &names.name;
    let shown = names.fields[i].trim_start_matches("r#");
    [
        format!(" Sets [`{shown}`]({label}::{shown})."),
        format!(" Sends [`{shown}`]({label}::{shown}) as `null`."),
        format!(" Leaves [`{shown}`]({label}::{shown}) out of the request (the default)."),
    ]
}

/// What the value setter of a field stores: the value, in one `Option`
/// more for a nullable field.
pub(super) fn setter_wrap(nullable: bool) -> Expr {
    let some = |inner| Expr::Call("::std::option::Option::Some".to_owned(), vec![inner]);
    let value = some(Expr::Atom("value.into()".to_owned()));
    if nullable {
        some(value)
    } else {
        value
    }
}

/// The doc comment of the setter adding an extra property.
pub(super) fn additional_setter_doc(names: &TypeLayout) -> String {
    let shown = names.additional.as_deref().unwrap_or_default();
    let label = &names.name;
    format!(" Adds a property the document does not describe ([`{shown}`]({label}::{shown})).")
}

/// The traits a builder derives (both printers write this list): `Debug`
/// unless it holds secrets (it then gets an impl showing no values).
pub(super) fn builder_derive_names(has_secret: bool) -> impl Iterator<Item = &'static str> {
    [
        (!has_secret).then_some("Debug"),
        Some("Clone"),
        Some("Default"),
    ]
    .into_iter()
    .flatten()
}

/// The builder struct: a slot per field.
pub(super) fn builder_struct(
    layout: &Layout,
    names: &TypeLayout,
    b: &BuilderLayout,
    s: &Struct,
    has_secret: bool,
) -> TokenStream {
    let builder = format_ident!("{}", b.name);
    let slots = (0..s.fields.len()).map(|i| builder_slot(layout, names, s, i));
    let additional_slot = additional_slot(layout, names, s);
    let builder_doc = builder_doc(names, b);
    let derives = builder_derive_names(has_secret).map(|d| format_ident!("{}", d));
    quote! {
        #[doc = #builder_doc]
        #[derive(#(#derives),*)]
        #[must_use]
        pub struct #builder {
            #(#slots)*
            #additional_slot
        }
    }
}

/// The slot of field `i` in the builder struct.
pub(super) fn builder_slot(
    layout: &Layout,
    names: &TypeLayout,
    s: &Struct,
    i: usize,
) -> TokenStream {
    let field = ident(&names.fields[i]);
    let ty = slot_type(layout, names, s, i);
    quote! { #field: #ty, }
}

/// The builder's slot for properties beyond the documented ones.
pub(super) fn additional_slot(
    layout: &Layout,
    names: &TypeLayout,
    s: &Struct,
) -> Option<TokenStream> {
    let field = names.additional.as_deref().map(ident);
    let ty = ty_tokens(layout, s.additional.as_ref()?);
    Some(quote! { #field: ::std::collections::BTreeMap<::std::string::String, #ty>, })
}

/// `Debug` for the builder of a struct with secrets: no values.
pub(super) fn secret_debug(b: &BuilderLayout) -> TokenStream {
    let builder = format_ident!("{}", b.name);
    let shown = &b.name;
    quote! {
        /// Shows no values: some of the fields hold secrets.
        impl ::std::fmt::Debug for #builder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#shown).finish_non_exhaustive()
            }
        }
    }
}

/// The setters of field `i`: the value, and `null`/unset when it has them.
pub(super) fn setter(
    layout: &Layout,
    names: &TypeLayout,
    b: &BuilderLayout,
    s: &Struct,
    i: usize,
) -> TokenStream {
    let f = &s.fields[i];
    let setter = &b.setters[i];
    let field = ident(&names.fields[i]);
    let value = ident(&setter.value);
    let inner = super::types::field_inner(layout, names, i, f);
    let [value_doc, null_doc, unset_doc] = setter_docs(names, i);
    let deprecated = f.deprecated.as_ref().map(|d| {
        let note = super::deprecation_note(d, None);
        quote! { #[deprecated(note = #note)] }
    });
    let wrap = super::rust_tokens(&setter_wrap(f.ty.is_nullable()).one_line());
    let null = setter.null.as_deref().map(ident).map(|null| {
        quote! {
            #[doc = #null_doc]
            #deprecated
            pub fn #null(mut self) -> Self {
                self.#field = ::std::option::Option::Some(::std::option::Option::None);
                self
            }
        }
    });
    let unset = setter.unset.as_deref().map(ident).map(|unset| {
        quote! {
            #[doc = #unset_doc]
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
}

/// The setter adding a property the document does not describe.
pub(super) fn additional_setter(
    layout: &Layout,
    names: &TypeLayout,
    b: &BuilderLayout,
    s: &Struct,
) -> Option<TokenStream> {
    let method = ident(b.additional.as_deref()?);
    let field = names.additional.as_deref().map(ident);
    let ty = s.additional.as_ref().map(|ty| ty_tokens(layout, ty));
    let doc = additional_setter_doc(names);
    Some(quote! {
        #[doc = #doc]
        pub fn #method(mut self, name: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<#ty>) -> Self {
            self.#field.insert(name.into(), value.into());
            self
        }
    })
}

/// The doc comment of `build()`.
pub(super) fn build_doc(s: &Struct) -> String {
    let required: Vec<String> = s
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| super::docs::code(&f.json_name))
        .collect();
    if required.is_empty() {
        " The value (every field is optional: this never fails).".to_owned()
    } else {
        format!(
            " The value, or an error naming every required field left unset ({}).",
            required.join(", ")
        )
    }
}

/// `build()`: the struct, or a `BuildError` naming every required field
/// left unset.
pub(super) fn build_fn(names: &TypeLayout, s: &Struct) -> TokenStream {
    let fields: Vec<proc_macro2::Ident> = names.fields.iter().map(|f| ident(f)).collect();
    let fields = &fields[..];
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
    let doc = build_doc(s);
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
