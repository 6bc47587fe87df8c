// vdso.diff: the differential matrix (diff_matrix.h) in every execution context a process can be
// in (diff_contexts.h).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "../diff_contexts.h"
#include "../probe_runner.h"
#include "probes.h"

namespace vdsoconf::agent {

bool ProbeVdsoDiff(ProbeContext& context) {
  VdsoFunctions functions;
  if (!ResolveCurrentVdsoFunctions(functions, context.error)) return false;
  const std::function<std::string()> contexts[] = {
      [&] { return DiffInInitialNamespaces(functions); },
      [&] { return DiffInSecondThread(functions); },
      [&] { return DiffInVforkChild(functions); },
      [&] { return DiffInTimeNamespace(functions, false); },
      [&] { return DiffInTimeNamespace(functions, true); },
      [] { return DiffAfterMremap(); },
      [&] { return DiffWithTaiOffset(functions); }};
  JsonWriter& data = context.data;
  // Each context's guest time (the syscall clock), so the default profile's budget is visible.
  std::vector<std::uint64_t> elapsed_us;
  data.Key("contexts");
  data.BeginArray();
  for (const auto& run : contexts) {
    const std::uint64_t start = MonotonicNowNs();
    data.Raw(run());
    elapsed_us.push_back((MonotonicNowNs() - start) / 1000);
  }
  data.EndArray();
  data.Key("elapsed_us");
  data.BeginArray();
  for (std::uint64_t us : elapsed_us) data.Uint(us);
  data.EndArray();
  return true;
}

}  // namespace vdsoconf::agent
