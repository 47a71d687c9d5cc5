//! The HTTP client every endpoint function takes.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{ApiError, Error, ErrorBody};
use crate::runtime;

/// A client for the Propexo API: a connection pool, a base URL and a
/// bearer token. Cheap to clone; clones share the pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    token: Token,
}

/// The bearer token; never shown by `Debug`.
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
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the default environment (production) with `token`.
    pub fn new(token: impl Into<String>) -> Self {
        Client {
            http: reqwest::Client::new(),
            base_url: crate::DEFAULT_BASE_URL.to_owned(),
            token: Token::new(&token.into()),
        }
    }

    /// A builder to choose the environment or any base URL, a timeout or
    /// an HTTP client of your own.
    pub fn builder(token: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            token: token.into(),
            base_url: crate::DEFAULT_BASE_URL.to_owned(),
            timeout: None,
            http: None,
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends a request an endpoint function built and decodes the answer.
    #[doc(hidden)]
    pub async fn send<T: DeserializeOwned, E: DeserializeOwned>(&self, request: Request) -> Result<T, Error<E>> {
        let operation = request.operation;
        let invalid = |message: String| Error::InvalidRequest { operation, message };
        if let Some(problem) = request.problem {
            return Err(invalid(problem));
        }
        if self.base_url.is_empty() {
            return Err(invalid("the client has no base URL".to_owned()));
        }
        let url = format!("{}{}", self.base_url, request.path);
        let mut builder = self
            .http
            .request(request.method, url)
            .header(reqwest::header::AUTHORIZATION, self.token.0.clone())
            .header(ACCEPT, "application/json");
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        if let Some(body) = request.body {
            builder = builder.header(CONTENT_TYPE, "application/json").body(body);
        }
        let response = builder.send().await.map_err(Error::Transport)?;
        let status = response.status().as_u16();
        let request_id = response
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = response.bytes().await.map_err(Error::Transport)?;
        if (200..300).contains(&status) {
            // An empty success body reads as `null` (for operations that
            // document none).
            let body: &[u8] = if bytes.is_empty() { b"null" } else { &bytes };
            serde_json::from_slice(body).map_err(|source| Error::Decode {
                operation,
                status,
                snippet: runtime::snippet(&bytes),
                source,
            })
        } else {
            let body = match serde_json::from_slice::<E>(&bytes) {
                Ok(parsed) => ErrorBody::Parsed(parsed),
                Err(_) => ErrorBody::Raw(String::from_utf8_lossy(&bytes).into_owned()),
            };
            Err(Error::Api(ApiError {
                operation,
                status,
                body,
                request_id,
            }))
        }
    }
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
#[derive(Debug)]
pub struct ClientBuilder {
    token: String,
    base_url: String,
    timeout: Option<Duration>,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// Sends requests to `url` (e.g. a mock server) instead of production.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into().trim_end_matches('/').to_owned();
        self
    }

    /// Gives up on a request after `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
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
            None => {
                let mut builder = reqwest::Client::builder();
                if let Some(timeout) = self.timeout {
                    builder = builder.timeout(timeout);
                }
                builder.build()?
            }
        };
        Ok(Client {
            http,
            base_url: self.base_url,
            token: Token::new(&self.token),
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
