//! The Tauri commands through the mock runtime: real IPC, real command handlers and state, an
//! in-memory credential store and a temporary data folder.

// Test helpers too: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use hibob_setup_app::secrets::{MemoryStore, SecretStore};
use hibob_setup_app::{app_builder, AppState};
use serde_json::{json, Value};
use tauri::test::{mock_builder, mock_context, noop_assets};
use tauri::WebviewWindow;
use test_support::Scratch;

use crate::util;

const TOKEN: &str = "Qm9iU2V0dXBUZXN0VG9rZW4wMTIzNDU2Nzg5YWJj";

struct App {
    _app: tauri::App<tauri::test::MockRuntime>,
    window: WebviewWindow<tauri::test::MockRuntime>,
    // Last, so the folder goes after the app that uses it.
    dir: Scratch,
}

fn app_with(store: Arc<dyn SecretStore>, name: &str) -> App {
    let dir = Scratch::new(&format!("ipc-{name}"));
    let state = AppState::new(dir.path(), store).unwrap();
    let app = app_builder(mock_builder())
        .manage(state)
        .build(mock_context(noop_assets()))
        .unwrap();
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    App {
        _app: app,
        window,
        dir,
    }
}

fn app(name: &str) -> App {
    app_with(Arc::new(MemoryStore::default()), name)
}

/// Invokes a command; Ok is the JSON result, Err the JSON error the UI would receive.
fn invoke(app: &App, cmd: &str, args: Value) -> Result<Value, Value> {
    util::invoke(&app.window, cmd, args)
}

fn set_environment(app: &App, environment: Value) {
    let mut progress = invoke(app, "load_progress", json!({})).unwrap();
    progress["environment"] = environment;
    invoke(app, "save_progress", json!({ "progress": progress })).unwrap();
}

#[test]
fn record_pages_before_any_sync_now_are_refused_with_a_report() {
    let app = app("pages");
    let query =
        json!({"query": {"search": "", "problem": null, "reveal_sensitive": false, "page": 0}});
    let refused = invoke(&app, "preview_records", query).unwrap_err();
    assert_eq!(refused["kind"], "no_sync_result");
    assert_eq!(refused["hint"], "Run Sync now first.");
}

#[test]
fn app_info_carries_the_guide_and_the_profiles() {
    let app = app("info");
    let info = invoke(&app, "app_info", json!({})).unwrap();
    assert_eq!(info["guide"]["steps"].as_array().unwrap().len(), 9);
    assert_eq!(info["guide"]["steps"][1]["id"], "service_user");
    let profiles = info["profiles"].as_array().unwrap();
    // The library's products first, each with where its list comes from; the generic ones last.
    let generic: Vec<&str> = profiles
        .iter()
        .filter(|p| p["product"].is_null())
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(generic, ["hr-core", "unified", "directory"]);
    assert!(profiles.len() >= 15);
    assert!(profiles[0]["product"]["sources"][0]["url"].is_string());
    assert!(profiles[0]["category_name"].is_string());
}

#[test]
fn a_profile_built_from_the_demo_company_is_saved_chosen_and_checked() {
    let app = app("builder");
    let choices = invoke(&app, "builder_choices", json!({})).unwrap();
    let groups = choices["groups"].as_array().unwrap();
    assert!(groups.iter().any(|g| g["category"] == "work"));
    let draft = json!({
        "name": "Acme Gifts",
        "reads": ["work.title", "root.email"],
        "writes": [],
        "tables": [],
        "include_inactive": false,
    });
    let built = invoke(&app, "build_profile", json!({ "draft": draft })).unwrap();
    assert_eq!(built["id"], "acme-gifts");
    assert!(built["toml"].as_str().unwrap().contains("people.work.view"));

    let saved = invoke(&app, "save_built_profile", json!({ "draft": draft })).unwrap();
    assert_eq!(saved["saved"], true);
    let listed = invoke(&app, "list_profiles", json!({})).unwrap();
    assert!(listed
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["id"] == "acme-gifts" && p["saved"] == true));

    // Chosen like a built-in profile: saved in the progress, and its checklist served.
    let mut progress = invoke(&app, "load_progress", json!({})).unwrap();
    progress["profile"] = json!("acme-gifts");
    invoke(&app, "save_progress", json!({ "progress": progress })).unwrap();
    let checklist = invoke(
        &app,
        "profile_checklist",
        json!({ "profile": "acme-gifts" }),
    )
    .unwrap();
    assert_eq!(checklist["profile"]["name"], "Acme Gifts");

    // A draft naming a field the company lacks is refused with the reason.
    let error = invoke(
        &app,
        "build_profile",
        json!({ "draft": { "name": "X", "reads": ["work.nope"], "writes": [], "tables": [], "include_inactive": false } }),
    )
    .unwrap_err();
    assert_eq!(error["kind"], "invalid_draft");
    assert!(error["message"].as_str().unwrap().contains("work.nope"));
}

