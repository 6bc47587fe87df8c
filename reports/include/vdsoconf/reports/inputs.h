// Reading the results a report is generated from: files or run directories, merged into one
// document (a matrix run in CI often produces one results.json per kernel job).
#pragma once

#include <string>
#include <vector>

#include "vdsoconf/reports/results.h"

namespace vdsoconf::reports {

// Reads each path: a directory means <dir>/results.json, anything else is read as a results file.
// Throws ResultsError naming the path (missing, unreadable, not JSON, invalid, newer schema).
// Requires at least one path.
std::vector<ResultsDocument> ReadResultsInputs(const std::vector<std::string>& paths);

// One document holding every kernel and fuzzing campaign of `documents`, in order. Version,
// creation time and command come from the first document; when several were merged the command
// lists them separated by " ; ". An empty input gives an empty document.
ResultsDocument MergeResults(const std::vector<ResultsDocument>& documents);

}  // namespace vdsoconf::reports
