// A bounds-checked reader for little-endian ELF64 RISC-V shared objects (vDSO images).
//
// Hand-written rather than libelf so that every offset taken from the file is checked against
// the bytes we hold (the input is a slice of a kernel, often with more bytes after it, and may be
// corrupt). ParseElf throws ImageFormatError for anything it cannot trust.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "vdsoconf/riscv/image/byte_view.h"

namespace vdsoconf::riscv {

inline constexpr std::uint16_t kEmRiscv = 243;  // EM_RISCV
inline constexpr std::uint16_t kEtDyn = 3;      // ET_DYN

struct ElfSection {
  std::string name;
  std::uint32_t type = 0;  // SHT_*
  std::uint64_t flags = 0;
  std::uint64_t address = 0;
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  std::uint32_t link = 0;
  std::uint32_t info = 0;
  std::uint64_t alignment = 0;
  std::uint64_t entry_size = 0;
};

struct ElfSegment {
  std::uint32_t type = 0;  // PT_*
  std::uint32_t flags = 0;
  std::uint64_t offset = 0;
  std::uint64_t address = 0;
  std::uint64_t file_size = 0;
  std::uint64_t memory_size = 0;
};

// One entry of .dynsym with its version from .gnu.version/.gnu.version_d.
struct DynamicSymbol {
  std::string name;
  std::string version;          // "" when unversioned (versym 0/1 or no version sections)
  bool version_hidden = false;  // versym bit 15: "sym@VER" rather than "sym@@VER"
  std::uint64_t value = 0;
  std::uint64_t size = 0;
  std::uint8_t type = 0;     // STT_*
  std::uint8_t binding = 0;  // STB_*
  std::uint16_t section_index = 0;

  // A symbol a caller can look up: global or weak, defined, a function or object.
  bool IsExported() const;
};

struct ElfNote {
  std::string owner;  // "GNU", "Linux"
  std::uint32_t type = 0;
  std::vector<std::uint8_t> description;
};

// What a hash table (DT_GNU_HASH or DT_HASH) says about .dynsym.
struct HashTableCheck {
  bool present = false;
  // Exported symbols that a lookup through this table does not find, or finds at another index;
  // and the reason the table itself is unusable. Empty means the table agrees with .dynsym.
  std::vector<std::string> problems;
};

struct ElfFile {
  std::uint16_t type = 0;
  std::uint16_t machine = 0;
  std::uint64_t entry = 0;
  std::vector<ElfSection> sections;
  std::vector<ElfSegment> segments;
  std::vector<DynamicSymbol> dynamic_symbols;  // index order of .dynsym
  std::vector<ElfNote> notes;                  // from every SHT_NOTE section
  HashTableCheck gnu_hash;
  HashTableCheck sysv_hash;
  std::string soname;  // DT_SONAME, "" when absent
  // Bytes from offset 0 to the end of the furthest structure the headers describe (section
  // header table, section contents, program headers, segment contents).
  std::uint64_t extent = 0;

  // The section with this name, or nullptr.
  const ElfSection* FindSection(std::string_view name) const;
  // The exported symbol with this name, or nullptr.
  const DynamicSymbol* FindSymbol(std::string_view name) const;
};

// Parses an ELF64 little-endian object from the start of `bytes`. `bytes` may extend past the
// object (a slice of a kernel); `extent` says where the object ends. Requires EI_CLASS 64,
// EI_DATA LSB, a section header table; the caller decides what e_type/e_machine it accepts.
// Throws ImageFormatError on truncation, offsets outside `bytes`, or inconsistent tables.
ElfFile ParseElf(std::span<const std::uint8_t> bytes);

// The GNU (DT_GNU_HASH) and System V (DT_HASH) hash functions, as the dynamic loader computes them.
std::uint32_t GnuHash(std::string_view name);
std::uint32_t SysvHash(std::string_view name);

}  // namespace vdsoconf::riscv
