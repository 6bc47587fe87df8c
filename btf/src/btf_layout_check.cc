#include "vdsoconf/btf/btf_layout_check.h"

#include <cstdio>

#include "vdsoconf/btf/btf_blob.h"
#include "vdsoconf/btf/kernel_btf.h"
#include "vdsoconf/btf/layout_comparison.h"
#include "vdsoconf/live/check_builders.h"

namespace vdsoconf::btf {
namespace {

constexpr std::size_t kProblemsInMessage = 8;

std::string Hex(std::uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

struct GuestBtf {
  bool present = false;
  std::uint64_t size = 0;
  std::uint64_t hash = 0;
  nlohmann::json evidence;
};

// Throws live::ProbeDataError on a malformed document.
GuestBtf ReadGuestBtf(const live::ProbeDocument& probe) {
  const std::string path = std::string(kBtfProbeName) + ".data";
  GuestBtf guest;
  guest.present = live::Bool(probe.data, "present", path);
  guest.evidence = {{"path", live::Str(probe.data, "path", path)},
                    {"present", guest.present},
                    {"open_errno", live::I64(probe.data, "open_errno", path)}};
  if (!guest.present) return guest;
  const std::int64_t read_errno = live::I64(probe.data, "read_errno", path);
  if (read_errno != 0) {
    throw live::ProbeDataError("the guest could not read " +
                               guest.evidence["path"].get<std::string>() + ": errno " +
                               std::to_string(read_errno));
  }
  guest.size = live::U64(probe.data, "size", path);
  guest.hash = live::U64(probe.data, "fnv1a64", path);
  guest.evidence["size"] = guest.size;
  guest.evidence["fnv1a64"] = Hex(guest.hash);
  return guest;
}

struct HostBlob {
  std::filesystem::path file;
  std::uint64_t offset = 0;
  std::vector<std::uint8_t> bytes;
};

// The blob in `files` with the guest's size and hash; on failure, why (with every candidate).
ref::Result<HostBlob> FindRunningKernelsBlob(const std::vector<std::filesystem::path>& files,
                                             const GuestBtf& guest, nlohmann::json& candidates) {
  std::string searched;
  for (const auto& file : files) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error)) continue;
    searched += (searched.empty() ? "" : ", ") + file.string();
    auto bytes = ReadWholeFile(file);
    if (!bytes) return ref::Result<HostBlob>::Error(bytes.error());
    const std::span<const std::uint8_t> all(bytes.value());
    for (const BtfBlobLocation& blob : FindBtfBlobs(all)) {
      const auto view = all.subspan(blob.offset, blob.size);
      const std::uint64_t hash = Fnv1a64(view);
      candidates.push_back({{"file", file.string()},
                            {"offset", blob.offset},
                            {"size", blob.size},
                            {"fnv1a64", Hex(hash)}});
      if (blob.size == guest.size && hash == guest.hash) {
        return HostBlob{file, blob.offset, std::vector<std::uint8_t>(view.begin(), view.end())};
      }
    }
  }
  if (searched.empty()) {
    return ref::Result<HostBlob>::Error("none of the kernel files exists on the host");
  }
  if (candidates.empty()) {
    return ref::Result<HostBlob>::Error(
        "no BTF blob in " + searched + " although the kernel exposes " +
        std::to_string(guest.size) + " bytes (a compressed image? give the build's vmlinux)");
  }
  return ref::Result<HostBlob>::Error(
      "no BTF blob in " + searched + " has the running kernel's size " +
      std::to_string(guest.size) + " and FNV-1a " + Hex(guest.hash) +
      ": these files are not the booted kernel's");
}

std::string Summary(const LayoutComparison& comparison) {
  std::string text;
  std::size_t shown = 0, problems = 0;
  auto add = [&](const std::string& item) {
    ++problems;
    if (shown++ < kProblemsInMessage) text += (text.empty() ? "" : "; ") + item;
  };
  for (const auto& type : comparison.missing_types) add(type + " not in BTF");
  for (const auto& entry : comparison.fields) {
    if (!entry.problem.empty()) add(entry.name + ": " + entry.problem);
  }
  for (const auto& entry : comparison.structs) {
    if (!entry.problem.empty()) add(entry.name + " (struct): " + entry.problem);
  }
  for (const auto& scalar : comparison.btf_only) {
    add(scalar.kernel_type + "[" + std::to_string(scalar.element) + "]." + scalar.member +
        " (page " + std::to_string(scalar.page) + ", bit " +
        std::to_string(scalar.page_bit_offset) + ") is in BTF but not in the reference");
  }
  if (problems > kProblemsInMessage) {
    text += "; and " + std::to_string(problems - kProblemsInMessage) + " more (see evidence)";
  }
  return text;
}

