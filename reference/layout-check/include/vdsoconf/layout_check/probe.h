// The layout probe: C source that makes the kernel's own compiler state every offset and size the
// model's layout table claims, and the comparison of its answers with the table.
//
// Technique (the kernel's asm-offsets trick, as in arch/*/kernel/asm-offsets.c): each table entry
// becomes one
//   asm volatile(".ascii \"->KIND NAME %0 %1 %2 %3\"" :: "i"(offsetof(...)), "i"(sizeof(...)), ...)
// in a function compiled with -S, so the values are computed by the architecture's compiler from
// the kernel headers and read back from the assembly text; nothing it builds runs.
//
// Everything in this header is pure text processing; kernel_tree.h runs the compiler.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/reference/arch_model.h"
#include "vdsoconf/reference/layout.h"

namespace vdsoconf::layout_check {

// Kernel facts a layout relies on beyond its structs, for one generation's tree.
struct TreeFacts {
  // Include guards defined before the first header (KernelHeaderBuild::skipped_header_guards).
  std::vector<std::string> skipped_header_guards;
  // Headers the probe includes, in order (<...> names).
  std::vector<std::string> headers;
  // C text pasted after the headers: the arch's KernelHeaderBuild::probe_source, then
  // definitions kbuild keeps out of headers, taken from the tree (6.x: `enum vvar_pages` copied
  // from the arch's vvar_pages_source, or the page enumerators read from its vvar_pages_script).
  std::string extra_source;
  // Macros or enumerators that must equal the layout's page count, besides the layout's own
  // kernel_page_count_symbol ("__VVAR_PAGES" from the arch's asm/vdso.h).
  std::vector<std::string> page_count_symbols;
  // Constants the model hard-codes: symbol -> model value ("CS_BASES" -> 2, ...).
  std::map<std::string, std::uint64_t> constants;
};

// The facts for `layout` of `arch`: the generic ones of its generation and the arch's
// (KernelHeaderBuild::add_facts, probe_source). kernel_tree.cc adds what it reads from the tree.
TreeFacts FactsFor(const ref::ArchModel& arch, const ref::Layout& layout);

// The probe C source for `layout`: one line per field, per struct object, per page, plus the
// page counts and constants of `facts`. Keys in the output are "field NAME", "struct NAME",
// "page SYMBOL" (also for opaque pages), "offset ROOT" (an array placed inside its page: its
// kernel_offset_symbol), "pages SYMBOL", "const SYMBOL".
std::string GenerateProbeSource(const ref::Layout& layout, const TreeFacts& facts);

// The four numbers the probe printed for one key.
using ProbeValues = std::map<std::string, std::array<std::uint64_t, 4>>;

// Reads every `.ascii "->KEY a b c d"` line of the compiler's assembly output. Errors: a probe
// line that does not have exactly a key and four unsigned decimal numbers; no probe line at all.
ref::Result<ProbeValues> ParseProbeAssembly(std::string_view assembly);

// One disagreement between the model's table and the kernel.
struct Mismatch {
  std::string key;   // "field vdso_data[1].basetime[7].nsec"
  std::string what;  // "offset", "size", "signedness", "align", "type", "value", "missing"
  std::uint64_t model = 0;
  std::uint64_t kernel = 0;
  // "field vdso_data[1].basetime[7].nsec: offset model 152, kernel 160"
  std::string Describe() const;
};

struct Comparison {
  std::size_t entries_checked = 0;  // probe keys compared
  std::vector<Mismatch> mismatches;
};

// Compares every entry of `layout` and `facts` with the kernel's `values`. A key the probe did not
// print is a "missing" mismatch; extra probe keys are ignored.
Comparison CompareWithKernel(const ref::Layout& layout, const TreeFacts& facts,
                             const ProbeValues& values);

}  // namespace vdsoconf::layout_check
