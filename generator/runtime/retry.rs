//! When to retry a request and how long to wait first.
//!
//! Propexo allows 150 requests a minute, slows answers past 80% of that and
//! answers 429 until the minute resets; writes are asynchronous jobs that
//! are not idempotent. So:
//!
//! - 429 is retried for every method: the request was not processed. The
//!   wait is `Retry-After` (seconds or an HTTP date) when present, else the
//!   time to the next minute boundary (the documented reset).
//! - A connection that could not be established is retried for every
//!   method: nothing was sent.
//! - 5xx answers, timeouts and other transport failures are retried for
//!   reads (`GET`, `HEAD`) only: a write may have been processed, and
//!   retrying it could create or apply it twice.
//!
//! Waits grow exponentially with jitter, capped by [`RetryPolicy`].

use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;
use reqwest::Method;

/// How often and how patiently a [`Client`](crate::Client) retries.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 turns retrying off).
    pub max_retries: u32,
    /// The first backoff; each retry doubles it.
    pub initial_backoff: Duration,
    /// No backoff (nor `Retry-After` wait) is longer than this.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// This policy with `max_retries` retries.
    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// This policy with `initial` as the first backoff and `max` as the cap.
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max;
        self
    }

    /// The exponential backoff before retry number `retry` (1-based), with
    /// jitter: uniformly between half and all of it.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let exponent = retry.saturating_sub(1).min(16);
        let full = self.initial_backoff.saturating_mul(1 << exponent).min(self.max_backoff);
        let half = full / 2;
        // Integer arithmetic: no float rounding can push a huge backoff
        // past `Duration::MAX`.
        let fraction = (jitter() * 4_294_967_296.0) as u128;
        let extra = half.as_nanos().saturating_mul(fraction) >> 32;
        let extra = Duration::new(u64::try_from(extra / 1_000_000_000).unwrap_or(u64::MAX), (extra % 1_000_000_000) as u32);
        half.saturating_add(extra)
    }
}

/// What one attempt came to, as far as retrying is concerned.
pub(crate) enum Outcome<'a> {
    Status(u16, &'a HeaderMap),
    ConnectFailed,
    OtherTransportFailure,
    /// An answer that retrying cannot change (a body over the limit, an
    /// answer from another origin).
    Final,
}

/// Why a request is retried, for logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reason {
    RateLimited,
    ServerError,
    ConnectFailed,
    TransportFailure,
}

/// Whether to retry after `outcome`, and after how long.
pub(crate) fn decide(method: &Method, outcome: &Outcome<'_>, retry: u32, policy: &RetryPolicy) -> Option<(Reason, Duration)> {
    if retry > policy.max_retries {
        return None;
    }
    let read = *method == Method::GET || *method == Method::HEAD;
    match outcome {
        Outcome::Status(429, headers) => {
            let wait = retry_after(headers).unwrap_or_else(|| until_next_minute(headers) + policy.backoff(1).min(Duration::from_secs(1)));
            Some((Reason::RateLimited, wait.min(policy.max_backoff)))
        }
        Outcome::Status(status, _) if *status >= 500 && read => Some((Reason::ServerError, policy.backoff(retry))),
        Outcome::ConnectFailed => Some((Reason::ConnectFailed, policy.backoff(retry))),
        Outcome::OtherTransportFailure if read => Some((Reason::TransportFailure, policy.backoff(retry))),
        _ => None,
    }
}

/// `Retry-After` as seconds or as an HTTP date (compared with the
/// answer's `Date` header, or the local clock when it has none). Huge
/// values saturate; a date in the past is no wait.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?.timestamp_millis();
    let now = headers
        .get(reqwest::header::DATE)
        .and_then(|d| d.to_str().ok())
        .and_then(|d| chrono::DateTime::parse_from_rfc2822(d).ok())
        .map(|d| d.timestamp_millis())
        .unwrap_or_else(now_millis);
    Some(Duration::from_millis(u64::try_from(at.saturating_sub(now)).unwrap_or(0)))
}

/// The wait until the next minute boundary (by the answer's `Date` header
/// when it has one, the local clock otherwise), when the limit resets.
fn until_next_minute(headers: &HeaderMap) -> Duration {
    let now = headers
        .get(reqwest::header::DATE)
        .and_then(|d| d.to_str().ok())
        .and_then(|d| chrono::DateTime::parse_from_rfc2822(d).ok())
        .map(|d| d.timestamp_millis())
        .unwrap_or_else(now_millis);
    Duration::from_millis(60_000u64.saturating_sub(now.rem_euclid(60_000).unsigned_abs()))
}

fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

