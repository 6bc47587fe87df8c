#!/usr/bin/env python3
"""The architecture boundary: code outside an architecture's own folders never names it.

vdsoconf is one generic core with one plug-in folder per architecture (ARCHITECTURE.md). This
script reads every tracked source, header and build file of the tree and reports each one that,
outside the folders an architecture owns,
  - includes that architecture's headers (`vdsoconf/<arch>/...`, `vdsoconf/targets/<arch>/...`)
    or uses its namespace (`<arch>::`): kind `include`;
  - names the architecture anywhere else in code (identifiers, strings, CMake targets; comments
    do not count): kind `mention`.

The architectures are the folders under targets/ but the generic ones: targets/include and
targets/src (the interface) and targets/kernels (the kernel provisioning every architecture
shares). An architecture owns targets/<arch>/, reference/arch/<arch>/ and suites/arch/<arch>/;
targets/src/all_targets.cc, targets/CMakeLists.txt, suites/arch/CMakeLists.txt,
reference/src/all_arch_models.cc, reference/arch/CMakeLists.txt and the architectures' vvar data
(reference/include/vdsoconf/reference/arch_vvar_data.h, reference/src/all_arch_vvar_data.cc) list
the architectures and may name them all.

The crossings that exist today and are still to be moved are listed in
scripts/arch_boundary_debt.txt ("KIND PATH" per line). The check fails on a crossing that is not
listed (new code crossed the boundary) and on a listed one that is gone (the list must stay true:
remove the line). So the list can only shrink.

Usage: arch_boundary.py [--root DIR] [--debt FILE] [--print-debt]
Exit codes: 0 the boundary holds, 1 it does not, 64 usage.
"""
import argparse
import pathlib
import re
import subprocess
import sys

SOURCE_SUFFIXES = {".cc", ".h", ".c", ".S", ".cmake", ".py", ".sh", ".in"}
GENERIC_TARGET_DIRS = {"include", "src", "kernels"}
ARCHITECTURE_LIST = {"targets/src/all_targets.cc", "targets/CMakeLists.txt",
                     "suites/arch/CMakeLists.txt", "reference/src/all_arch_models.cc",
                     "reference/arch/CMakeLists.txt",
                     "reference/include/vdsoconf/reference/arch_vvar_data.h",
                     "reference/src/all_arch_vvar_data.cc"}


def architectures(root):
    targets = root / "targets"
    return sorted(p.name for p in targets.iterdir()
                  if p.is_dir() and p.name not in GENERIC_TARGET_DIRS)


def owned_prefixes(arch):
    return (f"targets/{arch}/", f"reference/arch/{arch}/", f"suites/arch/{arch}/")


def tracked_files(root):
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=root, check=True,
                             capture_output=True).stdout
        names = [n for n in out.decode().split("\0") if n]
    except (OSError, subprocess.CalledProcessError):
        names = [str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()]
    for name in sorted(names):
        path = pathlib.PurePosixPath(name)
        if path.suffix in SOURCE_SUFFIXES or path.name == "CMakeLists.txt":
            yield name


def without_comments(text, path):
    """The text with comments blanked, so a comment may explain an architecture."""
    if path.endswith((".py", ".sh", ".cmake", "CMakeLists.txt")):
        return re.sub(r"(?m)#.*$", "", text)
    # C, C++ and assembler: // and /* */ comments, outside string literals.
    pattern = re.compile(r'"(?:\\.|[^"\\\n])*"|//[^\n]*|/\*.*?\*/', re.S)
    return pattern.sub(lambda m: m.group(0) if m.group(0).startswith('"') else " ", text)


def crossings(root, arches):
    found = set()
    for name in tracked_files(root):
        if name in ARCHITECTURE_LIST:
            continue
        try:
            text = (root / name).read_text(errors="replace")
        except OSError:
            continue
        code = without_comments(text, name)
        for arch in arches:
            if name.startswith(owned_prefixes(arch)):
                continue
            include = re.compile(
                rf"(vdsoconf/(targets/)?{arch}/|\b{arch}::)")
            mention = re.compile(rf"{arch}", re.I)
            if include.search(code):
                found.add(("include", name))
            elif mention.search(code):
                found.add(("mention", name))
    return found


def read_debt(path):
    debt = set()
    for number, line in enumerate(path.read_text().splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fields = line.split()
        if len(fields) != 2 or fields[0] not in ("include", "mention"):
            raise ValueError(f"{path}:{number}: expected 'include PATH' or 'mention PATH'")
        debt.add((fields[0], fields[1]))
    return debt


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=pathlib.Path(__file__).resolve().parent.parent,
                        type=pathlib.Path)
    parser.add_argument("--debt", type=pathlib.Path,
                        help="the list of known crossings (default: ROOT/scripts/arch_boundary_debt.txt)")
    parser.add_argument("--print-debt", action="store_true",
                        help="print today's crossings in the list's format and exit 0")
    try:
        args = parser.parse_args()
    except SystemExit as exit_:
        sys.exit(0 if exit_.code == 0 else 64)
    root = args.root.resolve()
    if not (root / "targets").is_dir():
        print(f"arch_boundary: {root} has no targets/ folder", file=sys.stderr)
        sys.exit(64)
    arches = architectures(root)
    found = crossings(root, arches)
    if args.print_debt:
        for kind, name in sorted(found, key=lambda c: (c[1], c[0])):
            print(f"{kind} {name}")
        return 0
    debt_path = args.debt or root / "scripts" / "arch_boundary_debt.txt"
    try:
        debt = read_debt(debt_path) if debt_path.exists() else set()
    except ValueError as error:
        print(f"arch_boundary: {error}", file=sys.stderr)
        sys.exit(64)
    new = sorted(found - debt, key=lambda c: c[1])
    gone = sorted(debt - found, key=lambda c: c[1])
    for kind, name in new:
        what = ("includes an architecture's headers or namespace" if kind == "include"
                else "names an architecture in code")
        print(f"{name}: {what} ({', '.join(arches)}) outside targets/<arch>/: "
              f"reach it through the Target interface (ARCHITECTURE.md)")
    for kind, name in gone:
        print(f"{debt_path.name}: '{kind} {name}' no longer crosses the boundary: remove the line")
    includes = sum(1 for kind, _ in found if kind == "include")
    print(f"arch_boundary: architectures {', '.join(arches)}; {len(found)} known crossing(s) "
          f"({includes} include, {len(found) - includes} mention); {len(new)} new, "
          f"{len(gone)} stale")
    return 1 if new or gone else 0


if __name__ == "__main__":
    sys.exit(main())
