//! The window's capability, as the built app resolves it: the app's own commands are allowed and
//! Tauri's core APIs (windows, events, paths, web views, the app itself) and the dialog plugin
//! are not, so a script that got into the page could not drive them. Also that the content
//! security policy forbids inline and foreign scripts.

// Test code: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::util::invoke;
use hibob_setup_app::command_names::COMMANDS;
use hibob_setup_app::secrets::MemoryStore;
use hibob_setup_app::{app_builder, AppState};
use serde_json::{json, Value};
use tauri::test::{mock_builder, MockRuntime};
use test_support::Scratch;

/// The main window of the app with its real configuration and capability, as `cargo build`
/// resolved them; the app must outlive the window.
fn main_window(state: AppState) -> (tauri::App<MockRuntime>, tauri::WebviewWindow<MockRuntime>) {
    let context: tauri::Context<MockRuntime> = tauri::generate_context!();
    let app = app_builder(mock_builder())
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .build(context)
        .unwrap();
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    (app, window)
}

#[test]
fn the_window_may_call_the_apps_commands_and_nothing_of_tauris_core() {
    let scratch = Scratch::new("capabilities");
    let state = AppState::new(scratch.path(), Arc::new(MemoryStore::default())).unwrap();
    let (_app, window) = main_window(state);

    let info = invoke(&window, "app_info", json!({})).expect("the app's own commands work");
    assert_eq!(info["guide"]["steps"].as_array().unwrap().len(), 9);
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
    let config: Value = serde_json::from_str(include_str!("../../tauri.conf.json")).unwrap();
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

/// Commands that need no argument and open a native file dialog before anything can fail.
const OPEN_A_DIALOG_FIRST: [&str; 2] = ["import_profile", "export_handoff"];

/// Every listed command, granted and handled; the capability grants nothing else.
#[test]
fn the_capability_the_handler_and_the_list_of_commands_agree() {
    let capability: Value =
        serde_json::from_str(include_str!("../../capabilities/default.json")).unwrap();
    let granted: Vec<&str> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let expected: Vec<String> = COMMANDS
        .iter()
        .map(|name| format!("allow-{}", name.replace('_', "-")))
        .collect();
    assert_eq!(granted, expected, "capabilities/default.json");

    let scratch = Scratch::new("every-command");
    let state = AppState::new(scratch.path(), Arc::new(MemoryStore::default())).unwrap();
    // A real environment without credentials: nothing below reaches a network or a browser.
    state
        .save_progress(setup::progress::Progress {
            environment: setup::EnvironmentChoice::Sandbox,
            ..Default::default()
        })
        .unwrap();
    let (_app, window) = main_window(state);
    let unknown = invoke(&window, "no_such_command", json!({})).unwrap_err();
    for name in COMMANDS {
        if OPEN_A_DIALOG_FIRST.contains(name) {
            // Reached, it waits for the admin's choice in a native dialog, which nobody answers
            // here; an unknown or forbidden command would have been refused at once.
            let window = window.clone();
            let (sender, answer) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let _ = sender.send(invoke(&window, name, json!({})));
            });
            if let Ok(Err(error)) = answer.recv_timeout(std::time::Duration::from_secs(2)) {
                assert_ne!(error, unknown, "{name} is not handled");
                assert!(
                    !error.to_string().contains("not allowed"),
                    "{name}: {error}"
                );
            }
            continue;
        }
        // No arguments: commands that need some fail to read them, which proves they were reached.
        if let Err(error) = invoke(&window, name, json!({})) {
            assert_ne!(error, unknown, "{name} is not handled");
            assert!(
                !error.to_string().contains("not allowed"),
                "{name} is not granted: {error}"
            );
        }
    }
}

/// Every command the UI calls exists, so a renamed command cannot fail only at run time.
#[test]
fn every_command_the_ui_calls_is_in_the_list() {
    let api = include_str!("../../../ui/src/lib/api.ts");
    let called: Vec<&str> = api
        .split("call<")
        .skip(1)
        .filter_map(|rest| rest.split('"').nth(1))
        .collect();
    assert!(
        called.len() >= COMMANDS.len(),
        "read {called:?} from api.ts"
    );
    for name in &called {
        assert!(
            COMMANDS.contains(name),
            "api.ts calls {name}, which is not a command"
        );
    }
    for name in COMMANDS {
        assert!(called.contains(name), "{name} is never called by the UI");
    }
}
