#!/usr/bin/env bash
# Sets up, builds, and runs the main job: a conformance run against Debian's newest riscv64 kernel.
# Results land in out/ (results.json, console logs, reports). Extra arguments go to `vdsoconf run`.
#
# Builds only the `vdsoconf` program and what it runs (the guest agent, the trivial /init and the
# image executor are build dependencies of it), not the tests: `scripts/test.sh` builds those.
# Ninja prints one progress line per step; a kernel that is not in the cache yet is downloaded by
# `vdsoconf run` itself, which names each package and its size before fetching it.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\nrun.sh: %s\n' "$*"; }

step "1/3 Debian packages (scripts/setup.sh)"
bash scripts/setup.sh
step "2/3 building vdsoconf and what it runs, not the tests (build/default)"
cmake --preset default >/dev/null
cmake --build --preset default --target vdsoconf
step "3/3 vdsoconf run --out out $* (kernels not in the cache are downloaded first)"
exec build/default/tools/vdsoconf/vdsoconf run --out out "$@"
