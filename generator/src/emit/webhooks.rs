//! The receive side of the document's `webhooks`, printed into the module
//! the policy names: re-exports of the hand-written runtime
//! (`runtime/webhook_receive.rs`) and an `Event` enum with one variant per
//! webhook, holding the payload's type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{cfg_attr, doc_attrs, ty_tokens};
use crate::layout::webhooks::{RecordLayout, OTHER_RECORD};
use crate::layout::Layout;
use crate::model::{Model, Ty};

/// The runtime file the receive side needs, copied when there is one.
pub const RUNTIME: (&str, &str) = (
    "webhook_receive.rs",
    include_str!("../../runtime/webhook_receive.rs"),
);

/// The hosting module's file, its module docs (inner attributes) and its
/// items, when the layout places a receive side.
pub fn receive_side<'l>(
    model: &Model,
    layout: &'l Layout,
) -> Option<(&'l str, TokenStream, TokenStream)> {
    let hooks = layout.webhooks.as_ref()?;
    let docs = module_docs(&hooks.module);
    // Each event with its webhook and variant identifier.
    let events: Vec<_> = hooks
        .events
        .iter()
        .map(|e| (&model.webhooks[e.webhook], format_ident!("{}", e.variant)))
        .collect();
    let variants = events.iter().map(|(w, variant)| {
        let ty = ty_tokens(layout, &w.payload);
        let mut text = super::docs::code(&w.name);
        if let Some(summary) = &w.summary {
            let summary = super::docs::sanitize_inline(summary);
            text.push_str(&format!(": {}.", summary.trim_end_matches('.')));
        }
        if let Some(description) = &w.description {
            text.push_str(&format!("\n\n{}", super::docs::sanitize(description)));
        }
        text.push_str(&format!("\n\nSource: {}.", super::docs::code(&w.pointer)));
        let doc = doc_attrs(&text);
        quote! { #doc #variant(#ty), }
    });
    let names = events.iter().map(|(w, _)| w.name.as_str());
    let arms = events.iter().map(|(w, variant)| {
        let name = &w.name;
        quote! { ::std::option::Option::Some(#name) => delivery.decode(Self::#variant, Self::Unknown), }
    });
    let trigger_arms = events.iter().map(|(w, variant)| {
        let name = &w.name;
        quote! { Self::#variant(_) => ::std::option::Option::Some(#name), }
    });
    let data_record = data_record(layout, &hooks.records);
    let items = quote! {
        #data_record

        pub use crate::webhook_receive::{
            decode_record, sign, verify, ParseError, ParseEvent, UnknownEvent, VerifyError,
            WebhookSecret, SIGNATURE_HEADER,
        };
        #[cfg(feature = "axum")]
        pub use crate::webhook_receive::{Rejection, Verified, WebhookReceiver, DEFAULT_MAX_BODY_BYTES};

        /// The `axum` extractor of a verified delivery of this crate's [`Event`].
        #[cfg(feature = "axum")]
        pub type VerifiedEvent = Verified<Event>;

        /// A webhook delivery, parsed: one variant per webhook Propexo
        /// documents, named by its trigger, and [`Event::Unknown`] for
        /// everything else (kept as sent, never refused).
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum Event {
            #(#variants)*
            /// A trigger this version of the crate does not know, no
            /// trigger, or a body without its trigger's documented shape.
            Unknown(UnknownEvent),
        }

        impl Event {
            /// The triggers with a variant, as Propexo names them.
            pub const TRIGGERS: &'static [&'static str] = &[#(#names),*];

            /// Parses a delivery's raw `body` (after [`verify`]) sent to the
            /// URL registered for `trigger` (`"DATA_UPDATE"`, …).
            ///
            /// A body in Propexo's envelope, `{"trigger": …, "data": {…}}`
            /// (its 2024 OpenAPI document shows every delivery so), names its
            /// own trigger, which wins; the envelope's other keys (`meta`)
            /// join `data`. The webhook pages' examples are bare payloads
            /// without a trigger, and the data events (like the two sync
            /// events) share one shape, so for those the trigger the
            /// receiver names decides. Fails only for a body that is not
            /// JSON: anything else without a known shape is
            /// [`Event::Unknown`], kept as sent.
            pub fn parse(trigger: &str, body: &[u8]) -> ::std::result::Result<Self, ParseError> {
                <Self as ParseEvent>::parse_delivery(::std::option::Option::Some(trigger), body)
            }

            /// The trigger this event was delivered for, when known.
            pub fn trigger(&self) -> ::std::option::Option<&str> {
                match self {
                    #(#trigger_arms)*
                    Self::Unknown(unknown) => unknown.trigger(),
                }
            }
        }

        impl ParseEvent for Event {
            fn parse_delivery(
                trigger: ::std::option::Option<&str>,
                body: &[u8],
            ) -> ::std::result::Result<Self, ParseError> {
                let delivery = crate::webhook_receive::Delivery::read(trigger, body)?;
                ::std::result::Result::Ok(match delivery.trigger() {
                    #(#arms)*
                    _ => Self::Unknown(delivery.into_unknown()),
                })
            }
        }
    };
    Some((hooks.file.as_str(), docs, items))
}

/// `DataRecord`: a data event's record typed by the model its
/// `meta.object` names, for every model the layout found.
fn data_record(layout: &Layout, records: &[RecordLayout]) -> TokenStream {
    let other = format_ident!("{}", OTHER_RECORD);
    let variants = records.iter().map(|r| {
        let variant = format_ident!("{}", r.variant);
        let ty = ty_tokens(layout, &Ty::Named(r.ty));
        let doc = doc_attrs(&format!(
            "{}: [`{}`](crate::types::{}).",
            super::docs::code(&r.object),
            layout.ty(r.ty).name,
            layout.ty(r.ty).name
        ));
        // A record of a resource whose feature is off stays `Other`.
        let cfg = cfg_attr(&layout.type_gate(r.ty));
        quote! { #doc #cfg #variant(::std::boxed::Box<#ty>), }
    });
    let arms = records.iter().map(|r| {
        let (variant, object) = (format_ident!("{}", r.variant), &r.object);
        let cfg = cfg_attr(&layout.type_gate(r.ty));
        quote! {
            #cfg #object => ::serde_json::from_value(::serde_json::Value::Object(record.clone()))
                .map(|r| Self::#variant(::std::boxed::Box::new(r))),
        }
    });
    let other_value = quote! {
        ::std::result::Result::Ok(Self::#other {
            object: object.to_owned(),
            record: record.clone(),
        })
    };
    // Without typed models the answer is always `Other` (a `match` with one
    // arm would be a lint).
    let body = if records.is_empty() {
        other_value
    } else {
        quote! {
            match object {
                #(#arms)*
                _ => #other_value,
            }
        }
    };
    let objects = records.iter().map(|r| r.object.as_str());
    quote! {
        /// A data event's record (`diff.previous` or `diff.new`), typed by
        /// the model its `meta.object` names: the items of that resource's
        /// list (`leases` → the type of a lease in `leases::list`).
        ///
        /// Typing is a separate, fallible step: a diff may hold only the
        /// fields that changed, and then it is not a whole record. The event
        /// keeps the raw JSON either way, so nothing is lost.
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum DataRecord {
            #(#variants)*
            /// A model this crate has no type for, kept as sent.
            #other {
                /// The event's `meta.object`.
                object: ::std::string::String,
                /// The record.
                record: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
            },
        }

        impl DataRecord {
            /// The `meta.object` values typed by a variant (each needs its
            /// resource's cargo feature; without it the record is `Other`).
            pub const OBJECTS: &'static [&'static str] = &[#(#objects),*];

            /// Decodes `record` as the model `object` (a data event's
            /// `meta.object`) names, tolerantly as every answer is decoded;
            /// an unknown model is [`DataRecord::Other`]. Fails when the
            /// record is not a whole record of its model (a partial diff).
            pub fn decode(
                object: &str,
                record: &::serde_json::Map<::std::string::String, ::serde_json::Value>,
            ) -> ::std::result::Result<Self, ::serde_json::Error> {
                #body
            }
        }
    }
}

fn module_docs(module: &str) -> TokenStream {
    let text = format!(
        r##"# Receiving webhooks

Propexo `POST`s each event as JSON to the URL registered for its trigger,
signed in the `propexo-signature` header. Check the signature on the raw
body with [`verify`], then [`Event::parse`] it, naming the trigger the URL
was registered for. Answer quickly and process from a queue: `DATA_NEW`
starts only after an integration's first full sync, then comes in bursts.

```
use propexo::{module}::{{sign, verify, Event}};

/// One delivery to the URL registered for `trigger`: the HTTP status to
/// answer, and the event to queue.
fn receive(secret: &str, trigger: &str, signature: Option<&str>, body: &[u8]) -> (u16, Option<Event>) {{
    if verify(secret, signature, body).is_err() {{
        return (401, None); // missing, malformed or wrong signature
    }}
    match Event::parse(trigger, body) {{
        Ok(event) => (200, Some(event)),
        Err(_not_json) => (400, None),
    }}
}}

let body = br#"{{"integration_id": "int_1", "is_sync_finished": true}}"#;
let signature = sign("secret", body);
assert_eq!(receive("secret", "SYNC_COMPLETE", Some(&signature), body).0, 200);
assert_eq!(receive("secret", "SYNC_COMPLETE", Some(&signature), b"{{}}").0, 401);
assert_eq!(receive("secret", "SYNC_COMPLETE", None, body).0, 401);
```

With the `axum` feature, the extractor `VerifiedEvent` does all of this
(answering 401, 413 or 400), configured by a `WebhookReceiver` in the
route's state; see `examples/webhook_receiver.rs`."##
    );
    let lines = text.lines().map(|l| {
        let l = format!(" {l}");
        let l = l.trim_end().to_owned();
        quote! { #![doc = #l] }
    });
    quote! { #(#lines)* }
}
