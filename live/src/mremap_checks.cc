#include "vdsoconf/live/mremap_checks.h"

#include <algorithm>
#include <sstream>

#include "vdsoconf/live/check_builders.h"

namespace vdsoconf::live {
namespace {

constexpr int kSigsegv = 11;
constexpr const char* kProbe = "vdso.mremap";

// The entry points that read [vvar]: the ones a misplaced data page breaks. Of the generic
// vDSO's, all but getcpu; of the architecture's own, those its OwnEntryChecks say.
bool ReadsVvar(const std::string& entry, const ArchTruths& arch) {
  if (entry == "clock_gettime" || entry == "clock_getres" || entry == "gettimeofday" ||
      entry == "getrandom") {
    return true;
  }
  const LiveEntry* live_entry = FindLiveEntry(arch, entry);
  return live_entry != nullptr && live_entry->own != nullptr && live_entry->own->reads_vvar;
}

bool HasFlag(const std::string& vm_flags, const std::string& flag) {
  std::istringstream words(vm_flags);
  std::string word;
  while (words >> word) {
    if (word == flag) return true;
  }
  return false;
}

std::string Describe(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text.empty() ? "none" : text;
}

void ReadStep(const nlohmann::json& step, const std::string& path, std::uint64_t vdso_start,
              std::uint64_t vvar_start, std::uint64_t sysinfo_ehdr, MremapObservation& observed) {
  const std::string kind = Str(step, "step", path);
  if (kind == "remap") {
    observed.remap_errnos.push_back(static_cast<int>(I64(step, "errno", path)));
  } else if (kind == "maps") {
    observed.maps_seen = true;
    const nlohmann::json& vdso = Member(step, "vdso", path);
    const nlohmann::json& vvar = Member(step, "vvar", path);
    observed.vdso_present = !vdso.is_null();
    observed.vdso_moved = !vdso.is_null() && U64(vdso, "start", path + ".vdso") != vdso_start;
    observed.vvar_moved = !vvar.is_null() && U64(vvar, "start", path + ".vvar") != vvar_start;
    if (U64(step, "sysinfo_ehdr", path) != sysinfo_ehdr) observed.sysinfo_ehdr_unchanged = false;
  } else if (kind == "raising") {
    observed.raised = true;
  } else if (kind == "handler_ran") {
    observed.handler_ran = true;
  } else if (kind == "signal_returned") {
    observed.signal_returned = true;
  } else if (kind == "calling") {
    observed.pending_call = Str(step, "entry", path);
  } else if (kind == "call") {
    const std::string entry = Str(step, "entry", path);
    observed.calls_returned.push_back(entry);
    if (!MremapCallAgrees(step)) observed.calls_disagreed.push_back(entry);
    observed.pending_call.clear();
  } else if (kind == "resolve_failed" || kind == "reserve_failed") {
    observed.resolve_failed = true;
  } else if (kind == "forked_child_ended") {
    observed.forked_child_ended = true;
    observed.forked_child_exit_code = static_cast<int>(I64(step, "exit_code", path));
    observed.forked_child_signal = static_cast<int>(I64(step, "signal", path));
  }
}

void CompareSignal(ref::SignalOutcome expected, const MremapObservation& observed,
                   std::vector<std::string>& problems) {
  switch (expected) {
    case ref::SignalOutcome::kReturns:
      if (!observed.raised || !observed.handler_ran || !observed.signal_returned) {
        problems.push_back("signal: raised " + std::to_string(observed.raised) + ", handler ran " +
                           std::to_string(observed.handler_ran) + ", returned " +
                           std::to_string(observed.signal_returned) +
                           "; expected the handler to run and execution to resume");
      }
      return;
    case ref::SignalOutcome::kHandlerThenSegv:
      if (!observed.handler_ran || observed.signal_returned) {
        problems.push_back("signal: handler ran " + std::to_string(observed.handler_ran) +
                           ", returned " + std::to_string(observed.signal_returned) +
                           "; expected the handler to run and its return to fault");
      }
      return;
    case ref::SignalOutcome::kNotTried:
      return;
  }
}

void CompareEntries(ref::EntryOutcome expected, const MremapObservation& observed,
                    const ArchTruths& arch, std::vector<std::string>& problems) {
  if (observed.resolve_failed) problems.push_back("the scenario could not set up or resolve");
  switch (expected) {
    case ref::EntryOutcome::kWork:
      if (observed.calls_returned.empty()) problems.push_back("no entry point returned");
      if (!observed.pending_call.empty()) {
        problems.push_back("entry point " + observed.pending_call + " never returned");
      }
      if (!observed.calls_disagreed.empty()) {
        problems.push_back("entry points disagree with their syscalls: " +
                           Describe(observed.calls_disagreed));
      }
      return;
    case ref::EntryOutcome::kFault:
      if (!ReadsVvar(observed.pending_call, arch) || observed.signal != kSigsegv) {
        problems.push_back(
            "expected the first entry point that reads [vvar] to die of SIGSEGV; "
            "pending call '" +
            observed.pending_call + "', signal " + std::to_string(observed.signal) +
            ", returned: " + Describe(observed.calls_returned));
      }
      if (!observed.calls_disagreed.empty()) {
        problems.push_back("entry points disagree with their syscalls: " +
                           Describe(observed.calls_disagreed));
      }
      return;
    case ref::EntryOutcome::kNotTried:
      return;
  }
}

}  // namespace

bool MremapCallAgrees(const nlohmann::json& call) {
  const std::string path = "vdso.mremap call";
  const std::string entry = Str(call, "entry", path);
  const std::int64_t ret = I64(call, "ret", path);
  const std::int64_t syscall_ret = I64(call, "syscall_ret", path);
  if (entry == "clock_gettime" || entry == "gettimeofday") {
    const std::uint64_t value = U64(call, "value", path);
    return ret == 0 && U64(call, "before", path) <= value && value <= U64(call, "after", path);
  }
  if (entry == "getcpu") return ret == 0 && syscall_ret == 0;
  if (ret != syscall_ret) return false;
  if (call.contains("value") && call.contains("syscall_value")) {
    return I64(call, "value", path) == I64(call, "syscall_value", path);
  }
  return true;
}

MremapObservation ObserveMremapScenario(const nlohmann::json& scenario, std::uint64_t vdso_start,
                                        std::uint64_t vvar_start, std::uint64_t sysinfo_ehdr) {
  const std::string name = Str(scenario, "name", "vdso.mremap.data.scenarios[]");
  const std::string path = "vdso.mremap.data.scenarios[" + name + "]";
  MremapObservation observed;
  const nlohmann::json& steps = Member(scenario, "steps", path);
  if (!steps.is_array()) throw ProbeDataError(path + ".steps: expected an array");
  for (std::size_t i = 0; i < steps.size(); ++i) {
    ReadStep(steps[i], path + ".steps[" + std::to_string(i) + "]", vdso_start, vvar_start,
             sysinfo_ehdr, observed);
  }
  const nlohmann::json& termination = Member(scenario, "termination", path);
  const nlohmann::json& exit_code = Member(termination, "exit_code", path + ".termination");
  observed.exit_code = exit_code.is_number_integer() ? exit_code.get<int>() : -1;
  observed.signal = static_cast<int>(I64(termination, "signal", path + ".termination"));
  observed.timed_out = Bool(termination, "timed_out", path + ".termination");
  return observed;
}

std::vector<std::string> CompareMremapOutcome(ref::MremapScenario scenario,
                                              const ref::MremapExpectation& expected,
                                              const MremapObservation& observed,
                                              const ArchTruths& arch) {
  std::vector<std::string> problems;
  if (observed.timed_out) problems.push_back("the scenario's child timed out");
  if (observed.remap_errnos.empty()) problems.push_back("no remap step was reported");
  for (const int error : observed.remap_errnos) {
    if (error != expected.remap_errno) {
      problems.push_back("remap errno " + std::to_string(error) + ", expected " +
                         std::to_string(expected.remap_errno) + " (" +
                         std::string(expected.decided_by) + ")");
    }
  }
  if (!observed.maps_seen) {
    problems.push_back("no /proc/self/maps step after the remap");
  } else {
    const bool unmapping = scenario == ref::MremapScenario::kMunmapVdsoThenSignal;
    const bool vdso_expected_present = !unmapping || expected.remap_errno != 0;
    if (observed.vdso_present != vdso_expected_present) {
      problems.push_back(std::string("[vdso] ") + (observed.vdso_present ? "present" : "absent") +
                         " in maps after the step, expected " +
                         (vdso_expected_present ? "present" : "absent"));
    }
    if (observed.vdso_present && observed.vdso_moved != expected.vdso_moves) {
      problems.push_back(std::string("[vdso] ") + (observed.vdso_moved ? "moved" : "stayed") +
                         ", expected it to " + (expected.vdso_moves ? "move" : "stay"));
    }
    if (observed.vvar_moved != expected.vvar_moves) {
      problems.push_back(std::string("[vvar] ") + (observed.vvar_moved ? "moved" : "stayed") +
                         ", expected it to " + (expected.vvar_moves ? "move" : "stay"));
    }
    if (!observed.sysinfo_ehdr_unchanged) {
      problems.push_back("AT_SYSINFO_EHDR changed; the kernel never rewrites the auxiliary vector");
    }
  }
  CompareSignal(expected.signal, observed, problems);
  CompareEntries(expected.time_entries, observed, arch, problems);
  if (scenario == ref::MremapScenario::kForkAfterMove &&
      (!observed.forked_child_ended || observed.forked_child_exit_code != 0 ||
       observed.forked_child_signal != 0)) {
    problems.push_back("the child forked after the move did not exit 0 (exit " +
                       std::to_string(observed.forked_child_exit_code) + ", signal " +
                       std::to_string(observed.forked_child_signal) + ")");
  }
  const bool ended_as_expected = expected.termination_signal == 0
                                     ? observed.signal == 0 && observed.exit_code == 0
                                     : observed.signal == expected.termination_signal;
  if (!ended_as_expected) {
    problems.push_back("the child ended with exit " + std::to_string(observed.exit_code) +
                       ", signal " + std::to_string(observed.signal) + "; expected " +
                       (expected.termination_signal == 0
                            ? std::string("exit 0")
                            : "signal " + std::to_string(expected.termination_signal)));
  }
  return problems;
}

const std::vector<std::string>& MremapCheckIds() {
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> names;
    for (const ref::MremapScenario scenario : ref::AllMremapScenarios()) {
      names.push_back("vdso.mremap." + std::string(ref::MremapScenarioName(scenario)));
    }
    return names;
  }();
  return ids;
}

