// Classification of a guest console: did the kernel boot, reach /init and finish, or what stopped
// it (syzkaller pkg/report style: the first kernel failure report on the console decides).
//
// The classifier is architecture-neutral: it reads what Linux prints (panic, Oops, BUG lines) and
// what the host observed (QEMU exited, or was stopped at the boot or the overall deadline). Agent
// frames (protocol/FRAMING.md) are removed before matching, so text inside a probe's document can
// never be mistaken for a kernel report.
#pragma once

#include <string>
#include <string_view>

#include "vdsoconf/targets/target.h"

namespace vdsoconf::runner {

// How the guest's run ended, as the host saw it.
enum class ConsoleEnd {
  kExited,        // QEMU exited by itself (power-off, or panic with panic=-1 and -no-reboot)
  kBootTimedOut,  // stopped because /init was not reached before the boot deadline
  kRunTimedOut,   // stopped because the overall deadline passed after /init was reached
};

struct ConsoleVerdict {
  targets::BootStatus status = targets::BootStatus::kQemuError;
  // One line, stable across runs of the same failure (no timestamps or addresses where the
  // kernel's wording allows): "panic: sysrq triggered crash", "no init: No working init found.".
  std::string title;
  // The console lines that show the event: a few lines before it and the report after it, or the
  // console's last lines for a timeout. Empty for kCompleted.
  std::string excerpt;
};

// True when the console shows user space running: an agent frame, or the kernel's
// "Run /init as init process" (printed only without `quiet`).
bool ConsoleReachedInit(std::string_view console);

// Classifies `console` (raw bytes; \r\n or \n line ends). The first kernel report decides:
//   "BUG: ..." / "kernel BUG at ..."               -> kBug
//   "Oops", "Unable to handle kernel ..."          -> kOops
//   "Kernel panic - not syncing: No working init found" / "VFS: Unable to mount root fs" /
//   "Requested init ... failed"                    -> kNoInit
//   any other "Kernel panic - not syncing: X"      -> kPanic
// Without a report: kBootTimedOut -> kBootTimeout, kRunTimedOut -> kRunTimeout, and kExited ->
// kCompleted when init was reached, else kQemuError (QEMU ended before the kernel got anywhere,
// e.g. it could not load the image). Never throws.
ConsoleVerdict ClassifyConsole(std::string_view console, ConsoleEnd end);

}  // namespace vdsoconf::runner
