// The initramfs is a gzip'd newc cpio with /init (mode as asked) and /dev/console, read back
// with libarchive.
#include "vdsoconf/targets/riscv/initramfs.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <fstream>
#include <map>

#include "vdsoconf/core/exit_code.h"

namespace vdsoconf::targets::riscv {
namespace {

struct Entry {
  mode_t mode = 0;
  dev_t rdev = 0;
  std::string bytes;
};

std::map<std::string, Entry> ReadBack(const std::filesystem::path& path, std::string* format) {
  std::map<std::string, Entry> entries;
  archive* a = archive_read_new();
  archive_read_support_filter_all(a);
  archive_read_support_format_all(a);
  EXPECT_EQ(archive_read_open_filename(a, path.c_str(), 4096), ARCHIVE_OK);
  archive_entry* entry;
  while (archive_read_next_header(a, &entry) == ARCHIVE_OK) {
    Entry e{archive_entry_mode(entry), archive_entry_rdev(entry), ""};
    char buffer[4096];
    la_ssize_t n;
    while ((n = archive_read_data(a, buffer, sizeof buffer)) > 0) {
      e.bytes.append(buffer, static_cast<std::size_t>(n));
    }
    entries[archive_entry_pathname(entry)] = e;
    *format = std::string(archive_format_name(a)) + "+" + archive_filter_name(a, 0);
  }
  archive_read_free(a);
  return entries;
}

TEST(WriteInitramfs, HoldsInitWithModeAndConsoleNode) {
  auto dir = std::filesystem::temp_directory_path();
  auto program = dir / "vdsoconf-initramfs-test-program";
  std::ofstream(program, std::ios::binary) << std::string(
      "\x7f"
      "ELF fake program bytes\0x",
      25);
  for (unsigned mode : {0755u, 0644u}) {
    auto output = dir / "vdsoconf-initramfs-test.cpio.gz";
    WriteInitramfs(program, output, mode);
    std::string format;
    auto entries = ReadBack(output, &format);
    EXPECT_NE(format.find("SVR4"), std::string::npos) << format;  // newc is "SVR4 (no CRC)"
    EXPECT_NE(format.find("gzip"), std::string::npos) << format;
    ASSERT_TRUE(entries.count("init")) << "entries: " << entries.size();
    EXPECT_EQ(entries["init"].bytes, std::string("\x7f"
                                                 "ELF fake program bytes\0x",
                                                 25));
    EXPECT_EQ(entries["init"].mode & 07777, mode) << std::oct << entries["init"].mode;
    EXPECT_TRUE(S_ISREG(entries["init"].mode));
    ASSERT_TRUE(entries.count("dev/console"));
    EXPECT_TRUE(S_ISCHR(entries["dev/console"].mode));
    EXPECT_EQ(major(entries["dev/console"].rdev), 5u);
    EXPECT_EQ(minor(entries["dev/console"].rdev), 1u);
    for (const char* d : {"dev", "proc", "sys", "tmp"}) EXPECT_TRUE(S_ISDIR(entries[d].mode)) << d;
  }
}

TEST(WriteInitramfs, MissingProgramIsAClearErrorAndLeavesNothing) {
  auto output = std::filesystem::temp_directory_path() / "vdsoconf-initramfs-missing.cpio.gz";
  std::filesystem::remove(output);
  try {
    WriteInitramfs("/nonexistent/agent", output);
    FAIL() << "no error for a missing program";
  } catch (const InfraError& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent/agent"), std::string::npos)
        << error.what();
  }
  EXPECT_FALSE(std::filesystem::exists(output));
}

}  // namespace
}  // namespace vdsoconf::targets::riscv
