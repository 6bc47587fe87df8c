#!/usr/bin/env python3
"""compare_findings.py RESULTS KNOWN: the failures of a matrix run against the known findings.

A conformance run on real kernels is supposed to fail where the kernels diverge: those failures
are the suite's findings, reported as failures in results.json and every report. This script is
what lets the matrix test tell a finding already known (listed in KNOWN with its evidence) from
a new one: it exits 1 when a check fails, hangs or errors that KNOWN does not list, or when the
run had an infrastructure failure; a known finding that no longer fails is printed (fixed, or
not reproduced this time) but does not fail the test.

KNOWN: one finding per line, "SPEC CHECK_ID  # why", '#' comments and blank lines ignored.
"""
import json
import sys


def main(results_path: str, known_path: str) -> int:
    known = set()
    with open(known_path, encoding="utf-8") as lines:
        for line in lines:
            line = line.split("#", 1)[0].strip()
            if line:
                spec, check_id = line.split()
                known.add((spec, check_id))
    with open(results_path, encoding="utf-8") as f:
        results = json.load(f)
    failing = set()
    status = 0
    for run in results["kernels"]:
        if run.get("infra_error") or run["boot"]["status"] != "completed":
            print(f"INFRASTRUCTURE {run['spec']}: {run['boot']['status']} {run.get('infra_error', '')}")
            status = 1
        for check in run["checks"]:
            if check["status"] in ("fail", "hang", "error"):
                failing.add((run["spec"], check["id"]))
                kind = "known finding" if (run["spec"], check["id"]) in known else "NEW FAILURE"
                print(f"{kind}: {run['spec']} {check['id']} [{check['status']}] {check.get('message', '')[:300]}")
                if kind == "NEW FAILURE":
                    status = 1
    for spec, check_id in sorted(known - failing):
        print(f"known finding not seen this run: {spec} {check_id}")
    print(f"{len(failing)} failing check(s), {len(failing & known)} known, {len(failing - known)} new")
    return status


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(64)
    sys.exit(main(sys.argv[1], sys.argv[2]))
