#!/usr/bin/env bash
# Runs HiBob Setup on the built-in demo tenant: a simulated HiBob company on this computer, so no
# HiBob account is needed. Until the desktop wizard lands this is Test connection in the terminal.
# Extra arguments go to `hibob-setup check` (e.g. --profile hr-core, --json, --env production).
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --release --locked -q -p hibob-setup -- check --env demo "$@"
