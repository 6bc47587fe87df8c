// The check registry and the guarded run of one check.
#include "vdsoconf/riscv/check/image_check.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "vdsoconf/core/exit_code.h"

namespace vdsoconf::riscv::check {
namespace {

// A function-local static: registrations run during static initialisation of other files, in
// an unspecified order, so the vector must be constructed on first use.
std::vector<ImageCheck>& Registry() {
  static std::vector<ImageCheck> checks;
  return checks;
}

}  // namespace

CheckRegistration::CheckRegistration(ImageCheck check) {
  auto& checks = Registry();
  for (const auto& existing : checks) {
    if (existing.name == check.name) {
      std::fprintf(stderr, "vdsoconf: image check %s registered twice\n", check.name.c_str());
      std::abort();
    }
  }
  checks.push_back(std::move(check));
  std::stable_sort(checks.begin(), checks.end(), [](const ImageCheck& a, const ImageCheck& b) {
    return a.order != b.order ? a.order < b.order : a.name < b.name;
  });
}

const std::vector<ImageCheck>& RegisteredChecks() {
  return Registry();
}

std::optional<std::uint64_t> CheckContext::Entry(std::string_view symbol) const {
  for (const auto& exported : image.ExportedSymbols()) {
    if (exported.name == symbol) return exported.value;
  }
  return std::nullopt;
}

CheckOutcome RunCheck(const ImageCheck& check, const CheckContext& context) {
  return GuardedRun(check.name, [&] { return check.run(context); });
}

CheckOutcome GuardedRun(const std::string& name, const std::function<CheckOutcome()>& body) {
  const auto start = std::chrono::steady_clock::now();
  CheckOutcome outcome;
  try {
    outcome = body();
  } catch (const InfraError&) {
    throw;
  } catch (const std::exception& error) {
    // A bug in the check, not a verdict on the image: kError keeps the run failing visibly.
    outcome = {};
    outcome.result.status = reports::CheckStatus::kError;
    outcome.result.message = std::string("the check itself failed: ") + error.what();
  }
  outcome.result.id = name;
  outcome.result.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return outcome;
}

}  // namespace vdsoconf::riscv::check
