//! The production behaviour of the client against a loopback server:
//! retries (and when a write must not be retried), `Retry-After`,
//! pagination, write jobs, timeouts, rate-limit headers and secrecy of the
//! token.

mod support;

use std::time::{Duration, Instant};

use propexo::pagination::StreamExt;
use propexo::types::{CreateLeadRequest, ListLeadsParams};
use propexo::{Error, RetryPolicy};
use serde_json::json;
use support::{Answer, Server};

fn lead(id: &str) -> serde_json::Value {
    let mut lead: serde_json::Value = serde_json::from_str(include_str!("fixtures/lead.json")).unwrap();
    lead["id"] = json!(id);
    lead
}

fn page(ids: &[&str], has_more: bool) -> Answer {
    let results: Vec<_> = ids.iter().map(|id| lead(id)).collect();
    Answer::json(200, json!({"meta": {"orderBy": [], "hasMore": has_more}, "results": results}))
}

fn write_answer() -> Answer {
    Answer::json(200, json!({"job_id": "job-1", "data": {}}))
}

#[tokio::test]
async fn a_429_is_retried_after_the_time_retry_after_asks_for() {
    let server = Server::start(vec![
        Answer::json(429, json!({"error": {"code": "rate_limited", "message": "slow down"}})).header("retry-after", "1"),
        page(&["a"], false),
    ])
    .await;
    let client = server
        .builder()
        .retry_policy(RetryPolicy::default().with_backoff(Duration::from_millis(10), Duration::from_secs(5)))
        .build()
        .unwrap();
    let started = Instant::now();
    let answer = propexo::leads::list(&client, &ListLeadsParams::new()).await.unwrap();
    assert_eq!(answer.results.len(), 1);
    assert!(started.elapsed() >= Duration::from_millis(950), "waited only {:?}", started.elapsed());
    assert_eq!(server.recorded().len(), 2);
}

#[tokio::test]
async fn a_post_is_retried_on_429_because_it_was_not_processed() {
    let server = Server::start(vec![Answer::text(429, "").header("retry-after", "0"), write_answer()]).await;
    let body = CreateLeadRequest::builder().integration_id("integration-1").build().unwrap();
    let answer = propexo::leads::create(&server.client(), &body).await.unwrap();
    assert_eq!(answer.job_id, "job-1");
    let sent = server.recorded();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].body, sent[1].body);
}

#[tokio::test]
async fn a_post_is_never_sent_twice_after_a_server_error() {
    let server = Server::start(vec![Answer::text(503, "unavailable"), write_answer()]).await;
    let err = propexo::leads::create(&server.client(), &CreateLeadRequest::builder().integration_id("integration-1").build().unwrap())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.recorded().len(), 1, "the write may have been processed: it must not be repeated");
}

#[tokio::test]
async fn a_read_is_retried_on_server_errors_up_to_the_policy() {
    let server = Server::start(vec![Answer::text(502, ""), Answer::text(500, ""), page(&["a"], false)]).await;
    let first = propexo::leads::list(&server.client(), &ListLeadsParams::new()).await.unwrap();
    assert_eq!(first.results[0].id, "a");
    assert_eq!(server.recorded().len(), 3);

    let server = Server::start(vec![Answer::text(502, ""), Answer::text(502, ""), page(&["a"], false)]).await;
    let client = server.builder().retry_policy(RetryPolicy::default().with_max_retries(1)).build().unwrap();
    let err = propexo::leads::list(&client, &ListLeadsParams::new()).await.unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert_eq!(server.recorded().len(), 2);
}

#[tokio::test]
async fn rate_limiting_that_outlasts_the_retries_is_a_typed_error() {
    let server = Server::start(vec![Answer::text(429, "").header("retry-after", "0"); 2]).await;
    let client = server.builder().retry_policy(RetryPolicy::default().with_max_retries(1)).build().unwrap();
    let err = propexo::leads::list(&client, &ListLeadsParams::new()).await.unwrap_err();
    assert!(matches!(err, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::ZERO), "{err:?}");
}

#[tokio::test]
async fn a_list_streams_across_pages_lazily() {
    let server = Server::start(vec![page(&["a", "b"], true), page(&["c", "d"], true), page(&["e"], false)]).await;
    let client = server.client();
    let mut params = ListLeadsParams::new();
    params.limit = Some(2);
    let ids: Vec<String> = propexo::leads::list_stream(&client, &params)
        .map(|lead| lead.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    let targets: Vec<String> = server.recorded().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        ["/v1/leads/?limit=2", "/v1/leads/?limit=2&offset=2", "/v1/leads/?limit=2&offset=4"]
    );
}

