// Runs the foreground probes on the two harts of the machine: two at a time, in plan order,
// unless the two would disturb each other.
//
// The default set's probes mostly observe their own process (mappings, namespaces, forked
// children, seccomp filters), so two of them side by side see what each would see alone; run
// one after the other they left a hart idle. A probe that needs every hart or steps the clock
// runs alone (ProbeInfo::runs_alone); a probe that changes a piece of global time state never
// runs beside one whose evidence depends on it (ProbeInfo::changes / observes).
#pragma once

#include <cstddef>
#include <functional>

namespace vdsoconf::agent {

// Calls run(i) for every i in [0, count), each on a thread of its own, starting them in index
// order: i starts when fewer than two calls are running and may_share(i, j) holds for the
// running j (the caller makes may_share symmetric). run may be called from two threads at once,
// so what it shares must be locked. Returns when every call has returned. When a thread cannot
// be created, run(i) is called on the calling thread once nothing else runs.
void RunInLanes(std::size_t count, const std::function<bool(std::size_t, std::size_t)>& may_share,
                const std::function<void(std::size_t)>& run);

}  // namespace vdsoconf::agent
