//! The HTTP client every endpoint function takes.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::decode;
use crate::error::{ApiError, DecodeError, Error, ErrorBody};
use crate::retry::{decide, retry_after, Outcome, RateLimit, RetryPolicy};
use crate::runtime;

/// A client for the Propexo API: a connection pool, a base URL, a bearer
/// token, a retry policy, timeouts and a body size limit. Cheap to clone;
/// clones share the pool and the latest rate-limit reading.
///
/// Safety rules it keeps whatever the server does:
///
/// - HTTPS only, except when the base URL's parsed host is a loopback
///   address or exactly `localhost` (mock servers); a base URL with
///   credentials in it is refused.
/// - Redirects are never followed (an answer's `3xx` is an
///   [`Error::Api`]), so no request, body or token goes to another origin
///   and no write body is sent twice. With an HTTP client of your own,
///   an answer that comes from another origin is refused.
/// - Bodies are read up to [`ClientBuilder::max_body_bytes`]; error bodies
///   up to [`MAX_ERROR_BODY`] bytes.
/// - The token is replaced by `<redacted>` in anything built from an
///   answer (error bodies, messages, records).
/// - [`ClientBuilder::total_timeout`] bounds the whole call: connecting,
///   headers, body, retries and the waits between them.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    token: Token,
    retry: RetryPolicy,
    total_timeout: Option<Duration>,
    max_body: usize,
    max_pages: Option<u64>,
    rate_limit: Arc<Mutex<Option<RateLimit>>>,
    /// Applied to every request made through this handle.
    options: Arc<RequestOptions>,
}

/// The bearer token; never shown by `Debug` or logs.
#[derive(Clone)]
struct Token {
    header: HeaderValue,
    /// The token as given, to scrub it from what servers echo back.
    secret: Arc<str>,
}

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
            .field("max_body", &self.max_body)
            .field("max_pages", &self.max_pages)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// Per-request timeout unless the builder sets one: Propexo slows answers
/// down when a caller nears its rate limit, so this is generous.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Limit on a call including its retries, unless the builder sets one.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(300);

/// Largest success body read unless the builder sets another: a page of
/// 250 records of the widest resource is a few MiB, so this leaves ample
/// room while keeping a hostile server from exhausting memory.
pub const DEFAULT_MAX_BODY: usize = 32 * 1024 * 1024;

