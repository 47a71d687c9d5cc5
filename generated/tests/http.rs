//! Endpoint functions against a real HTTP server on loopback: what the
//! client sends (method, path, query string, auth header, JSON body) and
//! what it makes of the answers.

mod support;

use propexo::types::{IntegrationVendor, ListLeadsParams, UpdateLeadRequest};
use propexo::{Error, ErrorBody};
use serde_json::json;
use support::{Answer, Server};

fn lead() -> serde_json::Value {
    serde_json::from_str(include_str!("fixtures/lead.json")).unwrap()
}

#[tokio::test]
async fn update_sends_method_path_auth_and_json_body() {
    let server = Server::start(vec![Answer::json(200, json!({"job_id": "job-1", "data": {}}))]).await;
    let mut body = UpdateLeadRequest::new();
    body.first_name = Some("Emily".into());
    body.desired_num_bedrooms = Some(2.0);
    let answer = propexo::leads::update(&server.client(), "lead/1?x", &body).await.unwrap();
    assert_eq!(answer.job_id, "job-1");

    let sent = &server.recorded()[0];
    assert_eq!(sent.method, "PUT");
    assert_eq!(sent.target, "/v1/leads/lead%2F1%3Fx");
    assert_eq!(sent.header("authorization"), Some("Bearer secret-token"));
    assert_eq!(sent.header("content-type"), Some("application/json"));
    // Unset optional fields are left out, not sent as null.
    assert_eq!(sent.json(), json!({"first_name": "Emily", "desired_num_bedrooms": 2.0}));
}

#[tokio::test]
async fn list_sends_query_parameters_and_parses_a_page() {
    let page = json!({
        "meta": {"offset": 0, "limit": 2, "orderBy": [{}], "hasMore": true, "total": 40},
        "results": [lead()]
    });
    let server = Server::start(vec![Answer::json(200, page)]).await;
    let params = ListLeadsParams::builder()
        .order_by(propexo::OrderBy::desc(propexo::types::LeadSortField::UpdatedAt))
        .limit(2)
        .integration_vendor(IntegrationVendor::Resman)
        .build()
        .unwrap();
    let page = propexo::leads::list(&server.client(), &params).await.unwrap();

    let sent = &server.recorded()[0];
    assert_eq!(sent.method, "GET");
    assert_eq!(sent.target, "/v1/leads/?integration_vendor=RESMAN&limit=2&order-by=updated_at%3Adesc");
    assert!(sent.body.is_empty());

    // `hasMore` is optional and nullable: absent, null and a value stay apart.
    assert_eq!(page.meta.has_more, Some(Some(true)));
    assert_eq!(page.meta.total, Some(40));
    let lead = &page.results[0];
    assert_eq!(lead.first_name.as_deref(), Some("Emily"));
    assert_eq!(lead.integration_vendor, IntegrationVendor::Resman);
    assert_eq!(lead.desired_num_bathrooms, Some(1.5));
    assert_eq!(lead.x_unit_id_preferred, ["U-101", "U-102"]);
}

#[tokio::test]
async fn error_answers_carry_status_and_parsed_body() {
    let server = Server::start(vec![Answer::json(
        400,
        json!({"error": {"code": "invalid_request", "message": "invalid request", "details": {"field": "first_name"}}}),
    )])
    .await;
    let err = propexo::leads::get(&server.client(), "missing", &Default::default()).await.unwrap_err();
    assert_eq!(err.status(), Some(400));
    let Error::Api(api) = err else { panic!("expected an API error, got {err:?}") };
    assert_eq!(api.operation, "leads::get");
    let body: propexo::types::ErrorResponse = api.body.parse().expect("the documented error shape");
    assert_eq!(body.error.code, "invalid_request");
    assert_eq!(api.message(), Some("invalid request"));
    assert_eq!(api.code(), Some("invalid_request"));
}

#[tokio::test]
async fn error_answers_of_another_shape_keep_the_raw_body() {
    let server = Server::start(vec![Answer::text(502, "<html>Bad gateway</html>")]).await;
    // A 502 on a read is retried by default; this test is about the body.
    let client = server.builder().retry_policy(propexo::RetryPolicy::none()).build().unwrap();
    let err = propexo::leads::get(&client, "x", &Default::default()).await.unwrap_err();
    let Error::Api(api) = err else { panic!("expected an API error, got {err:?}") };
    assert_eq!(api.status, 502);
    assert_eq!(api.body, ErrorBody::Raw("<html>Bad gateway</html>".into()));
}

#[tokio::test]
async fn a_malformed_success_body_is_a_decode_error_not_a_panic() {
    let server = Server::start(vec![Answer::text(200, "{\"job_id\": ")]).await;
    let err = propexo::leads::update(&server.client(), "x", &UpdateLeadRequest::new()).await.unwrap_err();
    let Error::Decode { operation, status, snippet, .. } = err else { panic!("expected a decode error, got {err:?}") };
    assert_eq!((operation, status), ("leads::update", 200));
    assert_eq!(snippet, "{\"job_id\": ");
}

#[tokio::test]
async fn dot_segments_are_refused_before_anything_is_sent() {
    let server = Server::start(vec![]).await;
    let err = propexo::leads::get(&server.client(), "..", &Default::default()).await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(server.recorded().is_empty());
}

#[test]
fn the_token_is_not_in_debug_output() {
    let client = propexo::Client::new("secret-token");
    let shown = format!("{client:?}");
    assert!(!shown.contains("secret-token"), "{shown}");
    assert!(shown.contains("https://api.propexo.com"), "{shown}");
}

#[test]
fn environments_come_from_the_document() {
    assert_eq!(propexo::Environment::default(), propexo::Environment::Production);
    assert_eq!(propexo::Environment::Sandbox.base_url(), "https://api.sandbox.propexo.com");
    let client = propexo::Client::builder("t").environment(propexo::Environment::Sandbox).build().unwrap();
    assert_eq!(client.base_url(), "https://api.sandbox.propexo.com");
}
