#include <charconv>
#include <set>
#include <utility>

#include "vdsoconf/layout_check/probe.h"

namespace vdsoconf::layout_check {
namespace {

bool ParseNumber(std::string_view text, std::uint64_t& value) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc() && ptr == end && !text.empty();
}

class Comparer {
 public:
  Comparer(const ProbeValues& values, Comparison& result) : values_(values), result_(result) {}

  // Checks the probe's numbers for `key`; slots with an empty `what` are not compared.
  void Check(const std::string& key, const std::array<const char*, 4>& what,
             const std::array<std::uint64_t, 4>& model) {
    ++result_.entries_checked;
    auto it = values_.find(key);
    if (it == values_.end()) {
      result_.mismatches.push_back(Mismatch{key, "missing", 0, 0});
      return;
    }
    for (std::size_t i = 0; i < 4; ++i) {
      if (what[i] == nullptr || it->second[i] == model[i]) continue;
      result_.mismatches.push_back(Mismatch{key, what[i], model[i], it->second[i]});
    }
  }

 private:
  const ProbeValues& values_;
  Comparison& result_;
};

}  // namespace

std::string Mismatch::Describe() const {
  if (what == "missing") return key + ": the probe printed no value";
  return key + ": " + what + " model " + std::to_string(model) + ", kernel " +
         std::to_string(kernel);
}

ref::Result<ProbeValues> ParseProbeAssembly(std::string_view assembly) {
  ProbeValues values;
  constexpr std::string_view kMarker = ".ascii \"->";
  for (std::size_t at = assembly.find(kMarker); at != std::string_view::npos;
       at = assembly.find(kMarker, at + 1)) {
    const std::size_t start = at + kMarker.size();
    const std::size_t end = assembly.find('"', start);
    if (end == std::string_view::npos) {
      return ref::Result<ProbeValues>::Error("unterminated probe line at byte " +
                                             std::to_string(at));
    }
    std::string_view line = assembly.substr(start, end - start);
    // KEY may contain spaces ("const RISCV_HWPROBE_MAX_KEY + 1"): the numbers are the last four.
    std::array<std::uint64_t, 4> numbers{};
    for (std::size_t i = 4; i-- > 0;) {
      const std::size_t space = line.rfind(' ');
      std::string_view number =
          space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
      // An immediate is printed bare, or after `$` (x86 AT&T syntax) or `#` (arm): kbuild's
      // asm-offsets sed (scripts/Makefile.lib) strips the same prefixes.
      if (number.starts_with('$') || number.starts_with('#')) number.remove_prefix(1);
      if (space == std::string_view::npos || !ParseNumber(number, numbers[i])) {
        return ref::Result<ProbeValues>::Error("malformed probe line: " +
                                               std::string(assembly.substr(start, end - start)));
      }
      line = line.substr(0, space);
    }
    values[std::string(line)] = numbers;
  }
  if (values.empty()) return ref::Result<ProbeValues>::Error("no probe lines in the assembly");
  return values;
}

Comparison CompareWithKernel(const ref::Layout& layout, const TreeFacts& facts,
                             const ProbeValues& values) {
  Comparison result;
  Comparer c(values, result);
  for (const ref::LayoutField& f : layout.fields) {
    c.Check("field " + f.name, {"offset", "size", "signedness", nullptr},
            {f.offset, f.size, ref::ScalarIsSigned(f.type) ? 1u : 0u, 0});
  }
  for (const ref::LayoutStruct& s : layout.structs) {
    c.Check("struct " + s.name, {"offset", "size", "align", "type"},
            {s.offset, s.size, s.align, 1});
  }
  // A page holding several arrays (LayoutPage entries with one symbol and index) is checked once.
  std::set<std::pair<std::string, std::uint32_t>> pages_checked;
  auto check_page = [&](const std::string& symbol, std::uint32_t index) {
    if (pages_checked.emplace(symbol, index).second) {
      c.Check("page " + symbol, {"value", nullptr, nullptr, nullptr}, {index, 0, 0, 0});
    }
  };
  for (const ref::LayoutPage& p : layout.pages) {
    check_page(p.kernel_index_symbol, p.index);
    if (!p.kernel_offset_symbol.empty()) {
      c.Check("offset " + p.root, {"value", nullptr, nullptr, nullptr}, {p.offset, 0, 0, 0});
    }
  }
  for (const ref::LayoutOpaquePage& p : layout.opaque_pages) {
    check_page(p.kernel_index_symbol, p.index);
  }
  c.Check("pages " + layout.kernel_page_count_symbol, {"value", nullptr, nullptr, nullptr},
          {layout.page_count, 0, 0, 0});
  for (const std::string& symbol : facts.page_count_symbols) {
    c.Check("pages " + symbol, {"value", nullptr, nullptr, nullptr}, {layout.page_count, 0, 0, 0});
  }
  for (const auto& [symbol, value] : facts.constants) {
    c.Check("const " + symbol, {"value", nullptr, nullptr, nullptr}, {value, 0, 0, 0});
  }
  return result;
}

}  // namespace vdsoconf::layout_check
