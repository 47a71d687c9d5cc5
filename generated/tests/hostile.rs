//! The client against a loopback server that answers the way real
//! services (and hostile ones) do: off-contract values, the other write
//! shape, huge and slow bodies, pages that never end, redirects, echoed
//! tokens, absurd `Retry-After` values. Each test is one case of issue 9's
//! measured list; the 1 GiB body is in `tests/body_limit.rs`, which
//! measures memory in a process of its own.

mod support;

use std::time::{Duration, Instant, SystemTime};

use propexo::jobs::{wait_for_write, WaitOptions};
use propexo::pagination::StreamExt;
use propexo::types::{ListLeadsParams, ResmanUpdateLeadRequest, UpdateLeadRequest};
use propexo::{Error, ErrorBody, RetryPolicy};
use serde_json::{json, Value};
use support::{Answer, Server};

const TOKEN: &str = "secret-token";

fn lead(id: &str) -> Value {
    let mut lead: Value = serde_json::from_str(include_str!("fixtures/lead.json")).unwrap();
    lead["id"] = json!(id);
    lead
}

fn page_of(results: Vec<Value>, has_more: bool) -> Answer {
    Answer::json(200, json!({"meta": {"orderBy": [], "hasMore": has_more}, "results": results}))
}

fn ids<T, E: std::fmt::Debug>(items: &[Result<T, E>], id: impl Fn(&T) -> String) -> Vec<String> {
    items
        .iter()
        .map(|item| match item {
            Ok(t) => id(t),
            Err(e) => format!("error: {e:?}"),
        })
        .collect()
}

// --- One off-contract value no longer fails the page --------------------

#[tokio::test]
async fn whole_floats_null_lists_and_a_missing_order_by_are_read() {
    let mut odd = lead("b");
    odd["desired_num_bedrooms"] = json!(2.0);
    odd["number_of_occupants"] = json!(3.0);
    odd["x_unit_id_preferred"] = Value::Null;
    odd["pets"] = Value::Null;
    odd.as_object_mut().unwrap().remove("screenings");
    let body = json!({"meta": {"hasMore": false}, "results": [lead("a"), odd]});
    let server = Server::start(vec![Answer::json(200, body.clone()), Answer::json(200, body)]).await;
    let client = server.client();

    let page = propexo::leads::list(&client, &ListLeadsParams::new()).await.unwrap();
    assert!(page.meta.order_by.is_empty());
    let b = &page.results[1];
    assert_eq!((b.desired_num_bedrooms, b.number_of_occupants), (Some(2), Some(3)));
    assert!(b.x_unit_id_preferred.is_empty() && b.pets.is_empty() && b.screenings.is_empty());

    let streamed: Vec<_> = propexo::leads::list_stream(&client, &ListLeadsParams::new()).collect().await;
    assert_eq!(ids(&streamed, |l| l.id.clone()), ["a", "b"]);
}

#[tokio::test]
async fn a_record_that_cannot_be_decoded_fails_alone_with_its_path_and_value() {
    let mut fraction = lead("b");
    fraction["desired_num_bedrooms"] = json!(2.5);
    let mut no_id = lead("c");
    no_id["id"] = Value::Null;
    let results = vec![lead("a"), fraction, no_id, lead("d")];
    let server = Server::start(vec![page_of(results.clone(), true), page_of(vec![lead("e")], false), page_of(results, false)]).await;
    let client = server.client();

    let items: Vec<_> = propexo::leads::list_stream(&client, &ListLeadsParams::new()).collect().await;
    assert_eq!(items.len(), 5, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().id, "a");
    let Err(Error::Record { operation, position, error, record }) = &items[1] else { panic!("{:?}", items[1]) };
    assert_eq!((*operation, *position), ("leads::list", 1));
    assert_eq!(error.path, "results[1].desired_num_bedrooms");
    assert_eq!(error.value.as_deref(), Some("2.5"));
    assert!(record.contains("\"id\":\"b\""), "the whole record is kept: {record}");
    let Err(Error::Record { error, .. }) = &items[2] else { panic!("{:?}", items[2]) };
    assert_eq!(error.path, "results[2].id");
    assert_eq!(error.value.as_deref(), Some("null"));
    assert_eq!(items[3].as_ref().unwrap().id, "d");
    assert_eq!(items[4].as_ref().unwrap().id, "e", "the stream goes on to the next page");

    // A single page names the field too, not a line and column.
    let err = propexo::leads::list(&client, &ListLeadsParams::new()).await.unwrap_err();
    let Error::Decode { error, .. } = &err else { panic!("{err:?}") };
    assert_eq!(error.path, "results[1].desired_num_bedrooms");
    assert!(!err.to_string().contains("column"), "{err}");
}

