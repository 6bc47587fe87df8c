#include "vdsoconf/reference/seqlock.h"

#include <utility>

namespace vdsoconf::ref {

ScriptedSource::ScriptedSource(std::vector<ScriptStep> steps) : steps_(std::move(steps)) {
  if (steps_.empty()) steps_.emplace_back();
}

ScriptedSource ScriptedSource::SwitchAt(std::uint32_t read_index, const ScriptStep& before,
                                        const ScriptStep& after) {
  std::vector<ScriptStep> steps(read_index, before);
  steps.push_back(after);
  return ScriptedSource(std::move(steps));
}

const ScriptStep& ScriptedSource::StepFor(ReadEvent event) {
  served_.push_back(event);
  const std::size_t index = event.index < steps_.size() ? event.index : steps_.size() - 1;
  return steps_[index];
}

const VvarState& ScriptedSource::StateAt(ReadEvent event) {
  return StepFor(event).state;
}

std::uint64_t ScriptedSource::CounterAt(ReadEvent event) {
  return StepFor(event).counter;
}

const VvarState& RecordingSource::StateAt(ReadEvent event) {
  events_.push_back(event);
  return inner_.StateAt(event);
}

std::uint64_t RecordingSource::CounterAt(ReadEvent event) {
  events_.push_back(event);
  return inner_.CounterAt(event);
}

}  // namespace vdsoconf::ref
