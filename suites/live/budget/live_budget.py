#!/usr/bin/env python3
"""live_budget.py VDSOCONF OUT --kernel SPEC [--kernel SPEC ...] [--rounds N] [--max-ratio R]

Issue #4's budget: the default profile of the live suite on one kernel costs at most R (2.0) times
the wall time of booting the same kernel with a trivial /init. For each kernel, after
provisioning it (not timed), the two runs alternate N times (`vdsoconf run` and `vdsoconf run
--trivial-init`) and the best of each is compared: the best filters out the moments another
process took the host's cores, which only ever add time. The gate compares QEMU's wall times
(boot.wall_ms: QEMU's start to its exit, i.e. the boot plus the agent's whole run); the
`vdsoconf run` process walls are printed beside them, but they also hold the kernel lookup
(for source: and debian: specs an apt-cache query over the package indexes, seconds on a loaded
host, the same for both runs), which would flatter the ratio.

A full run counts only when it did the work: the boot completed and no check is an error or a
hang (a probe that never reported makes its checks errors); otherwise the script fails whatever
the time. Exit 0 when every kernel is within the ratio, 1 otherwise (each kernel's figures printed
either way), 2 on bad arguments or when provisioning fails.
"""
import argparse
import json
import pathlib
import shutil
import subprocess
import sys
import time

RUN_TIMEOUT_S = 600


def timed_run(vdsoconf, spec, out, trivial):
    argv = [vdsoconf, "run", "--kernel", spec, "--out", str(out)]
    if trivial:
        argv.append("--trivial-init")
    shutil.rmtree(out, ignore_errors=True)
    start = time.monotonic()
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=RUN_TIMEOUT_S, check=False)
    wall = time.monotonic() - start
    return wall, proc.returncode, proc.stdout


def boot_wall_s(out):
    """QEMU's own wall time for the boot (results.json), without vdsoconf's host-side work."""
    return json.loads((out / "results.json").read_text())["kernels"][0]["boot"]["wall_ms"] / 1000


def why_incomplete(out, returncode, output):
    """Why a full run does not count (empty string: it does)."""
    if returncode not in (0, 1):  # 1: checks failed, i.e. the kernel's findings
        return f"vdsoconf run exited {returncode}: {output[-2000:]}"
    results = json.loads((out / "results.json").read_text())
    kernel = results["kernels"][0]
    boot = kernel["boot"]
    if boot["status"] != "completed":
        return f"boot {boot['status']}: {boot.get('message', '')}"
    checks = kernel["checks"]
    broken = [c["id"] for c in checks if c["status"] in ("error", "hang")]
    if not checks or broken:
        return f"{len(checks)} checks, error/hang: {broken[:10]}"
    return ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vdsoconf")
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--kernel", action="append", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--max-ratio", type=float, default=2.0)
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")

    fetch = subprocess.run([args.vdsoconf, "kernels", "fetch", *args.kernel], timeout=3600,
                           check=False, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if fetch.returncode != 0:
        print(f"provisioning failed (exit {fetch.returncode}):\n{fetch.stdout[-3000:]}")
        return 2

    status = 0
    rows = []
    for spec in args.kernel:
        name = spec.replace(":", "_").replace("+", "_")
        full_walls, trivial_walls, full_boots, trivial_boots = [], [], [], []
        problem = ""
        for round_index in range(args.rounds):
            out = args.out / name / f"full{round_index}"
            wall, code, output = timed_run(args.vdsoconf, spec, out, trivial=False)
            problem = why_incomplete(out, code, output)
            if problem:
                break
            full_walls.append(wall)
            full_boots.append(boot_wall_s(out))
            out = args.out / name / f"trivial{round_index}"
            wall, code, output = timed_run(args.vdsoconf, spec, out, trivial=True)
            if code != 0:
                problem = f"trivial-init run exited {code}: {output[-2000:]}"
                break
            trivial_walls.append(wall)
            trivial_boots.append(boot_wall_s(out))
        if problem:
            print(f"{spec}: FAIL, the run does not count: {problem}")
            status = 1
            continue
        full, trivial = min(full_boots), min(trivial_boots)
        ratio = full / trivial
        verdict = "ok" if ratio <= args.max_ratio else "FAIL"
        if verdict == "FAIL":
            status = 1
        rows.append((spec, full, trivial, ratio, verdict))
        print(f"{spec}: full {full:.2f} s, trivial /init {trivial:.2f} s, ratio {ratio:.2f} "
              f"(max {args.max_ratio:.2f}) {verdict}; QEMU walls: full "
              f"{', '.join(f'{w:.2f}' for w in full_boots)}, trivial "
              f"{', '.join(f'{w:.2f}' for w in trivial_boots)}; vdsoconf run process walls: full "
              f"{', '.join(f'{w:.2f}' for w in full_walls)}, trivial "
              f"{', '.join(f'{w:.2f}' for w in trivial_walls)}", flush=True)
    print(f"{'kernel':<24} {'full s':>8} {'trivial s':>10} {'ratio':>6}")
    for spec, full, trivial, ratio, verdict in rows:
        print(f"{spec:<24} {full:>8.2f} {trivial:>10.2f} {ratio:>6.2f} {verdict}")
    return status


if __name__ == "__main__":
    sys.exit(main())
