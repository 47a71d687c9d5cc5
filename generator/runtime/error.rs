//! Errors of API calls.

use std::fmt;

/// What can go wrong calling the API: one type for every operation, so
/// that `?` works across all of them and in your own functions returning
/// [`crate::Result`].
///
/// The methods answer the usual questions without matching:
/// [`status`](Error::status), [`message`](Error::message) (the API's own
/// words), [`request_id`](Error::request_id), [`retry_after`](Error::retry_after),
/// [`is_retryable`](Error::is_retryable) and [`job_id`](Error::job_id)
/// (a write that was accepted even though the call failed). `Display` is
/// one line: operation, status, the API's message and the request id.
///
/// Nothing in an error built from an answer contains the client's token:
/// it is replaced by `<redacted>` wherever a server echoes it back.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a status other than 2xx. Redirects (3xx) are
    /// never followed and end here too.
    Api(ApiError),
    /// The API answered 429 (too many requests) and retrying did not help
    /// within the retry policy and the total timeout.
    RateLimited {
        /// The endpoint function, e.g. `leads::update`.
        operation: &'static str,
        /// How long the API asked to wait (`Retry-After`), if it said.
        retry_after: Option<std::time::Duration>,
        /// The body of the answer.
        body: ErrorBody,
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
    /// A request value could not be built: a required field was not set
    /// (see the `builder()` of request types).
    Build(crate::BuildError),
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
pub struct ApiError {
    /// The endpoint function, e.g. `leads::update`.
    pub operation: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// The body. Only its first [`MAX_ERROR_BODY`](crate::MAX_ERROR_BODY)
    /// bytes are read.
    pub body: ErrorBody,
    /// The `x-request-id` header of the answer, if any.
    pub request_id: Option<String>,
}

impl ApiError {
    /// The API's message, from where the document's error schema keeps it
    /// (e.g. `error.message`).
    pub fn message(&self) -> Option<&str> {
        self.body.message()
    }

    /// The API's error code, from where the document's error schema keeps
    /// it (e.g. `error.code`).
    pub fn code(&self) -> Option<&str> {
        self.body.code()
    }
}

/// The body of an error answer.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorBody {
    /// A JSON body (usually the document's error shape; read it typed with
    /// [`ErrorBody::parse`]).
    Json(serde_json::Value),
    /// Anything else (an HTML page from a proxy, an empty body), as sent,
    /// up to [`MAX_ERROR_BODY`](crate::MAX_ERROR_BODY) bytes.
    Raw(String),
}

impl ErrorBody {
    /// The body read as `T`, e.g. the crate's `types::ErrorResponse`;
    /// `None` when it is not JSON of that shape.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        match self {
            ErrorBody::Json(value) => T::deserialize(value).ok(),
            ErrorBody::Raw(_) => None,
        }
    }

    /// The API's message: the first string found at the places the
    /// document's error schema names.
    pub fn message(&self) -> Option<&str> {
        self.string_at(crate::ERROR_FIELDS.message)
    }

    /// The API's error code: the first string found at the places the
    /// document's error schema names.
    pub fn code(&self) -> Option<&str> {
        self.string_at(crate::ERROR_FIELDS.code)
    }

    fn string_at(&self, pointers: &[&str]) -> Option<&str> {
        let ErrorBody::Json(value) = self else { return None };
        pointers.iter().find_map(|p| value.pointer(p).and_then(serde_json::Value::as_str))
    }
}

/// Where the document's error schema keeps the message and the code, as
/// JSON pointers, tried in order (generated from the document).
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct ErrorFields {
    /// Pointers to the message.
    pub message: &'static [&'static str],
    /// Pointers to the code.
    pub code: &'static [&'static str],
}

impl Error {
    /// The endpoint function the error comes from, e.g. `leads::update`
    /// (`None` for a request value that could not be built).
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Api(e) => Some(e.operation),
            Error::RateLimited { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::Decode { operation, .. }
            | Error::Record { operation, .. }
            | Error::BodyTooLarge { operation, .. }
            | Error::Pagination { operation, .. }
            | Error::InvalidRequest { operation, .. } => Some(operation),
            Error::Transport(_) | Error::Build(_) => None,
        }
    }

    /// The API's own message, when it answered with an error body that
    /// has one (`error.message` in Propexo's error shape).
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.message(),
            Error::RateLimited { body, .. } => body.message(),
            _ => None,
        }
    }

    /// The API's error code, when its error body has one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.code(),
            Error::RateLimited { body, .. } => body.code(),
            _ => None,
        }
    }

    /// The `x-request-id` of the answer, to quote to Propexo's support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// How long the API asked to wait before trying again (`Retry-After`
    /// of a 429), when it said.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Whether the same call may succeed later: rate limits, timeouts,
    /// transport failures and 5xx answers. A write is only safe to send
    /// again when [`job_id`](Error::job_id) is `None`, and even then the
    /// server may have applied it (a timeout after sending); the client
    /// has already retried what it could prove safe.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::RateLimited { .. } | Error::Timeout { .. } | Error::Transport(_) => true,
            Error::Api(e) => e.status >= 500,
            _ => false,
        }
    }

    /// The HTTP status, when the API answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::RateLimited { .. } => Some(429),
            Error::Decode { status, .. } | Error::BodyTooLarge { status, .. } => Some(*status),
            Error::Transport(e) => e.status().map(|s| s.as_u16()),
            Error::Timeout { .. } | Error::Record { .. } | Error::Pagination { .. } | Error::InvalidRequest { .. } | Error::Build(_) => None,
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => {
                write!(f, "{}: HTTP {}", e.operation, e.status)?;
                match (&e.body, e.message()) {
                    (_, Some(message)) => write!(f, ": {}", one_line(message))?,
                    (ErrorBody::Raw(raw), None) if !raw.trim().is_empty() => write!(f, ": {}", one_line(&crate::runtime::snippet(raw.as_bytes())))?,
                    (ErrorBody::Json(json), None) => write!(f, ": {}", one_line(&crate::runtime::snippet(json.to_string().as_bytes())))?,
                    _ => {}
                }
                match &e.request_id {
                    Some(id) => write!(f, " (request id {id})"),
                    None => Ok(()),
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
            Error::Build(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Build(e) => Some(e),
            Error::Decode { error, .. } | Error::Record { error, .. } => Some(&**error),
            _ => None,
        }
    }
}

impl From<crate::BuildError> for Error {
    fn from(error: crate::BuildError) -> Self {
        Error::Build(error)
    }
}

/// `text` on one line: a server's message may hold line breaks or control
/// characters, which would break logs that expect one line per error.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").chars().map(|c| if c.is_control() { '\u{FFFD}' } else { c }).collect()
}
