//! One error type that composes with `?`, per-request options and the raw
//! call, tried as a user would and as a hostile server or careless caller
//! would: odd error bodies, injected headers, paths that try to leave the
//! base URL.

mod support;

use std::time::{Duration, Instant};

use propexo::{Error, Method, Request, RequestOptions, RetryPolicy};
use serde_json::json;
use support::{Answer, Server};

fn assert_composable<T: std::error::Error + Send + Sync + 'static>() {}

#[test]
fn the_error_is_send_sync_static_and_a_std_error() {
    assert_composable::<Error>();
    assert_composable::<propexo::BuildError>();
}

/// What a user writes: their own function, `?` on several operations of
/// different resources, and on a request that could not be built.
async fn user_code(client: &propexo::Client) -> propexo::Result<usize> {
    let leads = propexo::leads::list(client, &Default::default()).await?;
    let units = propexo::units::list(client, &Default::default()).await?;
    let raw: serde_json::Value = client.execute(Request::new(Method::GET, "/v1/ping")).await?;
    Ok(leads.results.len() + units.results.len() + usize::from(raw.is_null()))
}

async fn boxed(client: &propexo::Client) -> Result<usize, Box<dyn std::error::Error + Send + Sync>> {
    Ok(user_code(client).await?)
}

fn page() -> serde_json::Value {
    json!({"meta": {"hasMore": false, "offset": 0, "limit": 10, "orderBy": [], "total": 0}, "results": []})
}

#[tokio::test]
async fn question_mark_composes_across_operations_and_into_box_dyn_error() {
    let server = Server::start(vec![Answer::json(200, page()), Answer::json(200, page()), Answer::text(200, "")]).await;
    assert_eq!(boxed(&server.client()).await.unwrap(), 1);
}

#[tokio::test]
async fn display_is_one_line_with_status_message_and_request_id() {
    let body = json!({"error": {"code": "invalid_request", "message": "first_name\nis required\r\u{1b}[31m"}});
    let server = Server::start(vec![Answer::json(400, body).header("x-request-id", "req-42")]).await;
    let err = user_code(&server.client()).await.unwrap_err();
    let line = err.to_string();
    assert_eq!(line, "leads::list: HTTP 400: first_name is required \u{FFFD}[31m (request id req-42)");
    assert!(!line.contains('\n') && !line.contains('\r'));
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.message(), Some("first_name\nis required\r\u{1b}[31m"));
    assert_eq!(err.code(), Some("invalid_request"));
    assert_eq!(err.request_id(), Some("req-42"));
    assert_eq!(err.operation(), Some("leads::list"));
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn off_contract_error_bodies_still_give_a_readable_line() {
    let no_retry = |s: &Server| s.builder().retry_policy(RetryPolicy::none()).build().unwrap();
    // A top-level message (not the documented shape) is still found.
    let server = Server::start(vec![Answer::json(422, json!({"message": "nope"}))]).await;
    let err = user_code(&no_retry(&server)).await.unwrap_err();
    assert_eq!((err.message(), err.to_string().as_str()), (Some("nope"), "leads::list: HTTP 422: nope"));
    // A proxy's HTML page: no message, the start of the body on one line.
    let server = Server::start(vec![Answer::text(502, "<html>\n<b>Bad gateway</b>\n</html>")]).await;
    let err = user_code(&no_retry(&server)).await.unwrap_err();
    assert_eq!(err.message(), None);
    assert_eq!(err.to_string(), "leads::list: HTTP 502: <html> <b>Bad gateway</b> </html>");
    assert!(err.is_retryable());
    // JSON whose message is not a string.
    let server = Server::start(vec![Answer::json(400, json!({"error": {"message": 42}}))]).await;
    let err = user_code(&no_retry(&server)).await.unwrap_err();
    assert_eq!(err.message(), None);
    assert_eq!(err.to_string(), r#"leads::list: HTTP 400: {"error":{"message":42}}"#);
    // An empty body.
    let server = Server::start(vec![Answer::text(404, "")]).await;
    let err = user_code(&no_retry(&server)).await.unwrap_err();
    assert_eq!(err.to_string(), "leads::list: HTTP 404");
}

#[tokio::test]
async fn a_rate_limit_says_when_to_retry() {
    let server = Server::start(vec![Answer::json(429, json!({"error": {"code": "rate_limited", "message": "slow down"}})).header("retry-after", "7")]).await;
    let client = server.builder().retry_policy(RetryPolicy::none()).build().unwrap();
    let err = user_code(&client).await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(err.message(), Some("slow down"));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn options_add_headers_and_query_parameters_to_every_call() {
    let server = Server::start(vec![Answer::json(200, page()), Answer::json(200, json!({"job_id": "j"}))]).await;
    let client = server.client().with_options(RequestOptions::new().header("x-correlation-id", "import-42").query("include_deleted", "true"));
    propexo::leads::list(&client, &Default::default()).await.unwrap();
    let write = client.with_options(RequestOptions::new().ignore_unknown_fields());
    let job = propexo::leads::update(&write, "lead-1", &Default::default()).await.unwrap();
    assert_eq!(job.job_id, "j");
    let sent = server.recorded();
    assert_eq!(sent[0].header("x-correlation-id"), Some("import-42"));
    assert_eq!(sent[0].target, "/v1/leads/?include_deleted=true");
    // Options stack: the second handle keeps the first one's.
    assert_eq!(sent[1].header("x-correlation-id"), Some("import-42"));
    assert_eq!(sent[1].target, "/v1/leads/lead-1?include_deleted=true&ignore_unknown_fields=true");
    // The original client is untouched.
    assert!(format!("{:?}", server.client()).contains("query: []"));
    // Header values may be secrets: `Debug` shows names only.
    let secret = server.client().with_options(RequestOptions::new().header("x-api-key", "hunter2"));
    let shown = format!("{secret:?}");
    assert!(shown.contains("x-api-key") && !shown.contains("hunter2"), "{shown}");
}

#[tokio::test]
async fn ignore_unknown_fields_is_sent_with_writes_only() {
    let server = Server::start(vec![Answer::json(200, page())]).await;
    let client = server.client().with_options(RequestOptions::new().ignore_unknown_fields());
    propexo::leads::list(&client, &Default::default()).await.unwrap();
    assert_eq!(server.recorded()[0].target, "/v1/leads/");
}

#[tokio::test]
async fn headers_the_client_owns_or_cannot_send_are_refused_before_sending() {
    let server = Server::start(vec![]).await;
    for (name, value) in [
        ("Authorization", "Bearer other"),
        ("authorization", "x"),
        ("Host", "evil.example"),
        ("content-length", "0"),
        ("transfer-encoding", "chunked"),
        ("cookie", "a=b"),
        ("x-ok", "line\r\nInjected: yes"),
        ("bad name", "x"),
        ("", "x"),
    ] {
        let client = server.client().with_options(RequestOptions::new().header(name, value));
        let err = propexo::leads::list(&client, &Default::default()).await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { .. }), "{name:?}: {err:?}");
        let raw = Request::new(Method::GET, "/v1/x").header(name, value);
        let err = server.client().execute::<serde_json::Value>(raw).await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { .. }), "{name:?}: {err:?}");
    }
    assert!(server.recorded().is_empty(), "nothing is sent");
}

