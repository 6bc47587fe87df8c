#include "vdsoconf/live/bad_input_checks.h"

#include <map>

#include "vdsoconf/live/check_builders.h"

namespace vdsoconf::live {
namespace {

constexpr int kSigsegv = 11;
constexpr const char* kProbe = "vdso.bad_input";

std::vector<std::int64_t> Outputs(const nlohmann::json& side, const std::string& path) {
  const nlohmann::json& out = Member(side, "out", path);
  if (!out.is_array()) throw ProbeDataError(path + ".out: expected an array");
  std::vector<std::int64_t> values;
  for (const nlohmann::json& value : out) {
    if (!value.is_number_integer()) throw ProbeDataError(path + ".out: expected integers");
    values.push_back(value.get<std::int64_t>());
  }
  return values;
}

std::string AnswerName(ref::VdsoBadInputAnswer answer) {
  switch (answer) {
    case ref::VdsoBadInputAnswer::kReturns:
      return "returns";
    case ref::VdsoBadInputAnswer::kFaults:
      return "faults";
    case ref::VdsoBadInputAnswer::kFallback:
      return "falls back";
  }
  return "?";
}

nlohmann::json ObservedJson(const BadInputObservation& observed) {
  nlohmann::json vdso = nullptr;
  if (observed.vdso_exported) {
    vdso = observed.vdso_faulted
               ? nlohmann::json{{"signal", observed.vdso_signal}}
               : nlohmann::json{{"ret", observed.vdso_ret}, {"out", observed.vdso_out}};
  }
  return {{"vdso", vdso},
          {"syscall", {{"ret", observed.syscall_ret}, {"out", observed.syscall_out}}}};
}

nlohmann::json ExpectedJson(const ref::BadInputCase& bad_case,
                            const ref::BadInputContext& context) {
  const ref::VdsoBadInputAnswer answer = ref::ExpectedVdsoAnswer(bad_case, context);
  nlohmann::json expected = {{"vdso", AnswerName(answer)}};
  if (answer == ref::VdsoBadInputAnswer::kReturns) expected["vdso_ret"] = bad_case.vdso_ret;
  expected["syscall_ret"] = bad_case.syscall ? nlohmann::json(*bad_case.syscall) : nullptr;
  return expected;
}

}  // namespace

BadInputObservation ParseBadInputCase(const nlohmann::json& step, const std::string& path) {
  BadInputObservation observed;
  const nlohmann::json& vdso = Member(step, "vdso", path);
  if (!vdso.is_null()) {
    observed.vdso_exported = true;
    if (vdso.contains("signal")) {
      observed.vdso_faulted = true;
      observed.vdso_signal = static_cast<int>(I64(vdso, "signal", path + ".vdso"));
    } else {
      observed.vdso_ret = I64(vdso, "ret", path + ".vdso");
      observed.vdso_out = Outputs(vdso, path + ".vdso");
    }
  }
  const nlohmann::json& syscall = Member(step, "syscall", path);
  observed.syscall_ret = I64(syscall, "ret", path + ".syscall");
  observed.syscall_out = Outputs(syscall, path + ".syscall");
  return observed;
}

std::vector<std::string> CompareBadInputCase(const ref::BadInputCase& bad_case,
                                             const ref::BadInputContext& context,
                                             const BadInputObservation& observed) {
  std::vector<std::string> problems;
  const std::string name(bad_case.name);
  if (!observed.vdso_exported) {
    problems.push_back(name + ": the probe found no vDSO entry point to call");
    return problems;
  }
  const ref::VdsoBadInputAnswer answer = ref::ExpectedVdsoAnswer(bad_case, context);
  if (answer == ref::VdsoBadInputAnswer::kFaults) {
    if (!observed.vdso_faulted || observed.vdso_signal != kSigsegv) {
      problems.push_back(name + ": vDSO " +
                         (observed.vdso_faulted
                              ? "died of signal " + std::to_string(observed.vdso_signal)
                              : "returned " + std::to_string(observed.vdso_ret)) +
                         ", the model says it writes the bad pointer itself (SIGSEGV)");
    }
  } else if (observed.vdso_faulted) {
    problems.push_back(name + ": vDSO died of signal " + std::to_string(observed.vdso_signal) +
                       ", the model says it " + AnswerName(answer));
  } else {
    const std::int64_t expected_vdso =
        answer == ref::VdsoBadInputAnswer::kReturns ? bad_case.vdso_ret : observed.syscall_ret;
    if (observed.vdso_ret != expected_vdso) {
      problems.push_back(name + ": vDSO returned " + std::to_string(observed.vdso_ret) +
                         ", the model says " + std::to_string(expected_vdso) + " (it " +
                         AnswerName(answer) + ")");
    }
  }
  if (bad_case.syscall && observed.syscall_ret != *bad_case.syscall) {
    problems.push_back(name + ": syscall returned " + std::to_string(observed.syscall_ret) +
                       ", the model says " + std::to_string(*bad_case.syscall));
  }
  if (!observed.vdso_faulted) {
    if (observed.vdso_ret != observed.syscall_ret) {
      problems.push_back(name + ": vDSO returned " + std::to_string(observed.vdso_ret) +
                         " where the syscall returned " + std::to_string(observed.syscall_ret));
    } else if (bad_case.compare_outputs && observed.vdso_out != observed.syscall_out) {
      problems.push_back(name + ": vDSO and syscall wrote different outputs");
    }
  }
  return problems;
}

std::vector<std::string> BadInputCheckIds(const ArchTruths& arch) {
  std::vector<std::string> ids;
  for (const LiveEntry& entry : arch.entries) ids.push_back("bad_input." + std::string(entry.key));
  return ids;
}

std::vector<reports::CheckResult> CheckBadInput(const ProbeDocument* probe,
                                                ref::Generation generation,
                                                const ArchTruths& arch) {
  std::vector<reports::CheckResult> checks;
  if (probe == nullptr || probe->status != "ok") {
    for (const std::string& id : BadInputCheckIds(arch)) {
      checks.push_back(ProbeDidNotFinish(id, probe, kProbe));
    }
    return checks;
  }
  ref::BadInputContext context;
  context.generation = generation;
  std::map<std::string, BadInputObservation> cases;
  nlohmann::json termination;
  std::string parse_error;
  try {
    const nlohmann::json& steps = Member(probe->data, "steps", "vdso.bad_input.data");
    termination = Member(probe->data, "termination", "vdso.bad_input.data");
    if (!steps.is_array()) throw ProbeDataError("vdso.bad_input.data.steps: expected an array");
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const std::string path = "vdso.bad_input.data.steps[" + std::to_string(i) + "]";
      if (steps[i].contains("crng_ready")) context.crng_ready = Bool(steps[i], "crng_ready", path);
      if (steps[i].contains("case")) {
        cases[Str(steps[i], "case", path)] = ParseBadInputCase(steps[i], path);
      }
    }
  } catch (const ProbeDataError& error) {
    parse_error = std::string("vdso.bad_input data: ") + error.what();
  }
  const std::vector<ref::BadInputCase> all_cases = ref::AllBadInputCases(*arch.model);
  for (const LiveEntry& live_entry : arch.entries) {
    const std::string entry(live_entry.key);
    const std::string id = "bad_input." + entry;
    if (!parse_error.empty()) {
      checks.push_back(Error(id, parse_error));
      continue;
    }
    if (arch.model->FindEntryPoint(generation, "__vdso_" + entry) == nullptr) {
      checks.push_back(Skip(id, std::string("the ") + std::string(ref::GenerationName(generation)) +
                                    " vDSO does not export __vdso_" + entry));
      continue;
    }
    nlohmann::json rows = nlohmann::json::array();
    nlohmann::json failures = nlohmann::json::array();
    std::vector<std::string> problems;
    for (const ref::BadInputCase& bad_case : all_cases) {
      if (bad_case.entry != entry) continue;
      const auto found = cases.find(std::string(bad_case.name));
      nlohmann::json row = {{"case", bad_case.name}, {"expected", ExpectedJson(bad_case, context)}};
      std::vector<std::string> case_problems;
      if (found == cases.end()) {
        case_problems.push_back(std::string(bad_case.name) + ": not in the probe's output");
      } else {
        row["observed"] = ObservedJson(found->second);
        case_problems = CompareBadInputCase(bad_case, context, found->second);
      }
      row["problems"] = case_problems;
      if (!case_problems.empty()) failures.push_back(row);
      rows.push_back(row);
      problems.insert(problems.end(), case_problems.begin(), case_problems.end());
    }
    nlohmann::json evidence = {
        {"crng_ready", context.crng_ready}, {"termination", termination}, {"cases", rows}};
    for (const std::string_view fact : arch.model->AssumedBadInputFacts()) {
      evidence[std::string(fact) + "_assumed"] = context.ArchFactHolds(fact);
    }
    if (problems.empty()) {
      checks.push_back(
          Pass(id, std::to_string(rows.size()) + " bad-input cases as documented", evidence));
      continue;
    }
    std::string message = std::to_string(problems.size()) + " problem(s): " + problems.front();
    if (problems.size() > 1) message += "; ...";
    checks.push_back(Fail(
        id, message, evidence,
        {{"probe", kProbe},
         {"context",
          "one forked child of the agent, initial namespaces, "
          "SIGSEGV caught per case"},
         {"inputs", {{"agent_cmdline", "vdsoconf.probes=vdso.bad_input"}, {"cases", failures}}},
         {"expected", "see inputs.cases[].expected"},
         {"observed", "see inputs.cases[].observed"}}));
  }
  return checks;
}

}  // namespace vdsoconf::live
