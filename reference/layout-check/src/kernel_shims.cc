#include "kernel_shims.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "vdsoconf/core/subprocess.h"

namespace vdsoconf::layout_check::shims {
namespace {

namespace fs = std::filesystem;

// The options that change what the vvar structs contain. Each is defined for the probe exactly
// when the arch's Kconfig selects it (possibly under a condition such as `if MMU && 64BIT`, which
// the probe's base config satisfies).
constexpr const char* kVvarShapingOptions[] = {
    "HAVE_GENERIC_VDSO",  "GENERIC_GETTIMEOFDAY",    "GENERIC_VDSO_TIME_NS",
    "ARCH_HAS_VDSO_DATA", "ARCH_HAS_VDSO_TIME_DATA", "ARCH_HAS_VDSO_ARCH_DATA",
    "VDSO_GETRANDOM",
};

ref::Result<bool> WriteFile(const fs::path& path, const std::string& text) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) return ref::Result<bool>::Error("cannot write " + path.string());
  return true;
}

// Headers a Kbuild file lists as generic-y or mandatory-y.
std::vector<std::string> KbuildGenericHeaders(const std::string& kbuild_text) {
  static const std::regex line(R"(^\s*(generic|mandatory)-y\s*\+=\s*(\S+\.h))");
  std::vector<std::string> headers;
  std::istringstream in(kbuild_text);
  for (std::string l; std::getline(in, l);) {
    std::smatch m;
    if (std::regex_search(l, m, line)) headers.push_back(m[2]);
  }
  return headers;
}

// Writes `#include <asm-generic/X.h>` wrappers into out_dir for the headers that the Kbuild files
// list and arch_dir does not provide (scripts/Makefile.asm-headers, cmd_wrap).
ref::Result<bool> WriteWrappers(const std::string& source_dir,
                                const std::vector<std::string>& kbuild_files,
                                const std::string& arch_dir, const fs::path& out_dir) {
  for (const std::string& kbuild : kbuild_files) {
    auto text = ReadFile(source_dir + "/" + kbuild);
    if (!text.ok()) return ref::Result<bool>::Error(text.error());
    for (const std::string& h : KbuildGenericHeaders(text.value())) {
      if (fs::exists(source_dir + "/" + arch_dir + "/" + h) || fs::exists(out_dir / h)) continue;
      auto written = WriteFile(out_dir / h, "#include <asm-generic/" + h + ">\n");
      if (!written.ok()) return written;
    }
  }
  return true;
}

// unistd_64.h, when the arch's uapi Kbuild has the tree generate it from scripts/syscall.tbl (as
// for RISC-V since 6.11).
ref::Result<bool> WriteUnistd(const std::string& arch_dir, const std::string& source_dir,
                              const fs::path& out_dir) {
  auto kbuild = ReadFile(source_dir + "/" + arch_dir + "/include/uapi/asm/Kbuild");
  if (!kbuild.ok()) return ref::Result<bool>::Error(kbuild.error());
  if (kbuild.value().find("syscall-y += unistd_64.h") == std::string::npos) return true;
  // scripts/Makefile.asm-headers: syscall_abis_64 = common,64 + the arch's Makefile.syscalls.
  std::string abis = "common,64";
  auto arch_abis = ReadFile(source_dir + "/" + arch_dir + "/kernel/Makefile.syscalls");
  if (!arch_abis.ok()) return ref::Result<bool>::Error(arch_abis.error());
  static const std::regex abi_line(R"(syscall_abis_64\s*\+=\s*([^\n]*))");
  std::smatch m;
  if (std::regex_search(arch_abis.value(), m, abi_line)) {
    std::istringstream words(m[1].str());
    for (std::string w; words >> w;) abis += "," + w;
  }
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  SubprocessOptions options;
  options.timeout = std::chrono::seconds(30);
  const SubprocessResult r =
      RunSubprocess({"sh", source_dir + "/scripts/syscallhdr.sh", "--emit-nr", "--abis", abis,
                     source_dir + "/scripts/syscall.tbl", (out_dir / "unistd_64.h").string()},
                    options);
  if (!r.ok()) {
    return ref::Result<bool>::Error("scripts/syscallhdr.sh failed (" + r.Describe() +
                                    "): " + r.output);
  }
  return true;
}

}  // namespace

ref::Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ref::Result<std::string>::Error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

ref::Result<std::string> KernelVersion(const std::string& source_dir) {
  auto makefile = ReadFile(source_dir + "/Makefile");
  if (!makefile.ok()) return makefile;
  std::string version;
  for (const char* key : {"VERSION", "PATCHLEVEL", "SUBLEVEL"}) {
    const std::regex line(std::string("(^|\n)") + key + R"( = (\d+))");
    std::smatch m;
    if (!std::regex_search(makefile.value(), m, line)) {
      return ref::Result<std::string>::Error(source_dir + "/Makefile has no " + key +
                                             ": not a linux-source tree");
    }
    version += (version.empty() ? "" : ".") + m[2].str();
  }
  return version;
}

