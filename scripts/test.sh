#!/usr/bin/env bash
# Runs every check and test of the project: formatting, lints, unit, integration and doc tests.
# This is the README's test command and what CI runs (after .ci/run installs the prerequisites).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> cargo fmt --check"
cargo fmt --all -- --check

echo "==> cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "==> cargo test"
cargo test --workspace --locked
