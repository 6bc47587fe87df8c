// The vvar layout tables: where every field of every vvar generation lives, byte by byte, for
// each architecture (ArchModel::FindLayout; RISC-V's below, x86_64's in
// reference/arch/x86/src/layout_x86.h).
//
// One table per LayoutVariant drives the codec (vvar_codec.h), the byte-to-field map used by
// sensitivity analysis, and the kernel-header check (suites/layout), which compiles the kernel's
// own struct definitions with the architecture's compiler and compares offsetof/sizeof of every
// entry here. The tables are not written out by hand: they are computed by applying the C layout
// rules (natural alignment, struct alignment = largest member or attribute, size rounded up) to
// compact descriptions of the kernel structs (reference/src/datapage_desc.cc, and the arch's
// reference/arch/<arch>/src/layout_<arch>.cc).
//
// Generations and the kernel sources each is modelled from (Debian linux-source packages):
//
// Generation::kLinux6_1 (linux-source-6.1, 6.1.192):
//   include/vdso/datapage.h          struct vdso_data, struct vdso_timestamp
//   include/vdso/time.h              struct timens_offset (the union view used by the timens page)
//   arch/riscv/kernel/vdso.c         enum vvar_pages { VVAR_DATA_PAGE_OFFSET,
//                                    VVAR_TIMENS_PAGE_OFFSET, VVAR_NR_PAGES }
//   arch/riscv/include/asm/vdso.h    __VVAR_PAGES 2
//   RISC-V does not select ARCH_HAS_VDSO_DATA, so arch_data is the empty `struct arch_vdso_data
//   {}`. Page 0: struct vdso_data[CS_BASES] ("vdso_data"); page 1: the same struct, time-namespace
//   view
//   ("timens_data", the vDSO's _timens_data). CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT does not exist
//   (it arrived in 6.10), so there is no overflow-protect variant.
//
// Generation::kLinux6_12 (linux-source-6.12, 6.12.95):
//   include/vdso/datapage.h          struct vdso_data (max_cycles under OVERFLOW_PROTECT),
//                                    union vdso_data_store
//   arch/riscv/include/asm/vdso/data.h   struct arch_vdso_data { all_cpu_hwprobe_values[
//                                    RISCV_HWPROBE_MAX_KEY + 1]; homogeneous_cpus; }
//   arch/riscv/include/asm/hwprobe.h RISCV_HWPROBE_MAX_KEY 9
//   arch/riscv/kernel/vdso.c         enum vvar_pages (as 6.1), 2 pages
//   Page 0: struct vdso_data[CS_BASES]; page 1: timens view. hwprobe uses vdso_data[0].arch_data.
//   struct vdso_rng_data is declared but RISC-V 6.12 does not select VDSO_GETRANDOM: no rng page.
//
// Generation::kLinux7_2 (linux-source-7.2, 7.2.13):
//   include/vdso/datapage.h          struct vdso_clock, struct vdso_time_data
//                                    (____cacheline_aligned, L1_CACHE_BYTES 64 on RISC-V),
//                                    struct vdso_rng_data, enum vdso_pages
//   include/uapi/linux/time.h        MAX_AUX_CLOCKS 8
//   arch/riscv/include/asm/vdso/arch_data.h  struct vdso_arch_data { all_cpu_hwprobe_values[
//                                    RISCV_HWPROBE_MAX_KEY + 1]; homogeneous_cpus; ready; }
//   arch/riscv/include/asm/hwprobe.h RISCV_HWPROBE_MAX_KEY 16
//   arch/riscv/include/asm/vdso.h    __VDSO_PAGES 4
//   RISC-V does not select ARCH_HAS_VDSO_TIME_DATA, so vdso_time_data.arch_data is the empty
//   `struct arch_vdso_time_data {}` (size 0, GNU C). Pages: VDSO_TIME_PAGE_OFFSET 0
//   ("vdso_time_data"), VDSO_TIMENS_PAGE_OFFSET 1 ("timens_time_data"), VDSO_RNG_PAGE_OFFSET 2
//   ("vdso_rng_data"), VDSO_ARCH_PAGES_START 3 ("vdso_arch_data"); VDSO_NR_PAGES 4.
//
// CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT (lib/vdso/Kconfig, 6.10+) adds `u64 max_cycles` after
// cycle_last. In these kernels only x86 selects it; RISC-V kernels are built without it. The
// variant is modelled anyway because a kernel that selected it would shift every later field.
//
// The `basetime[]`/`offset[]` union: both views have the same bytes. The time page's fields are
// named with `basetime` (struct vdso_timestamp: u64 sec, u64 nsec) and the time-namespace page's
// with `offset` (struct timens_offset: s64 sec, u64 nsec), so each table says how its page is used.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "vdsoconf/reference/generation.h"
#include "vdsoconf/reference/vvar_state.h"

