#include "vdsoconf/reference/bad_input_behaviour.h"

#include <algorithm>
#include <array>

#include "vdsoconf/reference/arch_model.h"
#include "vdsoconf/reference/linux_errno.h"

namespace vdsoconf::ref {
namespace {

using enum VdsoBadInputAnswer;

constexpr VdsoCondition kNone = nullptr;
constexpr VdsoCondition kCrngReady = &CrngReady;

constexpr std::int64_t kFault = -kEfault;
constexpr std::int64_t kInval = -kEinval;

// {name, entry, vdso answer, vdso return, syscall return, condition, compare outputs}
constexpr std::array kCases{
    BadInputCase{"clock_gettime.monotonic.null", "clock_gettime", kFaults, 0, kFault, kNone, false},
    BadInputCase{"clock_gettime.monotonic.unmapped", "clock_gettime", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"clock_gettime.monotonic.prot_none", "clock_gettime", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"clock_gettime.monotonic.read_only", "clock_gettime", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"clock_gettime.realtime_coarse.read_only", "clock_gettime", kFaults, 0, kFault,
                 kNone, false},
    BadInputCase{"clock_gettime.monotonic_raw.null", "clock_gettime", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"clock_gettime.process_cputime.null", "clock_gettime", kFallback, 0, kFault, kNone,
                 false},
    BadInputCase{"clock_gettime.process_cputime.read_only", "clock_gettime", kFallback, 0, kFault,
                 kNone, false},
    BadInputCase{"clock_gettime.id_24.valid", "clock_gettime", kFallback, 0, kInval, kNone, false},
    BadInputCase{"clock_gettime.id_24.null", "clock_gettime", kFallback, 0, kInval, kNone, false},
    BadInputCase{"clock_gettime.id_1000.valid", "clock_gettime", kFallback, 0, kInval, kNone,
                 false},
    BadInputCase{"clock_gettime.id_int_max.valid", "clock_gettime", kFallback, 0, kInval, kNone,
                 false},
    BadInputCase{"clock_gettime.id_int_min.valid", "clock_gettime", kFallback, 0, std::nullopt,
                 kNone, false},
    BadInputCase{"clock_getres.monotonic.null", "clock_getres", kReturns, 0, 0, kNone, false},
    BadInputCase{"clock_getres.monotonic.unmapped", "clock_getres", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"clock_getres.monotonic.read_only", "clock_getres", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"clock_getres.realtime_coarse.prot_none", "clock_getres", kFaults, 0, kFault,
                 kNone, false},
    BadInputCase{"clock_getres.process_cputime.read_only", "clock_getres", kFallback, 0, kFault,
                 kNone, false},
    BadInputCase{"clock_getres.id_24.null", "clock_getres", kFallback, 0, kInval, kNone, false},
    BadInputCase{"clock_getres.id_int_max.null", "clock_getres", kFallback, 0, kInval, kNone,
                 false},
    BadInputCase{"gettimeofday.tv_null.tz_null", "gettimeofday", kReturns, 0, 0, kNone, false},
    BadInputCase{"gettimeofday.tv_null.tz_valid", "gettimeofday", kReturns, 0, 0, kNone, false},
    BadInputCase{"gettimeofday.tv_valid.tz_null", "gettimeofday", kReturns, 0, 0, kNone, false},
    BadInputCase{"gettimeofday.tv_unmapped.tz_null", "gettimeofday", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"gettimeofday.tv_prot_none.tz_null", "gettimeofday", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"gettimeofday.tv_read_only.tz_null", "gettimeofday", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"gettimeofday.tv_valid.tz_read_only", "gettimeofday", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"gettimeofday.tv_null.tz_unmapped", "gettimeofday", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"getrandom.flags_bad.state_null", "getrandom", kFallback, 0, kInval, kNone, false},
    BadInputCase{"getrandom.buffer_null.state_null", "getrandom", kFallback, 0, kFault, kNone,
                 false},
    BadInputCase{"getrandom.buffer_read_only.state_null", "getrandom", kFallback, 0, kFault, kNone,
                 false},
    BadInputCase{"getrandom.len_huge.state_null", "getrandom", kFallback, 0, std::nullopt, kNone,
                 false},
    BadInputCase{"getrandom.buffer_read_only.state_valid", "getrandom", kFaults, 0, kFault,
                 kCrngReady, false},
    BadInputCase{"getrandom.flags_bad.state_valid", "getrandom", kFallback, 0, kInval, kNone,
                 false},
};

}  // namespace

bool BadInputContext::ArchFactHolds(std::string_view fact) const {
  return std::find(failing_arch_facts.begin(), failing_arch_facts.end(), fact) ==
         failing_arch_facts.end();
}

bool CrngReady(const BadInputContext& context) {
  return context.crng_ready;
}

std::span<const BadInputCase> GenericBadInputCases() {
  return kCases;
}

std::vector<BadInputCase> AllBadInputCases(const ArchModel& arch) {
  std::vector<BadInputCase> cases(kCases.begin(), kCases.end());
  const std::span<const BadInputCase> own = arch.ArchBadInputCases();
  cases.insert(cases.end(), own.begin(), own.end());
  return cases;
}

const BadInputCase* FindBadInputCase(const ArchModel& arch, std::string_view name) {
  for (std::span<const BadInputCase> cases : {GenericBadInputCases(), arch.ArchBadInputCases()}) {
    for (const BadInputCase& bad_case : cases) {
      if (bad_case.name == name) return &bad_case;
    }
  }
  return nullptr;
}

VdsoBadInputAnswer ExpectedVdsoAnswer(const BadInputCase& bad_case,
                                      const BadInputContext& context) {
  return bad_case.condition == nullptr || bad_case.condition(context) ? bad_case.vdso : kFallback;
}

}  // namespace vdsoconf::ref
