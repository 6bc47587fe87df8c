// Property: reading a results.json (reports::FromJson after nlohmann::json::parse) never crashes
// or hits undefined behaviour on any bytes: bad input is a ResultsError or a parse error, and a
// document that was accepted survives ToJson -> FromJson -> ToJson unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "vdsoconf/reports/results.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace vdsoconf::reports;
  const nlohmann::json json = nlohmann::json::parse(data, data + size, nullptr, false);
  if (json.is_discarded()) return 0;
  try {
    const ResultsDocument document = FromJson(json);
    const nlohmann::json once = ToJson(document);
    const nlohmann::json twice = ToJson(FromJson(once));
    if (once != twice) {
      std::fprintf(stderr, "vdsoconf-model-invariant: results-json-round-trip: differs\n");
      std::abort();
    }
  } catch (const ResultsError&) {
    // The documented way to reject a document.
  }
  return 0;
}
