//! Endpoint functions, one module per resource.
//!
//! What each function is made of (its arguments, the request calls that
//! fill them in, its return type, its rustdoc) is decided once, by
//! [`Endpoint`], [`Pages`] and [`module_doc_text`]. This module prints
//! that with `quote!` (the token path, which the tests take as the
//! reference); `direct::operations` prints the same as text.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, sanitize};
use super::{doc_attrs, ident, ty_tokens};
use crate::layout::{Layout, ModuleLayout, OpLayout};
use crate::model::{Model, OpId, Operation, Paging, Param, Ty, TypeId};

/// A file of a resource module: the module's own (with its generic
/// operations and its vendor submodules) or a vendor submodule's.
pub(super) struct ModuleFile<'l> {
    /// Its path, relative to the crate root.
    pub file: &'l str,
    /// The first line of its inner doc.
    pub title: String,
    pub submodules: Vec<&'l String>,
    pub ops: Vec<OpId>,
}

impl ModuleFile<'_> {
    /// The text of its inner doc.
    pub fn doc(&self, model: &Model, layout: &Layout) -> String {
        module_doc_text(model, layout, &self.title, &self.ops, &self.submodules)
    }
}

/// The files of the resource module `module`: its own, then one per
/// vendor submodule for PMS-specific operations.
pub(super) fn module_parts<'l>(
    layout: &Layout,
    module: &str,
    m: &'l ModuleLayout,
) -> Vec<ModuleFile<'l>> {
    let in_group = |vendor: Option<&String>| -> Vec<OpId> {
        m.operations
            .iter()
            .copied()
            .filter(|id| layout.op(*id).vendor_module.as_ref() == vendor)
            .collect()
    };
    let mut files = vec![ModuleFile {
        file: &m.file,
        title: format!("Operations on {}.", code(module)),
        submodules: m.vendors.keys().collect(),
        ops: in_group(None),
    }];
    for (vendor, submodule) in &m.vendors {
        files.push(ModuleFile {
            file: &submodule.file,
            title: format!(
                "Operations on {} specific to {}.",
                code(module),
                submodule.label
            ),
            submodules: Vec::new(),
            ops: in_group(Some(vendor)),
        });
    }
    files
}

/// The tokens of one file of a resource module.
pub(super) fn module_file_tokens(
    model: &Model,
    layout: &Layout,
    part: &ModuleFile<'_>,
) -> TokenStream {
    let doc = inner_doc(&part.doc(model, layout));
    let submodules = part.submodules.iter().map(|v| {
        let v = format_ident!("{}", v);
        quote! { pub mod #v; }
    });
    let fns = items(model, layout, &part.ops).into_iter().flatten();
    quote! {
        #doc
        #(#submodules)*
        #(#fns)*
    }
}

/// The endpoints of the supported operations of `ops`, in order.
pub(super) fn endpoints<'m>(
    model: &'m Model,
    layout: &'m Layout,
    ops: &[OpId],
) -> Vec<Endpoint<'m>> {
    ops.iter()
        .filter(|id| model.op(**id).supported)
        .map(|&id| Endpoint::new(model, layout, id))
        .collect()
}

/// The items of each supported operation of `ops`: its path struct, its
/// function, and the stream function (with the `PageParams` impl) of a
/// walkable list.
pub(super) fn items(model: &Model, layout: &Layout, ops: &[OpId]) -> Vec<[TokenStream; 3]> {
    endpoints(model, layout, ops)
        .iter()
        .map(|e| {
            let pages = e.pages(model, layout);
            [
                path_struct_tokens(layout, e),
                function_tokens(model, layout, e),
                pages
                    .map(|p| stream_tokens(layout, e, &p))
                    .unwrap_or_default(),
            ]
        })
        .collect()
}

/// One endpoint function, as both printers print it.
pub(super) struct Endpoint<'m> {
    pub op: &'m Operation,
    pub names: &'m OpLayout,
}

