#include "probe_lanes.h"

#include <pthread.h>

#include <atomic>

namespace vdsoconf::agent {
namespace {

struct Stretch {
  std::atomic<std::size_t> next;
  std::size_t end;
  const std::function<void(std::size_t)>* run;
};

void* TakeUntilEmpty(void* argument) {
  auto* stretch = static_cast<Stretch*>(argument);
  for (std::size_t i; (i = stretch->next.fetch_add(1)) < stretch->end;) (*stretch->run)(i);
  return nullptr;
}

}  // namespace

void RunInLanes(std::size_t count, const std::function<bool(std::size_t)>& runs_alone,
                const std::function<void(std::size_t)>& run) {
  std::size_t index = 0;
  while (index < count) {
    if (runs_alone(index)) {
      run(index++);
      continue;
    }
    std::size_t end = index;
    while (end < count && !runs_alone(end)) ++end;
    Stretch stretch{{index}, end, &run};
    pthread_t second;
    const bool two =
        end - index > 1 && pthread_create(&second, nullptr, TakeUntilEmpty, &stretch) == 0;
    TakeUntilEmpty(&stretch);
    if (two) pthread_join(second, nullptr);
    index = end;
  }
}

}  // namespace vdsoconf::agent
