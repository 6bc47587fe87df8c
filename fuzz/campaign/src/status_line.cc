#include "vdsoconf/fuzz/campaign/status_line.h"

#include <charconv>
#include <vector>

namespace vdsoconf::fuzz {
namespace {

std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

// The leading decimal number of `text` ("152/32Kb" -> 152, "59Mb" -> 59, "3s" -> 3).
std::optional<std::uint64_t> LeadingNumber(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end == text.data()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<FuzzerStatus> ParseStatusLine(std::string_view line) {
  if (line.size() < 2 || line[0] != '#') return std::nullopt;
  const std::vector<std::string_view> words = Words(line.substr(1));
  if (words.size() < 2) return std::nullopt;
  FuzzerStatus status;
  std::string_view first = words[0];
  std::size_t next = 1;
  if (first.ends_with(':')) {  // fork mode: "#N:"
    first.remove_suffix(1);
    status.event = "fork";
  } else {
    status.event = std::string(words[1]);
    next = 2;
  }
  const auto execs = LeadingNumber(first);
  if (!execs || std::to_string(*execs).size() != first.size()) return std::nullopt;
  status.execs = *execs;
  bool any_field = false;
  for (std::size_t i = next; i + 1 < words.size(); ++i) {
    const std::string_view key = words[i];
    const std::string_view value = words[i + 1];
    std::uint64_t* field = nullptr;
    if (key == "cov:")
      field = &status.cov;
    else if (key == "ft:")
      field = &status.ft;
    else if (key == "corp:")
      field = &status.corpus;
    else if (key == "exec/s:" || key == "exec/s")  // the fork-mode line has no colon
      field = &status.exec_per_sec;
    else if (key == "time:")
      field = &status.elapsed_s;
    if (key == "oom/timeout/crash:") {
      // "0/0/1"
      std::uint64_t* parts[] = {&status.ooms, &status.timeouts, &status.crashes};
      std::string_view rest = value;
      for (std::uint64_t* part : parts) {
        const auto n = LeadingNumber(rest);
        if (!n) return std::nullopt;
        *part = *n;
        const std::size_t slash = rest.find('/');
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
      }
      any_field = true;
      ++i;
      continue;
    }
    if (!field) continue;
    const auto n = LeadingNumber(value);
    if (!n) return std::nullopt;
    *field = *n;
    any_field = true;
    ++i;
  }
  if (!any_field && status.event != "INITED" && status.event != "DONE" && status.event != "pulse") {
    return std::nullopt;
  }
  return status;
}

}  // namespace vdsoconf::fuzz
