#include "probe_lanes.h"

#include <pthread.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <vector>

namespace vdsoconf::agent {
namespace {

constexpr std::size_t kLanes = 2;  // the machine's harts (machines.json: -smp 2)

struct Lanes {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::size_t> running;
  const std::function<void(std::size_t)>* run = nullptr;
};

struct Job {
  Lanes* lanes;
  std::size_t index;
};

void Finish(Lanes& lanes, std::size_t index) {
  std::lock_guard lock(lanes.mutex);
  lanes.running.erase(std::find(lanes.running.begin(), lanes.running.end(), index));
  lanes.changed.notify_all();
}

void* RunJob(void* argument) {
  const Job job = *static_cast<Job*>(argument);
  delete static_cast<Job*>(argument);
  (*job.lanes->run)(job.index);
  Finish(*job.lanes, job.index);
  return nullptr;
}

}  // namespace

void RunInLanes(std::size_t count, const std::function<bool(std::size_t, std::size_t)>& may_share,
                const std::function<void(std::size_t)>& run) {
  Lanes lanes;
  lanes.run = &run;
  std::vector<pthread_t> threads;
  for (std::size_t i = 0; i < count; ++i) {
    std::unique_lock lock(lanes.mutex);
    lanes.changed.wait(lock, [&] {
      return lanes.running.size() < kLanes &&
             std::all_of(lanes.running.begin(), lanes.running.end(),
                         [&](std::size_t j) { return may_share(i, j); });
    });
    lanes.running.push_back(i);
    pthread_t thread;
    auto* job = new Job{&lanes, i};
    if (pthread_create(&thread, nullptr, RunJob, job) == 0) {
      threads.push_back(thread);
      continue;
    }
    delete job;
    lanes.changed.wait(lock, [&] { return lanes.running.size() == 1; });
    lock.unlock();
    run(i);
    Finish(lanes, i);
  }
  for (pthread_t thread : threads) pthread_join(thread, nullptr);
}

}  // namespace vdsoconf::agent
