#include "vdsoconf/reports/diff.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "vdsoconf/reports/findings.h"
#include "vdsoconf/reports/verdict.h"

namespace vdsoconf::reports {
namespace {

// One run's kernels by spec (a repeated spec: the first run counts), each with its checks by id,
// and both in the order of first appearance.
struct Index {
  struct Kernel {
    const KernelRun* run = nullptr;
    std::map<std::string, const CheckResult*> checks;
    std::vector<std::string> order;
  };
  std::map<std::string, Kernel> kernels;
  std::vector<std::string> order;
};

Index Build(const ResultsDocument& document) {
  Index index;
  for (const auto& run : document.kernels) {
    auto [it, inserted] = index.kernels.try_emplace(run.spec);
    if (!inserted) continue;
    index.order.push_back(run.spec);
    it->second.run = &run;
    for (const auto& check : run.checks) {
      if (it->second.checks.emplace(check.id, &check).second) it->second.order.push_back(check.id);
    }
  }
  return index;
}

// A NEW kernel and the OLD kernel it continues (nullptr: none).
struct Pair {
  std::string spec;
  const Index::Kernel* then = nullptr;
  const Index::Kernel* now = nullptr;
};

// The same image under another spec is the same kernel. Both hashes must be known, and the
// releases must agree where both are known (a hash collision would be news in itself).
bool SameImage(const KernelRun& a, const KernelRun& b) {
  if (a.image_sha256.empty() || a.image_sha256 != b.image_sha256) return false;
  return a.version.empty() || b.version.empty() || a.version == b.version;
}

// Every NEW kernel with its OLD counterpart: by spec first, then by image among the OLD kernels
// no spec claimed. Returns the pairs in NEW's order; `unpaired_old` gets OLD's leftovers.
std::vector<Pair> PairKernels(const Index& old_index, const Index& new_index,
                              std::vector<std::string>& unpaired_old) {
  std::vector<Pair> pairs;
  std::set<std::string> claimed;
  for (const auto& spec : new_index.order) {
    Pair pair{spec, nullptr, &new_index.kernels.at(spec)};
    if (auto found = old_index.kernels.find(spec); found != old_index.kernels.end()) {
      pair.then = &found->second;
      claimed.insert(spec);
    }
    pairs.push_back(pair);
  }
  for (auto& pair : pairs) {
    if (pair.then != nullptr) continue;
    for (const auto& spec : old_index.order) {
      const Index::Kernel& candidate = old_index.kernels.at(spec);
      if (claimed.count(spec) == 0 && SameImage(*candidate.run, *pair.now->run)) {
        pair.then = &candidate;
        claimed.insert(spec);
        break;
      }
    }
  }
  for (const auto& spec : old_index.order) {
    if (claimed.count(spec) == 0) unpaired_old.push_back(spec);
  }
  return pairs;
}

std::string KernelState(const KernelRun* run) {
  if (run == nullptr) return "absent";
  if (run->InfraFailed())
    return "not-run: " + (run->infra_error.empty() ? run->ExecutionStatus() : "infrastructure");
  return "ran";
}

std::optional<KernelChange> CompareKernels(const std::string& spec, const KernelRun* then,
                                           const KernelRun& now) {
  KernelChange change{spec, "", KernelState(then), KernelState(&now), "", "",
                      "",   "", now.image_sha256};
  bool changed = change.before != change.after;
  if (then != nullptr) {
    if (then->spec != now.spec) change.previous_spec = then->spec, changed = true;
    if (!then->version.empty() && !now.version.empty() && then->version != now.version) {
      change.version_before = then->version, change.version_after = now.version, changed = true;
    }
    if (!then->image_sha256.empty() && !now.image_sha256.empty() &&
        then->image_sha256 != now.image_sha256) {
      change.image_before = then->image_sha256, change.image_after = now.image_sha256;
      changed = true;
    }
  }
  if (!changed) return std::nullopt;
  return change;
}

// What a check's status means for the diff. The one place that looks at status values: a new
// status is one more case here.
enum class Outcome { kPassing, kFailing, kNotJudged };

Outcome OutcomeOf(CheckStatus status) {
  switch (status) {
    case CheckStatus::kPass:
      return Outcome::kPassing;
    case CheckStatus::kFail:
    case CheckStatus::kHang:
    case CheckStatus::kError:
      return Outcome::kFailing;
    case CheckStatus::kSkip:
    case CheckStatus::kInconclusive:  // decided nothing: like a skip, coverage lost
      return Outcome::kNotJudged;
  }
  return Outcome::kFailing;
}

// A check in one run: absent, on a kernel that did not run, or judged with a status.
struct CheckState {
  const CheckResult* check = nullptr;  // nullptr: absent
  bool ran = false;                    // its kernel booted and ran the checks
  std::string Name() const {
    if (check == nullptr) return "absent";
    return ran ? std::string(CheckStatusName(check->status)) : "not-run";
  }
};

CheckState StateOf(const Index::Kernel* kernel, const std::string& id) {
  if (kernel == nullptr) return {};
  auto it = kernel->checks.find(id);
  if (it == kernel->checks.end()) return {};
  return {it->second, !kernel->run->InfraFailed()};
}

// The problems in `from` whose shape is not among `other`'s.
std::vector<std::string> Unmatched(const std::vector<std::string>& from,
                                   const std::vector<std::string>& other) {
  std::multiset<std::string> shapes;
  for (const auto& problem : other) shapes.insert(ProblemShape(problem));
  std::vector<std::string> unmatched;
  for (const auto& problem : from) {
    auto it = shapes.find(ProblemShape(problem));
    if (it == shapes.end()) {
      unmatched.push_back(problem);
    } else {
      shapes.erase(it);
    }
  }
  return unmatched;
}

// Files a change of one check under its list; nothing when nothing that matters changed.
void Classify(const CheckState& was, const CheckState& is, CheckChange change, ResultsDiff& diff) {
  if (was.check == nullptr) {
    if (is.check != nullptr) diff.new_checks.push_back(std::move(change));
    return;
  }
  if (is.check == nullptr) {
    diff.removed_checks.push_back(std::move(change));
    return;
  }
  if (!was.ran || !is.ran) {
    if (was.ran != is.ran) diff.other_changes.push_back(std::move(change));
    return;
  }
  const Outcome before = OutcomeOf(was.check->status), after = OutcomeOf(is.check->status);
  if (was.check->status == is.check->status) {
    if (after != Outcome::kFailing) return;
    change.problems_gone = Unmatched(CheckProblems(*was.check), CheckProblems(*is.check));
    change.problems_new = Unmatched(CheckProblems(*is.check), CheckProblems(*was.check));
    if (!change.problems_gone.empty() || !change.problems_new.empty()) {
      diff.problems_changed.push_back(std::move(change));
    }
  } else if (after == Outcome::kFailing && before != Outcome::kFailing) {
    diff.newly_failing.push_back(std::move(change));
  } else if (before == Outcome::kFailing && after == Outcome::kPassing) {
    diff.fixed.push_back(std::move(change));
  } else if (after == Outcome::kNotJudged && before != Outcome::kNotJudged) {
    diff.lost_coverage.push_back(std::move(change));
  } else {
    diff.other_changes.push_back(std::move(change));
  }
}

void DiffChecks(const Pair& pair, ResultsDiff& diff) {
  for (const auto& id : pair.now->order) {
    CheckState was = StateOf(pair.then, id), is = StateOf(pair.now, id);
    Classify(was, is, {pair.spec, id, was.Name(), is.Name(), is.check->message, {}, {}}, diff);
  }
  if (pair.then == nullptr) return;
  for (const auto& id : pair.then->order) {
    if (pair.now->checks.count(id) != 0) continue;
    CheckState was = StateOf(pair.then, id);
    diff.removed_checks.push_back(
        {pair.spec, id, was.Name(), "absent", was.check->message, {}, {}});
  }
}

}  // namespace

std::vector<std::string> CheckProblems(const CheckResult& check) {
  std::vector<std::string> problems;
  if (check.evidence.is_object()) {
    auto it = check.evidence.find("problems");
    if (it != check.evidence.end() && it->is_array()) {
      for (const auto& problem : *it) {
        problems.push_back(problem.is_string() ? problem.get<std::string>() : problem.dump());
      }
      if (!problems.empty()) return problems;
    }
  }
  return {check.message};
}

std::string ProblemShape(std::string_view problem) {
  return NormalizedMessage(std::string(problem));
}

bool ResultsDiff::Regressed() const {
  if (!newly_failing.empty() || !lost_coverage.empty()) return true;
  for (const auto& c : new_checks) {
    auto status = ParseCheckStatus(c.after);
    if (status && IsFailing(*status)) return true;
  }
  for (const auto& k : kernel_changes) {
    if (k.before == "ran" && k.after != "ran") return true;
  }
  return false;
}

std::vector<DiffSection> CheckSections(const ResultsDiff& diff) {
  return {{"newly_failing", "Newly failing", &diff.newly_failing},
          {"lost_coverage", "Lost coverage (judged before, skipped now)", &diff.lost_coverage},
          {"problems_changed", "Still failing, with other problems", &diff.problems_changed},
          {"fixed", "Fixed", &diff.fixed},
          {"new_checks", "New checks", &diff.new_checks},
          {"removed_checks", "Removed checks", &diff.removed_checks},
          {"other_changes", "Other status changes", &diff.other_changes}};
}

std::string DiffCounts(const ResultsDiff& diff) {
  std::string text = std::to_string(diff.new_findings.size()) + " new findings, " +
                     std::to_string(diff.gone_findings.size()) + " findings gone; ";
  for (const auto& section : CheckSections(diff)) {
    std::string name = section.key;
    std::replace(name.begin(), name.end(), '_', ' ');
    text += std::to_string(section.changes->size()) + " " + name + ", ";
  }
  return text + std::to_string(diff.kernel_changes.size()) + " kernel changes.";
}

std::string KernelChangeText(const KernelChange& change) {
  std::vector<std::string> parts;
  if (!change.previous_spec.empty()) {
    parts.push_back("renamed from " + change.previous_spec + " (same image " +
                    change.image_sha256.substr(0, 12) + ")");
  }
  if (!change.version_before.empty()) {
    parts.push_back("release " + change.version_before + " → " + change.version_after);
  }
  if (!change.image_before.empty() && !change.image_after.empty()) {
    parts.push_back("image " + change.image_before.substr(0, 12) + " → " +
                    change.image_after.substr(0, 12));
  }
  if (change.before != change.after) parts.push_back(change.before + " → " + change.after);
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : "; ") + part;
  return text;
}

