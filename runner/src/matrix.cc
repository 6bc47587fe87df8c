#include "vdsoconf/runner/matrix.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace vdsoconf::runner {

void RunMatrix(std::size_t count, int jobs, const std::function<void(std::size_t index)>& job) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) job(i);
  };
  std::size_t threads = std::min<std::size_t>(count, static_cast<std::size_t>(std::max(jobs, 1)));
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& thread : pool) thread.join();
}

}  // namespace vdsoconf::runner
