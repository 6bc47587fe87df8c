#include "vdsoconf/live/timens_checks.h"

#include <string>
#include <vector>

#include "vdsoconf/live/check_builders.h"
#include "vdsoconf/reference/vvar_codec.h"

namespace vdsoconf::live {
namespace {

struct Offset {
  std::int64_t sec = 0;
  std::int64_t nsec = 0;
};

Offset ParseOffset(const nlohmann::json& data, const char* key) {
  const std::string path = std::string("vvar.timens.data.") + key;
  const nlohmann::json& offset = Member(data, key, "vvar.timens.data");
  return {I64(offset, "sec", path), I64(offset, "nsec", path)};
}

std::vector<std::uint8_t> InsideBytes(const nlohmann::json& inside) {
  const nlohmann::json& pages = Member(inside, "pages", "vvar.timens.data.inside");
  if (!pages.is_array()) throw ProbeDataError("vvar.timens.data.inside.pages: expected an array");
  std::vector<std::uint8_t> bytes;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    std::vector<std::uint8_t> page(ref::kPageSize, 0);
    if (!pages[i].is_null()) {
      page = DecodeSparseBytes(pages[i], "vvar.timens.data.inside.pages[" + std::to_string(i) + "]",
                               ref::kPageSize);
    }
    bytes.insert(bytes.end(), page.begin(), page.end());
  }
  return bytes;
}

void ExpectOffset(const ref::VdsoClock& clock, int base, std::int32_t slot, const char* slot_name,
                  const Offset& want, std::vector<std::string>& problems) {
  const ref::VdsoTimestamp& got = clock.basetime[static_cast<std::size_t>(slot)];
  if (got.OffsetSec() != want.sec || got.nsec != static_cast<std::uint64_t>(want.nsec)) {
    problems.push_back("clock[" + std::to_string(base) + "].offset[" + slot_name + "] is {" +
                       std::to_string(got.OffsetSec()) + ", " + std::to_string(got.nsec) +
                       "}, set {" + std::to_string(want.sec) + ", " + std::to_string(want.nsec) +
                       "}");
  }
}

}  // namespace

reports::CheckResult CheckVvarTimens(const ProbeDocument* timens, ref::LayoutVariant variant) {
  const std::string id = "vvar.timens";
  if (timens == nullptr || timens->status != "ok")
    return ProbeDidNotFinish(id, timens, "vvar.timens");
  try {
    const nlohmann::json& data = timens->data;
    const std::int64_t unshare_errno = I64(data, "unshare_errno", "vvar.timens.data");
    if (unshare_errno != 0) {
      return Skip(id,
                  "unshare(CLONE_NEWTIME) failed with errno " + std::to_string(unshare_errno) +
                      " (kernel without CONFIG_TIME_NS?)",
                  {{"unshare_errno", unshare_errno}});
    }
    const Offset monotonic = ParseOffset(data, "monotonic_offset");
    const Offset boottime = ParseOffset(data, "boottime_offset");
    const nlohmann::json& inside = Member(data, "inside", "vvar.timens.data");
    auto decoded = ref::DecodeVvar(InsideBytes(inside), variant);
    if (!decoded.ok()) return Error(id, "inside view does not decode: " + decoded.error());
    const ref::VvarState& state = decoded.value().state;

    std::vector<std::string> problems;
    const nlohmann::json& readable = Member(inside, "readable", "vvar.timens.data.inside");
    if (!readable.is_array() || readable.size() < 2 || readable[0] != true || readable[1] != true) {
      problems.push_back("pages 0 and 1 are not both readable inside the namespace: " +
                         readable.dump());
    }
    for (int base : {ref::kCsHresCoarse, ref::kCsRaw}) {
      const ref::VdsoClock& clock = state.time.clock[static_cast<std::size_t>(base)];
      if (clock.seq != 1 || clock.clock_mode != ref::kClockModeTimens) {
        problems.push_back("page 0 clock[" + std::to_string(base) + "] has seq " +
                           std::to_string(clock.seq) + " and clock_mode " +
                           std::to_string(clock.clock_mode) + ", expected 1 and TIMENS");
      }
      ExpectOffset(clock, base, ref::kClockMonotonic, "MONOTONIC", monotonic, problems);
      ExpectOffset(clock, base, ref::kClockMonotonicRaw, "MONOTONIC_RAW", monotonic, problems);
      ExpectOffset(clock, base, ref::kClockMonotonicCoarse, "MONOTONIC_COARSE", monotonic,
                   problems);
      ExpectOffset(clock, base, ref::kClockBoottime, "BOOTTIME", boottime, problems);
      ExpectOffset(clock, base, ref::kClockBoottimeAlarm, "BOOTTIME_ALARM", boottime, problems);
    }
    const ref::VdsoClock& real = state.timens.clock[ref::kCsHresCoarse];
    if (real.clock_mode == ref::kClockModeTimens || real.seq % 2 != 0) {
      problems.push_back("page 1 is not the real time data (clock_mode " +
                         std::to_string(real.clock_mode) + ", seq " + std::to_string(real.seq) +
                         ")");
    }
    const std::int64_t inside_monotonic_sec =
        I64(Member(inside, "monotonic", "vvar.timens.data.inside"), "sec",
            "vvar.timens.data.inside.monotonic");
    if (inside_monotonic_sec < monotonic.sec) {
      problems.push_back("CLOCK_MONOTONIC inside the namespace (" +
                         std::to_string(inside_monotonic_sec) + " s) is below the offset");
    }
    const nlohmann::json evidence = {
        {"monotonic_offset", {monotonic.sec, monotonic.nsec}},
        {"boottime_offset", {boottime.sec, boottime.nsec}},
        {"page0_clock0",
         {{"seq", state.time.clock[0].seq},
          {"clock_mode", state.time.clock[0].clock_mode},
          {"offset_monotonic",
           {state.time.clock[0].basetime[ref::kClockMonotonic].OffsetSec(),
            state.time.clock[0].basetime[ref::kClockMonotonic].nsec}},
          {"offset_boottime",
           {state.time.clock[0].basetime[ref::kClockBoottime].OffsetSec(),
            state.time.clock[0].basetime[ref::kClockBoottime].nsec}}}},
        {"page1_clock0", {{"seq", real.seq}, {"clock_mode", real.clock_mode}}},
        {"inside_monotonic_sec", inside_monotonic_sec},
        {"readable", readable}};
    if (problems.empty())
      return Pass(id, "namespace page at page 0 with the offsets set", evidence);
    std::string message;
    for (const std::string& problem : problems) message += (message.empty() ? "" : "; ") + problem;
    return Fail(id, message, evidence,
                {{"probe", "vvar.timens"},
                 {"inputs",
                  {{"monotonic_offset", {monotonic.sec, monotonic.nsec}},
                   {"boottime_offset", {boottime.sec, boottime.nsec}}}},
                 {"expected", "page 0: seq 1, TIMENS, the offsets; page 1: real data"},
                 {"observed", evidence}});
  } catch (const ProbeDataError& error) {
    return Error(id, error.what());
  }
}

}  // namespace vdsoconf::live
