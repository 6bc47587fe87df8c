#include "vdsoconf/live/vdso_checks.h"

#include <map>
#include <vector>

#include "vdsoconf/live/check_builders.h"

namespace vdsoconf::live {
namespace {

constexpr std::uint32_t kSttFunc = 2;      // STT_FUNC
constexpr std::uint32_t kSttSection = 3;   // STT_SECTION
constexpr std::uint32_t kStbGlobal = 1;    // STB_GLOBAL
constexpr std::uint32_t kStbWeak = 2;      // STB_WEAK
constexpr std::uint32_t kShnUndef = 0;     // SHN_UNDEF
constexpr std::uint32_t kShnAbs = 0xfff1;  // SHN_ABS: the version-name symbols

struct Range {
  std::uint64_t start = 0, end = 0;
};

std::optional<Range> ParseRange(const nlohmann::json& data, const char* key) {
  const nlohmann::json& value = Member(data, key, "vdso.locate.data");
  if (value.is_null()) return std::nullopt;
  const std::string path = std::string("vdso.locate.data.") + key;
  return Range{U64(value, "start", path), U64(value, "end", path)};
}

}  // namespace

reports::CheckResult CheckVvarLocated(const ProbeDocument* locate,
                                      const LocateExpectations& expectations) {
  const std::string id = "vvar.located";
  if (locate == nullptr || locate->status != "ok")
    return ProbeDidNotFinish(id, locate, "vdso.locate");
  try {
    const nlohmann::json& data = locate->data;
    const nlohmann::json& auxv = Member(data, "auxv", "vdso.locate.data");
    const std::uint64_t ehdr = U64(auxv, "sysinfo_ehdr", "vdso.locate.data.auxv");
    std::uint64_t page = U64(auxv, "pagesz", "vdso.locate.data.auxv");
    if (page == 0) page = 4096;
    const auto vvar = ParseRange(data, "vvar");
    const auto vdso = ParseRange(data, "vdso");
    nlohmann::json evidence = {{"at_sysinfo_ehdr", ehdr}, {"page_size", page}};
    if (vvar)
      evidence["vvar"] = {
          {"start", vvar->start}, {"end", vvar->end}, {"pages", (vvar->end - vvar->start) / page}};
    if (vdso)
      evidence["vdso"] = {
          {"start", vdso->start}, {"end", vdso->end}, {"pages", (vdso->end - vdso->start) / page}};

    std::vector<std::string> problems;
    if (!vvar) problems.push_back("no [vvar] mapping");
    if (!vdso) problems.push_back("no [vdso] mapping");
    if (vdso && ehdr != vdso->start)
      problems.push_back("AT_SYSINFO_EHDR is not the start of [vdso]");
    for (const auto& [name, range] : {std::pair{"[vvar]", vvar}, std::pair{"[vdso]", vdso}}) {
      if (range &&
          (range->start % page != 0 || range->end % page != 0 || range->end <= range->start)) {
        problems.push_back(std::string(name) + " is empty or not page-aligned");
      }
    }
    if (vvar && vdso && expectations.vvar_directly_below_vdso && vvar->end != vdso->start) {
      problems.push_back("[vvar] does not end where [vdso] starts");
    }
    if (vvar && expectations.vvar_pages != 0 &&
        (vvar->end - vvar->start) / page != expectations.vvar_pages) {
      problems.push_back("[vvar] has " + std::to_string((vvar->end - vvar->start) / page) +
                         " pages, expected " + std::to_string(expectations.vvar_pages));
    }
    if (problems.empty()) return Pass(id, "[vvar] and [vdso] found where expected", evidence);
    std::string message;
    for (const std::string& problem : problems) message += (message.empty() ? "" : "; ") + problem;
    evidence["problems"] = problems;
    return Fail(id, message, evidence,
                {{"probe", "vdso.locate"},
                 {"expected",
                  {{"vvar_directly_below_vdso", expectations.vvar_directly_below_vdso},
                   {"at_sysinfo_ehdr", vdso ? nlohmann::json(vdso->start) : nullptr},
                   {"vvar_pages", expectations.vvar_pages}}},
                 {"observed", evidence},
                 {"maps", Member(data, "maps", "vdso.locate.data")}});
  } catch (const ProbeDataError& error) {
    return Error(id, error.what());
  }
}

reports::CheckResult CheckVdsoSymbols(const ProbeDocument* symbols,
                                      std::span<const ExpectedSymbol> expected) {
  const std::string id = "vdso.symbols";
  if (symbols == nullptr || symbols->status != "ok")
    return ProbeDidNotFinish(id, symbols, "vdso.symbols");
  try {
    const nlohmann::json& list = Member(symbols->data, "symbols", "vdso.symbols.data");
    if (!list.is_array()) throw ProbeDataError("vdso.symbols.data.symbols: expected an array");
    std::vector<std::string> problems;
    std::map<std::string, nlohmann::json> exported;  // name -> symbol, defined globals only
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string path = "vdso.symbols.data.symbols[" + std::to_string(i) + "]";
      const nlohmann::json& symbol = list[i];
      const std::string name = Str(symbol, "name", path);
      const auto bind = U64(symbol, "bind", path), type = U64(symbol, "type", path);
      const auto shndx = U64(symbol, "shndx", path);
      if (name.empty() || type == kSttSection || shndx == kShnUndef || shndx == kShnAbs ||
          (bind != kStbGlobal && bind != kStbWeak)) {
        continue;
      }
      exported[name] = symbol;
      const nlohmann::json& resolved = Member(symbol, "resolved", path);
      if (resolved.is_null() || U64(symbol, "resolved", path) != U64(symbol, "value", path)) {
        problems.push_back(name + " resolves through the hash table to " + resolved.dump() +
                           ", its symbol table value is " +
                           std::to_string(U64(symbol, "value", path)));
      }
    }
    nlohmann::json missing = nlohmann::json::array(), unexpected = nlohmann::json::array();
    for (const ExpectedSymbol& want : expected) {
      const auto it = exported.find(want.name);
      if (it == exported.end()) {
        problems.push_back(want.name + " is not exported");
        missing.push_back(want.name);
        continue;
      }
      const nlohmann::json& version = it->second["version"];
      if (!version.is_string() || version.get<std::string>() != want.version) {
        problems.push_back(want.name + " has version " + version.dump() + ", expected " +
                           want.version);
      }
      if (it->second["type"] != kSttFunc) problems.push_back(want.name + " is not a function");
    }
    for (const auto& [name, symbol] : exported) {
      bool known = false;
      for (const ExpectedSymbol& want : expected) known = known || want.name == name;
      if (!known) unexpected.push_back(name);
    }
    nlohmann::json expected_json = nlohmann::json::array();
    for (const ExpectedSymbol& want : expected)
      expected_json.push_back(want.name + "@" + want.version);
    nlohmann::json evidence = {{"exported", nlohmann::json::array()},
                               {"expected", expected_json},
                               {"missing", missing},
                               {"unexpected", unexpected}};
    for (const auto& [name, symbol] : exported) {
      evidence["exported"].push_back({{"name", name},
                                      {"version", symbol["version"]},
                                      {"value", symbol["value"]},
                                      {"resolved", symbol["resolved"]}});
    }
    if (problems.empty()) {
      return Pass(id, std::to_string(exported.size()) + " symbols exported and resolvable",
                  evidence);
    }
    std::string message;
    for (const std::string& problem : problems) message += (message.empty() ? "" : "; ") + problem;
    evidence["problems"] = problems;
    return Fail(id, message, evidence,
                {{"probe", "vdso.symbols"},
                 {"expected", expected_json},
                 {"observed", evidence["exported"]}});
  } catch (const ProbeDataError& error) {
    return Error(id, error.what());
  }
}

}  // namespace vdsoconf::live
