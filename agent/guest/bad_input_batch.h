// The batch of vdso.bad_input cases (probes/bad_input_probe.cc): the bad pointers every case
// uses, a vDSO call that survives its own fault, and the step each case writes. Shared with the
// architecture's hooks for its own entry points (vdso_entries.h, OwnEntryHooks::bad_input).
//
// All cases run in one forked child (fork costs milliseconds under TCG): a SIGSEGV/SIGBUS
// handler records the fault and siglongjmps back, so one faulting case does not end the batch.
// The syscalls never fault (the kernel checks user pointers), so they need no protection.
#pragma once

#include <setjmp.h>
#include <signal.h>

#include <cstddef>
#include <cstdint>

#include "vdso_functions.h"

namespace vdsoconf::agent {

// Pages with every kind of bad pointer next to good memory.
struct BadInputArena {
  std::uint8_t* valid = nullptr;      // page 0: read-write
  std::uint8_t* prot_none = nullptr;  // page 1: PROT_NONE, right after `valid`
  std::uint8_t* read_only = nullptr;  // page 2: PROT_READ
  std::uint8_t* unmapped = nullptr;   // page 3: unmapped again
  std::size_t page = 0;
};

// Maps the arena; false when a step failed.
bool MakeBadInputArena(BadInputArena& arena);

// The answer of one side of a case, and up to two output words worth comparing.
struct BadInputAnswer {
  bool ran = false;  // false: the vDSO does not export the entry point
  std::int64_t ret = 0;
  int signal = 0;
  int code = 0;
  std::uint64_t address = 0;
  std::int64_t out[2] = {0, 0};
};

struct BadInputBatch {
  int fd = -1;
  VdsoFunctions vdso;
  BadInputArena arena;
  std::uint64_t last_case_us = 0;  // when the previous case was emitted
};

// Writes one case's step: {"case", "elapsed_us", "vdso": null | answer, "syscall": answer}.
void EmitBadInputCase(BadInputBatch& batch, const char* name, const BadInputAnswer& vdso,
                      const BadInputAnswer& syscall_answer);

// Installs the SIGSEGV/SIGBUS handler that Protected() returns through.
void ArmBadInputFaultHandler();

// Where the fault handler returns to, and what it saw (Protected() reads them).
inline sigjmp_buf g_bad_input_fault_return;
inline volatile sig_atomic_t g_bad_input_fault_signal = 0;
inline volatile sig_atomic_t g_bad_input_fault_code = 0;
inline void* volatile g_bad_input_fault_address = nullptr;

// Runs `call` (which stores its return in answer.ret) with the fault handler armed; a fault
// becomes the answer's signal, code and address. Not run when the entry is not `exported`.
template <typename Call>
BadInputAnswer Protected(bool exported, Call call) {
  BadInputAnswer answer;
  if (!exported) return answer;
  answer.ran = true;
  g_bad_input_fault_signal = 0;
  if (sigsetjmp(g_bad_input_fault_return, 1) == 0) {
    call(answer);
  } else {
    answer.signal = g_bad_input_fault_signal;
    answer.code = g_bad_input_fault_code;
    answer.address = reinterpret_cast<std::uint64_t>(g_bad_input_fault_address);
  }
  return answer;
}

}  // namespace vdsoconf::agent
