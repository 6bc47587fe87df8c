#include "vdsoconf/live/diff_checks.h"

#include <array>
#include <cstdint>
#include <limits>
#include <optional>

#include "vdsoconf/live/check_builders.h"
#include "vdsoconf/reference/clock_reader.h"

namespace vdsoconf::live {
namespace {

constexpr std::array<std::string_view, 7> kContexts = {"init",        "thread", "vfork", "timens",
                                                       "timens_exec", "mremap", "tai"};
constexpr std::int64_t kEinval = 22, kEperm = 1, kEnosys = 38;

// One row that disagrees: what differs, the row's inputs and both answers.
using Problem = DiffRowProblem;

// Nanoseconds of {sec, nsec} (or {sec, usec} with `unit` 1000), in 128 bits: the fields are
// whatever the kernel wrote, so the sum must not overflow.
__int128 Ns(const nlohmann::json& answer, const char* fraction, std::int64_t unit,
            const std::string& path) {
  return static_cast<__int128>(I64(answer, "sec", path)) * 1'000'000'000 +
         static_cast<__int128>(I64(answer, fraction, path)) * unit;
}

std::int64_t Saturate(__int128 value) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  return value > kMax ? kMax : value < kMin ? kMin : static_cast<std::int64_t>(value);
}

const nlohmann::json& Rows(const nlohmann::json& matrix, std::string_view entry,
                           const std::string& path) {
  const nlohmann::json& rows = Member(matrix, entry, path);
  if (!rows.is_array()) throw ProbeDataError(path + "." + std::string(entry) + ": not an array");
  return rows;
}

std::string RowPath(std::string_view entry, std::string_view context, std::size_t i) {
  return "vdso.diff." + std::string(context) + "." + std::string(entry) + "[" + std::to_string(i) +
         "]";
}

// A clock row's times in ns: the vDSO's minus the syscall's before it, and the syscall's after
// minus before (the bracket the vDSO's time must lie in).
struct Delta {
  std::int64_t vdso_minus_syscall = 0;
  std::int64_t bracket = 0;
};

// Times: return values equal; on success before <= vDSO <= after; on failure outputs equal.
std::optional<Problem> CompareBracketed(const nlohmann::json& row, const char* fraction,
                                        std::int64_t unit, const std::string& what,
                                        nlohmann::json inputs, const std::string& path,
                                        std::optional<Delta>* delta) {
  const nlohmann::json& before = Member(row, "before", path);
  const nlohmann::json& vdso = Member(row, "vdso", path);
  const nlohmann::json& after = Member(row, "after", path);
  const std::int64_t ret = I64(vdso, "ret", path + ".vdso");
  const std::int64_t syscall_ret = I64(before, "ret", path + ".before");
  nlohmann::json syscalls = {{"before", before}, {"after", after}};
  auto problem = [&](std::string message) {
    return Problem{what + ": " + message, inputs, vdso, syscalls};
  };
  if (ret != syscall_ret) {
    return problem("vDSO returned " + std::to_string(ret) + ", the syscall " +
                   std::to_string(syscall_ret));
  }
  if (ret != 0) {
    const std::string difference = FirstDifference(vdso, before, {"sec", fraction}, path);
    if (!difference.empty()) return problem("on failure the outputs differ: " + difference);
    return std::nullopt;
  }
  const __int128 v = Ns(vdso, fraction, unit, path + ".vdso");
  const __int128 b = Ns(before, fraction, unit, path + ".before");
  const __int128 a = Ns(after, fraction, unit, path + ".after");
  const std::int64_t fraction_value = I64(vdso, fraction, path + ".vdso");
  if (fraction_value < 0 || fraction_value >= 1'000'000'000 / unit) {
    return problem(std::string(fraction) + " " + std::to_string(fraction_value) +
                   " is outside its range");
  }
  if (delta != nullptr) *delta = Delta{Saturate(v - b), Saturate(a - b)};
  if (v < b) {
    return problem("vDSO time is " + std::to_string(Saturate(b - v)) +
                   " ns before the syscall that preceded it");
  }
  if (v > a) {
    return problem("vDSO time is " + std::to_string(Saturate(v - a)) +
                   " ns after the syscall that followed it");
  }
  return std::nullopt;
}

// Compares the rows of one entry; fills `problems` and, for clocks, `deltas` (vDSO minus the
// syscall before it) and `brackets` (the syscall after minus the one before: the largest delta
// that passes, drawn on the report's plot).
std::size_t CompareRows(std::string_view entry, std::string_view context,
                        const nlohmann::json& matrix, const ArchTruths& arch,
                        std::vector<Problem>& problems, nlohmann::json& deltas,
                        nlohmann::json& brackets) {
  const LiveEntry* live_entry = FindLiveEntry(arch, entry);
  const OwnEntryChecks* own = live_entry == nullptr ? nullptr : live_entry->own;
  const std::string path = "vdso.diff." + std::string(context) + ".matrix";
  const nlohmann::json& rows = Rows(matrix, entry, path);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const nlohmann::json& row = rows[i];
    const std::string row_path = RowPath(entry, context, i);
    std::optional<Problem> problem;
    if (entry == "clock_gettime") {
      const auto clock = static_cast<std::int32_t>(I64(row, "clock", row_path));
      const std::string name = ref::ClockIdName(clock);
      std::optional<Delta> delta;
      problem = CompareBracketed(row, "nsec", 1, name, {{"clock", clock}, {"clock_name", name}},
                                 row_path, &delta);
      if (delta) deltas[name] = delta->vdso_minus_syscall, brackets[name] = delta->bracket;
    } else if (entry == "gettimeofday") {
      const bool tv = Bool(row, "tv", row_path), tz = Bool(row, "tz", row_path);
      const nlohmann::json inputs = {{"tv", tv ? "non-NULL" : "NULL"},
                                     {"tz", tz ? "non-NULL" : "NULL"}};
      const std::string what =
          std::string("gettimeofday(") + (tv ? "tv" : "NULL") + ", " + (tz ? "tz" : "NULL") + ")";
      if (tv) {
        std::optional<Delta> delta;
        problem = CompareBracketed(row, "usec", 1000, what, inputs, row_path, &delta);
        if (delta && tz) {
          deltas["gettimeofday"] = delta->vdso_minus_syscall;
          brackets["gettimeofday"] = delta->bracket;
        }
      } else {
        const std::string difference =
            FirstDifference(Member(row, "vdso", row_path), Member(row, "before", row_path),
                            {"ret", "sec", "usec"}, row_path);
        if (!difference.empty())
          problem = Problem{what + ": " + difference, inputs, row["vdso"], row["before"]};
      }
      if (!problem) {
        const std::string difference =
            FirstDifference(row["vdso"], row["before"], {"minuteswest", "dsttime"}, row_path);
        if (!difference.empty()) {
          problem = Problem{what + ": time zone " + difference, inputs, row["vdso"], row["before"]};
        }
      }
    } else if (entry == "clock_getres") {
      const auto clock = static_cast<std::int32_t>(I64(row, "clock", row_path));
      const std::string name = ref::ClockIdName(clock);
      const std::string difference =
          FirstDifference(Member(row, "vdso", row_path), Member(row, "syscall", row_path),
                          {"ret", "sec", "nsec"}, row_path);
      if (!difference.empty()) {
        problem = Problem{name + ": " + difference,
                          {{"clock", clock}, {"clock_name", name}},
                          row["vdso"],
                          row["syscall"]};
      }
    } else if (entry == "getcpu") {
      const bool pointers = Bool(row, "pointers", row_path);
      const nlohmann::json& vdso = Member(row, "vdso", row_path);
      const nlohmann::json& before = Member(row, "before", row_path);
      const nlohmann::json& after = Member(row, "after", row_path);
      const nlohmann::json inputs = {{"cpu", pointers ? "non-NULL" : "NULL"},
                                     {"node", pointers ? "non-NULL" : "NULL"}};
      std::string difference = FirstDifference(vdso, before, {"ret", "node"}, row_path);
      const nlohmann::json& cpu = Member(vdso, "cpu", row_path + ".vdso");
      const nlohmann::json& cpu_before = Member(before, "cpu", row_path + ".before");
      const nlohmann::json& cpu_after = Member(after, "cpu", row_path + ".after");
      if (difference.empty() && cpu != cpu_before && cpu != cpu_after) {
        difference = "cpu " + cpu.dump() + " (vDSO) is neither " + cpu_before.dump() + " nor " +
                     cpu_after.dump() + " (the syscalls around it)";
      }
      if (!difference.empty()) {
        problem =
            Problem{"getcpu: " + difference, inputs, vdso, {{"before", before}, {"after", after}}};
      }
    } else if (entry == "getrandom") {
      const std::int64_t setup = I64(row, "state_setup", row_path);
      const nlohmann::json inputs = {{"length", U64(row, "length", row_path)},
                                     {"flags", U64(row, "flags", row_path)}};
      if (setup != 0) {
        problem = Problem{"getrandom: the vDSO's opaque state could not be set up (" +
                              std::to_string(setup) + "), so the vDSO was not called",
                          inputs, nullptr, Member(row, "syscall", row_path)};
      } else {
        const std::string difference =
            FirstDifference(Member(row, "vdso", row_path), Member(row, "syscall", row_path),
                            {"ret", "wrote"}, row_path);
        if (!difference.empty()) {
          problem = Problem{"getrandom(len " + inputs["length"].dump() + "): " + difference, inputs,
                            row["vdso"], row["syscall"]};
        }
      }
    } else if (own != nullptr && own->diff_row != nullptr) {
      problem = own->diff_row(row, row_path);
    } else {
      throw ProbeDataError("no comparison for entry point " + std::string(entry));
    }
    if (problem) problems.push_back(std::move(*problem));
  }
  return rows.size();
}

