#include "vdsoconf/riscv/image/riscv_code.h"

#include <gtest/gtest.h>

#include <vector>

namespace vdsoconf::riscv {
namespace {

void Put32(std::vector<std::uint8_t>& out, std::uint32_t insn) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(insn >> (8 * i)));
}
void Put16(std::vector<std::uint8_t>& out, std::uint16_t insn) {
  out.push_back(static_cast<std::uint8_t>(insn));
  out.push_back(static_cast<std::uint8_t>(insn >> 8));
}

TEST(AnalyzeCode, FindsEverySiteKindWithItsRegister) {
  std::vector<std::uint8_t> text;
  Put32(text, 0x00000017);  // lpad 0            @0x600
  Put32(text, 0xce104073);  // sspush ra         @0x604
  Put16(text, 0x6081);      // c.sspush ra       @0x608
  Put32(text, 0xc01027f3);  // csrr a5, time     @0x60a
  Put32(text, 0x0100000f);  // pause             @0x60e
  Put32(text, 0x00000073);  // ecall             @0x612
  Put32(text, 0xcdc2c073);  // sspopchk t0       @0x616
  Put32(text, 0xc0202773);  // csrr a4, instret: not a counter read of `time`
  const CodeFacts facts = AnalyzeCode(text, 0x600);
  ASSERT_EQ(facts.sites.size(), 6u);
  EXPECT_EQ(facts.landing_pads, 1u);
  const SiteKind kinds[] = {SiteKind::kMayBeOp,     SiteKind::kCompressedMayBeOp,
                            SiteKind::kCounterRead, SiteKind::kPause,
                            SiteKind::kEcall,       SiteKind::kMayBeOp};
  const std::uint64_t addresses[] = {0x604, 0x608, 0x60a, 0x60e, 0x612, 0x616};
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(facts.sites[i].kind, kinds[i])
        << "site " << i << " " << SiteKindName(facts.sites[i].kind);
    EXPECT_EQ(facts.sites[i].address, addresses[i]) << "site " << i;
  }
  EXPECT_EQ(facts.sites[2].rd, 15) << "csrr a5 writes x15";
  EXPECT_EQ(facts.sites[1].length, 2);
}

TEST(AnalyzeCode, LowestDataReferenceCombinesAuipcWithItsLowHalf) {
  // From the Debian 7.2 image: 0x634 auipc a4,0xffffc; addi a4,a4,-1588 -> -0x4000.
  std::vector<std::uint8_t> text;
  Put32(text, 0xffffc717);
  Put32(text, 0x9cc70713);
  const CodeFacts facts = AnalyzeCode(text, 0x634);
  ASSERT_TRUE(facts.lowest_data_reference.has_value());
  EXPECT_EQ(*facts.lowest_data_reference, -0x4000);
}

// The text address comes from an untrusted image: pc-relative arithmetic wraps modulo 2^64 as
// on the hardware, never a signed overflow (found by fuzz_image: the same auipc pair at
// 0x8000000000000000 ran off INT64_MIN; the fuzz build runs this test under UBSan).
TEST(AnalyzeCode, AuipcNearTheTopOfTheAddressSpaceWraps) {
  std::vector<std::uint8_t> text;
  Put32(text, 0xffffc717);  // auipc a4,0xffffc: pc - 0x4000
  Put32(text, 0x9cc70713);  // addi a4,a4,-1588
  const CodeFacts facts = AnalyzeCode(text, 0x8000000000000000ull);
  // pc - 0x4000 - 0x634 wraps to 0x7fff_ffff_ffff_b9cc: not below the text, not a data reference.
  EXPECT_FALSE(facts.lowest_data_reference.has_value());
}

TEST(AnalyzeCode, TruncatedInstructionEndsTheWalk) {
  std::vector<std::uint8_t> text = {0x73, 0x00, 0x00};  // 3 bytes of an ecall
  const CodeFacts facts = AnalyzeCode(text, 0);
  EXPECT_TRUE(facts.sites.empty());
}

TEST(Encode, MatchesTheAssembler) {
  EXPECT_EQ(encode::Jal(0, 8), 0x0080006fu);        // j .+8
  EXPECT_EQ(encode::Jal(0, -0x200), 0xe01ff06fu);   // j .-512
  EXPECT_EQ(encode::Addi(2, 2, -16), 0xff010113u);  // addi sp,sp,-16
  EXPECT_EQ(encode::Sd(1, 2, 0), 0x00113023u);      // sd ra,0(sp)
  EXPECT_EQ(encode::Ld(15, 2, 8), 0x00813783u);     // ld a5,8(sp)
  EXPECT_EQ(encode::Jalr(1, 1, 0), 0x000080e7u);    // jalr ra
  EXPECT_EQ(encode::Beq(5, 0, 32), 0x02028063u);    // beqz t0,.+32
  EXPECT_EQ(encode::Beq(6, 0, -64), 0xfc0300e3u);   // beqz t1,.-64
  EXPECT_THROW(encode::Jal(0, 1 << 21), std::out_of_range);
  EXPECT_THROW(encode::Addi(1, 1, 4096), std::out_of_range);
}

TEST(Encode, PcRelativeLoadReachesItsTarget) {
  for (std::int64_t delta : {0L, 8L, 2047L, 2048L, -2049L, 0x12345L, -0x54321L}) {
    std::uint32_t pair[2];
    encode::LoadPcRelative(5, delta, pair);
    const std::int64_t upper = static_cast<std::int32_t>(pair[0] & 0xfffff000u);
    const std::int64_t lower = static_cast<std::int32_t>(pair[1]) >> 20;
    EXPECT_EQ(upper + lower, delta) << std::hex << "pair " << pair[0] << " " << pair[1];
  }
}

}  // namespace
}  // namespace vdsoconf::riscv
