//! The core library's integration tests, one binary with a module per area (as in ripgrep's
//! `tests/tests.rs`). Tests against HiBob start their own simulator with its builder
//! (`SimConfig::preset(..).employees(..).start()`); scratch folders come from the
//! `test-support` crate. The CLI's tests live with the CLI, in `crates/cli/tests`.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// Every label public setup guides print has a catalog entry.
mod catalog_breadth;
// Test connection against each permission set-up admins meet: the missing permissions, the
// verdict and the advice.
mod diagnosis_presets;
// Property tests: hostile search answers, profile files, saved progress and sync histories
// never panic and fail with located, readable errors.
mod hostile_input;
// Every built-in profile's checklist against a real company's field list.
mod real_tenant;
// Sync now twice with changes in between: the diff, hashed sensitive values, damaged histories.
mod sync_diff;
// Sync now's preview: mapping, coverage, problems, progress, cancellation and faults.
mod library;
mod sync_preview;
