//! What the workspace's tests share (a dev-dependency only, never shipped):
//!
//! - [`Scratch`]: an empty folder of its own for each test, removed afterwards, and
//!   [`files_under`] it;
//! - [`started`]: a simulated company from the simulator's own builder,
//!   `started(SimConfig::preset(Preset::Full).employees(120)).await` (one in a child process is
//!   `hibob_sim::SimChild`);
//! - [`fast_retry`]: a HiBob client configuration whose timeouts and retry waits are short, so
//!   failure paths run in milliseconds.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use hibob::{ClientConfig, RetryPolicy};
use hibob_sim::{SimConfig, SimServer};

/// An empty folder for one test, removed (with all it holds) when dropped.
///
/// Each call gets a folder of its own, also for the same `name` in the same process: the name
/// holds the process id and a counter (as ripgrep's `tests/util.rs` `Dir::new`), so tests that
/// run in parallel threads of one binary never share a folder.
#[derive(Debug)]
pub struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    /// Creates `<temp>/hibob-setup-tests/<name>-<pid>-<n>`, empty.
    pub fn new(name: &str) -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir()
            .join("hibob-setup-tests")
            .join(format!("{name}-{}-{n}", std::process::id()));
        // Left over from an earlier process that had the same id and was killed.
        let _ = std::fs::remove_dir_all(&dir);
        // A folder that cannot be made is a failed test, reported by a panic.
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        Scratch { dir }
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// A path inside the folder, as `self.path().join(path)`.
    pub fn join(&self, path: impl AsRef<Path>) -> PathBuf {
        self.dir.join(path)
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.dir
    }
}

/// Every file below `dir`, for audits of what the app wrote.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    // An unreadable folder would hide files from an audit: fail the test instead.
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Starts the simulator `config` describes, as `config.start()` does; a simulator that cannot
/// start fails the test.
pub async fn started(config: SimConfig) -> SimServer {
    match config.start().await {
        Ok(sim) => sim,
        Err(e) => panic!("the simulator does not start: {e}"),
    }
}

/// The client's configuration with short timeouts (2 s) and retry waits (10 to 40 ms, at most
/// 3 retries within 10 s), so tests of failures and retries finish quickly. The number of
/// retries differs from the app's: a test that measures what a user meets scales the real
/// configuration instead (see `src-tauri/tests/it/fault_matrix.rs`).
pub fn fast_retry() -> ClientConfig {
    ClientConfig {
        timeout: Duration::from_secs(2),
        connect_timeout: Duration::from_secs(2),
        retry: RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(40),
            max_total: Duration::from_secs(10),
            max_server_wait: Duration::from_secs(2),
        },
        ..ClientConfig::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scratch_is_a_new_empty_folder_removed_on_drop() {
        let (a, b) = (Scratch::new("same"), Scratch::new("same"));
        assert_ne!(a.path(), b.path());
        assert!(a.path().is_dir());
        assert_eq!(std::fs::read_dir(a.path()).unwrap().count(), 0);
        std::fs::write(a.join("file"), b"x").unwrap();
        let kept = a.path().to_path_buf();
        drop(a);
        assert!(!kept.exists());
    }
}
