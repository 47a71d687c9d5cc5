//! A 1 GiB answer must not cost 1 GiB: the client reads bodies up to its
//! limit (default 32 MiB) and error bodies up to a short prefix. Its own
//! test binary, so that the process's peak memory is this test's alone.

use std::time::Duration;

use propexo::types::ListLeadsParams;
use propexo::Error;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

const GIB: u64 = 1024 * 1024 * 1024;

/// Peak and current resident memory of this process, in bytes.
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kb| kb * 1024)
            .unwrap_or_else(|| panic!("{name} not in /proc/self/status"))
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// Answers every request with `status` and a 1 GiB body, streamed from one
/// 64 KiB buffer (announced with `Content-Length` or not), until the
/// client hangs up. Returns how many bytes it managed to send each time.
async fn serve_gigabyte(status: u16, announce: bool) -> (String, tokio::task::JoinHandle<u64>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let (read, mut write) = stream.into_split();
        let mut reader = BufReader::new(read);
        let mut line = String::new();
        while reader.read_line(&mut line).await.unwrap() > 2 {
            line.clear();
        }
        let length = if announce { format!("content-length: {GIB}\r\n") } else { String::new() };
        let head = format!("HTTP/1.1 {status} X\r\ncontent-type: application/json\r\nconnection: close\r\n{length}\r\n");
        write.write_all(head.as_bytes()).await.unwrap();
        let chunk = vec![b' '; 64 * 1024];
        let mut sent = 0;
        while sent < GIB {
            if write.write_all(&chunk).await.is_err() {
                break;
            }
            sent += chunk.len() as u64;
        }
        sent
    });
    (url, task)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_gib_answer_costs_less_than_100_mib() {
    let (peak_before, _) = memory();
    for (status, announce) in [(200, false), (200, true), (500, false)] {
        let (url, server) = serve_gigabyte(status, announce).await;
        let client = propexo::Client::builder("t")
            .base_url(url)
            .retry_policy(propexo::RetryPolicy::none())
            .total_timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        let err = propexo::leads::list(&client, &ListLeadsParams::new()).await.unwrap_err();
        match (status, &err) {
            (200, Error::BodyTooLarge { limit, .. }) => assert_eq!(*limit, propexo::DEFAULT_MAX_BODY),
            (500, Error::Api(api)) => assert!(matches!(&api.body, propexo::ErrorBody::Raw(raw) if raw.len() == propexo::MAX_ERROR_BODY)),
            _ => panic!("HTTP {status}: {err:?}"),
        }
        drop(client);
        let sent = server.await.unwrap();
        assert!(sent < GIB / 4, "the client stopped reading early, the server sent {sent} bytes");
    }
    let (peak_after, _) = memory();
    let growth = peak_after.saturating_sub(peak_before);
    println!("peak memory growth: {} MiB", growth / (1024 * 1024));
    assert!(growth < 100 * 1024 * 1024, "peak memory grew by {growth} bytes");
}
