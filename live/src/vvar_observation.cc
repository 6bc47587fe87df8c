#include "vdsoconf/live/vvar_observation.h"

#include "vdsoconf/live/agent_documents.h"

namespace vdsoconf::live {
namespace {

constexpr std::uint64_t kMaxPages = 64;

std::vector<ClockSample> ParseClockSamples(const nlohmann::json& array, const std::string& path) {
  if (!array.is_array()) throw ProbeDataError(path + ": expected an array");
  std::vector<ClockSample> samples;
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string item = path + "[" + std::to_string(i) + "]";
    ClockSample sample;
    sample.clock = static_cast<std::int32_t>(I64(array[i], "clock", item));
    sample.counter_before = U64(array[i], "counter_before", item);
    sample.sec = I64(array[i], "sec", item);
    sample.nsec = I64(array[i], "nsec", item);
    sample.counter_after = U64(array[i], "counter_after", item);
    sample.error = static_cast<std::int32_t>(I64(array[i], "errno", item));
    samples.push_back(sample);
  }
  return samples;
}

VvarSnapshot ParseSnapshot(const nlohmann::json& json, const VvarDump& dump,
                           const std::string& path) {
  VvarSnapshot snapshot;
  snapshot.before = ParseClockSamples(Member(json, "before", path), path + ".before");
  snapshot.after = ParseClockSamples(Member(json, "after", path), path + ".after");
  const nlohmann::json& copy = Member(json, "copy", path);
  snapshot.copy_counter_before = U64(copy, "counter_before", path + ".copy");
  snapshot.copy_counter_after = U64(copy, "counter_after", path + ".copy");
  snapshot.copy_seq_before = static_cast<std::uint32_t>(U64(copy, "seq_before", path + ".copy"));
  snapshot.copy_seq_after = static_cast<std::uint32_t>(U64(copy, "seq_after", path + ".copy"));
  const nlohmann::json& pages = Member(json, "pages", path);
  if (!pages.is_array() || pages.size() != dump.page_count) {
    throw ProbeDataError(path + ".pages: expected " + std::to_string(dump.page_count) + " entries");
  }
  snapshot.bytes.assign(dump.page_count * dump.page_size, 0);
  for (std::size_t i = 0; i < pages.size(); ++i) {
    if (pages[i].is_null()) continue;
    const std::string page_path = path + ".pages[" + std::to_string(i) + "]";
    const std::vector<std::uint8_t> page = DecodeSparseBytes(pages[i], page_path, dump.page_size);
    if (page.size() != dump.page_size) throw ProbeDataError(page_path + ": not one page");
    std::copy(page.begin(), page.end(),
              snapshot.bytes.begin() + static_cast<std::ptrdiff_t>(i * dump.page_size));
  }
  return snapshot;
}

}  // namespace

const ClockSample* VvarSnapshot::Find(const std::vector<ClockSample>& samples, std::int32_t clock) {
  for (const ClockSample& sample : samples) {
    if (sample.clock == clock) return &sample;
  }
  return nullptr;
}

VvarDump ParseVvarDump(const nlohmann::json& data) {
  const std::string path = "vvar.dump.data";
  VvarDump dump;
  dump.release = Str(data, "release", path);
  dump.page_size = U64(data, "page_size", path);
  const nlohmann::json& vvar = Member(data, "vvar", path);
  dump.vvar_start = U64(vvar, "start", path + ".vvar");
  dump.page_count = U64(vvar, "pages", path + ".vvar");
  if (dump.page_size == 0 || dump.page_size > (1u << 16) || dump.page_count == 0 ||
      dump.page_count > kMaxPages) {
    throw ProbeDataError(path + ": implausible page_size " + std::to_string(dump.page_size) +
                         " or page count " + std::to_string(dump.page_count));
  }
  const nlohmann::json& readable = Member(data, "readable", path);
  if (!readable.is_array() || readable.size() != dump.page_count) {
    throw ProbeDataError(path + ".readable: expected one boolean per page");
  }
  for (const nlohmann::json& flag : readable) {
    if (!flag.is_boolean()) throw ProbeDataError(path + ".readable: expected booleans");
    dump.readable.push_back(flag.get<bool>());
  }
  const nlohmann::json& timebase = Member(data, "timebase_frequency", path);
  if (!timebase.is_null())
    dump.timebase_frequency = U64(timebase, "value", path + ".timebase_frequency");
  const nlohmann::json& hwprobe = Member(data, "hwprobe_time_csr_freq", path);
  if (I64(hwprobe, "ret", path + ".hwprobe_time_csr_freq") == 0 &&
      I64(hwprobe, "key", path + ".hwprobe_time_csr_freq") == 8) {
    dump.hwprobe_time_csr_freq = U64(hwprobe, "value", path + ".hwprobe_time_csr_freq");
  }
  const nlohmann::json& clocksource = Member(data, "current_clocksource", path);
  if (clocksource.is_string()) dump.current_clocksource = clocksource.get<std::string>();
  const nlohmann::json& getres = Member(data, "clock_getres", path);
  if (!getres.is_array()) throw ProbeDataError(path + ".clock_getres: expected an array");
  for (std::size_t i = 0; i < getres.size(); ++i) {
    const std::string item = path + ".clock_getres[" + std::to_string(i) + "]";
    dump.clock_getres.push_back({static_cast<std::int32_t>(I64(getres[i], "clock", item)),
                                 I64(getres[i], "sec", item), I64(getres[i], "nsec", item),
                                 static_cast<std::int32_t>(I64(getres[i], "errno", item))});
  }
  const nlohmann::json& seqs = Member(data, "seq_samples", path);
  if (!seqs.is_array()) throw ProbeDataError(path + ".seq_samples: expected an array");
  for (std::size_t i = 0; i < seqs.size(); ++i) {
    const std::string item = path + ".seq_samples[" + std::to_string(i) + "]";
    dump.seq_samples.push_back(
        {U64(seqs[i], "counter", item), static_cast<std::uint32_t>(U64(seqs[i], "seq", item))});
  }
  const nlohmann::json& snapshots = Member(data, "snapshots", path);
  if (!snapshots.is_array()) throw ProbeDataError(path + ".snapshots: expected an array");
  for (std::size_t i = 0; i < snapshots.size(); ++i) {
    dump.snapshots.push_back(
        ParseSnapshot(snapshots[i], dump, path + ".snapshots[" + std::to_string(i) + "]"));
  }
  return dump;
}

std::vector<ref::DecodedVvar> DecodeSnapshots(const VvarDump& dump, ref::LayoutVariant variant) {
  if (dump.page_size != ref::kPageSize) {
    throw ProbeDataError("page size " + std::to_string(dump.page_size) + " is not the codec's " +
                         std::to_string(ref::kPageSize));
  }
  std::vector<ref::DecodedVvar> decoded;
  for (std::size_t i = 0; i < dump.snapshots.size(); ++i) {
    auto result = ref::DecodeVvar(dump.snapshots[i].bytes, variant);
    if (!result.ok()) {
      throw ProbeDataError("snapshot " + std::to_string(i) + " does not decode as " +
                           ref::LayoutVariantName(variant) + ": " + result.error());
    }
    decoded.push_back(std::move(result).value());
  }
  return decoded;
}

}  // namespace vdsoconf::live
