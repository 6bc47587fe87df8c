#include "vdsoconf/fuzz/differential/harness.h"

#include <cstdlib>
#include <optional>
#include <sstream>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/fuzz/fuzzed_target.h"
#include "vdsoconf/fuzz/model_feedback.h"
#include "vdsoconf/fuzz/model_invariants.h"
#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/reference/overflow.h"
#include "vdsoconf/reference/vvar_codec.h"

namespace vdsoconf::fuzz {
namespace {

using namespace std::chrono_literals;
using Arg = targets::CallArgument;
using targets::CallOutcome;
using targets::EntryCall;
using targets::EntryCallResult;

// A call the model says spins only has to outlast a few thousand reader loops to show it; one
// the model says returns gets far more than it needs, and a hang is re-run with kConfirmWatchdog
// before it counts, so a busy machine does not make findings.
constexpr auto kSpinWatchdog = 5ms;
constexpr auto kReturnWatchdog = 100ms;
// kSlowDivisionIterations and more: a hang is the expected answer, so the watchdog only has to
// let a fast (wrong) answer through.
constexpr auto kSlowWatchdog = 2ms;
constexpr auto kConfirmWatchdog = 3000ms;

std::uint64_t SignExtended(std::int32_t value) {
  return static_cast<std::uint64_t>(static_cast<std::int64_t>(value));
}

std::chrono::milliseconds WatchdogFor(ref::Outcome outcome, std::uint64_t division_iterations) {
  if (outcome == ref::Outcome::kWouldSpin) return kSpinWatchdog;
  if (division_iterations >= kSlowDivisionIterations) return kSlowWatchdog;
  return kReturnWatchdog;
}

// The runs of bytes where `now` differs from `before` (same size), runs closer than kJoinGap
// merged: what the executor needs to turn its baseline into `now`.
std::vector<targets::VvarWrite> Difference(std::span<const std::uint8_t> before,
                                           std::span<const std::uint8_t> now) {
  constexpr std::size_t kJoinGap = 16;
  std::vector<targets::VvarWrite> writes;
  std::size_t i = 0;
  while (i < now.size()) {
    if (before[i] == now[i]) {
      ++i;
      continue;
    }
    std::size_t end = i + 1, same = 0;
    for (std::size_t j = i + 1; j < now.size() && same < kJoinGap; ++j) {
      if (before[j] == now[j]) {
        ++same;
      } else {
        same = 0;
        end = j + 1;
      }
    }
    writes.push_back({static_cast<std::uint32_t>(i),
                      {now.begin() + static_cast<long>(i), now.begin() + static_cast<long>(end)}});
    i = end;
  }
  return writes;
}

std::vector<std::uint8_t> EncodeState(const ref::VvarState& state) {
  auto bytes = ref::EncodeVvar(state);
  if (!bytes.ok()) throw InfraError("cannot encode the model's vvar state: " + bytes.error());
  return std::move(bytes).value();
}

// The model's three answers for an input, with an idle writer on the state before the writer.
struct ModelAnswers {
  ref::ClockResult gettime;
  ref::ClockResult getres;
  ref::GettimeofdayResult gettimeofday;
};

ModelAnswers AskModel(const ModelInput& input, const ref::VvarState& state) {
  const ref::ReaderPolicy policy = PolicyOf(input);
  ModelAnswers answers;
  ref::StaticSource gettime_source(state, input.counter);
  answers.gettime = ref::ClockGettime(gettime_source, input.clock_id, policy);
  ref::StaticSource getres_source(state, input.counter);
  answers.getres = ref::ClockGetres(getres_source, input.clock_id, input.out_present, policy);
  ref::StaticSource gettimeofday_source(state, input.counter);
  answers.gettimeofday =
      ref::Gettimeofday(gettimeofday_source, input.out_present, input.tz_present, policy);
  return answers;
}

}  // namespace

std::string DescribeImageConfig(const ImageConfig& config) {
  std::ostringstream text;
  text << "generation " << ref::GenerationName(config.generation) << ", HZ " << config.hz
       << (config.hz_probed ? " (probed)" : " (not probed: getres answered no TICK_NSEC)")
       << ", aux clocks " << (config.posix_aux_clocks ? "on" : "off") << ", time namespaces "
       << (config.time_namespaces ? "on" : "off") << ", "
       << (config.overflow_protect ? "overflow protection" : "no overflow protection");
  return text.str();
}

DifferentialHarness::DifferentialHarness(std::filesystem::path path,
                                         std::unique_ptr<targets::ExtractedImage> image)
    : path_(std::move(path)), image_(std::move(image)) {}

std::unique_ptr<DifferentialHarness> DifferentialHarness::Open(targets::Target& target,
                                                               const std::filesystem::path& path,
                                                               int index) {
  targets::ExtractedImages scan = target.Images().Extract(path);
  std::size_t chosen = scan.images.size();
  if (index >= 0) {
    chosen = static_cast<std::size_t>(index);
  } else {
    for (std::size_t i = 0; i < scan.images.size() && chosen == scan.images.size(); ++i) {
      if (!scan.images[i]->IsCfiBuild()) chosen = i;
    }
  }
  if (chosen >= scan.images.size()) {
    throw InfraError(path.string() + " has " + std::to_string(scan.images.size()) +
                     " vDSO image(s); " +
                     (index >= 0 ? "image " + std::to_string(index) + " does not exist"
                                 : std::string("none of them is a plain (non-CFI) build")));
  }
  const targets::ExtractedImage& image = *scan.images[chosen];
  const std::optional<ref::Generation> generation = ref::ParseGeneration(image.Generation());
  if (!generation) {
    throw InfraError("cannot tell the vvar generation of image " + std::to_string(chosen) + " of " +
                     path.string() + ": " + image.GenerationReason());
  }
  const std::optional<std::uint64_t> vvar_pages = image.VvarPages();
  if (!vvar_pages) {
    throw InfraError("image " + std::to_string(chosen) + " of " + path.string() +
                     " makes no reference to its vvar pages");
  }
  const auto layout = ref::FindLayout({*generation, false});
  if (!layout.ok() || layout.value()->page_count != *vvar_pages) {
    throw InfraError("image of " + path.string() + " maps " + std::to_string(*vvar_pages) +
                     " vvar page(s), but generation " +
                     std::string(ref::GenerationName(*generation)) + " has " +
                     (layout.ok() ? std::to_string(layout.value()->page_count) : "no layout"));
  }
  std::unique_ptr<DifferentialHarness> harness(
      new DifferentialHarness(path, std::move(scan.images[chosen])));
  harness->config_.generation = *generation;
  harness->counter_clock_mode_ = target.Executor().CounterClockMode();
  harness->session_ = target.Executor().Start(*harness->image_);
  harness->gettime_entry_ = harness->session_->EntryOffset("__vdso_clock_gettime");
  harness->getres_entry_ = harness->session_->EntryOffset("__vdso_clock_getres");
  harness->gettimeofday_entry_ = harness->session_->EntryOffset("__vdso_gettimeofday");
  harness->ProbeConfig();
  return harness;
}

std::unique_ptr<DifferentialHarness> DifferentialHarness::FromEnvironment() {
  const char* path = std::getenv("VDSOCONF_FUZZ_IMAGE");
  if (path == nullptr || *path == '\0') {
    throw InfraError(
        "VDSOCONF_FUZZ_IMAGE is not set: point it at a kernel or vdso.so of the fuzzed "
        "architecture (`vdsoconf fuzz --target differential --kernel SPEC | --image PATH` sets "
        "it)");
  }
  int index = -1;
  if (const char* text = std::getenv("VDSOCONF_FUZZ_IMAGE_INDEX"); text && *text) {
    index = std::atoi(text);
  }
  return Open(FuzzedTarget(), path, index);
}

std::vector<EntryCallResult> DifferentialHarness::RunBatch(std::span<const EntryCall> calls) {
  calls_ += calls.size();
  return session_->CallBatch(calls);
}

// Each probe asks the image one question whose answer depends on one build option only, on a
// state the model builds (so the bytes are in the generation's layout).
void DifferentialHarness::ProbeConfig() {
  ModelInput probe;
  probe.generation = config_.generation;
  probe.clock_id = ref::kClockMonotonicCoarse;
  ModelStates states;
  states.Build(probe);
  EntryCall getres;
  getres.entry_offset = getres_entry_;
  getres.args = {Arg::Value(SignExtended(probe.clock_id)), Arg::OutputBuffer(16)};
  getres.vvar = EncodeState(states.before());
  getres.syscall_return = kSyscallReturn;
  const EntryCallResult res = RunBatch({&getres, 1}).front();
  if (res.outcome == CallOutcome::kReturned && res.syscalls.empty() && res.buffers.size() == 1 &&
      res.buffers[0].size() == 16) {
    std::uint64_t nsec = 0;
    for (int i = 7; i >= 0; --i) nsec = nsec << 8 | res.buffers[0][8 + static_cast<std::size_t>(i)];
    for (std::uint32_t hz : kHzChoices) {
      if (ref::TickNsec(hz) == nsec) {
        config_.hz = hz;
        config_.hz_probed = true;
      }
    }
  }

  // Time namespaces: page 0 a namespace page, page 1 a clock read from the counter.
  probe = ModelInput{};
  probe.generation = config_.generation;
  probe.clock_id = ref::kClockMonotonic;
  probe.in_timens = true;
  probe.ns = {.seq = 1, .clock_mode = ref::kClockModeTimens};
  probe.hres = {.clock_mode = counter_clock_mode_, .mask = ~std::uint64_t{0}, .mult = 1};
  states.Build(probe);
  EntryCall gettime;
  gettime.entry_offset = gettime_entry_;
  gettime.args = {Arg::Value(SignExtended(probe.clock_id)), Arg::OutputBuffer(16)};
  gettime.vvar = EncodeState(states.before());
  gettime.syscall_return = kSyscallReturn;
  gettime.watchdog = 200ms;
  config_.time_namespaces = RunBatch({&gettime, 1}).front().outcome == CallOutcome::kReturned;

  if (config_.generation != ref::Generation::kLinux7_2) return;
  probe = ModelInput{};
  probe.generation = config_.generation;
  probe.posix_aux_clocks = true;
  probe.clock_id = ref::kClockAux;
  probe.other = {.clock_mode = counter_clock_mode_, .mask = ~std::uint64_t{0}, .mult = 1};
  states.Build(probe);
  gettime.args = {Arg::Value(SignExtended(probe.clock_id)), Arg::OutputBuffer(16)};
  gettime.vvar = EncodeState(states.before());
  const EntryCallResult aux = RunBatch({&gettime, 1}).front();
  config_.posix_aux_clocks = aux.outcome == CallOutcome::kReturned && aux.syscalls.empty();
}

ModelInput DifferentialHarness::Adapt(ModelInput input) const {
  input.generation = config_.generation;
  input.overflow_protect = config_.overflow_protect;
  input.hz = config_.hz;
  input.posix_aux_clocks = config_.posix_aux_clocks;
  input.time_namespaces = config_.time_namespaces;
  if (!input.overflow_protect) {
    // The layout has no max_cycles field: the image cannot see one, so neither may the model.
    input.hres.max_cycles = input.other.max_cycles = input.ns.max_cycles = 0;
  }
  return input;
}

std::optional<Disagreement> DifferentialHarness::Check(const ModelInput& input) {
  states_.Build(input);
  const ModelAnswers model = AskModel(input, states_.before());
  // The reader has no coverage counters in the fuzz build (fuzz/coverage_ignorelist.txt): its
  // behaviour on the three calls is this fuzzer's feedback on the model side.
  BehaviourLog behaviour;
  behaviour.Note(input, 0, model.gettime);
  behaviour.Note(input, 1, model.getres);
  behaviour.Note(input, 2, model.gettimeofday);
  ReportBehaviour(behaviour);

  EntryCall calls[3];
  calls[0].entry_offset = gettime_entry_;
  calls[0].args = {Arg::Value(SignExtended(input.clock_id)), Arg::OutputBuffer(16)};
  // Only the bytes that changed since the last input go to the executor: its baseline persists
  // (and survives restarts), and a state differs from the previous one in a few fields.
  std::vector<std::uint8_t> vvar = EncodeState(states_.before());
  if (vvar_.size() == vvar.size()) {
    calls[0].vvar_writes = Difference(vvar_, vvar);
  } else {
    calls[0].vvar = vvar;
  }
  vvar_ = std::move(vvar);
  calls[0].watchdog = WatchdogFor(model.gettime.outcome, model.gettime.stats.division_iterations);
  calls[1].entry_offset = getres_entry_;
  calls[1].args = {Arg::Value(SignExtended(input.clock_id)),
                   input.out_present ? Arg::OutputBuffer(16) : Arg::Value(0)};
  calls[1].watchdog = WatchdogFor(model.getres.outcome, 0);
  calls[2].entry_offset = gettimeofday_entry_;
  calls[2].args = {input.out_present ? Arg::OutputBuffer(16) : Arg::Value(0),
                   input.tz_present ? Arg::OutputBuffer(8) : Arg::Value(0)};
  calls[2].watchdog =
      WatchdogFor(model.gettimeofday.outcome, model.gettimeofday.stats.division_iterations);
  for (EntryCall& call : calls) {
    call.counter_values = {input.counter};
    call.syscall_return = kSyscallReturn;
  }
  std::vector<EntryCallResult> results = RunBatch(calls);
  // A hang the model does not predict is re-run alone with a long watchdog: only a hang that
  // survives it is the image's.
  for (std::size_t i = 0; i < results.size(); ++i) {
    const bool model_spins = i == 0   ? model.gettime.outcome == ref::Outcome::kWouldSpin
                             : i == 1 ? model.getres.outcome == ref::Outcome::kWouldSpin
                                      : model.gettimeofday.outcome == ref::Outcome::kWouldSpin;
    if (results[i].outcome == CallOutcome::kHang && !model_spins &&
        calls[i].watchdog == kReturnWatchdog) {
      EntryCall again = calls[i];
      again.vvar.clear();  // the session's vvar already holds the input's state
      again.vvar_writes.clear();
      again.watchdog = kConfirmWatchdog;
      results[i] = RunBatch({&again, 1}).front();
    }
  }

  std::optional<Disagreement> found = CompareClockCall(
      ClockEntry::kClockGettime, input.clock_id, true, model.gettime, results[0], kSyscallReturn);
  if (!found) {
    found = CompareClockCall(ClockEntry::kClockGetres, input.clock_id, input.out_present,
                             model.getres, results[1], kSyscallReturn);
  }
  if (!found) {
    found = CompareGettimeofday(input.out_present, input.tz_present, model.gettimeofday, results[2],
                                kSyscallReturn);
  }
  if (!found) return std::nullopt;
  found->details += " | clock id " + std::to_string(input.clock_id) + ", counter " +
                    std::to_string(input.counter) + ", image " + image_->Sha256().substr(0, 16);
  // The model is the suspect when it breaks its own rules on this very input.
  if (auto violation = CheckModelInput(input, states_)) {
    found->kind = "model-bug";
    found->details +=
        " | model invariant " + std::string(violation->rule) + ": " + violation->details;
  }
  return found;
}

std::optional<Disagreement> DifferentialHarness::DocumentedBehaviour(
    const ModelInput& input) const {
  if (input.overflow_protect) return std::nullopt;
  const ref::ClockIdClass id_class = ref::ClassifyClockId(input.generation, input.clock_id);
  const ClockFields* clock = nullptr;
  if (id_class == ref::ClockIdClass::kHres) clock = &input.hres;
  if (id_class == ref::ClockIdClass::kRaw || id_class == ref::ClockIdClass::kAux) {
    clock = &input.other;
  }
  if (clock == nullptr || clock->clock_mode != counter_clock_mode_ || clock->seq % 2 != 0) {
    return std::nullopt;
  }
  const ref::OverflowHorizon horizon =
      ref::ComputeOverflowHorizon(clock->mult, clock->shift, clock->base_nsec, clock->mask);
  const std::uint64_t delta = (input.counter - clock->cycle_last) & clock->mask;
  if (!horizon.reachable || delta < horizon.first_wrapping_delta) return std::nullopt;
  std::ostringstream details;
  details << "clock " << ref::ClockIdName(input.clock_id) << " delta " << delta
          << " >= first wrapping delta " << horizon.first_wrapping_delta << " (mult " << clock->mult
          << ", shift " << clock->shift << ", base " << clock->base_nsec << ", mask 0x" << std::hex
          << clock->mask << std::dec << "); last exact delta " << horizon.last_exact_delta
          << " gives " << horizon.last_exact_ns << " ns; no max_cycles (no overflow protection)";
  return Disagreement{"documented", "wrap-beyond-overflow-horizon", details.str()};
}

}  // namespace vdsoconf::fuzz
