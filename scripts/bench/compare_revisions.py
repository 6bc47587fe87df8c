#!/usr/bin/env python3
"""compare_revisions.py BASE [--rounds N] [--kernel SPEC ...] [--fuzz-seconds S] [--only GATE ...]

The performance gates of this tree (HEAD, as checked out, with its uncommitted changes) and of
the git revision BASE, measured side by side in one run: a refactoring (issue #14's architecture
boundary, say) must keep every gate where it was, and on this shared, noisy machine only figures
taken alternately in the same run can say so. Figures from different runs compare the load.

Gates (the same ones scripts/bench.sh runs one at a time):
  executor  the image executor's checked sweep against a bare loop (calls/s ratio;
            ExecutorThroughput.CheckedSweepAtLeastHalfTheBareLoop, via ctest)
  live      the live suite's default profile against a trivial /init boot of the same kernel
            (wall ratio; suites/live/budget/live_budget.py, one round per measurement)
  fuzz      fuzz_model's exec/s against fuzz_empty's (fuzz/bench/exec_rate.sh, one round)

BASE is checked out with `git worktree` into build/compare/<sha> and built there with the same
presets (default, and fuzz for the fuzzers; ccache is used when CMAKE_*_COMPILER_LAUNCHER says
so). Each round measures every gate on both trees, alternating which goes first, and the table
shows every figure and the median per tree. Exit 0 when everything ran (the figures are for
people: no verdict), 2 when a build or a measurement failed, 64 on a usage error.
"""
import argparse
import os
import pathlib
import re
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def run(argv, cwd, log, timeout, gate=False):
    """Runs argv, appending its output to `log`; returns the output. Raises on failure, except
    for a `gate`: a gate that measured its figure and judged it below its goal exits non-zero,
    and the figure is what this script is for (the caller raises when the figure is missing)."""
    with open(log, "a") as out:
        out.write(f"\n$ {' '.join(str(a) for a in argv)}  (in {cwd})\n")
        out.flush()
        proc = subprocess.run([str(a) for a in argv], cwd=cwd, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=timeout)
        out.write(proc.stdout)
    if proc.returncode != 0 and not gate:
        raise RuntimeError(f"{argv[0]} exited {proc.returncode} (log: {log})")
    return proc.stdout


def checkout(base, log):
    sha = subprocess.run(["git", "rev-parse", "--verify", f"{base}^{{commit}}"], cwd=ROOT,
                         capture_output=True, text=True)
    if sha.returncode != 0:
        print(f"compare_revisions: '{base}' is not a commit of this repository", file=sys.stderr)
        sys.exit(64)
    sha = sha.stdout.strip()
    tree = ROOT / "build" / "compare" / sha[:12]
    if not (tree / ".git").exists():
        tree.parent.mkdir(parents=True, exist_ok=True)
        run(["git", "worktree", "add", "--detach", "--force", tree, sha], ROOT, log, 300)
    return sha, tree


def build(tree, gates, log):
    run(["bash", "scripts/setup.sh"], tree, log, 1800)
    run(["cmake", "--preset", "default"], tree, log, 600)
    run(["cmake", "--build", "--preset", "default"], tree, log, 4 * 3600)
    if "fuzz" in gates:
        vdsoconf = tree / "build/default/tools/vdsoconf/vdsoconf"
        run(["cmake", "--preset", "fuzz", f"-DVDSOCONF_PROVISIONER={vdsoconf}"], tree, log, 600)
        run(["cmake", "--build", "--preset", "fuzz", "--target", "fuzzers"], tree, log, 4 * 3600)


def executor_ratio(tree, log):
    out = run(["ctest", "--test-dir", tree / "build/default", "-V", "-R",
               r"^ExecutorThroughput\.CheckedSweepAtLeastHalfTheBareLoop$"], tree, log, 900,
              gate=True)
    m = re.search(r"ratio executor/bare \(calls/s\): checked sweep ([0-9.]+)", out)
    if not m:
        raise RuntimeError(f"no checked-sweep ratio in the executor benchmark's output ({log})")
    return {"executor": float(m.group(1))}


