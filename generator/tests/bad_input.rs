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
    // openapiv3's untagged `$ref`-or-item types hide the deeper path: the
    // pointer stops at `#/paths`, the message says what was expected.
    assert!(
        err.contains("error: #/paths") && err.contains("expected struct Responses"),
        "{err}"
    );
}
