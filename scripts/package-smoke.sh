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
E2E_APP="$installed" ./scripts/headless.sh cargo test -p e2e --test installed_smoke --locked -- --nocapture
