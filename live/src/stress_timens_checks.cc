#include "vdsoconf/live/stress_timens_checks.h"

#include <map>
#include <string>
#include <vector>

#include "vdsoconf/live/check_builders.h"
#include "vdsoconf/reference/layout.h"
#include "vdsoconf/reference/vvar_codec.h"

namespace vdsoconf::live {
namespace {

constexpr const char* kData = "timens.clocks.data";

struct Reading {
  std::int64_t ns = 0;
  std::int64_t error = 0;
};

Reading ParseReading(const nlohmann::json& row, std::size_t first, const std::string& path) {
  if (!row.is_array() || row.size() < first + 3) {
    throw ProbeDataError(path + ": expected [sec, nsec, errno]");
  }
  for (std::size_t i = first; i < first + 3; ++i) {
    if (!row[i].is_number_integer()) throw ProbeDataError(path + ": non-integer entry");
  }
  return {row[first].get<std::int64_t>() * 1000000000 + row[first + 1].get<std::int64_t>(),
          row[first + 2].get<std::int64_t>()};
}

// outside_before / outside_after rows [clock, sec, nsec, errno] by clock id.
std::map<std::int64_t, Reading> ParseOutside(const nlohmann::json& data, const char* key) {
  const nlohmann::json& rows = Member(data, key, kData);
  if (!rows.is_array()) throw ProbeDataError(std::string(kData) + "." + key + ": expected array");
  std::map<std::int64_t, Reading> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string path = std::string(kData) + "." + key + "[" + std::to_string(i) + "]";
    if (!rows[i].is_array() || rows[i].empty() || !rows[i][0].is_number_integer())
      throw ProbeDataError(path + ": expected [clock, sec, nsec, errno]");
    out[rows[i][0].get<std::int64_t>()] = ParseReading(rows[i], 1, path);
  }
  return out;
}

std::int64_t ParseOffset(const nlohmann::json& data, const char* key) {
  const std::string path = std::string(kData) + "." + key;
  const nlohmann::json& offset = Member(data, key, kData);
  if (!offset.is_array() || offset.size() != 2 || !offset[0].is_number_integer() ||
      !offset[1].is_number_integer())
    throw ProbeDataError(path + ": expected [sec, nsec]");
  return offset[0].get<std::int64_t>() * 1000000000 + offset[1].get<std::int64_t>();
}

const nlohmann::json& Child(const nlohmann::json& data) {
  const nlohmann::json& child = Member(data, "child", kData);
  if (child.contains("error")) {
    throw ProbeDataError("the namespace child could not read the vDSO: " + child["error"].dump());
  }
  return child;
}

struct Brackets {
  std::map<std::int64_t, Reading> before, after;
};

// Each bracketed row of `rows` against its own syscall readings and the outside readings, all
// shifted by the offset the clock takes (when `offsets` is true). Appends problems and the
// per-clock evidence.
void JudgeRows(const nlohmann::json& rows, const std::string& path, const Brackets& outside,
               bool offsets, std::int64_t monotonic, std::int64_t boottime,
               std::vector<std::string>& problems, nlohmann::json& observed) {
  if (!rows.is_array()) throw ProbeDataError(path + ": expected an array");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string row_path = path + "[" + std::to_string(i) + "]";
    const std::int64_t clock = I64(rows[i], "clock", row_path);
    const Reading before = ParseReading(Member(rows[i], "syscall_before", row_path), 0, row_path);
    const Reading vdso = ParseReading(Member(rows[i], "vdso", row_path), 0, row_path);
    const Reading after = ParseReading(Member(rows[i], "syscall_after", row_path), 0, row_path);
    const TimensOffsetKind kind = TimensOffsetFor(static_cast<std::int32_t>(clock));
    const std::int64_t offset = !offsets                               ? 0
                                : kind == TimensOffsetKind::kMonotonic ? monotonic
                                : kind == TimensOffsetKind::kBoottime  ? boottime
                                                                       : 0;
    const auto out_before = outside.before.find(clock);
    const auto out_after = outside.after.find(clock);
    if (out_before == outside.before.end() || out_after == outside.after.end()) {
      throw ProbeDataError(row_path + ": clock " + std::to_string(clock) + " not read outside");
    }
    nlohmann::json entry = {{"clock", clock},
                            {"expected_offset_ns", offset},
                            {"outside_before_ns", out_before->second.ns},
                            {"syscall_before_ns", before.ns},
                            {"vdso_ns", vdso.ns},
                            {"syscall_after_ns", after.ns},
                            {"outside_after_ns", out_after->second.ns},
                            {"vdso_errno", vdso.error},
                            {"outside_errno", out_before->second.error}};
    observed.push_back(entry);
    const std::string where = path + " clock " + std::to_string(clock);
    if (vdso.error != 0 || out_before->second.error != 0) {
      if (vdso.error != out_before->second.error || before.error != vdso.error) {
        problems.push_back(where + ": vDSO errno " + std::to_string(vdso.error) +
                           ", syscall errno " + std::to_string(before.error) + ", outside errno " +
                           std::to_string(out_before->second.error));
      }
      continue;
    }
    if (!(before.ns <= vdso.ns && vdso.ns <= after.ns)) {
      problems.push_back(where + ": vDSO " + std::to_string(vdso.ns) +
                         " ns outside the syscall bracket [" + std::to_string(before.ns) + ", " +
                         std::to_string(after.ns) + "]");
    }
    const std::int64_t low = out_before->second.ns + offset;
    const std::int64_t high = out_after->second.ns + offset;
    if (!(low <= vdso.ns && vdso.ns <= high)) {
      problems.push_back(where + ": vDSO " + std::to_string(vdso.ns) +
                         " ns outside the initial namespace's bracket plus offset " +
                         std::to_string(offset) + " = [" + std::to_string(low) + ", " +
                         std::to_string(high) + "]");
    }
  }
}

