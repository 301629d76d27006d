//! The window's capability, as the built app resolves it: the app's own commands are allowed and
//! Tauri's core APIs (windows, events, paths, web views, the app itself) and the dialog plugin
//! are not, so a script that got into the page could not drive them. Also that the content
//! security policy forbids inline and foreign scripts.

// Test code: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use common::invoke;
use hibob_setup_app::secrets::MemoryStore;
use hibob_setup_app::{app_builder, AppState};
use serde_json::{json, Value};
use tauri::test::{mock_builder, MockRuntime};

#[test]
fn the_window_may_call_the_apps_commands_and_nothing_of_tauris_core() {
    let scratch = common::Scratch::new("capabilities");
    let state = AppState::new(scratch.path(), Arc::new(MemoryStore::default())).unwrap();
    // The app's real configuration and capability, as `cargo build` resolved them.
    let context: tauri::Context<MockRuntime> = tauri::generate_context!();
    let app = app_builder(mock_builder())
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .build(context)
        .unwrap();
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();

    let info = invoke(&window, "app_info", json!({})).expect("the app's own commands work");
    assert_eq!(info["guide"]["steps"].as_array().unwrap().len(), 7);
    invoke(&window, "cancel_sync", json!({})).expect("every command the UI uses is granted");

    for (command, args) in [
        ("plugin:window|close", json!({ "label": "main" })),
        (
            "plugin:window|set_title",
            json!({ "label": "main", "value": "x" }),
        ),
        (
            "plugin:event|listen",
            json!({ "event": "x", "target": { "kind": "Any" }, "handler": 0 }),
        ),
        ("plugin:path|resolve_directory", json!({ "directory": 1 })),
        ("plugin:app|version", json!({})),
        ("plugin:webview|create_webview_window", json!({})),
        ("plugin:dialog|open", json!({ "options": {} })),
        ("plugin:dialog|save", json!({ "options": {} })),
    ] {
        let refused = invoke(&window, command, args).expect_err(command);
        assert!(
            refused.to_string().contains("not allowed"),
            "{command} was not refused by the capability: {refused}"
        );
    }
}

#[test]
fn the_content_security_policy_allows_only_the_apps_own_scripts() {
    let config: Value = serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
    let csp = config["app"]["security"]["csp"].as_str().unwrap();
    let directive = |name: &str| {
        csp.split(';')
            .map(str::trim)
            .find(|d| d.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("the CSP sets {name}"))
            .to_string()
    };
    assert_eq!(directive("script-src"), "script-src 'self'");
    assert_eq!(directive("object-src"), "object-src 'none'");
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
    // The page may talk to the app's IPC and nowhere else.
    assert_eq!(
        directive("connect-src"),
        "connect-src ipc: http://ipc.localhost"
    );
    assert_eq!(config["app"]["withGlobalTauri"], false);
}
