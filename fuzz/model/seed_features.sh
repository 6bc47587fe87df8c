#!/bin/sh
# Whether a fuzzer gives libFuzzer features on its seeds: replays SEEDS (-runs=0) and requires at
# least MIN features (ft:) once they are loaded. The model fuzzer's only features are the reader's
# behaviours (fuzz/support/include/vdsoconf/fuzz/model_feedback.h); without them libFuzzer would
# still run, blind, on a handful of harness edges, and no other test would notice.
#
#   fuzz/model/seed_features.sh [--expect-fewer] FUZZER SEEDS MIN [libFuzzer flags...]
#
# Exit 0 when the count is at least MIN (with --expect-fewer: when it is below), 1 when not, 2
# when the fuzzer fails or prints no count.
set -eu
expect_fewer=false
if [ "$1" = --expect-fewer ]; then
  expect_fewer=true
  shift
fi
fuzzer=$1
seeds=$2
min=$3
shift 3
log=$("$fuzzer" -runs=0 "$@" "$seeds" 2>&1) || { printf '%s\n' "$log" | tail -n 20 >&2; exit 2; }
features=$(printf '%s\n' "$log" | sed -n 's/.*INITED.* ft: \([0-9]*\).*/\1/p' | tail -n 1)
if [ -z "$features" ]; then
  echo "no INITED line with ft: from $fuzzer" >&2
  exit 2
fi
echo "$(basename "$fuzzer") on $(basename "$seeds"): $features features (MIN $min)"
if [ "$features" -ge "$min" ]; then
  $expect_fewer && { echo "expected fewer than $min features" >&2; exit 1; }
else
  $expect_fewer || { echo "fewer than $min features" >&2; exit 1; }
fi
exit 0
