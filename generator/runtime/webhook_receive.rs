//! Receiving Propexo's webhooks: checking a delivery's signature and
//! reading its body. Copied into crates whose document has `webhooks`; its
//! public items are re-exported from the module that hosts the receive side
//! (with the generated `Event` enum), so this module is private.
//!
//! Propexo sends every delivery as a JSON `POST` with a `propexo-signature`
//! header: the lowercase hex HMAC-SHA256 of the raw body, keyed with the
//! webhook secret. The HMAC and its constant-time comparison are RustCrypto's
//! (`hmac`, `sha2`); nothing here compares secrets by hand.

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The header that carries a delivery's signature.
pub const SIGNATURE_HEADER: &str = "propexo-signature";

/// Bytes in an HMAC-SHA256.
const SIGNATURE_LEN: usize = 32;

/// A webhook secret (from the Webhooks settings of Propexo's dashboard).
///
/// `Debug` never shows it. An empty secret is refused by [`verify`]: it
/// usually means a missing configuration value, and would let anyone sign.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret(Vec<u8>);

impl WebhookSecret {
    /// The secret as Propexo shows it: its text is the HMAC key, as is.
    pub fn new(secret: impl Into<Vec<u8>>) -> Self {
        WebhookSecret(secret.into())
    }
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret(<redacted>)")
    }
}

impl AsRef<[u8]> for WebhookSecret {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<String> for WebhookSecret {
    fn from(secret: String) -> Self {
        WebhookSecret::new(secret)
    }
}

impl From<&str> for WebhookSecret {
    fn from(secret: &str) -> Self {
        WebhookSecret::new(secret)
    }
}

impl From<Vec<u8>> for WebhookSecret {
    fn from(secret: Vec<u8>) -> Self {
        WebhookSecret(secret)
    }
}

/// Why a delivery's signature was not accepted. None of them carries the
/// expected signature (or anything derived from the secret).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// No `propexo-signature` header, or an empty one.
    MissingSignature,
    /// The header is not 64 hexadecimal digits (a hex HMAC-SHA256).
    MalformedSignature,
    /// The signature is not the body's: wrong secret, or a changed body.
    Mismatch,
    /// The secret given to [`verify`] is empty (a configuration mistake).
    EmptySecret,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            VerifyError::MissingSignature => "the delivery has no `propexo-signature` header",
            VerifyError::MalformedSignature => {
                "the `propexo-signature` header is not a hex HMAC-SHA256"
            }
            VerifyError::Mismatch => "the signature does not match the body",
            VerifyError::EmptySecret => "the webhook secret is empty",
        })
    }
}

impl std::error::Error for VerifyError {}

/// Checks that `body` (the raw bytes received, before any JSON parsing) was
/// signed with `secret`, given the value of the `propexo-signature` header
/// (`None` when the request has none).
///
/// The comparison takes the same time wherever the signatures differ.
/// Upper-case hex and surrounding spaces are accepted.
///
/// ```
/// use propexo::webhooks::{verify, VerifyError};
///
/// let body = br#"{"integration_id":"int_1"}"#;
/// let header = "8f6a4b6d7a1f0a4b7bb1ccf6b3d2c7c5d8d1e1bcb6a6d4c9b1c2d3e4f5a6b7c8";
/// assert_eq!(verify("secret", Some(header), body), Err(VerifyError::Mismatch));
/// assert_eq!(verify("secret", None::<&str>, body), Err(VerifyError::MissingSignature));
/// ```
pub fn verify<S: AsRef<[u8]>>(
    secret: impl AsRef<[u8]>,
    signature: Option<S>,
    body: &[u8],
) -> Result<(), VerifyError> {
    let secret = secret.as_ref();
    if secret.is_empty() {
        return Err(VerifyError::EmptySecret);
    }
    let supplied = match &signature {
        Some(value) => value.as_ref().trim_ascii(),
        None => return Err(VerifyError::MissingSignature),
    };
    if supplied.is_empty() {
        return Err(VerifyError::MissingSignature);
    }
    let mut supplied_mac = [0u8; SIGNATURE_LEN];
    hex::decode_to_slice(supplied, &mut supplied_mac)
        .map_err(|_| VerifyError::MalformedSignature)?;
    // HMAC takes keys of any length, so this cannot fail; a failure would
    // still refuse the delivery rather than accept it.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return Err(VerifyError::Mismatch);
    };
    mac.update(body);
    mac.verify_slice(&supplied_mac)
        .map_err(|_| VerifyError::Mismatch)
}

