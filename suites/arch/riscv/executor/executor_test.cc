// The real Debian 7.2 vDSO images (VDSOCONF_TEST_KERNEL) run by the executor against hand-built
// vvar pages: exact clock_gettime values, seqlock retries driven by writer injection, syscall
// fallback, faults and hangs recorded as results.
#include "vdsoconf/riscv/executor/executor.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstring>
#include <random>

#include "executor_fixture.h"

namespace vdsoconf::riscv {
namespace {

TEST_P(ExecutorTest, ClockGettimeMatchesTheKernelFormula) {
  for (std::uint64_t delta : {0ull, 1ull, 12345ull, 10000000ull, 123456789012ull}) {
    CallRequest call = ClockGettime(kClockMonotonic, StandardVvar());
    // The second value must never be seen: a single read takes the first.
    call.counter_values = {kCycleLast + delta, 0xdeadbeefcafe};
    const CallResult result = executor_->Run(call);
    ASSERT_EQ(result.outcome, Outcome::kReturned) << result.Describe();
    EXPECT_EQ(result.return_value, 0u) << result.Describe();
    EXPECT_EQ(result.counter_reads, 1u) << result.Describe();
    EXPECT_TRUE(result.ecalls.empty()) << result.Describe();
    const Timespec expected = KernelFormula(kCycleLast + delta, kCycleLast, ~0ull, kMult, kShift,
                                            kBaseSec, kBaseNsecShifted);
    const Timespec got = AsTimespec(result.buffers.at(0));
    EXPECT_EQ(got.sec, expected.sec)
        << "delta " << delta << " nsec " << got.nsec << " vs " << expected.nsec;
    EXPECT_EQ(got.nsec, expected.nsec) << "delta " << delta;
  }
}

TEST_P(ExecutorTest, CounterWrapsThroughTheMask) {
  Vvar72 vvar = StandardVvar();
  const std::uint64_t mask = (1ull << 32) - 1;
  vvar.SetClock(Vvar72::kCsHres, 0x30a, 1, 0xfffffff0, mask, kMult, kShift);
  CallRequest call = ClockGettime(kClockMonotonic, vvar);
  call.counter_values = {0x1'0000'0010};  // 0x20 ticks after cycle_last modulo 2^32
  const CallResult result = executor_->Run(call);
  ASSERT_EQ(result.outcome, Outcome::kReturned) << result.Describe();
  const Timespec expected =
      KernelFormula(0x1'0000'0010, 0xfffffff0, mask, kMult, kShift, kBaseSec, kBaseNsecShifted);
  const Timespec got = AsTimespec(result.buffers.at(0));
  EXPECT_EQ(got.sec, expected.sec);
  EXPECT_EQ(got.nsec, expected.nsec);
}

TEST_P(ExecutorTest, SeqChangeAtTheCounterReadMakesTheReaderRetry) {
  CallRequest call = ClockGettime(kClockMonotonic, StandardVvar());
  call.counter_values = {kCycleLast + 10, kCycleLast + 20};
  // A writer starts an update (odd seq) while the reader holds its counter value, then finishes
  // it (seq + 2) while the reader spins in cpu_relax().
  call.injections = {
      {Trigger::kCounterRead, 1, {Vvar72::SeqOffset(0), testing::LittleEndian32(0x30b)}},
      {Trigger::kPause, 1, {Vvar72::SeqOffset(0), testing::LittleEndian32(0x30c)}}};
  const CallResult result = executor_->Run(call);
  ASSERT_EQ(result.outcome, Outcome::kReturned) << result.Describe();
  EXPECT_EQ(result.counter_reads, 2u) << result.Describe();
  EXPECT_GE(result.pauses, 1u) << result.Describe();
  const Timespec expected =
      KernelFormula(kCycleLast + 20, kCycleLast, ~0ull, kMult, kShift, kBaseSec, kBaseNsecShifted);
  const Timespec got = AsTimespec(result.buffers.at(0));
  EXPECT_EQ(got.nsec, expected.nsec) << "the retry must use the second counter value";
}

TEST_P(ExecutorTest, InjectionsAreUndoneAfterTheCall) {
  CallRequest first = ClockGettime(kClockMonotonic, StandardVvar());
  first.counter_values = {kCycleLast};
  first.injections = {
      {Trigger::kCounterRead, 1, {Vvar72::SeqOffset(0), testing::LittleEndian32(0x30c)}}};
  CallRequest second = first;
  second.vvar_full.reset();
  second.injections.clear();
  const auto results = executor_->Run(std::vector<CallRequest>{first, second});
  EXPECT_EQ(results[0].counter_reads, 2u) << results[0].Describe();
  EXPECT_EQ(results[1].counter_reads, 1u)
      << "the baseline seq must be back: " << results[1].Describe();
}

TEST_P(ExecutorTest, UnsupportedClockFallsBackToTheSyscall) {
  CallRequest call = ClockGettime(kClockProcessCputimeId, StandardVvar());
  call.syscall_return = -22;  // -EINVAL
  const CallResult result = executor_->Run(call);
  ASSERT_EQ(result.outcome, Outcome::kReturned) << result.Describe();
  ASSERT_EQ(result.ecalls.size(), 1u) << result.Describe();
  EXPECT_EQ(result.ecalls[0].number, kNrClockGettime);
  EXPECT_EQ(result.ecalls[0].args[0], static_cast<std::uint64_t>(kClockProcessCputimeId));
  EXPECT_NE(result.ecalls[0].args[1], 0u) << "a1 is the timespec pointer";
  EXPECT_EQ(static_cast<std::int64_t>(static_cast<std::int32_t>(result.return_value)), -22);
  EXPECT_EQ(result.counter_reads, 0u);
}

TEST_P(ExecutorTest, ClockModeNoneFallsBackToTheSyscall) {
  Vvar72 vvar = StandardVvar();
  vvar.clock(0).clock_mode = 0;  // VDSO_CLOCKMODE_NONE
  const CallResult result = executor_->Run(ClockGettime(kClockMonotonic, vvar));
  ASSERT_EQ(result.ecalls.size(), 1u) << result.Describe();
  EXPECT_EQ(result.ecalls[0].number, kNrClockGettime);
  EXPECT_EQ(result.ecalls[0].args[0], static_cast<std::uint64_t>(kClockMonotonic));
}

TEST_P(ExecutorTest, WildOutputPointerIsARecordedFault) {
  CallRequest call = ClockGettime(kClockMonotonic, StandardVvar());
  call.args[1] = Arg::Value(0x10);
  call.counter_values = {kCycleLast};
  const CallResult result = executor_->Run(call);
  ASSERT_EQ(result.outcome, Outcome::kFault) << result.Describe();
  EXPECT_EQ(result.signal, SIGSEGV) << result.Describe();
  EXPECT_GE(result.fault_address, 0x10u);
  EXPECT_LT(result.fault_address, 0x20u) << result.Describe();
  EXPECT_GE(result.fault_pc_offset, 0) << result.Describe();
  EXPECT_LT(result.fault_pc_offset, 2 * 4096) << "the store is in the image: " << result.Describe();
  // The executor survives and serves the next call.
  CallRequest next = ClockGettime(kClockMonotonic, StandardVvar());
  next.counter_values = {kCycleLast};
  EXPECT_EQ(executor_->Run(next).outcome, Outcome::kReturned);
}

TEST_P(ExecutorTest, StuckOddSeqIsAHangWithinTheWatchdog) {
  Vvar72 vvar = StandardVvar();
  vvar.clock(0).seq = 0x30b;
  CallRequest call = ClockGettime(kClockMonotonic, vvar);
  call.watchdog = std::chrono::milliseconds(100);
  const auto start = std::chrono::steady_clock::now();
  const CallResult result = executor_->Run(call);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(result.outcome, Outcome::kHang) << result.Describe();
  EXPECT_GT(result.pauses, 10u) << "the reader spins in cpu_relax: " << result.Describe();
  EXPECT_EQ(result.counter_reads, 0u);
  EXPECT_LT(elapsed, std::chrono::milliseconds(1000))
      << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms";
  CallRequest next = ClockGettime(kClockMonotonic, StandardVvar());
  next.counter_values = {kCycleLast};
  EXPECT_EQ(executor_->Run(next).outcome, Outcome::kReturned);
}

TEST_P(ExecutorTest, GarbageVvarNeverCrashesTheExecutor) {
  std::mt19937_64 random(42);
  std::vector<CallRequest> calls;
  for (int i = 0; i < 24; ++i) {
    std::vector<std::uint8_t> garbage(Vvar72().bytes().size());
    for (auto& b : garbage) b = static_cast<std::uint8_t>(random());
    CallRequest call = ClockGettime(static_cast<int>(random() % 32), Vvar72());
    call.vvar_full = garbage;
    call.counter_values = {random()};
    call.watchdog = std::chrono::milliseconds(50);
    calls.push_back(call);
  }
  const auto results = executor_->Run(calls);
  ASSERT_EQ(results.size(), calls.size());
  int returned = 0, hung = 0, faulted = 0;
  for (const auto& r : results) {
    returned += r.outcome == Outcome::kReturned;
    hung += r.outcome == Outcome::kHang;
    faulted += r.outcome == Outcome::kFault;
  }
  EXPECT_EQ(returned + hung + faulted, 24);
  EXPECT_EQ(executor_->restarts(), 0) << "garbage must be a result, not a dead executor";
  CallRequest next = ClockGettime(kClockMonotonic, StandardVvar());
  next.counter_values = {kCycleLast};
  EXPECT_EQ(executor_->Run(next).outcome, Outcome::kReturned);
}

TEST_P(ExecutorTest, ClockGetresReadsHrtimerRes) {
  Vvar72 vvar = StandardVvar();
  vvar.state.time.tail[0].hrtimer_res = 4242;
  CallRequest call = ClockGettime(kClockMonotonic, vvar);
  call.entry_offset = executor_->EntryOffset("__vdso_clock_getres");
  const CallResult result = executor_->Run(call);
  ASSERT_EQ(result.outcome, Outcome::kReturned) << result.Describe();
  const Timespec got = AsTimespec(result.buffers.at(0));
  EXPECT_EQ(got.sec, 0);
  EXPECT_EQ(got.nsec, 4242);
}

TEST_P(ExecutorTest, CounterSweepGivesEachRunItsValue) {
  const CallRequest call = ClockGettime(kClockMonotonic, StandardVvar());
  std::vector<std::uint64_t> counters;
  for (std::uint64_t i = 0; i < 50; ++i) counters.push_back(kCycleLast + i * 7919);
  const auto results = executor_->RunCounterSweep(call, counters);
  ASSERT_EQ(results.size(), counters.size());
  for (std::size_t i = 0; i < counters.size(); ++i) {
    ASSERT_EQ(results[i].outcome, Outcome::kReturned) << i << ": " << results[i].Describe();
    EXPECT_EQ(results[i].counter_reads, 1u) << i;
    const Timespec expected =
        KernelFormula(counters[i], kCycleLast, ~0ull, kMult, kShift, kBaseSec, kBaseNsecShifted);
    const Timespec got = AsTimespec(results[i].buffers.at(0));
    EXPECT_EQ(got.sec, expected.sec) << "run " << i << " counter " << counters[i];
    EXPECT_EQ(got.nsec, expected.nsec) << "run " << i << " counter " << counters[i];
  }
}

// A batch longer than one request of the pipelined path (executor.cc kPipelineChunk = 500):
// every call keeps its own counter and outcome, in order, and a baseline write in the middle
// applies to the calls after it, across request boundaries.
TEST_P(ExecutorTest, LongBatchKeepsEveryCallsCounterOutcomeAndOrder) {
  CallRequest setup = ClockGettime(kClockMonotonic, StandardVvar());
  setup.counter_values = {kCycleLast};
  ASSERT_EQ(executor_->Run(setup).outcome, Outcome::kReturned);
  constexpr std::size_t kCalls = 1300;
  constexpr std::size_t kSecondsChangeAt = 777;
  CallRequest plain = setup;
  plain.vvar_full.reset();
  std::vector<CallRequest> calls(kCalls, plain);
  for (std::size_t i = 0; i < kCalls; ++i) {
    calls[i].counter_values = {kCycleLast + i * 1009};
    if (i % 97 == 13) calls[i].args[1] = Arg::Value(0x10);  // a wild pointer: a fault
  }
  calls[kSecondsChangeAt].vvar_writes = {
      {Vvar72::BasetimeSecOffset(Vvar72::kCsHres, kClockMonotonic),
       testing::LittleEndian64(kBaseSec + 5)}};
  const auto results = executor_->Run(calls);
  ASSERT_EQ(results.size(), kCalls);
  for (std::size_t i = 0; i < kCalls; ++i) {
    if (i % 97 == 13) {
      EXPECT_EQ(results[i].outcome, Outcome::kFault)
          << "call " << i << ": " << results[i].Describe();
      continue;
    }
    ASSERT_EQ(results[i].outcome, Outcome::kReturned)
        << "call " << i << ": " << results[i].Describe();
    const std::uint64_t base_sec = i >= kSecondsChangeAt ? kBaseSec + 5 : kBaseSec;
    const Timespec expected = KernelFormula(kCycleLast + i * 1009, kCycleLast, ~0ull, kMult, kShift,
                                            base_sec, kBaseNsecShifted);
    const Timespec got = AsTimespec(results[i].buffers.at(0));
    ASSERT_EQ(got.sec, expected.sec) << "call " << i << " counter " << kCycleLast + i * 1009;
    ASSERT_EQ(got.nsec, expected.nsec) << "call " << i << " counter " << kCycleLast + i * 1009;
  }
  // The batch's baseline write stays for the next batch.
  const CallResult next = executor_->Run(calls[0]);
  const Timespec expected =
      KernelFormula(kCycleLast, kCycleLast, ~0ull, kMult, kShift, kBaseSec + 5, kBaseNsecShifted);
  EXPECT_EQ(AsTimespec(next.buffers.at(0)).sec, expected.sec) << next.Describe();
}

INSTANTIATE_TEST_SUITE_P(DebianImages, ExecutorTest, ::testing::Values(false, true), ImageName);

TEST(VdsoExecutorSetup, TooFewVvarPagesFaultOnTheGuardPage) {
  const std::string kernel = vdsoconf::testing::TestKernelPath();
  if (kernel.empty()) return;
  const ScanResult scan = ExtractVdsoImages(kernel);
  VdsoExecutor executor(scan.images.at(0), 1);  // the image reads 4 pages below itself
  CallRequest call;
  call.entry_offset = executor.EntryOffset("__vdso_clock_gettime");
  call.args = {Arg::Value(kClockMonotonic), Arg::OutputBuffer(16)};
  const CallResult result = executor.Run(call);
  ASSERT_EQ(result.outcome, Outcome::kFault) << result.Describe();
  EXPECT_EQ(result.signal, SIGSEGV);
  EXPECT_EQ(result.fault_address, executor.image_address() - 4 * 4096) << result.Describe();
}

// Every redirected site now holds `jal x0, stub`, and its stub ends with `jal x0, site + length`.
TEST(PatchForExecutor, EverySiteJumpsToItsStubAndBack) {
  const std::string kernel = vdsoconf::testing::TestKernelPath();
  if (kernel.empty()) return;
  for (const VdsoImage& image : ExtractVdsoImages(kernel).images) {
    const PatchedImage patched = PatchForExecutor(image);
    auto word = [&patched](std::uint64_t at) {
      std::uint32_t w = 0;
      std::memcpy(&w, patched.region.data() + at, 4);
      return w;
    };
    auto jal_target = [](std::uint32_t insn, std::uint64_t pc) {
      std::int64_t imm = ((insn >> 31) << 20) | (((insn >> 12) & 0xff) << 12) |
                         (((insn >> 20) & 1) << 11) | (((insn >> 21) & 0x3ff) << 1);
      if (insn >> 31) imm -= std::int64_t{1} << 21;
      return static_cast<std::uint64_t>(static_cast<std::int64_t>(pc) + imm);
    };
    ASSERT_FALSE(patched.sites.empty());
    for (std::size_t k = 0; k < patched.sites.size(); ++k) {
      const std::uint64_t site = patched.sites[k].address;
      const std::uint64_t stub = patched.stub_offset + k * kStubStride;
      ASSERT_EQ(word(site) & 0xfff, 0x06fu) << "site " << site << " is not jal x0";
      EXPECT_EQ(jal_target(word(site), site), stub) << "site " << site;
      // The slow path's jump back; counter reads also have the fast path's at +48.
      EXPECT_EQ(jal_target(word(stub + 92), stub + 92), site + 4) << "stub " << k;
      if (patched.sites[k].kind == protocol::SiteKind::kCounterRead) {
        EXPECT_EQ(jal_target(word(stub + 48), stub + 48), site + 4) << "stub " << k;
      }
    }
    EXPECT_EQ(patched.rewritten_may_be_ops, image.cfi.shadow_stack_ops);
  }
}

TEST(VdsoExecutorSetup, AProgramThatIsNotTheExecutorIsAnInfraError) {
  const std::string kernel = vdsoconf::testing::TestKernelPath();
  if (kernel.empty()) return;
  const ScanResult scan = ExtractVdsoImages(kernel);
  ExecutorOptions options;
  options.program = "/bin/true";  // an x86_64 program: qemu-riscv64 refuses it
  options.io_timeout = std::chrono::milliseconds(10000);
  try {
    VdsoExecutor executor(scan.images.at(0), 4, options);
    FAIL() << "started /bin/true as the executor";
  } catch (const InfraError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot start the executor"), std::string::npos)
        << e.what();
  }
}

TEST(VdsoExecutorSetup, AKilledExecutorIsRestartedWithItsVvarBaseline) {
  const std::string kernel = vdsoconf::testing::TestKernelPath();
  if (kernel.empty()) return;
  const ScanResult scan = ExtractVdsoImages(kernel);
  VdsoExecutor executor(scan.images.at(0), 4);
  Vvar72 vvar;
  vvar.SetClock(Vvar72::kCsHres, 2, 1, 1000, ~0ull, 1u << 24, 24);
  vvar.SetBasetime(Vvar72::kCsHres, kClockMonotonic, 77, 0);
  CallRequest call;
  call.entry_offset = executor.EntryOffset("__vdso_clock_gettime");
  call.args = {Arg::Value(kClockMonotonic), Arg::OutputBuffer(16)};
  call.counter_values = {1005};
  CallRequest first = call;
  first.vvar_full = vvar.bytes();
  ASSERT_EQ(executor.Run(first).outcome, Outcome::kReturned);
  const int pid = executor.process_id();
  ASSERT_GT(pid, 0);
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  const CallResult after = executor.Run(call);  // no vvar_full: the baseline must be resent
  EXPECT_EQ(executor.restarts(), 1);
  EXPECT_NE(executor.process_id(), pid);
  ASSERT_EQ(after.outcome, Outcome::kReturned) << after.Describe();
  const Timespec ts = AsTimespec(after.buffers.at(0));
  EXPECT_EQ(ts.sec, 77);
  EXPECT_EQ(ts.nsec, 5);
}

}  // namespace
}  // namespace vdsoconf::riscv
