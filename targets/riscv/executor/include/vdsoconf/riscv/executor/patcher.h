// Rewriting a private copy of a vDSO image so that the executor controls what it observes.
//
// Under qemu-riscv64 `csrr rd, time` reads the host clock and `ecall` would enter the host
// kernel, so each such instruction (and each `pause`, to see and steer the seqlock wait loop)
// is replaced by `jal x0, stub` to a per-site stub placed in pages right after the image:
//
//   stub+0   addi sp, sp, -16
//   stub+4   sd   ra, 0(sp)
//   stub+8   auipc ra, %hi(slot) ; stub+12 ld ra, %lo(slot)(ra)   -- slot: &vdsoconf_trampoline
//   stub+16  jalr ra, ra                                         -- returns to stub+20
//   stub+20  ld   ra, 0(sp)
//   stub+24  ld   rd, 8(sp)     (counter read: rd of the csrr; ecall: a0; pause: nop)
//   stub+28  addi sp, sp, 16
//   stub+32  jal  x0, site + length
//
// The trampoline saves every integer register, so apart from rd (or a0) the vDSO sees no
// change. Jumps stay within +-1 MiB because the stubs follow the image directly. The Zimop
// shadow-stack instructions of the CFI build (SIGILL on QEMU 7.2) are rewritten in place to their
// architectural effect without an active shadow stack: rd = 0 (nop for sspush/sspopchk).
#pragma once

#include <cstdint>
#include <vector>

#include "vdsoconf/riscv/executor/protocol.h"
#include "vdsoconf/riscv/image/vdso_image.h"

namespace vdsoconf::riscv {

inline constexpr std::uint32_t kStubStride = 48;
inline constexpr std::uint32_t kStubReturnOffset = 20;  // executor_main.cc relies on it

struct PatchedSite {
  protocol::SiteKind kind = protocol::SiteKind::kCounterRead;
  std::uint32_t address = 0;  // of the replaced instruction, from the image base
};

struct PatchedImage {
  std::vector<std::uint8_t> region;  // image pages then stub pages, ready to map at the base
  std::vector<std::uint8_t> bare;    // the original image with only the may-be-ops rewritten
  std::uint32_t image_pages = 0;
  std::uint32_t region_pages = 0;
  std::uint32_t slot_offset = 0;   // 8 bytes the executor fills with &vdsoconf_trampoline
  std::uint32_t stub_offset = 0;   // first stub; stub k at stub_offset + k * kStubStride
  std::vector<PatchedSite> sites;  // index k = stub k
  std::uint32_t rewritten_may_be_ops = 0;
};

// Builds the patched copy. Requires the image to be linked at 0 with its PT_LOAD at file offset
// 0 (every RISC-V vDSO is). Throws ImageFormatError when a site cannot be rewritten (e.g. a
// counter read into sp, which no compiler emits).
PatchedImage PatchForExecutor(const VdsoImage& image);

}  // namespace vdsoconf::riscv
