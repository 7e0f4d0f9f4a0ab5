//! When and how long to wait before retrying a request.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// Retry behaviour of a runtime.
///
/// Retries happen on transport failures (connection errors, timeouts) and on
/// the statuses 408, 429, 500, 502, 503 and 504. The delay before retry `n`
/// (counting from 1) is `initial_backoff * multiplier^(n-1)`, capped at
/// `max_backoff`, and with `jitter` drawn uniformly from zero up to that
/// ("full jitter", which spreads out clients that failed together). A
/// `Retry-After` response header replaces the computed delay, capped at
/// `max_retry_after`.
///
/// Only idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) are
/// retried unless `retry_non_idempotent` is set, because a failed POST may
/// still have taken effect. A connection that could not be established is
/// the exception: the request never left, so any method is retried.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Total number of attempts, the first included; 0 is treated as 1.
    pub max_attempts: u32,
    /// Delay before the first retry.
    pub initial_backoff: Duration,
    /// Upper bound of the computed delay.
    pub max_backoff: Duration,
    /// Growth factor of the delay between retries.
    pub multiplier: f64,
    /// Whether the delay is randomised (full jitter).
    pub jitter: bool,
    /// Upper bound of a delay requested by `Retry-After`.
    pub max_retry_after: Duration,
    /// Whether methods that are not idempotent are retried too.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            multiplier: 2.0,
            jitter: true,
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    #[must_use]
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Total attempts allowed, at least one.
    pub(crate) fn attempts(&self) -> u32 {
        self.max_attempts.max(1)
    }

    /// Whether a request with `method` may be retried after a failure that
    /// might have reached the server.
    pub(crate) fn may_retry(&self, method: &Method) -> bool {
        self.retry_non_idempotent || is_idempotent(method)
    }

    /// The delay before retry number `retry` (1 for the first retry), given
    /// the `Retry-After` header of the failed response, if any.
    pub(crate) fn delay(&self, retry: u32, headers: Option<&HeaderMap>) -> Duration {
        if let Some(requested) = headers.and_then(|headers| retry_after(headers, SystemTime::now())) {
            return requested.min(self.max_retry_after);
        }
        let exponent = i32::try_from(retry.saturating_sub(1)).unwrap_or(i32::MAX);
        let factor = if self.multiplier.is_finite() && self.multiplier > 0.0 {
            self.multiplier.powi(exponent)
        } else {
            1.0
        };
        let max = self.max_backoff.as_secs_f64();
        // `min` also turns an overflowed `inf` into the cap.
        let mut seconds = (self.initial_backoff.as_secs_f64() * factor).min(max);
        if self.jitter {
            seconds *= fastrand::f64();
        }
        Duration::try_from_secs_f64(seconds).unwrap_or(self.max_backoff)
    }
}

/// Methods whose repetition has the same effect as a single request
/// (RFC 9110 §9.2.2).
fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
}

/// Statuses that signal a transient condition worth retrying.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// Parses `Retry-After` as delta-seconds or an HTTP-date. A date in the past
/// means "now".
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).expect("value"));
        headers
    }

    #[test]
    fn parses_delta_seconds() {
        assert_eq!(
            retry_after(&headers(" 7 "), SystemTime::now()),
            Some(Duration::from_secs(7))
        );
        assert_eq!(retry_after(&headers("soon"), SystemTime::now()), None);
        assert_eq!(retry_after(&HeaderMap::new(), SystemTime::now()), None);
    }

    #[test]
    fn parses_http_date() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").expect("date");
        assert_eq!(
            retry_after(&headers("Sun, 06 Nov 1994 08:50:07 GMT"), now),
            Some(Duration::from_secs(30))
        );
        // Obsolete RFC 850 and asctime forms are accepted too.
        assert_eq!(
            retry_after(&headers("Sunday, 06-Nov-94 08:49:47 GMT"), now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            retry_after(&headers("Sun Nov  6 08:49:57 1994"), now),
            Some(Duration::from_secs(20))
        );
        assert_eq!(
            retry_after(&headers("Sun, 06 Nov 1994 08:00:00 GMT"), now),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn retry_after_is_capped_and_replaces_backoff() {
        let policy = RetryPolicy {
            max_retry_after: Duration::from_secs(5),
            ..RetryPolicy::default()
        };
        assert_eq!(policy.delay(1, Some(&headers("120"))), Duration::from_secs(5));
        assert_eq!(policy.delay(3, Some(&headers("0"))), Duration::ZERO);
    }

    #[test]
    fn exponential_backoff_without_jitter() {
        let policy = RetryPolicy {
            jitter: false,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(350),
            ..RetryPolicy::default()
        };
        let delays: Vec<Duration> = (1..=4).map(|retry| policy.delay(retry, None)).collect();
        assert_eq!(delays, [100, 200, 350, 350].map(Duration::from_millis));
        assert_eq!(policy.delay(u32::MAX, None), Duration::from_millis(350));
    }

    #[test]
    fn jitter_stays_within_bounds() {
        let policy = RetryPolicy::default();
        for _ in 0..100 {
            assert!(policy.delay(2, None) <= Duration::from_millis(400));
        }
    }

    #[test]
    fn idempotency_and_statuses() {
        let policy = RetryPolicy::default();
        assert!(policy.may_retry(&Method::PUT));
        assert!(!policy.may_retry(&Method::POST));
        assert!(!policy.may_retry(&Method::PATCH));
        assert!(is_retryable_status(StatusCode::TOO_MANY_REQUESTS));
        assert!(!is_retryable_status(StatusCode::NOT_IMPLEMENTED));
        assert_eq!(RetryPolicy::none().attempts(), 1);
        assert_eq!(
            RetryPolicy {
                max_attempts: 0,
                ..RetryPolicy::default()
            }
            .attempts(),
            1
        );
    }
}
