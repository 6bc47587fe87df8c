// What Target::Evaluate returns: the architecture's verdicts on a completed boot's agent
// documents, as named checks of the results model.
#pragma once

#include <string>
#include <vector>

#include "vdsoconf/reports/results.h"
#include "vdsoconf/targets/target.h"

namespace vdsoconf::targets {

struct Evaluation {
  std::string generation;                    // layout generation identified; empty if unknown
  std::vector<reports::CheckResult> checks;  // named checks, in a stable order
};

}  // namespace vdsoconf::targets
