// Turning a bare initramfs into the few things the probes need: a console, /proc and /sys.
#pragma once

#include <string>
#include <vector>

namespace vdsoconf::agent {

struct SystemSetup {
  int console_fd = -1;             // where frames go
  std::vector<std::string> notes;  // what failed, for the agent-start document
};

// Mounts proc on /proc and sysfs on /sys (creating the directories) unless already mounted, and
// finds a console: fd 1 if it is open, else /dev/console (mounting devtmpfs on /dev, or creating
// the node, if the initramfs has none). Failures are notes, not errors. When the agent is not
// pid 1 (a test under qemu user mode) nothing is mounted and fd 1 is the output.
SystemSetup PrepareSystem();

// Ends the run: sync(), then power off when the agent is pid 1; otherwise returns (a test run).
void PowerOff();

}  // namespace vdsoconf::agent
