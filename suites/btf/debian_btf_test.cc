// layout.btf on a real kernel: the BTF inside Debian's riscv64 Image ($VDSOCONF_TEST_KERNEL, the
// debian_kernel fixture) against the reference layouts, and copies of the Image with one member
// moved or renamed, which must fail naming it.
#include <bpf/btf.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>

#include "vdsoconf/btf/btf_blob.h"
#include "vdsoconf/btf/btf_layout_check.h"
#include "vdsoconf/btf/kernel_btf.h"
#include "vdsoconf/btf/layout_comparison.h"

namespace vdsoconf::btf {
namespace {

using reports::CheckStatus;

struct DebianImage {
  std::filesystem::path path;
  std::vector<std::uint8_t> bytes;
  BtfBlobLocation blob;
  std::span<const std::uint8_t> Blob() const {
    return std::span(bytes).subspan(blob.offset, blob.size);
  }
};

// Loaded once: the Image is ~36 MB.
const DebianImage& Debian() {
  static const DebianImage image = [] {
    DebianImage loaded;
    const char* env = std::getenv("VDSOCONF_TEST_KERNEL");
    if (env == nullptr || *env == '\0') return loaded;
    loaded.path = env;
    auto bytes = ReadWholeFile(loaded.path);
    if (!bytes.ok()) return loaded;
    loaded.bytes = std::move(bytes).value();
    const auto blobs = FindBtfBlobs(loaded.bytes);
    if (blobs.size() == 1) loaded.blob = blobs[0];
    return loaded;
  }();
  return image;
}

#define REQUIRE_DEBIAN_BTF()                                                             \
  ASSERT_FALSE(Debian().path.empty())                                                    \
      << "VDSOCONF_TEST_KERNEL is unset: run through ctest (debian_kernel fixture)";     \
  ASSERT_NE(Debian().blob.size, 0u) << "no single BTF blob in " << Debian().path << " (" \
                                    << FindBtfBlobs(Debian().bytes).size() << " found)"

std::shared_ptr<const KernelBtf> Parse(std::span<const std::uint8_t> blob) {
  auto parsed = KernelBtf::Parse(blob);
  if (!parsed.ok()) ADD_FAILURE() << parsed.error();
  return parsed.ok() ? parsed.value() : nullptr;
}

std::string Problems(const LayoutComparison& comparison, std::size_t limit = 40) {
  std::string text;
  std::size_t shown = 0;
  auto line = [&](const std::string& s) {
    if (shown++ < limit) text += s + "\n";
  };
  for (const auto& t : comparison.missing_types) line("missing type " + t);
  for (const auto& e : comparison.fields) {
    if (!e.problem.empty()) line(e.name + ": " + e.problem);
  }
  for (const auto& e : comparison.structs) {
    if (!e.problem.empty()) line(e.name + " (struct): " + e.problem);
  }
  for (const auto& s : comparison.btf_only) {
    line("btf only: " + s.kernel_type + "[" + std::to_string(s.element) + "]." + s.member);
  }
  return text;
}

const ref::Layout& Layout(ref::LayoutVariant variant) {
  return *ref::FindLayout(variant).value();
}

TEST(DebianBtf, TheImageHoldsOneBlobLibbpfAccepts) {
  REQUIRE_DEBIAN_BTF();
  const auto types = Parse(Debian().Blob());
  ASSERT_TRUE(types);
  EXPECT_GT(types->TypeCount(), 10000u) << "a kernel's BTF has tens of thousands of types";
}

TEST(DebianBtf, EveryFieldOfThe7_2LayoutIsWhereTheKernelSays) {
  REQUIRE_DEBIAN_BTF();
  const auto types = Parse(Debian().Blob());
  ASSERT_TRUE(types);
  const auto comparison = CompareLayoutWithBtf(Layout({ref::Generation::kLinux7_2, false}), *types);
  EXPECT_TRUE(comparison.Agrees() && comparison.missing_types.empty()) << Problems(comparison);
  EXPECT_GT(comparison.fields.size(), 400u);
}

TEST(DebianBtf, OtherGenerationsAndOverflowProtectionDisagree) {
  REQUIRE_DEBIAN_BTF();
  const auto types = Parse(Debian().Blob());
  ASSERT_TRUE(types);
  for (ref::Generation generation : {ref::Generation::kLinux6_1, ref::Generation::kLinux6_12}) {
    const auto comparison = CompareLayoutWithBtf(Layout({generation, false}), *types);
    EXPECT_FALSE(comparison.Agrees() && comparison.missing_types.empty())
        << ref::GenerationName(generation) << " agreed with a 7.2 kernel's BTF";
  }
  // max_cycles: the reference has it, this kernel does not; every later clock field shifts.
  const auto comparison = CompareLayoutWithBtf(Layout({ref::Generation::kLinux7_2, true}), *types);
  const EntryComparison* max_cycles = nullptr;
  const EntryComparison* mask = nullptr;
  for (const auto& entry : comparison.fields) {
    if (entry.name == "vdso_time_data.clock_data[0].max_cycles") max_cycles = &entry;
    if (entry.name == "vdso_time_data.clock_data[0].mask") mask = &entry;
  }
  ASSERT_NE(max_cycles, nullptr);
  ASSERT_NE(mask, nullptr);
  EXPECT_NE(max_cycles->problem.find("has no member 'max_cycles'"), std::string::npos)
      << max_cycles->problem;
  EXPECT_EQ(mask->problem, "offset 24 in the reference, 16 in BTF") << Problems(comparison);
}

// The byte offset, inside the blob, of member `member` of `struct_name`'s btf_member record:
// libbpf keeps a blob it parsed as one copy, so type pointers point into it.
std::size_t MemberRecordOffset(const KernelBtf& types, const char* struct_name,
                               const char* member) {
  const struct ::btf* handle = types.Handle();
  const std::int32_t id = btf__find_by_name_kind(handle, struct_name, BTF_KIND_STRUCT);
  if (id <= 0) return 0;
  const btf_type* type = btf__type_by_id(handle, static_cast<std::uint32_t>(id));
  std::uint32_t size = 0;
  const auto* raw = static_cast<const std::uint8_t*>(btf__raw_data(handle, &size));
  const btf_member* members = btf_members(type);
  for (std::uint32_t i = 0; i < btf_vlen(type); ++i) {
    if (std::strcmp(btf__name_by_offset(handle, members[i].name_off), member) == 0) {
      return static_cast<std::size_t>(reinterpret_cast<const std::uint8_t*>(&members[i]) - raw);
    }
  }
  return 0;
}

struct ModifiedImage {
  std::filesystem::path path;
  std::uint64_t blob_size = 0, blob_hash = 0;
  ~ModifiedImage() { std::filesystem::remove(path); }
};

// A copy of the Debian Image whose BTF has `edit` applied to `member` of `struct_name`.
std::unique_ptr<ModifiedImage> Modify(const char* struct_name, const char* member,
                                      const std::function<void(btf_member&)>& edit) {
  const auto types = Parse(Debian().Blob());
  if (!types) return nullptr;
  const std::size_t record = MemberRecordOffset(*types, struct_name, member);
  if (record == 0) {
    ADD_FAILURE() << struct_name << "." << member << " not found in the Debian BTF";
    return nullptr;
  }
  std::vector<std::uint8_t> bytes = Debian().bytes;
  btf_member copy;
  std::uint8_t* at = bytes.data() + Debian().blob.offset + record;
  std::memcpy(&copy, at, sizeof copy);
  edit(copy);
  std::memcpy(at, &copy, sizeof copy);
  auto image = std::make_unique<ModifiedImage>();
  image->path = std::filesystem::temp_directory_path() /
                ("vdsoconf-btf-modified-" + std::to_string(getpid()));
  std::ofstream(image->path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  image->blob_size = Debian().blob.size;
  image->blob_hash = Fnv1a64(std::span(bytes).subspan(Debian().blob.offset, Debian().blob.size));
  return image;
}

live::ProbeDocument GuestSaw(std::uint64_t size, std::uint64_t hash) {
  return {kBtfProbeName,
          "ok",
          40,
          {{"path", "/sys/kernel/btf/vmlinux"},
           {"present", true},
           {"open_errno", 0},
           {"read_errno", 0},
           {"size", size},
           {"fnv1a64", hash}}};
}

const ref::LayoutVariant k7_2{ref::Generation::kLinux7_2, false};

TEST(DebianBtf, TheCheckPassesOnTheImageTheGuestHashed) {
  REQUIRE_DEBIAN_BTF();
  const auto probe = GuestSaw(Debian().blob.size, Fnv1a64(Debian().Blob()));
  const auto check = CheckLayoutAgainstBtf(&probe, {Debian().path}, k7_2);
  ASSERT_EQ(check.status, CheckStatus::kPass) << check.message;
  EXPECT_EQ(check.evidence["comparison"]["mismatches"], 0);
  EXPECT_EQ(check.evidence["blob"]["offset"], Debian().blob.offset);
  // The same Image against a guest that hashed other bytes: not the running kernel.
  const auto other = GuestSaw(Debian().blob.size, Fnv1a64(Debian().Blob()) ^ 1);
  EXPECT_EQ(CheckLayoutAgainstBtf(&other, {Debian().path}, k7_2).status, CheckStatus::kError);
}

TEST(DebianBtf, AMovedMemberFailsNamingEveryFieldItMoves) {
  REQUIRE_DEBIAN_BTF();
  // struct vdso_clock's mult at byte 28 instead of 24 (kind_flag is 0: offset is in bits).
  const auto image = Modify("vdso_clock", "mult", [](btf_member& m) { m.offset = 28 * 8; });
  ASSERT_TRUE(image);
  const auto probe = GuestSaw(image->blob_size, image->blob_hash);
  const auto check = CheckLayoutAgainstBtf(&probe, {image->path}, k7_2);
  ASSERT_EQ(check.status, CheckStatus::kFail) << check.message;
  EXPECT_NE(check.message.find("vdso_time_data.clock_data[0].mult: offset 24 in the reference, "
                               "28 in BTF"),
            std::string::npos)
      << check.message;
  // Every clock (2 + 8 aux) on both time pages (time data and the time-namespace view).
  EXPECT_EQ(check.evidence["comparison"]["mismatches"], 20) << check.message;
  // arch_data is empty; sizeof(struct vdso_clock) is 224 (12 basetime pairs after 32 bytes).
  EXPECT_EQ(check.reproducer["expected"]["vdso_time_data.clock_data[1].mult"]["offset"], 248)
      << check.reproducer.dump();
  EXPECT_EQ(check.reproducer["observed"]["btf"]["vdso_time_data.clock_data[1].mult"]["bit_offset"],
            (224 + 28) * 8)
      << check.reproducer.dump();
}

TEST(DebianBtf, ARenamedMemberIsMissingAndItsReplacementIsBtfOnly) {
  REQUIRE_DEBIAN_BTF();
  // vdso_rng_data.is_ready renamed (to the struct's own name, a string the blob has) and moved
  // into the padding at byte 12.
  const auto types = Parse(Debian().Blob());
  ASSERT_TRUE(types);
  const std::int32_t id = btf__find_by_name_kind(types->Handle(), "vdso_rng_data", BTF_KIND_STRUCT);
  ASSERT_GT(id, 0);
  const std::uint32_t struct_name =
      btf__type_by_id(types->Handle(), static_cast<std::uint32_t>(id))->name_off;
  const auto image = Modify("vdso_rng_data", "is_ready", [&](btf_member& m) {
    m.name_off = struct_name;
    m.offset = 12 * 8;
  });
  ASSERT_TRUE(image);
  const auto probe = GuestSaw(image->blob_size, image->blob_hash);
  const auto check = CheckLayoutAgainstBtf(&probe, {image->path}, k7_2);
  ASSERT_EQ(check.status, CheckStatus::kFail) << check.message;
  EXPECT_NE(check.message.find("vdso_rng_data.is_ready: struct vdso_rng_data has no member "
                               "'is_ready' in the BTF"),
            std::string::npos)
      << check.message;
  const auto& btf_only = check.evidence["comparison"]["btf_only"];
  ASSERT_EQ(btf_only.size(), 1u) << btf_only.dump();
  EXPECT_EQ(btf_only[0]["member"], "vdso_rng_data") << btf_only.dump();
  EXPECT_EQ(btf_only[0]["page_bit_offset"], 96) << btf_only.dump();
}

}  // namespace
}  // namespace vdsoconf::btf
