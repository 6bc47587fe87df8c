#!/usr/bin/env bash
# reproduce_finding.sh VDSOCONF EXPECTED_EXIT PATTERN -- ARGS...: runs `vdsoconf ARGS...` and
# passes when it exits EXPECTED_EXIT and its output contains PATTERN (grep -E). A real finding
# kept as a test: it fails the day the kernel stops misbehaving or the suite stops seeing it, and
# then the finding's entry in known_findings.txt and this test go together.
set -uo pipefail
vdsoconf=$1 expected=$2 pattern=$3
shift 3
[[ ${1:-} == "--" ]] && shift
output=$("$vdsoconf" "$@" 2>&1)
status=$?
printf '%s\n' "$output" | tail -n 40
if [[ $status -ne $expected ]]; then
  echo "reproduce_finding: 'vdsoconf $*' exited $status, expected $expected"
  exit 1
fi
if ! grep -Eq -- "$pattern" <<<"$output"; then
  echo "reproduce_finding: the output of 'vdsoconf $*' lacks /$pattern/"
  exit 1
fi
echo "reproduce_finding: reproduced (exit $status, /$pattern/ present)"
