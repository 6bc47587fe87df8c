// The seqlock stress probes: the default short run and the opt-in long one (stress_seqlock.h).
#include "../stress_seqlock.h"
#include "probes.h"

namespace vdsoconf::agent {
namespace {

// Long enough for ~50 writer actions and a few hundred reader sections per hart under TCG,
// short enough for the default profile's budget.
constexpr SeqlockStressOptions kDefaultProfile{150, 3};
// The opt-in profile: ~5000 writer actions; still well inside the default 20 s watchdog.
constexpr SeqlockStressOptions kLongProfile{5000, 8};

}  // namespace

bool ProbeStressSeqlock(ProbeContext& context) {
  return RunSeqlockStress(kDefaultProfile, context.data, context.error);
}

bool ProbeStressSeqlockLong(ProbeContext& context) {
  return RunSeqlockStress(kLongProfile, context.data, context.error);
}

}  // namespace vdsoconf::agent
