// What every subcommand's flags share, so the command line never surprises: names checked
// against the valid ones (listed, with the closest one suggested), numbers refused in words
// rather than with the type's limits, and examples at the end of each help page.
//
// Every refusal is a CLI::ValidationError, which main turns into exit 64 (kExitUsage) before
// anything is provisioned, booted or built.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace vdsoconf::cli {

// The candidate closest to `word` (edit distance), if it is close enough to be a typo of it;
// else empty.
std::string ClosestName(std::string_view word, const std::vector<std::string>& candidates);

// "unknown probe 'vdso.dif' (did you mean 'vdso.diff'?); valid: vdso.locate, ..."
std::string UnknownNameMessage(std::string_view kind, std::string_view word,
                               const std::vector<std::string>& valid);

// Values given repeatedly or comma-separated ("a,b" "c"), as one list without empty entries.
std::vector<std::string> SplitCommas(const std::vector<std::string>& values);

// Throws CLI::ValidationError(flag, UnknownNameMessage(...)) for the first of `given` (split at
// commas) that is not in `valid`.
void RequireNames(const std::string& flag, std::string_view kind,
                  const std::vector<std::string>& given, const std::vector<std::string>& valid);

// A value that must be a number of seconds above 0: "must be a positive number of seconds, not
// '-1'".
CLI::Validator PositiveSeconds();

// A whole number in [min, max]: "must be a whole number from 1 to 64, not '0'".
CLI::Validator WholeNumber(long long min, long long max);

// Ends `command`'s help with "Examples:" and these command lines. Every --flag an example uses
// must be declared on `command` (or a subcommand of it): a help page never shows an example that
// would be refused. Throws std::logic_error otherwise (a bug of vdsoconf, caught by the tests
// that print every help page).
void SetExamples(CLI::App& command, const std::vector<std::string>& examples);

// The command line as the user typed it, recorded verbatim in results.json ("command"): main
// sets it from argv (argv[0] written as "vdsoconf", each word shell-quoted where needed) before
// parsing, so no command rebuilds it from its flags.
void SetInvocation(int argc, const char* const* argv);
const std::string& Invocation();

}  // namespace vdsoconf::cli
