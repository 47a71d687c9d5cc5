//! Deprecated items warn the crates that use them, and only those: a
//! dependent crate that never touches a deprecated item compiles without
//! warnings; one that reads or sets deprecated fields is warned, with the
//! replacement named. Both are compiled for real against `generated/`.

mod support;

/// `cargo check` of a one-file crate depending on `propexo`; its output.
fn check(name: &str, lib: &str) -> String {
    let output = support::check_dependent(name, lib);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{name} does not build:\n{stderr}");
    stderr
}

#[test]
fn deprecation_warnings_reach_exactly_the_code_that_uses_deprecated_items() {
    let clean = check(
        "uses_no_deprecated_item",
        r#"
use propexo::types::{Lead, RentableItem, UpdateLeadRequest};

pub async fn rename(client: &propexo::Client, id: &str) -> propexo::Result<String> {
    let mut body = UpdateLeadRequest::new();
    body.first_name = Some("Emily".into());
    body.target_move_in_date = Some(propexo::types::DateTimeOrDate::Date(Default::default()));
    Ok(propexo::leads::update(client, id, &body).await?.job_id)
}

// Serializing a request and decoding an answer, both with deprecated
// fields, warns nobody: the generated impls allow what they touch.
pub fn describe(item: &RentableItem, sent: &UpdateLeadRequest) -> String {
    let lead: Lead = serde_json::from_str("{\"id\": \"l1\"}").unwrap_or_else(|e| panic!("{e}"));
    format!("{} {:?} {:?} {}", lead.id, lead.first_name, item.name, serde_json::to_string(sent).unwrap())
}
"#,
    );
    assert!(
        !clean.contains("warning"),
        "a crate that touches no deprecated item was warned:\n{clean}"
    );

    let warned = check(
        "uses_deprecated_items",
        r#"
use propexo::types::{Lead, RentableItem, UpdateLeadRequest};

pub fn old_style(lead: &Lead, item: &RentableItem) -> UpdateLeadRequest {
    let mut body = UpdateLeadRequest::new();
    body.desired_move_in_date = Some(propexo::types::DateTimeOrDate::Date(Default::default()));
    let _ = (&lead.x_unit_id, &item.lead_id);
    body
}
"#,
    );
    for expected in [
        "use of deprecated field `propexo::types::UpdateLeadRequest::desired_move_in_date`: use `target_move_in_date` instead",
        "use of deprecated field `propexo::types::Lead::x_unit_id`: use `x_unit_id_preferred` instead",
        "use of deprecated field `propexo::types::RentableItem::lead_id`: use `propexo::leads::list_rentable_items` instead",
    ] {
        assert!(warned.contains(expected), "expected the warning\n  {expected}\nin:\n{warned}");
    }
}
