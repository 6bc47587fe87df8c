#include "vdsoconf/live/fallback_checks.h"

#include "vdsoconf/live/check_builders.h"
#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/reference/entry_points.h"

namespace vdsoconf::live {
namespace {

enum class Route { kAnswered, kFallback };

const char* RouteName(Route route) {
  return route == Route::kAnswered ? "answered by the vDSO" : "fell back to the syscall";
}

Route ClockGettimeRoute(const FallbackExpectations& expect, std::int32_t clock) {
  switch (ref::ClassifyClockId(expect.generation, clock)) {
    case ref::ClockIdClass::kHres:
    case ref::ClockIdClass::kRaw:
      return expect.hres_capable ? Route::kAnswered : Route::kFallback;
    case ref::ClockIdClass::kCoarse:
      return Route::kAnswered;
    default:
      return Route::kFallback;
  }
}

Route ClockGetresRoute(const FallbackExpectations& expect, std::int32_t clock) {
  switch (ref::ClassifyClockId(expect.generation, clock)) {
    case ref::ClockIdClass::kHres:
    case ref::ClockIdClass::kRaw:
    case ref::ClockIdClass::kCoarse:
    case ref::ClockIdClass::kAux:
      return Route::kAnswered;
    default:
      return Route::kFallback;
  }
}

// The route the model predicts for one row, and the row's inputs for messages.
Route ExpectedRoute(std::string_view entry, const nlohmann::json& row,
                    const FallbackExpectations& expect, const ArchTruths& arch,
                    const std::string& path, nlohmann::json& inputs, std::string& what) {
  const std::string symbol = "__vdso_" + std::string(entry);
  const ref::EntryPoint* point = arch.model->FindEntryPoint(expect.generation, symbol);
  if (point == nullptr) {
    throw ProbeDataError(symbol + " is exported by the image but not by generation " +
                         std::string(ref::GenerationName(expect.generation)) + " in the model");
  }
  if (entry == "clock_gettime" || entry == "clock_getres") {
    const auto clock = static_cast<std::int32_t>(I64(row, "clock", path));
    inputs = {{"clock", clock}, {"clock_name", ref::ClockIdName(clock)}};
    what = entry == "clock_gettime" ? "clock_gettime(" : "clock_getres(";
    what += ref::ClockIdName(clock) + ")";
    return entry == "clock_gettime" ? ClockGettimeRoute(expect, clock)
                                    : ClockGetresRoute(expect, clock);
  }
  if (entry == "gettimeofday") {
    const bool tv = Bool(row, "tv", path), tz = Bool(row, "tz", path);
    inputs = {{"tv", tv ? "non-NULL" : "NULL"}, {"tz", tz ? "non-NULL" : "NULL"}};
    what = std::string("gettimeofday(") + (tv ? "tv" : "NULL") + ", " + (tz ? "tz" : "NULL") + ")";
    return tv ? ClockGettimeRoute(expect, 0) : Route::kAnswered;
  }
  what = symbol;
  switch (point->behaviour) {
    case ref::EntryBehaviour::kSyscallPassthrough:
      return Route::kFallback;
    case ref::EntryBehaviour::kArchOwn: {
      const LiveEntry* live_entry = FindLiveEntry(arch, entry);
      if (live_entry != nullptr && live_entry->own != nullptr &&
          live_entry->own->fallback_inputs != nullptr) {
        inputs = live_entry->own->fallback_inputs(row, path);
      }
      return arch.model->OwnEntryIssuesSyscall(point->name, expect.config_smp) ? Route::kFallback
                                                                               : Route::kAnswered;
    }
    case ref::EntryBehaviour::kGetrandom: {
      const std::string state = Str(row, "state", path);
      inputs = {{"length", U64(row, "length", path)},
                {"flags", U64(row, "flags", path)},
                {"state", state}};
      what = "getrandom(32 bytes, flags 0, " + state + " state)";
      if (I64(row, "state_setup", path) != 0) {
        throw ProbeDataError("the vDSO's getrandom state could not be set up (" +
                             std::to_string(I64(row, "state_setup", path)) + ")");
      }
      // A fresh state's generation differs from the rng's: the key refill is a syscall.
      return state == "warm" ? Route::kAnswered : Route::kFallback;
    }
    default:
      throw ProbeDataError("no fallback model for " + symbol);
  }
}

reports::CheckResult CheckEntry(std::string_view entry, const nlohmann::json& data,
                                const FallbackExpectations& expect, const ArchTruths& arch) {
  const std::string id = "vdso.fallback." + std::string(entry);
  const nlohmann::json& exported = Member(data, "exported", "vdso.fallback.data");
  if (!Bool(exported, entry, "vdso.fallback.data.exported")) {
    return Skip(id, "the image does not export __vdso_" + std::string(entry),
                {{"exported", exported}});
  }
  const std::int64_t sentinel = -I64(data, "sentinel_errno", "vdso.fallback.data");
  const nlohmann::json& rows = Member(data, entry, "vdso.fallback.data");
  if (!rows.is_array()) throw ProbeDataError("vdso.fallback.data." + std::string(entry));
  nlohmann::json observed = nlohmann::json::array();
  nlohmann::json mismatches = nlohmann::json::array();
  std::optional<nlohmann::json> reproducer;
  std::string first_message;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string path =
        "vdso.fallback.data." + std::string(entry) + "[" + std::to_string(i) + "]";
    const nlohmann::json& row = rows[i];
    nlohmann::json inputs = nlohmann::json::object();
    std::string what;
    const Route expected = ExpectedRoute(entry, row, expect, arch, path, inputs, what);
    const std::int64_t vdso_ret = I64(row, "vdso_ret", path);
    const std::int64_t control_ret = I64(row, "control_ret", path);
    if (control_ret != sentinel) {
      return Error(id,
                   "the seccomp filter did not fail the syscall of " + what + ": it returned " +
                       std::to_string(control_ret) + ", not " + std::to_string(sentinel),
                   {{"row", row}});
    }
    const Route seen = vdso_ret == sentinel ? Route::kFallback : Route::kAnswered;
    observed.push_back({{"call", what}, {"route", RouteName(seen)}, {"vdso_ret", vdso_ret}});
    // The agent measures getrandom's warm state again, in a fresh process, while it falls back
    // (a crng reseed in between legitimately refills the key); the earlier tries are evidence.
    const auto earlier = row.find("earlier_attempts");
    const std::size_t attempts =
        1 + (earlier != row.end() && earlier->is_array() ? earlier->size() : 0);
    if (attempts > 1) observed.back()["earlier_attempts"] = *earlier;
    if (seen == expected) continue;
    const std::string message =
        what + " " + RouteName(seen) + " (returned " + std::to_string(vdso_ret) + ")" +
        (attempts > 1 ? " in each of " + std::to_string(attempts) + " attempts" : "") + "; the " +
        std::string(ref::GenerationName(expect.generation)) + " model says " + RouteName(expected);
    mismatches.push_back(message);
    if (!reproducer) {
      first_message = message;
      reproducer = {{"probe", "vdso.fallback"},
                    {"agent_cmdline", "vdsoconf.probes=vdso.fallback"},
                    {"context", "seccomp filter failing the fallback syscalls with errno " +
                                    std::to_string(-sentinel)},
                    {"entry", "__vdso_" + std::string(entry)},
                    {"inputs", inputs},
                    {"expected", RouteName(expected)},
                    {"observed", {{"route", RouteName(seen)}, {"vdso_ret", vdso_ret}}}};
    }
  }
  const nlohmann::json evidence = {{"generation", ref::GenerationName(expect.generation)},
                                   {"hres_capable", expect.hres_capable},
                                   {"rows", observed},
                                   {"mismatches", mismatches}};
  if (!reproducer) {
    return Pass(id,
                std::to_string(rows.size()) + " calls of __vdso_" + std::string(entry) +
                    " took the route the model predicts",
                evidence);
  }
  if (mismatches.size() > 1) {
    first_message += " (and " + std::to_string(mismatches.size() - 1) + " more)";
  }
  return Fail(id, first_message, evidence, *reproducer);
}

}  // namespace