std::string Join(const std::vector<std::string>& problems) {
  std::string message;
  for (const std::string& problem : problems) message += (message.empty() ? "" : "; ") + problem;
  return message;
}

std::optional<reports::CheckResult> NotEvaluable(const std::string& id,
                                                 const ProbeDocument* probe) {
  if (probe == nullptr || probe->status != "ok")
    return ProbeDidNotFinish(id, probe, "timens.clocks");
  const std::int64_t unshare_errno = I64(probe->data, "unshare_errno", kData);
  if (unshare_errno != 0) {
    return Skip(id,
                "unshare(CLONE_NEWTIME) failed with errno " + std::to_string(unshare_errno) +
                    " (kernel without CONFIG_TIME_NS?)",
                {{"unshare_errno", unshare_errno}});
  }
  return std::nullopt;
}

}  // namespace

TimensOffsetKind TimensOffsetFor(std::int32_t clock) {
  switch (clock) {
    case ref::kClockMonotonic:
    case ref::kClockMonotonicRaw:
    case ref::kClockMonotonicCoarse:
      return TimensOffsetKind::kMonotonic;
    case ref::kClockBoottime:
    case ref::kClockBoottimeAlarm:
      return TimensOffsetKind::kBoottime;
    default:
      return TimensOffsetKind::kNone;
  }
}

reports::CheckResult CheckTimensOffsetsApplied(const ProbeDocument* probe) {
  const std::string id = "timens.offsets_applied";
  try {
    if (auto early = NotEvaluable(id, probe)) return *early;
    const nlohmann::json& data = probe->data;
    const std::int64_t monotonic = ParseOffset(data, "monotonic_offset");
    const std::int64_t boottime = ParseOffset(data, "boottime_offset");
    const Brackets outside{ParseOutside(data, "outside_before"),
                           ParseOutside(data, "outside_after")};
    const nlohmann::json& child = Child(data);
    std::vector<std::string> problems;
    nlohmann::json observed = nlohmann::json::array();
    JudgeRows(Member(child, "inside", "timens.clocks.data.child"), "inside", outside, true,
              monotonic, boottime, problems, observed);
    const nlohmann::json evidence = {
        {"monotonic_offset_ns", monotonic}, {"boottime_offset_ns", boottime}, {"clocks", observed}};
    if (problems.empty()) {
      return Pass(id,
                  std::to_string(observed.size()) +
                      " clocks through the vDSO carry exactly their namespace offset",
                  evidence);
    }
    return Fail(id, Join(problems), evidence,
                {{"probe", "timens.clocks"},
                 {"context", "first task of a new time namespace"},
                 {"inputs", {{"monotonic_offset_ns", monotonic}, {"boottime_offset_ns", boottime}}},
                 {"expected", "outside bracket + offset (MONOTONIC*, BOOTTIME*), + 0 otherwise"},
                 {"observed", observed}});
  } catch (const ProbeDataError& error) {
    return Error(id, error.what());
  }
}