bool ContextUnsupported(std::string_view context, const nlohmann::json& setup) {
  if (context.substr(0, 6) != "timens" || !setup.is_object()) return false;
  const auto it = setup.find("unshare_errno");
  // EINVAL: no CONFIG_TIME_NS; EPERM: not allowed here (unprivileged test runs); ENOSYS.
  return it != setup.end() && it->is_number_integer() &&
         (*it == kEinval || *it == kEperm || *it == kEnosys);
}

std::vector<reports::CheckResult> EntryChecksOfContext(const nlohmann::json& context_object,
                                                       std::string_view context,
                                                       const ArchTruths& arch) {
  std::vector<reports::CheckResult> results;
  const nlohmann::json& error = Member(context_object, "error", "vdso.diff.data.contexts[]");
  const nlohmann::json& setup = Member(context_object, "setup", "vdso.diff.data.contexts[]");
  const nlohmann::json& matrix = Member(context_object, "matrix", "vdso.diff.data.contexts[]");
  for (const LiveEntry& live_entry : arch.entries) {
    const std::string_view entry = live_entry.key;
    const std::string id = "vdso.diff." + std::string(entry) + "." + std::string(context);
    const nlohmann::json evidence = {{"context", context}, {"setup", setup}, {"error", error}};
    if (!error.is_null() || !matrix.is_object()) {
      const std::string why = "context " + std::string(context) + " could not be entered: " +
                              (error.is_string() ? error.get<std::string>() : "no matrix");
      results.push_back(ContextUnsupported(context, setup) ? Skip(id, why, evidence)
                                                           : Error(id, why, evidence));
      continue;
    }
    try {
      results.push_back(CheckDiffEntry(entry, context, matrix, arch));
    } catch (const ProbeDataError& e) {
      results.push_back(Error(id, std::string("vdso.diff data: ") + e.what()));
    }
  }
  return results;
}

}  // namespace

