#!/usr/bin/env bash
# Runs every check and test of the project: Rust formatting and lints; the UI's type check,
# formatting, lints and unit tests; Rust unit, integration, IPC and keychain tests; the end-to-end
# walk through the real app under Xvfb; and the simulator's contract with HiBob's OpenAPI. This is the README's test command and what CI
# runs after .ci/run installs the prerequisites. Each part alone: scripts/dev.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

# Builds the UI (the app embeds it), then cargo fmt, clippy, svelte-check, prettier, eslint.
./scripts/dev.sh check

echo "==> UI: unit tests"
./scripts/dev.sh test-ui

echo "==> build the desktop app for the end-to-end test"
cargo build -p hibob-setup-app --locked

echo "==> cargo test (under Xvfb, in a D-Bus session with an unlocked login keyring)"
./scripts/headless.sh cargo test --workspace --locked

echo "==> contract: the simulated tenant against HiBob's published OpenAPI"
./scripts/contract.sh

echo "==> the UI's IPC types match the Rust types"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  drift="$(git status --porcelain -- ui/src/lib/bindings)"
  if [ -n "$drift" ]; then
    echo "ui/src/lib/bindings changed when the tests regenerated it; commit the result:" >&2
    echo "$drift" >&2
    exit 1
  fi
fi