#[test]
fn progress_starts_on_the_demo_and_is_saved_to_disk() {
    let app = app("progress");
    let mut progress = invoke(&app, "load_progress", json!({})).unwrap();
    assert_eq!(progress["step"], "welcome");
    assert_eq!(progress["environment"]["kind"], "demo");
    progress["step"] = json!("permissions");
    progress["profile"] = json!("hr-core");
    invoke(&app, "save_progress", json!({ "progress": progress })).unwrap();
    let saved: Value =
        serde_json::from_slice(&std::fs::read(app.dir.join("progress.json")).unwrap()).unwrap();
    assert_eq!(saved["step"], "permissions");
    assert_eq!(saved["profile"], "hr-core");
}

#[test]
fn unknown_profiles_and_oversized_input_are_refused_as_reports() {
    let app = app("validation");
    let mut progress = invoke(&app, "load_progress", json!({})).unwrap();
    progress["profile"] = json!("nope");
    let error = invoke(&app, "save_progress", json!({ "progress": progress })).unwrap_err();
    assert_eq!(error["kind"], "unknown_profile");
    assert!(error["hint"]
        .as_str()
        .unwrap()
        .contains("hibob-setup profiles"));

    let error = invoke(
        &app,
        "review_credentials",
        json!({ "serviceUserId": "SERVICE-1", "token": "x".repeat(10_000) }),
    )
    .unwrap_err();
    assert_eq!(error["kind"], "input_too_long");
}

#[test]
fn checklist_groups_the_profiles_permissions() {
    let app = app("checklist");
    let checklist = invoke(&app, "profile_checklist", json!({ "profile": "directory" })).unwrap();
    let labels: Vec<&str> = checklist["groups"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"View selected employees’ Lifecycle sections"));
    assert!(checklist["statuses"]
        .as_array()
        .unwrap()
        .contains(&json!({ "id": "terminated", "label": "Terminated" })));
}

