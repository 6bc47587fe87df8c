#include "vdsoconf/live/own_entry_checks.h"

#include "vdsoconf/live/agent_documents.h"
#include "vdsoconf/live/arch_truths.h"

namespace vdsoconf::live {

std::string FirstDifference(const nlohmann::json& vdso, const nlohmann::json& syscall,
                            std::initializer_list<const char*> keys, const std::string& path) {
  for (const char* key : keys) {
    if (Member(vdso, key, path) != Member(syscall, key, path)) {
      return std::string(key) + " " + vdso[key].dump() + " (vDSO) != " + syscall[key].dump() +
             " (syscall)";
    }
  }
  return "";
}

const LiveEntry* FindLiveEntry(const ArchTruths& arch, std::string_view key) {
  for (const LiveEntry& entry : arch.entries) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

}  // namespace vdsoconf::live