nlohmann::json Differences(const LayoutComparison& comparison, bool expected) {
  nlohmann::json out = nlohmann::json::object();
  auto add = [&](const EntryComparison& entry) {
    if (entry.problem.empty()) return;
    if (expected) {
      out[entry.name] = {{"offset", entry.expected_offset}, {"size", entry.expected_size}};
    } else {
      out[entry.name] = {{"bit_offset", entry.btf_bit_offset ? nlohmann::json(*entry.btf_bit_offset)
                                                             : nlohmann::json(nullptr)},
                         {"bit_size", entry.btf_bit_size ? nlohmann::json(*entry.btf_bit_size)
                                                         : nlohmann::json(nullptr)},
                         {"problem", entry.problem}};
    }
  };
  for (const auto& entry : comparison.fields) add(entry);
  for (const auto& entry : comparison.structs) add(entry);
  return out;
}

}  // namespace

reports::CheckResult CheckLayoutAgainstBtf(const live::ProbeDocument* probe,
                                           const std::vector<std::filesystem::path>& kernel_files,
                                           std::optional<ref::LayoutVariant> variant) {
  const std::string id = kBtfCheckId;
  if (probe == nullptr || probe->status != "ok") {
    return live::ProbeDidNotFinish(id, probe, kBtfProbeName);
  }
  GuestBtf guest;
  try {
    guest = ReadGuestBtf(*probe);
  } catch (const live::ProbeDataError& error) {
    return live::Error(id, error.what());
  }
  nlohmann::json evidence = {{"guest", guest.evidence}};
  if (!guest.present) {
    return live::Skip(id,
                      "the kernel has no " + guest.evidence["path"].get<std::string>() +
                          " (built without CONFIG_DEBUG_INFO_BTF)",
                      evidence);
  }
  if (!variant) return live::Error(id, "no layout generation for this kernel release", evidence);
  auto layout = ref::FindLayout(*variant);
  if (!layout) return live::Error(id, layout.error(), evidence);

  nlohmann::json candidates = nlohmann::json::array();
  std::optional<HostBlob> blob;
  try {
    auto found = FindRunningKernelsBlob(kernel_files, guest, candidates);
    evidence["host_blobs"] = candidates;
    if (!found) return live::Error(id, found.error(), evidence);
    blob.emplace(std::move(found).value());
  } catch (const std::exception& error) {  // bad_alloc on a huge file, filesystem errors
    return live::Error(id, std::string("reading the kernel files: ") + error.what(), evidence);
  }
  evidence["blob"] = {{"file", blob->file.string()}, {"offset", blob->offset}};
  auto types = KernelBtf::Parse(blob->bytes);
  if (!types) return live::Error(id, types.error(), evidence);
  evidence["btf_types"] = types.value()->TypeCount();

  const LayoutComparison comparison = CompareLayoutWithBtf(*layout.value(), *types.value());
  evidence["comparison"] = ComparisonEvidence(comparison);
  const std::string counts = std::to_string(comparison.fields.size()) + " fields and " +
                             std::to_string(comparison.structs.size()) + " structs of layout " +
                             comparison.layout;
  if (comparison.Agrees() && comparison.missing_types.empty()) {
    return live::Pass(id, counts + " at the offsets and sizes the kernel's BTF gives", evidence);
  }
  nlohmann::json btf_only = evidence["comparison"]["btf_only"];
  return live::Fail(id, "the kernel's BTF disagrees with " + counts + ": " + Summary(comparison),
                    evidence,
                    {{"probe", kBtfProbeName},
                     {"inputs",
                      {{"file", blob->file.string()},
                       {"blob_offset", blob->offset},
                       {"layout", comparison.layout}}},
                     {"expected", Differences(comparison, true)},
                     {"observed",
                      {{"btf", Differences(comparison, false)},
                       {"btf_only", btf_only},
                       {"missing_types", comparison.missing_types}}}});
}

}  // namespace vdsoconf::btf