/// The lowercase hex signature Propexo sends for `body`: for tests and
/// local tools that play Propexo's part.
pub fn sign(secret: impl AsRef<[u8]>, body: &[u8]) -> String {
    // See `verify`: HMAC accepts every key length.
    match Hmac::<Sha256>::new_from_slice(secret.as_ref()) {
        Ok(mut mac) => {
            mac.update(body);
            hex::encode(mac.finalize().into_bytes())
        }
        Err(_) => String::new(),
    }
}

/// A delivery body that is not JSON at all. Anything that is JSON parses,
/// into [`UnknownEvent`] when it has no known shape.
#[derive(Debug)]
pub struct ParseError(serde_json::Error);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the webhook body is not JSON: {}", self.0)
    }
}

impl std::error::Error for ParseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// A delivery that is not one of the events this version of the crate
/// knows, kept as sent: an unknown trigger, no trigger at all, or a body
/// without the documented shape of its trigger (then [`reason`] says what
/// did not fit).
///
/// [`reason`]: UnknownEvent::reason
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownEvent {
    trigger: Option<String>,
    payload: serde_json::Value,
    reason: String,
}

impl UnknownEvent {
    /// The trigger the delivery was for, when known.
    pub fn trigger(&self) -> Option<&str> {
        self.trigger.as_deref()
    }

    /// The JSON payload (unwrapped from the `{"trigger", "data"}` envelope
    /// when the delivery had one, see [`Event::parse`](crate::webhooks::Event::parse)).
    pub fn payload(&self) -> &serde_json::Value {
        &self.payload
    }

    pub fn into_payload(self) -> serde_json::Value {
        self.payload
    }

    /// Why the delivery is not a known event.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// Decodes a record of a data event's `diff` (`previous` or `new`) as `T`.
/// Diffs of updates hold only the changed fields, so `T` is usually a
/// struct of your own with optional fields; a whole model type (say
/// `propexo::types::Lease`) only decodes when every field it requires is
/// there.
pub fn decode_record<T: serde::de::DeserializeOwned>(
    record: &serde_json::Map<String, serde_json::Value>,
) -> Result<T, serde_json::Error> {
    serde_json::from_value(serde_json::Value::Object(record.clone()))
}

/// An event type that a delivery can be parsed into: the generated `Event`.
pub trait ParseEvent: Sized {
    /// Parses `body`, delivered for `trigger` when the receiver knows it.
    fn parse_delivery(trigger: Option<&str>, body: &[u8]) -> Result<Self, ParseError>;
}

/// A delivery read as JSON, with the trigger it is for; the generated
/// `Event` turns it into its variant.
#[doc(hidden)]
#[derive(Debug)]
pub struct Delivery {
    trigger: Option<String>,
    payload: serde_json::Value,
}

impl Delivery {
    /// Reads `body` delivered for `trigger`.
    ///
    /// A delivery in Propexo's envelope, `{"trigger": "…", "data": {…}}`
    /// (as its 2024 OpenAPI document and its system overview page show
    /// them), is unwrapped: its own trigger wins over the one given (it is
    /// what Propexo says this delivery is), and the envelope's other keys
    /// (data events carry `meta` there) join the payload, which gives the
    /// flat shape of the webhook pages' examples. When such a key is also
    /// in `data`, the body is not unwrapped, so nothing is dropped.
    pub fn read(trigger: Option<&str>, body: &[u8]) -> Result<Self, ParseError> {
        let value: serde_json::Value = serde_json::from_slice(body).map_err(ParseError)?;
        match value {
            serde_json::Value::Object(map) if is_envelope(&map) => {
                let mut envelope = map;
                let trigger = match envelope.remove("trigger") {
                    Some(serde_json::Value::String(trigger)) => Some(trigger),
                    _ => None,
                };
                let mut payload = match envelope.remove("data") {
                    Some(serde_json::Value::Object(data)) => data,
                    _ => serde_json::Map::new(),
                };
                payload.extend(envelope);
                Ok(Delivery {
                    trigger,
                    payload: serde_json::Value::Object(payload),
                })
            }
            payload => Ok(Delivery {
                trigger: trigger.map(str::to_owned),
                payload,
            }),
        }
    }

