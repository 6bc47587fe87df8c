#include "vdsoconf/riscv/image/riscv_code.h"

#include <stdexcept>

namespace vdsoconf::riscv {
namespace {

constexpr std::uint32_t kOpcodeSystem = 0x73;
constexpr std::uint32_t kOpcodeAuipc = 0x17;
constexpr std::uint32_t kOpcodeLoad = 0x03;
constexpr std::uint32_t kOpcodeStore = 0x23;
constexpr std::uint32_t kOpcodeOpImm = 0x13;
constexpr std::uint32_t kEcall = 0x00000073;
constexpr std::uint32_t kPause = 0x0100000f;
constexpr std::uint32_t kCsrTime = 0xc01;

std::uint8_t Rd(std::uint32_t insn) {
  return static_cast<std::uint8_t>((insn >> 7) & 31);
}
std::uint8_t Rs1(std::uint32_t insn) {
  return static_cast<std::uint8_t>((insn >> 15) & 31);
}
std::int32_t ImmI(std::uint32_t insn) {
  return static_cast<std::int32_t>(insn) >> 20;
}
std::int32_t ImmS(std::uint32_t insn) {
  return ((static_cast<std::int32_t>(insn) >> 25) << 5) |
         static_cast<std::int32_t>((insn >> 7) & 31);
}

bool IsCounterRead(std::uint32_t insn) {
  // csrrs rd, time, x0: funct3 2, rs1 0. (csrrs with rs1 != 0 would write the CSR: not a read.)
  return (insn & 0x7f) == kOpcodeSystem && ((insn >> 12) & 7) == 2 && Rs1(insn) == 0 &&
         (insn >> 20) == kCsrTime;
}

// Zimop: mop.r.N = 1?00??0111?? rs1 100 rd 1110011; mop.rr.N = 1?00??1 rs2 rs1 100 rd 1110011.
bool IsMayBeOp(std::uint32_t insn) {
  if ((insn & 0x7f) != kOpcodeSystem || ((insn >> 12) & 7) != 4) return false;
  if ((insn >> 31) != 1 || ((insn >> 28) & 3) != 0) return false;
  const bool mop_r = ((insn >> 22) & 0xf) == 0x7;  // bits 25..22 = 0111
  const bool mop_rr = ((insn >> 25) & 1) == 1;
  return mop_r || mop_rr;
}

// c.mop.N: 0110 0 n[3:1] 1 00000 01 with odd N (register x1, x3 .. x15), i.e. c.lui with imm 0.
bool IsCompressedMayBeOp(std::uint16_t insn) {
  return (insn & 0xf8ff) == 0x6081 && ((insn >> 7) & 1) == 1;
}

// pc-relative address arithmetic as the hardware does it, modulo 2^64: the text address comes
// from an untrusted image and may sit anywhere, so signed addition could overflow.
std::int64_t AddressPlus(std::int64_t address, std::int64_t offset) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(address) +
                                   static_cast<std::uint64_t>(offset));
}

}  // namespace

std::string_view SiteKindName(SiteKind kind) {
  switch (kind) {
    case SiteKind::kCounterRead:
      return "counter-read";
    case SiteKind::kEcall:
      return "ecall";
    case SiteKind::kPause:
      return "pause";
    case SiteKind::kMayBeOp:
      return "may-be-op";
    case SiteKind::kCompressedMayBeOp:
      return "compressed-may-be-op";
  }
  return "unknown";
}

CodeFacts AnalyzeCode(std::span<const std::uint8_t> text, std::uint64_t text_address) {
  CodeFacts facts;
  // The last auipc per register, to pair it with the addi/load/store that completes the address.
  std::optional<std::int64_t> auipc_base[32];
  auto note_target = [&facts](std::int64_t target) {
    if (target < 0 && (!facts.lowest_data_reference || target < *facts.lowest_data_reference)) {
      facts.lowest_data_reference = target;
    }
  };
  std::size_t at = 0;
  while (at + 2 <= text.size()) {
    const std::uint16_t low = static_cast<std::uint16_t>(text[at] | (text[at + 1] << 8));
    const auto address = static_cast<std::int64_t>(text_address + at);
    ++facts.instructions;
    if ((low & 3) != 3) {
      if (IsCompressedMayBeOp(low)) {
        facts.sites.push_back({static_cast<std::uint64_t>(address), SiteKind::kCompressedMayBeOp,
                               static_cast<std::uint8_t>((low >> 7) & 31), 2, low});
      }
      // A compressed instruction may overwrite a register that held an auipc result; we do not
      // decode every RVC destination, so forget all pending pairs (conservative).
      for (auto& base : auipc_base) base.reset();
      at += 2;
      continue;
    }
    if (at + 4 > text.size()) break;
    const std::uint32_t insn = low | (static_cast<std::uint32_t>(text[at + 2]) << 16) |
                               (static_cast<std::uint32_t>(text[at + 3]) << 24);
    const std::uint32_t opcode = insn & 0x7f;
    const std::uint8_t rd = Rd(insn);
    if (IsCounterRead(insn)) {
      facts.sites.push_back(
          {static_cast<std::uint64_t>(address), SiteKind::kCounterRead, rd, 4, insn});
    } else if (insn == kEcall) {
      facts.sites.push_back({static_cast<std::uint64_t>(address), SiteKind::kEcall, 0, 4, insn});
    } else if (insn == kPause) {
      facts.sites.push_back({static_cast<std::uint64_t>(address), SiteKind::kPause, 0, 4, insn});
    } else if (IsMayBeOp(insn)) {
      facts.sites.push_back({static_cast<std::uint64_t>(address), SiteKind::kMayBeOp, rd, 4, insn});
    }
    if (opcode == kOpcodeAuipc) {
      const std::int64_t upper = static_cast<std::int32_t>(insn & 0xfffff000u);
      if (rd == 0) {
        ++facts.landing_pads;  // lpad
      } else {
        // Only the completed address counts: auipc alone gives the 4 KiB-rounded half.
        auipc_base[rd] = AddressPlus(address, upper);
      }
      at += 4;
      continue;
    }
    const std::uint8_t rs1 = Rs1(insn);
    const bool uses_base = opcode == kOpcodeLoad || opcode == kOpcodeStore ||
                           (opcode == kOpcodeOpImm && ((insn >> 12) & 7) == 0);
    if (uses_base && auipc_base[rs1]) {
      const std::int32_t low12 = opcode == kOpcodeStore ? ImmS(insn) : ImmI(insn);
      note_target(AddressPlus(*auipc_base[rs1], low12));
    }
    if (opcode != kOpcodeStore && rd != 0) auipc_base[rd].reset();
    at += 4;
  }
  return facts;
}