std::span<const std::string_view> DiffContexts() {
  return kContexts;
}

std::vector<std::string> DiffCheckIds(const ArchTruths& arch) {
  std::vector<std::string> ids;
  for (const LiveEntry& entry : arch.entries) {
    for (std::string_view context : kContexts) {
      ids.push_back("vdso.diff." + std::string(entry.key) + "." + std::string(context));
    }
  }
  return ids;
}

reports::CheckResult CheckDiffEntry(std::string_view entry, std::string_view context,
                                    const nlohmann::json& matrix, const ArchTruths& arch) {
  const std::string id = "vdso.diff." + std::string(entry) + "." + std::string(context);
  const std::string path = "vdso.diff." + std::string(context) + ".matrix";
  const nlohmann::json& exported = Member(matrix, "exported", path);
  if (!Bool(exported, entry, path + ".exported")) {
    return Skip(id, "the image does not export __vdso_" + std::string(entry),
                {{"context", context}, {"exported", exported}});
  }
  std::vector<Problem> problems;
  nlohmann::json deltas = nlohmann::json::object(), brackets = nlohmann::json::object();
  const std::size_t rows = CompareRows(entry, context, matrix, arch, problems, deltas, brackets);
  nlohmann::json evidence = {
      {"context", context}, {"rows", rows}, {"vdso_base", Member(matrix, "vdso_base", path)}};
  if (!deltas.empty()) evidence["vdso_minus_syscall_ns"] = deltas;
  if (!brackets.empty()) evidence["syscall_bracket_ns"] = brackets;
  if (problems.empty()) {
    return Pass(id,
                std::to_string(rows) + " rows of __vdso_" + std::string(entry) +
                    " agree with the syscall in context " + std::string(context),
                evidence);
  }
  nlohmann::json listed = nlohmann::json::array();
  for (const Problem& problem : problems) listed.push_back(problem.message);
  evidence["problems"] = listed;
  const Problem& first = problems.front();
  // One cause, seen in each context the entry point runs in: one finding per entry point.
  reports::CheckResult failure = Fail(
      id,
      first.message + " in context " + std::string(context) +
          (problems.size() > 1 ? " (and " + std::to_string(problems.size() - 1) + " more rows)"
                               : ""),
      evidence,
      {{"probe", "vdso.diff"},
       {"agent_cmdline", "vdsoconf.probes=vdso.diff"},
       {"context", context},
       {"entry", "__vdso_" + std::string(entry)},
       {"inputs", first.inputs},
       {"vdso", first.vdso},
       {"syscall", first.syscall}});
  failure.finding = "vdso.diff." + std::string(entry);
  return failure;
}

