#include "vdsoconf/kernels/private_apt.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "vdsoconf/core/cache.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/sha256.h"
#include "vdsoconf/core/subprocess.h"
#include "vdsoconf/kernels/debian_mirror.h"
#include "vdsoconf/kernels/file_lock.h"

namespace vdsoconf::kernels {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::minutes;

constexpr int kAttempts = 3;
constexpr char kKeyring[] = "/usr/share/keyrings/debian-archive-keyring.gpg";

std::string ReadText(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  if (!out) throw InfraError("cannot write " + path.string());
}

// The last few lines of apt's output: where it says what failed.
std::string Tail(const std::string& output, size_t lines = 8) {
  size_t pos = output.size();
  for (size_t n = 0; n <= lines && pos > 0; ++n) {
    pos = output.rfind('\n', pos - 1);
    if (pos == std::string::npos) return output;
  }
  return output.substr(pos + 1);
}

std::vector<std::string> Command(const char* program, const std::vector<std::string>& options,
                                 std::initializer_list<std::string> rest) {
  std::vector<std::string> argv{program, "-q"};
  argv.insert(argv.end(), options.begin(), options.end());
  argv.insert(argv.end(), rest.begin(), rest.end());
  return argv;
}

std::string RecordField(const std::string& text, const std::string& field) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) break;  // end of the first stanza
    if (line.starts_with(field + ": ")) return line.substr(field.size() + 2);
  }
  return "";
}

}  // namespace

std::optional<AptPackage> ParseAptRecord(const std::string& text) {
  AptPackage package;
  package.name = RecordField(text, "Package");
  package.version = RecordField(text, "Version");
  package.architecture = RecordField(text, "Architecture");
  package.filename = RecordField(text, "Filename");
  package.sha256 = RecordField(text, "SHA256");
  const std::string size = RecordField(text, "Size");
  if (package.name.empty() || package.version.empty() || package.architecture.empty() ||
      package.sha256.size() != 64 || size.empty() ||
      size.find_first_not_of("0123456789") != std::string::npos || size.size() > 15) {
    return std::nullopt;
  }
  package.size = std::stoull(size);
  return package;
}

PrivateApt::PrivateApt(fs::path state_dir, AptSuite suite)
    : state_dir_(std::move(state_dir)), suite_(std::move(suite)) {}

std::string PrivateApt::SourcesListLine() const {
  std::string options;
  if (fs::exists(kKeyring)) options = std::string("[signed-by=") + kKeyring + "] ";
  return "deb " + options + suite_.mirror + " " + suite_.suite + " main";
}

std::vector<std::string> PrivateApt::Options() const {
  const fs::path empty = state_dir_ / "empty";
  std::vector<std::string> options{
      "-o",
      "Dir::Etc::sourcelist=" + (state_dir_ / "sources.list").string(),
      "-o",
      "Dir::Etc::sourceparts=" + empty.string(),
      "-o",
      "Dir::Etc::preferences=" + (empty / "preferences").string(),
      "-o",
      "Dir::Etc::preferencesparts=" + empty.string(),
      "-o",
      "Dir::State::Lists=" + (state_dir_ / "lists").string(),
      "-o",
      "Dir::Cache=" + (state_dir_ / "cache").string(),
      "-o",
      "Dir::Cache::Archives=" + (state_dir_ / "archives").string(),
      // An empty dpkg status: packages installed on the host must not become the candidate.
      "-o",
      "Dir::State::status=" + (state_dir_ / "dpkg-status").string(),
      "-o",
      "Acquire::Languages=none",
      // apt would otherwise drop to the _apt user, who cannot write into a root-owned cache.
      "-o",
      "APT::Sandbox::User=root",
  };
  for (const auto& arch : suite_.architectures) {
    options.push_back("-o");
    options.push_back("APT::Architectures::=" + arch);
  }
  return options;
}

void PrivateApt::WriteConfiguration() const {
  for (const char* sub : {"empty", "lists/partial", "cache", "archives/partial", "downloads"}) {
    fs::create_directories(state_dir_ / sub);
  }
  // Rewritten only when it changes: a newer sources.list makes apt rebuild its binary cache.
  if (ReadText(state_dir_ / "sources.list") != SourcesListLine() + "\n") {
    WriteText(state_dir_ / "sources.list", SourcesListLine() + "\n");
  }
  if (!fs::exists(state_dir_ / "dpkg-status")) WriteText(state_dir_ / "dpkg-status", "");
}

// What the index was fetched for; a change of mirror or architectures makes it stale.
std::string PrivateApt::IndexIdentity() const {
  std::string identity = SourcesListLine() + "\narchitectures:";
  for (const auto& arch : suite_.architectures) identity += " " + arch;
  return identity + "\n";
}

void PrivateApt::EnsureIndex(std::chrono::hours max_age) {
  const fs::path stamp = state_dir_ / "updated";
  std::error_code ec;
  if (fs::exists(stamp) && ReadText(stamp) == IndexIdentity()) {
    auto age = fs::file_time_type::clock::now() - fs::last_write_time(stamp, ec);
    if (!ec && age < max_age) return;
  }
  Update();
}

