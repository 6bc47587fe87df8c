// RISC-V's vvar layouts (layout_riscv.cc describes the structs) and how kbuild compiles its
// headers (arch/riscv/Makefile, scripts/Makefile.lib), for the layout check.
#include "vdsoconf/reference/riscv/riscv64_model.h"

#include <array>
#include <optional>

#include "layout_riscv.h"
#include "vdsoconf/reference/riscv/riscv64_bad_input.h"
#include "vdsoconf/reference/riscv/riscv64_entry_points.h"

namespace vdsoconf::ref::riscv {
namespace {

// The layouts, built on first use: index = generation * 2 + overflow_protect.
const std::array<std::optional<Layout>, 6>& AllLayouts() {
  static const std::array<std::optional<Layout>, 6> layouts = [] {
    using namespace layout_internal;
    std::array<std::optional<Layout>, 6> all;
    all[0] = BuildLayout(DescribeLinux6_1());
    all[2] = BuildLayout(DescribeLinux6_12(false));
    all[3] = BuildLayout(DescribeLinux6_12(true));
    all[4] = BuildLayout(DescribeLinux7_2(false));
    all[5] = BuildLayout(DescribeLinux7_2(true));
    return all;
  }();
  return layouts;
}

constexpr ArchClockMode kClockModes[] = {{"ARCHTIMER", kClockModeArchtimer}};

KernelHeaderBuild MakeHeaderBuild() {
  KernelHeaderBuild build;
  build.kernel_arch = "riscv";
  build.compiler = "riscv64-linux-gnu-gcc";
  // arch/riscv/Makefile for a 64-bit kernel (the -march the Debian 6.1 kernels were built with).
  build.cflags = {"-mabi=lp64", "-march=rv64imac_zicsr_zifencei", "-mcmodel=medany"};
  build.base_config = {
      {"64BIT", "1"}, {"MMU", "1"}, {"RISCV", "1"}, {"PAGE_SHIFT", "12"}, {"TIME_NS", "1"}};
  build.vvar_pages_source = "arch/riscv/kernel/vdso.c";
  build.linux6_page_count_symbols = {"__VVAR_PAGES"};
  build.add_facts = [](const Layout& layout, std::vector<std::string>& headers,
                       std::map<std::string, std::uint64_t>& constants) {
    headers.push_back("asm/vdso.h");  // __VVAR_PAGES (6.x), __VDSO_PAGES (7.2)
    constants["VDSO_CLOCKMODE_ARCHTIMER"] = static_cast<std::uint64_t>(kClockModeArchtimer);
    if (layout.hwprobe_keys != 0) {
      headers.push_back("asm/hwprobe.h");
      constants["RISCV_HWPROBE_MAX_KEY + 1"] = layout.hwprobe_keys;
    }
  };
  return build;
}

class Riscv64 final : public ArchModel {
 public:
  std::string_view Name() const override { return "riscv64"; }
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

  // ---- Entry points and bad input (riscv64_entry_points.cc, riscv64_bad_input.cc) ----
  std::span<const EntryPoint> EntryPoints(Generation generation) const override {
    return VdsoEntryPoints(generation);
  }
  bool OwnEntryIssuesSyscall(std::string_view name, bool config_smp) const override {
    return riscv::OwnEntryIssuesSyscall(name, config_smp);
  }
  std::span<const BadInputCase> ArchBadInputCases() const override { return BadInputCases(); }
  std::span<const std::string_view> AssumedBadInputFacts() const override {
    return riscv::AssumedBadInputFacts();
  }

  // --- Clock modes and messages ---
  std::string_view DisplayName() const override { return "RISC-V"; }
  std::span<const ArchClockMode> ClockModes() const override { return kClockModes; }
};

}  // namespace

const ArchModel& Riscv64Model() {
  static const Riscv64 model;
  return model;
}

}  // namespace vdsoconf::ref::riscv