#[tokio::test]
async fn a_write_status_with_null_errors_is_read() {
    let server = Server::start(vec![Answer::json(200, json!({"write_status": "SUCCESS", "errors": null, "created_record_id": "lead-9"}))]).await;
    let done = wait_for_write(&server.client(), "job-1", &WaitOptions::default()).await.unwrap();
    assert!(done.errors.is_empty());
    assert_eq!(done.created_record_id.as_deref(), Some("lead-9"));
}

// --- Writes never lose their job id -------------------------------------

#[tokio::test]
async fn both_documented_write_shapes_give_the_job_id() {
    let per_pms = json!({"meta": {"job_id": "job-7"}, "result": {"lead_id": "lead-1", "first_name": "Emily", "desired_num_bedrooms": 2}});
    let server = Server::start(vec![
        Answer::json(200, per_pms.clone()),
        Answer::json(200, json!({"job_id": "job-8", "data": {}})),
        Answer::json(200, per_pms),
    ])
    .await;
    let client = server.client();

    let job = propexo::leads::update(&client, "lead-1", &UpdateLeadRequest::new()).await.unwrap();
    assert_eq!(job.job_id, "job-7");
    assert!(job.response.is_none() && job.mismatch.is_some());
    assert_eq!(job.body["result"]["first_name"], "Emily", "the answer is kept whole");

    let job = propexo::leads::resman::update(&client, "lead-1", &ResmanUpdateLeadRequest::new()).await.unwrap();
    assert_eq!(job.job_id, "job-8");

    let job = propexo::leads::resman::update(&client, "lead-1", &ResmanUpdateLeadRequest::new()).await.unwrap();
    assert_eq!(job.job_id, "job-7");
    let typed = job.response.expect("the documented per-PMS shape is typed");
    assert_eq!(typed.meta.job_id, "job-7");
}

#[tokio::test]
async fn a_write_answer_that_does_not_decode_still_carries_the_job_id() {
    let server = Server::start(vec![
        Answer::text(200, r#"{"meta": {"job_id": "job-9"}, "result": {"first_name": "Em"#),
        Answer::json(200, json!({"job_id": "job-10", "data": 5})),
    ])
    .await;
    let client = server.client();
    let err = propexo::leads::update(&client, "lead-1", &UpdateLeadRequest::new()).await.unwrap_err();
    assert_eq!(err.job_id(), Some("job-9"), "{err:?}");
    assert!(err.to_string().contains("job-9"), "{err}");

    let job = propexo::leads::update(&client, "lead-1", &UpdateLeadRequest::new()).await.unwrap();
    assert_eq!(job.job_id, "job-10");
    assert_eq!(job.mismatch.unwrap().path, "data");
    assert_eq!(server.recorded().len(), 2, "no write is repeated");
}

// --- Bounded bodies -----------------------------------------------------

#[tokio::test]
async fn a_body_over_the_limit_is_an_error_and_error_bodies_keep_a_bounded_prefix() {
    let big = "x".repeat(3 * 1024 * 1024);
    let server = Server::start(vec![
        page_of(vec![lead("a"); 20], false),
        Answer::text(500, &big),
    ])
    .await;
    let client = server.builder().max_body_bytes(16 * 1024).retry_policy(RetryPolicy::none()).build().unwrap();
    let err = propexo::leads::list(&client, &ListLeadsParams::new()).await.unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge { limit: 16384, status: 200, .. }), "{err:?}");

    let err = propexo::leads::get(&client, "a", &Default::default()).await.unwrap_err();
    let Error::Api(api) = err else { panic!("{err:?}") };
    let ErrorBody::Raw(raw) = api.body else { panic!("{:?}", api.body) };
    assert_eq!(raw.len(), propexo::MAX_ERROR_BODY);
}

// --- Pagination that makes no progress ----------------------------------

#[tokio::test]
async fn the_same_page_forever_stops_the_stream_with_an_error() {
    let same = page_of(vec![lead("a"), lead("b")], true);
    let server = Server::start(vec![same; 50]).await;
    let client = server.client();
    let items: Vec<_> = propexo::leads::list_stream(&client, &ListLeadsParams::new()).collect().await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(matches!(&items[2], Err(Error::Pagination { reason, .. }) if reason.contains("no progress")), "{:?}", items[2]);
    assert_eq!(server.recorded().len(), 2);
}

