#include "diff_synthetic.h"

#include <stdexcept>

#include "vdsoconf/live/diff_checks.h"
#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/targets/riscv/live/riscv_live_checks.h"

namespace vdsoconf::live::testing {
namespace {

constexpr std::int64_t kSentinel64 = 0x5a5a5a5a5a5a5a5a;
constexpr std::int64_t kSentinel32 = 0x5a5a5a5a;
constexpr std::int64_t kEinval = -22;
constexpr std::int64_t kSentinelErrno = 131;

nlohmann::json Time(std::int64_t ret, std::int64_t sec, std::int64_t nsec) {
  return {{"ret", ret}, {"sec", sec}, {"nsec", nsec}};
}

nlohmann::json Tod(std::int64_t ret, bool tv, bool tz, std::int64_t usec) {
  return {{"ret", ret},
          {"sec", tv ? 1000 : kSentinel64},
          {"usec", tv ? usec : kSentinel64},
          {"minuteswest", tz ? 0 : kSentinel32},
          {"dsttime", tz ? 0 : kSentinel32}};
}

}  // namespace

nlohmann::json AgreeingMatrix() {
  nlohmann::json matrix = {{"vdso_base", 0x3fff000000}};
  matrix["exported"] = nlohmann::json::object();
  for (const LiveEntry& entry : targets::riscv::Truths().entries) {
    matrix["exported"][std::string(entry.key)] = true;
  }
  nlohmann::json gettime = nlohmann::json::array(), getres = nlohmann::json::array();
  for (int clock = -3; clock <= 31; ++clock) {
    const bool valid = clock >= 0 && clock <= 11 && clock != 10;
    if (valid) {
      gettime.push_back({{"clock", clock},
                         {"before", Time(0, 100, 500)},
                         {"vdso", Time(0, 100, 600)},
                         {"after", Time(0, 100, 700)}});
      getres.push_back({{"clock", clock}, {"syscall", Time(0, 0, 1)}, {"vdso", Time(0, 0, 1)}});
    } else {
      const nlohmann::json untouched = Time(kEinval, kSentinel64, kSentinel64);
      gettime.push_back(
          {{"clock", clock}, {"before", untouched}, {"vdso", untouched}, {"after", untouched}});
      getres.push_back({{"clock", clock}, {"syscall", untouched}, {"vdso", untouched}});
    }
  }
  matrix["clock_gettime"] = gettime;
  matrix["clock_getres"] = getres;
  matrix["gettimeofday"] = nlohmann::json::array();
  for (int i = 0; i < 4; ++i) {
    const bool tv = (i & 1) == 0, tz = (i & 2) == 0;
    matrix["gettimeofday"].push_back({{"tv", tv},
                                      {"tz", tz},
                                      {"before", Tod(0, tv, tz, 10)},
                                      {"vdso", Tod(0, tv, tz, 11)},
                                      {"after", Tod(0, tv, tz, 12)}});
  }
  const nlohmann::json cpu = {{"ret", 0}, {"cpu", 1}, {"node", 0}};
  matrix["getcpu"] = {{{"pointers", true}, {"before", cpu}, {"vdso", cpu}, {"after", cpu}}};
  const nlohmann::json hwprobe = {
      {"ret", 0}, {"pairs", {{-1, 0}, {0, 0}, {4, 0x3ffff}}}, {"cpus_after", 0}};
  matrix["riscv_hwprobe"] = {{{"case", "all-keys"},
                              {"flags", 0},
                              {"cpusetsize", 0},
                              {"cpus", 0},
                              {"syscall", hwprobe},
                              {"vdso", hwprobe}}};
  const nlohmann::json random = {{"ret", 32}, {"wrote", true}};
  matrix["getrandom"] = {
      {{"length", 32}, {"flags", 0}, {"state_setup", 0}, {"syscall", random}, {"vdso", random}}};
  matrix["flush_icache"] = {{{"syscall", {{"ret", 0}}}, {"vdso", {{"ret", 0}}}}};
  return matrix;
}

nlohmann::json DiffDocuments(const std::string& release) {
  nlohmann::json contexts = nlohmann::json::array();
  for (std::string_view context : DiffContexts()) {
    contexts.push_back({{"context", context},
                        {"setup", nullptr},
                        {"error", nullptr},
                        {"matrix", AgreeingMatrix()}});
  }
  return nlohmann::json::array({{{"type", "agent-start"}, {"uname", {{"release", release}}}},
                                {{"type", "probe-result"},
                                 {"probe", "vdso.diff"},
                                 {"status", "ok"},
                                 {"elapsed_ms", 80},
                                 {"data", {{"contexts", contexts}}}}});
}

nlohmann::json FallbackData72() {
  const std::int64_t fell = -kSentinelErrno;
  nlohmann::json data = {{"sentinel_errno", kSentinelErrno},
                         {"current_clocksource", "riscv_clocksource"},
                         {"filter", {{"errno", 0}, {"failed_step", ""}}}};
  data["exported"] = nlohmann::json::object();
  for (const LiveEntry& entry : targets::riscv::Truths().entries) {
    data["exported"][std::string(entry.key)] = true;
  }
  nlohmann::json gettime = nlohmann::json::array(), getres = nlohmann::json::array();
  for (int clock = -3; clock <= 31; ++clock) {
    const ref::ClockIdClass kind = ref::ClassifyClockId(ref::Generation::kLinux7_2, clock);
    const bool time_answered = kind == ref::ClockIdClass::kHres ||
                               kind == ref::ClockIdClass::kRaw ||
                               kind == ref::ClockIdClass::kCoarse;
    const bool res_answered = time_answered || kind == ref::ClockIdClass::kAux;
    gettime.push_back(
        {{"clock", clock}, {"vdso_ret", time_answered ? 0 : fell}, {"control_ret", fell}});
    getres.push_back(
        {{"clock", clock}, {"vdso_ret", res_answered ? 0 : fell}, {"control_ret", fell}});
  }
  data["clock_gettime"] = gettime;
  data["clock_getres"] = getres;
  data["gettimeofday"] = nlohmann::json::array();
  for (int i = 0; i < 4; ++i) {
    data["gettimeofday"].push_back(
        {{"tv", (i & 1) == 0}, {"tz", (i & 2) == 0}, {"vdso_ret", 0}, {"control_ret", fell}});
  }
  data["getcpu"] = {{{"vdso_ret", fell}, {"control_ret", fell}}};
  data["riscv_hwprobe"] = {{{"case", "all-keys"}, {"vdso_ret", 0}, {"control_ret", fell}}};
  data["getrandom"] = {{{"length", 32},
                        {"flags", 0},
                        {"state", "warm"},
                        {"state_setup", 0},
                        {"vdso_ret", 32},
                        {"control_ret", fell}},
                       {{"length", 32},
                        {"flags", 0},
                        {"state", "fresh"},
                        {"state_setup", 0},
                        {"vdso_ret", fell},
                        {"control_ret", fell}}};
  data["flush_icache"] = {{{"vdso_ret", fell}, {"control_ret", fell}}};
  return data;
}

nlohmann::json& RowOfClock(nlohmann::json& rows, int clock) {
  for (nlohmann::json& row : rows) {
    if (row.at("clock") == clock) return row;
  }
  throw std::out_of_range("no row for clock " + std::to_string(clock));
}

}  // namespace vdsoconf::live::testing
