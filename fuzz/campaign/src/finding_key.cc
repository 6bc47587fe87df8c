#include "vdsoconf/fuzz/campaign/finding_key.h"

#include <cctype>
#include <regex>
#include <vector>

namespace vdsoconf::fuzz {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return lines;
}

// Frames of the runtime, not of the code under test.
bool IsRuntimeFrame(std::string_view function) {
  for (std::string_view prefix : {"fuzzer::",      "__sanitizer",
                                  "__asan",        "__ubsan",
                                  "__interceptor", "__libc",
                                  "abort",         "raise",
                                  "__GI_",         "pthread_kill",
                                  "__pthread",     "_start",
                                  "main",          "LLVMFuzzerTestOneInput",
                                  "std::",         "libc.so",
                                  "__cxa",         "operator new",
                                  "malloc",        "free",
                                  "calloc",        "realloc",
                                  "__lsan",        "__msan"}) {
    if (function.starts_with(prefix)) return true;
  }
  return function.empty();
}

// "    #3 0x55d3 in vdsoconf::ref::Foo(int) /path/file.cc:12:3" -> "vdsoconf::ref::Foo"
std::string FrameFunction(std::string_view line) {
  const std::size_t in = line.find(" in ");
  if (in == std::string_view::npos) return "";
  std::string_view rest = line.substr(in + 4);
  // Cut the argument list at the first '(' that is not part of "(anonymous namespace)".
  std::string function;
  int depth = 0;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    const char c = rest[i];
    if (c == ' ' && depth == 0) break;
    if (c == '(') {
      if (rest.substr(i).starts_with("(anonymous namespace)")) {
        function += "(anonymous namespace)";
        i += std::string_view("(anonymous namespace)").size() - 1;
        continue;
      }
      break;
    }
    if (c == '<') ++depth;
    if (c == '>') --depth;
    function += c;
  }
  return function;
}

std::string TopFrames(const std::vector<std::string_view>& lines, std::size_t from) {
  std::string frames;
  int kept = 0;
  for (std::size_t i = from; i < lines.size() && kept < 3; ++i) {
    const std::string_view line = Trim(lines[i]);
    if (!line.starts_with('#')) {
      if (kept > 0) break;  // end of the first stack
      continue;
    }
    const std::string function = FrameFunction(line);
    if (IsRuntimeFrame(function)) continue;
    frames += (kept ? " < " : "") + function;
    ++kept;
  }
  return frames.empty() ? "unknown" : frames;
}

}  // namespace

std::string StripVaryingValues(std::string_view text) {
  static const std::regex kNumber(R"((0x[0-9a-fA-F]+|\b[0-9]+\b))");
  return std::regex_replace(std::string(text), kNumber, "N");
}

std::string FindingKey(std::string_view output) {
  const std::vector<std::string_view> lines = Lines(output);
  for (std::string_view raw : lines) {
    const std::string_view line = Trim(raw);
    if (const auto at = line.find("vdsoconf-model-invariant: "); at != std::string_view::npos) {
      std::string_view rest =
          line.substr(at + std::string_view("vdsoconf-model-invariant: ").size());
      return "invariant: " + std::string(rest.substr(0, rest.find(':')));
    }
    if (const auto at = line.find("vdsoconf-finding: "); at != std::string_view::npos) {
      std::string_view rest = line.substr(at + std::string_view("vdsoconf-finding: ").size());
      // KIND: WHAT: values -> keep KIND and WHAT
      const std::size_t first = rest.find(": ");
      const std::size_t second =
          first == std::string_view::npos ? first : rest.find(": ", first + 2);
      return "finding: " + StripVaryingValues(rest.substr(0, second));
    }
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = Trim(lines[i]);
    if (const auto at = line.find(": runtime error: "); at != std::string_view::npos) {
      std::string_view where = line.substr(0, at);
      where = where.substr(0, where.find(':'));  // drop :LINE:COL
      where = where.substr(where.find_last_of('/') + 1);
      return "ubsan: " + std::string(where) + ": " +
             StripVaryingValues(line.substr(at + std::string_view(": runtime error: ").size()));
    }
    if (const auto at = line.find("ERROR: AddressSanitizer: "); at != std::string_view::npos) {
      std::string_view kind =
          line.substr(at + std::string_view("ERROR: AddressSanitizer: ").size());
      kind = kind.substr(0, kind.find(' '));
      return "asan: " + std::string(kind) + " in " + TopFrames(lines, i + 1);
    }
    if (line.find("ERROR: libFuzzer: out-of-memory") != std::string_view::npos) return "oom";
    if (line.find("ALARM: working on the last Unit for") != std::string_view::npos ||
        line.find("ERROR: libFuzzer: timeout") != std::string_view::npos) {
      return "timeout in " + TopFrames(lines, i + 1);
    }
    if (line.find("ERROR: libFuzzer: deadly signal") != std::string_view::npos ||
        line.find("ERROR: libFuzzer: fuzz target exited") != std::string_view::npos) {
      return "crash in " + TopFrames(lines, i + 1);
    }
  }
  return "";
}

FindingClass ClassifyFinding(std::string_view target, std::string_view key) {
  if (key == "oom") return FindingClass::kInfrastructure;
  if (target == "model") return FindingClass::kModelBug;
  if (target == "differential") {
    if (key.starts_with("finding: documented")) return FindingClass::kDocumentedBehaviour;
    if (key.starts_with("finding: infra")) return FindingClass::kInfrastructure;
    if (key.starts_with("finding: model-bug")) return FindingClass::kModelBug;
    if (key.starts_with("finding: ")) return FindingClass::kImageDivergence;
    return FindingClass::kModelBug;  // a crash of the harness or the model while comparing
  }
  return FindingClass::kParserBug;
}

std::string_view FindingClassName(FindingClass finding_class) {
  switch (finding_class) {
    case FindingClass::kModelBug:
      return "model-bug";
    case FindingClass::kImageDivergence:
      return "image-divergence";
    case FindingClass::kDocumentedBehaviour:
      return "documented-behaviour";
    case FindingClass::kParserBug:
      return "parser-bug";
    case FindingClass::kInfrastructure:
      return "infrastructure";
  }
  return "unknown";
}

}  // namespace vdsoconf::fuzz