void PrivateApt::Update() {
  WriteConfiguration();
  FileLock lock(state_dir_ / "lock", minutes(10), "the apt index of " + suite_.suite);
  std::string last_error;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    std::cerr << "vdsoconf: updating the private apt index for " << suite_.suite << " from "
              << suite_.mirror << "\n";
    auto result = RunSubprocess(Command("apt-get", Options(), {"--error-on=any", "update"}),
                                {.timeout = minutes(5)});
    if (result.ok()) {
      WriteText(state_dir_ / "updated", IndexIdentity());
      return;
    }
    last_error = result.Describe() + ":\n" + Tail(result.output);
  }
  throw InfraError("cannot update the apt index of suite '" + suite_.suite + "' from " +
                   suite_.mirror + " after " + std::to_string(kAttempts) +
                   " attempts (is the suite on that mirror?); apt-get update " + last_error);
}

std::optional<std::string> PrivateApt::AptCacheQuery(std::initializer_list<std::string> arguments,
                                                     bool throw_on_failure) const {
  std::string key_material = IndexIdentity();
  for (const auto& argument : arguments) key_material += "\narg " + argument;
  std::vector<std::string> lists;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(state_dir_ / "lists", ec)) {
    if (!entry.is_regular_file(ec)) continue;
    const auto stamp = fs::last_write_time(entry.path(), ec).time_since_epoch().count();
    lists.push_back(entry.path().filename().string() + " " + std::to_string(entry.file_size(ec)) +
                    " " + std::to_string(stamp));
  }
  std::sort(lists.begin(), lists.end());
  for (const auto& list : lists) key_material += "\nlist " + list;
  const fs::path answer = state_dir_ / "answers" / Sha256Hex(key_material);
  if (fs::exists(answer, ec)) return ReadText(answer);

  auto command = Command("apt-cache", Options(), arguments);
  auto result = throw_on_failure ? RunChecked(command, {.timeout = minutes(2)})
                                 : RunSubprocess(command, {.timeout = minutes(2)});
  if (!result.ok()) return std::nullopt;
  // Written aside and renamed: a reader never sees half an answer.
  fs::create_directories(answer.parent_path());
  const fs::path partial = answer.string() + "." + std::to_string(getpid());
  WriteText(partial, result.output);
  fs::rename(partial, answer);
  return result.output;
}

std::optional<AptPackage> PrivateApt::Find(const std::string& package) const {
  WriteConfiguration();
  auto output = AptCacheQuery({"show", "--no-all-versions", package}, false);
  if (!output) return std::nullopt;
  return ParseAptRecord(*output);
}

std::vector<std::string> PrivateApt::Search(const std::string& pattern) const {
  WriteConfiguration();
  const auto output = AptCacheQuery({"search", "--names-only", pattern}, true);
  std::set<std::string> names;
  std::istringstream lines(*output);
  for (std::string line; std::getline(lines, line);) {
    auto space = line.find(' ');
    if (space != std::string::npos && space > 0) names.insert(line.substr(0, space));
  }
  return {names.begin(), names.end()};
}

fs::path PrivateApt::Download(const AptPackage& package, const fs::path& dest_dir) {
  WriteConfiguration();
  const std::string what = package.name + ":" + package.architecture + "=" + package.version;
  const fs::path work = state_dir_ / "downloads" / std::to_string(getpid());
  std::string last_error;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    RemoveTree(work);
    fs::create_directories(work);
    std::cerr << "vdsoconf: downloading " << what << " (" << package.size / 1000000 << " MB)\n";
    auto result = RunSubprocess(Command("apt-get", Options(), {"download", what}),
                                {.timeout = minutes(15), .working_directory = work.string()});
    std::vector<fs::path> debs;
    for (const auto& entry : fs::directory_iterator(work)) {
      if (entry.path().extension() == ".deb") debs.push_back(entry.path());
    }
    if (!result.ok() || debs.size() != 1) {
      last_error = "apt-get download " + result.Describe() + ":\n" + Tail(result.output);
    } else if (fs::file_size(debs[0]) != package.size) {
      last_error = "size mismatch: the index says " + std::to_string(package.size) +
                   " bytes, got " + std::to_string(fs::file_size(debs[0]));
    } else if (auto sha = Sha256File(debs[0]); sha != package.sha256) {
      last_error = "SHA-256 mismatch: the index says " + package.sha256 + ", got " + sha;
    } else {
      fs::create_directories(dest_dir);
      const fs::path final_path = dest_dir / debs[0].filename();
      fs::rename(debs[0], final_path);
      RemoveTree(work);
      return final_path;
    }
    std::cerr << "vdsoconf: attempt " << attempt << " to download " << what
              << " failed: " << last_error << "\n";
    if (attempt < kAttempts) {
      try {
        Update();  // a mirror sync may have moved the package: refresh and try again
      } catch (const InfraError& e) {
        last_error += "\n(and refreshing the index failed: " + std::string(e.what()) + ")";
      }
    }
  }
  RemoveTree(work);
  throw InfraError("cannot download " + what + " from " + suite_.mirror + " (" + suite_.suite +
                   ") after " + std::to_string(kAttempts) + " attempts: " + last_error);
}

PrivateApt CachedApt(const std::string& suite, const std::string& debian_arch) {
  return PrivateApt(CacheRoot() / "apt" / suite, AptSuite{DebianMirror(), suite, {debian_arch}});
}

}  // namespace vdsoconf::kernels
