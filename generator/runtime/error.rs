//! Errors of API calls.

use std::fmt;

/// What can go wrong calling the API. `E` is the type of the error body
/// the operation documents (Propexo's `errorResponse`).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = serde_json::Value> {
    /// The API answered with a status other than 2xx.
    Api(ApiError<E>),
    /// The API answered 429 (too many requests) and retrying did not help
    /// within the retry policy and the total timeout.
    RateLimited {
        /// The endpoint function, e.g. `leads::update`.
        operation: &'static str,
        /// How long the API asked to wait (`Retry-After`), if it said.
        retry_after: Option<std::time::Duration>,
        /// The body of the answer.
        body: ErrorBody<E>,
    },
    /// No answer came within the timeout.
    Timeout {
        /// The endpoint function, e.g. `leads::update`.
        operation: &'static str,
        /// Time spent on the call, retries included.
        elapsed: std::time::Duration,
    },
    /// The request could not be sent or the answer not received.
    Transport(reqwest::Error),
    /// The answer was a success but its body is not what the operation
    /// documents.
    Decode {
        /// The endpoint function, e.g. `leads::update`.
        operation: &'static str,
        /// The HTTP status of the answer.
        status: u16,
        /// The start of the body, for diagnosis.
        snippet: String,
        /// What did not match.
        source: serde_json::Error,
    },
    /// The request could not be made: its body or query could not be
    /// encoded, a path parameter was not a usable path segment, or the
    /// client has no base URL.
    InvalidRequest {
        /// The endpoint function, e.g. `leads::update`.
        operation: &'static str,
        /// What is wrong.
        message: String,
    },
}

/// A non-2xx answer.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError<E> {
    /// The endpoint function, e.g. `leads::update`.
    pub operation: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// The body, parsed when it has the documented shape.
    pub body: ErrorBody<E>,
    /// The `x-request-id` header of the answer, if any.
    pub request_id: Option<String>,
}

/// The body of an error answer.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorBody<E> {
    /// The documented error shape.
    Parsed(E),
    /// Anything else (an HTML page from a proxy, an empty body), as sent.
    Raw(String),
}

impl<E> Error<E> {
    /// The HTTP status, when the API answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::RateLimited { .. } => Some(429),
            Error::Timeout { .. } => None,
            Error::Decode { status, .. } => Some(*status),
            Error::Transport(e) => e.status().map(|s| s.as_u16()),
            Error::InvalidRequest { .. } => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => {
                write!(f, "{} failed with HTTP {}", e.operation, e.status)?;
                match &e.body {
                    ErrorBody::Parsed(body) => write!(f, ": {body:?}"),
                    ErrorBody::Raw(raw) if raw.is_empty() => Ok(()),
                    ErrorBody::Raw(raw) => write!(f, ": {}", crate::runtime::snippet(raw.as_bytes())),
                }
            }
            Error::RateLimited { operation, retry_after, .. } => {
                write!(f, "{operation}: rate limited by the API")?;
                match retry_after {
                    Some(wait) => write!(f, " (retry after {} s)", wait.as_secs()),
                    None => Ok(()),
                }
            }
            Error::Timeout { operation, elapsed } => {
                write!(f, "{operation}: no answer after {:.1} s", elapsed.as_secs_f64())
            }
            Error::Transport(e) => write!(f, "cannot reach the API: {e}"),
            Error::Decode { operation, status, source, .. } => {
                write!(f, "{operation}: unexpected body in the HTTP {status} answer: {source}")
            }
            Error::InvalidRequest { operation, message } => write!(f, "{operation}: {message}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Decode { source, .. } => Some(source),
            _ => None,
        }
    }
}
