// The errno values the modelled vDSO entry points and syscalls return (negated), from
// include/uapi/asm-generic/errno-base.h. Spelled out so the model does not depend on the host's
// <cerrno>.
#pragma once

#include <cstdint>

namespace vdsoconf::ref {

inline constexpr std::int64_t kEagain = 11;  // EAGAIN
inline constexpr std::int64_t kEfault = 14;  // EFAULT
inline constexpr std::int64_t kEinval = 22;  // EINVAL

}  // namespace vdsoconf::ref
