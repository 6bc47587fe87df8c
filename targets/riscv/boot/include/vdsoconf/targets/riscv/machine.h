// The QEMU machines the riscv64 target boots, read from data (targets/riscv/boot/machines.json,
// compiled in): QEMU binary, machine arguments and the kernel command line base.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vdsoconf::targets::riscv {

struct QemuMachine {
  std::string name;               // "virt"
  std::string qemu;               // program name or path: "qemu-system-riscv64"
  std::vector<std::string> args;  // machine arguments, without -kernel/-initrd/-append
  std::string cmdline;            // kernel command line base; callers append to it
};

// Parses a machine table ({"default": NAME, "machines": {NAME: {qemu, args, cmdline}}}) and
// returns the machine `name` (empty: the table's default). Throws InfraError naming the field
// when the table is malformed or the machine is absent. Refuses args that would give the guest
// a network or a host share ("-netdev", "-nic" other than "none", "-virtfs", "-fsdev",
// "-drive"), because the suite promises neither.
QemuMachine ParseMachine(const nlohmann::json& table, const std::string& name = "");

// The machine from the built-in table (machines.json as compiled in).
QemuMachine BuiltinMachine(const std::string& name = "");

// The built-in table's text, for `vdsoconf run --show-machines` style diagnostics and tests.
const char* BuiltinMachineTable();

}  // namespace vdsoconf::targets::riscv