/// The type of a path parameter's argument (or path struct field),
/// borrowed unless it is a number or a boolean.
pub(super) enum PathTy<'m> {
    /// `&str`.
    Str,
    /// `i64`, `f64`, `bool`.
    Copied(&'m Ty),
    /// `&T`.
    Borrowed(&'m Ty),
}

/// What a request builder call after `Request::operation(…)` passes.
pub(super) enum Value<'m> {
    /// An argument of the function.
    Arg(&'m str),
    /// A field of the path struct (`path.id`).
    PathField(&'m str),
}

/// A request builder call: `.path_param("id", id)`, `.query(params)`,
/// `.json(body)`.
pub(super) struct Call<'m> {
    pub method: &'static str,
    /// The parameter's name in the path template.
    pub name: Option<&'m str>,
    pub value: Value<'m>,
}

/// What the function returns.
pub(super) enum Returns<'m> {
    /// The decoded answer, in a `WriteJob` for a write answered by a job.
    Answer { ty: &'m Ty, write_job: bool },
    /// Nothing: the answer is read and ignored.
    Nothing,
}

impl<'m> Endpoint<'m> {
    fn new(model: &'m Model, layout: &'m Layout, id: OpId) -> Self {
        Endpoint {
            op: model.op(id),
            names: layout.op(id),
        }
    }

    /// The path parameters with their Rust names.
    pub fn path_params(&self) -> impl Iterator<Item = (&'m Param, &'m str, PathTy<'m>)> {
        self.op
            .path_params
            .iter()
            .zip(&self.names.params)
            .map(|(p, rust)| (p, rust.as_str(), path_ty(&p.ty)))
    }

    /// The calls that fill in the request: path parameters, then the
    /// query (always, for the stream) and the body.
    pub fn calls(&self, stream: bool) -> Vec<Call<'m>> {
        let in_struct = self.names.path_struct.is_some();
        let mut calls: Vec<Call<'m>> = self
            .path_params()
            .map(|(param, rust, _)| Call {
                method: "path_param",
                name: Some(param.name.as_str()),
                value: if in_struct {
                    Value::PathField(rust)
                } else {
                    Value::Arg(rust)
                },
            })
            .collect();
        if stream || self.op.query.is_some() {
            calls.push(Call {
                method: "query",
                name: None,
                value: Value::Arg("params"),
            });
        }
        if let (false, Some(_)) = (stream, &self.op.body) {
            calls.push(Call {
                method: "json",
                name: None,
                value: Value::Arg("body"),
            });
        }
        calls
    }

    /// The rustdoc of the endpoint function.
    pub fn doc(&self, model: &Model) -> String {
        let mut doc = function_doc(self.op, self.names);
        doc.push_str(&filter_notes(self.names));
        if self.op.write_job && model.write_jobs.is_some() {
            doc.push_str(
                "\n\n# Write job\n\nThe API applies the write later: the answer's [`WriteJob`](crate::WriteJob) \
                 carries the job id; [`jobs::wait_for_write`](crate::jobs::wait_for_write) waits for its outcome.",
            );
        }
        doc
    }

    /// The note of its `#[deprecated]`, when it is deprecated.
    pub fn deprecated_note(&self) -> Option<String> {
        self.op
            .deprecated
            .as_ref()
            .map(|d| super::deprecation_note(d, self.names.replacement.as_ref()))
    }

    pub fn returns(&self) -> Returns<'m> {
        match &self.op.response {
            Some(ty) => Returns::Answer {
                ty,
                write_job: self.op.write_job,
            },
            None => Returns::Nothing,
        }
    }

    /// The walk over every page, for a walkable list.
    pub fn pages(&self, model: &Model, layout: &'m Layout) -> Option<Pages<'m>> {
        let (Some(list), Some(stream)) = (&self.op.list, &self.names.stream) else {
            return None;
        };
        let p: &'m Paging = list.paging.as_ref()?;
        // The runtime reads pages as JSON, by the document's names.
        let json_name = |id, index: usize| {
            model
                .as_struct(id)
                .and_then(|s| s.fields.get(index))
                .map(|f| f.json_name.clone())
                .unwrap_or_default()
        };
        let doc = format!(
            "`{} {}`, every page: a stream of the items of [`{}`], fetched lazily.\n\n\
             Pages start at the offset of `params`, `params.limit` items each; the stream ends when\n\
             `hasMore` is not true or a page is empty. A record that does not decode is an\n\
             [`Error::Record`](crate::Error::Record) item and the stream goes on. See [`crate::pagination`].{}",
            self.op.method,
            self.op.path,
            self.names.function,
            filter_notes(self.names)
        );
        Some(Pages {
            name: stream,
            doc,
            query: p.query,
            item: &p.item,
            offset_field: &layout.ty(p.query).fields[p.offset],
            results: json_name(list.response, list.results),
            meta: json_name(list.response, p.meta),
            has_more: json_name(p.meta_type, p.has_more),
            // A page reports its offset under the name of the query
            // parameter.
            offset: json_name(p.query, p.offset),
            params_impl: self.names.page_params_impl,
        })
    }
}

