// `vdsoconf extract --kernel PATH --out DIR`: every vDSO image in a kernel file of the default
// target's architecture, written as DIR/vdso-N[-cfi].so plus DIR/vdso-images.json describing
// them (symbols, versions, sizes, sha256, CFI build, vvar pages, generation guess). Bad input
// exits 2 with the reason.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli_support.h"
#include "command_registry.h"
#include "kernel_argument.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/targets/image_extractor.h"
#include "vdsoconf/targets/target.h"

namespace {

struct ExtractFlags {
  std::string kernel;
  std::string out;
};

void WriteFile(const std::filesystem::path& path, const void* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out) throw vdsoconf::InfraError("cannot write " + path.string());
}

void RunExtract(const ExtractFlags& flags) {
  const auto& extractor = vdsoconf::targets::DefaultTarget().Images();
  const auto extracted = extractor.Extract(vdsoconf::cli::ResolveKernelArgument(flags.kernel));
  std::filesystem::create_directories(flags.out);
  nlohmann::json summary = {{"kernel", flags.kernel},
                            {"images", nlohmann::json::array()},
                            {"rejected_candidates", extracted.rejected}};
  for (const auto& image : extracted.images) {
    const std::string name = image->Name() + ".so";
    const auto bytes = image->Bytes();
    WriteFile(std::filesystem::path(flags.out) / name, bytes.data(), bytes.size());
    summary["images"].push_back(image->Describe(name));
    std::cout << name << ": " << bytes.size() << " bytes at offset " << image->SourceOffset()
              << ", " << image->ExportedSymbolCount() << " symbols, generation "
              << image->Generation() << (image->IsCfiBuild() ? ", CFI build" : "") << "\n";
  }
  const std::string json = summary.dump(2) + "\n";
  WriteFile(std::filesystem::path(flags.out) / "vdso-images.json", json.data(), json.size());
  vdsoconf::cli::SetExitCode(vdsoconf::kExitPass);
}

const vdsoconf::cli::Registration kRegistration{
    "extract", [](CLI::App& root) {
      auto flags = std::make_shared<ExtractFlags>();
      auto* command = root.add_subcommand(
          "extract", "Extract the vDSO images from a " +
                         std::string(vdsoconf::targets::DefaultTarget().Title()) + " kernel");
      command
          ->add_option("--kernel", flags->kernel,
                       std::string(vdsoconf::cli::kKernelArgumentHelp) +
                           ": PE/EFI Image, plain or compressed Image, vmlinux, or vdso.so")
          ->required();
      command->add_option("--out", flags->out, "Directory for the .so files and vdso-images.json")
          ->required();
      vdsoconf::cli::SetExamples(*command,
                                 {"vdsoconf extract --kernel debian:latest --out vdso-images",
                                  "vdsoconf extract --kernel /boot/vmlinuz --out vdso-images"});
      command->callback([flags] { RunExtract(*flags); });
    }};

}  // namespace
