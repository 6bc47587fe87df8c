#!/usr/bin/env bash
# make_seeds.sh VDSOCONF OUT_DIR: the image fuzzer's seeds, made at test time from the
# debian_kernel fixture's kernel (VDSOCONF_TEST_KERNEL), never committed (they are code from a
# downloaded kernel): every vDSO image `vdsoconf extract` finds, and the first 3000 bytes of the
# first one (a truncated ELF, so the parser's bounds checks are seeded too). The directory is
# filled in a temporary sibling and renamed, so a failure leaves no partial corpus.
set -euo pipefail
vdsoconf=$1 out=$2
if [[ -z "${VDSOCONF_TEST_KERNEL:-}" ]]; then
  echo "VDSOCONF_TEST_KERNEL is unset: run through ctest (fixture debian_kernel)" >&2
  exit 2
fi
tmp="$out.tmp.$$"
rm -rf "$out" "$tmp"
"$vdsoconf" extract --kernel "$VDSOCONF_TEST_KERNEL" --out "$tmp/extract" > /dev/null
mkdir -p "$tmp/seeds"
images=("$tmp"/extract/*.so)
[[ -f "${images[0]}" ]] || { echo "no vDSO image extracted from $VDSOCONF_TEST_KERNEL" >&2; exit 1; }
cp "${images[@]}" "$tmp/seeds/"
head -c 3000 "${images[0]}" > "$tmp/seeds/$(basename "${images[0]}" .so)-truncated-3000.so"
mv "$tmp/seeds" "$out"
rm -rf "$tmp"
ls "$out"
