//! The people-search rate limit: a sliding 60-second window per service user.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::lock::lock;

/// Values for the `X-RateLimit-*` headers.
pub(crate) struct RateInfo {
    pub(crate) limit: u32,
    pub(crate) remaining: u32,
    pub(crate) reset_in_secs: u64,
}

pub(crate) enum RateDecision {
    Allowed(RateInfo),
    Limited { info: RateInfo, retry_after: u64 },
}

/// The limit HiBob documents for people search; also what the sim reports on
/// endpoints it does not meter.
pub(crate) const NOMINAL_LIMIT: u32 = 50;
const WINDOW: Duration = Duration::from_secs(60);

pub(crate) struct SearchRate {
    /// Calls per service user per minute; `None` turns the limit off.
    pub(crate) limit: Option<u32>,
    windows: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl SearchRate {
    pub(crate) fn new(limit: Option<u32>) -> SearchRate {
        SearchRate {
            limit,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Sliding 60-second window per service user for people search.
    pub(crate) fn check(&self, user: &str) -> RateDecision {
        let Some(limit) = self.limit else {
            return RateDecision::Allowed(self.nominal());
        };
        let now = Instant::now();
        let mut windows = lock(&self.windows);
        let window = windows.entry(user.to_owned()).or_default();
        while window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= WINDOW)
        {
            window.pop_front();
        }
        let until_free = |w: &VecDeque<Instant>| {
            w.front().map_or(WINDOW.as_secs(), |t| {
                let left = WINDOW.saturating_sub(now.duration_since(*t));
                // Round up so a client that waits exactly this long gets a slot.
                left.as_secs() + u64::from(left.subsec_nanos() > 0)
            })
        };
        if window.len() >= limit as usize {
            let wait = until_free(window).max(1);
            return RateDecision::Limited {
                info: RateInfo {
                    limit,
                    remaining: 0,
                    reset_in_secs: wait,
                },
                retry_after: wait,
            };
        }
        window.push_back(now);
        RateDecision::Allowed(RateInfo {
            limit,
            remaining: limit.saturating_sub(window.len() as u32),
            reset_in_secs: until_free(window),
        })
    }

    /// What the headers say on a request the limit does not meter.
    pub(crate) fn nominal(&self) -> RateInfo {
        let limit = self.limit.unwrap_or(NOMINAL_LIMIT);
        RateInfo {
            limit,
            remaining: limit,
            reset_in_secs: WINDOW.as_secs(),
        }
    }
}