#[tokio::test]
async fn a_server_that_ignores_the_offset_stops_the_stream_with_an_error() {
    // Different records each time, but always "offset 0": the server
    // ignores the offset asked for.
    let pages = (0..50)
        .map(|i| Answer::json(200, json!({"meta": {"offset": 0, "hasMore": true}, "results": [lead(&format!("r{i}"))]})))
        .collect();
    let server = Server::start(pages).await;
    let items: Vec<_> = propexo::leads::list_stream(&server.client(), &ListLeadsParams::new()).collect().await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(matches!(&items[1], Err(Error::Pagination { reason, .. }) if reason.contains("offset 0 again")), "{:?}", items[1]);
    assert_eq!(server.recorded().len(), 2);
}

#[tokio::test]
async fn the_page_cap_is_honoured_and_offsets_cannot_overflow() {
    let pages = (0..5).map(|i| page_of(vec![lead(&format!("p{i}"))], true)).collect();
    let server = Server::start(pages).await;
    let client = server.builder().max_pages(2).build().unwrap();
    let items: Vec<_> = propexo::leads::list_stream(&client, &ListLeadsParams::new()).collect().await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(matches!(&items[2], Err(Error::Pagination { reason, .. }) if reason.contains("page cap")), "{:?}", items[2]);
    assert_eq!(server.recorded().len(), 2);

    let server = Server::start(vec![page_of(vec![lead("a"), lead("b")], true)]).await;
    let mut params = ListLeadsParams::new();
    params.offset = Some(i64::MAX - 1);
    let items: Vec<_> = propexo::leads::list_stream(&server.client(), &params).collect().await;
    assert!(matches!(&items[0], Err(Error::Pagination { reason, .. }) if reason.contains("i64")), "{items:?}");
}

// --- Plain HTTP only to real loopback -----------------------------------

#[tokio::test]
async fn lookalike_loopback_hosts_and_credentials_in_the_url_are_refused() {
    let server = Server::start(vec![page_of(vec![], false)]).await;
    let port = server.url.rsplit(':').next().unwrap().to_owned();
    for url in [
        "http://127.0.0.1.evil.example".to_owned(),
        "http://localhost.evil.example".to_owned(),
        "http://127.0.0.1@evil.example".to_owned(),
        "http://localhost.".to_owned(),
        format!("http://user:pw@127.0.0.1:{port}"),
        "ftp://127.0.0.1".to_owned(),
    ] {
        let client = propexo::Client::builder(TOKEN).base_url(&url).build().unwrap();
        let err = propexo::leads::list(&client, &ListLeadsParams::new()).await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { .. }), "{url}: {err:?}");
    }
    assert!(server.recorded().is_empty(), "nothing was sent");

    let client = propexo::Client::builder(TOKEN).base_url(format!("http://localhost:{port}")).build().unwrap();
    propexo::leads::list(&client, &ListLeadsParams::new()).await.unwrap();
}

// --- Time ---------------------------------------------------------------