ref::Result<std::map<std::string, std::string>> ProbeConfig(const ref::KernelHeaderBuild& arch,
                                                            const std::string& source_dir,
                                                            bool overflow_protect) {
  using R = ref::Result<std::map<std::string, std::string>>;
  auto kconfig = ReadFile(source_dir + "/arch/" + arch.kernel_arch + "/Kconfig");
  if (!kconfig.ok()) return R::Error(kconfig.error());
  std::map<std::string, std::string> config = arch.base_config;
  for (const char* option : kVvarShapingOptions) {
    const std::regex select(std::string(R"(\n\s*select\s+)") + option + R"(\b)");
    if (std::regex_search(kconfig.value(), select)) config[option] = "1";
  }
  if (overflow_protect) config["GENERIC_VDSO_OVERFLOW_PROTECT"] = "1";
  return config;
}

ref::Result<bool> TreeHasOverflowProtect(const std::string& source_dir) {
  auto kconfig = ReadFile(source_dir + "/lib/vdso/Kconfig");
  if (!kconfig.ok()) return ref::Result<bool>::Error(kconfig.error());
  return kconfig.value().find("config GENERIC_VDSO_OVERFLOW_PROTECT") != std::string::npos;
}

ref::Result<bool> WriteShims(const ref::KernelHeaderBuild& arch, const std::string& source_dir,
                             const std::string& work_dir,
                             const std::map<std::string, std::string>& config) {
  const fs::path work(work_dir);
  const std::string arch_dir = "arch/" + arch.kernel_arch;
  const fs::path generated = work / arch_dir / "include/generated";
  std::string autoconf = "/* Written by vdsoconf's layout check: only what the probe needs. */\n";
  for (const auto& [name, value] : config)
    autoconf += "#define CONFIG_" + name + " " + value + "\n";
  auto written = WriteFile(work / "include/generated/autoconf.h", autoconf);
  if (written.ok()) {
    written = WriteFile(work / "include/generated/vdso-offsets.h",
                        "/* vDSO symbol offsets: not used by the layout probe. */\n");
  }
  if (written.ok()) {
    written = WriteWrappers(source_dir, {arch_dir + "/include/asm/Kbuild", "include/asm-generic/Kbuild"},
                            arch_dir + "/include/asm", generated / "asm");
  }
  if (written.ok()) {
    written = WriteWrappers(
        source_dir, {arch_dir + "/include/uapi/asm/Kbuild", "include/uapi/asm-generic/Kbuild"},
        arch_dir + "/include/uapi/asm", generated / "uapi/asm");
  }
  if (written.ok()) written = WriteUnistd(arch_dir, source_dir, generated / "uapi/asm");
  return written;
}

ref::Result<std::string> ExtractEnum(const std::string& source_dir, const std::string& file,
                                     const std::string& name) {
  auto text = ReadFile(source_dir + "/" + file);
  if (!text.ok()) return text;
  const std::regex definition("(^|\n)(enum " + name + R"(\s*\{[^}]*\};))");
  std::smatch m;
  if (!std::regex_search(text.value(), m, definition)) {
    return ref::Result<std::string>::Error("no `enum " + name + " { ... };` in " + file);
  }
  return "/* Copied from " + file + " (not in a header). */\n" + m[2].str() + "\n";
}

ref::Result<std::string> ExtractScriptPages(const std::string& source_dir, const std::string& file,
                                            const std::string& base) {
  auto text = ReadFile(source_dir + "/" + file);
  if (!text.ok()) return text;
  const std::regex count(R"((^|\n)\s*)" + base + R"(\s*=\s*\.\s*-\s*(\d+)\s*\*\s*PAGE_SIZE\s*;)");
  std::smatch m;
  if (!std::regex_search(text.value(), m, count)) {
    return ref::Result<std::string>::Error("no `" + base + " = . - N * PAGE_SIZE;` in " + file);
  }
  std::string enumerators = "  lds_nr_pages = " + m[2].str() + ",\n";
  const std::regex page(R"((^|\n)\s*(\w+)\s*=\s*)" + base +
                        R"(\s*(\+\s*((\d+)\s*\*\s*)?PAGE_SIZE\s*)?;)");
  const std::string& script = text.value();
  for (auto it = std::sregex_iterator(script.begin(), script.end(), page);
       it != std::sregex_iterator(); ++it) {
    const std::smatch& p = *it;
    const std::string index = !p[3].matched ? "0" : p[5].matched ? p[5].str() : "1";
    enumerators += "  lds_" + p[2].str() + " = " + index + ",\n";
  }
  return "/* Read from " + file + " (a linker script): the page count (" + base +
         " = . - N * PAGE_SIZE) and each page (SYMBOL = " + base +
         " + K * PAGE_SIZE). */\nenum {\n" + enumerators + "};\n";
}

}  // namespace vdsoconf::layout_check::shims