/// A number in [0, 1) that differs between calls, from the standard
/// library's randomly seeded hasher (no random-number crate needed for
/// spreading retries).
fn jitter() -> f64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default());
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Rate-limit headers of the latest answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct RateLimit {
    /// `x-ratelimit-limit`: requests allowed per window.
    pub limit: Option<u64>,
    /// `x-ratelimit-remaining`: requests left in the window.
    pub remaining: Option<u64>,
}

impl RateLimit {
    pub(crate) fn from_headers(headers: &HeaderMap) -> Option<Self> {
        let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse().ok();
        let limit = RateLimit {
            limit: number("x-ratelimit-limit"),
            remaining: number("x-ratelimit-remaining"),
        };
        (limit != RateLimit::default()).then_some(limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn writes_are_retried_only_when_provably_not_processed() {
        let policy = RetryPolicy::default();
        let none = HeaderMap::new();
        for method in [Method::POST, Method::PUT, Method::DELETE] {
            assert!(decide(&method, &Outcome::Status(500, &none), 1, &policy).is_none());
            assert!(decide(&method, &Outcome::Status(503, &none), 1, &policy).is_none());
            assert!(decide(&method, &Outcome::OtherTransportFailure, 1, &policy).is_none());
            assert!(decide(&method, &Outcome::Status(429, &none), 1, &policy).is_some());
            assert!(decide(&method, &Outcome::ConnectFailed, 1, &policy).is_some());
        }
        assert!(decide(&Method::GET, &Outcome::Status(502, &none), 1, &policy).is_some());
        assert!(decide(&Method::GET, &Outcome::Status(404, &none), 1, &policy).is_none());
        assert!(decide(&Method::GET, &Outcome::Status(502, &none), 4, &policy).is_none());
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(retry_after(&headers(&[("retry-after", "7")])), Some(Duration::from_secs(7)));
        let dated = headers(&[("retry-after", "Sun, 06 Nov 1994 08:49:40 GMT"), ("date", "Sun, 06 Nov 1994 08:49:37 GMT")]);
        assert_eq!(retry_after(&dated), Some(Duration::from_secs(3)));
        assert_eq!(retry_after(&HeaderMap::new()), None);
        // Without a Date header the local clock is the reference.
        let later = chrono::DateTime::<chrono::Utc>::from(SystemTime::now() + Duration::from_secs(30)).to_rfc2822();
        let wait = retry_after(&headers(&[("retry-after", &later)])).unwrap();
        assert!(wait > Duration::from_secs(25) && wait <= Duration::from_secs(30), "{wait:?}");
        let past = retry_after(&headers(&[("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT")]));
        assert_eq!(past, Some(Duration::ZERO));
    }

    #[test]
    fn huge_waits_saturate_instead_of_panicking() {
        let h = headers(&[("retry-after", "18446744073709551615")]);
        assert_eq!(retry_after(&h), Some(Duration::from_secs(u64::MAX)));
        let policy = RetryPolicy::default().with_backoff(Duration::MAX, Duration::MAX);
        for retry in [1, 2, 17, u32::MAX] {
            assert!(policy.backoff(retry) >= Duration::MAX / 2);
            assert!(decide(&Method::GET, &Outcome::Status(503, &h), retry.min(3), &policy.clone().with_max_retries(u32::MAX)).is_some());
        }
        let (_, wait) = decide(&Method::GET, &Outcome::Status(429, &h), 1, &policy).unwrap();
        assert_eq!(wait, Duration::from_secs(u64::MAX));
    }

    #[test]
    fn without_retry_after_a_429_waits_for_the_next_minute() {
        let policy = RetryPolicy::default();
        let h = headers(&[("date", "Sun, 06 Nov 1994 08:49:37 GMT")]);
        let (reason, wait) = decide(&Method::POST, &Outcome::Status(429, &h), 1, &policy).unwrap();
        assert_eq!(reason, Reason::RateLimited);
        assert!(wait >= Duration::from_secs(23) && wait <= Duration::from_secs(24), "{wait:?}");
    }

    #[test]
    fn backoff_grows_with_jitter_and_a_cap() {
        let policy = RetryPolicy::default().with_backoff(Duration::from_millis(100), Duration::from_millis(350));
        for retry in 1..6 {
            let full = Duration::from_millis(100 * (1 << (retry - 1))).min(Duration::from_millis(350));
            let wait = policy.backoff(retry);
            assert!(wait >= full / 2 && wait <= full, "retry {retry}: {wait:?}");
        }
    }

    #[test]
    fn rate_limit_headers() {
        let h = headers(&[("x-ratelimit-limit", "150"), ("x-ratelimit-remaining", "12")]);
        assert_eq!(RateLimit::from_headers(&h), Some(RateLimit { limit: Some(150), remaining: Some(12) }));
        assert_eq!(RateLimit::from_headers(&HeaderMap::new()), None);
    }
}
