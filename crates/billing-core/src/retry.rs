//! When a failed request is tried again, and how long to wait first.
//!
//! The billing-details GET is idempotent, so repeating it is safe; the question is only
//! whether a repeat can help. Every decision here is a pure function of its inputs (tries
//! made so far, time left, what the server asked for, a random number for jitter), so the
//! policy is unit-tested without clocks or sockets. The client's async loop only asks
//! [`next_step`] and sleeps.
//!
//! What is retried: connection failures, timeouts, `429 Too Many Requests` and
//! `502`/`503`/`504` (see [`is_retryable_status`]). What is not: every other 4xx (the
//! request itself is wrong, or the token is refused: repeating changes nothing) and `500`,
//! which the API uses for a failure inside the server that a repeat tends to reproduce; the
//! gateway statuses 502/503/504 are the ones that mean "try again shortly".

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};

/// How many times a request is tried and how the pauses between tries grow.
///
/// Invariant kept by [`next_step`]: at most `max_tries` requests (at least one), and no
/// pause that would end after the caller's overall deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total requests, the first one included. Default 3; 0 is treated as 1.
    pub max_tries: u32,
    /// Ceiling of the first pause; each later pause doubles the ceiling. Default 250 ms.
    pub base_delay: Duration,
    /// Largest ceiling a backoff pause may reach. Default 5 s.
    pub max_delay: Duration,
    /// Longest `Retry-After` the client agrees to wait; a server asking for more is
    /// reported instead of waited for. Default 30 s.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_tries: 3,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// A policy that makes exactly one request.
    pub fn single_try() -> Self {
        Self {
            max_tries: 1,
            ..Self::default()
        }
    }

    fn effective_max_tries(&self) -> u32 {
        self.max_tries.max(1)
    }
}

/// Whether an HTTP status is worth trying again: `429`, `502`, `503`, `504`.
///
/// `500` is deliberately not retried (see the module documentation).
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// What to do after a try failed in a way that a repeat might fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Sleep this long, then try again.
    RetryAfter(Duration),
    /// Stop and report the last failure.
    GiveUp(GiveUpReason),
}

/// Why the retry loop stopped although the last failure was a transient one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GiveUpReason {
    /// Every allowed try was made.
    OutOfTries,
    /// The server asked (`Retry-After`) for a longer pause than the policy accepts.
    ServerWaitTooLong {
        /// What the server asked for.
        asked: Duration,
        /// [`RetryPolicy::max_retry_after`].
        cap: Duration,
    },
    /// The pause would end after the overall deadline, so the next try could not finish.
    DeadlineTooClose {
        /// The pause that would have been needed.
        wait: Duration,
        /// Time left before the deadline.
        remaining: Duration,
    },
}

/// The pause before the next try when the server gave no `Retry-After`: exponential
/// backoff with full jitter.
///
/// The ceiling is `base_delay * 2^(tries_done - 1)`, capped at `max_delay`; the pause is
/// `jitter` (clamped to `0.0..=1.0`) times that ceiling. Full jitter spreads the retries of
/// many clients (a batch hitting the same overloaded server) instead of synchronising them.
pub fn backoff_delay(policy: &RetryPolicy, tries_done: u32, jitter: f64) -> Duration {
    let exponent = tries_done.saturating_sub(1).min(31);
    let ceiling = policy
        .base_delay
        .checked_mul(1_u32 << exponent)
        .unwrap_or(policy.max_delay)
        .min(policy.max_delay);
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    ceiling.mul_f64(jitter)
}

/// Decides whether to try again after a transient failure.
///
/// - `tries_done`: requests made so far (1 after the first failure);
/// - `remaining`: time left before the overall deadline;
/// - `server_wait`: the parsed `Retry-After`, if the response had one;
/// - `jitter`: a uniform random number in `0.0..1.0` (see [`backoff_delay`]).
///
/// A `Retry-After` is honoured exactly (no jitter: the server said when), unless it exceeds
/// [`RetryPolicy::max_retry_after`]. Any pause that would reach the deadline gives up at
/// once rather than sleeping only to fail.
pub fn next_step(
    policy: &RetryPolicy,
    tries_done: u32,
    remaining: Duration,
    server_wait: Option<Duration>,
    jitter: f64,
) -> Decision {
    if tries_done >= policy.effective_max_tries() {
        return Decision::GiveUp(GiveUpReason::OutOfTries);
    }
    let wait = match server_wait {
        Some(asked) if asked > policy.max_retry_after => {
            return Decision::GiveUp(GiveUpReason::ServerWaitTooLong {
                asked,
                cap: policy.max_retry_after,
            });
        }
        Some(asked) => asked,
        None => backoff_delay(policy, tries_done, jitter),
    };
    if wait >= remaining {
        return Decision::GiveUp(GiveUpReason::DeadlineTooClose { wait, remaining });
    }
    Decision::RetryAfter(wait)
}