/// How much of an error body is read and kept.
pub const MAX_ERROR_BODY: usize = 64 * 1024;

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
            max_body: DEFAULT_MAX_BODY,
            max_pages: None,
            rate_limit: Arc::default(),
            options: Arc::default(),
        }
    }

    /// A builder to choose the environment or any base URL, timeouts, the
    /// retry policy, limits, or an HTTP client of your own.
    pub fn builder(token: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            token: token.into(),
            base_url: crate::DEFAULT_BASE_URL.to_owned(),
            timeout: Some(DEFAULT_TIMEOUT),
            total_timeout: Some(DEFAULT_TOTAL_TIMEOUT),
            retry: RetryPolicy::default(),
            max_body: DEFAULT_MAX_BODY,
            max_pages: None,
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

    /// The most pages a list stream fetches, if limited.
    pub(crate) fn max_pages(&self) -> Option<u64> {
        self.max_pages
    }

    /// This client with `options` applied to every request made through it
    /// (on top of the options it already has): per-request headers, query
    /// parameters, timeouts and retry policy, for any endpoint function,
    /// stream or [`execute`](Client::execute). Cheap: the connection pool
    /// and the rate-limit reading are shared.
    ///
    /// ```no_run
    /// # async fn example(client: propexo::Client) -> propexo::Result<()> {
    /// use std::time::Duration;
    /// let patient = client.with_options(
    ///     propexo::RequestOptions::new()
    ///         .total_timeout(Duration::from_secs(600))
    ///         .header("x-correlation-id", "import-42")
    ///         .ignore_unknown_fields(),
    /// );
    /// # let _ = patient;
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_options(&self, options: RequestOptions) -> Client {
        let mut merged = (*self.options).clone();
        merged.merge(options);
        Client {
            options: Arc::new(merged),
            ..self.clone()
        }
    }

    /// Sends a request the document does not describe (yet) with the same
    /// retries, limits, timeouts, token handling and redaction as the
    /// endpoint functions, and decodes a success body as `T` (use
    /// [`serde_json::Value`] to take it as it comes; an empty body reads as
    /// `null`).
    ///
    /// ```no_run
    /// # async fn example(client: propexo::Client) -> propexo::Result<()> {
    /// use propexo::{Method, Request};
    /// let request = Request::new(Method::GET, "/v1/leads/{id}/something-new")
    ///     .path_param("id", "lead_123")
    ///     .query_pair("limit", "10");
    /// let answer: serde_json::Value = client.execute(request).await?;
    /// # let _ = answer;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn execute<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        self.send(request).await
    }

    /// Sends a request an endpoint function built, retrying as
    /// [`RetryPolicy`] and the method allow, and decodes the answer.
    #[doc(hidden)]
    pub async fn send<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        let operation = request.operation;
        let (status, body) = self.exchange(request).await?;
        // An empty success body reads as `null` (for operations that
        // document none).
        let bytes: &[u8] = if body.is_empty() { b"null" } else { &body };
        decode::decode_body(bytes).map_err(|error| self.decode_error(operation, status, &body, error))
    }

    /// A [`Error::Decode`] for a success body, keeping the job id a write
    /// answer carries and scrubbing the token.
    pub(crate) fn decode_error(&self, operation: &'static str, status: u16, body: &[u8], error: DecodeError) -> Error {
        Error::Decode {
            operation,
            status,
            error: Box::new(self.scrub_decode_error(error)),
            snippet: self.scrub_text(&runtime::snippet(body)),
            job_id: decode::job_id_in(body),
        }
    }

    pub(crate) fn scrub_decode_error(&self, error: DecodeError) -> DecodeError {
        DecodeError {
            path: self.scrub_text(&error.path),
            message: self.scrub_text(&error.message),
            value: error.value.map(|v| self.scrub_text(&v)),
        }
    }

    pub(crate) fn scrub_text(&self, text: &str) -> String {
        runtime::scrub_text(text, &self.token.secret)
    }

    /// Sends a request with retries under the total timeout; the status
    /// and body of a success answer, or the error.
    pub(crate) async fn exchange(&self, request: Request) -> Result<(u16, Vec<u8>), Error> {
        let operation = request.operation;
        let invalid = |message: String| Error::InvalidRequest { operation, message };
        if let Some(problem) = &request.problem {
            return Err(invalid(problem.clone()));
        }
        let base = check_base_url(&self.base_url).map_err(invalid)?;
        let request = self.options.apply(request).map_err(invalid)?;
        let target = target_url(&base, &self.base_url, &request.path).map_err(invalid)?;
        let started = Instant::now();
        let call = self.exchange_with_retries(&request, &base, &target, started);
        match self.options.total_timeout.unwrap_or(self.total_timeout) {
            // tokio saturates a deadline beyond its clock's range.
            Some(total) => tokio::time::timeout(total, call).await.unwrap_or_else(|_| {
                Err(Error::Timeout {
                    operation,
                    elapsed: started.elapsed(),
                })
            }),
            None => call.await,
        }
    }

    async fn exchange_with_retries(&self, request: &Request, base: &reqwest::Url, target: &reqwest::Url, started: Instant) -> Result<(u16, Vec<u8>), Error> {
        let policy = self.options.retry.as_ref().unwrap_or(&self.retry);
        let total_timeout = self.options.total_timeout.unwrap_or(self.total_timeout);
        let mut retry: u32 = 0;
        loop {
            retry = retry.saturating_add(1);
            let result = self.attempt(request, base, target).await;
            let outcome = match &result {
                Ok(answer) => Outcome::Status(answer.status, &answer.headers),
                Err(Failure::Transport(e)) if e.is_connect() => Outcome::ConnectFailed,
                Err(Failure::Transport(_)) => Outcome::OtherTransportFailure,
                Err(_) => Outcome::Final,
            };
            let decision = decide(&request.method, &outcome, retry, policy).filter(|(_, wait)| total_timeout.is_none_or(|total| started.elapsed().saturating_add(*wait) < total));
            match decision {
                Some((reason, wait)) => {
                    tracing::warn!(
                        operation = request.operation,
                        method = %request.method,
                        attempt = retry,
                        reason = ?reason,
                        wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                        "retrying Propexo request"
                    );
                    tokio::time::sleep(wait).await;
                }
                None => {
                    if retry > 1 {
                        tracing::debug!(operation = request.operation, attempts = retry, "no further retry");
                    }
                    return self.finish(request.operation, result, started);
                }
            }
        }
    }

    /// One HTTP exchange: status, headers and (bounded) body.
    async fn attempt(&self, request: &Request, base: &reqwest::Url, target: &reqwest::Url) -> Result<Answer, Failure> {
        let mut builder = self
            .http
            .request(request.method.clone(), target.clone())
            .header(reqwest::header::AUTHORIZATION, self.token.header.clone())
            .header(ACCEPT, "application/json");
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        if let Some(body) = &request.body {
            builder = builder.header(CONTENT_TYPE, "application/json").body(body.clone());
        }
        if !request.headers.is_empty() {
            builder = builder.headers(request.headers.clone());
        }
        if let Some(timeout) = self.options.timeout {
            builder = builder.timeout(timeout);
        }
        let mut response = builder.send().await.map_err(Failure::Transport)?;
        // Our own HTTP client follows no redirect; one given by the caller
        // might, and an answer from elsewhere is not Propexo's.
        if response.url().origin() != base.origin() {
            return Err(Failure::OtherOrigin);
        }
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        if let Some(limit) = RateLimit::from_headers(&headers) {
            if let Ok(mut latest) = self.rate_limit.lock() {
                *latest = Some(limit);
            }
        }
        let success = (200..300).contains(&status);
        let limit = if success { self.max_body } else { MAX_ERROR_BODY };
        let (body, truncated) = read_capped(&mut response, limit, !success).await.map_err(Failure::Transport)?;
        if truncated && success {
            return Err(Failure::TooLarge { status });
        }
        Ok(Answer {
            status,
            headers,
            body,
            truncated,
        })
    }

    fn finish(&self, operation: &'static str, result: Result<Answer, Failure>, started: Instant) -> Result<(u16, Vec<u8>), Error> {
        let answer = match result {
            Ok(answer) => answer,
            Err(Failure::Transport(e)) if e.is_timeout() => {
                return Err(Error::Timeout {
                    operation,
                    elapsed: started.elapsed(),
                })
            }
            Err(Failure::Transport(e)) => return Err(Error::Transport(e)),
            Err(Failure::TooLarge { status }) => {
                return Err(Error::BodyTooLarge {
                    operation,
                    status,
                    limit: self.max_body,
                })
            }
            Err(Failure::OtherOrigin) => {
                return Err(Error::InvalidRequest {
                    operation,
                    message: "the answer came from another origin (a redirect was followed); it was discarded".to_owned(),
                })
            }
        };
        let Answer { status, headers, body, truncated } = answer;
        if (200..300).contains(&status) {
            return Ok((status, body));
        }
        let body = runtime::scrub(&body, self.token.secret.as_bytes(), truncated);
        let body = match serde_json::from_slice::<serde_json::Value>(&body) {
            Ok(parsed) => ErrorBody::Json(parsed),
            Err(_) => ErrorBody::Raw(String::from_utf8_lossy(&body).into_owned()),
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
                .map(|id| self.scrub_text(&runtime::snippet(id.as_bytes()))),
        }))
    }
}

