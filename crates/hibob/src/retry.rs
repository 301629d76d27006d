//! When to try a failed request again, and how long to wait first.
//!
//! Only rate limits (429), server errors (5xx) and timeouts are retried. 401 and 403 never are:
//! HiBob's firewall blocks an IP or an Authorization header for five minutes after repeated auth
//! failures (docs/hibob-api.md §6.3), which would turn a typo into a lock-out.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Bounds on retrying: a number of retries and a total time budget, whichever runs out first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The first backoff; each further one doubles, with jitter.
    pub base_delay: Duration,
    /// No backoff of our own is longer than this.
    pub max_delay: Duration,
    /// Give up rather than back off past this much time since the first attempt.
    pub max_total: Duration,
    /// The longest wait HiBob may ask for that is still honoured. HiBob's people-search limit is
    /// per minute, so a reset up to a minute away is worth waiting for (visibly, see
    /// `Client::on_wait`); anything longer is reported instead.
    pub max_server_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
            max_total: Duration::from_secs(60),
            max_server_wait: Duration::from_secs(65),
        }
    }
}

impl RetryPolicy {
    /// Never retry; useful where the caller wants to report the first failure as is.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Exponential backoff with "equal jitter": half the step is fixed, half random, so concurrent
    /// probes spread out but still back off. `retry` counts from 0 for the first retry.
    pub fn backoff(&self, retry: u32, random_unit: f64) -> Duration {
        let step = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(retry.min(16)))
            .min(self.max_delay);
        let half = step / 2;
        half + half.mul_f64(random_unit.clamp(0.0, 1.0))
    }

    /// How long to wait before retry number `retry` (0-based), given what the server asked for and
    /// how much of the budget is spent. `None` means stop retrying.
    pub fn next_delay(
        &self,
        retry: u32,
        server_asked: Option<Duration>,
        elapsed: Duration,
        random_unit: f64,
    ) -> Option<Duration> {
        if retry >= self.max_retries {
            return None;
        }
        match server_asked {
            // Honour the server exactly (plus a little jitter so parallel callers do not
            // stampede), past the backoff budget if need be, but never for more than one such
            // wait in all: a storm of minute-long waits is reported rather than sat out.
            Some(asked) => {
                let delay =
                    asked + Duration::from_millis((random_unit.clamp(0.0, 1.0) * 250.0) as u64);
                let budget = self.max_total.max(self.max_server_wait);
                (asked <= self.max_server_wait && elapsed + delay <= budget).then_some(delay)
            }
            None => {
                let delay = self.backoff(retry, random_unit);
                (elapsed + delay <= self.max_total).then_some(delay)
            }
        }
    }
}

/// Reads how long the server wants us to wait from `Retry-After` (seconds or an HTTP date is not
/// supported: HiBob is not documented to send it at all) or, failing that, `X-RateLimit-Reset`.
///
/// `X-RateLimit-Reset` is uncertain (docs/hibob-api.md §6.2): some read it as a Unix epoch, some as seconds
/// until reset. Values that look like an epoch (after 2001) are treated as one.
pub fn server_requested_wait(
    retry_after: Option<&str>,
    rate_limit_reset: Option<&str>,
) -> Option<Duration> {
    if let Some(seconds) = retry_after.and_then(|v| v.trim().parse::<u64>().ok()) {
        return Some(Duration::from_secs(seconds));
    }
    let reset = rate_limit_reset.and_then(|v| v.trim().parse::<u64>().ok())?;
    const EPOCH_THRESHOLD: u64 = 1_000_000_000;
    if reset >= EPOCH_THRESHOLD {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Some(Duration::from_secs(reset.saturating_sub(now)))
    } else {
        Some(Duration::from_secs(reset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(350),
            max_total: Duration::from_secs(2),
            max_server_wait: Duration::from_secs(3),
        }
    }

    #[test]
    fn backoff_doubles_within_jitter_and_is_capped() {
        let p = policy();
        assert_eq!(p.backoff(0, 0.0), Duration::from_millis(50));
        assert_eq!(p.backoff(0, 1.0), Duration::from_millis(100));
        assert_eq!(p.backoff(1, 1.0), Duration::from_millis(200));
        // 400 ms capped at 350 ms.
        assert_eq!(p.backoff(2, 1.0), Duration::from_millis(350));
        assert_eq!(p.backoff(30, 0.5), p.backoff(31, 0.5));
    }

    #[test]
    fn retries_stop_at_the_count_or_the_time_budget() {
        let p = policy();
        assert!(p.next_delay(2, None, Duration::ZERO, 0.5).is_some());
        assert!(p.next_delay(3, None, Duration::ZERO, 0.5).is_none());
        assert!(p
            .next_delay(0, None, Duration::from_millis(1990), 1.0)
            .is_none());
        // A server asking for longer than the longest honoured wait ends the retries…
        assert!(p
            .next_delay(0, Some(Duration::from_secs(5)), Duration::ZERO, 0.0)
            .is_none());
        // …while a shorter one is honoured even past the backoff budget (2 s)…
        assert_eq!(
            p.next_delay(0, Some(Duration::from_secs(3)), Duration::ZERO, 0.0),
            Some(Duration::from_secs(3))
        );
        // …but not once the time spent plus the wait passes the longest honoured wait.
        assert!(p
            .next_delay(1, Some(Duration::from_secs(3)), Duration::from_secs(1), 0.0)
            .is_none());
    }

    #[test]
    fn server_requested_wait_prefers_retry_after() {
        assert_eq!(
            server_requested_wait(Some("3"), Some("10")),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            server_requested_wait(None, Some("10")),
            Some(Duration::from_secs(10))
        );
        let in_a_minute = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + 60;
        let wait = server_requested_wait(None, Some(&in_a_minute.to_string())).unwrap();
        assert!(wait <= Duration::from_secs(60) && wait >= Duration::from_secs(58));
        assert_eq!(server_requested_wait(Some("soon"), None), None);
    }
}