def live_ratios(tree, kernels, out_dir, log):
    argv = ["python3", tree / "suites/live/budget/live_budget.py",
            tree / "build/default/tools/vdsoconf/vdsoconf", out_dir, "--rounds", "1",
            "--max-ratio", "1000"]
    for spec in kernels:
        argv += ["--kernel", spec]
    out = run(argv, tree, log, 3600)
    figures = {}
    for spec in kernels:
        m = re.search(rf"^{re.escape(spec)}: full [0-9.]+ s, trivial /init [0-9.]+ s, "
                      r"ratio ([0-9.]+)", out, re.M)
        if not m:
            raise RuntimeError(f"no live budget ratio for {spec} ({log})")
        figures[f"live {spec}"] = float(m.group(1))
    return figures


def fuzz_ratio(tree, seconds, log):
    out = run(["sh", tree / "fuzz/bench/exec_rate.sh", tree / "build/fuzz", str(seconds), "model",
               "", "1"], tree, log, 10 * seconds + 600)
    m = re.search(r"ratio model/empty: ([0-9.]+)", out)
    if not m:
        raise RuntimeError(f"no model/empty ratio in exec_rate.sh's output ({log})")
    return {"fuzz model/empty": float(m.group(1))}


def measure(tree, name, gates, args, round_index, log):
    figures = {}
    if "executor" in gates:
        figures.update(executor_ratio(tree, log))
    if "live" in gates:
        out_dir = ROOT / "build" / "compare" / "live" / f"{name}-{round_index}"
        figures.update(live_ratios(tree, args.kernel, out_dir, log))
    if "fuzz" in gates:
        figures.update(fuzz_ratio(tree, args.fuzz_seconds, log))
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", help="the git revision to compare with (e.g. 3183059)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--kernel", action="append",
                        help="kernel spec for the live gate (repeatable; default debian:latest)")
    parser.add_argument("--fuzz-seconds", type=int, default=20)
    parser.add_argument("--only", action="append", choices=["executor", "live", "fuzz"],
                        help="measure only this gate (repeatable)")
    try:
        args = parser.parse_args()
    except SystemExit as e:
        sys.exit(0 if e.code == 0 else 64)
    if args.rounds < 1:
        print("compare_revisions: --rounds must be at least 1", file=sys.stderr)
        sys.exit(64)
    args.kernel = args.kernel or ["debian:latest"]
    gates = args.only or ["executor", "live", "fuzz"]
    log = ROOT / "build" / "compare" / "compare.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("")
    try:
        sha, base_tree = checkout(args.base, log)
        trees = {"base": base_tree, "head": ROOT}
        for name, tree in trees.items():
            print(f"building {name} ({tree}) ...", flush=True)
            build(tree, gates, log)
        results = {"base": [], "head": []}
        for i in range(args.rounds):
            order = ["base", "head"] if i % 2 == 0 else ["head", "base"]
            for name in order:
                print(f"round {i + 1}/{args.rounds}: {name} ...", flush=True)
                results[name].append(measure(trees[name], name, gates, args, i, log))
    except (RuntimeError, subprocess.TimeoutExpired, OSError) as e:
        print(f"compare_revisions: {e}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("compare_revisions: interrupted; no figures", file=sys.stderr)
        sys.exit(130)

    head = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                          capture_output=True, text=True).stdout.strip()
    print(f"\nbase {sha[:12]} vs head {head}: {args.rounds} alternating round(s), "
          f"{os.cpu_count()} cpus, load average {os.getloadavg()[0]:.1f} at the end")
    print(f"{'gate':<28} {'base (each round)':<28} {'head (each round)':<28} "
          f"{'median base':>11} {'median head':>11}")
    for key in results["base"][0]:
        base_values = [r[key] for r in results["base"]]
        head_values = [r[key] for r in results["head"]]
        print(f"{key:<28} {' '.join(f'{v:.3f}' for v in base_values):<28} "
              f"{' '.join(f'{v:.3f}' for v in head_values):<28} "
              f"{statistics.median(base_values):>11.3f} {statistics.median(head_values):>11.3f}")
    print("(executor and fuzz: higher is better; live: the cost of the default profile over a "
          "trivial boot, lower is better)")


if __name__ == "__main__":
    main()
