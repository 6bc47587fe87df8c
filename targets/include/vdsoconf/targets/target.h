// The architecture plug-in interface.
//
// Everything vdsoconf knows about one architecture lives in targets/<arch>/ and is reached only
// through this interface (like llvm-exegesis's ExegesisTarget): provision a kernel, boot it with
// the guest agent and collect the probe results; and through the target's jobs, one interface
// each in this folder: its kernel cache (kernel_store.h), vDSO image extraction
// (image_extractor.h), the image executor (image_executor.h), the check-image plans
// (image_checks.h) and the mutant catalogue (mutant_catalog.h).
// Nothing outside targets/<arch>/ names an architecture.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace vdsoconf::targets {

// A kernel on disk, ready to boot: what `vdsoconf kernels fetch/build` leaves in the cache.
struct ProvisionedKernel {
  std::string spec;             // what the user asked for: "debian:latest", "source:6.12", a path
  std::string version;          // exact kernel release, e.g. "7.2.13+deb14-riscv64"
  std::string origin;           // "debian", "source", "user"
  std::string architecture;     // the kernel's ARCH= name ("riscv"): KCIDB's build architecture
  std::filesystem::path image;  // the bootable Image / vmlinuz
  std::filesystem::path entry_dir;  // the cache entry holding image, metadata.json, config...
  std::string image_sha256;
  nlohmann::json metadata;  // everything else recorded at provisioning (package, config)
};

// How a boot ended. Anything but kCompleted is a target failure (exit code 2), reported with the
// console excerpt that shows why.
// kQemuError also covers an image that is not a kernel for this architecture.
enum class BootStatus {
  kCompleted,
  kPanic,
  kOops,
  kBug,
  kNoInit,
  kBootTimeout,
  kRunTimeout,
  kQemuError
};

// "completed", "panic", "oops", "bug", "no-init", "boot-timeout", "run-timeout", "qemu-error":
// the names results.json uses (reports::BootRecord::status).
std::string_view BootStatusName(BootStatus status);

struct BootRequest {
  ProvisionedKernel kernel;
  std::vector<std::string> probes;  // probe names the agent runs, in order; empty: all
  // /init is reached within boot_timeout (else kBootTimeout) and the guest powers off within
  // overall_timeout (else kRunTimeout). Both count from QEMU's start.
  std::chrono::milliseconds boot_timeout{std::chrono::seconds(60)};
  std::chrono::milliseconds overall_timeout{std::chrono::minutes(3)};
  std::chrono::milliseconds probe_timeout{std::chrono::seconds(20)};  // the agent's watchdog
  std::filesystem::path console_log;  // where the full console goes (required)
  // What runs as /init. Empty: the guest agent. Otherwise a static program for the target
  // architecture (the baseline's trivial init, test inits).
  std::filesystem::path init_program;
  // Boot the architecture's trivial /init instead (it only powers off): the baseline boot whose
  // wall time every live suite's cost is compared with. Overrides init_program.
  bool trivial_init = false;
  // A ready initramfs (gzip'd newc cpio) used as-is instead of packing init_program.
  std::filesystem::path initramfs;
  std::string extra_cmdline;  // appended to the machine's kernel command line
  // Called from the booting thread with each agent heartbeat ("probe X start"), for progress.
  std::function<void(std::string_view heartbeat)> on_heartbeat;
};

struct BootOutcome {
  BootStatus status = BootStatus::kQemuError;
  std::string title;            // stable one-line classification ("panic: ...")
  std::string message;          // one line for people
  std::string console_excerpt;  // the lines that show what went wrong
  nlohmann::json agent_results = nlohmann::json::array();  // the valid framed documents, in order
  // Framed documents that arrived incomplete or corrupt: [{"id", "state", "problem"}]. They are
  // never in agent_results.
  nlohmann::json framing_problems = nlohmann::json::array();
  std::chrono::milliseconds wall{0};
  std::chrono::milliseconds time_to_init{-1};  // host time until /init was seen; -1: never
  std::string machine;  // what ran the kernel, for reports: "qemu-system-riscv64 -M virt"
};

// The architecture's verdicts on what the agent reported: vdsoconf/targets/evaluation.h (kept
// apart so that users of this header do not need the results model).
struct Evaluation;

// The target's jobs (each header says what it does).
class KernelStore;
class ImageExtractor;
class ImageExecutor;
class ImageChecker;
class MutantCatalog;

class Target {
 public:
  virtual ~Target() = default;
  virtual std::string_view Name() const = 0;  // "riscv64"
  // The architecture as people write it ("RISC-V"), for help texts.
  virtual std::string_view Title() const = 0;
  // Every probe the architecture's guest agent can run, in its default order (self-tests and
  // opt-in probes included): the names `vdsoconf run --suite` accepts.
  virtual std::vector<std::string> ProbeNames() const = 0;
  // Why `spec` is not a kernel spec of this architecture (its form, not whether it can be
  // provisioned: no I/O), or empty when it is one. For refusing a typo before anything boots.
  virtual std::string WhyNotKernelSpec(const std::string& spec) const = 0;
  // Resolves and provisions a kernel spec into the cache (fetch or build). Throws InfraError.
  virtual ProvisionedKernel Provision(const std::string& spec) = 0;
  // Boots the kernel with the guest agent. Never throws for a kernel that misbehaves: that is
  // a BootOutcome. Throws InfraError only when the host side cannot run (QEMU missing).
  virtual BootOutcome Boot(const BootRequest& request) = 0;
  // The architecture's checks of a completed boot's agent documents (BootOutcome.agent_results).
  // `kernel` is the kernel that was booted: some checks read its files (layout.btf finds the
  // kernel's BTF in its Image). Never throws for anything in the documents: malformed evidence
  // is a kError check.
  virtual Evaluation Evaluate(const ProvisionedKernel& kernel,
                              const nlohmann::json& agent_results) = 0;

  // The jobs beyond a boot. Each lives as long as the target.
  virtual KernelStore& Kernels() = 0;
  virtual ImageExtractor& Images() = 0;
  virtual ImageExecutor& Executor() = 0;
  virtual ImageChecker& ImageChecks() = 0;
  virtual MutantCatalog& Mutants() = 0;
};

// The names of every architecture ("riscv64"), for messages that list the valid ones.
std::vector<std::string> TargetNames();
// The target for an architecture name ("riscv64"), or nullptr. The list of architectures is in
// targets/src/all_targets.cc, the one place outside targets/<arch>/ that names them.
Target* FindTarget(std::string_view name);
// The architecture vdsoconf runs against when none is named.
Target& DefaultTarget();

}  // namespace vdsoconf::targets
