//! Printing endpoint functions, one module per resource.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, sanitize};
use super::{doc_attrs, ident, ty_tokens};
use crate::ir::{Api, Operation, Ty};
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
        let fns = sorted(&generic)
            .into_iter()
            .filter(|op| op.supported)
            .map(|op| function(api, op));
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
            let fns = sorted(ops)
                .into_iter()
                .filter(|op| op.supported)
                .map(|op| function(api, op));
            files.insert(format!("{module}/{vendor}.rs"), quote! { #doc #(#fns)* });
        }
    }
    files
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
