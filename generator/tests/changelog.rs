//! Snapshot tests of `changelog`: a hand-made pair that isolates each kind
//! of change, and pairs of real versions of Propexo's document.

use std::path::{Path, PathBuf};

use propexo_generator::changelog::{diff, markdown, Side};
use propexo_generator::diag::Diagnostics;
use propexo_generator::layout::Layout;
use propexo_generator::load::read_document;
use propexo_generator::model::Model;
use propexo_generator::policy::Policy;
use propexo_generator::{model_and_layout, Options};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn model(path: &Path) -> (Model, Layout) {
    let options = Options {
        policy: Policy::read(&root().join("spec/policy.yaml")).unwrap(),
        command: "cargo xtask generate".into(),
        standalone: false,
    };
    let mut diags = Diagnostics::default();
    let doc = read_document(path).unwrap_or_else(|e| panic!("{e}"));
    model_and_layout(&[doc], &options, &mut diags).unwrap_or_else(|| panic!("{diags}"))
}

fn changelog(old: &Path, new: &Path) -> String {
    let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
    let (old_model, old_layout) = model(old);
    let (new_model, new_layout) = model(new);
    let changes = diff(
        Side {
            model: &old_model,
            layout: &old_layout,
        },
        Side {
            model: &new_model,
            layout: &new_layout,
        },
    );
    markdown(&name(old), &name(new), &changes, "0.1.0")
}

#[test]
fn each_kind_of_change_is_classified() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/changelog");
    let text = changelog(&dir.join("old.yaml"), &dir.join("new.yaml"));
    insta::assert_snapshot!("hand_made_pair", text);
    // The same document against itself: nothing to report.
    let same = changelog(&dir.join("new.yaml"), &dir.join("new.yaml"));
    assert!(same.contains("No change"), "{same}");
}

fn history(name: &str) -> PathBuf {
    root().join("../shared/propexo-spec/history").join(name)
}

#[test]
fn real_versions_a_day_apart() {
    let pinned = root().join("../shared/propexo-spec/openapi.yml");
    insta::assert_snapshot!(
        "2026-02-12_to_pinned",
        changelog(&history("2026-02-12_c9dbd05.yml"), &pinned)
    );
}

#[test]
fn real_versions_months_apart() {
    insta::assert_snapshot!(
        "2025-07-09_to_2025-09-29",
        changelog(
            &history("2025-07-09_708b858.yml"),
            &history("2025-09-29_6c9ec59.yml")
        )
    );
}

/// A type an earlier generator named like a prelude item (`Result`) is
/// renamed now; the changelog says so and why, instead of "removed".
#[test]
fn a_prelude_shadowing_name_is_reported_as_renamed() {
    let doc = propexo_generator::load::SourceDocument {
        label: "t.yaml".into(),
        path: "t.yaml".into(),
        sha256: String::new(),
        value: propexo_generator::load::parse_text(
            br##"
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /v1/webhooks/:
    post:
      responses:
        "200":
          description: OK
          content: {application/json: {schema: {$ref: "#/components/schemas/Result"}}}
components:
  schemas:
    Result: {type: object, properties: {id: {type: string}}}
"##,
        )
        .unwrap(),
    };
    let options = Options {
        policy: Policy::parse("{}").unwrap(),
        command: "test".into(),
        standalone: false,
    };
    let mut diags = Diagnostics::default();
    let (model, layout) = model_and_layout(&[doc], &options, &mut diags).unwrap();
    let id = model
        .type_ids()
        .find(|id| model.ty(*id).component.as_deref() == Some("Result"))
        .unwrap();
    let new_name = layout.ty(id).name.clone();
    assert_ne!(new_name, "Result");
    let mut old_layout = layout.clone();
    for t in &mut old_layout.types {
        if t.name == new_name {
            t.name = "Result".into();
        }
    }
    let changes = diff(
        Side {
            model: &model,
            layout: &old_layout,
        },
        Side {
            model: &model,
            layout: &layout,
        },
    );
    let text: Vec<&str> = changes.iter().map(|c| c.text.as_str()).collect();
    assert!(
        text.contains(&format!("type `propexo::types::Result` renamed to `propexo::types::{new_name}`: its name shadowed the standard `Result` in glob imports").as_str()),
        "{text:?}"
    );
}

#[test]
fn a_type_that_no_longer_comes_with_a_feature_is_breaking() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/changelog");
    let (old, new) = (dir.join("features_old.yaml"), dir.join("features_new.yaml"));
    let text = changelog(&old, &new);
    let line = text
        .lines()
        .find(|l| l.contains("no longer comes with feature"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        line.contains("`propexo::types::Pet`") && line.contains("`owners`"),
        "{line}"
    );
    assert!(line.contains("needs `pets`"), "{line}");
    let breaking = text.split("## ").find(|s| s.starts_with("Breaking"));
    assert!(
        breaking.is_some_and(|s| s.contains("no longer comes with feature")),
        "{text}"
    );
    // The other way, `Pet` comes with one more feature: nobody loses it.
    let back = changelog(&new, &old);
    assert!(!back.contains("comes with feature"), "{back}");
}

#[test]
fn a_type_no_longer_sent_loses_serialize_and_that_is_breaking() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/changelog");
    let (old, new) = (
        dir.join("directions_old.yaml"),
        dir.join("directions_new.yaml"),
    );
    let text = changelog(&old, &new);
    let breaking = text
        .split("## ")
        .find(|s| s.starts_with("Breaking"))
        .unwrap_or_else(|| panic!("{text}"));
    let line = breaking
        .lines()
        .find(|l| l.contains("`propexo::types::Pet`") && l.contains("`Serialize`"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("`serialize` feature"), "{line}");
    assert!(!text.contains("`Deserialize` only"), "{text}");
    // Sent again as well as received: it gains a trait, nobody loses one.
    let back = changelog(&new, &old);
    assert!(!back.contains("only with the"), "{back}");
}
