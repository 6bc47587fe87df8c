#include "vdsoconf/fuzz/campaign/campaign.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/sha256.h"
#include "vdsoconf/core/subprocess.h"

namespace vdsoconf::fuzz {
namespace fs = std::filesystem;
namespace {

void WriteText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw InfraError("cannot write " + path.string());
}

// libFuzzer flags from fuzz/options/NAME.options ("[libfuzzer]" section, "key = value" lines).
std::vector<std::string> OptionFlags(const fs::path& options_file) {
  std::vector<std::string> flags;
  std::ifstream in(options_file);
  std::string line;
  bool in_section = false;
  while (std::getline(in, line)) {
    if (line.starts_with('[')) {
      in_section = line == "[libfuzzer]";
      continue;
    }
    const std::size_t eq = line.find('=');
    if (!in_section || eq == std::string::npos) continue;
    auto trim = [](std::string s) {
      s.erase(0, s.find_first_not_of(" \t"));
      s.erase(s.find_last_not_of(" \t\r") + 1);
      return s;
    };
    flags.push_back("-" + trim(line.substr(0, eq)) + "=" + trim(line.substr(eq + 1)));
  }
  return flags;
}

// The line of a report that says most: the invariant, the sanitizer's summary, the alarm.
std::string FirstLine(const std::string& output) {
  std::istringstream in(output);
  std::string line, fallback;
  for (const char* marker : {"vdsoconf-model-invariant:", "vdsoconf-finding:", "runtime error:",
                             "ERROR: AddressSanitizer", "ALARM:", "ERROR: libFuzzer"}) {
    in.clear();
    in.seekg(0);
    while (std::getline(in, line)) {
      if (line.find(marker) != std::string::npos) return line.substr(0, 400);
    }
  }
  return "";
}

std::string ShortHash(const std::string& key) {
  return Sha256Hex(key).substr(0, 12);
}

nlohmann::json StatusJson(const FuzzerStatus& s) {
  return {{"execs", s.execs},     {"event", s.event},
          {"cov", s.cov},         {"ft", s.ft},
          {"corpus", s.corpus},   {"exec_per_sec", s.exec_per_sec},
          {"crashes", s.crashes}, {"timeouts", s.timeouts},
          {"ooms", s.ooms},       {"elapsed_s", s.elapsed_s}};
}

}  // namespace

std::map<std::string, std::string> FuzzerEnvironment(const std::optional<fs::path>& image) {
  std::map<std::string, std::string> env;
  if (image) env["VDSOCONF_FUZZ_IMAGE"] = fs::absolute(*image).string();
  return env;
}

fs::path FindFuzzer(const fs::path& fuzzer_dir, const std::string& target) {
  const std::string name = "fuzz_" + target;
  std::error_code error;
  if (fs::is_regular_file(fuzzer_dir / name, error)) return fuzzer_dir / name;
  if (fs::is_directory(fuzzer_dir, error)) {
    for (const auto& entry : fs::recursive_directory_iterator(fuzzer_dir, error)) {
      if (entry.is_regular_file() && entry.path().filename() == name) return entry.path();
    }
  }
  throw InfraError(name + " not found under " + fuzzer_dir.string() +
                   ". Build the fuzzers with clang-14 and libFuzzer first:\n"
                   "  cmake --preset fuzz && cmake --build --preset fuzz --target fuzzers\n"
                   "(or pass --fuzzer-dir DIR pointing at such a build)");
}

ReplayVerdict Replay(const fs::path& fuzzer, const fs::path& input, std::chrono::seconds timeout,
                     const std::map<std::string, std::string>& environment) {
  SubprocessOptions options;
  options.timeout = timeout + std::chrono::seconds(10);
  options.environment = environment;
  options.environment["VDSOCONF_FUZZ_STRICT"] = "1";
  const SubprocessResult run = RunSubprocess(
      {fuzzer.string(), "-timeout=" + std::to_string(timeout.count()), "-runs=1", input.string()},
      options);
  ReplayVerdict verdict;
  verdict.output = run.output;
  verdict.key = FindingKey(run.output);
  if (run.timed_out && verdict.key.empty()) verdict.key = "timeout in unknown";
  verdict.reproduces = !run.ok() || !verdict.key.empty();
  if (verdict.reproduces && verdict.key.empty()) verdict.key = "crash in unknown";
  return verdict;
}

