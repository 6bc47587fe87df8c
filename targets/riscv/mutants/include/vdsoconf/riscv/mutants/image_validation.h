// Checks on a vdso.so built from (patched) kernel sources: it must be a real vDSO image, and a
// mutant must differ from the unpatched baseline in its code.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace vdsoconf::riscv::mutants {

// The entry points every RISC-V vDSO from 6.1 on exports (arch/riscv/kernel/vdso/vdso.lds.S).
const std::vector<std::string>& RequiredVdsoSymbols();

// What is wrong with `bytes` as a RISC-V vDSO image, one item per problem; empty when it is an
// ELF64 little-endian RISC-V ET_DYN object with a non-empty .text that exports every
// RequiredVdsoSymbols() entry as a function. Never throws for bad bytes: a parse error is one
// problem ("not a parsable ELF: ...").
std::vector<std::string> VdsoImageProblems(std::span<const std::uint8_t> bytes);

// The contents of the .text section of the ELF object in `bytes`. Throws ImageFormatError
// (an InfraError) when the bytes do not parse or have no .text.
std::vector<std::uint8_t> TextSection(std::span<const std::uint8_t> bytes);

// The whole file. Throws InfraError when it cannot be read or is larger than 64 MiB.
std::vector<std::uint8_t> ReadBinaryFile(const std::filesystem::path& path);

}  // namespace vdsoconf::riscv::mutants
