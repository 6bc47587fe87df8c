#include "vdsoconf/riscv/image/image_summary.h"

#include <map>

namespace vdsoconf::riscv {
namespace {

nlohmann::json HashJson(const HashTableCheck& check) {
  return {{"present", check.present}, {"problems", check.problems}};
}

}  // namespace

nlohmann::json SummarizeImage(const VdsoImage& image, const std::string& file_name) {
  nlohmann::json symbols = nlohmann::json::array();
  for (const auto& s : image.ExportedSymbols()) {
    symbols.push_back({{"name", s.name},
                       {"version", s.version},
                       {"hidden", s.version_hidden},
                       {"value", s.value},
                       {"size", s.size},
                       {"type", s.type == 2 ? "FUNC" : "OBJECT"}});
  }
  std::map<std::string, int> sites;
  for (const auto& site : image.code.sites) ++sites[std::string(SiteKindName(site.kind))];
  nlohmann::json j = {
      {"file", file_name},
      {"source_offset", image.source_offset},
      {"size", image.bytes.size()},
      {"sha256", image.sha256},
      {"soname", image.elf.soname},
      {"image_pages", image.image_pages},
      {"vvar_pages", image.vvar_pages ? nlohmann::json(*image.vvar_pages) : nlohmann::json()},
      {"lowest_data_reference", image.code.lowest_data_reference
                                    ? nlohmann::json(*image.code.lowest_data_reference)
                                    : nlohmann::json()},
      {"linux_version_code",
       image.linux_version_code ? nlohmann::json(*image.linux_version_code) : nlohmann::json()},
      {"cfi",
       {{"cfi_build", image.cfi.IsCfiBuild()},
        {"riscv_feature_1_and", image.cfi.feature_1_and},
        {"landing_pads", image.cfi.landing_pads},
        {"shadow_stack_ops", image.cfi.shadow_stack_ops}}},
      {"generation", image.generation
                         ? nlohmann::json(std::string(ref::GenerationName(*image.generation)))
                         : nlohmann::json()},
      {"generation_reason", image.generation_reason},
      {"hash_tables",
       {{"gnu_hash", HashJson(image.elf.gnu_hash)}, {"sysv_hash", HashJson(image.elf.sysv_hash)}}},
      {"symbols", symbols},
      {"patch_sites", sites},
  };
  return j;
}

}  // namespace vdsoconf::riscv
