// vdsoconf-riscv-executor: runs the machine code of a RISC-V vDSO image under qemu-riscv64
// against vvar pages and a time counter the host controls (protocol.h).
//
// The host sends the image already patched (patcher.h): counter reads, ecalls and pauses jump to
// stubs that call vdsoconf_trampoline, which calls vdsoconf_on_site below. Everything the vDSO
// does wrong (a fault, an endless loop) ends the call through __builtin_longjmp and becomes the
// call's result; the executor itself keeps serving.
#include <signal.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "vdsoconf/riscv/executor/protocol.h"
#include "vdsoconf/riscv/executor/wire.h"

extern "C" void vdsoconf_trampoline();

namespace {

namespace p = vdsoconf::riscv::protocol;
using vdsoconf::riscv::wire::Reader;
using vdsoconf::riscv::wire::Writer;

// The watchdog ticks every kTickMs while a batch runs; a call that outlives its budget of ticks
// is a hang. A periodic timer costs two syscalls per batch instead of two per call.
constexpr long kTickMs = 5;

struct Site {
  p::SiteKind kind;
  std::uint32_t address;
};

struct Mapping {
  std::uint8_t* vvar = nullptr;
  std::uint8_t* image = nullptr;
};

struct Injection {
  p::Trigger trigger;
  std::uint32_t nth;
  std::uint32_t offset;
  std::span<const std::uint8_t> bytes;
};

struct Ecall {
  std::uint64_t nr;
  std::uint64_t args[6];
};

// Everything the signal handlers and vdsoconf_on_site touch.
struct State {
  std::uint32_t vvar_pages = 0;
  std::size_t vvar_size = 0;
  Mapping patched;
  Mapping bare;
  std::vector<Site> sites;
  std::uint64_t stub_address = 0;
  volatile std::uint64_t* data = nullptr;  // the data page (protocol.h kData*)
  std::uint32_t stub_stride = 0;
  std::vector<std::uint8_t> baseline;  // the vvar between calls

  // The current call.
  const std::uint64_t* counters = nullptr;
  std::uint32_t counter_count = 0;
  std::vector<Injection> injections;
  std::uint64_t syscall_return = 0;
  std::uint32_t spin_pauses = 0;  // 0: no limit (CallRequest::spin_pauses)
  std::uint32_t counter_reads = 0;
  std::uint32_t pauses = 0;
  std::vector<Ecall> ecalls;
  bool injected = false;

  // __builtin_setjmp's five words: inline, no libc call, no signal mask (see Invoke).
  void* jump[5];
  volatile sig_atomic_t in_call = 0;
  volatile sig_atomic_t ticks = 0;
  sig_atomic_t tick_budget = 0;
  p::Outcome outcome = p::Outcome::kReturned;
  int signal = 0;
  int si_code = 0;
  std::uint64_t fault_address = 0;
  std::uint64_t fault_pc = 0;
};

State g;

[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "vdsoconf-riscv-executor: %s (errno %d)\n", what, errno);
  std::_Exit(3);
}

void ApplyInjections(p::Trigger trigger, std::uint32_t nth) {
  for (const Injection& injection : g.injections) {
    if (injection.trigger == trigger && injection.nth == nth) {
      std::memcpy(g.patched.vvar + injection.offset, injection.bytes.data(),
                  injection.bytes.size());
      g.injected = true;
    }
  }
}

}  // namespace

// Called by vdsoconf_trampoline with the saved registers (index = register number). Returns
// the value the stub puts into the replaced instruction's destination.
extern "C" std::uint64_t vdsoconf_on_site(std::uint64_t* regs) {
  const std::uint64_t index = (regs[1] - p::kStubReturnOffset - g.stub_address) / g.stub_stride;
  if (index >= g.sites.size()) Die("trampoline called from an unknown site");
  switch (g.sites[index].kind) {
    case p::SiteKind::kCounterRead: {
      const std::uint32_t n = ++g.counter_reads;
      ApplyInjections(p::Trigger::kCounterRead, n);
      if (g.counter_count == 0) return 0;
      return g.counters[n - 1 < g.counter_count ? n - 1 : g.counter_count - 1];
    }
    case p::SiteKind::kPause:
      ApplyInjections(p::Trigger::kPause, ++g.pauses);
      if (g.spin_pauses != 0 && g.pauses > g.spin_pauses && g.in_call) {
        // A spin: end the run as the watchdog would (Invoke and CheckedSweep catch the jump).
        g.in_call = 0;
        g.outcome = p::Outcome::kHang;
        __builtin_longjmp(g.jump, 1);
      }
      return 0;
    case p::SiteKind::kEcall: {
      Ecall call{regs[17], {regs[10], regs[11], regs[12], regs[13], regs[14], regs[15]}};
      g.ecalls.push_back(call);
      ApplyInjections(p::Trigger::kEcall, static_cast<std::uint32_t>(g.ecalls.size()));
      return g.syscall_return;
    }
  }
  return 0;
}

