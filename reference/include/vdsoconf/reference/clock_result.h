// What a vDSO time getter does for one call: the value it returns, or the syscall it falls back
// to and why, or that it never finishes; plus how it got there (path, seqlock retries).
//
// These are the records the reference reader (clock_reader.h) produces and the executor compares
// with a real vDSO image. They are plain values: no allocation, comparable with ==.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

namespace vdsoconf::ref {

// struct __kernel_timespec: what clock_gettime/clock_getres store. Both members are 64-bit on
// RISC-V; the reader computes tv_sec modulo 2^64 like the kernel and stores the bit pattern.
struct KernelTimespec {
  std::int64_t tv_sec = 0;
  std::int64_t tv_nsec = 0;

  friend bool operator==(const KernelTimespec&, const KernelTimespec&) = default;
};

// struct __kernel_old_timeval: what gettimeofday stores.
struct KernelTimeval {
  std::int64_t tv_sec = 0;
  std::int64_t tv_usec = 0;

  friend bool operator==(const KernelTimeval&, const KernelTimeval&) = default;
};

// struct timezone.
struct KernelTimezone {
  std::int32_t tz_minuteswest = 0;
  std::int32_t tz_dsttime = 0;

  friend bool operator==(const KernelTimezone&, const KernelTimezone&) = default;
};

// How the call ends.
enum class Outcome : std::uint8_t {
  // The vDSO answers by itself and returns 0.
  kReturned,
  // The vDSO issues the syscall named in `syscall` with the caller's arguments unchanged and
  // returns whatever the kernel returns; the vDSO itself stores nothing.
  kFallback,
  // The vDSO never returns: it spins on an odd seq, or the seq changes on every pass. The model
  // stops after ReaderPolicy::max_reads reads (see `spin`).
  kWouldSpin,
  // The vDSO would read memory the model does not hold (7.2 do_aux() stepping past page 1).
  kOutsideModel,
};

// Which kernel routine produced the answer.
enum class ReaderPath : std::uint8_t {
  kNone,          // no routine ran (invalid id, gettimeofday(NULL, NULL), ...)
  kHres,          // do_hres(): counter-based clock
  kHresTimens,    // do_hres() -> do_hres_timens(): counter-based clock plus namespace offset
  kCoarse,        // do_coarse(): copy of a coarse basetime
  kCoarseTimens,  // do_coarse() -> do_coarse_timens()
  kAux,           // do_aux() (7.2 CLOCK_AUX..CLOCK_AUX_LAST)
  kResHrtimer,    // clock_getres: hrtimer_res from the data page
  kResCoarse,     // clock_getres: LOW_RES_NSEC (TICK_NSEC) constant
  kResAux,        // clock_getres (7.2): aux_clock_resolution_ns() == 1
};

// Why the vDSO fell back to the syscall.
enum class FallbackReason : std::uint8_t {
  kNone,
  // `(u32)clock >= MAX_CLOCKS` (6.1, 6.12) or `(u32)clock > CLOCK_AUX_LAST` (7.2). This covers
  // every negative id: the dynamic CPU-time clocks of other processes/threads and fd clocks.
  kClockIdOutOfRange,
  // In range but in none of VDSO_HRES/VDSO_COARSE/VDSO_RAW(/VDSO_AUX): the CPU-time ids 2 and 3,
  // the alarm ids 8 and 9, SGI_CYCLE 10, and 12..15.
  kClockIdNotInVdso,
  // vdso_clocksource_ok() false: clock_mode == VDSO_CLOCKMODE_NONE (the current clocksource is
  // not readable from user space; the kernel then leaves the high-resolution data stale).
  kVdsoClockModeNone,
  // 7.2 aux id while the vDSO was built without CONFIG_POSIX_AUX_CLOCKS.
  kAuxClocksNotBuilt,
  // 7.2 aux id whose aux_clock_data[i].clock_mode is NONE ("Auxclock disabled?").
  kAuxClockDisabled,
};

// The syscall a fallback issues (RISC-V asm-generic numbers).
enum class Syscall : std::uint16_t {
  kNone = 0,
  kClockGettime = 113,  // __NR_clock_gettime
  kClockGetres = 114,   // __NR_clock_getres
  kGettimeofday = 169,  // __NR_gettimeofday
};

// Why a kWouldSpin reader never finishes.
enum class SpinKind : std::uint8_t {
  kNone,
  kOddSeq,          // every seq read was odd (and not a time-namespace page)
  kSeqNeverStable,  // sections keep ending with a seq different from the start
};

// How much work the call took, as the real vDSO would do it.
struct ReadStats {
  std::uint32_t reads = 0;             // vvar and counter reads in total
  std::uint32_t counter_reads = 0;     // __arch_get_hw_counter() calls
  std::uint32_t odd_seq_spins = 0;     // seq reads that saw an odd value and spun
  std::uint32_t seq_retries = 0;       // read sections repeated because vdso_read_retry() was true
  std::uint32_t timens_redirects = 0;  // switches from the namespace page to the real page
  bool used_mul_u64_u32_add_u64_shr = false;  // overflow-protect slow path taken
  // Iterations of __iter_div_u64_rem() in vdso_set_timespec(): ns / NSEC_PER_SEC. The real vDSO
  // loops this many times; a huge value means a call that takes seconds or longer.
  std::uint64_t division_iterations = 0;

  friend bool operator==(const ReadStats&, const ReadStats&) = default;
};

// Result of clock_gettime() and clock_getres().
struct ClockResult {
  Outcome outcome = Outcome::kReturned;
  ReaderPath path = ReaderPath::kNone;
  FallbackReason fallback = FallbackReason::kNone;
  Syscall syscall = Syscall::kNone;
  SpinKind spin = SpinKind::kNone;
  // Written by the vDSO iff outcome == kReturned (and, for clock_getres, res was not NULL).
  bool ts_written = false;
  KernelTimespec ts;
  ReadStats stats;

  friend bool operator==(const ClockResult&, const ClockResult&) = default;
};

// Result of gettimeofday().
struct GettimeofdayResult {
  Outcome outcome = Outcome::kReturned;
  ReaderPath path = ReaderPath::kNone;
  FallbackReason fallback = FallbackReason::kNone;
  Syscall syscall = Syscall::kNone;
  SpinKind spin = SpinKind::kNone;
  bool tv_written = false;
  KernelTimeval tv;
  bool tz_written = false;
  KernelTimezone tz;
  ReadStats stats;

  friend bool operator==(const GettimeofdayResult&, const GettimeofdayResult&) = default;
};

// Stable lower-case names for reports: "returned", "hres-timens", "clock-id-out-of-range", ...
std::string_view OutcomeName(Outcome outcome);
std::string_view ReaderPathName(ReaderPath path);
std::string_view FallbackReasonName(FallbackReason reason);
std::string_view SpinKindName(SpinKind kind);

// "{sec,nsec}", "{sec,usec}", "{minuteswest,dsttime}": for failure messages (GoogleTest uses them).
std::ostream& operator<<(std::ostream& out, const KernelTimespec& ts);
std::ostream& operator<<(std::ostream& out, const KernelTimeval& tv);
std::ostream& operator<<(std::ostream& out, const KernelTimezone& tz);

// One line with every field, for test failure messages and logs, e.g.
// "returned path=hres ts={1764000000,501234500} reads=7 counter_reads=1 retries=0 ...".
std::string Describe(const ClockResult& result);
std::string Describe(const GettimeofdayResult& result);

}  // namespace vdsoconf::ref
