// The seqlock stress probes: the default short run and the opt-in long one (stress_seqlock.h).
#include "../stress_seqlock.h"
#include "probes.h"

namespace vdsoconf::agent {
namespace {

// The default profile's budget (issue #4: the whole default run within twice a trivial boot):
// the writer goes on past 50 ms until it has made its minimum of actions (stress_seqlock.cc), so
// a run still has ~20 steps, ~20 frequency changes and ~20 slews; on a 6.12 kernel the coarse
// clocks stepping back under a frequency change showed in ~850 of ~2100 reads per clock in 150
// ms, so a third of that still finds it. The long profile is the thorough one.
constexpr SeqlockStressOptions kDefaultProfile{50, 3};
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
