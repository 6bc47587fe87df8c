// A private apt configuration for one Debian suite, kept in the vdsoconf cache.
//
// Kernel material comes from suites the host does not use (bookworm-backports, sid) and from a
// foreign architecture (the target's, KernelArch::debian_arch). Rather than adding sources or
// architectures to the system, each suite gets its own apt state directory: its own sources.list,
// index lists, package cache and download area. apt-get and apt-cache are pointed at it with -o
// options only; the host's /etc/apt and /var/lib/apt are read (keyring, dpkg status) but never
// written.
//
// Layout of the state directory:
//   sources.list   one "deb [signed-by=...] MIRROR SUITE main" line
//   empty/         stands in for sources.list.d and preferences.d (so the host's are ignored)
//   dpkg-status    an empty dpkg status, so packages installed on the host are not candidates
//   lists/ cache/ archives/   apt's index lists, binary cache and archive cache
//   lock           held (FileLock) around index updates and downloads
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace vdsoconf::kernels {

struct AptSuite {
  std::string mirror;                      // "http://deb.debian.org/debian"
  std::string suite;                       // "sid", "bookworm-backports"
  std::vector<std::string> architectures;  // foreign ones to index, e.g. {"s390x"}; may be empty
};

// One package's candidate record from the index.
struct AptPackage {
  std::string name;
  std::string version;
  std::string architecture;  // "all", "s390x"
  std::string filename;      // pool path relative to the mirror
  std::uint64_t size = 0;
  std::string sha256;
};

// Parses the first stanza of `apt-cache show` output. Returns nullopt unless Package, Version,
// Architecture, Size and SHA256 are all present and Size is a number.
std::optional<AptPackage> ParseAptRecord(const std::string& text);

class PrivateApt {
 public:
  // Does no I/O. `state_dir` is created on first use.
  PrivateApt(std::filesystem::path state_dir, AptSuite suite);

  // The options that make apt-get/apt-cache use only this state directory. Every path in them is
  // inside the state directory; none names /etc/apt or /var/lib/apt.
  std::vector<std::string> Options() const;
  // The single sources.list line this configuration uses.
  std::string SourcesListLine() const;

  // Runs `apt-get update` unless this suite's index was refreshed less than `max_age` ago.
  // Retries a failed update (three attempts); then throws InfraError with apt's own message, the
  // mirror and the suite. A suite that does not exist on the mirror fails here.
  void EnsureIndex(std::chrono::hours max_age = std::chrono::hours(24));
  void Update();

  // The candidate record for `package` (e.g. "linux-source-6.12", "linux-binary-X:s390x"), or
  // nullopt when the index does not have it. Requires a current index (EnsureIndex).
  std::optional<AptPackage> Find(const std::string& package) const;

  // Names of packages matching the POSIX regular expression `pattern`, sorted, no duplicates.
  std::vector<std::string> Search(const std::string& pattern) const;

  // Downloads exactly `package` (name, architecture, version) into `dest_dir` and returns the
  // .deb path. The file's size and SHA-256 are checked against the index record. A failed
  // attempt (hash or size mismatch, 404 after a mirror sync) refreshes the index and retries,
  // three attempts in all; then throws InfraError naming the package, mirror and what went wrong.
  // On failure nothing is left in `dest_dir`.
  std::filesystem::path Download(const AptPackage& package, const std::filesystem::path& dest_dir);

  const std::filesystem::path& state_dir() const { return state_dir_; }
  const AptSuite& suite() const { return suite_; }

 private:
  void WriteConfiguration() const;
  std::string IndexIdentity() const;
  // apt-cache's output for `arguments`, remembered per state of the downloaded index: parsing a
  // suite's Packages file costs seconds on every run, and the answer only changes when the lists
  // do (the key holds each list file's name, size and modification time). Only a successful
  // query is remembered; std::nullopt when apt-cache fails.
  std::optional<std::string> AptCacheQuery(std::initializer_list<std::string> arguments,
                                           bool throw_on_failure) const;
  std::filesystem::path state_dir_;
  AptSuite suite_;
};

// The private apt for `suite` under the vdsoconf cache (CacheRoot()/apt/<suite>), using the
// host's Debian mirror (DebianMirror()) and indexing `debian_arch` besides the host's
// architecture (a suite without it simply has none; its "all" packages are still there).
// The directory is per suite, not per architecture, and the index remembers what it was fetched
// for (IndexIdentity): asking for another architecture refreshes the same suite's index.
PrivateApt CachedApt(const std::string& suite, const std::string& debian_arch);

}  // namespace vdsoconf::kernels