reports::CheckResult CheckTimensSetnsRestores(const ProbeDocument* probe,
                                              ref::LayoutVariant variant) {
  const std::string id = "timens.setns_restores";
  try {
    if (auto early = NotEvaluable(id, probe)) return *early;
    const nlohmann::json& data = probe->data;
    const Brackets outside{ParseOutside(data, "outside_before"),
                           ParseOutside(data, "outside_after")};
    const nlohmann::json& child = Child(data);
    const std::int64_t setns_errno = I64(child, "setns_errno", "timens.clocks.data.child");
    if (setns_errno != 0) {
      return Fail(id,
                  "setns(initial time namespace) failed with errno " + std::to_string(setns_errno),
                  {{"setns_errno", setns_errno}},
                  {{"probe", "timens.clocks"},
                   {"context", "first task of a new time namespace"},
                   {"inputs", "setns(open(\"/proc/self/ns/time\") of the parent, CLONE_NEWTIME)"},
                   {"expected", 0},
                   {"observed", setns_errno}});
    }
    std::vector<std::string> problems;
    nlohmann::json observed = nlohmann::json::array();
    JudgeRows(Member(child, "after_setns", "timens.clocks.data.child"), "after_setns", outside,
              false, 0, 0, problems, observed);

    const nlohmann::json& view = Member(child, "after_setns_vvar", "timens.clocks.data.child");
    const nlohmann::json& readable = Member(view, "readable", "after_setns_vvar");
    const nlohmann::json& page0 = Member(view, "page0", "after_setns_vvar");
    nlohmann::json page0_evidence = nullptr;
    if (!readable.is_array() || readable.size() < 2 || readable[0] != true ||
        readable[1] != false || page0.is_null()) {
      problems.push_back("after setns the vvar pages' readability is " + readable.dump() +
                         ", expected page 0 readable and page 1 (the namespace slot) not");
    }
    if (!page0.is_null()) {
      const auto layout = ref::FindLayout(variant);
      if (!layout.ok()) return Error(id, layout.error());
      std::vector<std::uint8_t> bytes =
          DecodeSparseBytes(page0, "after_setns_vvar.page0", ref::kPageSize);
      bytes.resize(std::size_t{layout.value()->page_count} * ref::kPageSize, 0);
      const auto decoded = ref::DecodeVvar(bytes, variant);
      if (!decoded.ok()) return Error(id, "page 0 after setns does not decode: " + decoded.error());
      const ref::VdsoClock& clock = decoded.value().state.time.clock[ref::kCsHresCoarse];
      page0_evidence = {{"seq", clock.seq}, {"clock_mode", clock.clock_mode}};
      if (clock.clock_mode == ref::kClockModeTimens || clock.seq % 2 != 0) {
        problems.push_back("page 0 after setns is not the real time data (clock_mode " +
                           std::to_string(clock.clock_mode) + ", seq " + std::to_string(clock.seq) +
                           ")");
      }
    }
    const nlohmann::json evidence = {
        {"clocks", observed}, {"readable", readable}, {"page0_clock0", page0_evidence}};
    if (problems.empty()) {
      return Pass(id, "after setns every clock is offset-free and page 0 is the real data",
                  evidence);
    }
    return Fail(id, Join(problems), evidence,
                {{"probe", "timens.clocks"},
                 {"context", "after setns() from a new time namespace back to the initial one"},
                 {"inputs", "setns(open(\"/proc/self/ns/time\") of the parent, CLONE_NEWTIME)"},
                 {"expected", "no offsets; page 0 real data; page 1 unreadable"},
                 {"observed", evidence}});
  } catch (const ProbeDataError& error) {
    return Error(id, error.what());
  }
}

}  // namespace vdsoconf::live
