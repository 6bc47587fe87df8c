#!/usr/bin/env python3
"""compare_findings.py RESULTS KNOWN: the findings of a matrix run against the known findings.

A conformance run on real kernels is supposed to fail where the kernels diverge: those failures
are the suite's findings, reported as failures in results.json and every report. This script is
what lets the matrix test tell a finding already known (listed in KNOWN with its evidence) from
a new one: it exits 1 when a check fails, hangs or errors whose finding KNOWN does not list for
that kernel, or when the run had an infrastructure failure; a known finding that no longer fails
is printed (fixed, or not reproduced this time) but does not fail the test. A check that is
"inconclusive" (the harness could not decide) is printed and fails the test too: the matrix is
where the suite proves it decides every check.

A finding is what failing checks with one cause share: the check's "finding" key in results.json
(reports/include/vdsoconf/reports/findings.h), or its id when it has none.

KNOWN: one finding per line, "FINDING_KEY SPEC [SPEC ...]  # why", '#' comments and blank lines
ignored.
"""
import json
import sys
from collections import OrderedDict


def read_known(path):
    known = set()
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            if len(words) < 2:
                raise SystemExit(f"{path}:{number}: expected 'FINDING_KEY SPEC [SPEC ...]'")
            key, specs = words[0], words[1:]
            known.update((key, spec) for spec in specs)
    return known


def main(results_path: str, known_path: str) -> int:
    known = read_known(known_path)
    with open(results_path, encoding="utf-8") as f:
        results = json.load(f)
    findings = OrderedDict()  # (key, spec) -> [check ids]
    status = 0
    inconclusive = 0
    for run in results["kernels"]:
        if run.get("infra_error") or run["boot"]["status"] != "completed":
            print(f"INFRASTRUCTURE {run['spec']}: {run['boot']['status']} {run.get('infra_error', '')}")
            status = 1
        for check in run["checks"]:
            if check["status"] == "inconclusive":
                inconclusive += 1
                print(f"INCONCLUSIVE {run['spec']} {check['id']}: {check.get('message', '')[:300]}")
                status = 1
            if check["status"] not in ("fail", "hang", "error"):
                continue
            key = check.get("finding") or check["id"]
            first = (key, run["spec"]) not in findings
            findings.setdefault((key, run["spec"]), []).append(check["id"])
            if first:
                kind = "known finding" if (key, run["spec"]) in known else "NEW FINDING"
                print(f"{kind}: {key} on {run['spec']} [{check['status']}] "
                      f"{check.get('message', '')[:300]}")
                if kind == "NEW FINDING":
                    status = 1
    for key, spec in sorted(known - set(findings)):
        print(f"known finding not seen this run: {key} on {spec}")
    for (key, spec), checks in findings.items():
        if len(checks) > 1:
            print(f"  {key} on {spec}: {len(checks)} failing checks: {' '.join(checks)}")
    seen = set(findings)
    print(f"{len(seen)} finding(s) on kernels, {len(seen & known)} known, {len(seen - known)} new; "
          f"{inconclusive} inconclusive check(s)")
    return status


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(64)
    sys.exit(main(sys.argv[1], sys.argv[2]))
