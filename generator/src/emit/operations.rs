//! Printing endpoint functions, one module per resource.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, sanitize};
use super::{doc_attrs, ident, ty_tokens};
use crate::ir::{Api, Operation, Pagination, Ty, TypeKind};
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
    // Parameter types that already have their `PageParams` impl (two list
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
fn functions(
    api: &Api,
    ops: &[&Operation],
    pages: &mut BTreeSet<crate::ir::TypeId>,
) -> Vec<TokenStream> {
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
    pages: &mut BTreeSet<crate::ir::TypeId>,
) -> TokenStream {
    let (Some(query), Some(Ty::Named(response))) = (op.query, op.response.as_ref()) else {
        return TokenStream::new();
    };
    let name = format_ident!("{}_stream", op.fn_name);
    let params_ty = ty_tokens(api, &Ty::Named(query));
    let item_ty = ty_tokens(api, &p.item);
    let error = op
        .error
        .as_ref()
        .map(|e| ty_tokens(api, e))
        .unwrap_or_else(|| quote! { ::serde_json::Value });
    let doc = doc_attrs(&format!(
        "`{} {}`, every page: a stream of the items of [`{}`], fetched lazily.\n\n\
         Pages start at the offset of `params`, `params.limit` items each; the stream ends when\n\
         `hasMore` is not true or a page is empty. A record that does not decode is an\n\
         [`Error::Record`](crate::Error::Record) item and the stream goes on. See [`crate::pagination`].",
        op.method, op.path, op.fn_name
    ));
    let offset = ident(&p.offset_field);
    let results = response_json_name(api, *response, &p.results_field);
    let meta = response_json_name(api, *response, &p.meta_field);
    let has_more = meta_json_name(api, *response, &p.meta_field, &p.has_more_field);
    // A page reports its offset under the name of the query parameter.
    let offset_name = response_json_name(api, query, &p.offset_field);
    let deprecated = op.deprecated.as_ref().map(|d| {
        let note = super::deprecation_note(d);
        quote! { #[deprecated(note = #note)] #[allow(deprecated)] }
    });
    // Path parameters are borrowed for as long as the stream lives.
    let mut args = Vec::new();
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
    }
    let method = format_ident!("{}", op.method);
    let operation = super::function_path(op);
    let path = &op.path;
    let setup = stream_request_setup(op);
    let params_impl = pages.insert(query).then(|| {
        quote! {
            impl crate::pagination::PageParams for #params_ty {
                fn offset(&self) -> ::std::option::Option<i64> {
                    self.#offset
                }
                fn set_offset(&mut self, offset: i64) {
                    self.#offset = ::std::option::Option::Some(offset);
                }
            }
        }
    });
    quote! {
        #doc
        #deprecated
        pub fn #name<'a>(
            client: &'a crate::Client,
            #(#args)*
            params: &#params_ty,
        ) -> impl crate::pagination::Stream<Item = ::std::result::Result<#item_ty, crate::Error<#error>>> + 'a {
            let shape = crate::pagination::PageShape { results: #results, meta: #meta, has_more: #has_more, offset: #offset_name };
            crate::pagination::paginate(client, params.clone(), shape, move |params| {
                crate::client::Request::new(::reqwest::Method::#method, #operation, #path)
                    #(#setup)*
            })
        }

        #params_impl
    }
}

/// The JSON name of the field `rust_name` of struct `id`.
fn response_json_name(api: &Api, id: crate::ir::TypeId, rust_name: &str) -> String {
    match &api.types[id].kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .find(|f| f.rust_name == rust_name)
            .map(|f| f.json_name.clone()),
        _ => None,
    }
    .unwrap_or_else(|| rust_name.to_owned())
}

/// The JSON name of field `rust_name` of the struct in field `meta` of
/// struct `id`.
fn meta_json_name(api: &Api, id: crate::ir::TypeId, meta: &str, rust_name: &str) -> String {
    let meta_ty = match &api.types[id].kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .find(|f| f.rust_name == meta)
            .map(|f| f.ty.non_null().clone()),
        _ => None,
    };
    match meta_ty {
        Some(Ty::Named(meta_id)) => response_json_name(api, meta_id, rust_name),
        _ => rust_name.to_owned(),
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
            let mut response = ty_tokens(api, response);
            if is_write_job(api, op) {
                response = quote! { crate::WriteJob<#response> };
            }
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

/// Whether `op` is a write answered by a job id (`job_id`, or `meta` with
/// a `job_id`, in its response): its function returns a
/// `crate::WriteJob`, which finds the id in either documented shape.
fn is_write_job(api: &Api, op: &Operation) -> bool {
    let fields_of = |ty: &Ty| match ty {
        Ty::Named(id) => match &api.types[*id].kind {
            TypeKind::Struct(s) => Some(&s.fields),
            _ => None,
        },
        _ => None,
    };
    if op.method == "GET" {
        return false;
    }
    let Some(fields) = op.response.as_ref().and_then(fields_of) else {
        return false;
    };
    fields.iter().any(|f| {
        f.json_name == "job_id"
            || f.json_name == "meta"
                && fields_of(f.ty.non_null())
                    .is_some_and(|meta| meta.iter().any(|m| m.json_name == "job_id"))
    })
}

/// The builder calls that put an operation's path and query parameters
/// into a `Request`, as a list stream passes them (`params` by reference,
/// path parameters captured).
fn stream_request_setup(op: &Operation) -> Vec<TokenStream> {
    let mut setup: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|param| {
            let arg = ident(&param.rust_name);
            let name = &param.name;
            quote! { .path_param(#name, #arg) }
        })
        .collect();
    setup.push(quote! { .query(params) });
    setup
}
