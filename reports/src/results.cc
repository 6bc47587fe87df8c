#include "vdsoconf/reports/results.h"

#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace vdsoconf::reports {
namespace {

using nlohmann::json;

constexpr std::pair<CheckStatus, std::string_view> kStatusNames[] = {
    {CheckStatus::kPass, "pass"}, {CheckStatus::kFail, "fail"},   {CheckStatus::kSkip, "skip"},
    {CheckStatus::kHang, "hang"}, {CheckStatus::kError, "error"},
    {CheckStatus::kInconclusive, "inconclusive"},
};

// Reads fields with the JSON path in every error, so a broken document says where it broke.
class Reader {
 public:
  Reader(const json& object, std::string path) : object_(object), path_(std::move(path)) {
    if (!object_.is_object()) Fail("", "must be an object");
  }

  std::string String(const char* key, bool required = true) const {
    const json* value = Find(key, required);
    if (value == nullptr) return {};
    if (!value->is_string()) Fail(key, "must be a string");
    return value->get<std::string>();
  }
  double Number(const char* key, bool required = true) const {
    const json* value = Find(key, required);
    if (value == nullptr) return 0;
    if (!value->is_number()) Fail(key, "must be a number");
    return value->get<double>();
  }
  int Integer(const char* key) const {
    const json* value = Find(key, true);
    if (!value->is_number_integer()) Fail(key, "must be an integer");
    return value->get<int>();
  }
  const json& Array(const char* key) const {
    const json* value = Find(key, true);
    if (!value->is_array()) Fail(key, "must be an array");
    return *value;
  }
  json Any(const char* key) const {
    const json* value = Find(key, false);
    return value == nullptr ? json() : *value;
  }
  std::string Path(const std::string& key) const { return path_ + "." + key; }
  [[noreturn]] void Fail(const std::string& key, const std::string& what) const {
    throw ResultsError("results: " + (key.empty() ? path_ : Path(key)) + " " + what);
  }

 private:
  const json* Find(const char* key, bool required) const {
    auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) {
      if (required) Fail(key, "is missing");
      return nullptr;
    }
    return &*it;
  }
  const json& object_;
  std::string path_;
};

json CheckToJson(const CheckResult& check) {
  json out = {{"id", check.id},
              {"suite", check.Suite()},
              {"status", CheckStatusName(check.status)},
              {"message", check.message},
              {"duration_ms", check.duration_ms}};
  if (!check.evidence.is_null()) out["evidence"] = check.evidence;
  if (!check.reproducer.is_null()) out["reproducer"] = check.reproducer;
  if (!check.known_issue.empty()) out["known_issue"] = check.known_issue;
  if (!check.finding.empty()) out["finding"] = check.finding;
  return out;
}

CheckResult CheckFromJson(const json& value, const std::string& path) {
  Reader r(value, path);
  CheckResult check;
  check.id = r.String("id");
  if (check.id.empty()) r.Fail("id", "is empty");
  std::string status = r.String("status");
  auto parsed = ParseCheckStatus(status);
  if (!parsed) r.Fail("status", "is '" + status + "', not one of pass/fail/skip/hang/error/inconclusive");
  check.status = *parsed;
  check.message = r.String("message", false);
  check.duration_ms = r.Number("duration_ms", false);
  check.evidence = r.Any("evidence");
  check.reproducer = r.Any("reproducer");
  check.known_issue = r.String("known_issue", false);
  check.finding = r.String("finding", false);
  return check;
}

json FuzzCampaignToJson(const FuzzCampaign& campaign) {
  json samples = json::array();
  for (const auto& s : campaign.samples) {
    samples.push_back(
        {{"seconds", s.seconds}, {"coverage", s.coverage}, {"exec_per_s", s.exec_per_s}});
  }
  return {{"target", campaign.target},
          {"kernel", campaign.kernel},
          {"samples", samples},
          {"crashes", campaign.crashes},
          {"details", campaign.details}};
}

