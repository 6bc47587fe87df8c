// The entry points the agent's probes call, as the host's checks see them, and the hooks of the
// entry points an architecture has of its own.
//
// The generic vDSO's entry points (clock_gettime, clock_getres, gettimeofday, getcpu, getrandom)
// are judged by live/ itself. An entry of the architecture's own (ref::EntryBehaviour::kArchOwn;
// the guest's EntryKind::kOwn, agent/guest/vdso_entries.h) is judged through its OwnEntryChecks,
// which the architecture supplies with its truths (arch_truths.h): the shape of its rows is known
// only to the architecture's guest hooks that wrote them.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace vdsoconf::live {

// One row of vdso.diff where the vDSO and its syscall disagree: what differs, the row's inputs
// and both answers (the reproducer of the check's failure).
struct DiffRowProblem {
  std::string message;
  nlohmann::json inputs;
  nlohmann::json vdso;
  nlohmann::json syscall;
};

struct OwnEntryChecks {
  // vdso.diff: what differs in one row of the entry's array (`path` names the row in messages;
  // read it with agent_documents.h's Member, Str, U64..., which throw ProbeDataError on a
  // malformed row), or nullopt when the vDSO agrees with its syscall.
  std::optional<DiffRowProblem> (*diff_row)(const nlohmann::json& row,
                                            const std::string& path) = nullptr;
  // vdso.fallback: the inputs of one row, for the reproducer of a route the model did not
  // predict; nullptr: none to name. (Whether the vDSO answers is the model's:
  // ref::ArchModel::OwnEntryIssuesSyscall.)
  nlohmann::json (*fallback_inputs)(const nlohmann::json& row, const std::string& path) = nullptr;
  // vdso.mremap: whether it reads [vvar], so that a misplaced data page makes it fault.
  bool reads_vvar = false;
};

// One entry point of the architecture's vDSO that the probes call.
struct LiveEntry {
  // Its name in every document and check id: the symbol without "__vdso_" ("clock_gettime").
  std::string_view key;
  // Only for an entry of the architecture's own; nullptr for the generic vDSO's.
  const OwnEntryChecks* own = nullptr;
};

// For an architecture's diff_row: the first of `keys` whose value differs between `vdso` and
// `syscall`, as "<key> <vDSO's> (vDSO) != <syscall's> (syscall)"; empty when all are equal.
// Throws ProbeDataError when one lacks a key.
std::string FirstDifference(const nlohmann::json& vdso, const nlohmann::json& syscall,
                            std::initializer_list<const char*> keys, const std::string& path);

}  // namespace vdsoconf::live
