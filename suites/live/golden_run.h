// The real capture in data/: the agent's documents from a Debian 7.2.13 boot, decoded by the
// runner's framing decoder, plus the vvar.dump evidence parsed and decoded as generation 7.2.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "vdsoconf/live/vvar_observation.h"

namespace vdsoconf::live::testing {

std::string ReadDataFile(const std::string& name);
// The valid documents of a console capture in data/.
nlohmann::json DocumentsFromConsole(const std::string& name);
// The golden run's documents.
const nlohmann::json& GoldenDocuments();
// Its vvar.dump data, parsed.
VvarDump GoldenDump();
// Its snapshots decoded as 7.2.
std::vector<ref::DecodedVvar> GoldenDecoded();
// The data object of probe `probe` in `documents` (a mutable copy is what tests change).
nlohmann::json& ProbeData(nlohmann::json& documents, const std::string& probe);

}  // namespace vdsoconf::live::testing
