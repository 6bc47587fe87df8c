#include "vdsoconf/targets/riscv/machine.h"

#include <algorithm>

#include "vdsoconf/core/exit_code.h"

namespace vdsoconf::targets::riscv {
namespace {

std::string RequireString(const nlohmann::json& object, const std::string& key,
                          const std::string& where) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string() || it->get<std::string>().empty()) {
    throw InfraError("machine table: " + where + "." + key + " must be a non-empty string");
  }
  return it->get<std::string>();
}

std::vector<std::string> StringArray(const nlohmann::json& object, const std::string& key,
                                     const std::string& where) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) {
    throw InfraError("machine table: " + where + "." + key + " must be an array of strings");
  }
  std::vector<std::string> strings;
  for (const auto& item : *it) {
    if (!item.is_string()) {
      throw InfraError("machine table: " + where + "." + key + " holds a non-string");
    }
    strings.push_back(item.get<std::string>());
  }
  return strings;
}

void RefuseHostAccess(const std::vector<std::string>& args, const std::string& where) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    bool nic_none = arg == "-nic" && i + 1 < args.size() && args[i + 1] == "none";
    if (arg == "-nic" && !nic_none) {
      throw InfraError("machine table: " + where + " gives the guest a network (-nic)");
    }
    for (const char* refused : {"-netdev", "-net", "-virtfs", "-fsdev", "-drive", "-hda"}) {
      if (arg == refused) {
        throw InfraError("machine table: " + where + " uses " + arg +
                         ": the guest gets no network and no host share");
      }
    }
  }
}

}  // namespace

QemuMachine ParseMachine(const nlohmann::json& table, const std::string& name) {
  if (!table.is_object() || !table.contains("machines") || !table["machines"].is_object()) {
    throw InfraError("machine table: needs an object \"machines\"");
  }
  std::string chosen = name.empty() ? RequireString(table, "default", "table") : name;
  const auto& machines = table["machines"];
  if (!machines.contains(chosen)) {
    std::string known;
    for (const auto& [key, value] : machines.items()) known += (known.empty() ? "" : ", ") + key;
    throw InfraError("machine table: no machine '" + chosen + "' (known: " + known + ")");
  }
  const auto& entry = machines[chosen];
  std::string where = "machines." + chosen;
  if (!entry.is_object()) throw InfraError("machine table: " + where + " must be an object");
  QemuMachine machine;
  machine.name = chosen;
  machine.qemu = RequireString(entry, "qemu", where);
  machine.cmdline = RequireString(entry, "cmdline", where);
  machine.args = StringArray(entry, "args", where);
  RefuseHostAccess(machine.args, where);
  if (entry.contains("document_channel")) {
    machine.document_channel = StringArray(entry, "document_channel", where);
    RefuseHostAccess(machine.document_channel, where + ".document_channel");
    const bool names_log = std::any_of(
        machine.document_channel.begin(), machine.document_channel.end(),
        [](const std::string& arg) { return arg.find(kDocumentLogPlaceholder) != arg.npos; });
    if (!names_log) {
      throw InfraError("machine table: " + where + ".document_channel never names " +
                       std::string(kDocumentLogPlaceholder));
    }
  }
  return machine;
}

QemuMachine BuiltinMachine(const std::string& name) {
  auto table = nlohmann::json::parse(BuiltinMachineTable(), nullptr, false);
  if (table.is_discarded()) throw InfraError("built-in machine table is not JSON (build defect)");
  return ParseMachine(table, name);
}

}  // namespace vdsoconf::targets::riscv
