//! The shapes only the desktop app exchanges with its window: what it needs at start, where the
//! token is kept, Sync now's result and where an export went. None of them holds the token.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::ErrorReport;
use crate::guide::Guide;
use crate::profile::ProfileSummary;

/// Where the token for the current environment is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TokenStorage {
    None,
    /// The OS credential store (Keychain, Credential Manager, Secret Service).
    Keychain,
    /// Memory only, until the app closes (the admin's choice when no credential store works).
    Session,
    /// The demo company's built-in credentials.
    Demo,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CredentialStatus {
    pub service_user_id: Option<String>,
    pub token: TokenStorage,
    /// Why the credential store cannot be used, when it cannot.
    pub keychain_problem: Option<ErrorReport>,
}

/// Everything static the UI needs at start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub guide: Guide,
    pub profiles: Vec<ProfileSummary>,
    /// Things the admin should know from the start (saved progress that could not be read).
    pub notices: Vec<String>,
}

/// What Sync now hands the screen: the preview and what changed since last time.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SyncResult {
    pub preview: crate::sync::Preview,
    pub diff: crate::history::SyncDiff,
    /// What went wrong with the sync history, if anything (the preview itself is complete).
    pub notices: Vec<String>,
}

/// Where an export went; `path` is `None` when the admin cancelled the save dialog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExportOutcome {
    pub path: Option<String>,
    pub records: usize,
}

impl ExportOutcome {
    /// The admin closed the save dialog without choosing a file.
    pub fn cancelled() -> Self {
        ExportOutcome {
            path: None,
            records: 0,
        }
    }

    pub fn saved(path: &Path, records: usize) -> Self {
        ExportOutcome {
            path: Some(path.display().to_string()),
            records,
        }
    }
}

/// Formats Sync now's results can be saved in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportFormat {
    Csv,
    Json,
}
