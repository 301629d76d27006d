//! The commands the UI invokes. Each is a few lines that delegate to `AppState` and hand back typed
//! data or a `SetupError`, which reaches the UI as `{kind, message, hint}` — never a bare string.

use setup::builder::{BuilderChoices, BuiltProfile, ProfileDraft};
use setup::credentials::CredentialFeedback;
use setup::diagnosis::Diagnosis;
use setup::guide::HibobPage;
use setup::ipc::{AppInfo, CredentialStatus, ExportFormat, ExportOutcome, SyncResult};
use setup::profile::{ProfileChecklist, ProfileSummary};
use setup::progress::Progress;
use setup::sync::{RecordsPage, RecordsQuery, SyncProgress};
use setup::waiting::Waiting;
use setup::{Result, SetupError};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};

use crate::open::{self, Target};
use crate::state::AppState;

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo> {
    state.app_info()
}

#[tauri::command]
pub fn load_progress(state: State<'_, AppState>) -> Progress {
    state.progress()
}

#[tauri::command]
pub fn save_progress(state: State<'_, AppState>, progress: Progress) -> Result<()> {
    state.save_progress(progress)
}

#[tauri::command]
pub fn profile_checklist(state: State<'_, AppState>, profile: String) -> Result<ProfileChecklist> {
    state.checklist(&profile)
}

#[tauri::command]
pub fn review_credentials(
    state: State<'_, AppState>,
    service_user_id: String,
    token: String,
) -> Result<CredentialFeedback> {
    state.review_credentials(&service_user_id, &token)
}

#[tauri::command]
pub async fn save_credentials<R: Runtime>(
    app: AppHandle<R>,
    service_user_id: String,
    token: String,
    session_only: bool,
) -> Result<CredentialStatus> {
    off_the_window(app, move |state| {
        state.save_credentials(&service_user_id, &token, session_only)
    })
    .await
}

#[tauri::command]
pub async fn credential_status<R: Runtime>(app: AppHandle<R>) -> Result<CredentialStatus> {
    off_the_window(app, |state| Ok(state.credential_status())).await
}

#[tauri::command]
pub async fn forget_credentials<R: Runtime>(app: AppHandle<R>) -> Result<CredentialStatus> {
    off_the_window(app, AppState::forget_credentials).await
}

/// Runs work that may wait on the OS credential store (a locked one waits for its password) on
/// a thread meant for waiting, so the window stays responsive meanwhile.
async fn off_the_window<R: Runtime, T: Send + 'static>(
    app: AppHandle<R>,
    work: impl FnOnce(&AppState) -> Result<T> + Send + 'static,
) -> Result<T> {
    tauri::async_runtime::spawn_blocking(move || work(&app.state::<AppState>()))
        .await
        .unwrap_or(Err(SetupError::Unexpected))
}

/// Test connection. Waits HiBob imposes arrive on `on_wait` (`null` when one is over), for a
/// countdown.
#[tauri::command]
pub async fn test_connection(
    state: State<'_, AppState>,
    on_wait: Channel<Option<Waiting>>,
) -> Result<Diagnosis> {
    state
        .test_connection(move |waiting| {
            // A closed channel (the window went away) is no reason to stop the test.
            let _ = on_wait.send(waiting);
        })
        .await
}

#[tauri::command]
pub async fn demo_grant(state: State<'_, AppState>, permission: String) -> Result<()> {
    state.demo_grant(&permission).await
}

/// Opens HiBob's web app in the browser. Only HiBob's own https pages can be opened: the page is
/// an enum, not a URL from the web view.
#[tauri::command]
pub fn open_hibob(state: State<'_, AppState>, page: HibobPage) -> Result<()> {
    open::open(Target::HibobPage(state.hibob_page(page)))
}

/// Shows the folder of the last export in the file manager. It takes no path: only a folder this
/// app has just written to can be opened.
#[tauri::command]
pub fn open_export_folder(state: State<'_, AppState>) -> Result<()> {
    let folder = state.export_folder()?;
    open::open(Target::ExportFolder(&folder))
}

