//! Request builders, order-by and numbers JSON cannot carry: missing
//! required fields are all named, the three states of an optional nullable
//! field survive serde, NaN and infinity are refused before anything is
//! sent.

mod support;

use propexo::types::{CreateLeadRequest, LeadSortField, ListLeadsParams, ResmanCreateLeadRequest, UpdateLeadRequest};
use propexo::{BuildError, Direction, Error, OrderBy};
use serde_json::{json, Value};
use support::{Answer, Server};

fn resman_lead() -> propexo::types::ResmanCreateLeadRequestBuilder {
    ResmanCreateLeadRequest::builder()
        .integration_id("int-1")
        .lead_source_id("src-1")
        .employee_id("emp-1")
        .property_id("prop-1")
        .first_name("Emily")
        .last_name("Johnson")
}

#[test]
fn a_builder_names_every_missing_required_field_in_document_order() {
    let err: BuildError = ResmanCreateLeadRequest::builder()
        .first_name("Emily")
        .employee_id("emp-1")
        .build()
        .unwrap_err();
    assert_eq!(err.type_name(), "ResmanCreateLeadRequest");
    assert_eq!(err.missing(), ["integration_id", "lead_source_id", "property_id", "last_name"]);
    assert_eq!(
        err.to_string(),
        "ResmanCreateLeadRequest: missing required fields `integration_id`, `lead_source_id`, `property_id`, `last_name`"
    );
    let nothing = ResmanCreateLeadRequest::builder().build().unwrap_err();
    assert_eq!(nothing.missing().len(), 6);
}

#[test]
fn one_missing_field_reads_as_one() {
    let err = ResmanCreateLeadRequest::builder()
        .integration_id("int-1")
        .lead_source_id("src-1")
        .employee_id("emp-1")
        .property_id("prop-1")
        .last_name("Johnson")
        .build()
        .unwrap_err();
    assert_eq!(err.to_string(), "ResmanCreateLeadRequest: missing required field `first_name`");
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(err);
    assert!(boxed.source().is_none());
}

#[test]
fn setting_a_field_twice_keeps_the_last_value_and_ids_cannot_be_swapped_silently() {
    let lead = resman_lead().first_name("Em").first_name(String::from("Emily")).build().unwrap();
    assert_eq!(lead.first_name, "Emily");
    assert_eq!(lead.integration_id, "int-1");
    assert_eq!(lead.property_id, "prop-1");
    let sent = serde_json::to_value(&lead).unwrap();
    assert_eq!(sent["lead_source_id"], "src-1");
    assert_eq!(sent["employee_id"], "emp-1");
    assert!(sent.get("email_1").is_none(), "unset optional fields are left out: {sent}");
}

#[test]
fn optional_nullable_fields_keep_value_null_and_absent_apart_through_serde() {
    let base = || CreateLeadRequest::builder().integration_id("int-1");
    let cases: [(CreateLeadRequest, Option<Value>); 4] = [
        (base().desired_min_rent_in_cents(1200.5).build().unwrap(), Some(json!(1200.5))),
        (base().desired_min_rent_in_cents_null().build().unwrap(), Some(Value::Null)),
        (base().build().unwrap(), None),
        (base().desired_min_rent_in_cents(1).unset_desired_min_rent_in_cents().build().unwrap(), None),
    ];
    for (request, expected) in cases {
        let sent = serde_json::to_value(&request).unwrap();
        assert_eq!(sent.get("desired_min_rent_in_cents").cloned(), expected, "{sent}");
        // Requests read back only with the `deserialize` feature (the
        // all-features test run).
        #[cfg(feature = "deserialize")]
        {
            let back: CreateLeadRequest = serde_json::from_value(sent).unwrap();
            assert_eq!(back, request, "round trip");
        }
    }
    let null = base().desired_min_rent_in_cents_null().build().unwrap();
    assert_eq!(null.desired_min_rent_in_cents, Some(None));
}

#[test]
fn nan_and_infinity_are_serialization_errors_not_null() {
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let lead = resman_lead().desired_num_bedrooms(bad).build().unwrap();
        let err = serde_json::to_string(&lead).unwrap_err();
        assert!(err.to_string().contains("NaN or infinite"), "{err}");
        let update = CreateLeadRequest::builder().integration_id("i").desired_min_rent_in_cents(bad).build().unwrap();
        assert!(serde_json::to_vec(&update).is_err(), "optional nullable floats too");
    }
    let fine = resman_lead().desired_num_bedrooms(2.0).build().unwrap();
    assert_eq!(serde_json::to_value(&fine).unwrap()["desired_num_bedrooms"], json!(2.0));
    let extreme = resman_lead().desired_num_bedrooms(f64::MAX).build().unwrap();
    assert!(serde_json::to_string(&extreme).is_ok(), "large but finite is a number");
}

