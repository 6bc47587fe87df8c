// The architecture whose reference model a fuzzer works on, without its Target: the model
// fuzzer links only the model, because libFuzzer scans every coverage counter of the binary after
// each input, and a whole Target (agent, executor, check plans) would bring thousands (its
// exec/s fell to half when it linked one).
//
// Named like the Target (vdsoconf/fuzz/fuzzed_target.h), in the environment:
//   VDSOCONF_FUZZ_ARCH=NAME   an architecture; unset or empty: ref::DefaultArchModel(), the
//                             default target's (a test holds the two defaults together).
#pragma once

#include "vdsoconf/reference/arch_model.h"

namespace vdsoconf::fuzz {

// The model of $VDSOCONF_FUZZ_ARCH's architecture, or ref::DefaultArchModel(): whose clock
// modes the model inputs' mutator uses. Throws InfraError naming the variable and the known
// architectures when it names none.
const ref::ArchModel& FuzzedArchModel();

}  // namespace vdsoconf::fuzz
