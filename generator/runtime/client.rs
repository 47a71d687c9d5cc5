//! The HTTP client every endpoint function takes.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{ApiError, Error, ErrorBody};
use crate::retry::{decide, retry_after, Outcome, RateLimit, RetryPolicy};
use crate::runtime;

/// A client for the Propexo API: a connection pool, a base URL, a bearer
/// token, a retry policy and timeouts. Cheap to clone; clones share the
/// pool and the latest rate-limit reading.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    token: Token,
    retry: RetryPolicy,
    total_timeout: Option<Duration>,
    rate_limit: Arc<Mutex<Option<RateLimit>>>,
}

/// The bearer token; never shown by `Debug` or logs.
#[derive(Clone)]
struct Token(HeaderValue);

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("token", &self.token)
            .field("retry", &self.retry)
            .field("total_timeout", &self.total_timeout)
            .finish_non_exhaustive()
    }
}

/// Per-request timeout unless the builder sets one: Propexo slows answers
/// down when a caller nears its rate limit, so this is generous.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Limit on a call including its retries, unless the builder sets one.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(300);

impl Client {
    /// A client for the default environment (production) with `token` and
    /// the default retry policy and timeouts.
    pub fn new(token: impl Into<String>) -> Self {
        let base_url = crate::DEFAULT_BASE_URL.to_owned();
        Client {
            http: http_client(&base_url, Some(DEFAULT_TIMEOUT)).unwrap_or_default(),
            base_url,
            token: Token::new(&token.into()),
            retry: RetryPolicy::default(),
            total_timeout: Some(DEFAULT_TOTAL_TIMEOUT),
            rate_limit: Arc::default(),
        }
    }

    /// A builder to choose the environment or any base URL, timeouts, the
    /// retry policy, or an HTTP client of your own.
    pub fn builder(token: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            token: token.into(),
            base_url: crate::DEFAULT_BASE_URL.to_owned(),
            timeout: Some(DEFAULT_TIMEOUT),
            total_timeout: Some(DEFAULT_TOTAL_TIMEOUT),
            retry: RetryPolicy::default(),
            http: None,
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The `x-ratelimit-*` headers of the latest answer that had them.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.rate_limit.lock().map(|r| *r).unwrap_or_default()
    }

    /// Sends a request an endpoint function built, retrying as
    /// [`RetryPolicy`] and the method allow, and decodes the answer.
    #[doc(hidden)]
    pub async fn send<T: DeserializeOwned, E: DeserializeOwned>(&self, request: Request) -> Result<T, Error<E>> {
        let operation = request.operation;
        let invalid = |message: String| Error::InvalidRequest { operation, message };
        if let Some(problem) = &request.problem {
            return Err(invalid(problem.clone()));
        }
        if self.base_url.is_empty() {
            return Err(invalid("the client has no base URL".to_owned()));
        }
        let started = Instant::now();
        let mut retry = 0;
        loop {
            retry += 1;
            let result = self.attempt(&request).await;
            let outcome = match &result {
                Ok((status, headers, _)) => Outcome::Status(*status, headers),
                Err(e) if e.is_connect() => Outcome::ConnectFailed,
                Err(_) => Outcome::OtherTransportFailure,
            };
            let decision = decide(&request.method, &outcome, retry, &self.retry)
                .filter(|(_, wait)| self.total_timeout.is_none_or(|total| started.elapsed() + *wait < total));
            match decision {
                Some((reason, wait)) => {
                    tracing::warn!(
                        operation,
                        method = %request.method,
                        attempt = retry,
                        reason = ?reason,
                        wait_ms = wait.as_millis() as u64,
                        "retrying Propexo request"
                    );
                    tokio::time::sleep(wait).await;
                }
                None => {
                    if retry > 1 {
                        tracing::debug!(operation, attempts = retry, "no further retry");
                    }
                    return self.finish(operation, result, started);
                }
            }
        }
    }

    /// One HTTP exchange: status, headers and body.
    async fn attempt(&self, request: &Request) -> Result<(u16, HeaderMap, bytes::Bytes), reqwest::Error> {
        let url = format!("{}{}", self.base_url, request.path);
        let mut builder = self
            .http
            .request(request.method.clone(), url)
            .header(reqwest::header::AUTHORIZATION, self.token.0.clone())
            .header(ACCEPT, "application/json");
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        if let Some(body) = &request.body {
            builder = builder.header(CONTENT_TYPE, "application/json").body(body.clone());
        }
        let response = builder.send().await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        if let Some(limit) = RateLimit::from_headers(&headers) {
            if let Ok(mut latest) = self.rate_limit.lock() {
                *latest = Some(limit);
            }
        }
        let bytes = response.bytes().await?;
        Ok((status, headers, bytes))
    }

