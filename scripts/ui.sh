#!/usr/bin/env bash
# The UI's packages and its build, in one place for every script.
#   scripts/ui.sh deps    install ui/node_modules when missing or older than ui/package-lock.json
#   scripts/ui.sh build   deps, then build ui/dist
# A plain `cargo build` / `cargo run` / `cargo test` embeds ui/dist, so it must be built first
# (run.sh, test.sh and dev.sh call `build`). `tauri build` (package.sh, the release workflow)
# builds it itself through tauri.conf.json's beforeBuildCommand, and `tauri dev` serves ui/ from
# vite (beforeDevCommand), so those only need `deps`.
set -euo pipefail
cd "$(dirname "$0")/../ui"

deps() {
  # `npm ci` would insist on lock entries for every platform's optional packages, which this
  # registry mirror does not serve; `npm install` follows the lock file for everything it does hold.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm install --no-audit --no-fund --loglevel=error
  fi
}

case "${1:-}" in
  deps) deps ;;
  build)
    deps
    npm run --silent build
    ;;
  *)
    echo "usage: scripts/ui.sh deps|build" >&2
    exit 2
    ;;
esac