CampaignSummary RunCampaign(const CampaignOptions& options,
                            const std::function<void(const FuzzerStatus&)>& progress) {
  CampaignSummary summary;
  summary.target = options.target;
  summary.duration = options.duration;
  summary.jobs = options.jobs;
  summary.fuzzer = FindFuzzer(options.fuzzer_dir, options.target);
  const fs::path out = options.out_dir;
  for (const char* sub : {"corpus", "artifacts", "findings", "documented"}) {
    fs::create_directories(out / sub);
  }
  const std::map<std::string, std::string> environment = FuzzerEnvironment(options.image);

  std::vector<std::string> argv = {
      summary.fuzzer.string(), "-fork=" + std::to_string(std::max(1, options.jobs)),
      "-ignore_crashes=1",     "-ignore_timeouts=1",
      "-ignore_ooms=1",        "-max_total_time=" + std::to_string(options.duration.count()),
      "-print_final_stats=1",  "-artifact_prefix=" + (out / "artifacts").string() + "/"};
  const fs::path dict = options.source_dir / "dict" / (options.target + ".dict");
  if (fs::exists(dict)) argv.push_back("-dict=" + dict.string());
  for (const std::string& flag :
       OptionFlags(options.source_dir / "options" / (options.target + ".options"))) {
    argv.push_back(flag);
  }
  argv.push_back((out / "corpus").string());
  const fs::path seeds = options.source_dir / "corpus" / options.target;
  if (fs::is_directory(seeds)) argv.push_back(seeds.string());

  SubprocessOptions run_options;
  run_options.timeout = options.duration + std::chrono::minutes(2);
  run_options.environment = environment;
  run_options.environment["VDSOCONF_FUZZ_DOCUMENTED_DIR"] = (out / "documented").string();
  const auto start = std::chrono::steady_clock::now();
  run_options.log_file = (out / "fuzzer.log").string();
  std::string pending;
  run_options.on_output = [&](std::string_view chunk) {
    pending.append(chunk);
    std::size_t newline;
    while ((newline = pending.find('\n')) != std::string::npos) {
      if (auto status = ParseStatusLine(std::string_view(pending).substr(0, newline))) {
        summary.series.push_back(*status);
        summary.series_seconds.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        summary.last = *status;
        if (progress) progress(*status);
      }
      pending.erase(0, newline + 1);
    }
    return true;
  };
  const SubprocessResult run = RunSubprocess(argv, run_options);
  if (run.timed_out) summary.infra_error = "the fuzzer did not stop in time: " + run.Describe();
  if (summary.series.empty() && summary.infra_error.empty()) {
    summary.infra_error =
        "the fuzzer printed no progress (" + run.Describe() +
        "): " + run.output.substr(run.output.size() > 2000 ? run.output.size() - 2000 : 0);
  }

  // Replay every artifact, group by key, keep the smallest input of each group, minimise it.
  std::map<std::string, std::vector<fs::path>> by_key;
  std::map<std::string, std::string> first_lines;
  std::vector<fs::path> artifacts;
  for (const char* sub : {"artifacts", "documented"}) {
    for (const auto& entry : fs::directory_iterator(out / sub)) artifacts.push_back(entry.path());
  }
  std::sort(artifacts.begin(), artifacts.end());
  for (const fs::path& artifact : artifacts) {
    const ReplayVerdict verdict =
        Replay(summary.fuzzer, artifact, std::chrono::seconds(60), environment);
    if (!verdict.reproduces) continue;  // flaky: not reported as a finding
    by_key[verdict.key].push_back(artifact);
    first_lines.emplace(verdict.key, FirstLine(verdict.output));
  }
  for (auto& [key, inputs] : by_key) {
    std::sort(inputs.begin(), inputs.end(), [](const fs::path& a, const fs::path& b) {
      return fs::file_size(a) < fs::file_size(b);
    });
    Finding finding;
    finding.key = key;
    finding.finding_class = ClassifyFinding(options.target, key);
    finding.first_line = first_lines[key];
    finding.occurrences = inputs.size();
    const std::string stem = "F-" + ShortHash(options.target + "\n" + key);
    finding.reproducer = out / "findings" / (stem + ".bin");
    fs::copy_file(inputs.front(), finding.reproducer, fs::copy_options::overwrite_existing);
    // -minimize_crash keeps any crash; a candidate is kept only if it still has the same key.
    const fs::path candidate = out / "findings" / (stem + ".min");
    SubprocessOptions minimize_options;
    minimize_options.timeout = options.minimize_time + std::chrono::seconds(30);
    minimize_options.environment = environment;
    minimize_options.environment["VDSOCONF_FUZZ_STRICT"] = "1";
    RunSubprocess({summary.fuzzer.string(), "-minimize_crash=1",
                   "-max_total_time=" + std::to_string(options.minimize_time.count()),
                   "-exact_artifact_path=" + candidate.string(), inputs.front().string()},
                  minimize_options);
    if (fs::exists(candidate)) {
      const ReplayVerdict again =
          Replay(summary.fuzzer, candidate, std::chrono::seconds(60), environment);
      if (again.reproduces && again.key == key &&
          fs::file_size(candidate) <= fs::file_size(finding.reproducer)) {
        fs::copy_file(candidate, finding.reproducer, fs::copy_options::overwrite_existing);
        finding.minimized = true;
      }
      fs::remove(candidate);
    }
    const nlohmann::json sidecar = {
        {"target", options.target},
        {"key", key},
        {"class", FindingClassName(finding.finding_class)},
        {"first_line", finding.first_line},
        {"occurrences", finding.occurrences},
        {"minimized", finding.minimized},
        {"image", options.image ? fs::absolute(*options.image).string() : ""},
        {"replay", "vdsoconf fuzz --reproduce " + finding.reproducer.string()}};
    WriteText(out / "findings" / (stem + ".json"), sidecar.dump(2) + "\n");
    summary.findings.push_back(std::move(finding));
  }
  WriteText(out / "fuzz-summary.json", SummaryJson(summary));
  return summary;
}

