// Where the agent's framed documents go: the virtio console when the kernel has one, else the
// serial console.
//
// The serial console (a 16550 under QEMU) takes an interrupt per 16-byte FIFO, which under TCG
// cost most of a run's wall time (~0.9 s for the ~330 KB of frames of a default run). The host
// adds a virtio console (virtio-serial-pci without multiport, so port 0 is created while the
// driver probes, before /init runs, and is hvc0) whose output QEMU writes to a file; the frames
// are the same protocol (protocol/FRAMING.md), so the host decodes both streams alike. Heartbeats
// stay on the serial console, which the host watches live and which keeps the kernel's own
// messages.
#pragma once

#include <string>
#include <vector>

namespace vdsoconf::agent {

struct DocumentChannel {
  int fd = -1;       // where document frames go
  std::string name;  // "hvc0" (virtio console) or "console" (the serial console, slower)
};

// Returns hvc0 when it can be opened for writing and belongs to a virtio console
// (/sys/class/virtio-ports has a port), creating /dev/hvc0 (char 229:0) when the initramfs has no
// node for it. Otherwise returns `console_fd` named "console" and appends to `notes` why the
// virtio console was not used. Outside a VM (not pid 1) always the console: the host's hvc0 is
// not ours.
DocumentChannel OpenDocumentChannel(int console_fd, std::vector<std::string>& notes);

}  // namespace vdsoconf::agent
