// The vocabulary of a vDSO's entry points: what each exported symbol does, in model terms.
//
// Which entry points an architecture's vDSO exports in each generation, under which symbol
// version and with which syscall numbers, is the architecture's (ref::ArchModel::EntryPoints,
// arch_model.h; RISC-V's in reference/arch/riscv/). This header only says what kinds of entry
// points there are: the generic vDSO's (lib/vdso), the bare syscalls, the signal trampoline, and
// the architecture's own, which its model answers for.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace vdsoconf::ref {

// How an entry point behaves, i.e. which part of the model predicts it.
enum class EntryBehaviour : std::uint8_t {
  // lib/vdso/gettimeofday.c (clock_gettime, gettimeofday, clock_getres, time): answered from vvar
  // time data, else the syscall `syscall_nr` with the same arguments. Modelled by the clock
  // reader (clock_reader.h).
  kClockAlgorithm,
  // lib/vdso/getrandom.c: ModelVdsoGetrandom (getrandom.h); syscall `syscall_nr`.
  kGetrandom,
  // A bare syscall (`syscall_nr`) with the caller's arguments unchanged, its return returned.
  kSyscallPassthrough,
  // The signal trampoline (rt_sigreturn): issues `syscall_nr` and never returns to its caller.
  // Only meaningful as the return address of a signal handler.
  kSignalReturn,
  // An entry of the architecture's own, answered by the architecture's model
  // (ArchModel::OwnEntryIssuesSyscall and the model's own functions).
  kArchOwn,
};

struct EntryPoint {
  std::string_view name;     // the exported symbol, e.g. "__vdso_clock_gettime"
  std::string_view version;  // its symbol version (the vDSO's linker script), e.g. "LINUX_4.15"
  EntryBehaviour behaviour;
  int syscall_nr;              // the syscall it issues directly or as its fallback; 0: none
  std::string_view signature;  // the C prototype from the kernel source
  std::string_view source;     // the defining file under the architecture's vDSO directory
};

// The entry named `name` in `entries`, or nullptr.
const EntryPoint* FindEntryPoint(std::span<const EntryPoint> entries, std::string_view name);

}  // namespace vdsoconf::ref