#[tokio::test]
async fn total_timeout_bounds_slow_headers_slow_bodies_and_retries() {
    let server = Server::start(vec![
        page_of(vec![], false).delayed(Duration::from_secs(15)),
        page_of(vec![lead("a")], false).slow_body(Duration::from_secs(15)),
    ])
    .await;
    let client = server.builder().total_timeout(Duration::from_secs(1)).build().unwrap();
    for _ in 0..2 {
        let started = Instant::now();
        let err = propexo::leads::list(&client, &ListLeadsParams::new()).await.unwrap_err();
        assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
        assert!(started.elapsed() < Duration::from_millis(1500), "{:?}", started.elapsed());
    }

    // Backoff and Retry-After beyond any clock: no panic, no wait past the deadline.
    let server = Server::start(vec![
        Answer::text(503, ""),
        Answer::text(429, "").header("retry-after", "18446744073709551615"),
    ])
    .await;
    let client = server
        .builder()
        .total_timeout(Duration::from_secs(1))
        .retry_policy(RetryPolicy::default().with_max_retries(u32::MAX).with_backoff(Duration::MAX, Duration::MAX))
        .build()
        .unwrap();
    let started = Instant::now();
    assert_eq!(propexo::leads::list(&client, &ListLeadsParams::new()).await.unwrap_err().status(), Some(503));
    let err = propexo::leads::list(&client, &ListLeadsParams::new()).await.unwrap_err();
    assert!(matches!(err, Error::RateLimited { retry_after: Some(d), .. } if d.as_secs() == u64::MAX), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn wait_for_write_returns_by_its_deadline_and_polls_no_faster_than_the_floor() {
    let pending = Answer::json(200, json!({"write_status": "PENDING", "errors": [], "created_record_id": null}));
    // Each poll answers slowly: a poll still waiting at the deadline is cut.
    let server = Server::start(vec![pending.clone().delayed(Duration::from_millis(700)); 5]).await;
    let options = WaitOptions::default()
        .with_intervals(Duration::from_millis(400), Duration::from_millis(400))
        .with_deadline(Duration::from_secs(1));
    let started = Instant::now();
    let err = wait_for_write(&server.client(), "job-1", &options).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(950) && elapsed < Duration::from_millis(1400), "{elapsed:?}");

    let server = Server::start(vec![pending; 100]).await;
    let options = WaitOptions::default().with_intervals(Duration::ZERO, Duration::ZERO).with_deadline(Duration::from_secs(1));
    wait_for_write(&server.client(), "job-1", &options).await.unwrap_err();
    let polls = server.recorded().len();
    assert!((5..=12).contains(&polls), "a zero interval is raised to the floor: {polls} polls in 1 s");
}

#[tokio::test]
async fn an_http_date_retry_after_without_a_date_header_is_honoured() {
    let at = chrono::DateTime::<chrono::Utc>::from(SystemTime::now() + Duration::from_secs(2));
    let http_date = at.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    let server = Server::start(vec![Answer::text(429, "").header("retry-after", &http_date), page_of(vec![lead("a")], false)]).await;
    let client = server
        .builder()
        .retry_policy(RetryPolicy::default().with_backoff(Duration::from_millis(10), Duration::from_secs(5)))
        .build()
        .unwrap();
    let started = Instant::now();
    propexo::leads::list(&client, &ListLeadsParams::new()).await.unwrap();
    // Second resolution: between one and two seconds.
    assert!(started.elapsed() >= Duration::from_millis(900), "{:?}", started.elapsed());
}

// --- Redirects ----------------------------------------------------------

#[tokio::test]
async fn redirects_are_not_followed_and_bodies_are_not_resent() {
    let elsewhere = Server::start(vec![Answer::json(200, json!({"job_id": "evil", "data": {}})); 2]).await;
    let location = format!("{}/v1/leads/lead-1", elsewhere.url);
    let server = Server::start(vec![
        Answer::text(307, "").header("location", &location),
        Answer::text(302, "").header("location", &location),
    ])
    .await;
    let client = server.client();
    let err = propexo::leads::update(&client, "lead-1", &UpdateLeadRequest::new()).await.unwrap_err();
    assert_eq!(err.status(), Some(307), "{err:?}");
    let err = propexo::leads::get(&client, "lead-1", &Default::default()).await.unwrap_err();
    assert_eq!(err.status(), Some(302), "{err:?}");
    assert!(elsewhere.recorded().is_empty(), "nothing went to the other origin");
    assert_eq!(server.recorded().len(), 2);
}

// --- Secrets ------------------------------------------------------------

#[tokio::test]
async fn a_token_echoed_by_the_server_is_redacted_from_errors() {
    let echo = format!("invalid token {TOKEN} for Bearer {TOKEN}");
    let server = Server::start(vec![
        Answer::json(401, json!({"error": {"code": "unauthorized", "message": echo}})).header("x-request-id", TOKEN),
        Answer::text(400, &format!("<html>{echo}</html>")),
        Answer::text(200, &format!("{{\"results\": \"{TOKEN}\"")),
        page_of(vec![json!({"id": TOKEN, "desired_num_bedrooms": TOKEN})], false),
    ])
    .await;
    let client = server.builder().retry_policy(RetryPolicy::none()).build().unwrap();
    let mut shown = Vec::new();
    for _ in 0..3 {
        let err = propexo::leads::list(&client, &ListLeadsParams::new()).await.unwrap_err();
        shown.push(format!("{err} {err:?}"));
    }
    let items: Vec<_> = propexo::leads::list_stream(&client, &ListLeadsParams::new()).collect().await;
    shown.push(format!("{items:?}"));
    for text in &shown {
        assert!(!text.contains(TOKEN), "{text}");
        assert!(text.contains("<redacted>"), "{text}");
    }
}

#[test]
fn secret_fields_are_redacted_in_debug() {
    let builder = propexo::types::CreateWebhookRequest::builder()
        .url("https://example.com/hook")
        .triggers(Vec::new())
        .secret("whsec-shh");
    let shown = format!("{builder:?}");
    assert!(!shown.contains("whsec-shh"), "a builder holding a secret shows it: {shown}");
    let webhook = builder.build().unwrap();
    let shown = format!("{webhook:?}");
    assert!(!shown.contains("whsec-shh") && shown.contains("<redacted>"), "{shown}");
}
