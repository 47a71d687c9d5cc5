//! Printing endpoint functions, one module per resource.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, sanitize};
use super::{doc_attrs, ident, ty_tokens};
use crate::ir::{Api, Operation, Ty};

/// Module name → its tokens, one per resource.
pub fn modules(api: &Api) -> BTreeMap<String, TokenStream> {
    let mut by_module: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in &api.operations {
        by_module.entry(&op.module).or_default().push(op);
    }
    by_module
        .into_iter()
        .map(|(module, mut ops)| {
            ops.sort_by(|a, b| a.fn_name.cmp(&b.fn_name));
            let doc = module_doc(module, &ops);
            let fns = ops.iter().map(|op| function(api, op));
            let tokens = quote! {
                #doc
                #(#fns)*
            };
            (module.to_owned(), tokens)
        })
        .collect()
}

fn module_doc(module: &str, ops: &[&Operation]) -> TokenStream {
    let mut text = format!("Operations on {}.\n", code(module));
    for op in ops {
        text.push_str(&format!(
            "\n- [`{}`]: `{} {}`",
            op.fn_name, op.method, op.path
        ));
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
        let note = d
            .note
            .clone()
            .unwrap_or_else(|| "Deprecated by the API.".to_owned());
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
    let operation = format!("{}::{}", op.module, op.fn_name);
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
