// vvar.dump's evidence of the `time` CSR's frequency: the device tree's timebase-frequency (what
// the riscv timer registers its clocksource with) and hwprobe's TIME_CSR_FREQ. Written as
//   "timebase_frequency": {"bytes_hex": "...", "value": N} | null,
//   "hwprobe_time_csr_freq": {"ret": N, "key": N, "value": N}
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "arch_hooks.h"
#include "guest_io.h"
#include "json_writer.h"

namespace vdsoconf::agent::arch {
namespace {

constexpr std::int64_t kHwprobeKeyTimeCsrFreq = 8;  // RISCV_HWPROBE_KEY_TIME_CSR_FREQ

void WriteTimebase(JsonWriter& json) {
  json.Key("timebase_frequency");
  const auto bytes = ReadWholeFile("/proc/device-tree/cpus/timebase-frequency");
  if (!bytes || (bytes->size() != 4 && bytes->size() != 8)) {
    json.Null();
    return;
  }
  std::uint64_t value = 0;  // device-tree cells are big-endian; one or two cells
  for (char c : *bytes) value = value << 8 | static_cast<unsigned char>(c);
  json.BeginObject();
  json.Field("bytes_hex", HexBytes(*bytes));
  json.Field("value", value);
  json.EndObject();
}

void WriteHwprobeTimebase(JsonWriter& json) {
  struct {
    std::int64_t key;
    std::uint64_t value;
  } pair{kHwprobeKeyTimeCsrFreq, 0};
  const long ret = syscall(kSysRiscvHwprobe, &pair, 1, 0, nullptr, 0);
  json.Key("hwprobe_time_csr_freq");
  json.BeginObject();
  json.Field("ret", static_cast<std::int64_t>(ret == 0 ? 0 : -errno));
  json.Field("key", pair.key);
  json.Field("value", pair.value);
  json.EndObject();
}

}  // namespace

void WriteCounterFrequency(JsonWriter& data) {
  WriteTimebase(data);
  WriteHwprobeTimebase(data);
}

}  // namespace vdsoconf::agent::arch
