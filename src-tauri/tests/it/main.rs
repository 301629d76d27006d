//! The desktop app's integration tests, one binary with a module per area (as in ripgrep's
//! `tests/tests.rs`): the Tauri layer is linked once, not once per file. Tests drive the app's
//! state, or its commands through Tauri's mock runtime, against a simulator each starts with its
//! builder (`SimConfig::preset(..).employees(..).start()`) and a scratch folder of its own
//! (`test_support::Scratch`).
//!
//! The modules share one process and run in parallel threads, so none may change what the
//! process shares: no `std::env::set_var` (the app reads `HIBOB_SETUP_*` variables), no D-Bus
//! session of its own, no fixed file names. Tests that need their own process are separate
//! binaries: `crash_safety.rs` (kills a child mid-write), `keychain_unavailable.rs` (a child per
//! D-Bus session) and `fault_matrix.rs` (counts retries and waits, which parallel neighbours skew).

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// The window's capability and content security policy: the app's own commands only.
mod capabilities;
// The Tauri commands through the mock runtime: real IPC, handlers and state, in-memory secrets.
mod ipc;
// The real OS credential store (the Secret Service in the test's D-Bus session) round trip.
mod keychain;
// No answer to the UI and no file the app writes holds the token or its Basic-auth form.
mod secrets_audit;
// Sync now through the app's state on the demo company: progress, diff, damaged history, export.
mod sync;
// Pointing the app at an address as the screens do, IPC calls, files under a folder.
mod util;
