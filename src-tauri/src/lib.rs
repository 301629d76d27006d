//! HiBob Setup's desktop shell: Tauri commands over `setup`, the credential store, the demo company.

pub mod commands;
mod demo;
mod open;
mod save_dialog;
pub mod secrets;
pub mod state;

use std::path::PathBuf;
use std::sync::Arc;

use tauri::Manager;

pub use state::AppState;

/// The commands the web view may invoke (also read by `build.rs`).
pub mod command_names {
    include!("../command_names.rs");
}

/// Registers the commands; the caller adds the state (tests use a temporary folder and an
/// in-memory credential store).
pub fn app_builder<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::app_info,
        commands::load_progress,
        commands::save_progress,
        commands::profile_checklist,
        commands::review_credentials,
        commands::save_credentials,
        commands::credential_status,
        commands::forget_credentials,
        commands::test_connection,
        commands::demo_grant,
        commands::open_hibob,
        commands::open_export_folder,
        commands::sync_now,
        commands::preview_records,
        commands::cancel_sync,
        commands::export_preview,
        commands::export_report,
        commands::list_profiles,
        commands::builder_choices,
        commands::build_profile,
        commands::save_built_profile,
        commands::import_profile,
        commands::export_profile,
        commands::export_handoff,
    ])
}

/// Where progress is saved: the OS's app data folder, or `HIBOB_SETUP_DATA_DIR` (used by tests to
/// start from a clean slate).
fn data_dir(app: &tauri::App) -> Result<PathBuf, tauri::Error> {
    match std::env::var_os("HIBOB_SETUP_DATA_DIR") {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => app.path().app_data_dir(),
    }
}

pub fn run() {
    let result = app_builder(tauri::Builder::default())
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let state = AppState::new(&data_dir(app)?, Arc::new(secrets::Keychain::default()))?;
            app.manage(state);
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("HiBob Setup could not start: {error}");
        std::process::exit(1);
    }
}
