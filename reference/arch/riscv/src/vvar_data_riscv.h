// The codec's view of RISC-V's vvar data (hwprobe_cache.h): every member, named, with the rule a
// kernel-written value obeys (internal; reference/src/all_arch_vvar_data.cc calls it).
#pragma once

#include <string>
#include <vector>

#include "vdsoconf/reference/riscv/hwprobe_cache.h"
#include "vvar_codec_model.h"

namespace vdsoconf::ref::codec_internal::riscv {

// Appends `name`.all_cpu_hwprobe_values[i] (every slot), `name`.homogeneous_cpus and
// `name`.ready (booleans) to `out`.
void AppendHwprobeCacheMembers(const std::string& name, ref::riscv::HwprobeCache& cache,
                               std::vector<ModelMember>& out);

}  // namespace vdsoconf::ref::codec_internal::riscv
