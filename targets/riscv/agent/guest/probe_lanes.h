// Runs the foreground probes on the two harts of the machine: two at a time, except probes that
// must run alone.
//
// The default set's probes mostly observe their own process (mappings, namespaces, forked
// children, seccomp filters), so two of them side by side see what each would see alone; run
// one after the other they left a hart idle. A probe that changes what the others observe
// (stepping the clock, setting the TAI offset) or needs every hart to itself runs alone
// (ProbeInfo::runs_alone): the probes before it have ended when it starts, and the ones after
// it start when it has ended.
#pragma once

#include <cstddef>
#include <functional>

namespace vdsoconf::agent {

// Calls run(i) for every i in [0, count): in index order when runs_alone(i); otherwise a maximal
// stretch of consecutive indices that may share is handed out to two threads in index order
// (each takes the next index when its previous one returned). run may be called from either
// thread, so what it shares must be locked. Returns when every call has returned. When the
// second thread cannot be created the stretch runs on the calling thread alone.
void RunInLanes(std::size_t count, const std::function<bool(std::size_t)>& runs_alone,
                const std::function<void(std::size_t)>& run);

}  // namespace vdsoconf::agent