namespace {

void OnFault(int signal, siginfo_t* info, void* context) {
  if (!g.in_call) {
    // A bug in the executor itself: die with the signal so the host sees it and restarts us.
    ::signal(signal, SIG_DFL);
    raise(signal);
    return;
  }
  g.in_call = 0;
  g.outcome = p::Outcome::kFault;
  g.signal = signal;
  g.si_code = info->si_code;
  g.fault_address = reinterpret_cast<std::uint64_t>(info->si_addr);
  g.fault_pc = static_cast<ucontext_t*>(context)->uc_mcontext.__gregs[REG_PC];
  __builtin_longjmp(g.jump, 1);
}

void OnTick(int, siginfo_t*, void*) {
  if (!g.in_call) return;
  g.ticks = g.ticks + 1;
  if (g.ticks <= g.tick_budget) return;
  g.in_call = 0;
  g.outcome = p::Outcome::kHang;
  __builtin_longjmp(g.jump, 1);
}

void InstallHandlers() {
  static std::vector<std::uint8_t> alternate_stack(1 << 16);
  stack_t stack{};
  stack.ss_sp = alternate_stack.data();
  stack.ss_size = alternate_stack.size();
  if (sigaltstack(&stack, nullptr) != 0) Die("sigaltstack");
  struct sigaction action {};
  action.sa_flags = SA_SIGINFO | SA_ONSTACK;
  action.sa_sigaction = OnFault;
  for (int s : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP}) {
    if (sigaction(s, &action, nullptr) != 0) Die("sigaction");
  }
  action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
  action.sa_sigaction = OnTick;
  if (sigaction(SIGALRM, &action, nullptr) != 0) Die("sigaction SIGALRM");
}

void SetTicker(bool on) {
  itimerval timer{};
  if (on) {
    timer.it_interval.tv_usec = kTickMs * 1000;
    timer.it_value.tv_usec = kTickMs * 1000;
  }
  if (setitimer(ITIMER_REAL, &timer, nullptr) != 0) Die("setitimer");
}

