// Every scalar of a VvarState, named, with the rule a kernel-written value obeys (internal).
//
// The codec needs this to find model members a layout does not map (they must stay zero) and to
// apply Validate's rules, without writing one hand-maintained list per generation.
#pragma once

#include <string>
#include <vector>

#include "vdsoconf/reference/layout.h"
#include "vdsoconf/reference/vvar_state.h"

namespace vdsoconf::ref::codec_internal {

enum class ValueRule { kAny, kShift, kClockMode, kBoolean };

struct ModelMember {
  std::string name;  // "time.clock[0].max_cycles"
  FieldRef ref;
  ValueRule rule = ValueRule::kAny;
};

// The scalars of the architectures' data (arch_vvar_data.h), each named `name` + "." + its own
// name ("arch.ready", "time.arch_in_time_data[0].homogeneous_cpus"), appended to `out`. Every
// architecture's members, whatever the state's layout (all_arch_vvar_data.cc lists them).
void AppendArchTimeDataMembers(const std::string& name, ArchTimeData& data,
                               std::vector<ModelMember>& out);
void AppendArchPagesMembers(const std::string& name, ArchPages& pages,
                            std::vector<ModelMember>& out);

// All scalars of `state` (a superset of every layout's fields), in declaration order.
std::vector<ModelMember> ModelMembers(VvarState& state);

// The value behind `ref`, zero-extended to 64 bits (signed members by their bit pattern).
std::uint64_t ReadRef(const FieldRef& ref);
// Stores the low bits of `value` that fit the member.
void WriteRef(const FieldRef& ref, std::uint64_t value);

}  // namespace vdsoconf::ref::codec_internal
