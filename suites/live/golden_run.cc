#include "golden_run.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "vdsoconf/runner/framing.h"

namespace vdsoconf::live::testing {

std::string ReadDataFile(const std::string& name) {
  std::ifstream in(std::string(VDSOCONF_LIVE_DATA_DIR) + "/" + name, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read test data " + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

nlohmann::json DocumentsFromConsole(const std::string& name) {
  return runner::DecodeConsole(ReadDataFile(name)).ValidBodies();
}

const nlohmann::json& GoldenDocuments() {
  static const nlohmann::json documents = DocumentsFromConsole("debian-7.2.13-agent-console.log");
  return documents;
}

VvarDump GoldenDump() {
  nlohmann::json documents = GoldenDocuments();
  return ParseVvarDump(ProbeData(documents, "vvar.dump"));
}

std::vector<ref::DecodedVvar> GoldenDecoded() {
  return DecodeSnapshots(GoldenDump(), {ref::Generation::kLinux7_2, false});
}

nlohmann::json& ProbeData(nlohmann::json& documents, const std::string& probe) {
  for (nlohmann::json& document : documents) {
    if (document.value("probe", "") == probe) return document["data"];
  }
  throw std::runtime_error("no document for probe " + probe);
}

}  // namespace vdsoconf::live::testing
