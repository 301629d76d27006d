//! The desktop app's application layer: what each command does, Tauri-free. One file per
//! concern: saved progress, credentials, the connection (Test connection and the demo company),
//! Sync now with its history, and exports. Every method returns `setup::Result`, whose error
//! crosses IPC as `{kind, message, hint}`.

mod connection;
mod credentials;
mod exports;
mod profiles;
mod progress;
mod sync;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use hibob::{ClientConfig, FieldMeta};
use setup::guide::HibobPage;
use setup::ipc::AppInfo;
use setup::profile_store::SavedProfiles;
use setup::progress::Progress;
use setup::{Catalog, EnvironmentChoice, Guide, LifecycleStatus, Result, SetupError};

use crate::demo::Demo;
use crate::secrets::SecretStore;
use credentials::Credentials;
use exports::LastRun;
use sync::{History, RunningSync};

/// Longest ID, token or URL accepted over IPC: far above any real value, far below harm.
const MAX_INPUT: usize = 4096;

pub struct AppState {
    progress_file: PathBuf,
    progress: Mutex<Progress>,
    credentials: Credentials,
    demo: Demo,
    catalog: Catalog,
    /// Profiles the admin built or imported.
    saved_profiles: SavedProfiles,
    running_sync: RunningSync,
    history: History,
    /// The last Test connection, Sync now and export, for the report and "Open folder".
    last: Mutex<LastRun>,
    /// The field list the last Test connection read, and where from: the checklist marks what
    /// that company makes impossible to check, until another HiBob is chosen.
    company_fields: Mutex<Option<(EnvironmentChoice, Vec<FieldMeta>)>>,
    /// Timeouts and retries of every HiBob client the app makes.
    client_config: ClientConfig,
    /// What the admin is told on the first screen (saved progress that could not be read).
    startup_notices: Vec<String>,
}

/// Locks a mutex even after a panic elsewhere: the values behind the app's locks are plain data
/// that a panic cannot leave half-written.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Refuses values from the window that no HiBob value comes close to.
fn check_length(value: &str, what: &str) -> Result<()> {
    if value.len() > MAX_INPUT {
        Err(SetupError::InputTooLong { what: what.into() })
    } else {
        Ok(())
    }
}

impl AppState {
    pub fn new(data_dir: &Path, secrets: Arc<dyn SecretStore>) -> Result<Self> {
        let progress_file = data_dir.join("progress.json");
        let (progress, notice) = Progress::load(&progress_file);
        Ok(Self {
            startup_notices: notice.into_iter().collect(),
            progress: Mutex::new(progress),
            progress_file,
            credentials: Credentials::new(secrets),
            demo: Demo::default(),
            catalog: Catalog::builtin()?,
            saved_profiles: SavedProfiles::new(data_dir.join("profiles")),
            running_sync: RunningSync::default(),
            history: History::new(data_dir.join("history.sqlite")),
            last: Mutex::new(LastRun::default()),
            company_fields: Mutex::new(None),
            client_config: ClientConfig::default(),
        })
    }

    /// Other timeouts and retry waits (tests scale them down to run the fault matrix quickly).
    pub fn with_client_config(mut self, config: ClientConfig) -> Self {
        self.client_config = config;
        self
    }

    pub fn app_info(&self) -> Result<AppInfo> {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            guide: Guide::builtin()?,
            profiles: self.profiles()?,
            lifecycle_statuses: LifecycleStatus::ALL.map(LifecycleStatus::labelled).to_vec(),
            notices: self
                .startup_notices
                .iter()
                .cloned()
                .chain(self.saved_profile_problems())
                .collect(),
        })
    }

    pub fn hibob_page(&self, page: HibobPage) -> &'static str {
        self.progress().environment.web_page(page)
    }
}
