#!/usr/bin/env python3
"""verdict_stability.py VDSOCONF OUT [--kernel SPEC ...] [--runs N] [--load busy|build|none]

A verdict must come from the kernel, never from the host's load. This benchmark runs `vdsoconf
run` N times (30) on each kernel (debian:latest and source:6.12) while the host is loaded, and
requires the N verdict sets of a kernel to be identical: the same status for every check, the
same findings, no inconclusive check, no infrastructure failure.

Loads:
  busy   two busy loops, one per core of this 2-core machine class (the default)
  build  two busy loops plus a Linux kernel build (`make -j2` of the kernel tree that the cache's
         source:6.12 build left, or --build-tree DIR; a fresh object folder each time round)
  none   nothing: the reference figures

Prints, per kernel, the run count, the distinct verdict sets (with what differs when there are
several), the inconclusive and infrastructure counts, and the wall times. Exit 0 when every kernel
is stable, 1 when a kernel's verdicts differ between runs or a check is inconclusive, 2 on bad
arguments or when the load cannot be started. Not a ctest test: a benchmark with its own command
(scripts/bench.sh), since it takes tens of minutes.
"""
import argparse
import collections
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time

RUN_TIMEOUT_S = 900


def start_busy_loops(count):
    return [subprocess.Popen(["sh", "-c", "while :; do :; done"], start_new_session=True)
            for _ in range(count)]


def find_build_tree(cache):
    """An unpacked Linux tree in the kernel cache (the source builds keep theirs)."""
    for makefile in sorted(pathlib.Path(cache).glob("**/linux-source-*/Makefile")):
        if (makefile.parent / "Kbuild").exists():
            return makefile.parent
    return None


def start_kernel_build(tree, scratch):
    """`make -j2` of a host (x86_64) tinyconfig kernel in a scratch object folder, over and over."""
    objects = pathlib.Path(scratch) / "kernel-build-load"
    script = (f"while :; do rm -rf '{objects}'; mkdir -p '{objects}'; "
              f"make -s -C '{tree}' O='{objects}' tinyconfig >/dev/null 2>&1; "
              f"make -s -C '{tree}' O='{objects}' -j2 >/dev/null 2>&1; done")
    return subprocess.Popen(["sh", "-c", script], start_new_session=True)


def stop(processes):
    for process in processes:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()


def verdict_set(results):
    """What a run decided: (kernel, check id, status) of every check, and the findings."""
    verdicts, findings = [], set()
    for kernel in results["kernels"]:
        verdicts.append((kernel["spec"], "boot", kernel["boot"]["status"]))
        for check in kernel["checks"]:
            verdicts.append((kernel["spec"], check["id"], check["status"]))
            if check["status"] in ("fail", "hang", "error"):
                findings.add((kernel["spec"], check.get("finding") or check["id"]))
    return tuple(sorted(verdicts)), tuple(sorted(findings))


def run_once(vdsoconf, spec, out):
    shutil.rmtree(out, ignore_errors=True)
    start = time.monotonic()
    proc = subprocess.run([vdsoconf, "run", "--kernel", spec, "--out", str(out)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=RUN_TIMEOUT_S, check=False)
    wall = time.monotonic() - start
    results_path = out / "results.json"
    if not results_path.exists():
        return wall, proc.returncode, None, proc.stdout
    return wall, proc.returncode, json.loads(results_path.read_text()), proc.stdout


def describe_difference(first, other):
    a, b = dict(((k, i), s) for k, i, s in first), dict(((k, i), s) for k, i, s in other)
    lines = []
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            lines.append(f"      {key[0]} {key[1]}: {a.get(key, '-')} -> {b.get(key, '-')}")
    return lines[:20]


def measure_kernel(vdsoconf, spec, runs, out):
    sets = collections.OrderedDict()  # verdict set -> run numbers
    inconclusive, infra, walls = [], [], []
    for i in range(runs):
        wall, code, results, output = run_once(vdsoconf, spec, out / f"run-{i + 1}")
        walls.append(wall)
        if results is None or code not in (0, 1):
            infra.append((i + 1, code, output[-500:]))
            print(f"  run {i + 1}: exit {code}, no verdicts: {output[-300:]!r}", flush=True)
            continue
        verdicts, findings = verdict_set(results)
        sets.setdefault((verdicts, findings), []).append(i + 1)
        undecided = [f"{c['id']}: {c.get('message', '')[:160]}" for k in results["kernels"]
                     for c in k["checks"] if c["status"] == "inconclusive"]
        inconclusive.extend((i + 1, u) for u in undecided)
        failing = sum(1 for v in verdicts if v[2] in ("fail", "hang", "error"))
        print(f"  run {i + 1}: exit {code}, {len(verdicts)} verdicts, {failing} failing, "
              f"{len(findings)} findings, {len(undecided)} inconclusive, {wall:.1f} s", flush=True)
    return sets, inconclusive, infra, walls


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("vdsoconf")
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--kernel", action="append", dest="kernels")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--load", choices=("busy", "build", "none"), default="busy")
    parser.add_argument("--build-tree", type=pathlib.Path)
    args = parser.parse_args()
    kernels = args.kernels or ["debian:latest", "source:6.12"]
    if args.runs < 2:
        parser.error("--runs must be at least 2")
    fetch = subprocess.run([args.vdsoconf, "kernels", "fetch", *kernels], check=False,
                           stdout=subprocess.DEVNULL)
    if fetch.returncode != 0:
        print(f"verdict_stability: provisioning {kernels} failed", file=sys.stderr)
        return 2
    load = []
    try:
        if args.load in ("busy", "build"):
            load += start_busy_loops(2)
        if args.load == "build":
            cache = os.environ.get("VDSOCONF_CACHE_DIR") or os.path.join(
                os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "vdsoconf")
            tree = args.build_tree or find_build_tree(cache)
            if tree is None:
                print("verdict_stability: no unpacked kernel tree for --load build "
                      "(provision source:6.12 first, or give --build-tree)", file=sys.stderr)
                return 2
            args.out.mkdir(parents=True, exist_ok=True)
            load.append(start_kernel_build(tree, args.out))
        print(f"load: {args.load}; {args.runs} runs per kernel", flush=True)
        status = 0
        for spec in kernels:
            print(f"{spec}:", flush=True)
            sets, inconclusive, infra, walls = measure_kernel(
                args.vdsoconf, spec, args.runs, args.out / spec.replace(":", "_"))
            verdicts = [runs for runs in sets.values()]
            stable = len(sets) <= 1 and not inconclusive and not infra
            status = status or (0 if stable else 1)
            print(f"{spec}: {args.runs} runs, {len(sets)} distinct verdict set(s) "
                  f"{[len(r) for r in verdicts]}, {len(inconclusive)} inconclusive, "
                  f"{len(infra)} without verdicts; wall min/mean/max "
                  f"{min(walls):.1f}/{sum(walls) / len(walls):.1f}/{max(walls):.1f} s; "
                  f"{'STABLE' if stable else 'UNSTABLE'} (goal: 1 set, 0 inconclusive)",
                  flush=True)
            keys = list(sets)
            for other in keys[1:]:
                print(f"    runs {sets[other]} differ from runs {sets[keys[0]]}:")
                print("\n".join(describe_difference(keys[0][0], other[0])))
            for run, what in inconclusive:
                print(f"    run {run} inconclusive: {what}")
        return status
    finally:
        stop(load)


if __name__ == "__main__":
    # SIGTERM ends the benchmark like Ctrl-C does: through main's finally, which stops the load.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    sys.exit(main())
