#include "vdsoconf/reports/kcidb.h"

#include <cstdint>
#include <cstdio>

#include "vdsoconf/reports/escape.h"
#include "vdsoconf/reports/report.h"

namespace vdsoconf::reports {
namespace {

using nlohmann::json;

constexpr std::size_t kLogExcerptLimit = 16384;

bool ValidOrigin(std::string_view origin) {
  if (origin.empty()) return false;
  for (char c : origin) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// FNV-1a over the canonical document: stable for the same results, different across runs.
std::string RunHash(const ResultsDocument& document) {
  std::string text = ToJson(document).dump(-1, ' ', false, json::error_handler_t::replace);
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
  return buffer;
}

// A KCIDB test path: dotted components in [a-zA-Z0-9_-]; empty components are dropped.
std::string TestPath(std::string_view id) {
  std::string path = "vdsoconf";
  std::size_t start = 0;
  while (start <= id.size()) {
    std::size_t end = id.find('.', start);
    if (end == std::string_view::npos) end = id.size();
    if (end > start) path += "." + Slug(id.substr(start, end - start));
    start = end + 1;
  }
  return path;
}

// KCIDB forbids null anywhere; evidence may hold nulls (a value the probe could not read).
// Strings get invalid UTF-8 replaced so the document always serialises.
json WithoutNulls(const json& value) {
  if (value.is_object()) {
    json out = json::object();
    for (const auto& [key, item] : value.items()) {
      if (!item.is_null()) out[ValidUtf8(key)] = WithoutNulls(item);
    }
    return out;
  }
  if (value.is_array()) {
    json out = json::array();
    for (const auto& item : value) {
      if (!item.is_null()) out.push_back(WithoutNulls(item));
    }
    return out;
  }
  if (value.is_string()) return ValidUtf8(value.get<std::string>());
  return value;
}

void SetIfNotEmpty(json& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = ValidUtf8(value);
}

}  // namespace

std::string_view KcidbCheckStatus(CheckStatus status) {
  switch (status) {
    case CheckStatus::kPass:
      return "PASS";
    case CheckStatus::kFail:
      return "FAIL";
    case CheckStatus::kSkip:
      return "SKIP";
    case CheckStatus::kHang:
      return "FAIL";
    case CheckStatus::kError:
      return "ERROR";
    case CheckStatus::kInconclusive:
      // KCIDB's ERROR: the test could not tell; the status of the tested code is unknown.
      return "ERROR";
  }
  return "ERROR";
}

std::string_view KcidbBootStatus(const KernelRun& run) {
  if (!run.infra_error.empty()) return "MISS";
  if (run.image_run) return run.image_run->Ran() ? "PASS" : "MISS";
  const std::string& s = run.boot.status;
  if (s == "completed") return "PASS";
  if (s == "panic" || s == "oops" || s == "bug") return "FAIL";
  if (s == "no-init" || s == "boot-timeout" || s == "run-timeout") return "ERROR";
  return "MISS";
}

json RenderKcidb(const ResultsDocument& document, std::string_view origin) {
  if (!ValidOrigin(origin)) {
    throw ReportError("kcidb: origin '" + std::string(origin) + "' must match [a-z0-9_]+");
  }
  const std::string prefix = std::string(origin) + ":" + RunHash(document) + ":";
  json checkouts = json::array(), builds = json::array(), tests = json::array();
  int index = 0;
  for (const auto& run : document.kernels) {
    const std::string object_id = prefix + std::to_string(index++) + "-" + Slug(run.spec);
    json checkout = {{"id", object_id}, {"origin", origin}, {"valid", run.infra_error.empty()}};
    SetIfNotEmpty(checkout, "comment", run.spec);
    SetIfNotEmpty(checkout, "start_time", document.created);
    checkout["misc"] = WithoutNulls(json{{"spec", run.spec}, {"kernel_origin", run.origin}});
    checkouts.push_back(checkout);

    json build = {{"id", object_id},
                  {"checkout_id", object_id},
                  {"origin", origin},
                  {"config_name", ValidUtf8(run.spec)},
                  {"status", run.infra_error.empty() ? "PASS" : "ERROR"}};
    SetIfNotEmpty(build, "architecture", run.architecture);
    SetIfNotEmpty(build, "comment", run.version);
    SetIfNotEmpty(build, "start_time", document.created);
    if (!run.infra_error.empty())
      build["log_excerpt"] = TruncateUtf8(run.infra_error, kLogExcerptLimit);
    build["misc"] = WithoutNulls(json{{"image_sha256", run.image_sha256},
                                      {"generation", run.generation},
                                      {"metadata", run.metadata}});
    builds.push_back(build);

    // The test node of how the checks ran: the boot, or (check-image) the image run.
    const std::string kind(run.ExecutionKind());
    json boot = {{"id", object_id + ":" + kind},
                 {"build_id", object_id},
                 {"origin", origin},
                 {"path", "vdsoconf." + kind},
                 {"status", KcidbBootStatus(run)},
                 {"duration", run.ExecutionWallMs() / 1000.0}};
    if (!run.machine.empty()) boot["environment"] = {{"comment", run.machine}};
    SetIfNotEmpty(boot, "comment",
                  run.InfraFailed() ? run.ExecutionStatus() + ": " + run.ExecutionMessage()
                                    : run.ExecutionMessage());
    SetIfNotEmpty(boot, "start_time", document.created);
    if (!run.boot.console_excerpt.empty()) {
      boot["log_excerpt"] = TruncateUtf8(run.boot.console_excerpt, kLogExcerptLimit);
    }
    boot["misc"] = run.image_run
                       ? WithoutNulls(json{{"image_run_status", run.image_run->status},
                                           {"executor", run.machine}})
                       : WithoutNulls(json{{"boot_status", run.boot.status},
                                           {"console_log", run.boot.console_log}});
    tests.push_back(boot);

    for (const auto& check : run.checks) {
      json test = {{"id", object_id + ":" + ValidUtf8(check.id)},
                   {"build_id", object_id},
                   {"origin", origin},
                   {"path", TestPath(check.id)},
                   {"status", run.InfraFailed() ? "MISS" : KcidbCheckStatus(check.status)},
                   {"duration", check.duration_ms / 1000.0}};
      SetIfNotEmpty(test, "comment", check.message);
      SetIfNotEmpty(test, "start_time", document.created);
      json misc = {{"check_id", check.id}, {"vdsoconf_status", CheckStatusName(check.status)}};
      if (check.status == CheckStatus::kHang) misc["hang"] = true;
      if (!check.known_issue.empty()) misc["known_issue"] = check.known_issue;
      if (!check.evidence.is_null()) misc["evidence"] = check.evidence;
      if (!check.reproducer.is_null()) misc["reproducer"] = check.reproducer;
      test["misc"] = WithoutNulls(misc);
      if (check.known_issue.size() > 0 && check.status == CheckStatus::kFail) test["waived"] = true;
      tests.push_back(test);
    }
  }
  return {{"version", {{"major", kKcidbMajor}, {"minor", kKcidbMinor}}},
          {"checkouts", checkouts},
          {"builds", builds},
          {"tests", tests}};
}

}  // namespace vdsoconf::reports
