#include <climits>

#include "vdsoconf/layout_check/probe.h"

namespace vdsoconf::layout_check {

TreeFacts FactsFor(const ref::ArchModel& arch, const ref::Layout& layout) {
  using ref::Generation;
  TreeFacts facts;
  // vdso/clocksource.h: the clock modes the model names. The arch's add_facts adds the header of
  // its page count.
  facts.headers = {"linux/stddef.h", "vdso/datapage.h", "vdso/clocksource.h"};
  facts.constants = {
      {"CS_HRES_COARSE", ref::kCsHresCoarse},
      {"CS_RAW", ref::kCsRaw},
      {"CS_BASES", ref::kCsBases},
      {"VDSO_BASES", ref::kVdsoBases},
      {"VDSO_CLOCKMODE_NONE", ref::kClockModeNone},
      {"VDSO_CLOCKMODE_TIMENS", ref::kClockModeTimens},
      {"CLOCK_TAI", ref::kClockTai},
      {"MAX_CLOCKS", ref::kMaxClocks},
  };
  if (arch.HeaderBuild().add_facts) {
    arch.HeaderBuild().add_facts(layout, facts.headers, facts.constants);
  }
  facts.skipped_header_guards = arch.HeaderBuild().skipped_header_guards;
  if (arch.HeaderBuild().probe_source) facts.extra_source = arch.HeaderBuild().probe_source(layout);
  switch (layout.variant.generation) {
    case Generation::kLinux6_1:
    case Generation::kLinux6_12:
      facts.page_count_symbols = arch.HeaderBuild().linux6_page_count_symbols;
      break;
    case Generation::kLinux7_2:
      facts.page_count_symbols = {"__VDSO_PAGES"};
      facts.constants["MAX_AUX_CLOCKS"] = ref::kMaxAuxClocks;
      facts.constants["CLOCK_AUX"] = ref::kClockAux;
      break;
  }
  return facts;
}

}  // namespace vdsoconf::layout_check
