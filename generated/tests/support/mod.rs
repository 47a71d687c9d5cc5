// Shared by several test crates, each using a part of it.
#![allow(dead_code)]

//! A minimal HTTP/1.1 server on loopback for tests: it records each
//! request and answers from a script, so tests can assert exactly what the
//! client sent.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    pub method: String,
    /// The request target as sent: path and query string.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

#[derive(Clone)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
    /// Wait this long before answering (to provoke timeouts).
    pub delay: Option<std::time::Duration>,
    /// Wait this long between the head and the body (a slow body).
    pub body_delay: Option<std::time::Duration>,
}

impl Answer {
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Answer {
            status,
            headers: vec![("content-type", "application/json".into())],
            body: body.to_string(),
            delay: None,
            body_delay: None,
        }
    }

    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_owned()));
        self
    }

    pub fn delayed(mut self, delay: std::time::Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    pub fn slow_body(mut self, delay: std::time::Duration) -> Self {
        self.body_delay = Some(delay);
        self
    }

    pub fn text(status: u16, body: &str) -> Self {
        Answer {
            status,
            headers: vec![("content-type", "text/plain".into())],
            body: body.to_owned(),
            delay: None,
            body_delay: None,
        }
    }
}

pub struct Server {
    pub url: String,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
}

impl Server {
    /// Serves `answers` in order, one per connection, then stops accepting.
    pub async fn start(answers: Vec<Answer>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = requests.clone();
        tokio::spawn(async move {
            for answer in answers {
                let Ok((stream, _)) = listener.accept().await else { return };
                let (read, mut write) = stream.into_split();
                let mut reader = BufReader::new(read);
                let mut line = String::new();
                reader.read_line(&mut line).await.unwrap();
                let mut parts = line.split_whitespace();
                let method = parts.next().unwrap_or_default().to_owned();
                let target = parts.next().unwrap_or_default().to_owned();
                let mut headers = Vec::new();
                loop {
                    let mut header = String::new();
                    reader.read_line(&mut header).await.unwrap();
                    let header = header.trim_end();
                    if header.is_empty() {
                        break;
                    }
                    if let Some((n, v)) = header.split_once(':') {
                        headers.push((n.trim().to_ascii_lowercase(), v.trim().to_owned()));
                    }
                }
                let length: usize = headers
                    .iter()
                    .find(|(n, _)| n == "content-length")
                    .and_then(|(_, v)| v.parse().ok())
                    .unwrap_or(0);
                let mut body = vec![0; length];
                reader.read_exact(&mut body).await.unwrap();
                log.lock().unwrap().push(Recorded { method, target, headers, body });
                if let Some(delay) = answer.delay {
                    tokio::time::sleep(delay).await;
                }
                let mut head = format!("HTTP/1.1 {} X\r\ncontent-length: {}\r\nconnection: close\r\n", answer.status, answer.body.len());
                for (name, value) in &answer.headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                // A client that gave up closes the connection: not an error here.
                if write.write_all(head.as_bytes()).await.is_err() {
                    continue;
                }
                if let Some(delay) = answer.body_delay {
                    write.flush().await.ok();
                    tokio::time::sleep(delay).await;
                }
                write.write_all(answer.body.as_bytes()).await.ok();
                write.shutdown().await.ok();
            }
        });
        Server { url, requests }
    }

    /// A client for this server that retries quickly.
    pub fn client(&self) -> propexo::Client {
        self.builder().build().expect("client")
    }

    pub fn builder(&self) -> propexo::ClientBuilder {
        propexo::Client::builder("secret-token")
            .base_url(&self.url)
            .retry_policy(
                propexo::RetryPolicy::default()
                    .with_backoff(std::time::Duration::from_millis(10), std::time::Duration::from_millis(50)),
            )
    }

    pub fn recorded(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}
