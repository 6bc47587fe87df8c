#!/usr/bin/env bash
# Sets up, builds and runs every test (unit, conformance against real kernels, fuzz smoke).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
preset=${VDSOCONF_PRESET:-default}
cmake --preset "$preset"
cmake --build --preset "$preset"
ctest --preset "$preset" "$@"