/// An answer as far as one attempt read it.
struct Answer {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
    /// The body was longer than the limit; `body` is its start.
    truncated: bool,
}

/// Why an attempt has no answer to decode.
enum Failure {
    Transport(reqwest::Error),
    /// A success body beyond the limit.
    TooLarge { status: u16 },
    /// The answer came from another origin than the base URL's.
    OtherOrigin,
}

/// Reads at most `limit` bytes of the body, chunk by chunk, and whether
/// there was more. Nothing beyond the limit is read or allocated; unless
/// the caller wants the `prefix`, a `Content-Length` above the limit stops
/// at once.
async fn read_capped(response: &mut reqwest::Response, limit: usize, prefix: bool) -> Result<(Vec<u8>, bool), reqwest::Error> {
    let announced = response.content_length().map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    if !prefix && announced.is_some_and(|n| n > limit) {
        return Ok((Vec::new(), true));
    }
    // The announced length is the server's word: trust it only so far.
    let mut body = Vec::with_capacity(announced.unwrap_or(0).min(limit).min(1024 * 1024));
    while let Some(chunk) = response.chunk().await? {
        let room = limit - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((body, true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body, false))
}

/// The parsed base URL if requests may go there: HTTPS, or plain HTTP to
/// a loopback address or exactly `localhost` (decided on the parsed host,
/// so `http://127.0.0.1.evil.example` is not loopback), and no
/// credentials in it.
pub(crate) fn check_base_url(base_url: &str) -> Result<reqwest::Url, String> {
    if base_url.is_empty() {
        return Err("the client has no base URL".to_owned());
    }
    let url = reqwest::Url::parse(base_url).map_err(|e| format!("the base URL is not a URL: {e}"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the base URL must not contain credentials".to_owned());
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err("plain HTTP is only allowed to loopback addresses and `localhost`; use HTTPS".to_owned()),
        other => Err(format!("unsupported URL scheme `{other}`")),
    }
}

/// The URL of `path` below the base URL, refused unless it is on the base
/// URL's origin with no credentials (decided on the parsed URL: a raw
/// request's path such as `@evil.example/x` or `.evil.example/x` would
/// otherwise move the host).
fn target_url(base: &reqwest::Url, base_text: &str, path: &str) -> Result<reqwest::Url, String> {
    if !path.starts_with('/') {
        return Err(format!("the path `{path}` does not start with `/`"));
    }
    let target = reqwest::Url::parse(&format!("{base_text}{path}")).map_err(|e| format!("the path `{path}` does not make a URL: {e}"))?;
    if target.origin() != base.origin() || !target.username().is_empty() || target.password().is_some() {
        return Err(format!("the path `{path}` leaves the base URL's origin"));
    }
    Ok(target)
}

fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else { return false };
    // The URL parser has already normalized IP addresses (`127.1` is
    // `127.0.0.1`) and lower-cased domains; IPv6 comes in brackets.
    let ip = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    match ip.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host == "localhost",
    }
}