namespace {

// Findings (findings.h) present in one run and not the other, per kernel under NEW's names (a
// kernel paired by image under another spec keeps its findings).
std::vector<FindingChange> FindingsOnlyIn(const std::vector<Finding>& these,
                                          const std::vector<Finding>& others,
                                          const std::map<std::string, std::string>& rename) {
  const auto name = [&rename](const std::string& spec) {
    const auto it = rename.find(spec);
    return it == rename.end() ? spec : it->second;
  };
  std::set<std::pair<std::string, std::string>> other_keys;
  for (const Finding& finding : others) {
    for (const std::string& spec : finding.kernels) other_keys.insert({finding.key, name(spec)});
  }
  std::vector<FindingChange> changes;
  for (const Finding& finding : these) {
    FindingChange change{finding.key, finding.title, {}};
    for (const std::string& spec : finding.kernels) {
      if (!other_keys.count({finding.key, name(spec)})) change.kernels.push_back(name(spec));
    }
    if (!change.kernels.empty()) changes.push_back(std::move(change));
  }
  return changes;
}

void DiffFindings(const ResultsDocument& before, const ResultsDocument& after, ResultsDiff& diff) {
  std::map<std::string, std::string> rename;  // OLD's spec -> NEW's, for kernels paired by image
  for (const KernelChange& change : diff.kernel_changes) {
    if (!change.previous_spec.empty()) rename[change.previous_spec] = change.kernel;
  }
  const std::vector<Finding> old_findings = CollectFindings(before);
  const std::vector<Finding> new_findings = CollectFindings(after);
  diff.new_findings = FindingsOnlyIn(new_findings, old_findings, rename);
  diff.gone_findings = FindingsOnlyIn(old_findings, new_findings, rename);
}

}  // namespace

ResultsDiff DiffResults(const ResultsDocument& before, const ResultsDocument& after) {
  Index old_index = Build(before), new_index = Build(after);
  std::vector<std::string> unpaired_old;
  ResultsDiff diff;
  for (const Pair& pair : PairKernels(old_index, new_index, unpaired_old)) {
    auto change = CompareKernels(pair.spec, pair.then ? pair.then->run : nullptr, *pair.now->run);
    if (change) diff.kernel_changes.push_back(*change);
    DiffChecks(pair, diff);
  }
  for (const auto& spec : unpaired_old) {
    const KernelRun* run = old_index.kernels.at(spec).run;
    diff.kernel_changes.push_back(
        {spec, "", KernelState(run), "absent", "", "", "", "", run->image_sha256});
  }
  DiffFindings(before, after, diff);
  return diff;
}

}  // namespace vdsoconf::reports