namespace vdsoconf::ref {

// A value or an error message. Reading the value of an error (or the error of a value) prints
// the message and aborts: it is a programming error, never undefined behaviour.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: like expected
  static Result Error(std::string message) { return Result(ErrorTag{}, std::move(message)); }

  bool ok() const { return value_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return std::get<0>(Checked(true)); }
  T& value() & { return std::get<0>(Checked(true)); }
  T&& value() && { return std::move(std::get<0>(Checked(true))); }
  const std::string& error() const { return std::get<1>(Checked(false)); }

 private:
  struct ErrorTag {};
  Result(ErrorTag, std::string message) : value_(std::in_place_index<1>, std::move(message)) {}
  std::variant<T, std::string>& Checked(bool want_value) const {
    if (ok() != want_value) {
      std::fprintf(stderr, "vdsoconf::ref::Result: %s\n",
                   want_value ? std::get<1>(value_).c_str() : "error() of a value");
      std::abort();
    }
    return const_cast<std::variant<T, std::string>&>(value_);
  }
  std::variant<T, std::string> value_;
};

// The C types the vvar structs use (include/uapi/asm-generic/int-ll64.h: u8 s32 u32 s64 u64).
enum class ScalarType : std::uint8_t { kU8, kS32, kU32, kS64, kU64 };

// sizeof of the type: 1, 4 or 8.
std::uint32_t ScalarSize(ScalarType type);
bool ScalarIsSigned(ScalarType type);
// The kernel spelling: "u8", "s32", "u32", "s64", "u64".
std::string_view ScalarTypeName(ScalarType type);

// Where a field's value lives in a VvarState. The pointee's size always equals the field's size;
// a signed kernel field may be stored unsigned in the model (timens offset sec: see VdsoTimestamp).
using FieldRef = std::variant<std::uint8_t*, std::int32_t*, std::uint32_t*, std::uint64_t*>;
// Returns the model member of `state` that holds this field. Never null.
using FieldBinding = std::function<FieldRef(VvarState& state)>;

// One scalar of the vvar mapping.
struct LayoutField {
  // Unique within a layout, rooted at the page's name: "vdso_data[1].basetime[7].nsec",
  // "timens_data[0].offset[1].sec", "vdso_time_data.aux_clock_data[3].mult".
  std::string name;
  std::uint32_t page = 0;
  std::uint32_t offset = 0;  // from the start of the page
  std::uint32_t size = 0;
  ScalarType type = ScalarType::kU8;
  // For the kernel-header check: the field is at
  //   element * sizeof(kernel_type) + offsetof(kernel_type, member)
  // in its page, where kernel_type is the struct the page holds an array of.
  std::string kernel_type;  // "struct vdso_data"
  std::uint32_t element = 0;
  std::string member;  // "basetime[7].nsec"
  FieldBinding bind;
  // Where in the page the array of kernel_type starts (its LayoutPage::offset), included in
  // `offset`; 0 unless the architecture places the array inside the page (x86 6.x: 128).
  std::uint32_t base = 0;
};