std::vector<reports::CheckResult> CheckVdsoDiff(const ProbeDocument* diff, const ArchTruths& arch) {
  std::vector<reports::CheckResult> results;
  if (diff == nullptr || diff->status != "ok") {
    for (const std::string& id : DiffCheckIds(arch)) {
      results.push_back(ProbeDidNotFinish(id, diff, "vdso.diff"));
    }
    return results;
  }
  // by_context[c][e]: the check of entry e in context c, reordered entries-outermost below.
  std::vector<std::vector<reports::CheckResult>> by_context;
  for (std::string_view context : kContexts) {
    std::vector<reports::CheckResult> checks;
    try {
      const nlohmann::json& contexts = Member(diff->data, "contexts", "vdso.diff.data");
      const nlohmann::json* found = nullptr;
      if (contexts.is_array()) {
        for (const nlohmann::json& object : contexts) {
          if (object.is_object() && object.value("context", "") == context) found = &object;
        }
      }
      if (found == nullptr) {
        throw ProbeDataError("vdso.diff.data.contexts has no context " + std::string(context));
      }
      checks = EntryChecksOfContext(*found, context, arch);
    } catch (const ProbeDataError& e) {
      checks.clear();
      for (const LiveEntry& entry : arch.entries) {
        checks.push_back(Error("vdso.diff." + std::string(entry.key) + "." + std::string(context),
                               std::string("vdso.diff data: ") + e.what()));
      }
    }
    by_context.push_back(std::move(checks));
  }
  for (std::size_t e = 0; e < arch.entries.size(); ++e) {
    for (std::size_t c = 0; c < kContexts.size(); ++c) {
      results.push_back(std::move(by_context[c][e]));
    }
  }
  return results;
}

}  // namespace vdsoconf::live
