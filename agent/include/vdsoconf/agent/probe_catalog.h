// The guest agent's probes by name: the one list both sides read, the same for every
// architecture. The agent (agent/guest/probe.cc) pairs each entry with its function and
// scheduling traits and static_asserts that it lists exactly these names in this order; the host
// validates `vdsoconf run --suite` against it before anything boots. Standard headers only: each
// architecture's cross compiler builds it into its agent.
#pragma once

#include <array>
#include <string_view>

namespace vdsoconf::agent {

struct ProbeListing {
  std::string_view name;
  std::string_view summary;
  // Run when the kernel command line names no probes. Self-tests are not: they hang or crash
  // on purpose and run only when asked for by name.
  bool in_default_set = true;
};

// In the order the default set runs them.
inline constexpr std::array kProbeCatalog{
    ProbeListing{"vdso.locate", "find [vvar] and [vdso] in maps and the auxiliary vector"},
    ProbeListing{"vdso.image", "dump the mapped vDSO image"},
    ProbeListing{"vdso.symbols", "resolve every exported symbol and its version"},
    ProbeListing{"vvar.dump", "dump the vvar pages with syscall clocks and counters around them"},
    ProbeListing{"vvar.timens", "dump the vvar from inside a new time namespace"},
    ProbeListing{"stress.seqlock", "seqlock readers on every hart against a stepping writer"},
    ProbeListing{"stress.seqlock_long", "stress.seqlock for 5 s (opt-in)", false},
    ProbeListing{"vvar.update_gaps",
                 "watch cycle_last during the whole run: the kernel's update gaps"},
    ProbeListing{"timens.clocks",
                 "every clock through the vDSO in a time namespace and after setns"},
    ProbeListing{"vdso.mremap", "move, resize and unmap [vdso]/[vvar]; signals and calls after"},
    ProbeListing{"vdso.bad_input", "bad pointers, ids, keys and flags: vDSO against syscall"},
    ProbeListing{"vdso.diff", "every entry point against its syscall in every execution context"},
    ProbeListing{"vdso.fallback", "which calls the vDSO answers itself (seccomp sentinel)"},
    ProbeListing{"kernel.btf",
                 "size and hash of /sys/kernel/btf/vmlinux (the host reads the types)"},
    ProbeListing{"selftest.hang", "spin forever (watchdog test)", false},
    ProbeListing{"selftest.crash", "die of SIGSEGV (crash report test)", false},
};

// Deliberately not constexpr: reaching it in a constant expression is a compile error.
inline void NoSuchProbeInTheCatalog() {}

// The catalog entry named `name`; a name not in the catalog does not compile.
consteval const ProbeListing& Listed(std::string_view name) {
  for (const ProbeListing& listing : kProbeCatalog) {
    if (listing.name == name) return listing;
  }
  NoSuchProbeInTheCatalog();
  return kProbeCatalog[0];
}

}  // namespace vdsoconf::agent
