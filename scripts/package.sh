#!/usr/bin/env bash
# Builds the installers this machine can make: a .deb and an .rpm (release build, UI included).
# Output: target/release/bundle/{deb,rpm}/. AppImage needs tools downloaded at build time, so it is
# built by the release workflow on GitHub's runners instead.
set -euo pipefail
cd "$(dirname "$0")/.."
(
  cd ui
  [ -d node_modules ] || npm install --no-audit --no-fund --loglevel=error
  npm run --silent build
)
cd src-tauri
exec ../ui/node_modules/.bin/tauri build --bundles deb,rpm "$@"
