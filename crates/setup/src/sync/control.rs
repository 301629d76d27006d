//! The caller's handle on a running preview: progress as it happens, and cancellation.

use std::sync::{Arc, Mutex};

use hibob::Wait;
use serde::Serialize;
use tokio::sync::watch;
use ts_rs::TS;

use crate::error::SetupError;
use crate::waiting::Waiting;

/// How far a preview has got, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncPhase {
    /// Asking HiBob and reading its answers; each employee is mapped as it is read.
    Fetching,
    /// The checks across records, once every employee is in.
    Validating,
    Done,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SyncProgress {
    pub phase: SyncPhase,
    /// Employees read from HiBob's answer so far.
    pub fetched: usize,
    /// Of which mapped (the same number: each is mapped as it is read).
    pub mapped: usize,
    /// HiBob made us wait before trying a request again; `None` once the request goes on.
    pub waiting: Option<Waiting>,
}

impl SyncProgress {
    pub fn at(phase: SyncPhase, fetched: usize, mapped: usize) -> Self {
        SyncProgress {
            phase,
            fetched,
            mapped,
            waiting: None,
        }
    }
}

/// Lets the caller watch progress and cancel. Clones share one cancellation: cancel any of them
/// and the preview stops.
#[derive(Clone)]
pub struct SyncControl {
    /// `true` once cancelled. A watch channel, so that waiting for HiBob can end the moment the
    /// caller cancels instead of polling for it.
    cancelled: Arc<watch::Sender<bool>>,
    on_progress: Option<Arc<dyn Fn(SyncProgress) + Send + Sync>>,
    /// The last progress reported, to repeat with a wait; shared by clones.
    last: Arc<Mutex<SyncProgress>>,
}

impl Default for SyncControl {
    fn default() -> Self {
        Self {
            cancelled: Arc::new(watch::Sender::new(false)),
            on_progress: None,
            last: Arc::new(Mutex::new(SyncProgress::at(SyncPhase::Fetching, 0, 0))),
        }
    }
}

impl SyncControl {
    pub fn with_progress(on_progress: impl Fn(SyncProgress) + Send + Sync + 'static) -> Self {
        Self {
            on_progress: Some(Arc::new(on_progress)),
            ..Self::default()
        }
    }

    pub fn cancel(&self) {
        // `send_replace` stores the value even when nobody is waiting yet.
        self.cancelled.send_replace(true);
    }

    pub fn is_cancelled(&self) -> bool {
        *self.cancelled.borrow()
    }

    pub(super) fn report(&self, progress: SyncProgress) {
        *self.last() = progress.clone();
        if let Some(callback) = &self.on_progress {
            callback(progress);
        }
    }

    /// HiBob makes the preview wait: reports the progress so far with the wait, and the same
    /// without it once the wait is over (unless something else was reported meanwhile).
    pub fn wait_started(&self, wait: &Wait) {
        let waiting = Waiting::of(wait);
        let progress = SyncProgress {
            waiting: Some(waiting.clone()),
            ..self.last().clone()
        };
        self.report(progress);
        // Outside a runtime nothing can clear it later; the next report does.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let control = self.clone();
            let delay = wait.delay;
            runtime.spawn(async move {
                tokio::time::sleep(delay).await;
                let current = control.last().clone();
                if current.waiting.as_ref() == Some(&waiting) {
                    control.report(SyncProgress {
                        waiting: None,
                        ..current
                    });
                }
            });
        }
    }

    fn last(&self) -> std::sync::MutexGuard<'_, SyncProgress> {
        // Plain data that a panic cannot leave half-written.
        self.last.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Between steps of work that cannot be interrupted: stop here if cancelled.
    pub(super) fn check(&self) -> Result<(), SetupError> {
        if self.is_cancelled() {
            Err(SetupError::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Completes when the preview is cancelled, to race against waiting for HiBob.
    pub(super) async fn cancelled(&self) {
        let mut changes = self.cancelled.subscribe();
        // The sender lives in `self`, so the channel cannot close while this waits; if it ever
        // did, nobody could cancel any more, so wait for ever rather than report a cancel.
        if changes.wait_for(|cancelled| *cancelled).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_cancel_from_a_clone_wakes_the_waiting_preview_at_once() {
        let control = SyncControl::default();
        let caller = control.clone();
        let waiting = tokio::spawn(async move { control.cancelled().await });
        tokio::task::yield_now().await;
        assert!(!caller.is_cancelled());
        caller.cancel();
        tokio::time::timeout(Duration::from_secs(5), waiting)
            .await
            .expect("the cancel reaches the waiting preview")
            .unwrap();
        assert!(caller.is_cancelled());
    }

    #[tokio::test]
    async fn a_wait_is_reported_with_the_progress_so_far_and_cleared_when_it_ends() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let control = SyncControl::with_progress({
            let seen = seen.clone();
            move |p| seen.lock().unwrap().push(p)
        });
        control.report(SyncProgress::at(SyncPhase::Fetching, 0, 0));
        control.wait_started(&Wait {
            endpoint: "POST /people/search".into(),
            until: std::time::SystemTime::now() + Duration::from_millis(50),
            delay: Duration::from_millis(50),
            rate_limited: true,
        });
        tokio::time::sleep(Duration::from_millis(500)).await;
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 3, "{seen:?}");
        let waiting = seen[1].waiting.as_ref().expect("the wait is reported");
        assert_eq!(waiting.endpoint, "POST /people/search");
        assert_eq!(seen[1].phase, SyncPhase::Fetching);
        assert_eq!(
            seen[2],
            SyncProgress::at(SyncPhase::Fetching, 0, 0),
            "cleared"
        );
    }

    #[tokio::test]
    async fn a_preview_cancelled_before_it_waits_stops_straight_away() {
        let control = SyncControl::default();
        control.cancel();
        tokio::time::timeout(Duration::from_secs(5), control.cancelled())
            .await
            .expect("an earlier cancel is not missed");
        assert_eq!(control.check(), Err(SetupError::Cancelled));
    }
}
