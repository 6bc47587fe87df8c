// The riscv64 Target's image jobs on Debian's 7.2 kernel (VDSOCONF_TEST_KERNEL) answer exactly as
// the components they wrap: what the fuzzers (fuzz/differential, fuzz/image) see through the
// Target is what they saw when they called the components directly.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "test_kernel.h"
#include "vdsoconf/reference/riscv/riscv64_model.h"
#include "vdsoconf/riscv/executor/executor.h"
#include "vdsoconf/riscv/image/kernel_scan.h"
#include "vdsoconf/targets/image_executor.h"
#include "vdsoconf/targets/image_extractor.h"
#include "vdsoconf/targets/target.h"
#include "vvar72.h"

namespace vdsoconf::targets {
namespace {

using testing::Vvar72;

Target& Riscv64() {
  return *FindTarget("riscv64");
}

std::vector<ImageSymbol> NativeExports(const riscv::VdsoImage& image) {
  std::vector<ImageSymbol> symbols;
  for (const auto& s : image.ExportedSymbols())
    symbols.push_back({s.name, s.version, s.value, s.size});
  return symbols;
}

TEST(Riscv64ImageJobs, ScanAndAnalyzeGiveTheComponentsImages) {
  const std::string kernel = vdsoconf::testing::TestKernelPath();
  ASSERT_FALSE(kernel.empty());
  const std::vector<std::uint8_t> contents = riscv::ReadKernelFile(kernel);
  const riscv::ScanResult native = riscv::ScanForVdsoImages(contents);
  const ExtractedImages scanned = Riscv64().Images().Scan(contents);
  ASSERT_EQ(scanned.images.size(), native.images.size());
  ASSERT_FALSE(native.images.empty());
  EXPECT_EQ(scanned.rejected, native.rejected);
  for (std::size_t i = 0; i < native.images.size(); ++i) {
    const riscv::VdsoImage& want = native.images[i];
    const ExtractedImage& got = *scanned.images[i];
    EXPECT_EQ(got.Sha256(), want.sha256) << i;
    EXPECT_EQ(got.Extent(), want.elf.extent) << i;
    EXPECT_EQ(got.Bytes().size(), want.bytes.size()) << i;
    EXPECT_EQ(got.SourceOffset(), want.source_offset) << i;
    EXPECT_EQ(got.VvarPages(), want.vvar_pages) << i;
    EXPECT_EQ(got.GenerationReason(), want.generation_reason) << i;
    const std::vector<ImageSymbol> exported = got.ExportedSymbols();
    EXPECT_EQ(exported, NativeExports(want)) << i;
    for (const ImageSymbol& symbol : exported) {
      const auto found = got.FindExportedSymbol(symbol.name);
      ASSERT_TRUE(found) << symbol.name;
      EXPECT_EQ(found->value, want.elf.FindSymbol(symbol.name)->value) << symbol.name;
    }
    EXPECT_FALSE(got.FindExportedSymbol("no_such_symbol"));
    const auto alone = Riscv64().Images().Analyze(got.Bytes(), got.SourceOffset());
    EXPECT_EQ(alone->ExportedSymbols(), exported) << i;
    EXPECT_EQ(alone->Sha256(), want.sha256) << i;
  }
}

// The fields of one call's result that the differential fuzzer compares.
void ExpectSameResult(const EntryCallResult& got, const riscv::CallResult& want, int call) {
  const CallOutcome outcome =
      want.outcome == riscv::protocol::Outcome::kReturned ? CallOutcome::kReturned
      : want.outcome == riscv::protocol::Outcome::kFault  ? CallOutcome::kFault
                                                          : CallOutcome::kHang;
  EXPECT_EQ(got.outcome, outcome) << call << ": " << got.description;
  EXPECT_EQ(got.return_value, want.return_value) << call;
  EXPECT_EQ(got.counter_reads, want.counter_reads) << call;
  EXPECT_EQ(got.buffers, want.buffers) << call;
  // A hang's description counts the pauses until the watchdog: a matter of timing.
  if (got.outcome != CallOutcome::kHang) {
    EXPECT_EQ(got.description, want.Describe()) << call;
  }
  ASSERT_EQ(got.syscalls.size(), want.ecalls.size()) << call;
  for (std::size_t i = 0; i < want.ecalls.size(); ++i) {
    EXPECT_EQ(got.syscalls[i].number, want.ecalls[i].number) << call;
    EXPECT_EQ(got.syscalls[i].args[0], want.ecalls[i].args[0]) << call;
  }
}

// One batch as the differential harness sends it: a whole vvar, then writes on the session's
// vvar; a call that answers, one that falls back, one that hangs (odd seq).
TEST(Riscv64ImageJobs, ACallBatchAnswersAsTheExecutorsRun) {
  const std::string kernel = vdsoconf::testing::TestKernelPath();
  ASSERT_FALSE(kernel.empty());
  ExtractedImages extracted = Riscv64().Images().Extract(kernel);
  const ExtractedImage* plain = nullptr;
  for (const auto& image : extracted.images) {
    if (!image->IsCfiBuild() && plain == nullptr) plain = image.get();
  }
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(Riscv64().Executor().CounterClockMode(), ref::riscv::kClockModeArchtimer);
  const riscv::ScanResult native_scan = riscv::ExtractVdsoImages(kernel);
  const riscv::VdsoImage* native = nullptr;
  for (const auto& image : native_scan.images) {
    if (!image.cfi.IsCfiBuild() && native == nullptr) native = &image;
  }
  ASSERT_NE(native, nullptr);

  Vvar72 vvar;
  vvar.SetClock(Vvar72::kCsHres, 0x30a, ref::riscv::kClockModeArchtimer, 0x1000, ~0ull, 0x64000000,
                24);
  vvar.SetBasetime(Vvar72::kCsHres, 1, 7, 0);
  const std::vector<std::uint8_t> bytes = vvar.bytes();
  const std::uint32_t seq = Vvar72::SeqOffset(Vvar72::kCsHres);

  const std::unique_ptr<ImageSession> session = Riscv64().Executor().Start(*plain);
  riscv::VdsoExecutor executor(*native, static_cast<std::uint32_t>(*native->vvar_pages));
  EntryCall calls[4];
  calls[0].entry_offset = session->EntryOffset("__vdso_clock_gettime");
  calls[0].args = {CallArgument::Value(1), CallArgument::OutputBuffer(16)};
  calls[0].vvar = bytes;
  calls[0].counter_values = {0x2000};
  calls[1] = calls[0];
  calls[1].vvar.clear();
  calls[1].args[0] = CallArgument::Value(2);  // CLOCK_PROCESS_CPUTIME_ID: the syscall
  calls[1].syscall_return = -1234;
  calls[2] = calls[1];
  calls[2].args[0] = CallArgument::Value(1);
  calls[2].vvar_writes = {{seq, {0x0b, 0x03, 0, 0}}};  // odd: a writer that never finishes
  calls[2].watchdog = std::chrono::milliseconds(20);
  calls[3] = calls[0];
  calls[3].vvar.clear();
  calls[3].vvar_writes = {{seq, {0x0c, 0x03, 0, 0}}};
  std::vector<riscv::CallRequest> requests(4);
  for (int i = 0; i < 4; ++i) {
    requests[i].entry_offset = calls[i].entry_offset;
    for (const auto& arg : calls[i].args) {
      requests[i].args.push_back(arg.kind == CallArgument::Kind::kOutputBuffer
                                     ? riscv::Arg::OutputBuffer(arg.value)
                                     : riscv::Arg::Value(arg.value));
    }
    if (!calls[i].vvar.empty()) requests[i].vvar_full = calls[i].vvar;
    for (const auto& write : calls[i].vvar_writes) {
      requests[i].vvar_writes.push_back({write.offset, write.bytes});
    }
    requests[i].counter_values = calls[i].counter_values;
    requests[i].syscall_return = calls[i].syscall_return;
    requests[i].watchdog = calls[i].watchdog;
  }
  const std::vector<EntryCallResult> got = session->CallBatch(calls);
  const std::vector<riscv::CallResult> want = executor.Run(requests);
  ASSERT_EQ(got.size(), 4u);
  ASSERT_EQ(want.size(), 4u);
  EXPECT_EQ(got[0].outcome, CallOutcome::kReturned) << got[0].description;
  EXPECT_EQ(got[1].syscalls.size(), 1u) << got[1].description;
  EXPECT_EQ(got[2].outcome, CallOutcome::kHang) << got[2].description;
  EXPECT_EQ(got[3].outcome, CallOutcome::kReturned) << got[3].description;
  for (int i = 0; i < 4; ++i)
    ExpectSameResult(got[static_cast<std::size_t>(i)], want[static_cast<std::size_t>(i)], i);
}

}  // namespace
}  // namespace vdsoconf::targets
