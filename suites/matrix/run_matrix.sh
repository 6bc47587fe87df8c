#!/usr/bin/env bash
# run_matrix.sh VDSOCONF OUT: the four-kernel matrix of issue "kernels and runner", plus
# source:6.1+nojumplabel (the configuration of a real vDSO crash) and source:6.12+btf (a source
# kernel with BTF, so layout.btf compares a second generation beside Debian's 7.2), then the
# trivial-/init baseline on the same kernels, side by side, so the log shows both wall times.
# The run's exit code is 0 (every check passes) or 1 (a check failed: the real kernels have
# findings, listed in known_findings.txt); anything else fails the test, and so does any failing
# check that is not a known finding (compare_findings.py).
set -euo pipefail
vdsoconf=$1 out=$2
rm -rf "$out"
specs=(debian:latest source:6.1 source:6.12 source:7.2 source:6.1+nojumplabel source:6.12+btf)
kernels=()
for spec in "${specs[@]}"; do kernels+=(--kernel "$spec"); done
# Provision first, so the wall times below are boots and checks, not downloads and builds.
"$vdsoconf" kernels fetch "${specs[@]}"
start=$(date +%s.%N)
status=0
"$vdsoconf" run "${kernels[@]}" --jobs 2 --out "$out/full" --report html,junit,ktap,md,kcidb ||
  status=$?
full=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N)
"$vdsoconf" run "${kernels[@]}" --jobs 2 --out "$out/trivial" --trivial-init > /dev/null || true
trivial=$(echo "$(date +%s.%N) - $start" | bc)
printf 'matrix wall time: full run %.1f s, trivial /init %.1f s\n' "$full" "$trivial"
if [[ $status -ne 0 && $status -ne 1 ]]; then
  echo "vdsoconf run exited $status (0 or 1 expected: 2 is an infrastructure failure)"
  exit 1
fi
here=$(dirname "$0")
python3 "$here/compare_findings.py" "$out/full/results.json" "$here/known_findings.txt"
