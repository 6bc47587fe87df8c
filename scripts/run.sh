#!/usr/bin/env bash
# Sets up, builds, and runs the main job: a conformance run against Debian's newest riscv64 kernel.
# Results land in out/ (results.json, console logs, reports). Extra arguments go to `vdsoconf run`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset default
cmake --build --preset default
exec build/default/tools/vdsoconf/vdsoconf run --out out "$@"
