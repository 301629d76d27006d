#!/usr/bin/env bash
# Builds the .deb, installs it with apt (pulling in the dependencies it declares), and runs the smoke
# test against the installed app under Xvfb. Needs root (apt-get install). Part of CI (.ci/run).
# SKIP_BUILD=1 reuses the newest .deb already built (for trying the install step again).
set -euo pipefail
cd "$(dirname "$0")/.."

[ "${SKIP_BUILD:-}" = 1 ] || ./scripts/package.sh
deb="$(ls -t "${CARGO_TARGET_DIR:-target}"/release/bundle/deb/*.deb | head -n 1)"
echo "==> installing $deb"
case "$deb" in /*) ;; *) deb="./$deb" ;; esac
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
package="$(dpkg-deb --field "$deb" Package)"
installed="$(dpkg -L "$package" | grep -m1 '^/usr/bin/')"
echo "==> smoke test of the installed $installed"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p -m 700 "$scratch/runtime"
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime" E2E_APP="$installed"
xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- bash -c '
  set -euo pipefail
  printf "test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  cargo test -p e2e --test installed_smoke --locked -- --nocapture
'