#[test]
fn after_a_test_the_checklist_marks_what_this_company_cannot_show() {
    let app = app("checklist-company");
    let mut progress = invoke(&app, "load_progress", json!({})).unwrap();
    progress["profile"] = json!("unified");
    invoke(&app, "save_progress", json!({ "progress": progress })).unwrap();
    let reason = |checklist: &Value, permission: &str| {
        checklist["groups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["items"].as_array().unwrap())
            .find(|i| i["permission"] == permission)
            .map(|i| i["cannot_check"].clone())
            .unwrap()
    };
    // Before any test, only what no company can show is marked.
    let before = invoke(&app, "profile_checklist", json!({ "profile": "unified" })).unwrap();
    assert_eq!(reason(&before, "people.training.view"), Value::Null);
    assert!(reason(&before, "docs.shared.view")
        .as_str()
        .unwrap()
        .contains("folder"));
    // The demo company has no Training fields: once its field list is known, that check is
    // marked impossible there, while one on a section it has stays checkable.
    invoke(
        &app,
        "test_connection",
        json!({ "onWait": "__CHANNEL__:1" }),
    )
    .unwrap();
    let after = invoke(&app, "profile_checklist", json!({ "profile": "unified" })).unwrap();
    assert!(reason(&after, "people.training.view")
        .as_str()
        .unwrap()
        .contains("no Training fields"));
    assert_eq!(reason(&after, "people.work.view"), Value::Null);
    // Another HiBob chosen: its fields are unknown again.
    set_environment(&app, json!({ "kind": "production" }));
    let elsewhere = invoke(&app, "profile_checklist", json!({ "profile": "unified" })).unwrap();
    assert_eq!(reason(&elsewhere, "people.training.view"), Value::Null);
}

#[test]
fn swapped_credentials_are_flagged_while_typing() {
    let app = app("review");
    let feedback = invoke(
        &app,
        "review_credentials",
        json!({ "serviceUserId": TOKEN, "token": "SERVICE-42" }),
    )
    .unwrap();
    assert_eq!(feedback["suspicions"][0]["kind"], "swapped");
}

#[test]
fn saved_credentials_go_to_the_credential_store_and_never_come_back() {
    let store = Arc::new(MemoryStore::default());
    let app = app_with(store.clone(), "save");
    set_environment(&app, json!({ "kind": "production" }));
    let status = invoke(
        &app,
        "save_credentials",
        json!({ "serviceUserId": " SERVICE-42 ", "token": format!("\"{TOKEN}\"\n"), "sessionOnly": false }),
    )
    .unwrap();
    assert_eq!(status["token"], "keychain");
    assert_eq!(status["service_user_id"], "SERVICE-42");
    // Stored cleaned, under the environment's name.
    assert_eq!(store.get("production").unwrap().as_deref(), Some(TOKEN));
    // Neither the status, the progress nor the progress file carries the token.
    for response in [
        invoke(&app, "credential_status", json!({})).unwrap(),
        invoke(&app, "load_progress", json!({})).unwrap(),
    ] {
        assert!(!response.to_string().contains(TOKEN));
    }
    let file = std::fs::read_to_string(app.dir.join("progress.json")).unwrap();
    assert!(!file.contains(TOKEN));

    let status = invoke(&app, "forget_credentials", json!({})).unwrap();
    assert_eq!(status["token"], "none");
    assert_eq!(store.get("production").unwrap(), None);
}

#[test]
fn without_a_credential_store_the_token_can_be_kept_for_the_session() {
    let app = app_with(Arc::new(MemoryStore::broken()), "broken");
    set_environment(&app, json!({ "kind": "sandbox" }));
    let args = |session_only: bool| json!({ "serviceUserId": "SERVICE-42", "token": TOKEN, "sessionOnly": session_only });
    let error = invoke(&app, "save_credentials", args(false)).unwrap_err();
    assert_eq!(error["kind"], "keychain_unavailable");
    assert!(error["hint"]
        .as_str()
        .unwrap()
        .contains("this session only"));
    assert!(!error.to_string().contains(TOKEN));

    let status = invoke(&app, "save_credentials", args(true)).unwrap();
    assert_eq!(status["token"], "session");
}

#[test]
fn test_connection_without_credentials_says_what_is_missing() {
    let app = app("nocreds");
    set_environment(&app, json!({ "kind": "production" }));
    let error = invoke(
        &app,
        "test_connection",
        json!({ "onWait": "__CHANNEL__:1" }),
    )
    .unwrap_err();
    assert_eq!(error["kind"], "missing_service_user_id");
}

#[test]
fn demo_connection_shows_missing_permissions_until_granted() {
    let app = app("demo");
    let diagnosis = invoke(
        &app,
        "test_connection",
        json!({ "onWait": "__CHANNEL__:1" }),
    )
    .unwrap();
    assert_eq!(diagnosis["auth"]["status"], "accepted");
    let status_of = |diagnosis: &Value, permission: &str| {
        diagnosis["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["permission"] == permission)
            .map(|c| c["status"].as_str().unwrap().to_string())
    };
    assert_eq!(
        status_of(&diagnosis, "people.lifecycle.view").as_deref(),
        Some("missing")
    );
    assert_eq!(
        invoke(&app, "credential_status", json!({})).unwrap()["token"],
        "demo"
    );

    invoke(
        &app,
        "demo_grant",
        json!({ "permission": "people.lifecycle.view" }),
    )
    .unwrap();
    invoke(
        &app,
        "demo_grant",
        json!({ "permission": "access.lifecycle.terminated" }),
    )
    .unwrap();
    let diagnosis = invoke(
        &app,
        "test_connection",
        json!({ "onWait": "__CHANNEL__:1" }),
    )
    .unwrap();
    assert_eq!(
        status_of(&diagnosis, "people.lifecycle.view").as_deref(),
        Some("granted")
    );
    assert_eq!(
        status_of(&diagnosis, "access.lifecycle.terminated").as_deref(),
        Some("granted")
    );
}

#[test]
fn simulated_grants_only_exist_in_the_demo() {
    let app = app("notdemo");
    set_environment(&app, json!({ "kind": "production" }));
    let error = invoke(
        &app,
        "demo_grant",
        json!({ "permission": "people.lifecycle.view" }),
    )
    .unwrap_err();
    assert_eq!(error["kind"], "not_demo");
}

#[test]
fn exporting_before_any_sync_says_to_run_it_first() {
    let app = app("noexport");
    let error = invoke(&app, "export_preview", json!({ "format": "csv" })).unwrap_err();
    assert_eq!(error["kind"], "nothing_to_export");
}

#[test]
fn cancelling_when_nothing_runs_is_harmless() {
    let app = app("nocancel");
    invoke(&app, "cancel_sync", json!({})).unwrap();
}

#[test]
fn the_export_folder_can_be_shown_only_after_an_export() {
    let app = app("noexportfolder");
    let error = invoke(&app, "open_export_folder", json!({})).unwrap_err();
    assert_eq!(error["kind"], "nothing_exported");
    // The command takes no path: whatever the page sends is not a folder to open.
    let error = invoke(&app, "open_export_folder", json!({ "path": "/etc" })).unwrap_err();
    assert_eq!(error["kind"], "nothing_exported");
}

#[test]
fn a_custom_address_is_saved_as_typed_but_never_of_another_kind() {
    let app = app("customurl");
    // Half-typed addresses are kept, so nothing typed is lost.
    for typed in ["h", "https:", "https://api.hib", "https://api.hibob.com/v1"] {
        set_environment(&app, json!({ "kind": "custom", "url": typed }));
    }
    for foreign in [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "ftp://api.hibob.com/v1",
    ] {
        let mut progress = invoke(&app, "load_progress", json!({})).unwrap();
        progress["environment"] = json!({ "kind": "custom", "url": foreign });
        let error = invoke(&app, "save_progress", json!({ "progress": progress })).unwrap_err();
        assert_eq!(error["kind"], "invalid_base_url", "{foreign}");
        assert!(error["hint"].as_str().unwrap().contains("https"));
    }
    let saved = invoke(&app, "load_progress", json!({})).unwrap();
    assert_eq!(saved["environment"]["url"], "https://api.hibob.com/v1");
}
