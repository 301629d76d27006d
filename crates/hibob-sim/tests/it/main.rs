//! The simulator's integration tests, one binary with a module per area (as in
//! ripgrep's `tests/tests.rs`). Each test starts its own simulator with the
//! builder (`started(SimConfig::preset(..).employees(..))`) and talks to it over HTTP.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// Authentication (401 with an empty body) and the people-search rate limit.
mod auth_rate;
// The `hibob-sim` binary itself: its JSON line on stdout and a clean exit on a signal.
mod binary;
// Endpoints other than search: permission gates, tables, bulk pagination, docs, time off.
mod endpoints;
// Field-level permissions: withheld columns, search nulls, run-time field settings, "Everyone".
mod field_level;
// Fault injection, the admin API, run-time mutations and generator determinism.
mod faults_admin;
// People search and read: field omission, nulls, lifecycle scoping, validation.
mod people;
// Requests as the primary service user, shared by the modules above.
mod util;
