//! Generated types against realistic payloads: forward compatibility
//! (unknown enum values and fields), nullability and round trips.

use propexo::types::{DateTimeOrDate, IntegrationVendor, Lead, PhoneType};

#[test]
fn a_realistic_lead_deserializes_and_round_trips() {
    let json: serde_json::Value = serde_json::from_str(include_str!("fixtures/lead.json")).unwrap();
    let lead: Lead = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(lead.id, "cl_lead_01HZX3");
    assert_eq!(lead.x_created_at, None);
    assert_eq!(lead.custom_data.as_ref().and_then(|d| d.get("favourite_colour")), Some(&"teal".into()));
}

/// Answers implement `Serialize` with the `serialize` feature (the
/// all-features test run): what is stored comes back whole.
#[cfg(feature = "serialize")]
#[test]
fn a_realistic_lead_round_trips_with_the_serialize_feature() {
    let json: serde_json::Value = serde_json::from_str(include_str!("fixtures/lead.json")).unwrap();
    let lead: Lead = serde_json::from_value(json.clone()).unwrap();
    let back = serde_json::to_value(&lead).unwrap();
    assert_eq!(serde_json::from_value::<Lead>(back.clone()).unwrap(), lead);
    // Every documented field comes back (`number`s as floats: 350000 is
    // sent as 350000.0); the unknown one is dropped.
    let mut expected: Vec<&String> = json.as_object().unwrap().keys().collect();
    expected.retain(|k| *k != "a_field_added_after_this_crate_was_generated");
    expected.sort();
    let mut got: Vec<&String> = back.as_object().unwrap().keys().collect();
    got.sort();
    assert_eq!(got, expected);
    assert_eq!(back["integration_vendor"], "RESMAN");
    assert_eq!(back["desired_max_rent_in_cents"].as_f64(), Some(350000.0));
}

#[test]
fn unknown_enum_values_are_kept_and_sent_back_unchanged() {
    let vendor: IntegrationVendor = serde_json::from_str("\"YARDI_VOYAGER\"").unwrap();
    assert_eq!(vendor, IntegrationVendor::Unrecognized("YARDI_VOYAGER".into()));
    assert_eq!(serde_json::to_string(&vendor).unwrap(), "\"YARDI_VOYAGER\"");
    let known: IntegrationVendor = serde_json::from_str("\"ENTRATA\"").unwrap();
    assert_eq!(known, IntegrationVendor::Entrata);
    assert_eq!(known.as_str(), "ENTRATA");
    assert_eq!(PhoneType::from("MOBILE"), PhoneType::Mobile);
}

#[cfg(feature = "serialize")]
#[test]
fn a_required_nullable_field_must_be_sent_even_when_null() {
    let lead: Lead = serde_json::from_str(include_str!("fixtures/lead.json")).unwrap();
    let back = serde_json::to_value(&lead).unwrap();
    assert!(back.as_object().unwrap().contains_key("x_created_at"));
    assert!(back["x_created_at"].is_null());
}

#[test]
fn date_or_date_time_accepts_both_shapes() {
    let date: DateTimeOrDate = serde_json::from_str("\"2024-07-01\"").unwrap();
    assert!(matches!(date, DateTimeOrDate::Date(d) if d.to_string() == "2024-07-01"));
    let timestamp: DateTimeOrDate = serde_json::from_str("\"2024-07-01T10:00:00Z\"").unwrap();
    assert!(matches!(timestamp, DateTimeOrDate::DateTime(_)));
    assert!(serde_json::from_str::<DateTimeOrDate>("\"next week\"").is_err());
}