/// Parses a `Retry-After` header: either delay-seconds (`"120"`) or an HTTP-date
/// (`"Wed, 21 Oct 2015 07:28:00 GMT"`), the latter measured from `now`.
///
/// A date in the past means "now" (zero). Returns `None` for anything else, in which case
/// the caller falls back to its own backoff. An absurdly large number of seconds saturates
/// instead of failing, so the cap in [`next_step`] reports it.
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let secs = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(secs));
    }
    let date = DateTime::parse_from_rfc2822(value)
        .ok()?
        .with_timezone(&Utc);
    Some((date - now).to_std().unwrap_or(Duration::ZERO))
}

/// What was tried before an error was reported: shown in messages so a user can tell a
/// single refusal from a service that kept failing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempts {
    /// Requests made.
    pub tries: u32,
    /// Time from the first request to giving up.
    pub elapsed: Duration,
    /// Why retrying stopped, when the last failure was a transient one.
    pub gave_up: Option<GiveUpReason>,
}

impl fmt::Display for Attempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tries = plural(self.tries, "try", "tries");
        match self.gave_up {
            None if self.tries <= 1 => f.write_str("after 1 try"),
            None | Some(GiveUpReason::OutOfTries) => write!(
                f,
                "gave up after {tries} over {}",
                format_duration(self.elapsed)
            ),
            Some(GiveUpReason::ServerWaitTooLong { asked, cap }) => write!(
                f,
                "the service asked to wait {} before trying again, longer than the {} \
                 Billing Desk waits at most (stopped after {tries})",
                format_duration(asked),
                format_duration(cap),
            ),
            Some(GiveUpReason::DeadlineTooClose { wait, .. }) => write!(
                f,
                "gave up after {tries} over {}: waiting {} more would pass the time limit",
                format_duration(self.elapsed),
                format_duration(wait)
            ),
        }
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    crate::text::count(u64::from(n), one, many)
}

