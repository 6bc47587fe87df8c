// Checks of where the vDSO is mapped and what it exports, from the "vdso.locate" and
// "vdso.symbols" probes. Architecture-neutral: the caller says what its architecture expects.
#pragma once

#include <span>
#include <string>

#include "vdsoconf/live/agent_documents.h"
#include "vdsoconf/reports/results.h"

namespace vdsoconf::live {

struct LocateExpectations {
  // The data pages sit immediately below the code (RISC-V, arm64: the vDSO addresses its data
  // PC-relatively at a fixed negative distance).
  bool vvar_directly_below_vdso = true;
  // Expected number of [vvar] pages; 0: not checked here (vvar.generation checks it).
  std::uint64_t vvar_pages = 0;
};

// "vvar.located": [vvar] and [vdso] are both in /proc/self/maps, page-aligned, AT_SYSINFO_EHDR
// is the start of [vdso], and the layout expectations hold. Evidence: both ranges, page counts,
// AT_SYSINFO_EHDR. `locate` is the vdso.locate document (nullptr when it never arrived).
reports::CheckResult CheckVvarLocated(const ProbeDocument* locate,
                                      const LocateExpectations& expectations);

struct ExpectedSymbol {
  std::string name;     // "__vdso_clock_gettime"
  std::string version;  // "LINUX_4.15"
};

// "vdso.symbols": every expected entry point is exported as a defined function with its
// version, and every defined global symbol resolves, through the image's own hash tables, to
// its own st_value (a loader would find it). Extra exports are listed in the evidence but do not
// fail the check (a newer kernel may add entry points).
reports::CheckResult CheckVdsoSymbols(const ProbeDocument* symbols,
                                      std::span<const ExpectedSymbol> expected);

}  // namespace vdsoconf::live
