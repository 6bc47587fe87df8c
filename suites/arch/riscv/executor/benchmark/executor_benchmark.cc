// Throughput of the executor against a bare loop of the same entry point, in one run.
//
//   executor_benchmark [--kernel PATH] [--calls N] [--rounds R] [--check RATIO]
//
// Every side calls __vdso_clock_gettime(CLOCK_MONOTONIC, &ts) of the same image with the same
// vvar state (vvar72.h: encoded by the reference codec; 1 ns per tick, so the real rdtime in the
// bare loop gives small deltas):
//   bare loop      the unpatched image in a plain loop inside the executor process, QEMU's real
//                  rdtime, nothing checked (the reference the goal is stated against);
//   checked sweep  one RunCheckedSweep of N runs (pipelined requests of 4096): the counter
//                  controlled (base + i * step), every run compared
//                  in the guest with the reference model's answer (return value, counter reads,
//                  ecalls, all 16 bytes of ts); host wall time, protocol included;
//   batch, sweep   Run and RunCounterSweep, whose every result comes back to the host (shown for
//                  comparison, not gated).
// The model's answers are computed once per distinct run before the timing; their cost per call
// is printed separately. Each side is measured R times (default 5), alternating, and the best of
// each is compared, so a burst of load on the shared machine does not decide the ratio.
// With --check, exits 1 when checked-sweep calls/s < RATIO * bare-loop calls/s.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>

#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/reference/riscv/riscv64_model.h"
#include "vdsoconf/riscv/executor/executor.h"
#include "vdsoconf/riscv/image/kernel_scan.h"
#include "vvar72.h"

namespace {

using namespace vdsoconf::riscv;
namespace ref = vdsoconf::ref;
using vdsoconf::testing::Vvar72;

constexpr std::uint64_t kCycleLast = 1000;
constexpr std::size_t kBatchSize = 4000;

// Seconds per call of `body` run until `calls` calls are done (body returns how many it did).
double NsPerCall(std::uint64_t calls, const std::function<std::uint64_t()>& body) {
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t done = 0;
  while (done < calls) done += body();
  return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start)
             .count() /
         static_cast<double>(done);
}

// A 7.2 vvar (Debian's 7.2.13 layout) with CLOCK_MONOTONIC at 1 ns per tick.
Vvar72 BenchmarkVvar() {
  Vvar72 vvar;
  vvar.SetClock(Vvar72::kCsHres, 2, ref::riscv::kClockModeArchtimer, kCycleLast, ~0ull, 1u << 24,
                24);
  vvar.SetBasetime(Vvar72::kCsHres, ref::kClockMonotonic, 100, 0);
  return vvar;
}

}  // namespace

