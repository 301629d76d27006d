/// The commands the web view may invoke. Naming them here makes Tauri generate an `allow-…`
/// permission for each, and from then on a command is reachable only if the window's capability
/// (capabilities/default.json) grants it.
const COMMANDS: &[&str] = &[
    "app_info",
    "load_progress",
    "save_progress",
    "profile_checklist",
    "review_credentials",
    "save_credentials",
    "credential_status",
    "forget_credentials",
    "test_connection",
    "demo_grant",
    "open_hibob",
    "open_export_folder",
    "sync_now",
    "cancel_sync",
    "export_preview",
    "export_report",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        // Build scripts report failure by panicking; say what went wrong first.
        panic!("tauri-build failed: {error:#}");
    }
}
