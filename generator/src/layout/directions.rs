//! Which way each type travels: sent (a request body, query parameters,
//! and what they contain) or received (answers, errors, webhook payloads).
//!
//! A type implements only the serde trait its direction needs: requests
//! `Serialize`, answers `Deserialize`. The other trait would cost every
//! user compile time for code the crate never runs (serde's impls are most
//! of the crate's size); the `serialize` and `deserialize` cargo features
//! add it to every type for users who store answers or read requests back.
//! Walked from supported operations and webhook payloads, like homes, so
//! every generated type has at least one direction.

use std::collections::BTreeSet;

use super::webhooks::WebhooksLayout;
use super::{OpLayout, TypeLayout};
use crate::model::{Model, TypeId};

/// The feature that gives received-only types `Serialize` too.
pub const SERIALIZE: &str = "serialize";

/// The feature that gives sent-only types `Deserialize` too.
pub const DESERIALIZE: &str = "deserialize";

pub fn place(
    model: &Model,
    ops: &[OpLayout],
    webhooks: Option<&WebhooksLayout>,
    types: &mut [TypeLayout],
) {
    let mut sent = Vec::new();
    let mut received = Vec::new();
    for (op, _) in model
        .operations
        .iter()
        .zip(ops)
        .filter(|(op, _)| op.supported)
    {
        for ty in [&op.response, &op.error].into_iter().flatten() {
            ty.visit_ids(&mut |id| received.push(id));
        }
        if let Some(body) = &op.body {
            body.visit_ids(&mut |id| sent.push(id));
        }
        for param in &op.path_params {
            param.ty.visit_ids(&mut |id| sent.push(id));
        }
        sent.extend(op.query);
    }
    if let Some(hooks) = webhooks {
        for event in &hooks.events {
            model.webhooks[event.webhook]
                .payload
                .visit_ids(&mut |id| received.push(id));
        }
    }
    for id in reach(model, sent) {
        types[id.index()].sent = true;
    }
    for id in reach(model, received) {
        types[id.index()].received = true;
    }
}

/// `roots` and every type they contain.
fn reach(model: &Model, roots: Vec<TypeId>) -> BTreeSet<TypeId> {
    let mut stack = roots;
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if seen.insert(id) {
            stack.extend(model.children(id));
        }
    }
    seen
}