namespace encode {
namespace {
void RequireRange(std::int64_t value, std::int64_t low, std::int64_t high, const char* what) {
  if (value < low || value > high) throw std::out_of_range(what);
}
std::uint32_t IType(std::uint32_t opcode, std::uint32_t funct3, std::uint8_t rd, std::uint8_t rs1,
                    std::int32_t imm) {
  RequireRange(imm, -2048, 2047, "I-type immediate out of range");
  return (static_cast<std::uint32_t>(imm & 0xfff) << 20) | (std::uint32_t{rs1} << 15) |
         (funct3 << 12) | (std::uint32_t{rd} << 7) | opcode;
}
}  // namespace

std::uint32_t Jal(std::uint8_t rd, std::int64_t offset) {
  RequireRange(offset, -(1 << 20), (1 << 20) - 2, "jal offset out of range");
  if (offset & 1) throw std::out_of_range("jal offset odd");
  const auto o = static_cast<std::uint32_t>(offset);
  return (((o >> 20) & 1) << 31) | (((o >> 1) & 0x3ff) << 21) | (((o >> 11) & 1) << 20) |
         (((o >> 12) & 0xff) << 12) | (std::uint32_t{rd} << 7) | 0x6f;
}
std::uint32_t Jalr(std::uint8_t rd, std::uint8_t rs1, std::int32_t offset) {
  return IType(0x67, 0, rd, rs1, offset);
}
std::uint32_t Beq(std::uint8_t rs1, std::uint8_t rs2, std::int32_t offset) {
  RequireRange(offset, -4096, 4094, "beq offset out of range");
  if (offset & 1) throw std::out_of_range("beq offset odd");
  const auto o = static_cast<std::uint32_t>(offset);
  return (((o >> 12) & 1) << 31) | (((o >> 5) & 0x3f) << 25) | (std::uint32_t{rs2} << 20) |
         (std::uint32_t{rs1} << 15) | (((o >> 1) & 0xf) << 8) | (((o >> 11) & 1) << 7) | 0x63;
}
std::uint32_t Addi(std::uint8_t rd, std::uint8_t rs1, std::int32_t immediate) {
  return IType(kOpcodeOpImm, 0, rd, rs1, immediate);
}
std::uint32_t Ld(std::uint8_t rd, std::uint8_t rs1, std::int32_t offset) {
  return IType(kOpcodeLoad, 3, rd, rs1, offset);
}
std::uint32_t Sd(std::uint8_t rs2, std::uint8_t rs1, std::int32_t offset) {
  RequireRange(offset, -2048, 2047, "sd offset out of range");
  const auto o = static_cast<std::uint32_t>(offset);
  return (((o >> 5) & 0x7f) << 25) | (std::uint32_t{rs2} << 20) | (std::uint32_t{rs1} << 15) |
         (3u << 12) | ((o & 31) << 7) | kOpcodeStore;
}
std::uint32_t Auipc(std::uint8_t rd, std::int32_t upper) {
  RequireRange(upper, -(1 << 19), (1 << 19) - 1, "auipc immediate out of range");
  return (static_cast<std::uint32_t>(upper & 0xfffff) << 12) | (std::uint32_t{rd} << 7) |
         kOpcodeAuipc;
}
void LoadPcRelative(std::uint8_t rd, std::int64_t delta, std::uint32_t out[2]) {
  RequireRange(delta, -(std::int64_t{1} << 31), (std::int64_t{1} << 31) - 2049,
               "pc-relative load too far");
  const std::int64_t upper = (delta + 0x800) >> 12;
  const auto lower = static_cast<std::int32_t>(delta - (upper << 12));
  out[0] = Auipc(rd, static_cast<std::int32_t>(upper));
  out[1] = Ld(rd, rd, lower);
}
}  // namespace encode

}  // namespace vdsoconf::riscv
