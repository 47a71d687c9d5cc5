//! The example receiver (`examples/webhook_receiver.rs`) on loopback:
//! signed deliveries are queued, tampered, unsigned, oversized and non-JSON
//! ones are refused with the documented status before reaching the handler.
#![cfg(feature = "axum")]

#[allow(dead_code)]
#[path = "../examples/webhook_receiver.rs"]
mod example;

use std::sync::mpsc::{sync_channel, Receiver};

use axum::routing::post;
use propexo::webhooks::{sign, Event, VerifiedEvent, WebhookReceiver, SIGNATURE_HEADER};

const SECRET: &str = "whsec_loopback";

const DELIVERY: &str = r#"{"meta":{"object":"leases","integration_id":"cuid_1234567890"},"record_id":"cuid_1234567890","diff":{"previous":{"status":"pending"},"new":{"status":"approved"}}}"#;

async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

async fn example_app(capacity: usize) -> (String, Receiver<Event>) {
    let (queue, events) = sync_channel(capacity);
    let base = serve(example::app(SECRET, queue)).await;
    (format!("{base}/propexo/data-update"), events)
}

async fn post_delivery(url: &str, signatures: &[&str], body: impl Into<reqwest::Body>) -> (u16, String) {
    let mut request = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json");
    for signature in signatures {
        request = request.header(SIGNATURE_HEADER, *signature);
    }
    let response = request.body(body).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn a_signed_delivery_is_queued_as_a_typed_event() {
    let (url, events) = example_app(8).await;
    let signature = sign(SECRET, DELIVERY.as_bytes());
    assert_eq!(post_delivery(&url, &[&signature], DELIVERY).await.0, 200);
    let event = events.try_recv().unwrap();
    let Event::DataUpdate(change) = &event else { panic!("{event:?}") };
    assert_eq!(change.meta.object, "leases");
    assert!(example::handle(&event).contains("approved"));
}

#[tokio::test]
async fn tampered_unsigned_and_badly_signed_deliveries_get_401() {
    let (url, events) = example_app(8).await;
    let signature = sign(SECRET, DELIVERY.as_bytes());
    let tampered = DELIVERY.replace("approved", "rejected");
    let wrong_secret = sign("whsec_other", DELIVERY.as_bytes());
    let cases: Vec<(Vec<&str>, String, &str)> = vec![
        (vec![&signature], tampered, "does not match"),
        (vec![&wrong_secret], DELIVERY.into(), "does not match"),
        (vec![], DELIVERY.into(), "no `propexo-signature`"),
        (vec![""], DELIVERY.into(), "no `propexo-signature`"),
        (vec!["not-hex"], DELIVERY.into(), "not a hex"),
        (vec![&signature[..32]], DELIVERY.into(), "not a hex"),
        // Two headers: which one was meant is ambiguous, so neither counts.
        (vec![&wrong_secret, &signature], DELIVERY.into(), "not a hex"),
    ];
    for (signatures, body, says) in cases {
        let (status, text) = post_delivery(&url, &signatures, body).await;
        assert_eq!(status, 401, "{signatures:?}");
        assert!(text.contains(says), "{text}");
        assert!(!text.contains(&signature), "{text}");
    }
    assert!(events.try_recv().is_err(), "a refused delivery reached the queue");
}

#[tokio::test]
async fn a_signed_body_that_is_not_json_gets_400() {
    let (url, events) = example_app(8).await;
    for body in ["", "{", "not json", "{\"meta\":1}garbage"] {
        let signature = sign(SECRET, body.as_bytes());
        let (status, text) = post_delivery(&url, &[&signature], body).await;
        assert_eq!(status, 400, "{body:?}");
        assert!(text.contains("not JSON"), "{text}");
    }
    assert!(events.try_recv().is_err());
}

#[tokio::test]
async fn unknown_triggers_are_accepted_and_kept() {
    // A body with its own envelope and a trigger this crate does not know.
    let (url, events) = example_app(8).await;
    let body = r#"{"trigger":"LEASE_SIGNED","data":{"lease_id":"l_1"}}"#;
    let signature = sign(SECRET, body.as_bytes());
    assert_eq!(post_delivery(&url, &[&signature], body).await.0, 200);
    let Event::Unknown(unknown) = events.try_recv().unwrap() else { panic!() };
    assert_eq!(unknown.trigger(), Some("LEASE_SIGNED"));
    assert_eq!(unknown.payload()["lease_id"], "l_1");
}

#[tokio::test]
async fn a_full_queue_is_503_not_a_lost_event() {
    let (url, events) = example_app(1).await;
    let signature = sign(SECRET, DELIVERY.as_bytes());
    assert_eq!(post_delivery(&url, &[&signature], DELIVERY).await.0, 200);
    assert_eq!(post_delivery(&url, &[&signature], DELIVERY).await.0, 503);
    assert!(events.try_recv().is_ok());
    assert_eq!(post_delivery(&url, &[&signature], DELIVERY).await.0, 200);
}

#[tokio::test]
async fn bodies_over_the_limit_get_413_even_when_streamed() {
    async fn handler(delivery: VerifiedEvent) -> String {
        format!("{:?}", delivery.event.trigger())
    }
    let receiver = WebhookReceiver::new(SECRET).trigger("DATA_UPDATE").max_body_bytes(256);
    let base = serve(axum::Router::new().route("/hook", post(handler)).with_state(receiver)).await;
    let url = format!("{base}/hook");
    let big = format!("{{\"pad\":\"{}\"}}", "x".repeat(4096));
    let signature = sign(SECRET, big.as_bytes());
    assert_eq!(post_delivery(&url, &[&signature], big.clone()).await.0, 413);
    // Without a Content-Length (chunked), the limit holds while reading.
    let status = post_chunked(&base, "/hook", &signature, big.as_bytes()).await;
    assert_eq!(status, 413);
    // Under the limit it goes through.
    let small = DELIVERY.as_bytes();
    let (status, text) = post_delivery(&url, &[&sign(SECRET, small)], small.to_vec()).await;
    assert_eq!((status, text.as_str()), (200, "Some(\"DATA_UPDATE\")"));
}

/// Posts `body` in 100-byte chunks without a Content-Length, on a raw
/// connection; returns the status code.
async fn post_chunked(base: &str, path: &str, signature: &str, body: &[u8]) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\n{SIGNATURE_HEADER}: {signature}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    for chunk in body.chunks(100) {
        // The server may answer and close before the whole body is sent.
        let frame = [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk, b"\r\n"].concat();
        if stream.write_all(&frame).await.is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response).await;
    let text = String::from_utf8_lossy(&response);
    text.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0)
}
