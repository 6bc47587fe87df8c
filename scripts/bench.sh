#!/usr/bin/env bash
# Runs the timing gates (ctest label `benchmark`), which `scripts/test.sh` and CI leave out because
# a busy machine makes them fail, and prints each one's figures beside its goal. Run it on a quiet
# machine. Builds what the benchmarks need first. Exit 1 when a gate is missed.
#
# `scripts/bench.sh stability [--load busy|build|none] [--runs N] [--kernel SPEC ...]` runs the
# verdict-stability benchmark instead (scripts/bench/verdict_stability.py: N `vdsoconf run`s per
# kernel while busy loops, and with --load build a kernel build, compete for the cores; every
# kernel's verdicts must be identical across the runs, with nothing inconclusive). It is meant for
# a loaded machine, and takes about half an hour with the defaults.
#
# `scripts/bench.sh compare BASE [--rounds N] [--kernel SPEC ...] [--only GATE ...]` measures the
# gates of this tree and of the git revision BASE side by side in one run, alternating
# (scripts/bench/compare_revisions.py): how a change moved them, on a machine too noisy for
# figures from separate runs to say.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ${1:-} == compare ]]; then
  shift
  exec python3 scripts/bench/compare_revisions.py "$@"
fi
bash scripts/setup.sh
cmake --preset default >/dev/null
if [[ ${1:-} == stability ]]; then
  shift
  cmake --build --preset default --target vdsoconf
  exec python3 scripts/bench/verdict_stability.py build/default/tools/vdsoconf/vdsoconf \
    build/default/bench-logs/stability "$@"
fi
cmake --build --preset default

# Each gate's goal, and the lines of its output that carry its figures (an extended regex).
declare -A goal figures
goal[live.budget.default_profile_within_2x_trivial_boot]="a default run costs at most 2.0x a trivial /init boot of the same kernel"
figures[live.budget.default_profile_within_2x_trivial_boot]='^(kernel +full|[^ ]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ )|FAIL'
goal[live.budget.ratio_of_one_fails]="the gate can fail: with a limit of 1.0 the measured ratio is judged FAIL"
figures[live.budget.ratio_of_one_fails]='ratio [0-9.]+'
goal[ExecutorThroughput.CheckedSweepAtLeastHalfTheBareLoop]="the executor's checked sweep makes at least 0.5x the calls/s of a bare loop"
figures[ExecutorThroughput.CheckedSweepAtLeastHalfTheBareLoop]='ns/call|ratio|below'

# The labelled tests; ctest lists the fixtures they need too, which run with them, not alone.
mapfile -t tests < <(ctest --preset benchmark -N | sed -n 's/^ *Test *#[0-9]*: //p' |
                       grep -v '^fixture\.')
[[ ${#tests[@]} -gt 0 ]] || { echo "bench.sh: no test is labelled benchmark" >&2; exit 2; }
log_dir=build/default/bench-logs
mkdir -p "$log_dir"
status=0
for test in "${tests[@]}"; do
  echo
  echo "== $test"
  echo "   goal: ${goal[$test]:-(not described in scripts/bench.sh: see its add_test)}"
  log="$log_dir/$test.log"
  verdict=PASS
  ctest --preset benchmark -R "^${test//./\\.}\$" -V >"$log" 2>&1 || { verdict=FAIL; status=1; }
  # ctest -V prefixes a test's output with its number ("3: ..."); fixtures' lines are dropped.
  sed -n 's/^[0-9]*: //p' "$log" | grep -E "${figures[$test]:-.}" | sed 's/^/   /' | tail -n 20 || true
  echo "   $verdict (full output: $log)"
done
exit "$status"