std::vector<reports::CheckResult> CheckMremapScenarios(const ProbeDocument* probe,
                                                       ref::Generation generation,
                                                       const ArchTruths& arch) {
  std::vector<reports::CheckResult> checks;
  if (probe == nullptr || probe->status != "ok") {
    for (const std::string& id : MremapCheckIds()) {
      checks.push_back(ProbeDidNotFinish(id, probe, kProbe));
    }
    return checks;
  }
  const nlohmann::json& data = probe->data;
  for (const ref::MremapScenario scenario : ref::AllMremapScenarios()) {
    const std::string name(ref::MremapScenarioName(scenario));
    const std::string id = "vdso.mremap." + name;
    try {
      const std::string path = "vdso.mremap.data";
      const std::uint64_t vdso_start = U64(Member(data, "vdso", path), "start", path + ".vdso");
      const std::uint64_t vvar_start = U64(Member(data, "vvar", path), "start", path + ".vvar");
      const bool sealed = HasFlag(Str(data, "vdso_vm_flags", path), "sl");
      const nlohmann::json& scenarios = Member(data, "scenarios", path);
      if (!scenarios.is_array()) throw ProbeDataError(path + ".scenarios: expected an array");
      const auto found = std::find_if(scenarios.begin(), scenarios.end(), [&](const auto& s) {
        return s.is_object() && s.contains("name") && s["name"] == name;
      });
      if (found == scenarios.end()) {
        checks.push_back(Error(id, "the probe did not run scenario " + name));
        continue;
      }
      const MremapObservation observed =
          ObserveMremapScenario(*found, vdso_start, vvar_start, U64(data, "sysinfo_ehdr", path));
      const ref::MremapExpectation expected =
          ref::ExpectedMremapOutcome(generation, scenario, sealed);
      const std::vector<std::string> problems =
          CompareMremapOutcome(scenario, expected, observed, arch);
      const nlohmann::json expectation = {{"generation", ref::GenerationName(generation)},
                                          {"sealed", sealed},
                                          {"remap_errno", expected.remap_errno},
                                          {"vdso_moves", expected.vdso_moves},
                                          {"vvar_moves", expected.vvar_moves},
                                          {"termination_signal", expected.termination_signal},
                                          {"decided_by", expected.decided_by}};
      const nlohmann::json evidence = {
          {"expected", expectation}, {"scenario", *found}, {"problems", problems}};
      if (problems.empty()) {
        checks.push_back(Pass(id,
                              name + " as documented for " +
                                  std::string(ref::GenerationName(generation)) + " (" +
                                  std::string(expected.decided_by) + ")",
                              evidence));
      } else {
        checks.push_back(Fail(id, name + ": " + Describe(problems), evidence,
                              {{"probe", kProbe},
                               {"context", "forked child of the agent, initial namespaces"},
                               {"inputs",
                                {{"scenario", name},
                                 {"vdso", data["vdso"]},
                                 {"vvar", data["vvar"]},
                                 {"agent_cmdline", "vdsoconf.probes=vdso.mremap"}}},
                               {"expected", expectation},
                               {"observed", *found}}));
      }
    } catch (const ProbeDataError& error) {
      checks.push_back(Error(id, std::string("vdso.mremap data: ") + error.what()));
    }
  }
  return checks;
}

}  // namespace vdsoconf::live
