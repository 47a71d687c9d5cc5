//! Bad input is reported with the place in the document and what is wrong;
//! the generator never panics on it.

use propexo_generator::load::{parse_text, SourceDocument};
use propexo_generator::policy::Policy;
use propexo_generator::{generate, Options};

fn run(yaml: &str) -> Result<propexo_generator::Output, String> {
    let doc = SourceDocument {
        label: "bad.yaml".into(),
        path: "bad.yaml".into(),
        sha256: String::new(),
        value: parse_text(yaml.as_bytes()).unwrap(),
    };
    let options = Options {
        policy: Policy::parse("{}").unwrap(),
        command: "test".into(),
        standalone: false,
    };
    generate(&[doc], &options).map_err(|e| e.to_string())
}

#[test]
fn an_unresolvable_reference_names_its_place() {
    let err = run(r##"
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /v1/x/{id}:
    get:
      parameters: [{$ref: "#/components/parameters/missing"}]
      responses:
        "200":
          description: OK
          content: {application/json: {schema: {$ref: "#/components/schemas/Missing"}}}
"##)
    .unwrap_err();
    assert!(
        err.contains("#/paths/~1v1~1x~1{id}/get/parameters/0"),
        "{err}"
    );
    assert!(err.contains("#/components/parameters"), "{err}");
    assert!(err.contains("undefined schema \"Missing\""), "{err}");
}

#[test]
fn an_unsupported_version_is_an_error_not_a_panic() {
    let err = run("openapi: 2.0.0\ninfo: {title: t, version: \"1\"}\npaths: {}\n").unwrap_err();
    assert!(err.contains("#/openapi") && err.contains("2.0.0"), "{err}");
}

#[test]
fn a_malformed_document_names_the_deepest_place_it_can() {
    let err = run("openapi: 3.1.0\ninfo: {title: t, version: \"1\"}\npaths:\n  /x:\n    get:\n      responses: 7\n").unwrap_err();
    // openapiv3's untagged `$ref`-or-item types hide the deeper path from
    // serde; the parts are parsed one by one to find the operation's.
    assert!(
        err.contains("error: #/paths/~1x/get/responses")
            && err.contains("expected struct Responses"),
        "{err}"
    );
}

fn run_with_policy(yaml: &str, policy: &str) -> Result<propexo_generator::Output, String> {
    let doc = SourceDocument {
        label: "bad.yaml".into(),
        path: "bad.yaml".into(),
        sha256: String::new(),
        value: parse_text(yaml.as_bytes()).unwrap(),
    };
    let options = Options {
        policy: Policy::parse(policy).unwrap(),
        command: "test".into(),
        standalone: false,
    };
    generate(&[doc], &options).map_err(|e| e.to_string())
}

const ODD_WEBHOOKS: &str = r##"
openapi: 3.1.0
info: {title: t, version: "1"}
components:
  schemas:
    Ping: {type: object, properties: {n: {type: integer}}}
webhooks:
  PING:
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Ping"}}}}
  ping:
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Ping"}}}}
  INLINE:
    post:
      requestBody: {content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}}
  NO_BODY:
    post: {}
  GET_ONLY:
    get: {}
  UNKNOWN:
    post: {}
  "💥": {post: {}}
  BROKEN:
    post: {requestBody: 7}
  DANGLING:
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Nope"}}}}
"##;

#[test]
fn odd_webhooks_are_reported_with_their_place_not_panicked_on() {
    let err = run_with_policy(ODD_WEBHOOKS, "webhooks: {module: hooks}").unwrap_err();
    assert!(err.contains("#/webhooks/BROKEN"), "{err}");
    assert!(
        err.contains("#/webhooks/DANGLING/post/requestBody/content/application~1json/schema")
            || err.contains("#/webhooks/DANGLING"),
        "{err}"
    );
    assert!(err.contains("undefined schema \"Nope\""), "{err}");
}

#[test]
fn webhooks_that_cannot_be_events_are_left_out_with_a_warning() {
    let yaml = ODD_WEBHOOKS.split("  BROKEN:").next().unwrap().to_owned();
    let out = run_with_policy(&yaml, "webhooks: {module: hooks}").unwrap();
    let warnings = out.diagnostics.to_string();
    for expected in [
        "#/webhooks/ping: its Rust name Ping is the name of webhook \"PING\" too",
        "#/webhooks/INLINE/post/requestBody: an inline webhook payload",
        "#/webhooks/NO_BODY/post/requestBody: no `application/json` body schema",
        "#/webhooks/GET_ONLY: webhooks are POST requests",
        "#/webhooks/UNKNOWN: webhook name \"UNKNOWN\" gives no usable Rust name",
        "#/webhooks/💥: webhook name \"💥\" gives no usable Rust name",
    ] {
        assert!(
            warnings.contains(expected),
            "missing {expected:?} in\n{warnings}"
        );
    }
    let events = &out.layout.webhooks.as_ref().unwrap().events;
    let names: Vec<&str> = events
        .iter()
        .map(|e| out.model.webhooks[e.webhook].name.as_str())
        .collect();
    assert_eq!(names, ["PING", "INLINE", "NO_BODY"]);
    let hooks = &out.files["src/hooks.rs"];
    assert!(hooks.contains("Ping(crate::types::Ping)"), "{hooks}");
    assert!(hooks.contains("Inline(::serde_json::Value)"), "{hooks}");
    assert!(out.files["src/lib.rs"].contains("pub mod hooks;"));
    assert!(out.files.contains_key("src/webhook_receive.rs"));
}

#[test]
fn the_receive_side_needs_a_valid_module_from_the_policy() {
    let yaml = ODD_WEBHOOKS.split("  ping:").next().unwrap().to_owned();
    let out = run_with_policy(&yaml, "{}").unwrap();
    assert!(out
        .diagnostics
        .to_string()
        .contains("names no module for the receive side"));
    assert!(!out.files.contains_key("src/webhook_receive.rs"));
    assert!(!out.files["Cargo.toml"].contains("hmac"));
    for bad in ["Hooks", "mod", "1x", "a-b", "\"\""] {
        let err = run_with_policy(&yaml, &format!("webhooks: {{module: {bad}}}")).unwrap_err();
        assert!(
            err.contains("is not a snake_case Rust module name"),
            "{bad}: {err}"
        );
    }
    // Not a mapping at all.
    let err = run_with_policy(
        "openapi: 3.1.0\ninfo: {title: t, version: \"1\"}\nwebhooks: [1, 2]\n",
        "webhooks: {module: hooks}",
    )
    .unwrap_err();
    assert!(err.contains("#/webhooks"), "{err}");
}
