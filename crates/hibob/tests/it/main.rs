//! The client's integration tests, one binary with a module per area (as in ripgrep's
//! `tests/tests.rs`). Tests against a server start their own simulator with its builder
//! (`SimConfig::preset(..).employees(..).start()`) or a raw TCP listener; shared helpers come
//! from the `test-support` crate.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// The client against the simulated tenant and raw listeners: every error a user can meet,
// retries counted on the server side, pagination, tables, cancellation.
mod client_against_sim;
// Property tests: whatever bytes a people search answers, reading them never panics.
mod hostile_bodies;