FuzzCampaign FuzzCampaignFromJson(const json& value, const std::string& path) {
  Reader r(value, path);
  FuzzCampaign campaign;
  campaign.target = r.String("target");
  campaign.kernel = r.String("kernel", false);
  campaign.crashes = static_cast<int>(r.Number("crashes", false));
  const json& samples = r.Array("samples");
  for (std::size_t i = 0; i < samples.size(); ++i) {
    Reader sample(samples[i], r.Path("samples[" + std::to_string(i) + "]"));
    campaign.samples.push_back({sample.Number("seconds"), sample.Number("coverage", false),
                                sample.Number("exec_per_s", false)});
  }
  json details = r.Any("details");
  campaign.details = details.is_object() ? details : json::object();
  return campaign;
}

json KernelToJson(const KernelRun& run) {
  json checks = json::array();
  for (const auto& check : run.checks) checks.push_back(CheckToJson(check));
  json kernel = {{"spec", run.spec},       {"version", run.version},
                 {"origin", run.origin},   {"image_sha256", run.image_sha256},
                 {"generation", run.generation}, {"infra_error", run.infra_error},
                 {"checks", checks},       {"metadata", run.metadata}};
  if (run.image_run) {
    kernel["image_run"] = {{"status", run.image_run->status},
                           {"message", run.image_run->message},
                           {"wall_ms", run.image_run->wall_ms}};
  } else {
    kernel["boot"] = {{"status", run.boot.status},
                      {"message", run.boot.message},
                      {"console_log", run.boot.console_log},
                      {"console_excerpt", run.boot.console_excerpt},
                      {"wall_ms", run.boot.wall_ms}};
  }
  // Optional fields: a document is written as it was read, with or without them.
  if (!run.architecture.empty()) kernel["architecture"] = run.architecture;
  if (!run.machine.empty()) kernel["machine"] = run.machine;
  return kernel;
}

KernelRun KernelFromJson(const json& value, const std::string& path) {
  Reader r(value, path);
  KernelRun run;
  run.spec = r.String("spec");
  run.version = r.String("version", false);
  run.origin = r.String("origin", false);
  run.image_sha256 = r.String("image_sha256", false);
  run.generation = r.String("generation", false);
  run.architecture = r.String("architecture", false);
  run.machine = r.String("machine", false);
  run.infra_error = r.String("infra_error", false);
  if (value.contains("image_run")) {
    if (value.contains("boot")) {
      r.Fail("boot", "and image_run are both present: a kernel either booted or ran as an image");
    }
    Reader image_run(value.at("image_run"), r.Path("image_run"));
    ImageRunRecord& record = run.image_run.emplace();
    record.status = image_run.String("status");
    if (record.status != "ran" && record.status != "not-run") {
      image_run.Fail("status", "is '" + record.status + "', not 'ran' or 'not-run'");
    }
    record.message = image_run.String("message", false);
    record.wall_ms = image_run.Number("wall_ms", false);
  } else {
    Reader boot(value.at("boot"), r.Path("boot"));
    run.boot.status = boot.String("status");
    run.boot.message = boot.String("message", false);
    run.boot.console_log = boot.String("console_log", false);
    run.boot.console_excerpt = boot.String("console_excerpt", false);
    run.boot.wall_ms = boot.Number("wall_ms", false);
  }
  const json& checks = r.Array("checks");
  for (std::size_t i = 0; i < checks.size(); ++i) {
    run.checks.push_back(CheckFromJson(checks[i], r.Path("checks[" + std::to_string(i) + "]")));
  }
  json metadata = r.Any("metadata");
  run.metadata = metadata.is_object() ? metadata : json::object();
  return run;
}

}  // namespace

std::string_view CheckStatusName(CheckStatus status) {
  for (const auto& [value, name] : kStatusNames) {
    if (value == status) return name;
  }
  return "error";
}

std::optional<CheckStatus> ParseCheckStatus(std::string_view name) {
  for (const auto& [value, known] : kStatusNames) {
    if (known == name) return value;
  }
  return std::nullopt;
}

std::string CheckResult::Suite() const { return id.substr(0, id.find('.')); }

Summary ResultsDocument::Summarize() const {
  Summary s;
  s.kernels = static_cast<int>(kernels.size());
  for (const auto& run : kernels) {
    if (run.InfraFailed()) ++s.infra_failures;
    for (const auto& check : run.checks) {
      ++s.checks;
      switch (check.status) {
        case CheckStatus::kPass: ++s.pass; break;
        case CheckStatus::kFail: ++s.fail; break;
        case CheckStatus::kSkip: ++s.skip; break;
        case CheckStatus::kHang: ++s.hang; break;
        case CheckStatus::kError: ++s.error; break;
        case CheckStatus::kInconclusive: ++s.inconclusive; break;
      }
    }
  }
  return s;
}