/// Renders a duration for people: `"350 ms"`, `"4.2 s"`, `"30 s"`.
pub fn format_duration(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn the_defaults_are_the_documented_ones() {
        let p = RetryPolicy::default();
        assert_eq!(p.max_tries, 3, "the issue caps tries at 3");
        assert_eq!(p.base_delay, MS(250));
        assert_eq!(p.max_delay, Duration::from_secs(5));
        assert_eq!(p.max_retry_after, Duration::from_secs(30));
    }

    #[test]
    fn only_429_and_gateway_statuses_are_retryable() {
        for s in [429, 502, 503, 504] {
            assert!(is_retryable_status(s), "{s} means 'try again shortly'");
        }
        for s in [200, 301, 400, 401, 403, 404, 409, 422, 500, 501, 505] {
            assert!(!is_retryable_status(s), "{s} would fail the same way again");
        }
    }

    #[test]
    fn backoff_ceiling_doubles_then_caps() {
        let p = RetryPolicy::default();
        // jitter 1.0 shows the ceiling itself.
        assert_eq!(backoff_delay(&p, 1, 1.0), MS(250));
        assert_eq!(backoff_delay(&p, 2, 1.0), MS(500));
        assert_eq!(backoff_delay(&p, 3, 1.0), MS(1000));
        assert_eq!(
            backoff_delay(&p, 6, 1.0),
            MS(5000),
            "8 s ceiling capped to 5 s"
        );
        assert_eq!(
            backoff_delay(&p, 400, 1.0),
            MS(5000),
            "a huge exponent must not overflow"
        );
    }

    #[test]
    fn backoff_is_full_jitter_within_the_ceiling() {
        let p = RetryPolicy::default();
        assert_eq!(backoff_delay(&p, 2, 0.0), Duration::ZERO);
        assert_eq!(backoff_delay(&p, 2, 0.5), MS(250));
        assert_eq!(backoff_delay(&p, 2, 7.0), MS(500), "jitter is clamped to 1");
        assert_eq!(backoff_delay(&p, 2, f64::NAN), Duration::ZERO);
    }

    #[test]
    fn retries_until_max_tries_then_gives_up() {
        let p = RetryPolicy::default();
        let plenty = Duration::from_secs(100);
        assert_eq!(
            next_step(&p, 1, plenty, None, 1.0),
            Decision::RetryAfter(MS(250))
        );
        assert_eq!(
            next_step(&p, 2, plenty, None, 1.0),
            Decision::RetryAfter(MS(500))
        );
        assert_eq!(
            next_step(&p, 3, plenty, None, 1.0),
            Decision::GiveUp(GiveUpReason::OutOfTries),
            "three tries in all, never a fourth"
        );
        assert_eq!(
            next_step(&RetryPolicy::single_try(), 1, plenty, None, 0.0),
            Decision::GiveUp(GiveUpReason::OutOfTries)
        );
    }

    #[test]
    fn zero_max_tries_still_means_one_try() {
        let p = RetryPolicy {
            max_tries: 0,
            ..RetryPolicy::default()
        };
        assert_eq!(
            next_step(&p, 1, Duration::from_secs(9), None, 0.5),
            Decision::GiveUp(GiveUpReason::OutOfTries)
        );
    }

    #[test]
    fn retry_after_is_honoured_exactly() {
        let p = RetryPolicy::default();
        assert_eq!(
            next_step(
                &p,
                1,
                Duration::from_secs(100),
                Some(Duration::from_secs(7)),
                0.0
            ),
            Decision::RetryAfter(Duration::from_secs(7)),
            "the server's own pause wins over jittered backoff"
        );
    }

    #[test]
    fn retry_after_above_the_cap_is_reported_not_waited() {
        let p = RetryPolicy::default();
        assert_eq!(
            next_step(
                &p,
                1,
                Duration::from_secs(600),
                Some(Duration::from_secs(31)),
                0.0
            ),
            Decision::GiveUp(GiveUpReason::ServerWaitTooLong {
                asked: Duration::from_secs(31),
                cap: Duration::from_secs(30),
            })
        );
    }

    #[test]
    fn a_pause_reaching_the_deadline_gives_up() {
        let p = RetryPolicy::default();
        assert_eq!(
            next_step(&p, 1, MS(500), Some(Duration::from_secs(1)), 0.0),
            Decision::GiveUp(GiveUpReason::DeadlineTooClose {
                wait: Duration::from_secs(1),
                remaining: MS(500),
            })
        );
        assert_eq!(
            next_step(&p, 1, MS(100), None, 1.0),
            Decision::GiveUp(GiveUpReason::DeadlineTooClose {
                wait: MS(250),
                remaining: MS(100),
            }),
            "backoff pauses respect the deadline too"
        );
        assert!(
            matches!(
                next_step(&p, 1, Duration::ZERO, None, 0.0),
                Decision::GiveUp(_)
            ),
            "no time left means no retry, even with a zero pause"
        );
    }

    #[test]
    fn retry_after_parses_seconds_and_http_dates() {
        let now = Utc.with_ymd_and_hms(2015, 10, 21, 7, 27, 0).unwrap();
        assert_eq!(parse_retry_after("1", now), Some(Duration::from_secs(1)));
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO),
            "a date in the past means retry now"
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX)),
            "an overflowing number saturates so the cap reports it"
        );
        for bad in ["", "soon", "-1", "1.5", "Wed, 99 Oct 2015"] {
            assert_eq!(
                parse_retry_after(bad, now),
                None,
                "{bad:?} is not a Retry-After"
            );
        }
    }

    #[test]
    fn attempts_say_what_was_tried() {
        let out_of_tries = Attempts {
            tries: 3,
            elapsed: MS(4200),
            gave_up: Some(GiveUpReason::OutOfTries),
        };
        assert_eq!(out_of_tries.to_string(), "gave up after 3 tries over 4.2 s");
        let once = Attempts {
            tries: 1,
            elapsed: MS(12),
            gave_up: None,
        };
        assert_eq!(once.to_string(), "after 1 try");
        let too_long = Attempts {
            tries: 1,
            elapsed: MS(30),
            gave_up: Some(GiveUpReason::ServerWaitTooLong {
                asked: Duration::from_secs(3600),
                cap: Duration::from_secs(30),
            }),
        };
        let text = too_long.to_string();
        assert!(
            text.contains("3600 s") && text.contains("30 s"),
            "both the request and the cap are shown: {text}"
        );
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(format_duration(MS(350)), "350 ms");
        assert_eq!(format_duration(MS(4200)), "4.2 s");
        assert_eq!(format_duration(Duration::from_secs(30)), "30 s");
    }
}
