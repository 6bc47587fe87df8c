#include "vdsoconf/riscv/executor/patcher.h"

#include <cstring>
#include <stdexcept>

namespace vdsoconf::riscv {
namespace {

constexpr std::uint8_t kRa = 1;
constexpr std::uint8_t kSp = 2;
constexpr std::uint8_t kT0 = 5;
constexpr std::uint8_t kT1 = 6;
constexpr std::uint8_t kA0 = 10;
constexpr std::uint32_t kNop = 0x00000013;
constexpr std::uint16_t kCompressedNop = 0x0001;

void Put32(std::vector<std::uint8_t>& bytes, std::uint64_t at, std::uint32_t insn) {
  for (int i = 0; i < 4; ++i)
    bytes[at + static_cast<unsigned>(i)] = static_cast<std::uint8_t>(insn >> (8 * i));
}

void Put16(std::vector<std::uint8_t>& bytes, std::uint64_t at, std::uint16_t insn) {
  bytes[at] = static_cast<std::uint8_t>(insn);
  bytes[at + 1] = static_cast<std::uint8_t>(insn >> 8);
}

void RequireLinkedAtZero(const VdsoImage& image) {
  for (const auto& seg : image.elf.segments) {
    if (seg.type == 1 && seg.address == seg.offset && seg.address == 0) return;
  }
  throw ImageFormatError("vDSO image is not linked at address 0 with a PT_LOAD at offset 0");
}

// The Zimop instructions become what they do without an active shadow stack.
std::uint32_t RewriteMayBeOps(const VdsoImage& image, std::vector<std::uint8_t>& bytes) {
  std::uint32_t count = 0;
  for (const CodeSite& site : image.code.sites) {
    if (site.kind == SiteKind::kMayBeOp) {
      Put32(bytes, site.address, site.rd == 0 ? kNop : encode::Addi(site.rd, 0, 0));
      ++count;
    } else if (site.kind == SiteKind::kCompressedMayBeOp) {
      Put16(bytes, site.address, kCompressedNop);  // c.mop.N never writes a register
      ++count;
    }
  }
  return count;
}

void WriteStub(PatchedImage& out, std::uint32_t stub, const CodeSite& site) {
  std::uint8_t result_register = 0;
  if (site.kind == SiteKind::kCounterRead) result_register = site.rd;
  if (site.kind == SiteKind::kEcall) result_register = kA0;
  if (result_register == kSp) {
    throw ImageFormatError("cannot rewrite the counter read into sp at " +
                           std::to_string(site.address));
  }
  const std::int64_t back = static_cast<std::int64_t>(site.address + site.length);
  std::vector<std::uint32_t> code;
  if (site.kind == SiteKind::kCounterRead) {
    const std::uint8_t rd = site.rd;
    const std::uint8_t t = rd == kT0 ? kT1 : kT0;
    const std::int64_t cell = static_cast<std::int64_t>(out.data_offset) - (stub + 8);
    const std::int64_t upper = (cell + 0x800) >> 12;
    const auto lower = static_cast<std::int32_t>(cell - (upper << 12));
    code = {
        encode::Addi(kSp, kSp, -16),
        encode::Sd(t, kSp, 0),
        encode::Auipc(rd, static_cast<std::int32_t>(upper)),
        encode::Addi(rd, rd, lower),
        encode::Ld(t, rd, protocol::kDataFastFlag),
        encode::Beq(t, 0, 52 - 20),  // to `slow`
        encode::Ld(t, rd, protocol::kDataFastReads),
        encode::Addi(t, t, 1),
        encode::Sd(t, rd, protocol::kDataFastReads),
        encode::Ld(rd, rd, protocol::kDataFastValue),
        encode::Ld(t, kSp, 0),
        encode::Addi(kSp, kSp, 16),
        encode::Jal(0, back - (stub + 48)),
        // slow:
        encode::Ld(t, kSp, 0),
        encode::Addi(kSp, kSp, 16),
    };
  } else {
    code.assign(15, kNop);
  }
  code.resize(15, kNop);
  const std::uint32_t call_at = stub + 60;
  std::uint32_t load_slot[2];
  encode::LoadPcRelative(
      kRa, static_cast<std::int64_t>(out.data_offset + protocol::kDataTrampoline) - (call_at + 8),
      load_slot);
  const std::uint32_t slow[] = {
      encode::Addi(kSp, kSp, -16),
      encode::Sd(kRa, kSp, 0),
      load_slot[0],
      load_slot[1],
      encode::Jalr(kRa, kRa, 0),  // returns to call_at + 20 = stub + kStubReturnOffset
      encode::Ld(kRa, kSp, 0),
      result_register == 0 ? kNop : encode::Ld(result_register, kSp, 8),
      encode::Addi(kSp, kSp, 16),
      encode::Jal(0, back - (call_at + 32)),
      0x00100073,  // ebreak: never reached
  };
  static_assert(60 + 20 == kStubReturnOffset);
  code.insert(code.end(), std::begin(slow), std::end(slow));
  if (code.size() * 4 > kStubStride) throw std::logic_error("stub larger than its stride");
  for (std::size_t i = 0; i < code.size(); ++i) Put32(out.region, stub + 4 * i, code[i]);
  // The site itself jumps to its stub.
  Put32(out.region, site.address, encode::Jal(0, static_cast<std::int64_t>(stub) - site.address));
}

}  // namespace

PatchedImage PatchForExecutor(const VdsoImage& image) {
  RequireLinkedAtZero(image);
  PatchedImage out;
  out.image_pages = static_cast<std::uint32_t>(image.image_pages);
  std::uint32_t redirected = 0;
  auto redirect = [](const CodeSite& site) {
    return (site.kind == SiteKind::kCounterRead && site.rd != 0) || site.kind == SiteKind::kEcall ||
           site.kind == SiteKind::kPause;
  };
  for (const CodeSite& site : image.code.sites) redirected += redirect(site) ? 1 : 0;
  out.data_offset = out.image_pages * protocol::kPageSize;
  out.stub_offset = out.data_offset + protocol::kPageSize;
  const std::uint64_t stub_bytes = std::uint64_t{redirected} * kStubStride;
  out.region_pages =
      out.image_pages + 1 +
      static_cast<std::uint32_t>((stub_bytes + protocol::kPageSize - 1) / protocol::kPageSize);
  out.region.assign(std::size_t{out.region_pages} * protocol::kPageSize, 0);
  std::memcpy(out.region.data(), image.bytes.data(), image.bytes.size());
  out.bare.assign(std::size_t{out.image_pages} * protocol::kPageSize, 0);
  std::memcpy(out.bare.data(), image.bytes.data(), image.bytes.size());
  out.rewritten_may_be_ops = RewriteMayBeOps(image, out.region);
  RewriteMayBeOps(image, out.bare);

  std::uint32_t stub = out.stub_offset;
  for (const CodeSite& site : image.code.sites) {
    if (!redirect(site)) continue;
    protocol::SiteKind kind;
    switch (site.kind) {
      case SiteKind::kCounterRead:
        kind = protocol::SiteKind::kCounterRead;
        break;
      case SiteKind::kEcall:
        kind = protocol::SiteKind::kEcall;
        break;
      case SiteKind::kPause:
        kind = protocol::SiteKind::kPause;
        break;
      default:
        continue;
    }
    try {
      WriteStub(out, stub, site);
    } catch (const std::out_of_range& e) {
      throw ImageFormatError(std::string("cannot reach the stub for the site at ") +
                             std::to_string(site.address) + ": " + e.what());
    }
    out.sites.push_back({kind, static_cast<std::uint32_t>(site.address)});
    stub += kStubStride;
  }
  return out;
}

}  // namespace vdsoconf::riscv
