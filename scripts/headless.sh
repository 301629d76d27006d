#!/usr/bin/env bash
# Runs a command the way the desktop tests need it, on any machine: a virtual display (Xvfb), its
# own D-Bus session, and an unlocked login keyring in a scratch folder (never the user's own;
# HOME stays as it is, rustup needs it). Everything started inside goes away with the session.
#   scripts/headless.sh cargo test -p hibob-setup-app
set -euo pipefail
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p -m 700 "$scratch/runtime"
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime"
xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- bash -c '
  set -euo pipefail
  printf "test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"
' headless "$@"