    pub fn trigger(&self) -> Option<&str> {
        self.trigger.as_deref()
    }

    /// The payload as `T` wrapped by `known`, or kept by `unknown` with the
    /// reason it is not a `T`.
    // Unused in a crate whose document's webhooks give no `Event` variant
    // (older documents name their one webhook `/`).
    #[allow(dead_code)]
    pub fn decode<T: serde::de::DeserializeOwned, E>(
        self,
        known: impl FnOnce(T) -> E,
        unknown: impl FnOnce(UnknownEvent) -> E,
    ) -> E {
        match T::deserialize(&self.payload) {
            Ok(event) => known(event),
            Err(err) => unknown(UnknownEvent {
                reason: format!(
                    "the body does not have the documented shape of {}: {err}",
                    self.trigger.as_deref().unwrap_or("its trigger")
                ),
                trigger: self.trigger,
                payload: self.payload,
            }),
        }
    }

    /// The delivery as an [`UnknownEvent`], for a trigger with no variant.
    pub fn into_unknown(self) -> UnknownEvent {
        let reason = match &self.trigger {
            Some(trigger) => format!("the trigger {trigger:?} is not known to this version of the crate"),
            None => "the delivery names no trigger and the receiver gave none".to_owned(),
        };
        UnknownEvent {
            trigger: self.trigger,
            payload: self.payload,
            reason,
        }
    }
}

/// `{"trigger": "…", "data": {…}, …}` whose other keys are not in `data`.
fn is_envelope(map: &serde_json::Map<String, serde_json::Value>) -> bool {
    let (Some(serde_json::Value::String(_)), Some(serde_json::Value::Object(data))) =
        (map.get("trigger"), map.get("data"))
    else {
        return false;
    };
    map.keys()
        .filter(|k| *k != "trigger" && *k != "data")
        .all(|k| !data.contains_key(k))
}

#[cfg(feature = "axum")]
pub use self::axum_receiver::{Rejection, Verified, WebhookReceiver, DEFAULT_MAX_BODY_BYTES};

/// The `axum` extractor (feature `axum`).
#[cfg(feature = "axum")]
mod axum_receiver {
    use axum::extract::{FromRef, FromRequest, Request};
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};
    use http_body_util::BodyExt;

    use super::{verify, ParseError, ParseEvent, VerifyError, WebhookSecret, SIGNATURE_HEADER};

    /// The largest body [`WebhookReceiver`] reads unless told otherwise
    /// (1 MiB); Propexo's deliveries are a record's changes, far smaller.
    pub const DEFAULT_MAX_BODY_BYTES: usize = 1 << 20;

    /// How a route receives deliveries: the secret, the trigger the route's
    /// URL is registered for, and a body size limit. Put it in the route's
    /// state (or make it [`FromRef`] of your state).
    #[derive(Debug, Clone)]
    pub struct WebhookReceiver {
        secret: WebhookSecret,
        trigger: Option<String>,
        max_body_bytes: usize,
    }

    impl WebhookReceiver {
        pub fn new(secret: impl Into<WebhookSecret>) -> Self {
            WebhookReceiver {
                secret: secret.into(),
                trigger: None,
                max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            }
        }