#[tokio::test]
async fn a_request_holding_nan_is_refused_before_anything_is_sent() {
    let server = Server::start(vec![Answer::json(200, json!({"job_id": "job-1"}))]).await;
    let lead = resman_lead().desired_max_rent_in_cents(f64::NAN).build().unwrap();
    let err = propexo::leads::resman::create(&server.client(), &lead).await.unwrap_err();
    match &err {
        Error::InvalidRequest { operation, message } => {
            assert_eq!(*operation, "leads::resman::create");
            assert!(message.contains("NaN"), "{message}");
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(server.recorded().is_empty(), "nothing may reach the API");
}

#[test]
fn all_optional_types_build_empty_and_keep_new_and_default() {
    let built = UpdateLeadRequest::builder().build().unwrap();
    assert_eq!(built, UpdateLeadRequest::default());
    assert_eq!(built, UpdateLeadRequest::new());
    assert_eq!(serde_json::to_value(&built).unwrap(), json!({}));
    let params = ListLeadsParams::builder().limit(50_i32).offset(100_i64).build().unwrap();
    assert_eq!((params.limit, params.offset), (Some(50), Some(100)));
}

#[test]
fn properties_beyond_the_document_are_sent_alongside() {
    let request = propexo::types::RealpageCreateLeadRequest::builder()
        .integration_id("int-1")
        .first_name("Emily")
        .last_name("Johnson")
        .additional_property("x_new_field", json!({"a": 1}))
        .build()
        .unwrap();
    let sent = serde_json::to_value(&request).unwrap();
    assert_eq!(sent["x_new_field"], json!({"a": 1}));
}

fn page() -> Answer {
    Answer::json(200, json!({"meta": {"hasMore": false}, "results": []}))
}

#[tokio::test]
async fn order_by_renders_fields_and_directions_in_the_documented_syntax() {
    let server = Server::start(vec![page(), page()]).await;
    let order = OrderBy::desc(LeadSortField::UpdatedAt).then_asc("last_name").then(LeadSortField::Id, Direction::Desc);
    assert_eq!(order.to_string(), "updated_at:desc,last_name:asc,id:desc");
    assert_eq!(order.keys()[1].0, LeadSortField::LastName, "known names become their variant");
    let params = ListLeadsParams::builder().order_by(order).build().unwrap();
    propexo::leads::list(&server.client(), &params).await.unwrap();
    let raw = ListLeadsParams::builder().order_by(OrderBy::raw("custom:desc")).build().unwrap();
    propexo::leads::list(&server.client(), &raw).await.unwrap();
    let sent = server.recorded();
    assert_eq!(sent[0].target, "/v1/leads/?order-by=updated_at%3Adesc%2Clast_name%3Aasc%2Cid%3Adesc");
    assert_eq!(sent[1].target, "/v1/leads/?order-by=custom%3Adesc");
}

#[tokio::test]
async fn field_names_the_syntax_cannot_carry_are_refused_not_sent() {
    for weird in ["a,b", "a:desc", "last name", "", "x\ny"] {
        let server = Server::start(vec![page()]).await;
        let order = OrderBy::asc(LeadSortField::Id).then_desc(LeadSortField::Other(weird.to_owned()));
        let params = ListLeadsParams::builder().order_by(order).build().unwrap();
        let err = propexo::leads::list(&server.client(), &params).await.unwrap_err();
        assert!(matches!(&err, Error::InvalidRequest { message, .. } if message.contains("order-by")), "{weird:?}: {err}");
        assert!(server.recorded().is_empty(), "{weird:?} must not reach the API");
    }
    // A name the crate does not list yet, but writable, goes out as is.
    let new_field = OrderBy::asc(LeadSortField::from("x_new_field"));
    assert_eq!(new_field.keys()[0].0, LeadSortField::Other("x_new_field".into()));
    assert_eq!(new_field.to_string(), "x_new_field:asc");
}

#[cfg(feature = "deserialize")]
#[test]
fn an_order_read_back_from_json_is_kept_raw() {
    let params: ListLeadsParams = serde_json::from_value(json!({"order-by": "a:asc,b"})).unwrap();
    assert_eq!(params.order_by.map(|o| o.to_string()).as_deref(), Some("a:asc,b"));
}

#[test]
fn a_date_or_date_time_field_takes_either_through_from() {
    use propexo::types::{CreateApplicantRequest, DateTimeOrDate};
    let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2026-03-01T09:30:00Z").unwrap().to_utc();
    assert_eq!(DateTimeOrDate::from(date), DateTimeOrDate::Date(date));
    assert_eq!(DateTimeOrDate::from(at), DateTimeOrDate::DateTime(at));
    let builder = CreateApplicantRequest::builder().move_in_date(date);
    let missing = builder.clone().build().unwrap_err();
    assert!(!missing.missing().contains(&"move_in_date"), "{missing}");
    let field = serde_json::to_value(DateTimeOrDate::from(date)).unwrap();
    assert_eq!(field, json!("2026-03-01"));
}
