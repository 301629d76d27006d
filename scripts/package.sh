#!/usr/bin/env bash
# Builds the installers this machine can make: a .deb and an .rpm (release build, UI included:
# tauri.conf.json's beforeBuildCommand builds ui/dist). Output: target/release/bundle/{deb,rpm}/.
# AppImage needs tools downloaded at build time, so it is built by the release workflow on
# GitHub's runners instead.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ui.sh deps
# The tauri CLI runs beforeBuildCommand in the UI's folder; say where both halves live, so it does
# not depend on the folder it is started from.
export TAURI_FRONTEND_PATH="$PWD/ui" TAURI_APP_PATH="$PWD/src-tauri"
exec ui/node_modules/.bin/tauri build --bundles deb,rpm "$@"
