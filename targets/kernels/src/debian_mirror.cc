#include "vdsoconf/kernels/debian_mirror.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

namespace vdsoconf::kernels {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Words(std::string_view line) {
  std::vector<std::string> words;
  std::istringstream in{std::string(line)};
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

bool IsDebianArchive(std::string uri) {
  while (!uri.empty() && uri.back() == '/') uri.pop_back();
  const bool has_scheme = uri.starts_with("http://") || uri.starts_with("https://");
  return has_scheme && uri.ends_with("/debian");
}

std::string WithoutTrailingSlash(std::string uri) {
  while (!uri.empty() && uri.back() == '/') uri.pop_back();
  return uri;
}

std::optional<std::string> FirstArchive(const std::vector<std::string>& candidates) {
  for (const auto& uri : candidates) {
    if (IsDebianArchive(uri)) return WithoutTrailingSlash(uri);
  }
  return std::nullopt;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::optional<std::string> DebianMirrorInSourceText(std::string_view text) {
  std::istringstream lines{std::string(text)};
  for (std::string line; std::getline(lines, line);) {
    auto words = Words(line);
    if (words.empty() || words[0].starts_with("#")) continue;
    if (words[0] == "URIs:") {
      if (auto uri = FirstArchive({words.begin() + 1, words.end()})) return uri;
    } else if (words[0] == "deb" || words[0] == "deb-src") {
      // Skip the optional "[key=value ...]" block, which may span several words.
      size_t i = 1;
      if (i < words.size() && words[i].starts_with("[")) {
        while (i < words.size() && !words[i].ends_with("]")) ++i;
        ++i;
      }
      if (i < words.size()) {
        if (auto uri = FirstArchive({words[i]})) return uri;
      }
    }
  }
  return std::nullopt;
}

std::string DebianMirror(const fs::path& etc_apt) {
  if (const char* override_uri = std::getenv("VDSOCONF_DEBIAN_MIRROR");
      override_uri && *override_uri) {
    return WithoutTrailingSlash(override_uri);
  }
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(etc_apt / "sources.list.d", ec)) {
    const auto ext = entry.path().extension();
    if (ext == ".sources" || ext == ".list") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  files.push_back(etc_apt / "sources.list");
  for (const auto& file : files) {
    if (auto uri = DebianMirrorInSourceText(ReadFile(file))) return *uri;
  }
  return std::string(kFallbackDebianMirror);
}

}  // namespace vdsoconf::kernels
