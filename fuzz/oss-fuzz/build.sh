#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build: every fuzz_* target, its seed corpus (NAME_seed_corpus.zip),
# dictionary (NAME.dict) and options (NAME.options) into $OUT.
#
# Uses the engine's variables: $CC $CXX $CFLAGS $CXXFLAGS $LIB_FUZZING_ENGINE $OUT ($SRC/vdsoconf
# is the checkout). The libraries are built with $CXXFLAGS, which the engine sets to include
# -fsanitize=fuzzer-no-link and the sanitizer; the fuzz targets link $LIB_FUZZING_ENGINE.
# Local use:  CC=clang-14 CXX=clang++-14 CFLAGS=... CXXFLAGS="-fsanitize=address,fuzzer-no-link" \
#             LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/out SRC=/path/to/parent fuzz/oss-fuzz/build.sh
repo=${SRC:-$(cd "$(dirname "$0")/../../.." && pwd)}/vdsoconf
[ -d "$repo/fuzz" ] || repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${WORK:-/tmp}/vdsoconf-oss-fuzz-build
# vdsoconf_add_fuzzer adds -fsanitize=fuzzer itself; the engine flag replaces it when set.
cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
  -DCMAKE_EXE_LINKER_FLAGS="${LIB_FUZZING_ENGINE:-}" \
  -DVDSOCONF_FUZZ=ON -DVDSOCONF_GUEST_PROGRAMS=OFF -DBUILD_TESTING=OFF
cmake --build "$build" --target fuzzers
mkdir -p "$OUT"
for bin in $(find "$build/fuzz" -type f -name 'fuzz_*' -perm -u+x); do
  name=$(basename "$bin")
  target=${name#fuzz_}
  cp "$bin" "$OUT/$name"
  if [ -d "$repo/fuzz/corpus/$target" ]; then
    (cd "$repo/fuzz/corpus/$target" && zip -q -j "$OUT/${name}_seed_corpus.zip" ./*)
  fi
  [ -f "$repo/fuzz/dict/$target.dict" ] && cp "$repo/fuzz/dict/$target.dict" "$OUT/$name.dict"
  [ -f "$repo/fuzz/options/$target.options" ] && cp "$repo/fuzz/options/$target.options" "$OUT/$name.options"
  if [ -f "$repo/fuzz/dict/$target.dict" ]; then
    # OSS-Fuzz finds the dictionary through the options file.
    grep -q '^dict' "$OUT/$name.options" 2>/dev/null ||
      { [ -f "$OUT/$name.options" ] || echo '[libfuzzer]' >"$OUT/$name.options"; echo "dict = $name.dict" >>"$OUT/$name.options"; }
  fi
done
ls -l "$OUT"