/// The HTTP client for `base_url`: HTTPS only except for loopback (see
/// [`check_base_url`]), and no redirects.
fn http_client(base_url: &str, timeout: Option<Duration>) -> Result<reqwest::Client, reqwest::Error> {
    let loopback = check_base_url(base_url).is_ok_and(|url| url.scheme() == "http");
    let mut builder = reqwest::Client::builder()
        .https_only(!loopback)
        .redirect(reqwest::redirect::Policy::none());
    if let Some(timeout) = timeout {
        builder = builder.timeout(timeout);
    }
    builder.build()
}

impl Token {
    fn new(token: &str) -> Self {
        // A token with characters a header cannot carry is sent as an
        // empty one and the API answers 401, rather than panicking here.
        let mut header = HeaderValue::from_str(&format!("Bearer {token}")).unwrap_or_else(|_| HeaderValue::from_static("Bearer"));
        header.set_sensitive(true);
        Token {
            header,
            secret: Arc::from(token),
        }
    }
}

/// Builds a [`Client`].
pub struct ClientBuilder {
    token: String,
    base_url: String,
    timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    retry: RetryPolicy,
    max_body: usize,
    max_pages: Option<u64>,
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
            .field("max_body", &self.max_body)
            .field("max_pages", &self.max_pages)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Sends requests to `url` (e.g. a mock server) instead of production.
    /// Only HTTPS URLs are accepted, except plain HTTP to a loopback
    /// address or `localhost`; a URL with credentials is refused. A URL
    /// that is refused makes every call an [`Error::InvalidRequest`].
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into().trim_end_matches('/').to_owned();
        self
    }

    /// Gives up on one attempt after `timeout` (default [`DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Gives up on a call after `timeout` (default
    /// [`DEFAULT_TOTAL_TIMEOUT`]): connecting, headers, body, retries and
    /// the waits between them all count, and no retry starts that would
    /// end later.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }

    /// How to retry (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The largest success body to read, in bytes (default
    /// [`DEFAULT_MAX_BODY`]); a larger one is an [`Error::BodyTooLarge`].
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body = limit;
        self
    }

    /// The most pages one list stream fetches (default: no limit). A
    /// stream that would need more yields an [`Error::Pagination`] and ends.
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// Uses `http` for requests (its own timeout, proxy and TLS settings
    /// apply; [`ClientBuilder::timeout`] is then ignored). Give it
    /// `redirect(reqwest::redirect::Policy::none())`: an answer that comes
    /// from another origin is refused, but a redirect it follows has
    /// already been sent.
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
            max_body: self.max_body,
            max_pages: self.max_pages,
            rate_limit: Arc::default(),
            options: Arc::default(),
        })
    }
}

