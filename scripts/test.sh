#!/usr/bin/env bash
# Runs every check and test of the project: the UI's type check, unit tests and build; Rust
# formatting, lints, unit, integration, IPC and keychain tests; and the end-to-end walk through the
# real app under Xvfb. This is the README's test command and what CI runs after .ci/run installs
# the prerequisites.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> UI: install, type check, unit tests, build"
(
  cd ui
  # `npm ci` would insist on lock entries for every platform's optional packages, which this
  # registry mirror does not serve; `npm install` follows the lock file for everything it does hold.
  npm install --no-audit --no-fund --loglevel=error
  npm run --silent check
  npm test --silent
  npm run --silent build
)

echo "==> cargo fmt --check"
cargo fmt --all -- --check

echo "==> cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "==> build the desktop app for the end-to-end test"
cargo build -p hibob-setup-app --locked

echo "==> cargo test (under Xvfb, in a D-Bus session with an unlocked login keyring)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p -m 700 "$scratch/runtime"
# Keyrings go to a scratch folder, never the user's own; HOME stays as it is (rustup needs it).
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime"
xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- bash -c '
  set -euo pipefail
  printf "test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  cargo test --workspace --locked
'

echo "==> the UI's IPC types match the Rust types"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  drift="$(git status --porcelain -- ui/src/lib/bindings)"
  if [ -n "$drift" ]; then
    echo "ui/src/lib/bindings changed when the tests regenerated it; commit the result:" >&2
    echo "$drift" >&2
    exit 1
  fi
fi
