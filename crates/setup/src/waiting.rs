//! HiBob making us wait before trying a request again (a rate limit, or a busy server), in the
//! words and shapes the command line and the screens use to tell the person waiting.

use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use hibob::Wait;
use serde::Serialize;
use ts_rs::TS;

/// A wait in progress, for a countdown on screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Waiting {
    /// When the request will be tried again, in milliseconds since the Unix epoch.
    #[ts(type = "number")]
    pub waiting_until: u64,
    /// Why, in one short clause ("HiBob asked us to slow down").
    pub reason: String,
    /// The request that waits ("POST /people/search").
    pub endpoint: String,
}

impl Waiting {
    pub fn of(wait: &Wait) -> Waiting {
        let until = wait
            .until
            .duration_since(UNIX_EPOCH)
            .unwrap_or(Duration::ZERO);
        Waiting {
            waiting_until: crate::dates::millis(until),
            reason: reason(wait).to_string(),
            endpoint: wait.endpoint.clone(),
        }
    }
}

fn reason(wait: &Wait) -> &'static str {
    if wait.rate_limited {
        "HiBob asked us to slow down"
    } else {
        "HiBob could not answer just now"
    }
}

/// An observer for [`crate::connect::Connection::on_wait`] that tells a screen of each wait as it
/// starts (`Some`) and when it is over (`None`). Requests may wait side by side: only the latest
/// wait's end clears it.
pub fn observer(
    report: impl Fn(Option<Waiting>) + Send + Sync + 'static,
) -> impl Fn(&Wait) + Send + Sync + 'static {
    let report = Arc::new(report);
    let latest: Arc<Mutex<Option<Waiting>>> = Arc::default();
    move |wait: &Wait| {
        let waiting = Waiting::of(wait);
        *lock(&latest) = Some(waiting.clone());
        report(Some(waiting.clone()));
        // Outside a runtime nothing can wait; the screen's own countdown ends it.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let (report, latest, delay) = (report.clone(), latest.clone(), wait.delay);
            runtime.spawn(async move {
                tokio::time::sleep(delay).await;
                let mut current = lock(&latest);
                if current.as_ref() == Some(&waiting) {
                    *current = None;
                    drop(current);
                    report(None);
                }
            });
        }
    }
}

/// Plain data that a panic cannot leave half-written.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// One line for a person watching the command line, with `clock` the local time the wait ends
/// ("21:04:12"): "HiBob asked us to slow down; waiting until 21:04:12 (about 60 s) before trying
/// POST /people/search again."
pub fn sentence(wait: &Wait, clock: &str) -> String {
    let seconds = wait.delay.as_secs_f64().round().max(1.0);
    format!(
        "{}; waiting until {clock} (about {seconds} s) before trying {} again.",
        reason(wait),
        wait.endpoint
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait(rate_limited: bool, delay: Duration) -> Wait {
        Wait {
            endpoint: "POST /people/search".into(),
            until: UNIX_EPOCH + Duration::from_millis(1_800_000_000_123),
            delay,
            rate_limited,
        }
    }

    #[test]
    fn a_rate_limit_is_told_with_the_time_it_ends_and_the_request_that_waits() {
        assert_eq!(
            sentence(&wait(true, Duration::from_millis(59_600)), "21:04:12"),
            "HiBob asked us to slow down; waiting until 21:04:12 (about 60 s) before trying POST \
             /people/search again."
        );
        assert_eq!(
            sentence(&wait(false, Duration::from_millis(1_200)), "09:00:01"),
            "HiBob could not answer just now; waiting until 09:00:01 (about 1 s) before trying POST \
             /people/search again."
        );
    }

    #[tokio::test]
    async fn a_screen_hears_a_wait_start_and_end_and_a_newer_wait_is_not_cleared_early() {
        let heard = Arc::new(Mutex::new(Vec::new()));
        let observe = observer({
            let heard = heard.clone();
            move |w: Option<Waiting>| heard.lock().unwrap().push(w.map(|w| w.waiting_until))
        });
        let at = |ms: u64, delay: u64| Wait {
            endpoint: "GET /bulk/people/work".into(),
            until: UNIX_EPOCH + Duration::from_millis(ms),
            delay: Duration::from_millis(delay),
            rate_limited: true,
        };
        observe(&at(1_000, 20));
        observe(&at(2_000, 150));
        tokio::time::sleep(Duration::from_millis(60)).await;
        // The first wait's end does not clear the second one.
        assert_eq!(*heard.lock().unwrap(), [Some(1_000), Some(2_000)]);
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(*heard.lock().unwrap(), [Some(1_000), Some(2_000), None]);
    }

    #[test]
    fn the_screens_get_the_end_in_epoch_milliseconds() {
        let waiting = Waiting::of(&wait(true, Duration::from_secs(60)));
        assert_eq!(waiting.waiting_until, 1_800_000_000_123);
        assert_eq!(waiting.reason, "HiBob asked us to slow down");
        assert_eq!(waiting.endpoint, "POST /people/search");
    }
}