std::vector<std::string> FallbackCheckIds(const ArchTruths& arch) {
  std::vector<std::string> ids;
  for (const LiveEntry& entry : arch.entries) {
    ids.push_back("vdso.fallback." + std::string(entry.key));
  }
  return ids;
}

std::vector<reports::CheckResult> CheckVdsoFallback(const ProbeDocument* fallback,
                                                    const FallbackExpectations& expectations,
                                                    const ArchTruths& arch) {
  std::vector<reports::CheckResult> results;
  if (fallback == nullptr || fallback->status != "ok") {
    for (const std::string& id : FallbackCheckIds(arch)) {
      results.push_back(ProbeDidNotFinish(id, fallback, "vdso.fallback"));
    }
    return results;
  }
  const nlohmann::json& data = fallback->data;
  for (const LiveEntry& live_entry : arch.entries) {
    const std::string_view entry = live_entry.key;
    const std::string id = "vdso.fallback." + std::string(entry);
    try {
      const nlohmann::json& filter = Member(data, "filter", "vdso.fallback.data");
      const std::int64_t filter_errno = I64(filter, "errno", "vdso.fallback.data.filter");
      if (filter_errno != 0) {
        results.push_back(Skip(id,
                               Str(filter, "failed_step", "vdso.fallback.data.filter") +
                                   " failed with errno " + std::to_string(filter_errno) +
                                   " (kernel without CONFIG_SECCOMP_FILTER?)",
                               {{"filter", filter}}));
        continue;
      }
      results.push_back(CheckEntry(entry, data, expectations, arch));
    } catch (const ProbeDataError& e) {
      results.push_back(Error(id, std::string("vdso.fallback data: ") + e.what()));
    }
  }
  return results;
}

}  // namespace vdsoconf::live
