#!/bin/bash
# Differential check of the reference reader against the kernel's own C code: compiles
# lib/vdso/gettimeofday.c of each kernel tree for the host (shim/ replaces the kernel headers the
# generic code needs from outside include/vdso, and the arch hooks: the counter is a global, a
# fallback records its syscall number, cpu_relax() gives up after 1000 spins), then compares
# clock_gettime, clock_getres and gettimeofday with the model on the hand-built vectors of
# clock_vectors.h and on 20000 random vvar states per run (all ids -3..31, all five layouts,
# 7.2 with and without CONFIG_POSIX_AUX_CLOCKS).
#
# Usage: run.sh LINUX_6_1_SRC LINUX_6_12_SRC LINUX_7_2_SRC
# Exit status 0 iff there is no mismatch. Development tool: the kernel trees are not fetched here.
#
# The writer half (writer_harness.cc, wrap_writer.c) runs kernel/time/vsyscall.c itself behind
# shim_writer/ (a struct timekeeper with just the fields it reads) against timekeeper_writer.h.
#
# One deliberate difference from the kernel: __iter_div_u64_rem() is replaced by its closed form
# (same u32 quotient and remainder) because random states give ns up to 2^64, for which the
# kernel's loop would run ~10^10 times. The replacement is generated from each tree's own
# include/vdso/math64.h, so nothing of the kernel is kept in this repository.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 LINUX_6_1_SRC LINUX_6_12_SRC LINUX_7_2_SRC" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

build() {  # name tree extra-defines...
  local name=$1 tree=$2; shift 2
  mkdir -p "$out/$name/vdso"
  sed 's|\tu32 ret = 0;|\tu32 ret = (u32)(dividend / divisor); *remainder = dividend % divisor; return ret;|' \
    "$tree/include/vdso/math64.h" > "$out/$name/vdso/math64.h"
  grep -q 'u32 ret = (u32)(dividend / divisor)' "$out/$name/vdso/math64.h" ||
    { echo "math64.h of $tree has an unexpected shape" >&2; exit 1; }
  gcc -std=gnu11 -O1 -w -Werror=implicit-function-declaration -c -DDIFF_HZ=250 \
    "-DPFX(x)=${name}_##x" "$@" -I"$out/$name" -I"$here/shim" -I"$tree" -I"$tree/include" \
    "$here/wrap.c" -o "$out/$name.o"
}
build k61 "$1"
build k612 "$2"
build k612o "$2" -DDIFF_OVF
build k72 "$3" -DDIFF_NEW
build k72o "$3" -DDIFF_NEW -DDIFF_OVF
build k72a "$3" -DDIFF_NEW -DDIFF_AUX
build k72ao "$3" -DDIFF_NEW -DDIFF_AUX -DDIFF_OVF
build_writer() {  # name tree extra-defines...: kernel/time/vsyscall.c behind shim_writer/
  local name=$1 tree=$2; shift 2
  mkdir -p "$out/$name"
  cp "$tree/kernel/time/vsyscall.c" "$here/shim_writer/timekeeping_internal.h" "$out/$name/"
  gcc -std=gnu11 -O1 -w -Werror=implicit-function-declaration -c -DDIFF_HZ=250 \
    "-DPFX(x)=${name}_##x" "$@" -I"$out/$name" -I"$here" -I"$here/shim_writer" -I"$here/shim" \
    -I"$tree" -I"$tree/include" "$here/wrap_writer.c" -o "$out/$name.o"
  # vsyscall.c defines the same global functions in every build: keep only the entry point.
  objcopy --keep-global-symbol="${name}_update" "$out/$name.o"
}
build_writer w61 "$1"
build_writer w612 "$2"
build_writer w612o "$2" -DDIFF_OVF
build_writer w72 "$3" -DDIFF_NEW -DDIFF_AUX
build_writer w72o "$3" -DDIFF_NEW -DDIFF_AUX -DDIFF_OVF
# Every architecture's part of the model too: the hand vectors use the architecture of the calls
# that name none (ArchOfUnnamedCalls: its counter's clock mode), found among all of them.
arch_includes=() arch_sources=()
for arch in "$repo"/reference/arch/*/; do
  arch_includes+=(-I"$arch/include" -I"$arch/src")
  arch_sources+=("$arch"/src/*.cc)
done
g++ -std=c++20 -O1 -I"$here" -I"$repo/reference/include" -I"$repo/reference/src" "${arch_includes[@]}" \
  -I"$repo/suites/reference" "$here/harness.cc" "$here/writer_harness.cc" \
  "$repo"/reference/src/{clock_reader,clock_result,seqlock,generation,timekeeper_writer}.cc \
  "$repo"/reference/src/{layout,layout_builder,datapage_desc,all_arch_models,clock_modes}.cc \
  "$repo"/reference/src/{entry_points,bad_input_behaviour}.cc "${arch_sources[@]}" \
  "$out"/k61.o "$out"/k612.o "$out"/k612o.o "$out"/k72.o "$out"/k72o.o "$out"/k72a.o "$out"/k72ao.o \
  "$out"/w61.o "$out"/w612.o "$out"/w612o.o "$out"/w72.o "$out"/w72o.o -o "$out/harness"
timeout 600 "$out/harness"
