// The differential matrix: every vDSO entry point called next to the syscall it stands for, with
// the same arguments, in whatever execution context the caller is in.
//
// RunDiffMatrix fills a fixed-size DiffMatrix and allocates nothing on the heap, so it is safe in
// a vfork child (which shares the parent's memory and must not touch malloc) and in a second
// thread; WriteDiffMatrix turns it into the JSON of one context afterwards. The matrix records raw
// return values and output fields only: which differences matter is the host's decision
// (live/diff_checks.h).
//
// Return values are kernel-style everywhere: a syscall that fails with errno E is recorded as -E
// (what the vDSO itself returns when it falls back), so both sides compare directly. Output
// buffers are filled with kOutputSentinel bytes before each call, so a field the call did not
// write reads back as the sentinel.
#pragma once

#include <cstddef>
#include <cstdint>

#include "arch_hooks.h"
#include "vdso_functions.h"

namespace vdsoconf::agent {

class JsonWriter;

inline constexpr std::uint8_t kOutputSentinel = 0x5a;
inline constexpr std::int32_t kFirstClockId = -3;
inline constexpr std::int32_t kLastClockId = 31;
inline constexpr std::size_t kClockIdCount = kLastClockId - kFirstClockId + 1;

struct TimeAnswer {
  std::int64_t ret = 0;
  std::int64_t sec = 0;
  std::int64_t nsec = 0;  // tv_nsec, or tv_usec for gettimeofday
};

// syscall, vDSO, syscall: the vDSO call is bracketed by two syscalls of the same clock id.
struct ClockRow {
  std::int32_t clock = 0;
  TimeAnswer before, vdso, after;
};

struct GetresRow {
  std::int32_t clock = 0;
  TimeAnswer syscall, vdso;
};

struct GettimeofdayAnswer {
  TimeAnswer tv;  // sec/usec
  std::int32_t minuteswest = 0;
  std::int32_t dsttime = 0;
};

struct GettimeofdayRow {
  bool tv_present = false;
  bool tz_present = false;
  GettimeofdayAnswer before, vdso, after;
};

struct GetcpuAnswer {
  std::int64_t ret = 0;
  std::uint32_t cpu = 0;
  std::uint32_t node = 0;
};

struct GetcpuRow {
  bool pointers_present = false;
  GetcpuAnswer before, vdso, after;
};

struct GetrandomAnswer {
  std::int64_t ret = 0;
  bool wrote = false;  // some byte of the buffer differs from the sentinel
};

struct GetrandomRow {
  std::uint64_t length = 0;
  std::uint32_t flags = 0;
  std::int64_t state_setup = 0;  // the opaque-params query's return (0: state allocated)
  GetrandomAnswer syscall, vdso;
};

struct DiffMatrix {
  VdsoFunctions functions;
  ClockRow clock_gettime[kClockIdCount];
  GetresRow clock_getres[kClockIdCount];
  GettimeofdayRow gettimeofday[4];
  GetcpuRow getcpu[2];
  GetrandomRow getrandom[2];
  arch::OwnDiffRows own;  // the rows of the architecture's own entry points
};

// Calls every entry point `functions` holds next to its syscall, in the order of
// arch::EntryPoints() (clock_gettime and clock_getres together, per clock id), and records both
// answers in `matrix`. Entry points that are nullptr are skipped (their rows stay zero and are
// written as "not exported"). Allocates nothing; safe in a vfork child.
void RunDiffMatrix(const VdsoFunctions& functions, DiffMatrix& matrix);

// Writes the members of one context's object: "exported": {entry: bool}, and one array per
// exported entry point in the order of arch::EntryPoints() (format in probes/probes.h,
// "vdso.diff").
void WriteDiffMatrix(JsonWriter& json, const DiffMatrix& matrix);

}  // namespace vdsoconf::agent
