// The probe functions (see probe.h for the contract). Document formats are specified with each
// function; the host-side readers in live/ and targets/<arch>/agent/host/ follow them. The
// members an architecture adds for its own entry points and its counter are specified with its
// hooks (targets/<arch>/agent/guest/).
#pragma once

#include "../probe.h"

namespace vdsoconf::agent {

// "vdso.locate": where the vDSO and its data are.
//   {"auxv": {"sysinfo_ehdr": N, "pagesz": N, "hwcap": N},
//    "maps": ["<every /proc/self/maps line>", ...],
//    "vvar": {"start": N, "end": N, "line": "..."} | null,
//    "vdso": {"start": N, "end": N, "line": "..."} | null}
bool ProbeVdsoLocate(ProbeContext& context);

// "vdso.image": the mapped vDSO image, byte for byte.
//   {"base": N, "size": N, "image": sparse bytes (sparse_bytes.h)}
bool ProbeVdsoImage(ProbeContext& context);

// "vdso.symbols": every dynamic symbol of the mapped image with its version, and what a loader
// resolves the name@version to through the image's own hash tables.
//   {"base": N, "load_bias": N,
//    "tables": {"gnu_hash": bool, "sysv_hash": bool, "versym": bool, "verdef": bool},
//    "versions": [{"index": N, "name": "LINUX_4.15", "flags": N}],
//    "symbols": [{"index": N, "name": "...", "version": "..."|null, "hidden": bool,
//                 "value": N, "size": N, "type": N, "bind": N, "shndx": N,
//                 "resolved": N|null}]}
// value/resolved are link-time addresses (st_value); add load_bias for the run-time address.
bool ProbeVdsoSymbols(ProbeContext& context);

// "vvar.dump": the vvar pages plus independent truths taken around them.
//   {"release": "...", "page_size": N,
//    "vvar": {"start": N, "end": N, "pages": N, "line": "..."},
//    "vdso": {"start": N, "end": N, "pages": N, "line": "..."} | null,
//    "readable": [bool per page],
//    <the counter's frequency>                  (arch::WriteCounterFrequency, arch_hooks.h),
//    "current_clocksource": "..." | null,
//    "clock_getres": [{"clock": N, "sec": N, "nsec": N, "errno": N}],
//    "seq_samples": [{"counter": N, "seq": N}]        (page 0 offset 0, ~1 ms apart),
//    "snapshots": [{"before": [clock sample], "copy": {"counter_before": N,
//                   "counter_after": N, "seq_before": N, "seq_after": N},
//                   "pages": [sparse bytes | null per page], "after": [clock sample]}]}
//   clock sample: {"clock": N, "counter_before": N, "sec": N, "nsec": N, "counter_after": N,
//                  "errno": N} — the clock_gettime *syscall* (never the vDSO) bracketed by
//                  counter reads (arch::ReadCounter).
bool ProbeVvarDump(ProbeContext& context);

// "vvar.timens": enters a new time namespace with fixed offsets and dumps the vvar as the
// namespace's first task sees it (page 0: the namespace page, page 1: the real time data).
//   {"monotonic_offset": {"sec": N, "nsec": N}, "boottime_offset": {"sec": N, "nsec": N},
//    "unshare_errno": N,                      (non-zero: no time namespaces; nothing else follows)
//    "inside": {"vvar": {"start": N, "end": N, "line": "..."} | null,
//               "readable": [bool per page], "pages": [sparse bytes | null per page],
//               "monotonic": {"sec": N, "nsec": N, "errno": N}, "boottime": {...}}}
bool ProbeVvarTimens(ProbeContext& context);

// "stress.seqlock": reader threads on every hart read the clocks (vDSO and syscall interleaved)
// and the raw vvar page 0 with the seqlock protocol while a writer thread steps and slews the
// clock; ~50 ms (at least 60 writer actions). Document format: stress_seqlock.h
// (RunSeqlockStress).
bool ProbeStressSeqlock(ProbeContext& context);

// "stress.seqlock_long": the same for 5 s with more snapshots; not in the default set (select
// it with vdsoconf.probes=stress.seqlock_long, i.e. `vdsoconf run --suite stress.seqlock_long`).
bool ProbeStressSeqlockLong(ProbeContext& context);

// "vvar.update_gaps": page 0's seq and cycle_last (clock[CS_HRES_COARSE], offsets 0 and 8 in
// every generation) read with the seqlock protocol every 10 ms in the background for the whole
// agent run (at least 16 samples; the agent's stop signal ends it, probe_runner.h).
//   {"spacing_ns": N, "samples": [[counter, seq, cycle_last, consistent], ...]}
// counter is arch::ReadCounter() just after the read; consistent is false when seq stayed odd.
bool ProbeVvarUpdateGaps(ProbeContext& context);

// "timens.clocks": every system clock through the vDSO in a new time namespace with set offsets,
// then again after setns() back to the initial namespace (opened before unshare).
//   {"monotonic_offset": [sec, nsec], "boottime_offset": [sec, nsec],
//    "unshare_errno": N,                     (non-zero: no time namespaces; nothing else follows)
//    "outside_before": [[clock, sec, nsec, errno], ...],   (syscall, initial namespace, before
//    "outside_after": [...],                                the child exists / after it exited)
//    "child": {"error": "..."} |
//             {"inside": [bracketed], "setns_errno": N,
//              "after_setns": [bracketed], "after_setns_vvar": {"readable": [bool per page],
//                                                              "page0": sparse bytes | null}}}
//   bracketed: {"clock": N, "syscall_before": [sec, nsec, errno], "vdso": [sec, nsec, errno],
//               "syscall_after": [sec, nsec, errno]}; after_setns* only when setns_errno is 0.
bool ProbeTimensClocks(ProbeContext& context);

// "vdso.mremap": each scenario of ref::AllMremapScenarios in its own forked child (mremap_probe.cc).
//   {"page_size": N, "sysinfo_ehdr": N, "vvar": range, "vdso": range,
//    "vvar_vm_flags": "...", "vdso_vm_flags": "..."        (smaps VmFlags; "sl" = sealed),
//    "scenarios": [{"name": "move_pair", "elapsed_us": N, "error": "..." (fork failed),
//                   "steps": [step, ...], "termination": {"exit_code": N | null, "signal": N,
//                   "timed_out": bool}}]}
//   range: {"start": N, "end": N, "line": "..."}; a step is one of
//     {"step": "remap", "op": "mremap" | "munmap", "target": "vdso" | "vvar" | "pair",
//      "old_addr": N, "old_len": N, "new_len": N, "flags": N, "requested_addr": N,
//      "result": N, "errno": N}
//     {"step": "maps", "vvar": range | null, "vdso": range | null, "sysinfo_ehdr": N}
//     {"step": "raising"}, {"step": "handler_ran", "signal": 10}, {"step": "signal_returned"}
//     {"step": "calling", "entry": "..."} then {"step": "call", "entry": "...", "ret": N,
//      "syscall_ret": N, "value": N, "syscall_value": N | "before"/"after": N (syscall clock
//      around the vDSO value: ns for clock_gettime, us for gettimeofday)}
//     {"step": "forked_child_started"}, {"step": "forked_child_ended", "fork_errno": N,
//      "exit_code": N, "signal": N}, {"step": "resolve_failed"}, {"step": "reserve_failed"}
bool ProbeVdsoMremap(ProbeContext& context);

// "vdso.bad_input": every case of ref::AllBadInputCases, vDSO and syscall, in one forked child
// that survives vDSO faults (bad_input_probe.cc).
//   {"steps": [{"crng_ready": bool} | {"setup_failed": true} |
//              {"case": "...", "elapsed_us": N (since the previous case),
//               "vdso": null (not exported) | {"ret": N, "out": [N, N]} |
//                                      {"signal": N, "code": N, "address": N},
//               "syscall": {"ret": N, "out": [N, N]}}],
//    "termination": {"exit_code": N | null, "signal": N, "timed_out": bool}}
//   Returns are raw kernel values (0 or -errno); "out" holds up to two output words after the
//   call (an architecture's own entry point says which).
bool ProbeVdsoBadInput(ProbeContext& context);

// "vdso.diff": every exported entry point against its syscall (same arguments, raw kernel
// return values, outputs prefilled with 0x5a bytes) in every execution context; ~100 ms.
//   {"contexts": [{"context": "init" | "thread" | "vfork" | "timens" | "timens_exec" |
//                              "mremap" | "tai",
//                  "setup": {...} | null,   (timens*: {"monotonic_offset": {"sec","nsec"},
//                                            "boottime_offset": {...}, "unshare_errno": N};
//                                            mremap: {"vvar_from","vdso_from","size","moved_to"};
//                                            tai: {"read_errno","tai_before","tai_set",
//                                                  "set_errno","restore_errno"})
//                  "error": "..." | null,   (why the context could not be entered)
//                  "matrix": {...} | null}]}
//   matrix: {"vdso_base": N, "exported": {"<entry>": bool, ...},
//     "clock_gettime": [{"clock": N, "before": T, "vdso": T, "after": T}]  (ids -3..31; before
//                        and after are the syscall bracketing the vDSO call),
//     "clock_getres":  [{"clock": N, "syscall": T, "vdso": T}],
//     "gettimeofday":  [{"tv": bool, "tz": bool, "before": G, "vdso": G, "after": G}],
//     "getcpu":        [{"pointers": bool, "before": C, "vdso": C, "after": C}],
//     "getrandom":     [{"length": N, "flags": N, "state_setup": N, "syscall": R, "vdso": R}],
//     "<own entry>":   [...]}  (the architecture's own, OwnEntryHooks::write_diff)
//   T: {"ret": N, "sec": N, "nsec": N}; G: {"ret", "sec", "usec", "minuteswest", "dsttime"};
//   C: {"ret", "cpu", "node"}; R: {"ret", "wrote": bool}. ret is the kernel's value (-errno on
//   failure). The arrays follow arch::EntryPoints(); an entry point the image does not export
//   has none. "elapsed_us": [N per context] follows "contexts".
bool ProbeVdsoDiff(ProbeContext& context);

// "vdso.fallback": under a seccomp filter that fails every syscall an entry point can issue with
// errno ENOTRECOVERABLE, which calls still answer (the vDSO answered itself) and which return
// -ENOTRECOVERABLE (it fell back). Every row also has the syscall itself under the filter.
//   {"sentinel_errno": 131, "current_clocksource": "..." | null,
//    "filter": {"errno": N, "failed_step": "..."},    (errno non-zero: nothing else follows)
//    "exported": {"<entry>": bool, ...},
//    "<entry>": [{row inputs ("clock", "tv"/"tz", "case",
//                             "length"/"flags"/"state" ("warm"|"fresh")/"state_setup"),
//                 "vdso_ret": N, "control_ret": N}],
//    "prepare_us": N}                                 (guest time before the filter)
bool ProbeVdsoFallback(ProbeContext& context);

// "kernel.btf": whether the kernel exposes its BTF, and which bytes (kernel_btf_probe.cc).
//   {"path": "/sys/kernel/btf/vmlinux", "present": bool, "open_errno": N,
//    "read_errno": N, "size": N, "fnv1a64": N}     (the last three only when present)
//   fnv1a64: 64-bit FNV-1a over the whole file; the host finds the blob with that size and hash
//   in the booted Image (btf/: layout.btf).
bool ProbeKernelBtf(ProbeContext& context);

// "selftest.hang": spins forever, so the watchdog's hang report can be tested.
bool ProbeSelftestHang(ProbeContext& context);

// "selftest.crash": dies of SIGSEGV, so the crash report can be tested.
bool ProbeSelftestCrash(ProbeContext& context);

}  // namespace vdsoconf::agent
