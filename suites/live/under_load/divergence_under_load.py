#!/usr/bin/env python3
"""divergence_under_load.py VDSOCONF OUT SPEC FINDING [--suite PROBES]

The other side of verdict stability: the harness's re-runs and brackets must not hide a kernel.
While two busy loops compete for the host's two cores, `vdsoconf run --kernel SPEC` must still
report the real divergence FINDING (a finding key of suites/matrix/known_findings.txt) as a
failure, exit 1, and name it in the terminal with a reproducer. Exit 0 when it does, 1 when it
does not (the output printed), 2 on bad arguments.
"""
import json
import os
import signal
import subprocess
import sys


def main(argv):
    if len(argv) not in (5, 7) or (len(argv) == 7 and argv[5] != "--suite"):
        print(__doc__, file=sys.stderr)
        return 2
    vdsoconf, out, spec, finding = argv[1:5]
    command = [vdsoconf, "run", "--kernel", spec, "--out", out]
    if len(argv) == 7:
        command += ["--suite", argv[6]]
    loops = [subprocess.Popen(["sh", "-c", "while :; do :; done"], start_new_session=True)
             for _ in range(2)]
    try:
        proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, timeout=900, check=False)
    finally:
        for loop in loops:
            os.killpg(loop.pid, signal.SIGKILL)
            loop.wait()
    results = json.load(open(os.path.join(out, "results.json"), encoding="utf-8"))
    failing = [c for k in results["kernels"] for c in k["checks"]
               if c["status"] == "fail" and (c.get("finding") or c["id"]) == finding]
    problems = []
    if proc.returncode != 1:
        problems.append(f"exit {proc.returncode}, expected 1")
    if not failing:
        problems.append(f"no failing check of finding {finding}")
    if f"{finding}:" not in proc.stdout or "reproduce: vdsoconf " not in proc.stdout:
        problems.append("the terminal does not name the finding with a reproducer")
    if problems:
        print(proc.stdout)
        print("FAILED: " + "; ".join(problems))
        return 1
    print(f"{finding} on {spec} fails under load in {len(failing)} check(s), as it must")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
