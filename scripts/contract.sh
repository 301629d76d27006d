#!/usr/bin/env bash
# The contract check: holds the simulated tenant to HiBob's published OpenAPI description, so
# the test bed cannot drift from HiBob unnoticed. schemathesis (pinned, in a venv under target/)
# sends generated requests to a simulator with every permission; check.py then fails on any
# finding, or any key the simulator sends that the description lacks, that
# crates/hibob-sim/contract/exceptions.toml does not explain. The field-level company is held to
# the same keys. See crates/hibob-sim/contract/SOURCE.md for where the description comes from.
set -euo pipefail
cd "$(dirname "$0")/.."

contract=crates/hibob-sim/contract
venv=target/contract-venv
schemathesis_version=4.32.5

if [ ! -x "$venv/bin/schemathesis" ] || ! "$venv/bin/schemathesis" --version | grep -q "$schemathesis_version"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$schemathesis_version"
fi

cargo build --quiet -p hibob-sim --locked
work="$(mktemp -d)"
sims=()
cleanup() {
  for pid in "${sims[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Starts a simulator with a preset; prints its JSON line (base_url, service_user_id, token).
start_sim() {
  local out="$work/$1.json"
  target/debug/hibob-sim --port 0 --employees 120 --seed 7 --preset "$1" --rate-limit 0 >"$out" &
  sims+=("$!")
  for _ in $(seq 100); do
    [ -s "$out" ] && break
    sleep 0.1
  done
  [ -s "$out" ] || { echo "the simulator did not start" >&2; exit 1; }
}
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d[sys.argv[2]])" "$1" "$2"; }

# "base_url id:token employee" of a running simulator.
company() {
  local sim="$work/$1.json" base auth
  base="$(field "$sim" base_url)"
  auth="$(field "$sim" service_user_id):$(field "$sim" token)"
  echo "$base $auth $(python3 "$contract/check.py" first-employee "$base" "$auth")"
}

start_sim full
start_sim field-level
full="$(company full)"
read -r base auth employee <<<"$full"

# Path parameters get a real employee, so generated requests reach data rather than 404s.
cat >"$work/schemathesis.toml" <<TOML
[parameters]
"path.id" = "$employee"
"path.identifier" = "$employee"
"path.listName" = "department"
"query.policyType" = "Holiday"
TOML
echo "==> contract: schemathesis against a company with every permission"
root="$PWD"
(cd "$work" && "$root/$venv/bin/schemathesis" --config-file "$work/schemathesis.toml" run \
  "$root/$contract/hibob-openapi-subset.json" --url "$base" --auth "$auth" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --phases examples,coverage,fuzzing --max-examples 25 --workers 1 --seed 1 \
  --generation-database none --no-color --report junit --report-junit-path "$work/findings.xml" \
  >"$work/schemathesis.log" 2>&1) || true
[ -s "$work/findings.xml" ] || { cat "$work/schemathesis.log" >&2; echo "schemathesis wrote no report" >&2; exit 1; }

echo "==> contract: findings and keys (that company, and one with field-level permissions)"
python3 "$contract/check.py" "$contract/hibob-openapi-subset.json" "$contract/exceptions.toml" \
  "$work/findings.xml" "$full" "$(company field-level)"
