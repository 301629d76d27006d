//! The shapes only the desktop app exchanges with its window: what it needs at start, where the
//! token is kept, Sync now's result and where an export went. None of them holds the token.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::{Labelled, LifecycleStatus};
use crate::error::ErrorReport;
use crate::guide::Guide;
use crate::profile::ProfileSummary;
use crate::sync::{
    Column, Coverage, Preview, PreviewCounts, PreviewStats, Problem, RecordsPage, RecordsQuery,
    TableSummary, Team,
};

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
    /// Every lifecycle status with its name, in HiBob's order, for the screens that show them.
    pub lifecycle_statuses: Vec<Labelled<LifecycleStatus>>,
    /// Things the admin should know from the start (saved progress that could not be read).
    pub notices: Vec<String>,
}

/// What Sync now hands the screen: the preview without its records, the first page of them
/// (the screen asks for the others, `RecordsQuery`), the names of the people it lists by ID, and
/// what changed since last time. A company of 50,000 is tens of megabytes of records, of which
/// the screen shows fifty at a time.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SyncResult {
    pub preview: ScreenPreview,
    pub records: RecordsPage,
    /// Display names by employee ID, for the first [`NAMES_LISTED`] people of each problem and
    /// of the new and changed records.
    pub names: BTreeMap<String, String>,
    pub diff: crate::history::SyncDiff,
    /// What went wrong with the sync history, if anything (the preview itself is complete).
    pub notices: Vec<String>,
}

/// People named per list on the screen; beyond them it says "and N more".
pub const NAMES_LISTED: usize = 100;

impl SyncResult {
    pub fn new(preview: &Preview, diff: crate::history::SyncDiff, notices: Vec<String>) -> Self {
        let listed = preview
            .problems
            .iter()
            .flat_map(|p| p.employee_ids.iter().take(NAMES_LISTED))
            .chain(diff.new.iter().take(NAMES_LISTED))
            .chain(
                diff.changed
                    .iter()
                    .take(NAMES_LISTED)
                    .map(|c| &c.employee_id),
            )
            .map(String::as_str);
        SyncResult {
            preview: ScreenPreview::of(preview),
            records: preview.page(&RecordsQuery::default()),
            names: preview.names_of(listed),
            diff,
            notices,
        }
    }
}

/// A preview as the screen holds it: everything but the records.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ScreenPreview {
    pub profile: String,
    pub columns: Vec<Column>,
    pub problems: Vec<Problem>,
    pub coverage: Vec<Coverage>,
    pub teams: Vec<Team>,
    pub tables: Vec<TableSummary>,
    pub counts: PreviewCounts,
    pub stats: PreviewStats,
    pub field_level_permissions: bool,
}

impl ScreenPreview {
    pub fn of(preview: &Preview) -> Self {
        // Spelled out, so a field added to the preview has to be placed here too.
        let Preview {
            profile,
            columns,
            records: _,
            problems,
            coverage,
            teams,
            tables,
            counts,
            stats,
            field_level_permissions,
        } = preview;
        ScreenPreview {
            profile: profile.clone(),
            columns: columns.clone(),
            problems: problems.clone(),
            coverage: coverage.clone(),
            teams: teams.clone(),
            tables: tables.clone(),
            counts: counts.clone(),
            stats: stats.clone(),
            field_level_permissions: *field_level_permissions,
        }
    }
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

/// The UI's IPC types: every type the desktop commands take or return, exported with what it
/// refers to, and `index.ts` listing them all so the UI imports from one place. Exported on
/// `cargo test`; `scripts/test.sh` fails if the committed files differ from the result.
#[cfg(test)]
mod bindings {
    use ts_rs::{Config, TS};

    use super::*;
    use crate::credentials::CredentialFeedback;
    use crate::diagnosis::Diagnosis;
    use crate::error::ErrorKind;
    use crate::guide::HibobPage;
    use crate::profile::ProfileChecklist;
    use crate::progress::Progress;
    use crate::sync::SyncProgress;

    #[test]
    fn export_the_bindings_and_their_index() {
        let config = Config::from_env();
        for export in [
            AppInfo::export_all,
            Progress::export_all,
            ProfileChecklist::export_all,
            CredentialFeedback::export_all,
            CredentialStatus::export_all,
            Diagnosis::export_all,
            HibobPage::export_all,
            SyncProgress::export_all,
            SyncResult::export_all,
            crate::sync::RecordsQuery::export_all,
            ExportFormat::export_all,
            ExportOutcome::export_all,
            ErrorReport::export_all,
            ErrorKind::export_all,
        ] {
            export(&config).unwrap();
        }
        let dir = config.out_dir();
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|entry| {
                let name = entry.ok()?.file_name().into_string().ok()?;
                let stem = name.strip_suffix(".ts")?;
                (stem != "index").then(|| stem.to_string())
            })
            .collect();
        names.sort();
        let index: String = std::iter::once(
            "// Generated by `cargo test` (setup::ipc::bindings): every IPC type, importable from \"$lib/bindings\".\n"
                .to_string(),
        )
        .chain(names.iter().map(|name| format!("export type * from \"./{name}\";\n")))
        .collect();
        std::fs::write(dir.join("index.ts"), index).unwrap();
    }
}
