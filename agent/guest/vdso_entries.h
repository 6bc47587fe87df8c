// The vDSO's entry points as the probes see them: the generic vDSO's (lib/vdso) that the core
// knows how to call, and the architecture's own, which it reaches only through hooks.
//
// Each architecture lists its entry points in one table (arch::EntryPoints(), arch_hooks.h) in
// the order every document lists them: the "exported" objects, the rows of vdso.diff and
// vdso.fallback, the cases of vdso.bad_input and the calls of vdso.mremap follow it. An entry of
// the architecture's own (kOwn) carries its hooks: one per probe that covers it, each nullptr
// when that probe leaves the entry out.
#pragma once

#include <cstddef>
#include <cstdint>

namespace vdsoconf::agent {

struct BadInputBatch;  // bad_input_batch.h
class JsonWriter;
namespace arch {
struct OwnDiffRows;  // the architecture's rows of the differential matrix (arch_hooks.h)
}

enum class EntryKind { kClockGettime, kClockGetres, kGettimeofday, kGetcpu, kGetrandom, kOwn };

// An entry point's resolved address, nullptr when the image does not export it. A hook casts it
// to the entry's real type (reinterpret_cast between function pointer types is exact).
using RawEntry = void (*)();

// One row of vdso.fallback: the vDSO call under the seccomp filter and the syscall itself.
struct FallbackRow {
  const char* case_name = nullptr;  // the row's "case" member; nullptr: none
  long vdso_ret = 0;
  long control_ret = 0;
};

// One "call" step of vdso.mremap, after the mappings moved.
struct MremapCall {
  std::int64_t ret = 0;
  std::int64_t syscall_ret = 0;
  std::int64_t value = 0;
  std::int64_t syscall_value = 0;
};

struct OwnEntryHooks {
  // vdso.diff: calls the entry next to its syscall into its part of `rows` (fixed storage in the
  // matrix: this runs in a vfork child and must not allocate), and writes that part as the
  // entry's array (the key is written by the caller). Only when the entry is exported.
  void (*run_diff)(RawEntry vdso, arch::OwnDiffRows& rows) = nullptr;
  void (*write_diff)(JsonWriter& json, const arch::OwnDiffRows& rows) = nullptr;
  // vdso.fallback, before the seccomp filter exists: the syscall that makes the data the vDSO
  // answers from ready (kernels fill some lazily). Runs whether or not the entry is exported.
  void (*prepare_fallback)() = nullptr;
  // vdso.fallback under the filter; only when exported.
  FallbackRow (*fallback)(RawEntry vdso) = nullptr;
  // vdso.mremap: one call after the mappings moved, and its syscall; only when exported.
  MremapCall (*mremap_call)(RawEntry vdso) = nullptr;
  // vdso.bad_input: every case of the entry (bad_input_batch.h), vDSO and syscall. Runs whether
  // or not the entry is exported: the syscall side is evidence either way.
  void (*bad_input)(BadInputBatch& batch, RawEntry vdso) = nullptr;
};

struct EntryPoint {
  const char* key;     // the name in every document: "clock_gettime"
  const char* symbol;  // the name the image exports it under: "__vdso_clock_gettime"
  EntryKind kind;
  long syscall;  // the syscall it stands for, and falls back to (trapped by vdso.fallback)
  const OwnEntryHooks* own = nullptr;  // kOwn only
};

// The most entry points a table may list (VdsoFunctions keeps one address per entry).
inline constexpr std::size_t kMaxEntryPoints = 12;

}  // namespace vdsoconf::agent
