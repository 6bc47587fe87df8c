#include "vvar_codec_model.h"

#include <type_traits>

namespace vdsoconf::ref::codec_internal {
namespace {

std::string Indexed(const std::string& base, const char* member, std::size_t i) {
  return base + "." + member + "[" + std::to_string(i) + "]";
}

class Collector {
 public:
  explicit Collector(std::vector<ModelMember>& out) : out_(out) {}

  template <typename T>
  void Add(std::string name, T& member, ValueRule rule = ValueRule::kAny) {
    out_.push_back(ModelMember{std::move(name), FieldRef(&member), rule});
  }

  void Clock(const std::string& n, VdsoClock& c) {
    Add(n + ".seq", c.seq);
    Add(n + ".clock_mode", c.clock_mode, ValueRule::kClockMode);
    Add(n + ".cycle_last", c.cycle_last);
    Add(n + ".max_cycles", c.max_cycles);
    Add(n + ".mask", c.mask);
    Add(n + ".mult", c.mult);
    Add(n + ".shift", c.shift, ValueRule::kShift);
    for (std::size_t i = 0; i < c.basetime.size(); ++i) {
      Add(Indexed(n, "basetime", i) + ".sec", c.basetime[i].sec);
      Add(Indexed(n, "basetime", i) + ".nsec", c.basetime[i].nsec);
    }
  }

  void Page(const std::string& n, VdsoTimePage& p) {
    for (std::size_t i = 0; i < p.clock.size(); ++i) Clock(Indexed(n, "clock", i), p.clock[i]);
    for (std::size_t i = 0; i < p.aux_clock.size(); ++i) {
      Clock(Indexed(n, "aux_clock", i), p.aux_clock[i]);
    }
    for (std::size_t i = 0; i < p.tail.size(); ++i) {
      const std::string t = Indexed(n, "tail", i);
      Add(t + ".tz_minuteswest", p.tail[i].tz_minuteswest);
      Add(t + ".tz_dsttime", p.tail[i].tz_dsttime);
      Add(t + ".hrtimer_res", p.tail[i].hrtimer_res);
      Add(t + ".unused", p.tail[i].unused);
    }
    for (std::size_t i = 0; i < p.arch_in_time_data.size(); ++i) {
      AppendArchTimeDataMembers(Indexed(n, "arch_in_time_data", i), p.arch_in_time_data[i], out_);
    }
  }

 private:
  std::vector<ModelMember>& out_;
};

}  // namespace

std::vector<ModelMember> ModelMembers(VvarState& state) {
  std::vector<ModelMember> members;
  Collector c(members);
  c.Page("time", state.time);
  c.Page("timens", state.timens);
  c.Add("rng.generation", state.rng.generation);
  c.Add("rng.is_ready", state.rng.is_ready, ValueRule::kBoolean);
  AppendArchPagesMembers("arch", state.arch, members);
  return members;
}

std::uint64_t ReadRef(const FieldRef& ref) {
  return std::visit(
      [](auto* p) -> std::uint64_t {
        using T = std::remove_pointer_t<decltype(p)>;
        return static_cast<std::uint64_t>(static_cast<std::make_unsigned_t<T>>(*p));
      },
      ref);
}

void WriteRef(const FieldRef& ref, std::uint64_t value) {
  std::visit(
      [value](auto* p) {
        using T = std::remove_pointer_t<decltype(p)>;
        *p = static_cast<T>(static_cast<std::make_unsigned_t<T>>(value));
      },
      ref);
}

}  // namespace vdsoconf::ref::codec_internal
