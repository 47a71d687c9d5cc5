//! Printing endpoint functions, one module per resource.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, sanitize};
use super::{doc_attrs, ident, ty_tokens};
use crate::ir::{Api, Operation, Pagination, Ty, TypeId};
use crate::normalize::routes::vendor_module;

/// File (relative to `src/`) → its tokens: one module per resource, and
/// one submodule per vendor for PMS-specific operations.
pub fn modules(api: &Api) -> BTreeMap<String, TokenStream> {
    let mut by_module: BTreeMap<&str, BTreeMap<Option<String>, Vec<&Operation>>> = BTreeMap::new();
    for op in &api.operations {
        by_module
            .entry(&op.module)
            .or_default()
            .entry(vendor_module(op))
            .or_default()
            .push(op);
    }
    let mut files = BTreeMap::new();
    // Response types that already have their `Page` impl (two list
    // operations may share one).
    let mut pages = BTreeSet::new();
    for (module, groups) in by_module {
        let vendors: Vec<&String> = groups.keys().flatten().collect();
        let submodules = vendors.iter().map(|v| {
            let v = format_ident!("{}", v);
            quote! { pub mod #v; }
        });
        let generic = groups.get(&None).cloned().unwrap_or_default();
        let doc = module_doc(
            &format!("Operations on {}.", code(module)),
            &generic,
            &vendors,
        );
        let fns = functions(api, &generic, &mut pages);
        files.insert(
            format!("{module}.rs"),
            quote! {
                #doc
                #(#submodules)*
                #(#fns)*
            },
        );
        for (vendor, ops) in groups
            .iter()
            .filter_map(|(v, ops)| v.as_ref().map(|v| (v, ops)))
        {
            let label = ops
                .iter()
                .find_map(|op| op.vendor_label.clone())
                .unwrap_or_else(|| vendor.clone());
            let title = format!("Operations on {} specific to {label}.", code(module));
            let doc = module_doc(&title, ops, &[]);
            let fns = functions(api, ops, &mut pages);
            files.insert(format!("{module}/{vendor}.rs"), quote! { #doc #(#fns)* });
        }
    }
    files
}

/// The functions of `ops` that are supported, with the stream variant and
/// trait impls of paginated lists.
fn functions(api: &Api, ops: &[&Operation], pages: &mut BTreeSet<TypeId>) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for op in sorted(ops).into_iter().filter(|op| op.supported) {
        out.push(function(api, op));
        if let Some(pagination) = &op.pagination {
            out.push(stream_function(api, op, pagination, pages));
        }
    }
    out
}

fn stream_function(
    api: &Api,
    op: &Operation,
    p: &Pagination,
    pages: &mut BTreeSet<TypeId>,
) -> TokenStream {
    let (Some(query), Some(Ty::Named(response))) = (op.query, op.response.as_ref()) else {
        return TokenStream::new();
    };
    let page_fn = ident(&op.fn_name);
    let name = format_ident!("{}_stream", op.fn_name);
    let params_ty = ty_tokens(api, &Ty::Named(query));
    let response_ty = ty_tokens(api, &Ty::Named(*response));
    let item_ty = ty_tokens(api, &p.item);
    let error = op
        .error
        .as_ref()
        .map(|e| ty_tokens(api, e))
        .unwrap_or_else(|| quote! { ::serde_json::Value });
    let doc = doc_attrs(&format!(
        "`{} {}`, every page: a stream of the items of [`{}`], fetched lazily.\n\n\
         Pages start at the offset of `params`, `params.limit` items each; the stream ends when\n\
         `hasMore` is not true or a page is empty. See [`crate::pagination`].",
        op.method, op.path, op.fn_name
    ));
    let offset = ident(&p.offset_field);
    let results = ident(&p.results_field);
    let meta = ident(&p.meta_field);
    let has_more = ident(&p.has_more_field);
    let flag = match (p.has_more_optional, p.has_more_nullable) {
        (true, true) => quote! { m.#has_more.flatten() },
        (true, false) | (false, true) => quote! { m.#has_more },
        (false, false) => quote! { ::std::option::Option::Some(m.#has_more) },
    };
    let has_more_expr = if p.meta_optional {
        quote! { self.#meta.and_then(|m| #flag) }
    } else {
        quote! { { let m = self.#meta; #flag } }
    };
    let page_impl = pages.insert(*response).then(|| {
        quote! {
            impl crate::pagination::Page for #response_ty {
                type Item = #item_ty;
                fn into_parts(self) -> (::std::vec::Vec<#item_ty>, ::std::option::Option<bool>) {
                    let has_more = #has_more_expr;
                    (self.#results, has_more)
                }
            }
        }
    });
    let deprecated = op.deprecated.as_ref().map(|d| {
        let note = super::deprecation_note(d);
        quote! { #[deprecated(note = #note)] #[allow(deprecated)] }
    });
    // Path parameters are borrowed for as long as the stream lives.
    let mut args = Vec::new();
    let mut pass = Vec::new();
    for param in &op.path_params {
        let arg = ident(&param.rust_name);
        let ty = match &param.ty {
            Ty::String => quote! { &'a str },
            Ty::Integer | Ty::Number | Ty::Boolean => ty_tokens(api, &param.ty),
            other => {
                let ty = ty_tokens(api, other);
                quote! { &'a #ty }
            }
        };
        args.push(quote! { #arg: #ty, });
        pass.push(quote! { #arg, });
    }
    quote! {
        #doc
        #deprecated
        pub fn #name<'a>(
            client: &'a crate::Client,
            #(#args)*
            params: &#params_ty,
        ) -> impl crate::pagination::Stream<Item = ::std::result::Result<#item_ty, crate::Error<#error>>> + 'a {
            crate::pagination::paginate(params.clone(), move |params| async move { #page_fn(client, #(#pass)* &params).await })
        }

        impl crate::pagination::PageParams for #params_ty {
            fn offset(&self) -> ::std::option::Option<i64> {
                self.#offset
            }
            fn set_offset(&mut self, offset: i64) {
                self.#offset = ::std::option::Option::Some(offset);
            }
        }

        #page_impl
    }
}

fn sorted<'a>(ops: &[&'a Operation]) -> Vec<&'a Operation> {
    let mut ops = ops.to_vec();
    ops.sort_by(|a, b| (&a.fn_name, &a.method, &a.path).cmp(&(&b.fn_name, &b.method, &b.path)));
    ops
}

fn module_doc(title: &str, ops: &[&Operation], vendors: &[&String]) -> TokenStream {
    let mut text = format!("{title}\n");
    for op in sorted(ops).iter().filter(|op| op.supported) {
        text.push_str(&format!(
            "\n- [`{}`]: `{} {}`",
            op.fn_name, op.method, op.path
        ));
    }
    let unsupported: Vec<&&Operation> = ops.iter().filter(|op| !op.supported).collect();
    if !unsupported.is_empty() {
        text.push_str("\n\n# Not supported\n\nThe API documents these, but the PMS does not support them, so no function is generated:\n");
        for op in unsupported {
            text.push_str(&format!(
                "\n- `{} {}`: {}",
                op.method,
                op.path,
                sanitize(op.summary.as_deref().unwrap_or_default())
            ));
        }
    }
    if !vendors.is_empty() {
        text.push_str("\n\n# PMS-specific operations\n");
        for vendor in vendors {
            text.push_str(&format!("\n- [`{vendor}`]"));
        }
    }
    let lines = text.lines().map(|l| {
        let l = format!(" {l}");
        let l = l.trim_end().to_owned();
        quote! { #![doc = #l] }
    });
    quote! { #(#lines)* }
}

/// The rustdoc of an endpoint function: method and path first, exactly as
/// the document has them, then summary, description and parameters.
pub fn function_doc(op: &Operation) -> String {
    let mut doc = format!("`{} {}`", op.method, op.path);
    let summary = op
        .summary
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(summary) = summary {
        doc.push_str(&format!("\n\n{}", sanitize(summary)));
    }
    if let Some(description) = op.description.as_deref().map(str::trim) {
        if !description.is_empty() && Some(description) != summary {
            doc.push_str(&format!("\n\n{}", sanitize(description)));
        }
    }
    if op.beta {
        doc.push_str("\n\n**Beta**: this operation may change or be removed.");
    }
    if let Some(d) = op
        .deprecated
        .as_ref()
        .filter(|d| d.replacement.is_some() || op.description.is_none())
    {
        doc.push_str(&format!(
            "\n\n**Deprecated**: {}",
            super::deprecation_doc(d, None)
        ));
    }
    let described: Vec<String> = op
        .path_params
        .iter()
        .map(|p| {
            let mut line = format!("- {}", code(&p.rust_name));
            if let Some(d) = &p.doc {
                line.push_str(&format!(": {}", sanitize(d).replace('\n', " ")));
            }
            if p.deprecated.is_some() {
                line.push_str(" (deprecated)");
            }
            line
        })
        .collect();
    if !described.is_empty() {
        doc.push_str(&format!(
            "\n\n# Path parameters\n\n{}",
            described.join("\n")
        ));
    }
    doc
}

fn function(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.fn_name);
    let docs = doc_attrs(&function_doc(op));
    let deprecated = op.deprecated.as_ref().map(|d| {
        let note = super::deprecation_note(d);
        quote! { #[deprecated(note = #note)] }
    });
    let mut args = vec![quote! { client: &crate::Client }];
    let mut setup = Vec::new();
    for param in &op.path_params {
        let arg = ident(&param.rust_name);
        let name = &param.name;
        let ty = match &param.ty {
            Ty::String => quote! { &str },
            Ty::Integer | Ty::Number | Ty::Boolean => ty_tokens(api, &param.ty),
            other => {
                let ty = ty_tokens(api, other);
                quote! { &#ty }
            }
        };
        args.push(quote! { #arg: #ty });
        setup.push(quote! { .path_param(#name, #arg) });
    }
    if let Some(query) = op.query {
        let ty = ty_tokens(api, &Ty::Named(query));
        args.push(quote! { params: &#ty });
        setup.push(quote! { .query(params) });
    }
    if let Some(body) = &op.body {
        let ty = ty_tokens(api, body);
        args.push(quote! { body: &#ty });
        setup.push(quote! { .json(body) });
    }
    let error = op
        .error
        .as_ref()
        .map(|e| ty_tokens(api, e))
        .unwrap_or_else(|| quote! { ::serde_json::Value });
    let method = format_ident!("{}", op.method);
    let operation = super::function_path(op);
    let path = &op.path;
    let request = quote! {
        let request = crate::client::Request::new(::reqwest::Method::#method, #operation, #path)
            #(#setup)*;
    };
    match &op.response {
        Some(response) => {
            let response = ty_tokens(api, response);
            quote! {
                #docs
                #deprecated
                pub async fn #name(#(#args),*) -> ::std::result::Result<#response, crate::Error<#error>> {
                    #request
                    client.send(request).await
                }
            }
        }
        None => quote! {
            #docs
            #deprecated
            pub async fn #name(#(#args),*) -> ::std::result::Result<(), crate::Error<#error>> {
                #request
                client.send::<::serde::de::IgnoredAny, #error>(request).await.map(|_| ())
            }
        },
    }
}
