// `vdsoconf extract --kernel PATH --out DIR`: every vDSO image in a RISC-V kernel file, written
// as DIR/vdso-N[-cfi].so plus DIR/vdso-images.json describing them (symbols, versions, sizes,
// sha256, CFI build, vvar pages, generation guess). Bad input exits 2 with the reason.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli_support.h"
#include "command_registry.h"
#include "kernel_argument.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/riscv/image/image_summary.h"
#include "vdsoconf/riscv/image/kernel_scan.h"

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
  using namespace vdsoconf::riscv;
  const ScanResult scan = ExtractVdsoImages(vdsoconf::cli::ResolveKernelArgument(flags.kernel));
  std::filesystem::create_directories(flags.out);
  nlohmann::json summary = {{"kernel", flags.kernel},
                            {"images", nlohmann::json::array()},
                            {"rejected_candidates", scan.rejected}};
  for (std::size_t i = 0; i < scan.images.size(); ++i) {
    const VdsoImage& image = scan.images[i];
    const std::string name =
        "vdso-" + std::to_string(i) + (image.cfi.IsCfiBuild() ? "-cfi" : "") + ".so";
    WriteFile(std::filesystem::path(flags.out) / name, image.bytes.data(), image.bytes.size());
    summary["images"].push_back(SummarizeImage(image, name));
    std::cout << name << ": " << image.bytes.size() << " bytes at offset " << image.source_offset
              << ", " << image.ExportedSymbols().size() << " symbols, generation "
              << (image.generation ? std::string(vdsoconf::ref::GenerationName(*image.generation))
                                   : std::string("unknown"))
              << (image.cfi.IsCfiBuild() ? ", CFI build" : "") << "\n";
  }
  const std::string json = summary.dump(2) + "\n";
  WriteFile(std::filesystem::path(flags.out) / "vdso-images.json", json.data(), json.size());
  vdsoconf::cli::SetExitCode(vdsoconf::kExitPass);
}

const vdsoconf::cli::Registration kRegistration{
    "extract", [](CLI::App& root) {
      auto flags = std::make_shared<ExtractFlags>();
      auto* command =
          root.add_subcommand("extract", "Extract the vDSO images from a RISC-V kernel");
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