int ExitCodeFor(const ResultsDocument& document) {
  Summary s = document.Summarize();
  if (s.infra_failures > 0) return 2;
  if (s.fail + s.hang + s.error > 0) return 1;
  return 0;
}

json ToJson(const ResultsDocument& document) {
  json kernels = json::array();
  for (const auto& run : document.kernels) kernels.push_back(KernelToJson(run));
  Summary s = document.Summarize();
  json out = {{"schema", kSchemaName},
          {"schema_version", document.schema_version},
          {"vdsoconf_version", document.vdsoconf_version},
          {"created", document.created},
          {"command", document.command},
          {"kernels", kernels},
          {"summary",
           {{"kernels", s.kernels}, {"checks", s.checks}, {"pass", s.pass}, {"fail", s.fail},
            {"skip", s.skip}, {"hang", s.hang}, {"error", s.error},
            {"inconclusive", s.inconclusive}, {"infra_failures", s.infra_failures}}},
          {"exit_code", ExitCodeFor(document)}};
  if (!document.fuzzing.empty()) {
    json fuzzing = json::array();
    for (const auto& campaign : document.fuzzing) fuzzing.push_back(FuzzCampaignToJson(campaign));
    out["fuzzing"] = fuzzing;
  }
  if (!document.incomplete_reason.empty()) {
    out["incomplete"] = {{"reason", document.incomplete_reason}};
  }
  return out;
}

ResultsDocument FromJson(const json& value) {
  Reader r(value, "$");
  std::string schema = r.String("schema");
  if (schema != kSchemaName) r.Fail("schema", "is '" + schema + "', not a vdsoconf results document");
  ResultsDocument document;
  document.schema_version = r.Integer("schema_version");
  if (document.schema_version > kSchemaVersion) {
    r.Fail("schema_version", "is " + std::to_string(document.schema_version) +
                                 ", newer than this vdsoconf understands (" +
                                 std::to_string(kSchemaVersion) + "): upgrade vdsoconf");
  }
  if (document.schema_version < 1) r.Fail("schema_version", "must be >= 1");
  document.vdsoconf_version = r.String("vdsoconf_version", false);
  document.created = r.String("created", false);
  document.command = r.String("command", false);
  const json& kernels = r.Array("kernels");
  for (std::size_t i = 0; i < kernels.size(); ++i) {
    if (kernels[i].is_object() && !kernels[i].contains("boot") && !kernels[i].contains("image_run")) {
      throw ResultsError("results: $.kernels[" + std::to_string(i) +
                         "].boot is missing (a kernel record has boot, or image_run)");
    }
    document.kernels.push_back(KernelFromJson(kernels[i], "$.kernels[" + std::to_string(i) + "]"));
  }
  if (value.contains("fuzzing") && !value["fuzzing"].is_null()) {
    const json& fuzzing = r.Array("fuzzing");
    for (std::size_t i = 0; i < fuzzing.size(); ++i) {
      document.fuzzing.push_back(
          FuzzCampaignFromJson(fuzzing[i], "$.fuzzing[" + std::to_string(i) + "]"));
    }
  }
  if (value.contains("incomplete") && !value["incomplete"].is_null()) {
    document.incomplete_reason = Reader(value["incomplete"], "$.incomplete").String("reason");
  }
  return document;
}

ResultsDocument ReadResults(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ResultsError("results: cannot read " + path);
  json value;
  try {
    value = json::parse(in);
  } catch (const json::parse_error& e) {
    throw ResultsError("results: " + path + " is not valid JSON: " + e.what());
  }
  try {
    return FromJson(value);
  } catch (const json::exception& e) {
    throw ResultsError("results: " + path + ": " + e.what());
  }
}

void WriteResults(const ResultsDocument& document, const std::string& path) {
  std::string temporary = path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(temporary);
    // Strings from a guest may hold invalid UTF-8: replace it rather than fail the whole write.
    out << ToJson(document).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    if (!out) throw ResultsError("results: cannot write " + temporary);
  }
  std::filesystem::rename(temporary, path);
}

std::string NowRfc3339() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

}  // namespace vdsoconf::reports
