// Verdicts on the "vdso.bad_input" probe: every case against the reference model and the vDSO
// against its syscall.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vdsoconf/live/agent_documents.h"
#include "vdsoconf/live/arch_truths.h"
#include "vdsoconf/reference/bad_input_behaviour.h"
#include "vdsoconf/reference/generation.h"
#include "vdsoconf/reports/results.h"

namespace vdsoconf::live {

// One case as the probe recorded it.
struct BadInputObservation {
  bool vdso_exported = false;
  bool vdso_faulted = false;  // then vdso_signal is set and vdso_ret is meaningless
  int vdso_signal = 0;
  std::int64_t vdso_ret = 0;
  std::vector<std::int64_t> vdso_out;
  std::int64_t syscall_ret = 0;
  std::vector<std::int64_t> syscall_out;
};

// Reads one {"case": ..., "vdso": ..., "syscall": ...} step. Throws ProbeDataError.
BadInputObservation ParseBadInputCase(const nlohmann::json& step, const std::string& path);

// What is wrong with `observed` for `bad_case` in `context`; empty when nothing is:
//   - the vDSO faulted (SIGSEGV) exactly when the model says it writes the bad pointer itself;
//   - a vDSO that returns returned the model's value, or, when it falls back, the syscall's;
//   - the syscall returned the model's value where the model predicts one;
//   - whenever both returned, they returned the same value (and the same outputs where the case
//     compares them): a divergence is reported even where the model predicts it, because a
//     program switching between the two would see different answers.
std::vector<std::string> CompareBadInputCase(const ref::BadInputCase& bad_case,
                                             const ref::BadInputContext& context,
                                             const BadInputObservation& observed);

// "bad_input.<entry>" for every entry of `arch` (ArchTruths::entries), in its order.
std::vector<std::string> BadInputCheckIds(const ArchTruths& arch);

// One check per entry point over all its cases (ref::AllBadInputCases of `arch`'s model);
// skipped for an entry point `generation` does not export (ArchModel::EntryPoints);
// ProbeDidNotFinish for a probe that did not finish; a case missing from the document (the batch
// child died or timed out) is a failure of its entry point. The evidence records the facts the
// model assumes (ArchModel::AssumedBadInputFacts) as "<fact>_assumed".
std::vector<reports::CheckResult> CheckBadInput(const ProbeDocument* probe,
                                                ref::Generation generation, const ArchTruths& arch);

}  // namespace vdsoconf::live
