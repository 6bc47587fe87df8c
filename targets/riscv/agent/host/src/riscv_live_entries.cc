#include "vdsoconf/targets/riscv/live/riscv_live_entries.h"

#include <array>
#include <optional>
#include <string>

#include "vdsoconf/live/agent_documents.h"

namespace vdsoconf::targets::riscv {
namespace {

std::optional<live::DiffRowProblem> HwprobeDiffRow(const nlohmann::json& row,
                                                   const std::string& path) {
  const std::string name = live::Str(row, "case", path);
  const nlohmann::json inputs = {{"case", name},
                                 {"flags", live::U64(row, "flags", path)},
                                 {"cpusetsize", live::U64(row, "cpusetsize", path)},
                                 {"cpus", live::U64(row, "cpus", path)}};
  const std::string difference =
      live::FirstDifference(live::Member(row, "vdso", path), live::Member(row, "syscall", path),
                            {"ret", "pairs", "cpus_after"}, path);
  if (difference.empty()) return std::nullopt;
  return live::DiffRowProblem{"riscv_hwprobe " + name + ": " + difference, inputs, row["vdso"],
                              row["syscall"]};
}

nlohmann::json HwprobeFallbackInputs(const nlohmann::json& row, const std::string& path) {
  return {{"case", live::Str(row, "case", path)}, {"flags", 0}, {"cpus", nullptr}};
}

std::optional<live::DiffRowProblem> FlushIcacheDiffRow(const nlohmann::json& row,
                                                       const std::string& path) {
  const std::string difference = live::FirstDifference(
      live::Member(row, "vdso", path), live::Member(row, "syscall", path), {"ret"}, path);
  if (difference.empty()) return std::nullopt;
  return live::DiffRowProblem{"flush_icache(buffer, buffer + 16, 0): " + difference,
                              {{"flags", 0}},
                              row["vdso"],
                              row["syscall"]};
}

constexpr live::OwnEntryChecks kHwprobeChecks{
    .diff_row = &HwprobeDiffRow,
    .fallback_inputs = &HwprobeFallbackInputs,
    .reads_vvar = true,
};
constexpr live::OwnEntryChecks kFlushIcacheChecks{
    .diff_row = &FlushIcacheDiffRow,
    .fallback_inputs = nullptr,
    .reads_vvar = false,
};

constexpr std::array kEntries{
    live::LiveEntry{"clock_gettime"},
    live::LiveEntry{"clock_getres"},
    live::LiveEntry{"gettimeofday"},
    live::LiveEntry{"getcpu"},
    live::LiveEntry{"riscv_hwprobe", &kHwprobeChecks},
    live::LiveEntry{"getrandom"},
    live::LiveEntry{"flush_icache", &kFlushIcacheChecks},
};

}  // namespace

std::span<const live::LiveEntry> LiveEntries() {
  return kEntries;
}

}  // namespace vdsoconf::targets::riscv
