// x86_64's vvar layouts (layout_x86.cc describes them) and how kbuild compiles its headers
// (arch/x86/Makefile, scripts/Makefile.lib), for the layout check.
#include "vdsoconf/reference/x86/x86_64_model.h"

#include <array>
#include <optional>

#include "layout_x86.h"
#include "x86_64_entry_points.h"

namespace vdsoconf::ref::x86 {
namespace {

// enum vdso_clock_mode's x86 modes (arch/x86/include/asm/vdso/clocksource.h: TSC, PVCLOCK,
// HVCLOCK after NONE). The readers do not know them yet; the layout check proves the values.
constexpr std::uint64_t kClockModeTsc = 1;
constexpr std::uint64_t kClockModePvclock = 2;
constexpr std::uint64_t kClockModeHvclock = 3;
constexpr ArchClockMode kClockModes[] = {{"TSC", static_cast<std::int32_t>(kClockModeTsc)},
                                         {"PVCLOCK", static_cast<std::int32_t>(kClockModePvclock)},
                                         {"HVCLOCK", static_cast<std::int32_t>(kClockModeHvclock)}};

// The layouts, built on first use: index = generation * 2 + overflow_protect.
const std::array<std::optional<Layout>, 6>& AllLayouts() {
  static const std::array<std::optional<Layout>, 6> layouts = [] {
    using namespace layout_internal::x86;
    std::array<std::optional<Layout>, 6> all;
    all[0] = layout_internal::BuildLayout(DescribeLinux6_1());
    all[2] = layout_internal::BuildLayout(DescribeLinux6_12(false));
    all[3] = layout_internal::BuildLayout(DescribeLinux6_12(true));
    all[4] = layout_internal::BuildLayout(DescribeLinux7_2(false));
    all[5] = layout_internal::BuildLayout(DescribeLinux7_2(true));
    return all;
  }();
  return layouts;
}

// The probe's C text after its headers. 6.x: asm/vvar.h read again with EMIT_VVAR defined, as
// vdso-layout.lds.S and vma.c do, so its DECLARE_VVAR offsets become C constants
// (vdsoconf_vvar_offset_vdso_data = 128, ...); the include guards are reset because the generic
// headers may have read vvar.h already. 7.2: the page macros of asm/vdso/vsyscall.h, read as
// vdso-layout.lds.S reads them (as assembler: its C part includes asm/vgtod.h, which needs the
// generated asm-offsets.h).
std::string ProbeSource(const Layout& layout) {
  if (layout.variant.generation == Generation::kLinux7_2) {
    return "/* asm/vdso/vsyscall.h's page macros, read as the x86 vDSO linker script reads them. "
           "*/\n"
           "#define __ASSEMBLER__ 1\n"
           "#include <asm/vdso/vsyscall.h>\n"
           "#undef __ASSEMBLER__\n";
  }
  return "/* asm/vvar.h's DECLARE_VVAR offsets, read as the x86 vDSO linker script reads them. */\n"
         "#undef _ASM_X86_VVAR_H\n"
         "#undef _SINGLE_DATA\n"
         "#define EMIT_VVAR(name, offset) enum { vdsoconf_vvar_offset ## name = (offset) };\n"
         "#include <asm/vvar.h>\n"
         "#undef EMIT_VVAR\n";
}

KernelHeaderBuild MakeHeaderBuild() {
  KernelHeaderBuild build;
  build.kernel_arch = "x86";
  build.compiler = "gcc";  // the host's: this is an x86_64 host
  // arch/x86/Makefile for a 64-bit kernel.
  build.cflags = {"-m64",     "-mcmodel=kernel", "-mno-red-zone", "-mno-sse",
                  "-mno-mmx", "-mno-sse2",       "-mno-3dnow",    "-mno-avx"};
  build.base_config = {{"64BIT", "1"},
                       {"X86", "1"},
                       {"X86_64", "1"},
                       {"MMU", "1"},
                       {"TIME_NS", "1"},
                       {"PAGE_SHIFT", "12"},
                       {"X86_L1_CACHE_SHIFT", "6"},
                       {"X86_INTERNODE_CACHE_SHIFT", "6"}};
  // 6.x datapage.h ends with #include <asm/vdso/gettimeofday.h>, which needs asm/unistd_64.h,
  // unistd_64_x32.h, unistd_32_ia32.h, generated/timeconst.h and the full page-table config of
  // a real build: see KernelHeaderBuild::skipped_header_guards.
  build.skipped_header_guards = {"__ASM_VDSO_GETTIMEOFDAY_H"};
  build.vvar_pages_script = "arch/x86/entry/vdso/vdso-layout.lds.S";
  build.vvar_pages_script_base = "vvar_start";
  build.probe_source = ProbeSource;
  build.add_facts = [](const Layout& layout, std::vector<std::string>& /*headers*/,
                       std::map<std::string, std::uint64_t>& constants) {
    constants["VDSO_CLOCKMODE_TSC"] = kClockModeTsc;
    constants["VDSO_CLOCKMODE_PVCLOCK"] = kClockModePvclock;
    constants["VDSO_CLOCKMODE_HVCLOCK"] = kClockModeHvclock;
    if (layout.variant.generation == Generation::kLinux7_2) {
      // The generic data pages before the vclock pages (asm/vdso/vsyscall.h, in probe_source).
      constants["VDSO_NR_PAGES"] = 4;
      constants["VDSO_ARCH_DATA_PAGES"] = 1;
      constants["sizeof(struct vdso_arch_data)"] = 1;
      constants["L1_CACHE_BYTES"] = 64;
    }
  };
  return build;
}

class X86_64 final : public ArchModel {
 public:
  std::string_view Name() const override { return "x86_64"; }
  Result<const Layout*> FindLayout(LayoutVariant variant) const override {
    if (std::string why = WhyNoLayoutVariant(variant); !why.empty()) {
      return Result<const Layout*>::Error(why);
    }
    const auto index = static_cast<unsigned>(variant.generation) * 2 + variant.overflow_protect;
    return &*AllLayouts()[index];
  }
  const KernelHeaderBuild& HeaderBuild() const override {
    static const KernelHeaderBuild build = MakeHeaderBuild();
    return build;
  }

  // ---- Entry points (x86_64_entry_points.cc) ----
  std::span<const EntryPoint> EntryPoints(Generation generation) const override {
    return VdsoEntryPoints(generation);
  }
  bool OwnEntryIssuesSyscall(std::string_view name, bool config_smp) const override {
    return x86::OwnEntryIssuesSyscall(name, config_smp);
  }

  // ---- Clock modes and messages ----
  std::string_view DisplayName() const override { return "x86_64"; }
  std::span<const ArchClockMode> ClockModes() const override { return kClockModes; }
};

}  // namespace

const ArchModel& X86_64Model() {
  static const X86_64 model;
  return model;
}

}  // namespace vdsoconf::ref::x86
