#include "vvar_data_riscv.h"

namespace vdsoconf::ref::codec_internal::riscv {

void AppendHwprobeCacheMembers(const std::string& name, ref::riscv::HwprobeCache& cache,
                               std::vector<ModelMember>& out) {
  for (std::size_t i = 0; i < cache.all_cpu_hwprobe_values.size(); ++i) {
    out.push_back(ModelMember{name + ".all_cpu_hwprobe_values[" + std::to_string(i) + "]",
                              FieldRef(&cache.all_cpu_hwprobe_values[i]), ValueRule::kAny});
  }
  out.push_back(ModelMember{name + ".homogeneous_cpus", FieldRef(&cache.homogeneous_cpus),
                            ValueRule::kBoolean});
  out.push_back(ModelMember{name + ".ready", FieldRef(&cache.ready), ValueRule::kBoolean});
}

}  // namespace vdsoconf::ref::codec_internal::riscv
