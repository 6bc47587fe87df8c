#include "vdsoconf/targets/target.h"

namespace vdsoconf::targets {

std::string_view BootStatusName(BootStatus status) {
  switch (status) {
    case BootStatus::kCompleted:
      return "completed";
    case BootStatus::kPanic:
      return "panic";
    case BootStatus::kOops:
      return "oops";
    case BootStatus::kBug:
      return "bug";
    case BootStatus::kNoInit:
      return "no-init";
    case BootStatus::kBootTimeout:
      return "boot-timeout";
    case BootStatus::kRunTimeout:
      return "run-timeout";
    case BootStatus::kQemuError:
      return "qemu-error";
  }
  return "unknown";
}

}  // namespace vdsoconf::targets