/// The stream function of a walkable list, and the `PageParams` impl of
/// its query parameters' type when its file holds it.
pub(super) struct Pages<'m> {
    pub name: &'m str,
    pub doc: String,
    pub query: TypeId,
    pub item: &'m Ty,
    pub offset_field: &'m str,
    pub results: String,
    pub meta: String,
    pub has_more: String,
    pub offset: String,
    pub params_impl: bool,
}

fn path_ty(ty: &Ty) -> PathTy<'_> {
    match ty {
        Ty::String => PathTy::Str,
        Ty::Integer | Ty::Number | Ty::Boolean => PathTy::Copied(ty),
        other => PathTy::Borrowed(other),
    }
}

/// The text of a module's inner doc: its title, its functions, what the
/// PMS does not support, and its vendor submodules.
pub(super) fn module_doc_text(
    model: &Model,
    layout: &Layout,
    title: &str,
    ops: &[OpId],
    vendors: &[&String],
) -> String {
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
    text
}

/// The value of each `#![doc]` line of a module's inner doc.
pub(super) fn inner_doc_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().map(|l| format!(" {l}").trim_end().to_owned())
}

fn inner_doc(text: &str) -> TokenStream {
    let lines = inner_doc_lines(text);
    quote! { #(#![doc = #lines])* }
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

/// The filtering rules of the operation, as a rustdoc section.
fn filter_notes(names: &OpLayout) -> String {
    if names.filter_notes.is_empty() {
        return String::new();
    }
    let notes: Vec<String> = names.filter_notes.iter().map(|n| sanitize(n)).collect();
    format!("\n\n# Filtering\n\n{}", notes.join("\n\n"))
}

/// The rustdoc of a path struct field: the parameter's own, or its name.
pub(super) fn path_field_doc(param: &Param) -> String {
    param
        .doc
        .as_deref()
        .map(sanitize)
        .unwrap_or_else(|| code(&param.name))
}

/// The rustdoc of the path struct of `e`.
pub(super) fn path_struct_doc(e: &Endpoint<'_>) -> String {
    format!(
        "The path parameters of [`{}`] (`{} {}`), by name.",
        e.names.function, e.op.method, e.op.path
    )
}

/// The derives of a path struct.
pub(super) const PATH_STRUCT_DERIVES: &str = "Debug, Clone, Copy, PartialEq";

fn path_ty_tokens(layout: &Layout, ty: &PathTy<'_>, lifetime: Option<&TokenStream>) -> TokenStream {
    match ty {
        PathTy::Str => quote! { &#lifetime str },
        PathTy::Copied(ty) => ty_tokens(layout, ty),
        PathTy::Borrowed(ty) => {
            let ty = ty_tokens(layout, ty);
            quote! { &#lifetime #ty }
        }
    }
}

/// The path arguments of `e` (one per parameter, or the path struct),
/// borrowed for `lifetime` (elided when `None`).
fn path_args_tokens(
    layout: &Layout,
    e: &Endpoint<'_>,
    lifetime: Option<TokenStream>,
) -> Vec<TokenStream> {
    if let Some(path_struct) = &e.names.path_struct {
        let ty = ident(path_struct);
        let lifetime = lifetime.unwrap_or_else(|| quote! { '_ });
        return vec![quote! { path: #ty<#lifetime> }];
    }
    e.path_params()
        .map(|(_, rust, ty)| {
            let arg = ident(rust);
            let ty = path_ty_tokens(layout, &ty, lifetime.as_ref());
            quote! { #arg: #ty }
        })
        .collect()
}

fn calls_tokens(calls: &[Call<'_>]) -> Vec<TokenStream> {
    calls
        .iter()
        .map(|call| {
            let method = format_ident!("{}", call.method);
            let value = match call.value {
                Value::Arg(name) => {
                    let name = ident(name);
                    quote! { #name }
                }
                Value::PathField(field) => {
                    let field = ident(field);
                    quote! { path.#field }
                }
            };
            match call.name {
                Some(name) => quote! { .#method(#name, #value) },
                None => quote! { .#method(#value) },
            }
        })
        .collect()
}

fn deprecated_tokens(e: &Endpoint<'_>, allow: bool) -> Option<TokenStream> {
    let note = e.deprecated_note()?;
    let allow = allow.then(|| quote! { #[allow(deprecated)] });
    Some(quote! { #[deprecated(note = #note)] #allow })
}

pub(super) fn stream_tokens(layout: &Layout, e: &Endpoint<'_>, p: &Pages<'_>) -> TokenStream {
    let name = ident(p.name);
    let params_ty = ty_tokens(layout, &Ty::Named(p.query));
    let item_ty = ty_tokens(layout, p.item);
    let doc = doc_attrs(&p.doc);
    let offset = ident(p.offset_field);
    let (results, meta, has_more, offset_name) = (&p.results, &p.meta, &p.has_more, &p.offset);
    let deprecated = deprecated_tokens(e, true);
    // Path parameters are borrowed for as long as the stream lives.
    let args = path_args_tokens(layout, e, Some(quote! { 'a }));
    let setup = calls_tokens(&e.calls(true));
    let method = format_ident!("{}", e.op.method);
    let operation = e.names.function_path();
    let path = &e.op.path;
    let params_impl = p.params_impl.then(|| {
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

pub(super) fn function_tokens(model: &Model, layout: &Layout, e: &Endpoint<'_>) -> TokenStream {
    let name = ident(&e.names.function);
    let docs = doc_attrs(&e.doc(model));
    let deprecated = deprecated_tokens(e, false);
    let mut args = vec![quote! { client: &crate::Client }];
    args.extend(path_args_tokens(layout, e, None));
    if let Some(query) = e.op.query {
        let ty = ty_tokens(layout, &Ty::Named(query));
        args.push(quote! { params: &#ty });
    }
    if let Some(body) = &e.op.body {
        let ty = ty_tokens(layout, body);
        args.push(quote! { body: &#ty });
    }
    let setup = calls_tokens(&e.calls(false));
    let method = format_ident!("{}", e.op.method);
    let operation = e.names.function_path();
    let path = &e.op.path;
    let request = quote! {
        let request = crate::Request::operation(::reqwest::Method::#method, #operation, #path)
            #(#setup)*;
    };
    match e.returns() {
        Returns::Answer { ty, write_job } => {
            let mut response = ty_tokens(layout, ty);
            if write_job {
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
        Returns::Nothing => quote! {
            #docs
            #deprecated
            pub async fn #name(#(#args),*) -> crate::Result<()> {
                #request
                client.send::<::serde::de::IgnoredAny>(request).await.map(|_| ())
            }
        },
    }
}

/// The struct naming the path parameters of an operation that has two or
/// more, built with a struct literal so that every id is named.
pub(super) fn path_struct_tokens(layout: &Layout, e: &Endpoint<'_>) -> TokenStream {
    let Some(path_struct) = &e.names.path_struct else {
        return TokenStream::new();
    };
    let ty = ident(path_struct);
    let lifetime = quote! { 'a };
    let fields = e.path_params().map(|(param, rust, field_ty)| {
        let field = ident(rust);
        let field_ty = path_ty_tokens(layout, &field_ty, Some(&lifetime));
        let doc = doc_attrs(&path_field_doc(param));
        quote! { #doc pub #field: #field_ty, }
    });
    let doc = doc_attrs(&path_struct_doc(e));
    let derives = super::rust_tokens(PATH_STRUCT_DERIVES);
    quote! {
        #doc
        #[derive(#derives)]
        pub struct #ty<#lifetime> {
            #(#fields)*
        }
    }
}
