//! The caller's handle on a running preview: progress as it happens, and cancellation.

use std::sync::Arc;

use serde::Serialize;
use tokio::sync::watch;
use ts_rs::TS;

use crate::error::SetupError;

/// How far a preview has got, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncPhase {
    Fetching,
    Mapping,
    Validating,
    Done,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SyncProgress {
    pub phase: SyncPhase,
    pub fetched: usize,
    pub mapped: usize,
}

/// Lets the caller watch progress and cancel. Clones share one cancellation: cancel any of them
/// and the preview stops.
#[derive(Clone)]
pub struct SyncControl {
    /// `true` once cancelled. A watch channel, so that waiting for HiBob can end the moment the
    /// caller cancels instead of polling for it.
    cancelled: Arc<watch::Sender<bool>>,
    on_progress: Option<Arc<dyn Fn(SyncProgress) + Send + Sync>>,
}

impl Default for SyncControl {
    fn default() -> Self {
        Self {
            cancelled: Arc::new(watch::Sender::new(false)),
            on_progress: None,
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
        if let Some(callback) = &self.on_progress {
            callback(progress);
        }
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
    async fn a_preview_cancelled_before_it_waits_stops_straight_away() {
        let control = SyncControl::default();
        control.cancel();
        tokio::time::timeout(Duration::from_secs(5), control.cancelled())
            .await
            .expect("an earlier cancel is not missed");
        assert_eq!(control.check(), Err(SetupError::Cancelled));
    }
}
