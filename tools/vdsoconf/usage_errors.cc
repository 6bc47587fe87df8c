#include "usage_errors.h"

#include <algorithm>
#include <sstream>

#include "cli_support.h"

namespace vdsoconf::cli {
namespace {

// The deepest subcommand the command line selected ("vdsoconf kernels fetch": fetch).
const CLI::App* SelectedCommand(const CLI::App* app) {
  for (const CLI::App* sub : app->get_subcommands()) return SelectedCommand(sub);
  return app;
}

// "vdsoconf run" for run, "vdsoconf" for the root.
std::string CommandPath(const CLI::App* app) {
  std::string path = app->get_name();
  for (const CLI::App* parent = app->get_parent(); parent != nullptr;
       parent = parent->get_parent()) {
    path = parent->get_name() + " " + path;
  }
  return path;
}

std::vector<std::string> OptionNames(const CLI::App* app) {
  std::vector<std::string> names{"--help"};
  for (const CLI::Option* option : app->get_options()) {
    for (const auto& name : option->get_lnames()) names.push_back("--" + name);
  }
  return names;
}

std::vector<std::string> SubcommandNames(const CLI::App* app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app->get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  return names;
}

// Why `word`, left over on `app`'s command line, was not understood.
std::string UnexpectedWord(const CLI::App* app, const std::string& word) {
  if (word.rfind("-", 0) == 0 && word.size() > 1) {
    const std::string flag = word.substr(0, word.find('='));
    std::string message = "unknown option '" + flag + "'";
    if (const std::string closest = ClosestName(flag, OptionNames(app)); !closest.empty()) {
      message += " (did you mean '" + closest + "'?)";
    }
    return message;
  }
  if (const auto subcommands = SubcommandNames(app); !subcommands.empty()) {
    return UnknownNameMessage("subcommand", word, subcommands);
  }
  return "unexpected argument '" + word + "'";
}

// The words an ExtrasError names: once it is thrown, CLI11 keeps them only in its message
// ("The following arguments were not expected: 5 --timout").
std::vector<std::string> WordsOf(const CLI::Error& error) {
  const std::string text = error.what();
  std::vector<std::string> words;
  const std::size_t colon = text.find(": ");
  if (colon == std::string::npos) return words;
  std::istringstream rest(text.substr(colon + 2));
  for (std::string word; rest >> word;) words.push_back(word);
  return words;
}

}  // namespace

std::string UsageErrorMessage(const CLI::App* root, const CLI::Error& error) {
  const CLI::App* command = SelectedCommand(root);
  // CLI11 may leave an unknown word with the parent of the command that did not take it.
  std::vector<std::string> left_over = command->remaining();
  if (left_over.empty()) left_over = root->remaining(true);
  // (ExtrasError's get_name() is the app's name, not the error's: ask the type.)
  const bool extras = dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr;
  const bool required = dynamic_cast<const CLI::RequiredError*>(&error) != nullptr;
  if (left_over.empty() && extras) left_over = WordsOf(error);
  // A flag says more than the value after it ("--timout 5" leaves "5" and "--timout").
  std::stable_partition(left_over.begin(), left_over.end(),
                        [](const std::string& word) { return word.rfind("-", 0) == 0; });
  std::string message;
  if ((extras || required) && !left_over.empty()) {
    message = UnexpectedWord(command, left_over.front());
  } else if (required && command->get_require_subcommand_min() > 0 &&
             command->get_subcommands().empty()) {
    message = "a subcommand is required: " + [&] {
      std::string names;
      for (const auto& name : SubcommandNames(command)) names += (names.empty() ? "" : ", ") + name;
      return names;
    }();
  } else {
    message = error.what();
  }
  return CommandPath(command) + ": " + message + "\nRun '" + CommandPath(command) +
         " --help' for usage.\n";
}

}  // namespace vdsoconf::cli
