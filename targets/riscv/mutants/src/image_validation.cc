#include "vdsoconf/riscv/mutants/image_validation.h"

#include <fstream>
#include <iterator>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/riscv/image/byte_view.h"
#include "vdsoconf/riscv/image/elf_file.h"

namespace vdsoconf::riscv::mutants {
namespace {

constexpr std::uint8_t kSttFunc = 2;
constexpr std::uintmax_t kMaxImageFile = std::uintmax_t{64} << 20;

}  // namespace

const std::vector<std::string>& RequiredVdsoSymbols() {
  static const std::vector<std::string> symbols{"__vdso_rt_sigreturn",  "__vdso_gettimeofday",
                                                "__vdso_clock_gettime", "__vdso_clock_getres",
                                                "__vdso_getcpu",        "__vdso_flush_icache"};
  return symbols;
}

std::vector<std::string> VdsoImageProblems(std::span<const std::uint8_t> bytes) {
  ElfFile elf;
  try {
    elf = ParseElf(bytes);
  } catch (const InfraError& e) {
    return {std::string("not a parsable ELF: ") + e.what()};
  }
  std::vector<std::string> problems;
  if (elf.type != kEtDyn) problems.push_back("e_type " + std::to_string(elf.type) + ", not ET_DYN");
  if (elf.machine != kEmRiscv) {
    problems.push_back("e_machine " + std::to_string(elf.machine) + ", not RISC-V (243)");
  }
  const ElfSection* text = elf.FindSection(".text");
  if (text == nullptr || text->size == 0) problems.push_back("no .text section or an empty one");
  for (const std::string& name : RequiredVdsoSymbols()) {
    const DynamicSymbol* symbol = elf.FindSymbol(name);
    if (symbol == nullptr) {
      problems.push_back("does not export " + name);
    } else if (symbol->type != kSttFunc) {
      problems.push_back(name + " is symbol type " + std::to_string(symbol->type) +
                         ", not STT_FUNC");
    }
  }
  return problems;
}

std::vector<std::uint8_t> TextSection(std::span<const std::uint8_t> bytes) {
  const ElfFile elf = ParseElf(bytes);
  const ElfSection* text = elf.FindSection(".text");
  if (text == nullptr) throw ImageFormatError("the ELF object has no .text section");
  const ByteView contents = ByteView(bytes).Sub(text->offset, text->size, ".text");
  return {contents.bytes().begin(), contents.bytes().end()};
}

std::vector<std::uint8_t> ReadBinaryFile(const std::filesystem::path& path) {
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) throw InfraError("cannot read " + path.string() + ": " + ec.message());
  if (size > kMaxImageFile) {
    throw InfraError(path.string() + " is " + std::to_string(size) +
                     " bytes, too large for a vDSO image");
  }
  std::ifstream in(path, std::ios::binary);
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
  if (!in) throw InfraError("cannot read " + path.string());
  return bytes;
}

}  // namespace vdsoconf::riscv::mutants
