// One QEMU run of a kernel and an initramfs, watched live: the console is captured to a file,
// /init is detected as it appears, agent heartbeats are passed on, and two deadlines apply.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "vdsoconf/runner/console_classifier.h"
#include "vdsoconf/targets/riscv/machine.h"

namespace vdsoconf::targets::riscv {

struct QemuRunRequest {
  QemuMachine machine;
  std::filesystem::path kernel;
  std::filesystem::path initramfs;
  std::string cmdline;                     // the whole kernel command line
  std::chrono::milliseconds boot_timeout;  // /init must be seen by then
  std::chrono::milliseconds overall_timeout;
  std::filesystem::path console_log;                   // replaced with the full console
  std::function<void(std::string_view)> on_heartbeat;  // may be empty
};

struct QemuRun {
  std::string console;  // everything QEMU wrote (console and QEMU's own messages)
  // What the guest wrote to the machine's document channel (QemuMachine::document_channel);
  // empty when the machine has none or the guest did not use it.
  std::string documents;
  runner::ConsoleEnd end = runner::ConsoleEnd::kExited;
  std::string qemu_status;  // "exit 0", "killed by signal 15", ... for messages
  std::chrono::milliseconds wall{0};
  std::chrono::milliseconds time_to_init{-1};  // -1: /init never seen
};

// The line that separates the serial console from the document channel in the console log.
inline constexpr std::string_view kDocumentChannelHeader =
    "vdsoconf: ---- the agent's documents, from the virtio console (hvc0) ----";

// Where QEMU writes the document channel during a run: `console_log` + ".documents".
std::filesystem::path DocumentLogPath(const std::filesystem::path& console_log);

// Runs QEMU in its own process group (registered for Ctrl-C, runner/child_groups.h). Stops it
// when the boot deadline passes without /init on the console (end = kBootTimedOut) or when the
// overall deadline passes (kRunTimedOut). When the machine has a document channel, its file is
// read into QemuRun::documents after QEMU ended (a killed run keeps what was written), appended
// to the console log after kDocumentChannelHeader, and removed. Throws InfraError only when QEMU
// cannot be started.
QemuRun RunQemu(const QemuRunRequest& request);

}  // namespace vdsoconf::targets::riscv
