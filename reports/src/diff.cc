#include "vdsoconf/reports/diff.h"

#include <map>
#include <sstream>

#include "vdsoconf/reports/escape.h"
#include "vdsoconf/reports/verdict.h"

namespace vdsoconf::reports {
namespace {

// kernel spec -> (ran, check id -> check), plus the spec order of first appearance.
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
    if (!inserted) continue;  // a repeated spec: the first run counts
    index.order.push_back(run.spec);
    it->second.run = &run;
    for (const auto& check : run.checks) {
      if (it->second.checks.emplace(check.id, &check).second) it->second.order.push_back(check.id);
    }
  }
  return index;
}

std::string KernelState(const KernelRun* run) {
  if (run == nullptr) return "absent";
  if (run->InfraFailed())
    return "not-run: " + (run->infra_error.empty() ? run->boot.status : "infrastructure");
  return "ran";
}

std::string CheckState(const Index::Kernel* kernel, const std::string& id) {
  if (kernel == nullptr) return "absent";
  auto it = kernel->checks.find(id);
  if (it == kernel->checks.end()) return "absent";
  if (kernel->run->InfraFailed()) return "not-run";
  return std::string(CheckStatusName(it->second->status));
}

bool Failing(const std::string& state) {
  return state == "fail" || state == "hang" || state == "error";
}

void WriteList(std::ostream& out, const char* title, const std::vector<CheckChange>& changes) {
  if (changes.empty()) return;
  out << "\n### " << title << " (" << changes.size() << ")\n\n";
  for (const auto& c : changes) {
    out << "- " << MarkdownCell(c.kernel) << " · " << MarkdownCell(c.check) << ": " << c.before
        << " → " << c.after;
    if (!c.message.empty()) out << " — " << MarkdownCell(c.message);
    out << "\n";
  }
}

nlohmann::json ChangesToJson(const std::vector<CheckChange>& changes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : changes) {
    out.push_back({{"kernel", ValidUtf8(c.kernel)},
                   {"check", ValidUtf8(c.check)},
                   {"before", c.before},
                   {"after", c.after},
                   {"message", ValidUtf8(c.message)}});
  }
  return out;
}

}  // namespace

bool ResultsDiff::Regressed() const {
  if (!newly_failing.empty()) return true;
  for (const auto& c : new_checks) {
    if (Failing(c.after)) return true;
  }
  for (const auto& k : kernel_changes) {
    if (k.before == "ran" && k.after != "ran") return true;
  }
  return false;
}

ResultsDiff DiffResults(const ResultsDocument& before, const ResultsDocument& after) {
  Index old_index = Build(before), new_index = Build(after);
  ResultsDiff diff;
  for (const auto& spec : new_index.order) {
    const Index::Kernel& now = new_index.kernels.at(spec);
    auto found = old_index.kernels.find(spec);
    const Index::Kernel* then = found == old_index.kernels.end() ? nullptr : &found->second;
    std::string old_state = KernelState(then ? then->run : nullptr),
                new_state = KernelState(now.run);
    if (old_state != new_state) diff.kernel_changes.push_back({spec, old_state, new_state});
    for (const auto& id : now.order) {
      std::string was = CheckState(then, id), is = CheckState(&now, id);
      if (was == is) continue;
      CheckChange change{spec, id, was, is, now.checks.at(id)->message};
      if (was == "absent") {
        diff.new_checks.push_back(change);
      } else if (Failing(is) && (was == "pass" || was == "skip")) {
        diff.newly_failing.push_back(change);
      } else if (Failing(was) && is == "pass") {
        diff.fixed.push_back(change);
      } else {
        diff.other_changes.push_back(change);
      }
    }
    if (then == nullptr) continue;
    for (const auto& id : then->order) {
      if (now.checks.count(id) == 0) {
        diff.removed_checks.push_back(
            {spec, id, CheckState(then, id), "absent", then->checks.at(id)->message});
      }
    }
  }
  for (const auto& spec : old_index.order) {
    if (new_index.kernels.count(spec) == 0) {
      diff.kernel_changes.push_back({spec, KernelState(old_index.kernels.at(spec).run), "absent"});
    }
  }
  return diff;
}

std::string RenderDiffMarkdown(const ResultsDiff& diff) {
  std::ostringstream out;
  out << "## vdsoconf diff: " << (diff.Regressed() ? "❌ regressed" : "✅ no regression") << "\n\n"
      << diff.newly_failing.size() << " newly failing, " << diff.fixed.size() << " fixed, "
      << diff.new_checks.size() << " new checks, " << diff.removed_checks.size()
      << " removed checks, " << diff.other_changes.size() << " other changes, "
      << diff.kernel_changes.size() << " kernel changes.\n";
  WriteList(out, "Newly failing", diff.newly_failing);
  WriteList(out, "Fixed", diff.fixed);
  WriteList(out, "New checks", diff.new_checks);
  WriteList(out, "Removed checks", diff.removed_checks);
  WriteList(out, "Other status changes", diff.other_changes);
  if (!diff.kernel_changes.empty()) {
    out << "\n### Kernels (" << diff.kernel_changes.size() << ")\n\n";
    for (const auto& k : diff.kernel_changes) {
      out << "- " << MarkdownCell(k.kernel) << ": " << MarkdownCell(k.before) << " → "
          << MarkdownCell(k.after) << "\n";
    }
  }
  return out.str();
}

nlohmann::json DiffToJson(const ResultsDiff& diff) {
  nlohmann::json kernels = nlohmann::json::array();
  for (const auto& k : diff.kernel_changes) {
    kernels.push_back({{"kernel", ValidUtf8(k.kernel)}, {"before", k.before}, {"after", k.after}});
  }
  return {{"regressed", diff.Regressed()},
          {"newly_failing", ChangesToJson(diff.newly_failing)},
          {"fixed", ChangesToJson(diff.fixed)},
          {"new_checks", ChangesToJson(diff.new_checks)},
          {"removed_checks", ChangesToJson(diff.removed_checks)},
          {"other_changes", ChangesToJson(diff.other_changes)},
          {"kernels", kernels}};
}

}  // namespace vdsoconf::reports
