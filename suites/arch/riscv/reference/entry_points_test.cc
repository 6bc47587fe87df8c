// RISC-V's vDSO entry-point catalogue. The hand-written expectations come from each version's
// arch/riscv/kernel/vdso/vdso.lds.S and the syscall numbers from scripts/syscall.tbl (7.2.13).
// The same catalogue is checked against the kernel sources themselves in
// suites/arch/riscv/layout/entry_points_kernel_test.cc (conformance label, needs the linux-source
// trees).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "entry_point_names.h"
#include "vdsoconf/reference/riscv/riscv64_entry_points.h"
#include "vdsoconf/reference/riscv/riscv64_model.h"

namespace vdsoconf::ref::riscv {
namespace {

using test_support::Join;
using test_support::Names;

TEST(EntryPoints, SymbolsPerGeneration) {
  const std::vector<std::string> base = {"__vdso_rt_sigreturn",  "__vdso_gettimeofday",
                                         "__vdso_clock_gettime", "__vdso_clock_getres",
                                         "__vdso_getcpu",        "__vdso_flush_icache"};
  std::vector<std::string> with_hwprobe = base;
  with_hwprobe.push_back("__vdso_riscv_hwprobe");
  std::vector<std::string> with_getrandom = with_hwprobe;
  with_getrandom.push_back("__vdso_getrandom");
  EXPECT_EQ(Names(Generation::kLinux6_1), base) << Join(Names(Generation::kLinux6_1));
  EXPECT_EQ(Names(Generation::kLinux6_12), with_hwprobe) << Join(Names(Generation::kLinux6_12));
  EXPECT_EQ(Names(Generation::kLinux7_2), with_getrandom) << Join(Names(Generation::kLinux7_2));
}

TEST(EntryPoints, AllVersionedLinux415) {
  for (Generation g : kAllGenerations) {
    for (const EntryPoint& e : VdsoEntryPoints(g)) {
      EXPECT_EQ(e.version, "LINUX_4.15") << GenerationName(g) << " " << e.name;
    }
  }
}

TEST(EntryPoints, SyscallNumbersFromTheTable) {
  // scripts/syscall.tbl: 139 rt_sigreturn, 168 getcpu, 169 gettimeofday, 113 clock_gettime,
  // 114 clock_getres, 258 riscv_hwprobe, 259 riscv_flush_icache, 278 getrandom.
  const std::map<std::string, int> want = {
      {"__vdso_rt_sigreturn", 139},  {"__vdso_getcpu", 168},       {"__vdso_gettimeofday", 169},
      {"__vdso_clock_gettime", 113}, {"__vdso_clock_getres", 114}, {"__vdso_riscv_hwprobe", 258},
      {"__vdso_flush_icache", 259},  {"__vdso_getrandom", 278}};
  for (const EntryPoint& e : VdsoEntryPoints(Generation::kLinux7_2)) {
    EXPECT_EQ(e.syscall_nr, want.at(std::string(e.name))) << e.name;
  }
}

TEST(EntryPoints, FindByName) {
  EXPECT_EQ(FindVdsoEntryPoint(Generation::kLinux6_1, "__vdso_riscv_hwprobe"), nullptr);
  EXPECT_EQ(FindVdsoEntryPoint(Generation::kLinux6_12, "__vdso_getrandom"), nullptr);
  const EntryPoint* hwprobe = FindVdsoEntryPoint(Generation::kLinux6_12, "__vdso_riscv_hwprobe");
  ASSERT_NE(hwprobe, nullptr);
  EXPECT_EQ(hwprobe->behaviour, EntryBehaviour::kArchOwn);
  const EntryPoint* getcpu = FindVdsoEntryPoint(Generation::kLinux6_1, "__vdso_getcpu");
  ASSERT_NE(getcpu, nullptr);
  EXPECT_EQ(getcpu->behaviour, EntryBehaviour::kSyscallPassthrough);
}

TEST(EntryPoints, TheModelGivesTheTable) {
  for (Generation g : kAllGenerations) {
    EXPECT_EQ(Riscv64Model().EntryPoints(g).data(), VdsoEntryPoints(g).data()) << GenerationName(g);
  }
  EXPECT_EQ(Riscv64Model().FindEntryPoint(Generation::kLinux6_1, "__vdso_getrandom"), nullptr);
  EXPECT_NE(Riscv64Model().FindEntryPoint(Generation::kLinux7_2, "__vdso_getrandom"), nullptr);
}

TEST(EntryPoints, OwnEntriesAreFlushIcacheAndHwprobe) {
  std::vector<std::string> own;
  for (const EntryPoint& e : VdsoEntryPoints(Generation::kLinux7_2)) {
    if (e.behaviour == EntryBehaviour::kArchOwn) own.emplace_back(e.name);
  }
  EXPECT_EQ(own, (std::vector<std::string>{"__vdso_flush_icache", "__vdso_riscv_hwprobe"}));
  // The vdso.fallback call: flush_icache is the syscall with SMP; hwprobe answers itself.
  EXPECT_TRUE(Riscv64Model().OwnEntryIssuesSyscall("__vdso_flush_icache", true));
  EXPECT_FALSE(Riscv64Model().OwnEntryIssuesSyscall("__vdso_flush_icache", false));
  EXPECT_FALSE(Riscv64Model().OwnEntryIssuesSyscall("__vdso_riscv_hwprobe", true));
}

TEST(EntryPoints, FlushIcacheDependsOnSmp) {
  // flush_icache.S: #ifdef CONFIG_SMP li a7, __NR_riscv_flush_icache; ecall #else fence.i;
  // li a0, 0 #endif.
  const FlushIcacheBehaviour smp = ModelVdsoFlushIcache(true);
  EXPECT_TRUE(smp.issues_syscall);
  EXPECT_EQ(smp.syscall_nr, 259);
  const FlushIcacheBehaviour up = ModelVdsoFlushIcache(false);
  EXPECT_FALSE(up.issues_syscall);
  EXPECT_EQ(up.return_value, 0);
}

}  // namespace
}  // namespace vdsoconf::ref::riscv
