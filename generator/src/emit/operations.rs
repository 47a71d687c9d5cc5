//! Printing endpoint functions, one module per resource.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, sanitize};
use super::{doc_attrs, ident, ty_tokens};
use crate::layout::{Layout, ModuleLayout, OpLayout};
use crate::model::{Model, OpId, Operation, Paging, Ty};

/// The files of the resource module `module` (relative to the crate root)
/// with their tokens: its own, and one per vendor submodule for
/// PMS-specific operations.
pub fn module_files(
    model: &Model,
    layout: &Layout,
    module: &str,
    m: &ModuleLayout,
) -> Vec<(String, TokenStream)> {
    let in_group = |vendor: Option<&String>| -> Vec<OpId> {
        m.operations
            .iter()
            .copied()
            .filter(|id| layout.op(*id).vendor_module.as_ref() == vendor)
            .collect()
    };
    let vendors: Vec<&String> = m.vendors.keys().collect();
    let submodules = vendors.iter().map(|v| {
        let v = format_ident!("{}", v);
        quote! { pub mod #v; }
    });
    let generic = in_group(None);
    let doc = module_doc(
        model,
        layout,
        &format!("Operations on {}.", code(module)),
        &generic,
        &vendors,
    );
    let fns = functions(model, layout, &generic);
    let mut files = vec![(
        m.file.clone(),
        quote! {
            #doc
            #(#submodules)*
            #(#fns)*
        },
    )];
    for (vendor, submodule) in &m.vendors {
        let ops = in_group(Some(vendor));
        let title = format!(
            "Operations on {} specific to {}.",
            code(module),
            submodule.label
        );
        let doc = module_doc(model, layout, &title, &ops, &[]);
        let fns = functions(model, layout, &ops);
        files.push((submodule.file.clone(), quote! { #doc #(#fns)* }));
    }
    files
}

/// The functions of `ops` that are supported, with the stream variant and
/// trait impls of paginated lists.
fn functions(model: &Model, layout: &Layout, ops: &[OpId]) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for &id in ops.iter().filter(|id| model.op(**id).supported) {
        let (op, names) = (model.op(id), layout.op(id));
        out.push(path_struct(layout, op, names));
        out.push(function(model, layout, op, names));
        if let Some(paging) = op.list.as_ref().and_then(|l| l.paging.as_ref()) {
            out.push(stream_function(model, layout, op, names, paging));
        }
    }
    out
}

fn stream_function(
    model: &Model,
    layout: &Layout,
    op: &Operation,
    names: &OpLayout,
    p: &Paging,
) -> TokenStream {
    let (Some(list), Some(stream)) = (&op.list, &names.stream) else {
        return TokenStream::new();
    };
    let name = ident(stream);
    let params_ty = ty_tokens(layout, &Ty::Named(p.query));
    let item_ty = ty_tokens(layout, &p.item);
    let doc = doc_attrs(&format!(
        "`{} {}`, every page: a stream of the items of [`{}`], fetched lazily.\n\n\
         Pages start at the offset of `params`, `params.limit` items each; the stream ends when\n\
         `hasMore` is not true or a page is empty. A record that does not decode is an\n\
         [`Error::Record`](crate::Error::Record) item and the stream goes on. See [`crate::pagination`].{}",
        op.method, op.path, names.function, filter_notes(names)
    ));
    let offset = ident(&layout.ty(p.query).fields[p.offset]);
    // The runtime reads pages as JSON, by the document's names.
    let json_name = |id, index: usize| {
        model
            .as_struct(id)
            .and_then(|s| s.fields.get(index))
            .map(|f| f.json_name.clone())
            .unwrap_or_default()
    };
    let results = json_name(list.response, list.results);
    let meta = json_name(list.response, p.meta);
    let has_more = json_name(p.meta_type, p.has_more);
    // A page reports its offset under the name of the query parameter.
    let offset_name = json_name(p.query, p.offset);
    let deprecated = op.deprecated.as_ref().map(|d| {
        let note = super::deprecation_note(d, names.replacement.as_ref());
        quote! { #[deprecated(note = #note)] #[allow(deprecated)] }
    });
    // Path parameters are borrowed for as long as the stream lives.
    let (args, mut setup) = path_args(layout, op, names, Some(quote! { 'a }));
    setup.push(quote! { .query(params) });
    let method = format_ident!("{}", op.method);
    let operation = names.function_path();
    let path = &op.path;
    let params_impl = names.page_params_impl.then(|| {
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
            #(#args,)*
            params: &#params_ty,
        ) -> impl crate::pagination::Stream<Item = crate::Result<#item_ty>> + 'a {
            let shape = crate::pagination::PageShape { results: #results, meta: #meta, has_more: #has_more, offset: #offset_name };
            crate::pagination::paginate(client, params.clone(), shape, move |params| {
                crate::Request::operation(::reqwest::Method::#method, #operation, #path)
                    #(#setup)*
            })
        }

        #params_impl
    }
}

fn module_doc(
    model: &Model,
    layout: &Layout,
    title: &str,
    ops: &[OpId],
    vendors: &[&String],
) -> TokenStream {
    let mut text = format!("{title}\n");
    for &id in ops.iter().filter(|id| model.op(**id).supported) {
        let op = model.op(id);
        text.push_str(&format!(
            "\n- [`{}`]: `{} {}`",
            layout.op(id).function,
            op.method,
            op.path
        ));
    }
    // In document order.
    let mut unsupported: Vec<OpId> = ops
        .iter()
        .copied()
        .filter(|id| !model.op(*id).supported)
        .collect();
    unsupported.sort();
    let unsupported: Vec<&Operation> = unsupported.iter().map(|id| model.op(*id)).collect();
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
pub fn function_doc(op: &Operation, names: &OpLayout) -> String {
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
        .filter(|_| names.replacement.is_some() || op.description.is_none())
    {
        doc.push_str(&format!(
            "\n\n**Deprecated**: {}",
            super::deprecation_doc(d, names.replacement.as_ref(), None)
        ));
    }
    let described: Vec<String> = op
        .path_params
        .iter()
        .zip(&names.params)
        .map(|(p, rust_name)| {
            let mut line = format!("- {}", code(rust_name));
            if let Some(d) = &p.doc {
                line.push_str(&format!(": {}", sanitize(d).replace('\n', " ")));
            }
            if p.deprecated.is_some() {
                line.push_str(" (deprecated)");
            }
            if let Some(c) = super::docs::constraints(&p.constraints) {
                line.push_str(&format!(" {c}"));
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

fn function(model: &Model, layout: &Layout, op: &Operation, names: &OpLayout) -> TokenStream {
    let name = ident(&names.function);
    let mut doc = function_doc(op, names);
    doc.push_str(&filter_notes(names));
    if op.write_job && model.write_jobs.is_some() {
        doc.push_str(
            "\n\n# Write job\n\nThe API applies the write later: the answer's [`WriteJob`](crate::WriteJob) \
             carries the job id; [`jobs::wait_for_write`](crate::jobs::wait_for_write) waits for its outcome.",
        );
    }
    let docs = doc_attrs(&doc);
    let deprecated = op.deprecated.as_ref().map(|d| {
        let note = super::deprecation_note(d, names.replacement.as_ref());
        quote! { #[deprecated(note = #note)] }
    });
    let (path_args, mut setup) = path_args(layout, op, names, None);
    let mut args = vec![quote! { client: &crate::Client }];
    args.extend(path_args);
    if let Some(query) = op.query {
        let ty = ty_tokens(layout, &Ty::Named(query));
        args.push(quote! { params: &#ty });
        setup.push(quote! { .query(params) });
    }
    if let Some(body) = &op.body {
        let ty = ty_tokens(layout, body);
        args.push(quote! { body: &#ty });
        setup.push(quote! { .json(body) });
    }
    let method = format_ident!("{}", op.method);
    let operation = names.function_path();
    let path = &op.path;
    let request = quote! {
        let request = crate::Request::operation(::reqwest::Method::#method, #operation, #path)
            #(#setup)*;
    };
    match &op.response {
        Some(response) => {
            let mut response = ty_tokens(layout, response);
            if op.write_job {
                response = quote! { crate::WriteJob<#response> };
            }
            quote! {
                #docs
                #deprecated
                pub async fn #name(#(#args),*) -> crate::Result<#response> {
                    #request
                    client.send(request).await
                }
            }
        }
        None => quote! {
            #docs
            #deprecated
            pub async fn #name(#(#args),*) -> crate::Result<()> {
                #request
                client.send::<::serde::de::IgnoredAny>(request).await.map(|_| ())
            }
        },
    }
}

/// The filtering rules of the operation, as a rustdoc section.
fn filter_notes(names: &OpLayout) -> String {
    if names.filter_notes.is_empty() {
        return String::new();
    }
    let notes: Vec<String> = names.filter_notes.iter().map(|n| sanitize(n)).collect();
    format!("\n\n# Filtering\n\n{}", notes.join("\n\n"))
}

/// The Rust type of a path parameter, borrowed for `lifetime` (elided
/// when `None`).
fn path_param_ty(layout: &Layout, ty: &Ty, lifetime: Option<&TokenStream>) -> TokenStream {
    match ty {
        Ty::String => quote! { &#lifetime str },
        Ty::Integer | Ty::Number | Ty::Boolean => ty_tokens(layout, ty),
        other => {
            let ty = ty_tokens(layout, other);
            quote! { &#lifetime #ty }
        }
    }
}

/// The path parameter arguments of an endpoint function and the request
/// builder calls that fill them in: one argument per parameter, or one
/// struct naming them all when there are two or more.
fn path_args(
    layout: &Layout,
    op: &Operation,
    names: &OpLayout,
    lifetime: Option<TokenStream>,
) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut args = Vec::new();
    let mut setup = Vec::new();
    if let Some(path_struct) = &names.path_struct {
        let ty = ident(path_struct);
        let lifetime = lifetime.unwrap_or_else(|| quote! { '_ });
        args.push(quote! { path: #ty<#lifetime> });
        for (param, rust_name) in op.path_params.iter().zip(&names.params) {
            let (json, field) = (&param.name, ident(rust_name));
            setup.push(quote! { .path_param(#json, path.#field) });
        }
        return (args, setup);
    }
    for (param, rust_name) in op.path_params.iter().zip(&names.params) {
        let arg = ident(rust_name);
        let ty = path_param_ty(layout, &param.ty, lifetime.as_ref());
        args.push(quote! { #arg: #ty });
        let json = &param.name;
        setup.push(quote! { .path_param(#json, #arg) });
    }
    (args, setup)
}

/// The struct naming the path parameters of an operation that has two or
/// more, built with a struct literal so that every id is named.
fn path_struct(layout: &Layout, op: &Operation, names: &OpLayout) -> TokenStream {
    let Some(path_struct) = &names.path_struct else {
        return TokenStream::new();
    };
    let ty = ident(path_struct);
    let lifetime = quote! { 'a };
    let fields = op
        .path_params
        .iter()
        .zip(&names.params)
        .map(|(param, rust_name)| {
            let field = ident(rust_name);
            let field_ty = path_param_ty(layout, &param.ty, Some(&lifetime));
            let doc = doc_attrs(
                &param
                    .doc
                    .as_deref()
                    .map(sanitize)
                    .unwrap_or_else(|| code(&param.name)),
            );
            quote! { #doc pub #field: #field_ty, }
        });
    let doc = doc_attrs(&format!(
        "The path parameters of [`{}`] (`{} {}`), by name.",
        names.function, op.method, op.path
    ));
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub struct #ty<#lifetime> {
            #(#fields)*
        }
    }
}