int main(int argc, char** argv) {
  std::string kernel =
      std::getenv("VDSOCONF_TEST_KERNEL") ? std::getenv("VDSOCONF_TEST_KERNEL") : "";
  std::uint64_t calls = 200000;
  int rounds = 5;
  double check = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--kernel")) kernel = argv[i + 1];
    if (!std::strcmp(argv[i], "--calls")) calls = std::strtoull(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--rounds")) rounds = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--check")) check = std::strtod(argv[i + 1], nullptr);
  }
  if (kernel.empty()) {
    std::fprintf(stderr,
                 "executor_benchmark: set VDSOCONF_TEST_KERNEL or --kernel to a RISC-V kernel\n");
    return 2;
  }
  if (calls == 0 || rounds < 1 || rounds > 100) {
    std::fprintf(stderr, "executor_benchmark: --calls must be > 0, --rounds 1..100\n");
    return 2;
  }
  try {
    const ScanResult scan = ExtractVdsoImages(kernel);
    const VdsoImage& image = scan.images.at(0);
    VdsoExecutor executor(image, static_cast<std::uint32_t>(image.vvar_pages.value_or(4)));
    const Vvar72 vvar = BenchmarkVvar();
    const ref::VvarState& state = vvar.state;
    const std::uint64_t entry = executor.EntryOffset("__vdso_clock_gettime");

    CallRequest call;
    call.entry_offset = entry;
    call.args = {Arg::Value(ref::kClockMonotonic), Arg::OutputBuffer(16)};
    call.counter_values = {kCycleLast + 500};
    CallRequest first = call;
    first.vvar_full = vvar.bytes();
    executor.Run(first);

    const CounterRamp ramp{kCycleLast + 500, 1};
    ExpectedAnswers expected(call);
    const double model_ns = NsPerCall(calls, [&] {
      for (std::uint64_t i = 0; i < calls; ++i) {
        const ref::ClockResult model = ref::ClockGettime(state, ref::kClockMonotonic, ramp.At(i));
        if (model.outcome != ref::Outcome::kReturned) {
          throw std::runtime_error("the model does not return for the benchmark state");
        }
        std::uint8_t ts[16];
        std::memcpy(ts, &model.ts.tv_sec, 8);
        std::memcpy(ts + 8, &model.ts.tv_nsec, 8);
        expected.Add(0, ts, 0, model.stats.counter_reads);
      }
      return calls;
    });

    std::vector<CallRequest> batch(kBatchSize, call);
    std::vector<std::uint64_t> sweep(kBatchSize);
    for (std::size_t i = 0; i < sweep.size(); ++i) sweep[i] = ramp.At(i);

    double bare_ns = 1e300, patched_ns = 1e300, checked_ns = 1e300, batch_ns = 1e300,
           sweep_ns = 1e300;
    std::size_t failures = 0;
    for (int round = 0; round < rounds; ++round) {
      // The guest stamps cycle_last with the real rdtime: small deltas in the bare loop.
      const std::uint32_t cycle_last_offset[] = {Vvar72::CycleLastOffset(Vvar72::kCsHres)};
      const BareLoopResult bare = executor.BareLoop(entry, 1, calls, cycle_last_offset);
      bare_ns = std::min(bare_ns, bare.bare_ns_per_call);
      patched_ns = std::min(patched_ns, bare.patched_ns_per_call);

      checked_ns = std::min(checked_ns, NsPerCall(calls, [&] {
                              const auto result = executor.RunCheckedSweep(call, ramp, expected);
                              failures += result.mismatches.size();
                              if (!result.passed()) {
                                const auto& m = result.mismatches.front();
                                std::fprintf(stderr, "run %u (counter %llu) differs: %s\n", m.run,
                                             static_cast<unsigned long long>(m.counter),
                                             m.actual.Describe().c_str());
                              }
                              return result.runs;
                            }));

      batch_ns = std::min(batch_ns, NsPerCall(calls, [&] {
                            for (const auto& r : executor.Run(batch)) {
                              failures += r.outcome != protocol::Outcome::kReturned;
                            }
                            return batch.size();
                          }));

      sweep_ns = std::min(sweep_ns, NsPerCall(calls, [&] {
                            for (const auto& r : executor.RunCounterSweep(call, sweep)) {
                              failures += r.outcome != protocol::Outcome::kReturned;
                            }
                            return sweep.size();
                          }));
    }
    if (failures != 0) {
      std::fprintf(stderr, "executor_benchmark: %zu call(s) did not match the model\n", failures);
      return 2;
    }
    const double ratio = bare_ns / checked_ns;
    std::printf("best of %d alternating rounds of %llu calls each\n", rounds,
                static_cast<unsigned long long>(calls));
    std::printf("bare loop (unpatched image, real rdtime):    %8.1f ns/call  %10.0f calls/s\n",
                bare_ns, 1e9 / bare_ns);
    std::printf("patched image, in-guest loop (no protocol):  %8.1f ns/call  %10.0f calls/s\n",
                patched_ns, 1e9 / patched_ns);
    std::printf("executor, checked sweep (gated):             %8.1f ns/call  %10.0f calls/s\n",
                checked_ns, 1e9 / checked_ns);
    std::printf("executor, batches of %zu via protocol:       %8.1f ns/call  %10.0f calls/s\n",
                kBatchSize, batch_ns, 1e9 / batch_ns);
    std::printf("executor, counter sweeps of %zu:              %8.1f ns/call  %10.0f calls/s\n",
                kBatchSize, sweep_ns, 1e9 / sweep_ns);
    std::printf("reference model on the host (expected answers): %.1f ns/call\n", model_ns);
    std::printf("ratio executor/bare (calls/s): checked sweep %.3f, batch %.3f, sweep %.3f\n",
                ratio, bare_ns / batch_ns, bare_ns / sweep_ns);
    if (check > 0 && ratio < check) {
      std::fprintf(stderr, "checked-sweep throughput %.3f of the bare loop, below %.3f\n", ratio,
                   check);
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "executor_benchmark: %s\n", e.what());
    return 2;
  }
}
