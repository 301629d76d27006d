#!/usr/bin/env bash
# What Sync now's work costs per employee at 10,000 and 50,000 employees, counted rather than
# timed: the sync benchmark's work alone (the people-search answer read in the chunks it arrived
# in, mapped and checked), run once per size under valgrind's callgrind. Instructions do not
# vary with what else the machine is doing, so they say whether the work grows linearly; the
# simulated cache misses say how much of a slower 50,000 is memory rather than work. The
# simulated caches are one core's own on the machine the figures in the README come from
# (48 KiB first level, 2 MiB second level); misses of the second level go to the shared cache
# or to memory.
#   scripts/cost.sh          both sizes, side by side (a few minutes; the sizes run in parallel)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 1; }

# Symbols kept (the release profile strips them) for valgrind to find the counted function.
bench=$(CARGO_PROFILE_BENCH_STRIP=false cargo bench -p setup --bench sync --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "sync" and m.get("executable"):
        print(m["executable"])')
[ -n "$bench" ] || { echo "the sync benchmark did not build" >&2; exit 1; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for size in 10000 50000; do
  # The simulator, a child of the benchmark, runs outside valgrind (children are not traced).
  valgrind --tool=callgrind --cache-sim=yes --D1=49152,12,64 --LL=2097152,16,64 \
    --toggle-collect='*counted_work*' --callgrind-out-file="$out/$size.out" \
    "$bench" --count "$size" >"$out/$size.stdout" 2>"$out/$size.log" &
done
wait

python3 - "$out" <<'PY'
import sys
out = sys.argv[1]
figures = {}
for size in (10000, 50000):
    with open(f"{out}/{size}.stdout") as f:
        if f.read().strip() != str(size):
            sys.exit(f"the count at {size} did not read {size} records; see valgrind's log")
    events, totals = [], None
    with open(f"{out}/{size}.out") as f:
        for line in f:
            if line.startswith("events:"):
                events = line.split()[1:]
            elif line.startswith("totals:") or line.startswith("summary:"):
                totals = [int(n) for n in line.split()[1:]]
    if not totals:
        sys.exit(f"no totals from callgrind at {size}")
    count = dict(zip(events, totals))
    figures[size] = (count["Ir"], count.get("DLmr", 0) + count.get("DLmw", 0), count.get("D1mr", 0) + count.get("D1mw", 0))
print(f"{'employees':>9} {'instructions':>14} {'per employee':>13} {'L1 misses/employee':>19} {'L2 misses/employee':>19}")
for size, (ir, l2, l1) in figures.items():
    print(f"{size:>9} {ir:>14,} {ir / size:>13,.0f} {l1 / size:>19.1f} {l2 / size:>19.1f}")
(ir10, l2_10, _), (ir50, l2_50, _) = figures[10000], figures[50000]
print(f"5x the employees: {ir50 / ir10:.2f}x the instructions, {l2_50 / l2_10:.2f}x the second-level misses")
PY
