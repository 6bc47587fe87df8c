#include "cli_support.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "vdsoconf/reports/findings.h"

namespace vdsoconf::cli {
namespace {

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string Join(const std::vector<std::string>& names) {
  std::string joined;
  for (const auto& name : names) joined += (joined.empty() ? "" : ", ") + name;
  return joined;
}

// The --flags of an example command line ("--out" of "--out=DIR" too).
std::vector<std::string> FlagsOf(const std::string& example) {
  std::vector<std::string> flags;
  std::istringstream words(example);
  for (std::string word; words >> word;) {
    if (word.rfind("--", 0) == 0 && word.size() > 2)
      flags.push_back(word.substr(0, word.find('=')));
  }
  return flags;
}

bool Declares(const CLI::App& command, const std::string& flag) {
  if (flag == "--help") return true;
  if (command.get_option_no_throw(flag) != nullptr) return true;
  for (const CLI::App* sub : command.get_subcommands([](const CLI::App*) { return true; })) {
    if (Declares(*sub, flag)) return true;
  }
  return false;
}

}  // namespace

std::string ClosestName(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    const std::size_t distance = EditDistance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string UnknownNameMessage(std::string_view kind, std::string_view word,
                               const std::vector<std::string>& valid) {
  std::string message = "unknown " + std::string(kind) + " '" + std::string(word) + "'";
  if (const std::string closest = ClosestName(word, valid); !closest.empty()) {
    message += " (did you mean '" + closest + "'?)";
  }
  return message + "; valid: " + Join(valid);
}

std::vector<std::string> SplitCommas(const std::vector<std::string>& values) {
  std::vector<std::string> names;
  for (const auto& value : values) {
    std::size_t start = 0;
    while (start <= value.size()) {
      const std::size_t comma = std::min(value.find(',', start), value.size());
      if (comma > start) names.push_back(value.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return names;
}

void RequireNames(const std::string& flag, std::string_view kind,
                  const std::vector<std::string>& given, const std::vector<std::string>& valid) {
  for (const auto& name : SplitCommas(given)) {
    if (std::find(valid.begin(), valid.end(), name) == valid.end()) {
      throw CLI::ValidationError(flag, UnknownNameMessage(kind, name, valid));
    }
  }
}

CLI::Validator PositiveSeconds() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double value = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (error == std::errc() && end == text.data() + text.size() && std::isfinite(value) &&
            value > 0) {
          return "";
        }
        return "must be a positive number of seconds, not '" + text + "'";
      },
      "SECONDS>0");
}

CLI::Validator WholeNumber(long long min, long long max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        long long value = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (error == std::errc() && end == text.data() + text.size() && value >= min &&
            value <= max) {
          return "";
        }
        return "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
               ", not '" + text + "'";
      },
      std::to_string(min) + ".." + std::to_string(max));
}

void SetExamples(CLI::App& command, const std::vector<std::string>& examples) {
  std::string footer = "\nExamples:\n";
  for (const auto& example : examples) {
    for (const auto& flag : FlagsOf(example)) {
      if (!Declares(command, flag)) {
        throw std::logic_error("the help example '" + example + "' of " + command.get_name() +
                               " uses " + flag + ", which it does not declare");
      }
    }
    footer += "  " + example + "\n";
  }
  command.footer(footer);
}

namespace {
std::string& InvocationText() {
  static std::string text = "vdsoconf";
  return text;
}
}  // namespace

void SetInvocation(int argc, const char* const* argv) {
  std::string line = "vdsoconf";
  for (int i = 1; i < argc; ++i) line += " " + reports::ShellWord(argv[i]);
  InvocationText() = line;
}

const std::string& Invocation() {
  return InvocationText();
}

}  // namespace vdsoconf::cli
