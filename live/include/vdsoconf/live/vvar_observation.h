// The "vvar.dump" probe's data as typed values, with each snapshot's bytes decoded by the
// reference codec (reference/include/vdsoconf/reference/vvar_codec.h).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "vdsoconf/live/agent_documents.h"
#include "vdsoconf/reference/vvar_codec.h"

namespace vdsoconf::live {

// One clock_gettime syscall bracketed by counter reads: the counter value the kernel used lies
// in [counter_before, counter_after].
struct ClockSample {
  std::int32_t clock = 0;
  std::uint64_t counter_before = 0;
  std::int64_t sec = 0;
  std::int64_t nsec = 0;
  std::uint64_t counter_after = 0;
  std::int32_t error = 0;  // errno of the syscall; 0 = success
};

struct SeqSample {
  std::uint64_t counter = 0;
  std::uint32_t seq = 0;
};

struct VvarSnapshot {
  std::vector<ClockSample> before;
  std::vector<ClockSample> after;
  std::uint64_t copy_counter_before = 0;  // counter read just before the page copy
  std::uint64_t copy_counter_after = 0;   // and just after
  std::uint32_t copy_seq_before = 0;      // page 0 offset 0 just before the copy
  std::uint32_t copy_seq_after = 0;
  // The whole mapping, page_count * page_size bytes; unreadable pages are zero.
  std::vector<std::uint8_t> bytes;

  // The copy is consistent: the seq did not move during it and was even.
  bool Quiet() const { return copy_seq_before == copy_seq_after && copy_seq_before % 2 == 0; }
  // The sample of `clock` in `samples`, or nullptr.
  static const ClockSample* Find(const std::vector<ClockSample>& samples, std::int32_t clock);
};

struct ClockRes {
  std::int32_t clock = 0;
  std::int64_t sec = 0;
  std::int64_t nsec = 0;
  std::int32_t error = 0;
};

struct VvarDump {
  std::string release;
  std::uint64_t page_size = 0;
  std::uint64_t vvar_start = 0;
  std::uint64_t page_count = 0;
  std::vector<bool> readable;
  std::optional<std::uint64_t> timebase_frequency;     // device tree cpus/timebase-frequency
  std::optional<std::uint64_t> hwprobe_time_csr_freq;  // riscv_hwprobe key 8, when it answered
  std::optional<std::string> current_clocksource;
  std::vector<ClockRes> clock_getres;
  std::vector<SeqSample> seq_samples;
  std::vector<VvarSnapshot> snapshots;
};

// Parses the vvar.dump probe's data object. Throws ProbeDataError on a missing or mistyped
// member, on page dumps whose size is not page_size, or on page_count above 64.
VvarDump ParseVvarDump(const nlohmann::json& data);

// Each snapshot decoded as `variant`. Requires page_size == ref::kPageSize (the codec's page);
// otherwise, or when the codec refuses the bytes, throws ProbeDataError with the codec's message.
std::vector<ref::DecodedVvar> DecodeSnapshots(const VvarDump& dump, ref::LayoutVariant variant);

}  // namespace vdsoconf::live
