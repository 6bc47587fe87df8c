// Finding and validating BTF blobs, and the hash the guest and host share.
#include "vdsoconf/btf/btf_blob.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "synthetic_btf.h"

namespace vdsoconf::btf {
namespace {

std::uint64_t HashOf(const std::string& text) {
  return Fnv1a64(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

TEST(Fnv1a64, MatchesThePublishedVectors) {
  // From the FNV reference (isthe.com/chongo/tech/comp/fnv): 64-bit FNV-1a.
  EXPECT_EQ(HashOf(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(HashOf("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(HashOf("foobar"), 0x85944171f73967e8ull);
}

TEST(ValidateBtfHeader, AcceptsLibbpfsOwnBlob) {
  const auto blob = testing::RngDataBtf();
  const auto size = ValidateBtfHeader(blob);
  ASSERT_TRUE(size.ok()) << size.error();
  EXPECT_EQ(size.value(), blob.size());
}

void PutU32(std::vector<std::uint8_t>& bytes, std::size_t offset, std::uint32_t value) {
  std::memcpy(bytes.data() + offset, &value, sizeof value);
}

TEST(ValidateBtfHeader, RejectsEachInconsistentHeaderField) {
  const auto good = testing::RngDataBtf();
  std::uint32_t type_len = 0, str_off = 0;
  std::memcpy(&type_len, good.data() + 12, 4);
  std::memcpy(&str_off, good.data() + 16, 4);
  struct Case {
    const char* name;
    std::function<void(std::vector<std::uint8_t>&)> damage;
    const char* expected_words;
  };
  const Case cases[] = {
      {"truncated", [](auto& b) { b.resize(20); }, "shorter than its 24-byte header"},
      {"magic", [](auto& b) { b[0] = 0x9e; }, "magic"},
      {"version", [](auto& b) { b[2] = 2; }, "version is 2"},
      {"hdr_len small", [](auto& b) { PutU32(b, 4, 16); }, "hdr_len 16"},
      {"types past end", [&](auto& b) { PutU32(b, 12, type_len + 100000); }, "run past"},
      {"overlap", [&](auto& b) { PutU32(b, 16, str_off - 4); }, "overlap"},
      {"strings not starting empty", [&](auto& b) { b[24 + str_off] = 'x'; }, "empty string"},
  };
  for (const Case& c : cases) {
    auto bytes = good;
    c.damage(bytes);
    const auto result = ValidateBtfHeader(bytes);
    ASSERT_FALSE(result.ok()) << c.name << ": a damaged header was accepted, size "
                              << result.value();
    EXPECT_NE(result.error().find(c.expected_words), std::string::npos)
        << c.name << ": error '" << result.error() << "' lacks '" << c.expected_words << "'";
  }
}

TEST(FindBtfBlobs, FindsABlobAtAnAlignedOffsetInsideOtherBytes) {
  const auto blob = testing::RngDataBtf();
  std::vector<std::uint8_t> image(8192 + blob.size() + 100, 0x55);
  std::copy(blob.begin(), blob.end(), image.begin() + 8192);
  const auto found = FindBtfBlobs(image);
  ASSERT_EQ(found.size(), 1u) << "blobs found in an image holding one";
  EXPECT_EQ(found[0].offset, 8192u);
  EXPECT_EQ(found[0].size, blob.size());
}

TEST(FindBtfBlobs, NoneInAnImageWithoutBtf) {
  auto blob = testing::RngDataBtf();
  blob[2] = 7;  // a magic number with a bad version, as random bytes could hold
  std::vector<std::uint8_t> image(4096, 0);
  std::copy(blob.begin(), blob.end(), image.begin() + 1024);
  const auto found = FindBtfBlobs(image);
  EXPECT_TRUE(found.empty()) << found.size() << " blob(s) found, first at "
                             << (found.empty() ? 0 : found[0].offset);
}

TEST(ReadWholeFile, RefusesAFileAboveTheLimitAndAMissingOne) {
  const auto missing = ReadWholeFile("/nonexistent/vmlinuz");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find("/nonexistent/vmlinuz"), std::string::npos) << missing.error();
  const auto big = ReadWholeFile("/proc/self/exe", 16);
  ASSERT_FALSE(big.ok()) << "a file above max_size was read";
  EXPECT_NE(big.error().find("more than the 16"), std::string::npos) << big.error();
}

}  // namespace
}  // namespace vdsoconf::btf