// A struct-typed object in the mapping (a page's struct or a struct member), for size checks.
struct LayoutStruct {
  std::string name;         // "vdso_time_data.clock_data[1]", "vdso_data[0].arch_data"
  std::string kernel_type;  // its own type: "struct vdso_clock"
  std::uint32_t page = 0;
  std::uint32_t offset = 0;
  std::uint32_t size = 0;  // sizeof; 0 for the empty arch structs (GNU C)
  std::uint32_t align = 1;
  // Position as the check computes it: element * sizeof(container_type) +
  // offsetof(container_type, member); member is empty for the page's own array elements.
  std::string container_type;
  std::uint32_t element = 0;
  std::string member;
  std::uint32_t base = 0;  // as LayoutField::base, included in `offset`
};

// One array of structs in a vvar page: at the page's start on most architectures; x86 6.x places
// vdso_data[CS_BASES] at byte 128 of its vvar page and vdso_rng_data at byte 640 of the same
// page, so one page may hold several (each its own LayoutPage with the same index).
struct LayoutPage {
  std::uint32_t index = 0;
  std::string kernel_index_symbol;  // enumerator giving the page: "VVAR_TIMENS_PAGE_OFFSET"
  std::string root;                 // field-name prefix: "timens_data"
  std::string kernel_type;          // "struct vdso_data"
  std::uint32_t count = 1;          // array length (CS_BASES for 6.x time pages), 1 = one struct
  std::uint32_t offset = 0;         // where the array starts in the page
  // The C constant the kernel's headers give `offset` by; empty when offset is 0 by construction.
  std::string kernel_offset_symbol;
};

// A page of the mapping whose contents the model does not describe (yet): x86's pvclock and
// hvclock pages, which the hypervisor's clock driver fills. The layout records where it is, so
// page indices and the mapping's size stay exact.
struct LayoutOpaquePage {
  std::uint32_t index = 0;
  std::string kernel_index_symbol;  // C expression giving the page index
  std::string name;                 // "pvclock_page"
  std::string contents;             // what the kernel keeps there, for readers of the table
};

struct Layout {
  LayoutVariant variant;
  std::uint32_t page_count = 0;
  std::string kernel_page_count_symbol;  // "VVAR_NR_PAGES" or "VDSO_NR_PAGES"
  std::uint32_t hwprobe_keys = 0;        // RISCV_HWPROBE_MAX_KEY + 1; 0 when no hwprobe cache
  std::vector<LayoutPage> pages;         // by index
  std::vector<LayoutOpaquePage> opaque_pages;  // by index; no fields
  std::vector<LayoutStruct> structs;     // in (page, offset) order
  std::vector<LayoutField> fields;       // in (page, offset) order; never overlapping

  // The field named `name`, or nullptr.
  const LayoutField* FindField(std::string_view name) const;
  // The field covering byte `offset` of page `page`, or nullptr for padding and unused bytes.
  const LayoutField* FieldAt(std::uint32_t page, std::uint32_t offset) const;
};

// Why no architecture has a layout for `variant`: a Generation value outside kAllGenerations, or
// overflow_protect with kLinux6_1 (the option did not exist). Empty when the variant exists.
std::string WhyNoLayoutVariant(LayoutVariant variant);

// The layout of `variant` in the architecture of the calls that name none (ArchModel::FindLayout
// of ArchOfUnnamedCalls(), arch_model.h: RISC-V; callers move to naming the architecture, issue
// #14). Errors: see WhyNoLayoutVariant. Tables are built once and live for
// the program's lifetime; the pointer stays valid. Thread-safe.
Result<const Layout*> FindLayout(LayoutVariant variant);

// Every variant that exists: each generation without overflow protection, and with it where the
// kernel has the option (6.12, 7.2).
std::vector<LayoutVariant> AllLayoutVariants();

// Whether CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT exists in the kernels of `generation`. Inline:
// the model fuzzer asks on every input, and an out-of-line copy in layout.cc (whose code keeps
// coverage counters for fuzz_vvar_codec) gave every input the same three features.
constexpr bool HasOverflowProtectOption(Generation generation) {
  return generation == Generation::kLinux6_12 || generation == Generation::kLinux7_2;
}

}  // namespace vdsoconf::ref
