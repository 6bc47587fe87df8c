// The fixture the executor suites share: one VdsoExecutor per Debian 7.2 vDSO image (normal and
// CFI build, the test parameter) reused by every test of a suite, a consistent vvar state, and
// the kernel's clock formula written out independently of the reference model.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "test_kernel.h"
#include "vdsoconf/riscv/executor/executor.h"
#include "vdsoconf/riscv/image/kernel_scan.h"
#include "vvar72.h"

namespace vdsoconf::riscv {

using testing::Vvar72;
using Outcome = protocol::Outcome;
using Trigger = protocol::Trigger;

constexpr int kClockMonotonic = 1;
constexpr int kClockProcessCputimeId = 2;
constexpr std::uint64_t kNrClockGettime = 113;  // RISC-V: asm-generic unistd

// The kernel's formula for a high-resolution clock (lib/vdso/gettimeofday.c: vdso_calc_ns and
// do_hres without overflow protection): ns = ((counter - cycle_last) & mask) * mult + base,
// shifted right, then whole seconds carried into sec.
struct Timespec {
  std::int64_t sec;
  std::int64_t nsec;
};
inline Timespec KernelFormula(std::uint64_t counter, std::uint64_t cycle_last, std::uint64_t mask,
                              std::uint32_t mult, std::uint32_t shift, std::uint64_t base_sec,
                              std::uint64_t base_nsec_shifted) {
  const std::uint64_t delta = (counter - cycle_last) & mask;
  std::uint64_t ns = (delta * mult + base_nsec_shifted) >> shift;
  std::uint64_t sec = base_sec;
  while (ns >= 1000000000u) {
    ns -= 1000000000u;
    ++sec;
  }
  return {static_cast<std::int64_t>(sec), static_cast<std::int64_t>(ns)};
}

inline Timespec AsTimespec(const std::vector<std::uint8_t>& buffer) {
  Timespec ts{};
  std::memcpy(&ts.sec, buffer.data(), 8);
  std::memcpy(&ts.nsec, buffer.data() + 8, 8);
  return ts;
}

// One executor per image for the whole suite: starting QEMU costs ~10 ms, the tests reuse it.
class ExecutorTest : public ::testing::TestWithParam<bool /*cfi*/> {
 protected:
  static void SetUpTestSuite() {
    const std::string kernel = vdsoconf::testing::TestKernelPath();
    if (kernel.empty()) return;
    scan_ = new ScanResult(ExtractVdsoImages(kernel));
  }
  static void TearDownTestSuite() {
    delete normal_;
    delete cfi_;
    delete scan_;
    normal_ = cfi_ = nullptr;
    scan_ = nullptr;
  }

  void SetUp() override {
    if (scan_ == nullptr) {
      vdsoconf::testing::TestKernelPath();  // fails the test with the explanation
      return;
    }
    VdsoExecutor*& slot = GetParam() ? cfi_ : normal_;
    if (slot == nullptr) {
      for (const auto& image : scan_->images) {
        if (image.cfi.IsCfiBuild() == GetParam()) {
          ASSERT_TRUE(image.vvar_pages.has_value());
          slot = new VdsoExecutor(image, static_cast<std::uint32_t>(*image.vvar_pages));
        }
      }
    }
    ASSERT_NE(slot, nullptr) << "no " << (GetParam() ? "CFI" : "normal") << " image in the kernel";
    executor_ = slot;
  }

  // A consistent monotonic clock: 10 MHz timebase (mult 0x64000000, shift 24: 100 ns per tick,
  // the values FACTS.md saw on QEMU virt), base time 1000.999999 s.
  static Vvar72 StandardVvar() {
    Vvar72 vvar;
    vvar.SetClock(Vvar72::kCsHres, 0x30a, 1, kCycleLast, ~0ull, kMult, kShift);
    vvar.SetBasetime(Vvar72::kCsHres, kClockMonotonic, kBaseSec, kBaseNsecShifted);
    vvar.state.time.tail[0].hrtimer_res = 1;
    return vvar;
  }
  CallRequest ClockGettime(int clock_id, const Vvar72& vvar) const {
    CallRequest call;
    call.entry_offset = executor_->EntryOffset("__vdso_clock_gettime");
    call.args = {Arg::Value(static_cast<std::uint64_t>(clock_id)), Arg::OutputBuffer(16)};
    call.vvar_full = vvar.bytes();
    return call;
  }

  static constexpr std::uint64_t kCycleLast = 0x123456789a;
  static constexpr std::uint32_t kMult = 0x64000000;
  static constexpr std::uint32_t kShift = 24;
  static constexpr std::uint64_t kBaseSec = 1000;
  static constexpr std::uint64_t kBaseNsecShifted = std::uint64_t{999999000} << 24;

  static inline ScanResult* scan_ = nullptr;
  static inline VdsoExecutor* normal_ = nullptr;
  static inline VdsoExecutor* cfi_ = nullptr;
  VdsoExecutor* executor_ = nullptr;
};

// A checked sweep's result for failure messages: runs, mismatches, and each mismatch's run,
// counter and full result.
inline std::string DescribeSweep(const CheckedSweepResult& result) {
  std::ostringstream text;
  text << result.runs << " runs, " << result.mismatches.size() << " mismatch(es)";
  for (const auto& m : result.mismatches) {
    text << "\n  run " << m.run << " counter " << m.counter << ": " << m.actual.Describe();
  }
  return text.str();
}

inline std::string ImageName(const ::testing::TestParamInfo<bool>& info) {
  return info.param ? "Cfi" : "Normal";
}

}  // namespace vdsoconf::riscv
