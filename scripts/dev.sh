#!/usr/bin/env bash
# The developer's entry points: fast pieces of what scripts/test.sh runs as a whole.
#   dev        the app with a hot-reloaded UI (tauri dev + vite), on its own data folder, so it
#              starts on the demo company and never touches your real progress
#   check      formatting and lints, no tests: cargo fmt, clippy, svelte-check, prettier, eslint
#   test-core  the core crates' tests: no display, no keyring, no UI build
#   test-ui    the UI's unit tests (vitest)
#   test-app   the desktop app's tests (IPC, keychain, crash safety…) under Xvfb
#   e2e        the real app driven through WebDriver under Xvfb (needs tauri-driver)
#   bindings   regenerate the UI's IPC types from Rust and show what changed
#   contract   hold the simulated tenant to HiBob's published OpenAPI (schemathesis, pinned)
set -euo pipefail
cd "$(dirname "$0")/.."

# The crates with no desktop in them: the client, the simulator, the core and the CLI.
CORE_PACKAGES=(hibob hibob-sim setup hibob-setup)
# The crate whose types ts-rs exports to ui/src/lib/bindings (see its README.md).
BINDINGS_PACKAGE=setup
APP_PACKAGE=hibob-setup-app

packages() {
  local p
  for p in "$@"; do printf -- '-p %s ' "$p"; done
}

case "${1:-}" in
  dev)
    shift
    ./scripts/ui.sh deps
    # The tauri CLI runs beforeDevCommand in the UI's folder; tell it where both halves live, so
    # it works whatever folder this is started from.
    export TAURI_FRONTEND_PATH="$PWD/ui" TAURI_APP_PATH="$PWD/src-tauri"
    export HIBOB_SETUP_DATA_DIR="${HIBOB_SETUP_DATA_DIR:-$PWD/target/dev-data}"
    echo "==> tauri dev (data in $HIBOB_SETUP_DATA_DIR; delete it to start over on the demo company)"
    exec ui/node_modules/.bin/tauri dev "$@"
    ;;
  check)
    # clippy expands the app's generate_context!, which embeds ui/dist: build the UI first.
    ./scripts/ui.sh build
    echo "==> cargo fmt --check"
    cargo fmt --all -- --check
    echo "==> cargo clippy (warnings are errors)"
    cargo clippy --workspace --all-targets --locked -- -D warnings
    echo "==> UI: svelte-check, prettier --check, eslint"
    (cd ui && npm run --silent check && npm run --silent lint)
    ;;
  test-core)
    # shellcheck disable=SC2046
    env -u DISPLAY cargo test --locked $(packages "${CORE_PACKAGES[@]}")
    ;;
  test-ui)
    ./scripts/ui.sh deps
    (cd ui && npm test --silent)
    ;;
  test-app)
    ./scripts/ui.sh build
    ./scripts/headless.sh cargo test --locked -p "$APP_PACKAGE"
    ;;
  e2e)
    ./scripts/ui.sh build
    cargo build --locked -p "$APP_PACKAGE"
    ./scripts/headless.sh cargo test --locked -p e2e
    ;;
  bindings)
    # ts-rs writes each type's file when the crate's tests run (TS_RS_EXPORT_DIR in .cargo/config.toml).
    env -u DISPLAY cargo test --locked -p "$BINDINGS_PACKAGE"
    git status --short -- ui/src/lib/bindings
    git diff --stat -- ui/src/lib/bindings
    ;;
  contract)
    ./scripts/contract.sh
    ;;
  *)
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
    echo "usage: scripts/dev.sh dev|check|test-core|test-ui|test-app|e2e|bindings|contract" >&2
    exit 2
    ;;
esac
