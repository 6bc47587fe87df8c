// The mremap and bad-input checks on real captures: the agent's vdso.mremap and vdso.bad_input
// documents (plus agent-start) from boots of Debian's 7.2.13 riscv64 kernel and of the suite's
// own 6.1.176 and 6.12.95 source builds, taken on 2026-11-25 with
// `qemu-system-riscv64 -M virt -m 512M -smp 2 -bios default`, append
// `console=ttyS0 quiet vdsoconf.probes=vdso.mremap,vdso.bad_input`, decoded from the console
// framing (data/livemremap-*-documents.json).
//
// Every scenario matched the documented behaviour on all three generations. The one real
// failure is bad_input.riscv_hwprobe on 6.12 and 7.2: with homogeneous harts the vDSO never
// reads the cpu set, so a bad or empty set returns 0 where the syscall returns -EFAULT/-EINVAL,
// and a pair count whose byte size wraps 2^64 returns 0 where the syscall returns -EFAULT.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "check_matchers.h"
#include "golden_run.h"
#include "vdsoconf/live/bad_input_checks.h"
#include "vdsoconf/live/mremap_checks.h"
#include "vdsoconf/targets/riscv/live/riscv_live_checks.h"

namespace vdsoconf::live::testing {
namespace {

using reports::CheckStatus;

struct Capture {
  const char* file;
  ref::Generation generation;
};

const Capture kCaptures[] = {
    {"livemremap-source-6.1.176-documents.json", ref::Generation::kLinux6_1},
    {"livemremap-source-6.12.95-documents.json", ref::Generation::kLinux6_12},
    {"livemremap-debian-7.2.13-documents.json", ref::Generation::kLinux7_2},
};

AgentRun Load(const Capture& capture) {
  return AgentRun(nlohmann::json::parse(ReadDataFile(capture.file)));
}

TEST(MremapCapture, EveryScenarioIsAsDocumentedOnEveryGeneration) {
  for (const Capture& capture : kCaptures) {
    const AgentRun run = Load(capture);
    for (const reports::CheckResult& check : CheckMremapScenarios(
             run.Probe("vdso.mremap"), capture.generation, targets::riscv::Truths())) {
      EXPECT_TRUE(HasStatus(check, CheckStatus::kPass)) << capture.file;
    }
  }
}

TEST(MremapCapture, FailsWhenJudgedAsAnotherGeneration) {
  // 7.2 moves [vvar] and [vdso] with one mremap; 6.12 refuses that with EFAULT.
  const AgentRun run72 = Load(kCaptures[2]);
  const auto as612 = CheckMremapScenarios(run72.Probe("vdso.mremap"), ref::Generation::kLinux6_12,
                                          targets::riscv::Truths());
  EXPECT_TRUE(FailsWithReproducer(*FindCheck(as612, "vdso.mremap.move_pair_one_call")));
  const AgentRun run612 = Load(kCaptures[1]);
  const auto as72 = CheckMremapScenarios(run612.Probe("vdso.mremap"), ref::Generation::kLinux7_2,
                                         targets::riscv::Truths());
  EXPECT_TRUE(FailsWithReproducer(*FindCheck(as72, "vdso.mremap.move_pair_one_call")));
}

TEST(BadInputCapture, EveryEntryButHwprobeIsAsDocumented) {
  for (const Capture& capture : kCaptures) {
    const AgentRun run = Load(capture);
    for (const reports::CheckResult& check :
         CheckBadInput(run.Probe("vdso.bad_input"), capture.generation, targets::riscv::Truths())) {
      if (check.id == "bad_input.riscv_hwprobe" &&
          capture.generation != ref::Generation::kLinux6_1) {
        continue;  // the real divergence, next test
      }
      const bool exported =
          !(capture.generation == ref::Generation::kLinux6_1 &&
            (check.id == "bad_input.riscv_hwprobe" || check.id == "bad_input.getrandom")) &&
          !(capture.generation == ref::Generation::kLinux6_12 && check.id == "bad_input.getrandom");
      EXPECT_TRUE(HasStatus(check, exported ? CheckStatus::kPass : CheckStatus::kSkip))
          << capture.file;
    }
  }
}

TEST(BadInputCapture, HwprobeDivergesFromItsSyscallOnRealKernels) {
  for (const Capture& capture : {kCaptures[1], kCaptures[2]}) {
    const AgentRun run = Load(capture);
    const auto checks =
        CheckBadInput(run.Probe("vdso.bad_input"), capture.generation, targets::riscv::Truths());
    const reports::CheckResult& check = *FindCheck(checks, "bad_input.riscv_hwprobe");
    EXPECT_TRUE(FailsWithReproducer(check)) << capture.file;
    const std::string reproducer = check.reproducer.dump();
    for (const char* name : {"riscv_hwprobe.cpus_unmapped.size_8",
                             "riscv_hwprobe.cpus_empty.size_8", "riscv_hwprobe.count_wraps"}) {
      EXPECT_NE(reproducer.find(name), std::string::npos) << name << " in " << Show(check);
    }
    EXPECT_EQ(check.evidence.dump().find("the model says"), std::string::npos)
        << "only vDSO/syscall divergences, no model mismatch: " << Show(check);
  }
}

TEST(MremapCapture, EvaluateAgentRunAppendsEveryMremapAndBadInputCheck) {
  const std::vector<std::string>& mremap_ids = MremapCheckIds();
  const std::vector<std::string>& bad_input_ids = BadInputCheckIds(targets::riscv::Truths());
  const nlohmann::json documents = nlohmann::json::parse(ReadDataFile(kCaptures[2].file));
  const auto evaluation = targets::riscv::EvaluateAgentRun(documents);
  for (const auto* ids : {&mremap_ids, &bad_input_ids}) {
    for (const std::string& id : *ids) {
      const reports::CheckResult* check = FindCheck(evaluation.checks, id);
      ASSERT_NE(check, nullptr) << id << " missing from EvaluateAgentRun";
      EXPECT_NE(check->status, CheckStatus::kError) << Show(*check);
    }
  }
  // Documents that cannot be read at all still name every id, each an error.
  const auto garbage = targets::riscv::EvaluateAgentRun(nlohmann::json(42));
  for (const auto* ids : {&mremap_ids, &bad_input_ids}) {
    for (const std::string& id : *ids) {
      const reports::CheckResult* check = FindCheck(garbage.checks, id);
      ASSERT_NE(check, nullptr) << id << " missing for unreadable documents";
      EXPECT_TRUE(HasStatus(*check, CheckStatus::kError));
    }
  }
}

}  // namespace
}  // namespace vdsoconf::live::testing
