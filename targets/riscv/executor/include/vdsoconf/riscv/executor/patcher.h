// Rewriting a private copy of a vDSO image so that the executor controls what it observes.
//
// Under qemu-riscv64 `csrr rd, time` reads the host clock and `ecall` would enter the host
// kernel, so each such instruction (and each `pause`, to see and steer the seqlock wait loop)
// is replaced by `jal x0, stub` to a per-site stub placed after the image. The region is
//   image pages | one data page (RW: trampoline address, fast-counter cell) | stub pages (RX).
//
// Counter-read stubs first try the fast path, which needs no call (a temp t = t0, or t1 when
// rd is t0):
//   addi sp,sp,-16; sd t,0(sp); auipc+addi rd,&cell; ld t,flag(rd); beqz t,slow
//   ld t,reads(rd); addi t,t,1; sd t,reads(rd); ld rd,value(rd); ld t,0(sp); addi sp,sp,16
//   jal x0, site+4
// The slow path (and every ecall/pause stub) calls the trampoline:
//   slow: ld t,0(sp); addi sp,sp,16          (counter reads only; nops otherwise)
//   +60  addi sp,sp,-16; sd ra,0(sp); auipc+ld ra,&trampoline; jalr ra,ra
//   +80  ld ra,0(sp); ld rd,8(sp) (ecall: a0; pause: nop); addi sp,sp,16; jal x0, site+length
// The trampoline saves every integer register, so apart from rd (or a0) the vDSO sees no
// change. Jumps stay within +-1 MiB because the stubs follow the image directly. The Zimop
// shadow-stack instructions of the CFI build (SIGILL on QEMU 7.2) are rewritten in place to their
// architectural effect without an active shadow stack: rd = 0 (nop for sspush/sspopchk).
// A counter read into x0 is left alone (it has no effect under QEMU either).
#pragma once

#include <cstdint>
#include <vector>

#include "vdsoconf/riscv/executor/protocol.h"
#include "vdsoconf/riscv/image/vdso_image.h"

namespace vdsoconf::riscv {

using protocol::kStubReturnOffset;
using protocol::kStubStride;

struct PatchedSite {
  protocol::SiteKind kind = protocol::SiteKind::kCounterRead;
  std::uint32_t address = 0;  // of the replaced instruction, from the image base
};

struct PatchedImage {
  std::vector<std::uint8_t> region;  // image pages then stub pages, ready to map at the base
  std::vector<std::uint8_t> bare;    // the original image with only the may-be-ops rewritten
  std::uint32_t image_pages = 0;
  std::uint32_t region_pages = 0;
  std::uint32_t data_offset = 0;   // the data page (protocol.h: kData*)
  std::uint32_t stub_offset = 0;   // first stub; stub k at stub_offset + k * kStubStride
  std::vector<PatchedSite> sites;  // index k = stub k
  std::uint32_t rewritten_may_be_ops = 0;
};

// Builds the patched copy. Requires the image to be linked at 0 with its PT_LOAD at file offset
// 0 (every RISC-V vDSO is). Throws ImageFormatError when a site cannot be rewritten (e.g. a
// counter read into sp, which no compiler emits).
PatchedImage PatchForExecutor(const VdsoImage& image);

}  // namespace vdsoconf::riscv
