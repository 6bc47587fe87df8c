#!/bin/sh
# Throughput of a fuzz target against the empty baseline, measured in one run on the same machine
# with the same flags (one process each, no -fork). The two targets alternate (empty, target,
# empty, target, ...) ROUNDS times and each keeps its best figure, so a burst of load from other
# processes on a shared machine does not land on one side only.
#
#   fuzz/bench/exec_rate.sh FUZZER_DIR SECONDS [TARGET [MIN_RATIO [ROUNDS]]]
#
# Each target runs with the libFuzzer flags of its own fuzz/options/NAME.options, as a campaign
# (`vdsoconf fuzz`) and ClusterFuzz run it; fuzz_empty has none. -timeout is the bench's own.
#
# Prints one line per target (best exec/s from libFuzzer's final stats) and the ratio TARGET/empty.
# With MIN_RATIO (e.g. 0.5) it exits 1 when the ratio is below it; 2 when a run fails.
set -eu
dir=$1
seconds=$2
target=${3:-model}
min_ratio=${4:-}
rounds=${5:-2}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# "-key=value" for each "key = value" line of the [libfuzzer] section of fuzz/options/NAME.options.
option_flags() {
  file="$here/options/$1.options"
  [ -f "$file" ] || return 0
  awk '/^\[/ { section = $0; next }
       section == "[libfuzzer]" && /=/ && !/^[ \t]*#/ {
         split($0, kv, "="); key = kv[1]; value = substr($0, index($0, "=") + 1)
         gsub(/^[ \t]+|[ \t]+$/, "", key); gsub(/^[ \t]+|[ \t]+$/, "", value)
         if (key != "timeout") printf "-%s=%s\n", key, value
       }' "$file"
}

rate() {
  name=$1
  bin="$dir/fuzz_$name"
  [ -x "$bin" ] || bin=$(find "$dir" -name "fuzz_$name" -type f -perm -u+x | head -n 1)
  if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "fuzz_$name not found under $dir (build: cmake --build DIR --target fuzzers)" >&2
    exit 2
  fi
  rm -rf "${work:?}/$name" && mkdir -p "$work/$name"  # every round starts from the seeds
  [ -d "$here/corpus/$name" ] && cp "$here/corpus/$name"/* "$work/$name"/ 2>/dev/null || true
  # -timeout bounds one input; timeout(1) bounds the whole run.
  # shellcheck disable=SC2046 # one flag per line, none with spaces
  timeout $((seconds + 60)) "$bin" $(option_flags "$name") -max_total_time="$seconds" \
    -print_final_stats=1 -timeout=10 "$work/$name" >"$work/$name.log" 2>&1 ||
    { tail -n 20 "$work/$name.log" >&2; exit 2; }
  sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$name.log"
}

best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 > b + 0) ? a : b }'; }
empty=0
other=0
i=0
while [ "$i" -lt "$rounds" ]; do
  empty=$(best "$empty" "$(rate empty)")
  other=$(best "$other" "$(rate "$target")")
  i=$((i + 1))
done
ratio=$(awk -v a="$other" -v b="$empty" 'BEGIN { printf "%.3f", (b > 0) ? a / b : 0 }')
echo "fuzz_empty:   $empty exec/s"
echo "fuzz_$target: $other exec/s"
echo "ratio $target/empty: $ratio  (best of ${rounds} alternating runs of ${seconds} s each, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cpus)"
if [ -n "$min_ratio" ]; then
  awk -v r="$ratio" -v m="$min_ratio" 'BEGIN { exit !(r >= m) }' || {
    echo "ratio $ratio is below the required $min_ratio" >&2
    exit 1
  }
fi
