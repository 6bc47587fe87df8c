#!/usr/bin/env bash
# with_test_kernel.sh COMMAND...: runs COMMAND with VDSOCONF_FUZZ_IMAGE set to the debian_kernel
# fixture's kernel (VDSOCONF_TEST_KERNEL). A missing fixture is a failure, never a skip.
set -euo pipefail
if [[ -z "${VDSOCONF_TEST_KERNEL:-}" ]]; then
  echo "VDSOCONF_TEST_KERNEL is unset: run through ctest (fixture debian_kernel)" >&2
  exit 2
fi
export VDSOCONF_FUZZ_IMAGE=$VDSOCONF_TEST_KERNEL
exec "$@"
