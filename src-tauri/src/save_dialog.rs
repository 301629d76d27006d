//! Where an export goes (and which profile file to import): the admin picks it in a native dialog. `HIBOB_SETUP_EXPORT_DIR`
//! skips the dialog and writes there instead — for the end-to-end test, which cannot drive a
//! native dialog.

use std::path::PathBuf;

use setup::ipc::ExportFormat;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

pub async fn ask<R: Runtime>(app: &AppHandle<R>, format: ExportFormat) -> Option<PathBuf> {
    let (extension, label) = match format {
        ExportFormat::Csv => ("csv", "CSV"),
        ExportFormat::Json => ("json", "JSON"),
    };
    ask_for(
        app,
        &format!("hibob-sync-preview.{extension}"),
        label,
        extension,
    )
    .await
}

/// Asks where to save `file_name`; `None` when the admin cancels.
pub async fn ask_for<R: Runtime>(
    app: &AppHandle<R>,
    file_name: &str,
    label: &str,
    extension: &str,
) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("HIBOB_SETUP_EXPORT_DIR") {
        return Some(PathBuf::from(dir).join(file_name));
    }
    let (sender, receiver) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Save as")
        .set_file_name(file_name)
        .add_filter(label, &[extension])
        .save_file(move |chosen| {
            let _ = sender.send(chosen.and_then(|path| path.into_path().ok()));
        });
    receiver.await.ok().flatten()
}

/// Asks which profile file to import; `None` when the admin cancels.
pub async fn ask_to_open_profile<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Import a profile file")
        .add_filter("HiBob Setup profile", &["toml"])
        .pick_file(move |chosen| {
            let _ = sender.send(chosen.and_then(|path| path.into_path().ok()));
        });
    receiver.await.ok().flatten()
}