#[tokio::test]
async fn a_per_request_total_timeout_bounds_the_call() {
    let server = Server::start(vec![Answer::json(200, page()).delayed(Duration::from_secs(10))]).await;
    let client = server.client().with_options(RequestOptions::new().total_timeout(Duration::from_millis(300)));
    let started = Instant::now();
    let err = propexo::leads::list(&client, &Default::default()).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_per_request_retry_policy_replaces_the_clients() {
    let server = Server::start(vec![Answer::text(503, "busy"), Answer::json(200, page())]).await;
    let once = server.client().with_options(RequestOptions::new().retry_policy(RetryPolicy::none()));
    let err = propexo::leads::list(&once, &Default::default()).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.recorded().len(), 1, "sent once");
}

#[tokio::test]
async fn the_raw_call_encodes_path_parameters_and_keeps_the_token_out_of_errors() {
    let server = Server::start(vec![
        Answer::json(200, json!({"ok": true})),
        Answer::json(400, json!({"error": {"code": "x", "message": "bad token secret-token"}})),
    ])
    .await;
    let client = server.client();
    let request = Request::new(Method::POST, "/v1/things/{id}/do").path_param("id", "a/b c").query_pair("q", "1&2").json(&json!({"n": 1}));
    let answer: serde_json::Value = client.execute(request.clone()).await.unwrap();
    assert_eq!(answer, json!({"ok": true}));
    let sent = &server.recorded()[0];
    assert_eq!(sent.target, "/v1/things/a%2Fb%20c/do?q=1%262");
    assert_eq!(sent.header("authorization"), Some("Bearer secret-token"));
    assert_eq!(sent.json(), json!({"n": 1}));
    let err = client.execute::<serde_json::Value>(request).await.unwrap_err();
    assert_eq!(err.message(), Some("bad token <redacted>"));
    assert!(!format!("{err} {err:?}").contains("secret-token"));
}

#[tokio::test]
async fn raw_paths_cannot_leave_the_base_urls_origin() {
    let server = Server::start(vec![]).await;
    for path in ["@evil.example/x", ".evil.example/x", "evil", "", ":1/x", ":@evil.example/x"] {
        let err = server.client().execute::<serde_json::Value>(Request::new(Method::GET, path)).await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { .. }), "{path:?}: {err:?}");
    }
    assert!(server.recorded().is_empty(), "nothing is sent");
}
