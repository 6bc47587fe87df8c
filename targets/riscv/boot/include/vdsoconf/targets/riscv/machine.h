// The QEMU machines the riscv64 target boots, read from data (targets/riscv/boot/machines.json,
// compiled in): QEMU binary, machine arguments and the kernel command line base.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace vdsoconf::targets::riscv {

struct QemuMachine {
  std::string name;               // "virt"
  std::string qemu;               // program name or path: "qemu-system-riscv64"
  std::vector<std::string> args;  // machine arguments, without -kernel/-initrd/-append
  std::string cmdline;            // kernel command line base; callers append to it
  // Arguments that add the agent's document channel (document_channel.h of the agent): a
  // virtio console whose output QEMU writes to a file; kDocumentLogPlaceholder in them stands for
  // that file. Empty: the documents come on the serial console.
  std::vector<std::string> document_channel;
};

// Stands for the document log's path in QemuMachine::document_channel.
inline constexpr std::string_view kDocumentLogPlaceholder = "{document_log}";

// Parses a machine table ({"default": NAME, "machines": {NAME: {qemu, args, cmdline,
// document_channel (optional)}}}) and
// returns the machine `name` (empty: the table's default). Throws InfraError naming the field
// when the table is malformed or the machine is absent. Refuses args that would give the guest
// a network or a host share ("-netdev", "-nic" other than "none", "-virtfs", "-fsdev",
// "-drive"), in args or document_channel, because the suite promises neither; a
// document_channel that never names kDocumentLogPlaceholder is refused too.
QemuMachine ParseMachine(const nlohmann::json& table, const std::string& name = "");

// The machine from the built-in table (machines.json as compiled in).
QemuMachine BuiltinMachine(const std::string& name = "");

// The built-in table's text, for `vdsoconf run --show-machines` style diagnostics and tests.
const char* BuiltinMachineTable();

}  // namespace vdsoconf::targets::riscv
