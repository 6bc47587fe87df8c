#include "probe.h"

#include <array>

#include "probes/probes.h"

namespace vdsoconf::agent {
namespace {

constexpr std::array kProbes{
    ProbeInfo{"vdso.locate", "find [vvar] and [vdso] in maps and the auxiliary vector", true,
              &ProbeVdsoLocate},
    ProbeInfo{"vdso.image", "dump the mapped vDSO image", true, &ProbeVdsoImage},
    ProbeInfo{"vdso.symbols", "resolve every exported symbol and its version", true,
              &ProbeVdsoSymbols},
    ProbeInfo{"vvar.dump", "dump the vvar pages with syscall clocks and counters around them", true,
              &ProbeVvarDump, /*background=*/false, /*runs_alone=*/false, /*changes=*/0,
              /*observes=*/kTaiOffset},
    ProbeInfo{"vvar.timens", "dump the vvar from inside a new time namespace", true,
              &ProbeVvarTimens, /*background=*/false, /*runs_alone=*/false, /*changes=*/0,
              /*observes=*/kTaiOffset},
    ProbeInfo{"stress.seqlock", "seqlock readers on every hart against a stepping writer", true,
              &ProbeStressSeqlock, /*background=*/false, /*runs_alone=*/true},
    ProbeInfo{"stress.seqlock_long", "stress.seqlock for 5 s (opt-in)", false,
              &ProbeStressSeqlockLong, /*background=*/false, /*runs_alone=*/true},
    ProbeInfo{"vvar.update_gaps", "watch cycle_last during the whole run: the kernel's update gaps",
              true, &ProbeVvarUpdateGaps, /*background=*/true},
    ProbeInfo{"timens.clocks", "every clock through the vDSO in a time namespace and after setns",
              true, &ProbeTimensClocks, /*background=*/false, /*runs_alone=*/false, /*changes=*/0,
              /*observes=*/kTaiOffset},
    ProbeInfo{"vdso.mremap", "move, resize and unmap [vdso]/[vvar]; signals and calls after", true,
              &ProbeVdsoMremap, /*background=*/false, /*runs_alone=*/false, /*changes=*/0,
              /*observes=*/0, /*long_running=*/true},
    ProbeInfo{"vdso.bad_input", "bad pointers, ids, keys and flags: vDSO against syscall", true,
              &ProbeVdsoBadInput},
    ProbeInfo{"vdso.diff", "every entry point against its syscall in every execution context", true,
              &ProbeVdsoDiff, /*background=*/false, /*runs_alone=*/true,
              /*changes=*/kTaiOffset, /*observes=*/kTaiOffset},
    ProbeInfo{"vdso.fallback", "which calls the vDSO answers itself (seccomp sentinel)", true,
              &ProbeVdsoFallback},
    ProbeInfo{"kernel.btf", "size and hash of /sys/kernel/btf/vmlinux (the host reads the types)",
              true, &ProbeKernelBtf},
    ProbeInfo{"selftest.hang", "spin forever (watchdog test)", false, &ProbeSelftestHang},
    ProbeInfo{"selftest.crash", "die of SIGSEGV (crash report test)", false, &ProbeSelftestCrash},
};

}  // namespace

std::span<const ProbeInfo> AllProbes() {
  return kProbes;
}

const ProbeInfo* FindProbe(std::string_view name) {
  for (const ProbeInfo& probe : kProbes) {
    if (probe.name == name) return &probe;
  }
  return nullptr;
}

}  // namespace vdsoconf::agent
