#include "vdsoconf/reports/findings.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "vdsoconf/reports/verdict.h"

namespace vdsoconf::reports {
namespace {

constexpr std::string_view kImageCheckPrefix = "check-image.";

// fail is what the kernel did wrong; a hang or an error may only hide it.
int Severity(CheckStatus status) {
  switch (status) {
    case CheckStatus::kFail:
      return 3;
    case CheckStatus::kHang:
      return 2;
    case CheckStatus::kError:
      return 1;
    default:
      return 0;
  }
}

std::string StringMember(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// The guest probe whose evidence decided a live check, when the check names it.
std::string ProbeOf(const CheckResult& check) {
  std::string probe = StringMember(check.reproducer, "probe");
  if (probe.empty()) probe = StringMember(check.evidence, "probe");
  if (probe.empty() && check.id.rfind("agent.", 0) == 0) probe = check.id.substr(6);
  return probe;
}

// What distinguishes a check from the others of its finding: the id's part after the key
// ("vdso.diff.clock_getres.init" of "vdso.diff.clock_getres" -> "init"), or the whole id when
// the key is not its prefix (a crashed probe's finding holds the checks it fed).
std::string ContextOf(const std::string& key, const std::string& id) {
  if (id == key) return "";
  if (id.size() > key.size() + 1 && id.compare(0, key.size(), key) == 0 && id[key.size()] == '.')
    return id.substr(key.size() + 1);
  return id;
}

void AddOnce(std::vector<std::string>& list, const std::string& value) {
  if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end())
    list.push_back(value);
}

}  // namespace

std::string ShellWord(const std::string& word) {
  const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](unsigned char c) {
    return std::isalnum(c) ||
           std::string_view("-_.:/+=,@%").find(static_cast<char>(c)) != std::string_view::npos;
  });
  if (plain) return word;
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string JoinWords(const std::vector<std::string>& words, std::string_view separator) {
  std::string out;
  for (const std::string& word : words) {
    if (!out.empty()) out += separator;
    out += word;
  }
  return out;
}

std::string FindingKeyOf(const CheckResult& check) {
  return check.finding.empty() ? check.id : check.finding;
}

std::string NormalizedMessage(const std::string& message) {
  std::string out;
  for (std::size_t i = 0; i < message.size();) {
    const auto digit = [&](std::size_t at) {
      return at < message.size() && std::isdigit(static_cast<unsigned char>(message[at]));
    };
    std::size_t start = i;
    if (message[i] == '-' && digit(i + 1) && (i == 0 || message[i - 1] == ' ')) ++i;
    if (!digit(i)) {
      out += message[start];
      i = start + 1;
      continue;
    }
    if (message.compare(i, 2, "0x") == 0) {
      i += 2;
      while (i < message.size() && std::isxdigit(static_cast<unsigned char>(message[i]))) ++i;
    }
    while (digit(i)) ++i;
    // A decimal fraction is part of the number: "1.5 ms" -> "N ms".
    if (i + 1 < message.size() && message[i] == '.' && digit(i + 1)) {
      ++i;
      while (digit(i)) ++i;
    }
    // A number glued to letters is part of a name ("riscv64", "ext4"): keep it.
    const bool in_word = start > 0 && std::isalpha(static_cast<unsigned char>(message[start - 1]));
    out += in_word ? message.substr(start, i - start) : "N";
  }
  return out;
}

std::string ReproducerCommand(const KernelRun& run, const CheckResult& check) {
  if (check.id.rfind(kImageCheckPrefix, 0) == 0) {
    // check-image names its target "SPEC vdso-N.so": the kernel is what comes before the image.
    const std::size_t space = run.spec.rfind(' ');
    const std::string kernel = space == std::string::npos ? run.spec : run.spec.substr(0, space);
    return "vdsoconf check-image --kernel " + ShellWord(kernel) + " --only " +
           ShellWord(check.id.substr(kImageCheckPrefix.size()));
  }
  const std::string probe = ProbeOf(check);
  std::string command = "vdsoconf run --kernel " + ShellWord(run.spec);
  if (!probe.empty()) command += " --suite " + ShellWord(probe);
  return command;
}

std::vector<Finding> CollectFindings(const ResultsDocument& document) {
  std::vector<Finding> findings;
  std::map<std::string, std::size_t> index_of;
  for (std::size_t k = 0; k < document.kernels.size(); ++k) {
    const KernelRun& run = document.kernels[k];
    if (run.InfraFailed()) continue;
    for (std::size_t c = 0; c < run.checks.size(); ++c) {
      const CheckResult& check = run.checks[c];
      if (!IsFailing(check.status)) continue;
      const std::string key = FindingKeyOf(check);
      auto [it, added] = index_of.try_emplace(key, findings.size());
      if (added) {
        Finding finding;
        finding.key = key;
        finding.title = key + ": " + NormalizedMessage(check.message);
        finding.status = check.status;
        finding.reproducer = ReproducerCommand(run, check);
        findings.push_back(std::move(finding));
      }
      Finding& finding = findings[it->second];
      finding.occurrences.push_back(
          {run.spec, run.version, check.id, check.status, check.message, k, c});
      if (Severity(check.status) > Severity(finding.status)) finding.status = check.status;
      AddOnce(finding.kernels, run.spec);
      AddOnce(finding.contexts, ContextOf(key, check.id));
      if (finding.known_issue.empty()) finding.known_issue = check.known_issue;
    }
  }
  return findings;
}

}  // namespace vdsoconf::reports