bool ReadFully(void* data, std::size_t size) {
  auto* p = static_cast<std::uint8_t*>(data);
  while (size > 0) {
    const ssize_t n = read(0, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

void WriteFully(const std::uint8_t* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = write(1, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) Die("write to host");
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

void Respond(p::Kind kind, Writer& payload) {
  Writer frame;
  frame.U32(p::kResponseMagic);
  frame.U32(static_cast<std::uint32_t>(kind));
  frame.U64(payload.bytes().size());
  WriteFully(frame.bytes().data(), frame.bytes().size());
  WriteFully(payload.bytes().data(), payload.bytes().size());
}

[[noreturn]] void ProtocolError(const char* what) {
  Writer payload;
  payload.Raw(what, std::strlen(what));
  Respond(p::Kind::kError, payload);
  Die(what);
}

// guard pages | vvar pages | image, data, stub pages | guard page; the data page (at
// `data_offset`, 0 for none) is RW, the rest of the image RX, vvar RW. The
// guard below is wide so that an image expecting more vvar pages than we map faults there
// (deterministically) instead of reading some other mapping.
constexpr std::size_t kGuardPagesBelow = 64;

Mapping MapRegion(std::span<const std::uint8_t> image, std::uint32_t image_pages,
                  std::uint64_t data_offset) {
  const std::size_t total =
      (kGuardPagesBelow + 1 + std::size_t{g.vvar_pages} + image_pages) * p::kPageSize;
  auto* base = static_cast<std::uint8_t*>(
      mmap(nullptr, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  if (base == MAP_FAILED) Die("mmap");
  Mapping m;
  m.vvar = base + kGuardPagesBelow * p::kPageSize;
  m.image = m.vvar + g.vvar_size;
  const std::size_t image_size = std::size_t{image_pages} * p::kPageSize;
  if (mprotect(m.vvar, g.vvar_size + image_size, PROT_READ | PROT_WRITE) != 0) Die("mprotect");
  std::memcpy(m.image, image.data(), image.size());
  if (data_offset != 0) {
    const auto trampoline = reinterpret_cast<std::uint64_t>(&vdsoconf_trampoline);
    std::memcpy(m.image + data_offset + p::kDataTrampoline, &trampoline, 8);
  }
  if (mprotect(m.image, image_size, PROT_READ | PROT_EXEC) != 0) Die("mprotect image");
  // The data page stays writable, and apart from code: a store to a page holding translated
  // code would make QEMU throw its translations away.
  if (data_offset != 0 &&
      mprotect(m.image + data_offset, p::kPageSize, PROT_READ | PROT_WRITE) != 0) {
    Die("mprotect data page");
  }
  return m;
}

void Load(Reader& in) {
  g.vvar_pages = in.U32();
  const std::uint32_t region_pages = in.U32();
  const std::uint32_t stub_offset = in.U32();
  g.stub_stride = in.U32();
  const std::uint32_t data_offset = in.U32();
  const std::uint32_t site_count = in.U32();
  if (in.failed() || g.vvar_pages > 64 || region_pages > 1024 || g.stub_stride == 0 ||
      site_count > 100000 || data_offset == 0 || data_offset % p::kPageSize != 0 ||
      data_offset + p::kPageSize > region_pages * p::kPageSize) {
    ProtocolError("bad load header");
  }
  g.sites.clear();
  for (std::uint32_t i = 0; i < site_count; ++i) {
    const auto kind = static_cast<p::SiteKind>(in.U32());
    g.sites.push_back({kind, in.U32()});
  }
  const auto patched = in.Bytes(in.U64());
  const auto original = in.Bytes(in.U64());
  if (in.failed() || patched.size() != std::size_t{region_pages} * p::kPageSize ||
      original.size() > patched.size()) {
    ProtocolError("bad load images");
  }
  g.vvar_size = std::size_t{g.vvar_pages} * p::kPageSize;
  g.baseline.assign(g.vvar_size, 0);
  g.patched = MapRegion(patched, region_pages, data_offset);
  g.bare = MapRegion(original, region_pages, 0);
  g.data = reinterpret_cast<volatile std::uint64_t*>(g.patched.image + data_offset);
  g.stub_address = reinterpret_cast<std::uint64_t>(g.patched.image) + stub_offset;
  Writer out;
  out.U64(reinterpret_cast<std::uint64_t>(g.patched.image));
  out.U64(reinterpret_cast<std::uint64_t>(g.patched.vvar));
  Respond(p::Kind::kLoad, out);
}

using Entry = std::uint64_t (*)(std::uint64_t, std::uint64_t, std::uint64_t, std::uint64_t,
                                std::uint64_t, std::uint64_t);

// Calls the entry point; a signal during the call comes back here through __builtin_longjmp
// (the handlers set g.outcome). Under qemu-user every call/return is an indirect jump that costs
// a translation-block lookup, so the GCC builtins (inline; GCC saves the callee-saved registers
// of this function itself) replace sigsetjmp, which is two libc calls. Neither saves the signal
// mask: after a signal the mask still blocks it, so we unblock everything ourselves.
__attribute__((noinline)) std::uint64_t Invoke(Entry entry, const std::uint64_t* args) {
  volatile std::uint64_t result = 0;
  if (__builtin_setjmp(g.jump) == 0) {
    g.in_call = 1;
    result = entry(args[0], args[1], args[2], args[3], args[4], args[5]);
    g.in_call = 0;
  } else {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
  }
  return result;
}

// Output buffers are a few words (a timespec) and memset/memcpy are calls, which qemu-user
// pays for with a translation-block lookup each: small buffers are filled and copied inline.
// The empty asm keeps GCC from turning the loops back into those calls.
inline void FillBuffer(std::vector<std::uint8_t>& buffer) {
  constexpr std::uint64_t kFillWord = 0x0101010101010101ull * p::kBufferFill;
  std::uint8_t* at = buffer.data();
  std::size_t left = buffer.size();
  for (; left >= 8; left -= 8, at += 8) {
    __builtin_memcpy(at, &kFillWord, 8);
    asm volatile("" ::: "memory");
  }
  for (; left > 0; --left) *at++ = p::kBufferFill;
}

inline void AppendBuffer(Writer& out, const std::vector<std::uint8_t>& buffer) {
  out.U32(static_cast<std::uint32_t>(buffer.size()));
  if (buffer.size() > 64) {
    out.Bytes(buffer);
    return;
  }
  const std::uint8_t* at = buffer.data();
  std::size_t left = buffer.size();
  for (; left >= 8; left -= 8, at += 8) {
    std::uint64_t word;
    __builtin_memcpy(&word, at, 8);
    out.U64(word);
    asm volatile("" ::: "memory");
  }
  for (; left > 0; --left) out.Raw(at++, 1);
}

// A call as read from a request: what Execute needs to run it (again).
struct ParsedCall {
  std::uint64_t entry_offset = 0;
  std::uint32_t watchdog_ms = 0;
  std::uint64_t args[p::kMaxArgs] = {};
  std::size_t buffer_count = 0;
  std::uint8_t buffer_arg[p::kMaxArgs] = {};  // buffer k is argument buffer_arg[k]
};

std::vector<std::vector<std::uint8_t>> g_buffers;

// Reads one call from `in`: applies its vvar baseline changes and sets the counter values and
// injections in `g`. Returns false on a malformed request.
__attribute__((always_inline)) inline bool ParseCall(Reader& in, ParsedCall& call) {
  // The fixed head of a call in one bounds check: under TCG every branch ends a translation
  // block, and Reader checks each field.
  const auto head = in.Bytes(28);
  if (head.empty()) return false;
  std::memcpy(&call.entry_offset, head.data(), 8);
  std::memcpy(&call.watchdog_ms, head.data() + 8, 4);
  std::memcpy(&g.spin_pauses, head.data() + 12, 4);
  std::memcpy(&g.syscall_return, head.data() + 16, 8);
  std::uint32_t arg_count;
  std::memcpy(&arg_count, head.data() + 24, 4);
  if (arg_count > p::kMaxArgs) return false;
  const auto arg_bytes = in.Bytes(12 * arg_count);
  if (in.failed()) return false;
  std::uint64_t* args = call.args;
  std::size_t& buffer_count = call.buffer_count;
  auto& buffers = g_buffers;
  buffer_count = 0;
  for (std::uint32_t i = 0; i < arg_count; ++i) {
    std::uint32_t kind_number;
    std::uint64_t value;
    std::memcpy(&kind_number, arg_bytes.data() + 12 * i, 4);
    std::memcpy(&value, arg_bytes.data() + 12 * i + 4, 8);
    const auto kind = static_cast<p::ArgKind>(kind_number);
    switch (kind) {
      case p::ArgKind::kValue:
        args[i] = value;
        break;
      case p::ArgKind::kOutputBuffer: {
        if (value > p::kMaxBufferBytes) return false;
        if (buffers.size() <= buffer_count) buffers.emplace_back();
        call.buffer_arg[buffer_count] = static_cast<std::uint8_t>(i);
        auto& buffer = buffers[buffer_count++];
        // ExecuteCall fills it before every run; here only its size matters.
        if (buffer.size() != value) buffer.resize(value);
        args[i] = reinterpret_cast<std::uint64_t>(buffer.data());
        break;
      }
      case p::ArgKind::kVvarAddress:
        args[i] = reinterpret_cast<std::uint64_t>(g.patched.vvar) + value;
        break;
      case p::ArgKind::kImageAddress:
        args[i] = reinterpret_cast<std::uint64_t>(g.patched.image) + value;
        break;
      default:
        return false;
    }
  }
  if (in.U32() != 0) {
    const auto full = in.Bytes(g.vvar_size);
    if (in.failed()) return false;
    std::memcpy(g.baseline.data(), full.data(), g.vvar_size);
    std::memcpy(g.patched.vvar, full.data(), g.vvar_size);
  }
  const std::uint32_t write_count = in.U32();
  for (std::uint32_t i = 0; i < write_count && !in.failed(); ++i) {
    const std::uint32_t offset = in.U32();
    const auto bytes = in.Bytes(in.U32());
    if (in.failed() || offset > g.vvar_size || bytes.size() > g.vvar_size - offset) return false;
    std::memcpy(g.baseline.data() + offset, bytes.data(), bytes.size());
    std::memcpy(g.patched.vvar + offset, bytes.data(), bytes.size());
  }
  g.counter_count = in.U32();
  const auto counters = in.Bytes(std::uint64_t{g.counter_count} * 8);
  g.counters = reinterpret_cast<const std::uint64_t*>(counters.data());
  const std::uint32_t injection_count = in.U32();
  g.injections.clear();
  for (std::uint32_t i = 0; i < injection_count && !in.failed(); ++i) {
    Injection injection;
    injection.trigger = static_cast<p::Trigger>(in.U32());
    injection.nth = in.U32();
    injection.offset = in.U32();
    injection.bytes = in.Bytes(in.U32());
    if (injection.offset > g.vvar_size || injection.bytes.size() > g.vvar_size - injection.offset) {
      return false;
    }
    g.injections.push_back(injection);
  }
  return !in.failed();
}

// Appends the result record of the run that just ended (g holds its outcome, counts and
// ecalls; g_buffers its output).
__attribute__((always_inline)) inline void AppendResult(const ParsedCall& call,
                                                        std::uint64_t result, Writer& out) {
  auto& buffers = g_buffers;
  const std::size_t buffer_count = call.buffer_count;
  // The fixed head of the record in one append (one capacity check); buffer_count <= kMaxArgs
  // fits the byte above the outcome.
  const std::size_t ecall_count = g.ecalls.size();
  struct {
    std::uint32_t outcome_and_buffers, counter_reads, pauses, ecalls;
    std::uint64_t return_value;
  } head{static_cast<std::uint32_t>(g.outcome) | static_cast<std::uint32_t>(buffer_count) << 8,
         g.counter_reads + static_cast<std::uint32_t>(g.data[p::kDataFastReads / 8]), g.pauses,
         static_cast<std::uint32_t>(ecall_count), g.outcome == p::Outcome::kReturned ? result : 0};
  static_assert(sizeof head == 24);
  out.Raw(&head, sizeof head);
  if (g.outcome == p::Outcome::kFault) {
    out.I32(g.signal);
    out.I32(g.si_code);
    out.U64(g.fault_address);
    out.U64(g.fault_pc);
  }
  for (std::size_t i = 0; i < ecall_count; ++i) {
    const Ecall& e = g.ecalls[i];
    out.U64(e.nr);
    for (std::uint64_t a : e.args) out.U64(a);
  }
  for (std::size_t i = 0; i < buffer_count; ++i) {
    AppendBuffer(out, buffers[i]);
  }
}

// Runs a parsed call and appends its result to `out`.
__attribute__((always_inline)) inline void ExecuteCall(const ParsedCall& call, Writer& out) {
  auto& buffers = g_buffers;
  const std::size_t buffer_count = call.buffer_count;
  for (std::size_t i = 0; i < buffer_count; ++i) {
    FillBuffer(buffers[i]);
  }
  // Counter reads skip the trampoline when nothing but one value is asked of them.
  bool fast = g.counter_count <= 1;
  for (const Injection& injection : g.injections) {
    fast = fast && injection.trigger != p::Trigger::kCounterRead;
  }
  g.data[p::kDataFastFlag / 8] = fast ? 1 : 0;
  g.data[p::kDataFastValue / 8] = g.counter_count == 0 ? 0 : g.counters[0];
  g.data[p::kDataFastReads / 8] = 0;
  g.counter_reads = 0;
  g.pauses = 0;
  g.ecalls.clear();
  g.injected = false;
  g.outcome = p::Outcome::kReturned;
  g.signal = g.si_code = 0;
  g.fault_address = g.fault_pc = 0;
  g.tick_budget = static_cast<sig_atomic_t>(call.watchdog_ms / kTickMs + 1);
  g.ticks = 0;
  const auto entry =
      reinterpret_cast<Entry>(reinterpret_cast<std::uint64_t>(g.patched.image) + call.entry_offset);
  const std::uint64_t result = Invoke(entry, call.args);
  if (g.injected) std::memcpy(g.patched.vvar, g.baseline.data(), g.vvar_size);
  AppendResult(call, result, out);
}

void Batch(Reader& in) {
  static Writer out;  // keeps its capacity across batches
  const std::uint32_t count = in.U32();
  out.Clear();
  out.U32(count);
  SetTicker(true);
  ParsedCall call;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (!ParseCall(in, call)) {
      SetTicker(false);
      ProtocolError("malformed call in batch");
    }
    ExecuteCall(call, out);
  }
  SetTicker(false);
  Respond(p::Kind::kBatch, out);
}

// One call run once per counter value: the request is parsed once, so per run only the call
// and its result cost anything.
void Sweep(Reader& in) {
  static Writer out;
  ParsedCall call;
  if (!ParseCall(in, call)) ProtocolError("malformed call in sweep");
  const std::uint32_t count = in.U32();
  const auto values = in.Bytes(std::uint64_t{count} * 8);
  if (in.failed()) ProtocolError("malformed sweep values");
  const auto* counters = reinterpret_cast<const std::uint64_t*>(values.data());
  out.Clear();
  out.U32(count);
  SetTicker(true);
  for (std::uint32_t i = 0; i < count; ++i) {
    g.counters = counters + i;
    g.counter_count = 1;
    ExecuteCall(call, out);
  }
  SetTicker(false);
  Respond(p::Kind::kSweep, out);
}

// A checked sweep in progress (kCheckedSweep). Global, so that it survives the longjmp out
// of a run that faults or hangs: CheckRuns keeps `next` at the run in progress.
struct CheckedRuns {
  ParsedCall call;
  Entry entry = nullptr;
  const std::uint8_t* records = nullptr;
  std::uint32_t record_size = 0;
  std::uint32_t count = 0;
  std::uint32_t next = 0;
  std::uint32_t mismatches = 0;
  std::uint64_t base = 0;
  std::uint64_t step = 0;
  // Run i reads list[i & list_mask] + base + i * step: with a counter list, base and step are
  // 0 and the mask all ones; with a ramp, the list is one zero and the mask 0. No branch.
  const std::uint64_t* list = nullptr;
  std::uint64_t list_mask = 0;
  // Run i changes the live vvar by patches[i & patch_mask] (protocol.h, vvar patch) and gets the
  // baseline back afterwards; without patches, one empty patch and the mask 0.
  const p::VvarPatch* patches = nullptr;
  std::uint64_t patch_mask = 0;
  std::uint64_t counter = 0;  // of the run in progress; the slow counter path reads it here
  // The expected ecall (protocol.h, kCheckedSweep): compared with the first caught ecall of every
  // run that makes one (the record already compares how many).
  bool check_ecall = false;
  std::uint64_t ecall_nr = 0;
  std::uint64_t ecall_args[6] = {};
  std::uint32_t ecall_kinds[6] = {};
  // The output buffers of every run, back to back: filled and compared as one span, as whole
  // aligned words when `words` (every buffer a multiple of 8 bytes). memset and memcmp would be
  // libc calls, and under qemu-user every call and return costs a translation-block lookup.
  std::vector<std::uint64_t> arena;
  std::size_t arena_bytes = 0;
  bool words = true;
  Writer out;
};

CheckedRuns g_checked;

// The arena's bytes go back into g_buffers, where AppendResult reports them from.
void CopyArenaToBuffers() {
  const auto* at = reinterpret_cast<const std::uint8_t*>(g_checked.arena.data());
  for (std::size_t b = 0; b < g_checked.call.buffer_count; ++b) {
    std::memcpy(g_buffers[b].data(), at, g_buffers[b].size());
    at += g_buffers[b].size();
  }
}

// Nonzero when the run's first ecall differs from the sweep's expected one (number, or an
// argument its kind constrains). Zero when nothing is expected or no ecall was made.
__attribute__((noinline)) std::uint64_t EcallDiff() {
  const CheckedRuns& s = g_checked;
  const Ecall& e = g.ecalls[0];
  std::uint64_t diff = e.nr ^ s.ecall_nr;
  for (std::size_t i = 0; i < 6; ++i) {
    const std::uint64_t got = e.args[i];
    switch (static_cast<p::EcallArgKind>(s.ecall_kinds[i])) {
      case p::EcallArgKind::kAny:
        break;
      case p::EcallArgKind::kExact:
        diff |= got ^ s.ecall_args[i];
        break;
      case p::EcallArgKind::kNull:
        diff |= got;
        break;
      case p::EcallArgKind::kNonNull:
        diff |= got == 0 ? 1 : 0;
        break;
    }
  }
  return diff;
}

// Whether the run that just returned `result` matches `record` (protocol.h, expected record).
// One branch at the end instead of one per field: under TCG every branch ends a block (the
// ecall comparison adds one, taken only by runs that made an ecall).
__attribute__((always_inline)) inline bool RunMatches(std::uint64_t result,
                                                      const std::uint8_t* record) {
  const auto* head = static_cast<const std::uint64_t*>(__builtin_assume_aligned(record, 8));
  const std::uint64_t reads =
      g.counter_reads + static_cast<std::uint32_t>(g.data[p::kDataFastReads / 8]);
  const std::uint64_t counts = g.ecalls.size() | reads << 32;
  const std::uint64_t counts_mask =
      (head[1] >> 32) == p::kAnyCount ? 0xffffffffull : ~std::uint64_t{0};
  std::uint64_t diff = (head[0] ^ result) | ((head[1] ^ counts) & counts_mask);
  if (g_checked.check_ecall && !g.ecalls.empty()) diff |= EcallDiff();
  const std::uint8_t* want = record + p::kExpectedHeadBytes;
  if (g_checked.words) {
    const auto* expected = static_cast<const std::uint64_t*>(__builtin_assume_aligned(want, 8));
    const std::size_t n = g_checked.arena_bytes / 8;
    for (std::size_t w = 0; w < n; ++w) diff |= g_checked.arena[w] ^ expected[w];
  } else {
    const auto* have = reinterpret_cast<const std::uint8_t*>(g_checked.arena.data());
    for (std::size_t i = 0; i < g_checked.arena_bytes; ++i) diff |= have[i] ^ want[i];
  }
  return diff == 0;
}

// Runs g_checked.next .. count-1. A run that faults or hangs leaves through __builtin_longjmp
// (to CheckedSweep) with g_checked.next at that run. noinline: the loop's state lives in
// registers here and nowhere across the setjmp in CheckedSweep.
__attribute__((noinline)) void CheckRuns() {
  CheckedRuns& s = g_checked;
  const std::uint32_t count = s.count;
  const std::uint32_t record_size = s.record_size;
  const std::uint64_t step = s.step;
  const Entry entry = s.entry;
  const std::uint64_t* args = s.call.args;
  const std::size_t fill_words = (s.arena_bytes + 7) / 8;
  constexpr std::uint64_t kFillWord = 0x0101010101010101ull * p::kBufferFill;
  std::uint64_t* arena = s.arena.data();
  const std::uint8_t* record = s.records + std::size_t{s.next} * record_size;
  const std::uint64_t* list = s.list;
  const std::uint64_t list_mask = s.list_mask;
  std::uint64_t ramp = s.base + s.next * step;
  std::uint8_t* vvar = g.patched.vvar;
  for (std::uint32_t i = s.next; i < count; ++i, ramp += step, record += record_size) {
    const std::uint64_t counter = list[i & list_mask] + ramp;
    const p::VvarPatch patch = s.patches[i & s.patch_mask];
    s.next = i;
    s.counter = counter;
    for (std::uint32_t k = 0; k < patch.length; ++k) {
      vvar[patch.offset + k] =
          static_cast<std::uint8_t>((vvar[patch.offset + k] & patch.and_mask) ^ patch.xor_mask);
    }
    for (std::size_t w = 0; w < fill_words; ++w) {
      arena[w] = kFillWord;
      asm volatile("" ::: "memory");  // not a call to memset
    }
    g.data[p::kDataFastValue / 8] = counter;
    g.data[p::kDataFastReads / 8] = 0;
    g.counter_reads = 0;
    g.pauses = 0;
    g.ecalls.clear();
    g.injected = false;
    g.ticks = 0;
    g.in_call = 1;
    const std::uint64_t result = entry(args[0], args[1], args[2], args[3], args[4], args[5]);
    g.in_call = 0;
    if (g.injected) std::memcpy(g.patched.vvar, g.baseline.data(), g.vvar_size);
    for (std::uint32_t k = 0; k < patch.length; ++k) {
      vvar[patch.offset + k] = g.baseline[patch.offset + k];
    }
    if (__builtin_expect(!RunMatches(result, record), 0)) {
      ++s.mismatches;
      CopyArenaToBuffers();
      g.outcome = p::Outcome::kReturned;
      s.out.U32(i);
      AppendResult(s.call, result, s.out);
    }
  }
  s.next = count;
}

// One call run once per counter value base + i * step, each run compared here with the host's
// expected record: only runs that differ cost a result record, so a sweep's reply stays small
// and the host decodes nothing for the runs that pass. One setjmp per sweep (and per fault),
// not per run.
void CheckOneSweep(Reader& in) {
  CheckedRuns& s = g_checked;
  if (!ParseCall(in, s.call)) ProtocolError("malformed call in checked sweep");
  s.base = in.U64();
  s.step = in.U64();
  s.count = in.U32();
  s.record_size = in.U32();
  const std::uint32_t has_list = in.U32();
  const std::uint32_t has_patches = in.U32();
  s.check_ecall = in.U32() != 0;
  if (s.check_ecall) {
    s.ecall_nr = in.U64();
    for (std::uint64_t& arg : s.ecall_args) arg = in.U64();
    for (std::uint32_t& kind : s.ecall_kinds) {
      kind = in.U32();
      if (kind > static_cast<std::uint32_t>(p::EcallArgKind::kNonNull)) {
        ProtocolError("bad expected ecall argument kind");
      }
    }
  }
  const std::uint32_t padding = in.U32();
  in.Bytes(padding);
  static const std::uint64_t kNoList[1] = {0};
  s.list = kNoList;
  s.list_mask = 0;
  if (has_list != 0) {
    const auto list = in.Bytes(std::uint64_t{s.count} * 8);
    if (in.failed() || reinterpret_cast<std::uintptr_t>(list.data()) % 8 != 0) {
      ProtocolError("malformed or misaligned counter list");
    }
    s.list = reinterpret_cast<const std::uint64_t*>(list.data());
    s.list_mask = ~std::uint64_t{0};
    s.base = 0;
    s.step = 0;
  }
  static const p::VvarPatch kNoPatch[1] = {{0, 0, 0xff, 0}};
  s.patches = kNoPatch;
  s.patch_mask = 0;
  if (has_patches != 0) {
    const auto bytes = in.Bytes(std::uint64_t{s.count} * sizeof(p::VvarPatch));
    if (in.failed() || reinterpret_cast<std::uintptr_t>(bytes.data()) % 8 != 0) {
      ProtocolError("malformed or misaligned vvar patches");
    }
    s.patches = reinterpret_cast<const p::VvarPatch*>(bytes.data());
    s.patch_mask = ~std::uint64_t{0};
    for (std::uint32_t i = 0; i < s.count; ++i) {
      if (s.patches[i].offset > g.vvar_size ||
          s.patches[i].length > g.vvar_size - s.patches[i].offset) {
        ProtocolError("vvar patch outside the vvar pages");
      }
    }
  }
  s.arena_bytes = 0;
  s.words = true;
  for (std::size_t b = 0; b < s.call.buffer_count; ++b) {
    s.arena_bytes += g_buffers[b].size();
    s.words = s.words && g_buffers[b].size() % 8 == 0;
  }
  if (in.failed() || padding > 7 || s.record_size != p::kExpectedHeadBytes + s.arena_bytes) {
    ProtocolError("bad checked sweep header");
  }
  const auto expected = in.Bytes(std::uint64_t{s.count} * s.record_size);
  if (in.failed() || reinterpret_cast<std::uintptr_t>(expected.data()) % 8 != 0) {
    ProtocolError("malformed or misaligned expected records");
  }
  s.records = expected.data();
  s.arena.resize((s.arena_bytes + 7) / 8);
  auto* arena = reinterpret_cast<std::uint8_t*>(s.arena.data());
  for (std::size_t b = 0, at = 0; b < s.call.buffer_count; ++b) {
    s.call.args[s.call.buffer_arg[b]] = reinterpret_cast<std::uint64_t>(arena + at);
    at += g_buffers[b].size();
  }
  bool fast = true;
  for (const Injection& injection : g.injections) {
    fast = fast && injection.trigger != p::Trigger::kCounterRead;
  }
  g.counters = &s.counter;
  g.counter_count = 1;
  g.data[p::kDataFastFlag / 8] = fast ? 1 : 0;
  g.tick_budget = static_cast<sig_atomic_t>(s.call.watchdog_ms / kTickMs + 1);
  s.entry = reinterpret_cast<Entry>(reinterpret_cast<std::uint64_t>(g.patched.image) +
                                    s.call.entry_offset);
  s.next = 0;
  s.mismatches = 0;
  s.out.U32(s.count);
  const std::size_t mismatch_count_at = s.out.bytes().size();
  s.out.U32(0);  // the mismatch count, patched below
  while (s.next < s.count) {
    g.outcome = p::Outcome::kReturned;
    if (__builtin_setjmp(g.jump) == 0) {
      CheckRuns();
    } else {
      // Run s.next faulted or hung (the handler set g.outcome); its signal is still blocked.
      sigset_t none;
      sigemptyset(&none);
      sigprocmask(SIG_SETMASK, &none, nullptr);
      // The run's patch too: the whole baseline back.
      std::memcpy(g.patched.vvar, g.baseline.data(), g.vvar_size);
      ++s.mismatches;
      CopyArenaToBuffers();
      s.out.U32(s.next);
      AppendResult(s.call, 0, s.out);
      s.next = s.next + 1;
    }
  }
  s.out.PatchU32(mismatch_count_at, s.mismatches);
}

void CheckedSweep(Reader& in) {
  g_checked.out.Clear();
  SetTicker(true);
  CheckOneSweep(in);
  SetTicker(false);
  Respond(p::Kind::kCheckedSweep, g_checked.out);
}

// Several checked sweeps in one request: a sweep of a few runs costs no round trip of its own.
void CheckedSweeps(Reader& in) {
  g_checked.out.Clear();
  const std::uint32_t count = in.U32();
  if (in.failed()) ProtocolError("malformed checked sweeps");
  g_checked.out.U32(count);
  // One watchdog timer for the request: setitimer is a syscall, costly under qemu-user.
  SetTicker(true);
  for (std::uint32_t i = 0; i < count; ++i) CheckOneSweep(in);
  SetTicker(false);
  Respond(p::Kind::kCheckedSweeps, g_checked.out);
}

std::uint64_t NowNs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000000000u +
         static_cast<std::uint64_t>(ts.tv_nsec);
}

std::uint64_t ReadTime() {
  std::uint64_t t;
  asm volatile("rdtime %0" : "=r"(t));
  return t;
}

// The reference point for the throughput goal: the unpatched image called in a plain loop, its
// counter reads served by QEMU's real rdtime; then the patched image in the same loop.
void BareLoop(Reader& in) {
  const std::uint64_t entry_offset = in.U64();
  const std::uint64_t arg0 = in.U64();
  const std::uint64_t iterations = in.U64();
  const std::uint32_t stamp_count = in.U32();
  std::vector<std::uint32_t> stamps;
  for (std::uint32_t i = 0; i < stamp_count; ++i) stamps.push_back(in.U32());
  if (in.failed() || iterations > 100000000) ProtocolError("bad bare loop request");
  for (std::uint32_t offset : stamps) {
    if (offset + 8 > g.vvar_size) ProtocolError("bad cycle_last offset");
  }
  std::memcpy(g.bare.vvar, g.baseline.data(), g.vvar_size);
  const std::uint64_t now = ReadTime();
  for (std::uint32_t offset : stamps) std::memcpy(g.bare.vvar + offset, &now, 8);
  alignas(16) std::uint8_t buffer[64];
  const auto bare =
      reinterpret_cast<Entry>(reinterpret_cast<std::uint64_t>(g.bare.image) + entry_offset);
  std::uint64_t last = 0;
  std::uint64_t start = NowNs();
  for (std::uint64_t i = 0; i < iterations; ++i) {
    last = bare(arg0, reinterpret_cast<std::uint64_t>(buffer), 0, 0, 0, 0);
  }
  const std::uint64_t bare_ns = NowNs() - start;

  std::uint64_t counter = 0;
  if (!stamps.empty()) std::memcpy(&counter, g.baseline.data() + stamps[0], 8);
  g.counters = &counter;
  g.counter_count = 1;
  g.injections.clear();
  g.data[p::kDataFastFlag / 8] = 1;
  g.data[p::kDataFastValue / 8] = counter;
  const auto patched =
      reinterpret_cast<Entry>(reinterpret_cast<std::uint64_t>(g.patched.image) + entry_offset);
  start = NowNs();
  for (std::uint64_t i = 0; i < iterations; ++i) {
    g.counter_reads = 0;
    g.ecalls.clear();
    patched(arg0, reinterpret_cast<std::uint64_t>(buffer), 0, 0, 0, 0);
  }
  const std::uint64_t patched_ns = NowNs() - start;
  Writer out;
  out.U64(bare_ns);
  out.U64(last);
  out.U64(patched_ns);
  Respond(p::Kind::kBareLoop, out);
}

}  // namespace

int main() {
  InstallHandlers();
  std::vector<std::uint8_t> payload;
  for (;;) {
    std::uint8_t header[16];
    if (!ReadFully(header, sizeof header)) return 0;  // host closed: done
    Reader head(header);
    const std::uint32_t magic = head.U32();
    const auto kind = static_cast<p::Kind>(head.U32());
    const std::uint64_t length = head.U64();
    if (magic != p::kRequestMagic || length > (256u << 20)) ProtocolError("bad frame header");
    payload.resize(length);
    if (!ReadFully(payload.data(), length)) Die("short request");
    Reader in(payload);
    switch (kind) {
      case p::Kind::kLoad:
        Load(in);
        break;
      case p::Kind::kBatch:
        if (g.patched.image == nullptr) ProtocolError("batch before load");
        Batch(in);
        break;
      case p::Kind::kSweep:
        if (g.patched.image == nullptr) ProtocolError("sweep before load");
        Sweep(in);
        break;
      case p::Kind::kCheckedSweep:
        if (g.patched.image == nullptr) ProtocolError("checked sweep before load");
        CheckedSweep(in);
        break;
      case p::Kind::kCheckedSweeps:
        if (g.patched.image == nullptr) ProtocolError("checked sweeps before load");
        CheckedSweeps(in);
        break;
      case p::Kind::kBareLoop:
        if (g.patched.image == nullptr) ProtocolError("bare loop before load");
        BareLoop(in);
        break;
      case p::Kind::kQuit: {
        Writer out;
        Respond(p::Kind::kQuit, out);
        return 0;
      }
      default:
        ProtocolError("unknown request kind");
    }
  }
}
