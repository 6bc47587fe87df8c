#include "vdsoconf/reports/inputs.h"

#include <filesystem>

namespace vdsoconf::reports {

std::vector<ResultsDocument> ReadResultsInputs(const std::vector<std::string>& paths) {
  if (paths.empty()) throw ResultsError("results: no input given");
  std::vector<ResultsDocument> documents;
  for (const auto& path : paths) {
    std::error_code error;
    bool directory = std::filesystem::is_directory(path, error);
    std::string file = directory ? (std::filesystem::path(path) / "results.json").string() : path;
    if (!std::filesystem::exists(file, error)) {
      throw ResultsError("results: " + file + " does not exist" +
                         (directory ? " (the directory has no results.json)" : ""));
    }
    documents.push_back(ReadResults(file));
  }
  return documents;
}

ResultsDocument MergeResults(const std::vector<ResultsDocument>& documents) {
  ResultsDocument merged;
  for (std::size_t i = 0; i < documents.size(); ++i) {
    const ResultsDocument& document = documents[i];
    if (i == 0) {
      merged.schema_version = document.schema_version;
      merged.vdsoconf_version = document.vdsoconf_version;
      merged.created = document.created;
      merged.command = document.command;
    } else if (!document.command.empty()) {
      merged.command += " ; " + document.command;
    }
    merged.kernels.insert(merged.kernels.end(), document.kernels.begin(), document.kernels.end());
    merged.fuzzing.insert(merged.fuzzing.end(), document.fuzzing.begin(), document.fuzzing.end());
  }
  return merged;
}

}  // namespace vdsoconf::reports
