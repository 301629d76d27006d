// The commands the web view may invoke, named once. `build.rs` includes this file so that Tauri
// generates an `allow-…` permission for each, `lib.rs` exposes it, and `tests/it/capabilities.rs`
// holds the window's capability, the invoke handler and the UI's calls to this list.
pub const COMMANDS: &[&str] = &[
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
    "preview_records",
    "cancel_sync",
    "export_preview",
    "export_report",
    "list_profiles",
    "builder_choices",
    "build_profile",
    "save_built_profile",
    "import_profile",
    "export_profile",
    "export_handoff",
];