/// One request: what endpoint functions build, and what
/// [`Client::execute`] sends for an operation the document does not
/// describe.
#[derive(Debug, Clone)]
pub struct Request {
    method: reqwest::Method,
    pub(crate) operation: &'static str,
    path: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Option<Vec<u8>>,
    /// The first reason the request cannot be sent, reported by `send`.
    problem: Option<String>,
}

impl Request {
    /// A request to `path`, relative to the client's base URL, written as
    /// the document writes paths (`/v1/leads/{id}`; fill the `{…}` with
    /// [`path_param`](Request::path_param)).
    pub fn new(method: reqwest::Method, path: &str) -> Self {
        Request::operation(method, "Client::execute", path)
    }

    /// A request of the endpoint function `operation`.
    #[doc(hidden)]
    pub fn operation(method: reqwest::Method, operation: &'static str, template: &str) -> Self {
        Request {
            method,
            operation,
            path: template.to_owned(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            problem: None,
        }
    }

    /// Puts `value` in place of `{name}`, percent-encoded as one segment
    /// (a value that cannot be one segment, such as `..` or one with a
    /// `/`, makes the call an [`Error::InvalidRequest`]).
    pub fn path_param(mut self, name: &str, value: impl fmt::Display) -> Self {
        match runtime::path_segment(&value.to_string()) {
            Ok(segment) => self.path = self.path.replace(&format!("{{{name}}}"), &segment),
            Err(message) => self.fail(format!("path parameter `{name}`: {message}")),
        }
        self
    }

    /// Adds the query parameters of `params` (any `Serialize` struct or
    /// map; `None` fields are left out).
    pub fn query<Q: Serialize>(self, params: &Q) -> Self {
        self.query_pairs(runtime::query_pairs(params))
    }

    fn query_pairs(mut self, pairs: Result<Vec<(String, String)>, String>) -> Self {
        match pairs {
            Ok(pairs) => self.query.extend(pairs),
            Err(message) => self.fail(format!("query parameters: {message}")),
        }
        self
    }

    /// Adds one query parameter.
    pub fn query_pair(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Adds a header (see [`RequestOptions::header`] for the ones refused).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Err(message) = add_header(&mut self.headers, name, value) {
            self.fail(message);
        }
        self
    }

    /// Sends `body` as JSON.
    pub fn json<B: Serialize>(self, body: &B) -> Self {
        // Through a JSON value, as query parameters are: each type's
        // `Serialize` is then compiled for one serializer, not two.
        self.json_value(serde_json::to_value(body))
    }

    fn json_value(mut self, value: serde_json::Result<serde_json::Value>) -> Self {
        match value.and_then(|value| serde_json::to_vec(&value)) {
            Ok(bytes) => self.body = Some(bytes),
            Err(e) => self.fail(format!("request body: {e}")),
        }
        self
    }

    fn fail(&mut self, message: String) {
        self.problem.get_or_insert(message);
    }

    /// Whether the method sends a body to change something.
    fn is_write(&self) -> bool {
        matches!(self.method, reqwest::Method::POST | reqwest::Method::PUT | reqwest::Method::PATCH)
    }
}

/// Headers the client sets itself: a caller's value would replace the
/// token, the body's type or the origin, so they are refused.
const RESERVED_HEADERS: &[reqwest::header::HeaderName] = &[reqwest::header::AUTHORIZATION, reqwest::header::HOST, CONTENT_TYPE, reqwest::header::CONTENT_LENGTH, reqwest::header::TRANSFER_ENCODING, reqwest::header::COOKIE, reqwest::header::PROXY_AUTHORIZATION];

fn add_header(headers: &mut HeaderMap, name: &str, value: &str) -> Result<(), String> {
    let name = reqwest::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| format!("`{name}` is not a header name"))?;
    if RESERVED_HEADERS.contains(&name) {
        return Err(format!("the client sets the `{name}` header itself"));
    }
    let value = HeaderValue::from_str(value).map_err(|_| format!("the value of header `{name}` has characters a header cannot carry"))?;
    headers.append(name, value);
    Ok(())
}

