// `vdsoconf run`: provision and boot every kernel of the matrix (in parallel), collect the probe
// results as checks, and produce the results document. Architecture-neutral: everything about
// the machine goes through targets::Target.
#pragma once

#include <chrono>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "vdsoconf/reports/results.h"
#include "vdsoconf/targets/target.h"

namespace vdsoconf::runner {

struct RunOptions {
  std::vector<std::string> kernel_specs;  // empty: {"debian:latest"}
  std::vector<std::string> probes;        // passed to the agent; empty: its default set
  int jobs = 1;                           // kernels booted at once
  std::filesystem::path out_dir;          // console logs go here (created)
  // Baseline mode: boot with the target's trivial /init (it only powers off) and collect no
  // checks; the boot's wall time is what every live suite is compared with.
  bool trivial_init = false;
  std::filesystem::path init_program;  // a program to run as /init instead of the agent
  std::string extra_cmdline;           // appended to the machine's kernel command line
  std::chrono::milliseconds boot_timeout{std::chrono::seconds(60)};
  std::chrono::milliseconds overall_timeout{std::chrono::minutes(3)};
  std::chrono::milliseconds probe_timeout{std::chrono::seconds(20)};
  std::string command_line;  // recorded in results.json
};

// The console log's file name for a kernel spec: the spec with every character outside
// [A-Za-z0-9.-] replaced by '_', plus ".console.log" ("debian:latest" ->
// "debian_latest.console.log"); `index` is prefixed ("2-...") when specs repeat.
std::string ConsoleLogName(const std::string& spec, std::size_t index, bool prefix_index);

// Runs the matrix. Every kernel ends as one KernelRun, in the order given: a provisioning error,
// a boot that is not kCompleted, a missing or broken agent report each set infra_error (with the
// console excerpt in boot). Progress lines go to `progress` as they happen. Never throws for a
// kernel's failure; throws InfraError only when out_dir cannot be created.
reports::ResultsDocument RunSession(targets::Target& target, const RunOptions& options,
                                    std::ostream& progress);

// The per-kernel summary table printed at the end of a run, one line per kernel and a total.
std::string SummaryTable(const reports::ResultsDocument& document);

}  // namespace vdsoconf::runner
