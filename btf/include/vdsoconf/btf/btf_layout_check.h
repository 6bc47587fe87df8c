// "layout.btf": the reference vvar layout against the running kernel's own BTF.
//
// The guest probe kernel.btf reports whether /sys/kernel/btf/vmlinux exists, its size and its
// FNV-1a 64 hash (agent/guest/probes: {"path", "present", "open_errno", "size",
// "fnv1a64", "read_errno"}). The host finds the BTF blob in the kernel files it booted (the Image,
// or vmlinux when kept), proves it is the running kernel's (same size and hash), parses it with
// libbpf and compares every field and struct of the generation's layout (layout_comparison.h).
//
// Verdicts:
//   skip   the kernel has no /sys/kernel/btf/vmlinux (built without CONFIG_DEBUG_INFO_BTF)
//   pass   every field and struct at the BTF's offset and size, and no BTF scalar unmodelled
//   fail   the message names each mismatching field with both offsets/sizes (the first few; all
//          are in the evidence), BTF-only scalars and page types BTF lacks
//   error  the probe did not finish or its data is malformed; no layout generation for the
//          release; no blob in the kernel files; no blob with the guest's size and hash (the
//          files are not the running kernel's); libbpf rejects the blob
//   hang   the probe hung
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "vdsoconf/live/agent_documents.h"
#include "vdsoconf/reference/generation.h"
#include "vdsoconf/reports/results.h"

namespace vdsoconf::btf {

inline constexpr const char* kBtfCheckId = "layout.btf";
inline constexpr const char* kBtfProbeName = "kernel.btf";

// The verdict for one boot. `probe`: the kernel.btf document (nullptr when the agent never
// reported it). `kernel_files`: where to look for the blob, in order (the booted Image, then
// vmlinux if the cache kept one); files that do not exist are skipped. `variant`: the layout of
// the kernel's generation, nullopt when the release maps to none. Never throws.
reports::CheckResult CheckLayoutAgainstBtf(const live::ProbeDocument* probe,
                                           const std::vector<std::filesystem::path>& kernel_files,
                                           std::optional<ref::LayoutVariant> variant);

}  // namespace vdsoconf::btf