/// Options for the requests made through a client handle (see
/// [`Client::with_options`]): extra headers and query parameters, the
/// per-attempt and total timeouts, the retry policy, and Propexo's
/// `ignore_unknown_fields` for writes. Unset options keep the client's.
/// `Debug` shows header names only: a header may carry a secret.
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct RequestOptions {
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    timeout: Option<Duration>,
    total_timeout: Option<Option<Duration>>,
    retry: Option<RetryPolicy>,
    ignore_unknown_fields: bool,
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("query", &self.query)
            .field("headers", &headers)
            .field("timeout", &self.timeout)
            .field("total_timeout", &self.total_timeout)
            .field("retry", &self.retry)
            .field("ignore_unknown_fields", &self.ignore_unknown_fields)
            .finish()
    }
}

impl RequestOptions {
    /// No options: everything as the client has it.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// Adds a query parameter to every request (e.g. a parameter the
    /// document does not list yet).
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Adds a header to every request. `Authorization`, `Host`,
    /// `Content-Type`, `Content-Length`, `Transfer-Encoding`, `Cookie` and
    /// `Proxy-Authorization` are set by the client and refused here (the
    /// call is then an [`Error::InvalidRequest`]), as are names or values
    /// a header cannot carry.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Gives up on one attempt after `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Gives up on a call, retries included, after `timeout`.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(Some(timeout));
        self
    }

    /// Retries as `policy` says ([`RetryPolicy::none`] to send once).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Sends `ignore_unknown_fields=true` with writes (POST, PUT, PATCH):
    /// Propexo then drops body fields the PMS does not know instead of
    /// refusing the write (see Propexo's write-requests guide). Reads are
    /// sent unchanged.
    pub fn ignore_unknown_fields(mut self) -> Self {
        self.ignore_unknown_fields = true;
        self
    }

    /// `other` on top of `self`: its headers and query parameters are
    /// added, its timeouts and policy replace these when set.
    fn merge(&mut self, other: RequestOptions) {
        self.query.extend(other.query);
        self.headers.extend(other.headers);
        self.timeout = other.timeout.or(self.timeout);
        self.total_timeout = other.total_timeout.or(self.total_timeout);
        self.retry = other.retry.or(self.retry.take());
        self.ignore_unknown_fields |= other.ignore_unknown_fields;
    }

    /// The request with these options' headers and query parameters.
    fn apply(&self, mut request: Request) -> Result<Request, String> {
        for (name, value) in &self.headers {
            add_header(&mut request.headers, name, value)?;
        }
        request.query.extend(self.query.iter().cloned());
        if self.ignore_unknown_fields && request.is_write() {
            request.query.push(("ignore_unknown_fields".to_owned(), "true".to_owned()));
        }
        Ok(request)
    }
}
