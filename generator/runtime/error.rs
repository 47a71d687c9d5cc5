//! Errors of API calls.

use std::fmt;

/// What can go wrong calling the API. `E` is the type of the error body
/// the operation documents (Propexo's `errorResponse`).
///
/// Nothing in an error built from an answer contains the client's token:
/// it is replaced by `<redacted>` wherever a server echoes it back.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = serde_json::Value> {
    /// The API answered with a status other than 2xx. Redirects (3xx) are
    /// never followed and end here too.
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
    /// The call did not end within the client's total timeout (or one
    /// attempt within the per-attempt timeout, or a write job within the
    /// deadline of `jobs::wait_for_write`).
    Timeout {
        /// The endpoint function, e.g. `leads::update`.
        operation: &'static str,
        /// Time spent on the call, retries included.
        elapsed: std::time::Duration,
    },
    /// The request could not be sent or the answer not received.
    Transport(reqwest::Error),
    /// The answer was a success but its body is not what the operation
    /// documents, even with the tolerance described in the crate docs.
    Decode {
        /// The endpoint function, e.g. `leads::update`.
        operation: &'static str,
        /// The HTTP status of the answer.
        status: u16,
        /// Where in the body and why.
        error: Box<DecodeError>,
        /// The start of the body, for diagnosis.
        snippet: String,
        /// The write job id, when the answer carried one (`job_id` or
        /// `meta.job_id`): the write was accepted, do not send it again.
        job_id: Option<String>,
    },
    /// One record of a list page could not be decoded. A list stream
    /// yields this for the record and goes on with the next one.
    Record {
        /// The endpoint function, e.g. `leads::list`.
        operation: &'static str,
        /// The record's position in the whole list (its page's offset plus
        /// its index in the page).
        position: i64,
        /// Where in the page (`results[1].desired_num_bedrooms`) and why.
        error: Box<DecodeError>,
        /// The whole record as sent, so that nothing is lost.
        record: String,
    },
    /// The answer's body was larger than the client accepts
    /// ([`ClientBuilder::max_body_bytes`](crate::ClientBuilder::max_body_bytes));
    /// it was not read further.
    BodyTooLarge {
        /// The endpoint function, e.g. `leads::list`.
        operation: &'static str,
        /// The HTTP status of the answer.
        status: u16,
        /// The limit in bytes.
        limit: usize,
    },
    /// A list stream stopped because the server made no progress (the
    /// same page again), the page cap was reached, or the offset would
    /// overflow.
    Pagination {
        /// The endpoint function, e.g. `leads::list`.
        operation: &'static str,
        /// What happened.
        reason: String,
    },
    /// The request could not be made: its body or query could not be
    /// encoded, a path parameter was not a usable path segment, or the
    /// base URL is not acceptable (not HTTPS outside loopback, credentials
    /// in it).
    InvalidRequest {
        /// The endpoint function, e.g. `leads::update`.
        operation: &'static str,
        /// What is wrong.
        message: String,
    },
}

/// Why a body (or one record) could not be decoded, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// The JSON path of the value that did not match, e.g.
    /// `results[1].desired_num_bedrooms`; `.` is the whole body.
    pub path: String,
    /// What did not match.
    pub message: String,
    /// The offending value as sent, truncated, when it could be found.
    pub value: Option<String>,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at `{}`: {}", self.path, self.message)?;
        if let Some(value) = &self.value {
            write!(f, " (value: {value})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// A non-2xx answer.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError<E> {
    /// The endpoint function, e.g. `leads::update`.
    pub operation: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// The body, parsed when it has the documented shape. Only its first
    /// [`MAX_ERROR_BODY`](crate::MAX_ERROR_BODY) bytes are read.
    pub body: ErrorBody<E>,
    /// The `x-request-id` header of the answer, if any.
    pub request_id: Option<String>,
}

/// The body of an error answer.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorBody<E> {
    /// The documented error shape.
    Parsed(E),
    /// Anything else (an HTML page from a proxy, an empty body), as sent,
    /// up to [`MAX_ERROR_BODY`](crate::MAX_ERROR_BODY) bytes.
    Raw(String),
}

impl<E> Error<E> {
    /// The HTTP status, when the API answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::RateLimited { .. } => Some(429),
            Error::Decode { status, .. } | Error::BodyTooLarge { status, .. } => Some(*status),
            Error::Transport(e) => e.status().map(|s| s.as_u16()),
            Error::Timeout { .. } | Error::Record { .. } | Error::Pagination { .. } | Error::InvalidRequest { .. } => None,
        }
    }

    /// The write job id a failed write call still carries: the write was
    /// accepted, and sending it again would apply it twice.
    pub fn job_id(&self) -> Option<&str> {
        match self {
            Error::Decode { job_id, .. } => job_id.as_deref(),
            _ => None,
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
            Error::Decode { operation, status, error, job_id, .. } => {
                write!(f, "{operation}: unexpected body in the HTTP {status} answer {error}")?;
                match job_id {
                    Some(job) => write!(f, "; the write was accepted as job {job}"),
                    None => Ok(()),
                }
            }
            Error::Record { operation, position, error, .. } => {
                write!(f, "{operation}: record {position} of the list cannot be decoded {error}")
            }
            Error::BodyTooLarge { operation, status, limit } => {
                write!(f, "{operation}: the HTTP {status} answer is larger than {limit} bytes")
            }
            Error::Pagination { operation, reason } => write!(f, "{operation}: {reason}"),
            Error::InvalidRequest { operation, message } => write!(f, "{operation}: {message}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Decode { error, .. } | Error::Record { error, .. } => Some(&**error),
            _ => None,
        }
    }
}