std::string SummaryJson(const CampaignSummary& summary) {
  nlohmann::json series = nlohmann::json::array();
  for (std::size_t i = 0; i < summary.series.size(); ++i) {
    nlohmann::json point = StatusJson(summary.series[i]);
    if (i < summary.series_seconds.size()) point["seconds"] = summary.series_seconds[i];
    series.push_back(std::move(point));
  }
  nlohmann::json findings = nlohmann::json::array();
  for (const Finding& f : summary.findings) {
    findings.push_back({{"key", f.key},
                        {"class", FindingClassName(f.finding_class)},
                        {"first_line", f.first_line},
                        {"occurrences", f.occurrences},
                        {"reproducer", f.reproducer.string()},
                        {"minimized", f.minimized}});
  }
  const nlohmann::json json = {{"schema", "vdsoconf-fuzz-summary"},
                               {"version", 1},
                               {"target", summary.target},
                               {"fuzzer", summary.fuzzer.string()},
                               {"duration_s", summary.duration.count()},
                               {"jobs", summary.jobs},
                               {"final", StatusJson(summary.last)},
                               {"series", series},
                               {"findings", findings},
                               {"infra_error", summary.infra_error},
                               {"exit_code", CampaignExitCode(summary)}};
  return json.dump(2) + "\n";
}

int CampaignExitCode(const CampaignSummary& summary) {
  if (!summary.infra_error.empty()) return kExitInfrastructure;
  for (const Finding& f : summary.findings) {
    if (f.finding_class == FindingClass::kInfrastructure) return kExitInfrastructure;
  }
  for (const Finding& f : summary.findings) {
    if (f.finding_class != FindingClass::kDocumentedBehaviour) return kExitCheckFailed;
  }
  return kExitPass;
}

}  // namespace vdsoconf::fuzz