/// Sync now (preview). Progress arrives on `on_progress`; `cancel_sync` stops it.
#[tauri::command]
pub async fn sync_now(
    state: State<'_, AppState>,
    on_progress: Channel<SyncProgress>,
) -> Result<SyncResult> {
    state
        .sync_now(move |progress| {
            // A closed channel (the window went away) is no reason to stop the sync.
            let _ = on_progress.send(progress);
        })
        .await
}

/// A page of the last Sync now's records: searched, narrowed to a problem's records.
#[tauri::command]
pub fn preview_records(state: State<'_, AppState>, query: RecordsQuery) -> Result<RecordsPage> {
    state.preview_records(&query)
}

#[tauri::command]
pub fn cancel_sync(state: State<'_, AppState>) {
    state.cancel_sync();
}

/// Saves the last Sync now's result where the admin chooses, in a native save dialog.
#[tauri::command]
pub async fn export_preview<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    format: ExportFormat,
) -> Result<ExportOutcome> {
    // Say so before asking where to save, not after.
    state.ensure_preview()?;
    let Some(path) = crate::save_dialog::ask(&app, format).await else {
        return Ok(ExportOutcome::cancelled());
    };
    let records = state.export_preview(format, &path)?;
    Ok(ExportOutcome::saved(&path, records))
}

/// Saves the setup report (Markdown) where the admin chooses.
#[tauri::command]
pub async fn export_report<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    include_employee_ids: bool,
) -> Result<ExportOutcome> {
    // Say so before asking where to save, not after.
    state.ensure_report()?;
    let Some(path) =
        crate::save_dialog::ask_for(&app, "hibob-setup-report.md", "Markdown", "md").await
    else {
        return Ok(ExportOutcome::cancelled());
    };
    state.export_report(&path, include_employee_ids)?;
    Ok(ExportOutcome::saved(&path, 0))
}

/// Every profile the Welcome step offers, after one was saved or imported.
#[tauri::command]
pub fn list_profiles(state: State<'_, AppState>) -> Result<Vec<ProfileSummary>> {
    state.profiles()
}

/// The company's fields and tables the profile builder offers (read from HiBob if need be).
#[tauri::command]
pub async fn builder_choices(state: State<'_, AppState>) -> Result<BuilderChoices> {
    state.builder_choices().await
}

#[tauri::command]
pub fn build_profile(state: State<'_, AppState>, draft: ProfileDraft) -> Result<BuiltProfile> {
    state.build_profile(&draft)
}

#[tauri::command]
pub fn save_built_profile(
    state: State<'_, AppState>,
    draft: ProfileDraft,
) -> Result<ProfileSummary> {
    state.save_built_profile(&draft)
}

/// Imports a profile file the admin picks; `None` when the dialog was cancelled.
#[tauri::command]
pub async fn import_profile<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<ProfileSummary>> {
    let Some(path) = crate::save_dialog::ask_to_open_profile(&app).await else {
        return Ok(None);
    };
    state.import_profile(&path).map(Some)
}

/// Saves a profile as a TOML file where the admin chooses.
#[tauri::command]
pub async fn export_profile<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    profile: String,
) -> Result<ExportOutcome> {
    // An unknown profile is said before the dialog, not after.
    state.profile(&profile)?;
    let file_name = format!("{profile}.toml");
    let Some(path) =
        crate::save_dialog::ask_for(&app, &file_name, "HiBob Setup profile", "toml").await
    else {
        return Ok(ExportOutcome::cancelled());
    };
    state.export_profile(&profile, &path)?;
    Ok(ExportOutcome::saved(&path, 0))
}

/// Saves the checklist and the steps in HiBob for the HiBob admin, where the person chooses.
#[tauri::command]
pub async fn export_handoff<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<ExportOutcome> {
    let file_name = format!("hibob-setup-checklist-{}.md", state.progress().profile);
    let Some(path) = crate::save_dialog::ask_for(&app, &file_name, "Markdown", "md").await else {
        return Ok(ExportOutcome::cancelled());
    };
    state.export_handoff(&path)?;
    Ok(ExportOutcome::saved(&path, 0))
}