        /// The trigger (`DATA_UPDATE`, …) this route's URL is registered
        /// for, for deliveries that do not name theirs: the webhook pages
        /// show bare payloads. Deliveries in a `{"trigger", "data"}`
        /// envelope name their own; without either, the delivery is
        /// `Event::Unknown`, kept as sent.
        pub fn trigger(mut self, trigger: impl Into<String>) -> Self {
            self.trigger = Some(trigger.into());
            self
        }

        /// Bodies longer than this are refused with 413 before verification.
        pub fn max_body_bytes(mut self, limit: usize) -> Self {
            self.max_body_bytes = limit;
            self
        }
    }

    /// A delivery whose signature was checked, parsed into `E` (the
    /// generated `Event`), with the raw body for queueing or logging.
    ///
    /// As an extractor it answers 401 for a missing, malformed or wrong
    /// signature (also for several `propexo-signature` headers), 413 for a
    /// body over the limit and 400 for a body that cannot be read or is
    /// not JSON.
    #[derive(Debug, Clone)]
    #[non_exhaustive]
    pub struct Verified<E> {
        pub event: E,
        pub body: bytes::Bytes,
    }

    /// Why a delivery was refused; its response says so without details
    /// about the expected signature.
    #[derive(Debug)]
    #[non_exhaustive]
    pub enum Rejection {
        /// 401 Unauthorized.
        Signature(VerifyError),
        /// 413 Payload Too Large.
        TooLarge { limit: usize },
        /// 400 Bad Request: the body could not be read.
        Unreadable,
        /// 400 Bad Request: the body is not JSON.
        NotJson(ParseError),
    }

    impl Rejection {
        pub fn status(&self) -> StatusCode {
            match self {
                Rejection::Signature(_) => StatusCode::UNAUTHORIZED,
                Rejection::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                Rejection::Unreadable | Rejection::NotJson(_) => StatusCode::BAD_REQUEST,
            }
        }
    }

    impl std::fmt::Display for Rejection {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                Rejection::Signature(e) => e.fmt(f),
                Rejection::TooLarge { limit } => {
                    write!(f, "the webhook body is longer than {limit} bytes")
                }
                Rejection::Unreadable => f.write_str("the webhook body could not be read"),
                Rejection::NotJson(e) => e.fmt(f),
            }
        }
    }

    impl std::error::Error for Rejection {}

    impl IntoResponse for Rejection {
        fn into_response(self) -> Response {
            tracing::warn!(status = self.status().as_u16(), reason = %self, "webhook delivery refused");
            (self.status(), self.to_string()).into_response()
        }
    }

    impl<S, E> FromRequest<S> for Verified<E>
    where
        WebhookReceiver: FromRef<S>,
        S: Send + Sync,
        E: ParseEvent,
    {
        type Rejection = Rejection;

        async fn from_request(req: Request, state: &S) -> Result<Self, Rejection> {
            let receiver = WebhookReceiver::from_ref(state);
            let (parts, body) = req.into_parts();
            let mut signatures = parts.headers.get_all(SIGNATURE_HEADER).iter();
            let signature = signatures.next().map(|v| v.as_bytes().to_vec());
            if signatures.next().is_some() {
                return Err(Rejection::Signature(VerifyError::MalformedSignature));
            }
            let Some(signature) = signature else {
                // Refused before reading a body nobody signed.
                return Err(Rejection::Signature(VerifyError::MissingSignature));
            };
            let limit = receiver.max_body_bytes;
            let body = http_body_util::Limited::new(body, limit)
                .collect()
                .await
                .map_err(|err| {
                    if err.is::<http_body_util::LengthLimitError>() {
                        Rejection::TooLarge { limit }
                    } else {
                        Rejection::Unreadable
                    }
                })?
                .to_bytes();
            verify(&receiver.secret, Some(&signature), &body).map_err(Rejection::Signature)?;
            let event = E::parse_delivery(receiver.trigger.as_deref(), &body)
                .map_err(Rejection::NotJson)?;
            Ok(Verified { event, body })
        }
    }
}
