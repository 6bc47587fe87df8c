#include "probe.h"

#include <array>

#include "probes/probes.h"
#include "vdsoconf/agent/probe_catalog.h"

namespace vdsoconf::agent {
namespace {

// A probe of the catalog (its name, summary and default-set membership come from there) with its
// function and scheduling traits.
consteval ProbeInfo Probe(std::string_view name, ProbeFunction run, ProbeInfo traits = {}) {
  const ProbeListing& listed = Listed(name);
  traits.name = listed.name;
  traits.summary = listed.summary;
  traits.in_default_set = listed.in_default_set;
  traits.run = run;
  return traits;
}

constexpr std::array kProbes{
    Probe("vdso.locate", &ProbeVdsoLocate),
    Probe("vdso.image", &ProbeVdsoImage),
    Probe("vdso.symbols", &ProbeVdsoSymbols),
    Probe("vvar.dump", &ProbeVvarDump, {.observes = kTaiOffset}),
    Probe("vvar.timens", &ProbeVvarTimens, {.observes = kTaiOffset}),
    Probe("stress.seqlock", &ProbeStressSeqlock, {.runs_alone = true}),
    Probe("stress.seqlock_long", &ProbeStressSeqlockLong, {.runs_alone = true}),
    Probe("vvar.update_gaps", &ProbeVvarUpdateGaps, {.background = true}),
    Probe("timens.clocks", &ProbeTimensClocks, {.observes = kTaiOffset}),
    Probe("vdso.mremap", &ProbeVdsoMremap, {.long_running = true}),
    Probe("vdso.bad_input", &ProbeVdsoBadInput),
    Probe("vdso.diff", &ProbeVdsoDiff,
          {.runs_alone = true, .changes = kTaiOffset, .observes = kTaiOffset}),
    Probe("vdso.fallback", &ProbeVdsoFallback),
    Probe("kernel.btf", &ProbeKernelBtf),
    Probe("selftest.hang", &ProbeSelftestHang),
    Probe("selftest.crash", &ProbeSelftestCrash),
};

// The host validates probe names against the catalog: the agent must run exactly its probes,
// in its order (the default set's order).
consteval bool MatchesCatalog() {
  if (kProbes.size() != kProbeCatalog.size()) return false;
  for (std::size_t i = 0; i < kProbes.size(); ++i) {
    if (kProbes[i].name != kProbeCatalog[i].name) return false;
  }
  return true;
}
static_assert(MatchesCatalog(),
              "kProbes and kProbeCatalog (probe_catalog.h) must list the same "
              "probes in the same order");

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
