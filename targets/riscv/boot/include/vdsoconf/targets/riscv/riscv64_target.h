// The riscv64 implementation of the Target interface (targets/include/vdsoconf/targets/target.h):
// kernels come from the generic provisioning (targets/kernels) with RISC-V's data
// (targets/riscv/kernels), boots run QEMU's virt machine
// from the machine table (machines.json) with the guest agent, or another program, as /init.
#pragma once

#include <filesystem>
#include <memory>

#include "vdsoconf/targets/target.h"

namespace vdsoconf::targets::riscv {

std::unique_ptr<Target> MakeRiscv64Target();

// The guest agent binary to pack as /init: $VDSOCONF_AGENT if set, else the one the build
// produced. Throws InfraError when that file does not exist (the agent was not built).
std::filesystem::path AgentBinary();

// The baseline /init (guest/trivial_init.c) as built. Throws InfraError when it was not built.
std::filesystem::path TrivialInit();

// The kernel command line for `request` on a machine whose base line is `base`: the base, then
// vdsoconf.probes=... (only when probes are named), vdsoconf.probe_timeout_ms=..., then
// request.extra_cmdline.
std::string KernelCommandLine(const std::string& base, const BootRequest& request);

}  // namespace vdsoconf::targets::riscv