#[tokio::test]
async fn a_stream_fetches_no_page_beyond_what_is_taken_and_stops_on_an_empty_page() {
    let server = Server::start(vec![page(&["a", "b"], true), page(&["c", "d"], true)]).await;
    let client = server.client();
    let ids: Vec<String> = propexo::leads::list_stream(&client, &ListLeadsParams::new())
        .take(3)
        .map(|lead| lead.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(server.recorded().len(), 2);

    let server = Server::start(vec![page(&["a"], true), page(&[], true)]).await;
    let client = server.client();
    let count = propexo::leads::list_stream(&client, &ListLeadsParams::new()).count().await;
    assert_eq!(count, 1);
    assert_eq!(server.recorded().len(), 2);
}

#[tokio::test]
async fn a_write_job_is_polled_until_it_ends() {
    let status = |s: &str, id: Option<&str>| {
        Answer::json(200, json!({"write_status": s, "errors": [], "created_record_id": id}))
    };
    let server = Server::start(vec![status("PENDING", None), status("PENDING", None), status("SUCCESS", Some("lead-9"))]).await;
    let options = propexo::jobs::WaitOptions::default().with_intervals(Duration::from_millis(10), Duration::from_millis(20));
    let done = propexo::jobs::wait_for_write(&server.client(), "job-1", &options).await.unwrap();
    assert_eq!(done.write_status, propexo::types::GetAdminWriteStatusWriteStatus::Success);
    assert_eq!(done.created_record_id.as_deref(), Some("lead-9"));
    let sent = server.recorded();
    assert_eq!(sent.len(), 3);
    assert!(sent.iter().all(|r| r.target == "/v1/admin/write-status/job-1"));

    let server = Server::start(vec![status("PENDING", None); 3]).await;
    let options = options.with_deadline(Duration::from_millis(15));
    let err = propexo::jobs::wait_for_write(&server.client(), "job-1", &options).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
}

#[tokio::test]
async fn a_request_without_an_answer_times_out() {
    let server = Server::start(vec![page(&[], false).delayed(Duration::from_secs(5))]).await;
    let client = server
        .builder()
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = propexo::leads::list(&client, &ListLeadsParams::new()).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn the_latest_rate_limit_headers_are_readable() {
    let server = Server::start(vec![page(&[], false)
        .header("x-ratelimit-limit", "150")
        .header("x-ratelimit-remaining", "149")])
    .await;
    let client = server.client();
    assert_eq!(client.rate_limit(), None);
    propexo::leads::list(&client, &ListLeadsParams::new()).await.unwrap();
    let limit = client.rate_limit().unwrap();
    assert_eq!((limit.limit, limit.remaining), (Some(150), Some(149)));
}

#[tokio::test]
async fn path_parameters_cannot_change_the_path() {
    let answers = (0..3).map(|_| Answer::json(200, json!({"job_id": "j", "data": {}}))).collect();
    let server = Server::start(answers).await;
    let body = propexo::types::UpdateLeadRequest::new();
    for id in ["../admin", "a/b?c=d", "%2F"] {
        propexo::leads::update(&server.client(), id, &body).await.unwrap();
    }
    let targets: Vec<String> = server.recorded().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/v1/leads/..%2Fadmin", "/v1/leads/a%2Fb%3Fc%3Dd", "/v1/leads/%252F"]);
}

#[tokio::test]
async fn plain_http_is_refused_for_remote_hosts() {
    let client = propexo::Client::builder("secret-token").base_url("http://api.propexo.com").build().unwrap();
    let err = propexo::leads::list(&client, &ListLeadsParams::new()).await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
}

#[tokio::test]
async fn the_token_appears_in_no_debug_output_error_or_log() {
    use std::sync::{Arc, Mutex};
    #[derive(Clone, Default)]
    struct Capture(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Capture {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = Server::start(vec![Answer::text(502, ""), Answer::json(401, json!({"error": {"code": "unauthorized", "message": "bad token"}}))]).await;
    let builder = server.builder();
    assert!(!format!("{builder:?}").contains("secret-token"));
    let client = builder.build().unwrap();
    let err = propexo::leads::list(&client, &ListLeadsParams::new()).await.unwrap_err();
    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("retrying Propexo request"), "the retry is logged: {logs}");
    for shown in [format!("{client:?}"), format!("{err}"), format!("{err:?}"), logs] {
        assert!(!shown.contains("secret-token"), "{shown}");
    }
}
