// What the machine code of a vDSO image does that vdsoconf cares about, found by walking .text
// instruction by instruction (RV64GC: 16- and 32-bit encodings).
//
//  - Counter reads: `csrr rd, time` (csrrs rd, 0xc01, x0; what rdtime assembles to). Under
//    qemu-riscv64 they read the host clock, so the executor replaces them.
//  - System calls: `ecall` (the vDSO's fallback path).
//  - Spin hints: `pause` (fence w,0), the body of cpu_relax() in the seqlock wait loop; the
//    executor counts them and can mutate vvar there ("writer injection").
//  - Zimop may-be-operations: the CFI build's shadow-stack instructions (sspush, sspopchk,
//    ssrdp and their compressed forms). QEMU 7.2 predates Zimop and raises SIGILL on them; with
//    no shadow stack active they are defined to write 0 to rd, which the executor substitutes.
//  - Landing pads: `lpad` (auipc x0, label), the Zicfilp marker at indirect-branch targets.
//  - PC-relative data references: auipc + addi/load/store pairs whose target lies below the
//    image, i.e. in the vvar pages. The lowest such target tells how far below the image the
//    code expects its data to start.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace vdsoconf::riscv {

enum class SiteKind : std::uint8_t {
  kCounterRead,        // csrr rd, time
  kEcall,              // ecall
  kPause,              // pause (fence w,0)
  kMayBeOp,            // 32-bit mop.r.N / mop.rr.N (sspush, sspopchk, ssrdp)
  kCompressedMayBeOp,  // c.mop.N (c.sspush, c.sspopchk)
};

std::string_view SiteKindName(SiteKind kind);

struct CodeSite {
  std::uint64_t address = 0;  // virtual address in the image (the vDSO is linked at 0)
  SiteKind kind = SiteKind::kCounterRead;
  std::uint8_t rd = 0;      // destination register (counter reads, may-be-ops)
  std::uint8_t length = 4;  // bytes of the instruction
  std::uint32_t encoding = 0;
};

struct CodeFacts {
  std::vector<CodeSite> sites;  // in address order
  std::uint32_t landing_pads = 0;
  // Lowest address any auipc-based reference computes (negative: below the image). Empty when
  // no reference points below address 0.
  std::optional<std::int64_t> lowest_data_reference;
  std::uint64_t instructions = 0;
};

// Walks `text` (the bytes of .text, loaded at `text_address`) and collects the facts above.
// A 32-bit instruction cut off by the end of the section ends the walk; never reads outside
// `text`.
CodeFacts AnalyzeCode(std::span<const std::uint8_t> text, std::uint64_t text_address);

// Instruction encoders the executor's patcher needs (RV64I). Each requires its immediate to fit
// the field and throws std::out_of_range otherwise.
namespace encode {
std::uint32_t Jal(std::uint8_t rd, std::int64_t offset);  // offset: even, +-1 MiB
std::uint32_t Jalr(std::uint8_t rd, std::uint8_t rs1, std::int32_t offset);
std::uint32_t Beq(std::uint8_t rs1, std::uint8_t rs2, std::int32_t offset);  // even, +-4 KiB
std::uint32_t Addi(std::uint8_t rd, std::uint8_t rs1, std::int32_t immediate);
std::uint32_t Ld(std::uint8_t rd, std::uint8_t rs1, std::int32_t offset);
std::uint32_t Sd(std::uint8_t rs2, std::uint8_t rs1, std::int32_t offset);
std::uint32_t Auipc(std::uint8_t rd, std::int32_t upper);  // upper: the 20-bit immediate
// auipc+ld that loads the 8 bytes at pc-relative `delta` (from the auipc) into rd.
void LoadPcRelative(std::uint8_t rd, std::int64_t delta, std::uint32_t out[2]);
}  // namespace encode

}  // namespace vdsoconf::riscv
