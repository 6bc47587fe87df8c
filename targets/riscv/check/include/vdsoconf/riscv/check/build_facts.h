// What the model must know about how a vDSO image was built, and how check-image learns it.
//
// The image's bytes say its layout generation (VdsoImage::generation: vvar pages and exported
// symbols). The kernel configuration options that change what the C code computes are not
// visible as data, so each has a default that matches every RISC-V kernel vdsoconf knows, and a
// reason string that the report shows next to the verdicts:
//   overflow_protect  CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT: only x86 selects it; false.
//   time_namespaces   CONFIG_TIME_NS: Debian and vdsoconf's source fragments enable it; true.
//   posix_aux_clocks  CONFIG_POSIX_AUX_CLOCKS (7.2): decided by ProbeAuxClocks (below).
//   hz                CONFIG_HZ: 250 (Kconfig.hz's default; Debian's riscv64 config).
//   config_smp        CONFIG_SMP (flush_icache issues the syscall): true.
#pragma once

#include <string>
#include <vector>

#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/reference/generation.h"
#include "vdsoconf/riscv/image/vdso_image.h"

namespace vdsoconf::riscv {
class VdsoExecutor;
}

namespace vdsoconf::riscv::check {

struct BuildFacts {
  ref::LayoutVariant layout;
  // The reader policy the model runs with: layout generation and options above.
  ref::ReaderPolicy policy;
  bool config_smp = true;
  // One sentence per fact, "generation 7.2: 4 vvar pages" etc., for the report's evidence.
  std::vector<std::string> reasons;
};

// The facts an image's bytes and the defaults above give. Throws InfraError when the image's
// generation is unknown (no vvar reference, or a vvar page count no generation has): without a
// layout nothing can be checked.
BuildFacts FactsFromImage(const VdsoImage& image);

// 7.2 only (otherwise returns without change): whether the image was built with
// CONFIG_POSIX_AUX_CLOCKS. The one option that changes which clock ids the vDSO answers
// itself; the image shows it by answering CLOCK_AUX from an enabled aux clock without an ecall
// (a vDSO without the option falls back for every aux id, whatever the data). The probe runs one
// batch on `executor` and records the answer in facts.policy and facts.reasons.
void ProbeAuxClocks(VdsoExecutor& executor, const VdsoImage& image, BuildFacts& facts);

}  // namespace vdsoconf::riscv::check