    fn finish<T: DeserializeOwned, E: DeserializeOwned>(
        &self,
        operation: &'static str,
        result: Result<(u16, HeaderMap, bytes::Bytes), reqwest::Error>,
        started: Instant,
    ) -> Result<T, Error<E>> {
        let (status, headers, bytes) = match result {
            Ok(answer) => answer,
            Err(e) if e.is_timeout() => {
                return Err(Error::Timeout {
                    operation,
                    elapsed: started.elapsed(),
                })
            }
            Err(e) => return Err(Error::Transport(e)),
        };
        if (200..300).contains(&status) {
            // An empty success body reads as `null` (for operations that
            // document none).
            let body: &[u8] = if bytes.is_empty() { b"null" } else { &bytes };
            return serde_json::from_slice(body).map_err(|source| Error::Decode {
                operation,
                status,
                snippet: runtime::snippet(&bytes),
                source,
            });
        }
        let body = match serde_json::from_slice::<E>(&bytes) {
            Ok(parsed) => ErrorBody::Parsed(parsed),
            Err(_) => ErrorBody::Raw(String::from_utf8_lossy(&bytes).into_owned()),
        };
        if status == 429 {
            return Err(Error::RateLimited {
                operation,
                retry_after: retry_after(&headers),
                body,
            });
        }
        Err(Error::Api(ApiError {
            operation,
            status,
            body,
            request_id: headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        }))
    }
}

/// The HTTP client for `base_url`: HTTPS only, except for loopback
/// addresses (mock servers in tests).
fn http_client(base_url: &str, timeout: Option<Duration>) -> Result<reqwest::Client, reqwest::Error> {
    let loopback = ["http://127.", "http://localhost", "http://[::1]"]
        .iter()
        .any(|prefix| base_url.starts_with(prefix));
    let mut builder = reqwest::Client::builder().https_only(!loopback);
    if let Some(timeout) = timeout {
        builder = builder.timeout(timeout);
    }
    builder.build()
}

impl Token {
    fn new(token: &str) -> Self {
        // A token with characters a header cannot carry is sent as an
        // empty one and the API answers 401, rather than panicking here.
        let mut value = HeaderValue::from_str(&format!("Bearer {token}")).unwrap_or_else(|_| HeaderValue::from_static("Bearer"));
        value.set_sensitive(true);
        Token(value)
    }
}

/// Builds a [`Client`].
pub struct ClientBuilder {
    token: String,
    base_url: String,
    timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &"<redacted>")
            .field("timeout", &self.timeout)
            .field("total_timeout", &self.total_timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Sends requests to `url` (e.g. a mock server) instead of production.
    /// Only HTTPS URLs are accepted, except loopback addresses.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into().trim_end_matches('/').to_owned();
        self
    }

    /// Gives up on one attempt after `timeout` (default [`DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Gives up on a call, retries included, after `timeout` (default
    /// [`DEFAULT_TOTAL_TIMEOUT`]): no retry starts that would end later.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }

    /// How to retry (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Uses `http` for requests (its own timeout, proxy and TLS settings
    /// apply; [`ClientBuilder::timeout`] is then ignored).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The client.
    pub fn build(self) -> Result<Client, reqwest::Error> {
        let http = match self.http {
            Some(http) => http,
            None => http_client(&self.base_url, self.timeout)?,
        };
        Ok(Client {
            http,
            base_url: self.base_url,
            token: Token::new(&self.token),
            retry: self.retry,
            total_timeout: self.total_timeout,
            rate_limit: Arc::default(),
        })
    }
}

/// One request, as an endpoint function describes it.
#[doc(hidden)]
#[derive(Debug)]
pub struct Request {
    method: reqwest::Method,
    operation: &'static str,
    path: String,
    query: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    /// The first reason the request cannot be sent, reported by `send`.
    problem: Option<String>,
}

impl Request {
    /// A request to `template`, a path as the document writes it
    /// (`/v1/leads/{id}`).
    pub fn new(method: reqwest::Method, operation: &'static str, template: &str) -> Self {
        Request {
            method,
            operation,
            path: template.to_owned(),
            query: Vec::new(),
            body: None,
            problem: None,
        }
    }

    /// Puts `value` in place of `{name}`, percent-encoded as one segment.
    pub fn path_param(mut self, name: &str, value: impl fmt::Display) -> Self {
        match runtime::path_segment(&value.to_string()) {
            Ok(segment) => self.path = self.path.replace(&format!("{{{name}}}"), &segment),
            Err(message) => self.fail(format!("path parameter `{name}`: {message}")),
        }
        self
    }

    /// Adds the query parameters of `params`.
    pub fn query<Q: Serialize>(mut self, params: &Q) -> Self {
        match runtime::query_pairs(params) {
            Ok(pairs) => self.query.extend(pairs),
            Err(message) => self.fail(format!("query parameters: {message}")),
        }
        self
    }

    /// Sends `body` as JSON.
    pub fn json<B: Serialize>(mut self, body: &B) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(bytes),
            Err(e) => self.fail(format!("request body: {e}")),
        }
        self
    }

    fn fail(&mut self, message: String) {
        self.problem.get_or_insert(message);
    }
}
