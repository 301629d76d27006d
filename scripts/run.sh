#!/usr/bin/env bash
# Builds and starts the HiBob Setup desktop app. Its default environment is the built-in demo
# company (a simulated HiBob on this computer), so it works without a HiBob account.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ui.sh build
exec cargo run --release --locked -q -p hibob-setup-app
