#!/usr/bin/env bash
# Sets up, builds and runs every test but the timing gates: unit, conformance against real kernels (provisioned into
# the cache on first use), slow, and the fuzz smoke runs (a second, clang+ASan+UBSan build of
# the fuzz targets only). Extra arguments go to the main ctest run. The same tests CI runs
# (.ci/run: this script with the ci preset): the timing gates (label benchmark) are left out by
# both test presets, since a busy machine fails them; `scripts/bench.sh` runs those.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
preset=${VDSOCONF_PRESET:-default}
cmake --preset "$preset"
cmake --build --preset "$preset"
status=0
ctest --preset "$preset" "$@" || status=$?

# The fuzz build compiles only the fuzzers; its kernel fixtures use the vdsoconf just built.
cmake --preset fuzz -DVDSOCONF_PROVISIONER="$PWD/build/$preset/tools/vdsoconf/vdsoconf"
cmake --build --preset fuzz --target fuzzers
ctest --preset fuzz || status=$?
exit "$status"
