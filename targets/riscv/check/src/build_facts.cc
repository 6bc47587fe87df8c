// BuildFacts: the image's layout from its bytes, the option defaults, and the aux-clock probe.
#include "vdsoconf/riscv/check/build_facts.h"

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/reference/layout.h"
#include "vdsoconf/reference/riscv/riscv64_model.h"
#include "vdsoconf/reference/timekeeper_writer.h"
#include "vdsoconf/reference/vvar_codec.h"
#include "vdsoconf/riscv/executor/executor.h"

namespace vdsoconf::riscv::check {

BuildFacts FactsFromImage(const VdsoImage& image) {
  if (!image.generation) {
    throw InfraError("cannot tell the vvar layout generation of the image: " +
                     (image.generation_reason.empty() ? std::string("no reason recorded")
                                                      : image.generation_reason));
  }
  BuildFacts facts;
  facts.layout = {*image.generation, /*overflow_protect=*/false};
  facts.policy = ref::ReaderPolicy::For(facts.layout);
  facts.reasons.push_back("generation " + std::string(ref::GenerationName(*image.generation)) +
                          ": " + image.generation_reason);
  facts.reasons.push_back(
      "no overflow protection: CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT is selected by x86 only");
  facts.reasons.push_back("CONFIG_TIME_NS assumed on (Debian and vdsoconf's source builds)");
  facts.reasons.push_back("CONFIG_HZ assumed 250 (clock_getres of coarse clocks: 4000000 ns)");
  facts.reasons.push_back("CONFIG_SMP assumed on (flush_icache issues the syscall)");

  const auto layout = ref::FindLayout(facts.layout);
  if (!layout.ok()) throw InfraError("no reference layout: " + layout.error());
  if (image.vvar_pages && *image.vvar_pages != layout.value()->page_count) {
    throw InfraError("the image maps " + std::to_string(*image.vvar_pages) +
                     " vvar pages but layout " + ref::LayoutVariantName(facts.layout) + " has " +
                     std::to_string(layout.value()->page_count));
  }
  return facts;
}

namespace {

constexpr std::uint64_t kCycleLast = 1'000'000;
constexpr std::uint64_t kProbeCounter = kCycleLast + 5'000;

// A 7.2 page with aux clock 0 enabled and valid: a vDSO with CONFIG_POSIX_AUX_CLOCKS answers
// CLOCK_AUX from it without an ecall.
ref::VvarState AuxEnabledState(ref::LayoutVariant layout) {
  ref::VvarState state;
  state.layout = layout;
  ref::Timekeeper tk;
  tk.clock_mode = ref::riscv::kClockModeArchtimer;
  tk.tkr_mono = {kCycleLast, ~0ull, 0x64000000, 24, 0, 0};
  tk.tkr_raw = tk.tkr_mono;
  tk.xtime_sec = 1'764'000'000;
  ref::UpdateVsyscall(layout, tk, state.time);
  ref::AuxTimekeeper aux;
  aux.clock_valid = true;
  aux.clock_mode = ref::riscv::kClockModeArchtimer;
  aux.tkr_mono = tk.tkr_mono;
  aux.xtime_sec = tk.xtime_sec;
  aux.monotonic_to_aux = {-1'000'000, 0};
  ref::VdsoTimeUpdateAux(layout, 0, aux, state.time);
  return state;
}

}  // namespace

void ProbeAuxClocks(VdsoExecutor& executor, const VdsoImage& image, BuildFacts& facts) {
  if (facts.layout.generation != ref::Generation::kLinux7_2) return;
  std::optional<std::uint64_t> entry;
  for (const auto& symbol : image.ExportedSymbols()) {
    if (symbol.name == "__vdso_clock_gettime") entry = symbol.value;
  }
  if (!entry) return;
  const auto bytes = ref::EncodeVvar(AuxEnabledState(facts.layout));
  if (!bytes.ok()) throw InfraError("aux probe state does not encode: " + bytes.error());
  CallRequest call;
  call.entry_offset = *entry;
  call.args = {Arg::Value(ref::kClockAux), Arg::OutputBuffer(16)};
  call.vvar_full = bytes.value();
  call.counter_values = {kProbeCounter};
  const CallResult result = executor.Run(call);
  const bool answered_itself =
      result.outcome == protocol::Outcome::kReturned && result.ecalls.empty();
  facts.policy.posix_aux_clocks = answered_itself;
  facts.reasons.push_back(
      answered_itself
          ? "CONFIG_POSIX_AUX_CLOCKS on: CLOCK_AUX answered from an enabled aux clock without an "
            "ecall"
          : "CONFIG_POSIX_AUX_CLOCKS off: CLOCK_AUX with an enabled aux clock went to the "
            "syscall (" +
                result.Describe() + ")");
}

}  // namespace vdsoconf::riscv::check
