// The architecture a fuzzer of real vDSO code works on. The fuzzers reach architecture code only
// through its Target (vdsoconf/targets/target.h): its image extraction and its executor.
//
// libFuzzer owns a fuzzer's command line, so the architecture is named in the environment:
//   VDSOCONF_FUZZ_ARCH=NAME   a Target name (`vdsoconf` help lists them); unset or empty: the
//                             default target, the one `vdsoconf fuzz --kernel` provisions from.
#pragma once

#include "vdsoconf/fuzz/fuzzed_arch_model.h"  // FuzzedArchModel, the same variable
#include "vdsoconf/targets/target.h"

namespace vdsoconf::fuzz {

// The Target $VDSOCONF_FUZZ_ARCH names, or DefaultTarget(). Throws InfraError naming the variable
// and the known architectures when it names none.
targets::Target& FuzzedTarget();

}  // namespace vdsoconf::fuzz
