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

use super::webhooks::WebhooksLayout;
use super::{OpLayout, TypeLayout};
use crate::model::Model;

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
    for id in model.reachable(sent) {
        types[id.index()].sent = true;
    }
    for id in model.reachable(received) {
        types[id.index()].received = true;
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{pipeline, type_named};

    /// `Pet` (and its `Tag`) is sent in a body and received in an answer;
    /// `Owner` and its `Address` only come back; the owners call's query
    /// parameters only go out. An answer type nested in a sent one is sent
    /// too, at any depth.
    const DOC: &str = r##"
paths:
  /v1/pets/:
    post:
      requestBody:
        content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {job_id: {type: string}}}}}}
  /v1/pets/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
  /v1/owners/:
    get:
      parameters: [{name: city, in: query, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Owner"}}}}
components:
  schemas:
    Pet:
      type: object
      properties:
        tag: {$ref: "#/components/schemas/Tag"}
    Tag:
      type: object
      properties:
        label: {type: string}
        deep: {type: object, properties: {deeper: {type: object, properties: {x: {type: string}}}}}
    Owner:
      type: object
      properties:
        address: {$ref: "#/components/schemas/Address"}
    Address:
      type: object
      properties:
        city: {type: string}
"##;

    #[test]
    fn each_type_travels_the_ways_its_functions_use_it_and_only_sent_structs_get_builders() {
        let (model, layout, _) = pipeline(DOC, "");
        let ways = |name: &str| {
            let t = layout.ty(type_named(&model, &layout, name));
            (t.sent, t.received, t.builder.is_some())
        };
        assert_eq!(ways("Pet"), (true, true, true));
        assert_eq!(ways("Tag"), (true, true, true));
        assert_eq!(ways("Owner"), (false, true, false));
        assert_eq!(ways("Address"), (false, true, false));
        assert_eq!(ways("GetOwnerParams"), (true, false, true));
        // Every struct nested in `Tag` goes out with it, however deep.
        for id in model.reachable([type_named(&model, &layout, "Tag")]) {
            assert!(layout.ty(id).sent, "{}", layout.ty(id).name);
        }
    }
}
