// The mremap-scenario and bad-input checks (live/mremap_checks.h, live/bad_input_checks.h) with
// the generation a RISC-V kernel release implies.
#pragma once

#include <string>

#include "vdsoconf/live/agent_documents.h"
#include "vdsoconf/targets/riscv/live/riscv_live_checks.h"

namespace vdsoconf::targets::riscv {

// Appends every vdso.mremap.<scenario> check, then every bad_input.<entry> check. Without a
// known generation they are errors: there is no documented behaviour to compare with.
void AppendMremapChecks(const live::AgentRun& run, LiveEvaluation& evaluation);

// Appends the same ids, each an error saying `why` (the documents could not be read at all).
void AppendMremapErrors(const std::string& why, LiveEvaluation& evaluation);

}  // namespace vdsoconf::targets::riscv
