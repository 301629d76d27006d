//! What the app's integration tests share: pointing the app's state at a HiBob address as the
//! screens do, invoking a command as the page does, and listing the files the app wrote. Also
//! used by `keychain_unavailable.rs` (`#[path]`), which needs a process of its own. Scratch
//! folders come from `test_support::Scratch`, simulators from `SimConfig`'s builder.

// Test support: a panic is how a test reports failure; not every binary uses every helper.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use hibob_setup_app::AppState;
use serde_json::Value;
use setup::progress::Progress;
use setup::EnvironmentChoice;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

/// Points the app at `url` with the `profile` integration, as the welcome step does.
pub fn choose(state: &AppState, url: &str, profile: &str) {
    state
        .save_progress(Progress {
            environment: EnvironmentChoice::Custom { url: url.into() },
            profile: profile.into(),
            ..Progress::default()
        })
        .unwrap();
}

/// The app's own origin, where its page is served from: a custom scheme on Linux and macOS, an
/// http host on Windows, where WebView2 cannot serve custom schemes.
const APP_ORIGIN: &str = if cfg!(windows) {
    "http://tauri.localhost"
} else {
    "tauri://localhost"
};

/// Invokes a command as the page would; Ok is the JSON result, Err the JSON error the UI gets.
pub fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: APP_ORIGIN.parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}
