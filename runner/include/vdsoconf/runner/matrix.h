// Running a matrix of independent jobs (one per kernel) with at most N at a time.
#pragma once

#include <cstddef>
#include <functional>

namespace vdsoconf::runner {

// Calls job(0) ... job(count-1), at most `jobs` of them concurrently (jobs < 1 is taken as 1),
// each on its own thread, and returns when all have returned. Jobs start in index order. A job
// must not throw: an escaping exception would end the program (std::terminate), so callers
// turn failures into results (RunKernel does).
void RunMatrix(std::size_t count, int jobs, const std::function<void(std::size_t index)>& job);

}  // namespace vdsoconf::runner
