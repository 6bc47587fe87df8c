// ELF64 parsing with every offset checked; see elf_file.h.
#include "vdsoconf/riscv/image/elf_file.h"

#include <algorithm>
#include <map>

namespace vdsoconf::riscv {
namespace {

constexpr std::uint32_t kShtNobits = 8;
constexpr std::uint32_t kShtNote = 7;
constexpr std::uint32_t kShtDynsym = 11;
constexpr std::uint32_t kShtDynamic = 6;
constexpr std::uint32_t kShtGnuVerdef = 0x6ffffffd;
constexpr std::uint32_t kShtGnuVersym = 0x6fffffff;
constexpr std::uint32_t kPtLoad = 1;
constexpr std::int64_t kDtNull = 0;
constexpr std::int64_t kDtHash = 4;
constexpr std::int64_t kDtSoname = 14;
constexpr std::int64_t kDtGnuHash = 0x6ffffef5;
// Limits far above any real vDSO, so a corrupt count cannot make us loop for long.
constexpr std::uint64_t kMaxSections = 1024;
constexpr std::uint64_t kMaxSegments = 256;
constexpr std::uint64_t kMaxSymbols = 65536;

std::string Hex(std::uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
  return buffer;
}

std::uint64_t End(std::uint64_t offset, std::uint64_t size) {
  if (size > UINT64_MAX - offset) throw ImageFormatError("corrupt ELF: offset+size overflows");
  return offset + size;
}

void ReadHeaderTables(const ByteView& view, ElfFile& elf) {
  if (view.size() < 64) throw ImageFormatError("truncated ELF: header needs 64 bytes");
  const auto b = view.bytes();
  if (!(b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F')) {
    throw ImageFormatError("not an ELF file (no \\x7fELF magic)");
  }
  if (b[4] != 2 || b[5] != 1) {
    throw ImageFormatError("unsupported ELF: only ELF64 little-endian is read (class " +
                           std::to_string(b[4]) + ", data " + std::to_string(b[5]) + ")");
  }
  elf.type = view.U16(16, "e_type");
  elf.machine = view.U16(18, "e_machine");
  elf.entry = view.U64(24, "e_entry");
  const std::uint64_t phoff = view.U64(32, "e_phoff");
  const std::uint64_t shoff = view.U64(40, "e_shoff");
  const std::uint16_t phentsize = view.U16(54, "e_phentsize");
  const std::uint16_t phnum = view.U16(56, "e_phnum");
  const std::uint16_t shentsize = view.U16(58, "e_shentsize");
  const std::uint16_t shnum = view.U16(60, "e_shnum");
  const std::uint16_t shstrndx = view.U16(62, "e_shstrndx");

  if (shnum == 0 || shoff == 0) throw ImageFormatError("ELF without section headers");
  if (shentsize != 64)
    throw ImageFormatError("corrupt ELF: e_shentsize " + std::to_string(shentsize));
  if (shnum > kMaxSections) throw ImageFormatError("corrupt ELF: e_shnum " + std::to_string(shnum));
  if (phnum > kMaxSegments) throw ImageFormatError("corrupt ELF: e_phnum " + std::to_string(phnum));
  if (phnum != 0 && phentsize != 56) {
    throw ImageFormatError("corrupt ELF: e_phentsize " + std::to_string(phentsize));
  }
  ByteView table = view.Sub(shoff, std::uint64_t{shnum} * 64, "section header table");
  elf.extent = End(shoff, std::uint64_t{shnum} * 64);
  for (std::uint64_t i = 0; i < shnum; ++i) {
    const std::uint64_t at = i * 64;
    ElfSection s;
    s.type = table.U32(at + 4, "sh_type");
    s.flags = table.U64(at + 8, "sh_flags");
    s.address = table.U64(at + 16, "sh_addr");
    s.offset = table.U64(at + 24, "sh_offset");
    s.size = table.U64(at + 32, "sh_size");
    s.link = table.U32(at + 40, "sh_link");
    s.info = table.U32(at + 44, "sh_info");
    s.alignment = table.U64(at + 48, "sh_addralign");
    s.entry_size = table.U64(at + 56, "sh_entsize");
    if (s.type != kShtNobits && i != 0) {
      view.Sub(s.offset, s.size, "contents of section " + std::to_string(i));
      elf.extent = std::max(elf.extent, End(s.offset, s.size));
    }
    elf.sections.push_back(s);
  }
  if (shstrndx >= shnum) throw ImageFormatError("corrupt ELF: e_shstrndx out of range");
  const ElfSection& names = elf.sections[shstrndx];
  ByteView name_table = view.Sub(names.offset, names.size, "section name table");
  for (std::uint64_t i = 0; i < shnum; ++i) {
    const std::uint32_t name_offset = table.U32(i * 64, "sh_name");
    elf.sections[i].name = name_table.CString(name_offset, "section name");
  }
  if (phnum != 0) {
    ByteView ph = view.Sub(phoff, std::uint64_t{phnum} * 56, "program header table");
    elf.extent = std::max(elf.extent, End(phoff, std::uint64_t{phnum} * 56));
    for (std::uint64_t i = 0; i < phnum; ++i) {
      const std::uint64_t at = i * 56;
      ElfSegment seg;
      seg.type = ph.U32(at, "p_type");
      seg.flags = ph.U32(at + 4, "p_flags");
      seg.offset = ph.U64(at + 8, "p_offset");
      seg.address = ph.U64(at + 16, "p_vaddr");
      seg.file_size = ph.U64(at + 32, "p_filesz");
      seg.memory_size = ph.U64(at + 40, "p_memsz");
      view.Sub(seg.offset, seg.file_size, "contents of segment " + std::to_string(i));
      elf.extent = std::max(elf.extent, End(seg.offset, seg.file_size));
      elf.segments.push_back(seg);
    }
  }
}

// File offset of a virtual address, through the PT_LOAD segments (or, without them, sections).
std::uint64_t AddressToOffset(const ElfFile& elf, std::uint64_t address, std::string_view what) {
  for (const auto& seg : elf.segments) {
    if (seg.type == kPtLoad && address >= seg.address && address - seg.address < seg.file_size) {
      return seg.offset + (address - seg.address);
    }
  }
  for (const auto& s : elf.sections) {
    if (s.type != kShtNobits && s.address != 0 && address >= s.address &&
        address - s.address < s.size) {
      return s.offset + (address - s.address);
    }
  }
  throw ImageFormatError("corrupt ELF: " + std::string(what) + " address " + Hex(address) +
                         " is not inside any loaded segment");
}

const ElfSection& Linked(const ElfFile& elf, const ElfSection& s, std::string_view what) {
  if (s.link == 0 || s.link >= elf.sections.size()) {
    throw ImageFormatError("corrupt ELF: " + std::string(what) + " has sh_link " +
                           std::to_string(s.link) + " out of range");
  }
  return elf.sections[s.link];
}

void ReadVersionNames(const ByteView& view, const ElfFile& elf,
                      std::map<std::uint16_t, std::string>& names) {
  for (const auto& s : elf.sections) {
    if (s.type != kShtGnuVerdef) continue;
    ByteView defs = view.Sub(s.offset, s.size, ".gnu.version_d");
    const ElfSection& strtab = Linked(elf, s, ".gnu.version_d");
    ByteView strings = view.Sub(strtab.offset, strtab.size, "version strings");
    std::uint64_t at = 0;
    for (std::uint32_t n = 0; n < s.info && n < kMaxSymbols; ++n) {
      const std::uint16_t index = defs.U16(at + 4, "vd_ndx");
      const std::uint32_t aux = defs.U32(at + 12, "vd_aux");
      const std::uint32_t next = defs.U32(at + 16, "vd_next");
      const std::uint32_t name = defs.U32(End(at, aux), "vda_name");
      names[index & 0x7fff] = strings.CString(name, "version name");
      if (next == 0) break;
      at = End(at, next);
    }
  }
}

void ReadDynamicSymbols(const ByteView& view, ElfFile& elf) {
  const ElfSection* dynsym = nullptr;
  for (const auto& s : elf.sections) {
    if (s.type == kShtDynsym) dynsym = &s;
  }
  if (dynsym == nullptr) return;
  if (dynsym->entry_size != 24 || dynsym->size % 24 != 0 || dynsym->size / 24 > kMaxSymbols) {
    throw ImageFormatError("corrupt ELF: .dynsym entry size/count");
  }
  const std::uint64_t count = dynsym->size / 24;
  ByteView symbols = view.Sub(dynsym->offset, dynsym->size, ".dynsym");
  const ElfSection& strtab = Linked(elf, *dynsym, ".dynsym");
  ByteView strings = view.Sub(strtab.offset, strtab.size, ".dynstr");
  std::map<std::uint16_t, std::string> version_names;
  ReadVersionNames(view, elf, version_names);
  ByteView versym;
  for (const auto& s : elf.sections) {
    if (s.type == kShtGnuVersym) {
      if (s.size != count * 2)
        throw ImageFormatError("corrupt ELF: .gnu.version size != .dynsym count");
      versym = view.Sub(s.offset, s.size, ".gnu.version");
    }
  }
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::uint64_t at = i * 24;
    DynamicSymbol sym;
    sym.name = strings.CString(symbols.U32(at, "st_name"), "symbol name");
    const std::uint8_t info = symbols.U8(at + 4, "st_info");
    sym.type = info & 0xf;
    sym.binding = info >> 4;
    sym.section_index = symbols.U16(at + 6, "st_shndx");
    sym.value = symbols.U64(at + 8, "st_value");
    sym.size = symbols.U64(at + 16, "st_size");
    if (versym.size() != 0) {
      const std::uint16_t v = versym.U16(i * 2, "versym");
      sym.version_hidden = (v & 0x8000) != 0;
      const std::uint16_t index = v & 0x7fff;
      if (index > 1) {
        auto found = version_names.find(index);
        if (found == version_names.end()) {
          throw ImageFormatError("corrupt ELF: symbol " + sym.name + " has version index " +
                                 std::to_string(index) + " that .gnu.version_d does not define");
        }
        sym.version = found->second;
      }
    }
    elf.dynamic_symbols.push_back(std::move(sym));
  }
}

std::vector<ElfNote> ReadNoteSection(const ByteView& notes, std::uint64_t align) {
  auto pad = [align](std::uint64_t n) { return (n + align - 1) / align * align; };
  std::vector<ElfNote> result;
  std::uint64_t at = 0;
  while (at + 12 <= notes.size()) {
    // An 8-aligned note (the GNU property) after a 4-padded one leaves a zero word of padding;
    // a real note never has an empty name here.
    if (align == 4 && at % 8 == 4 && notes.U32(at, "n_namesz") == 0) {
      at += 4;
      continue;
    }
    const std::uint32_t name_size = notes.U32(at, "n_namesz");
    const std::uint32_t desc_size = notes.U32(at + 4, "n_descsz");
    ElfNote note;
    note.type = notes.U32(at + 8, "n_type");
    const std::uint64_t name_at = at + 12;
    ByteView name = notes.Sub(name_at, name_size, "note name");
    note.owner.assign(name.bytes().begin(), name.bytes().end());
    while (!note.owner.empty() && note.owner.back() == '\0') note.owner.pop_back();
    const std::uint64_t desc_at = name_at + pad(name_size);
    ByteView desc = notes.Sub(desc_at, desc_size, "note description");
    note.description.assign(desc.bytes().begin(), desc.bytes().end());
    result.push_back(std::move(note));
    at = desc_at + pad(desc_size);
  }
  return result;
}

// The vDSO's .note output section concatenates 4-byte-padded notes (note.S, the build id) with
// the 8-aligned GNU property note of the CFI build, so its sh_addralign is 8 while most padding
// is 4 (readelf 2.40 misreads it). We parse with 4-byte padding, skipping the alignment gap
// before an 8-aligned note, and fall back to uniform 8-byte padding.
void ReadNotes(const ByteView& view, ElfFile& elf) {
  for (const auto& s : elf.sections) {
    if (s.type != kShtNote) continue;
    ByteView notes = view.Sub(s.offset, s.size, "note section " + s.name);
    std::vector<ElfNote> parsed;
    try {
      parsed = ReadNoteSection(notes, 4);
    } catch (const ImageFormatError&) {
      parsed = ReadNoteSection(notes, 8);
    }
    for (auto& note : parsed) elf.notes.push_back(std::move(note));
  }
}

std::uint64_t DynamicValue(const ByteView& view, const ElfFile& elf, std::int64_t tag,
                           bool& found) {
  found = false;
  for (const auto& s : elf.sections) {
    if (s.type != kShtDynamic) continue;
    ByteView dynamic = view.Sub(s.offset, s.size, ".dynamic");
    for (std::uint64_t at = 0; at + 16 <= dynamic.size(); at += 16) {
      const auto t = static_cast<std::int64_t>(dynamic.U64(at, "d_tag"));
      if (t == kDtNull) break;
      if (t == tag) {
        found = true;
        return dynamic.U64(at + 8, "d_val");
      }
    }
  }
  return 0;
}

// Looks each exported symbol up through DT_GNU_HASH (bloom filter, bucket, chain) exactly as
// ld.so would, and records every disagreement with .dynsym.
void CheckGnuHash(const ByteView& view, ElfFile& elf) {
  bool found = false;
  const std::uint64_t address = DynamicValue(view, elf, kDtGnuHash, found);
  if (!found) return;
  elf.gnu_hash.present = true;
  auto& problems = elf.gnu_hash.problems;
  try {
    const std::uint64_t offset = AddressToOffset(elf, address, "DT_GNU_HASH");
    ByteView table = view.Sub(offset, view.size() - offset, "DT_GNU_HASH");
    const std::uint32_t nbuckets = table.U32(0, "gnu nbuckets");
    const std::uint32_t symoffset = table.U32(4, "gnu symoffset");
    const std::uint32_t bloom_size = table.U32(8, "gnu bloom size");
    const std::uint32_t bloom_shift = table.U32(12, "gnu bloom shift");
    if (nbuckets == 0 || bloom_size == 0) {
      problems.push_back("DT_GNU_HASH has zero buckets or bloom words");
      return;
    }
    const std::uint64_t buckets_at = 16 + std::uint64_t{bloom_size} * 8;
    const std::uint64_t chains_at = buckets_at + std::uint64_t{nbuckets} * 4;
    const std::uint64_t count = elf.dynamic_symbols.size();
    for (std::uint64_t index = 0; index < count; ++index) {
      const DynamicSymbol& sym = elf.dynamic_symbols[index];
      if (!sym.IsExported()) continue;
      if (index < symoffset) {
        problems.push_back(sym.name + " (index " + std::to_string(index) +
                           ") lies below symoffset " + std::to_string(symoffset));
        continue;
      }
      const std::uint32_t h = GnuHash(sym.name);
      const std::uint64_t word = table.U64(16 + (h / 64 % bloom_size) * 8, "gnu bloom word");
      const std::uint64_t mask = (1ull << (h % 64)) | (1ull << ((h >> (bloom_shift % 32)) % 64));
      if ((word & mask) != mask) {
        problems.push_back(sym.name + ": bloom filter rejects it");
        continue;
      }
      std::uint64_t i = table.U32(buckets_at + (h % nbuckets) * 4, "gnu bucket");
      std::optional<std::uint64_t> located;
      while (i != 0 && i >= symoffset && i < count) {
        const std::uint32_t chain = table.U32(chains_at + (i - symoffset) * 4, "gnu chain");
        if ((chain | 1) == (h | 1) && elf.dynamic_symbols[i].name == sym.name) {
          located = i;
          break;
        }
        if (chain & 1) break;
        ++i;
      }
      if (!located) {
        problems.push_back(sym.name + ": not reachable through its bucket/chain");
      } else if (*located != index) {
        problems.push_back(sym.name + ": lookup finds index " + std::to_string(*located) +
                           " instead of " + std::to_string(index));
      }
    }
  } catch (const ImageFormatError& e) {
    problems.push_back(std::string("DT_GNU_HASH unreadable: ") + e.what());
  }
}

void CheckSysvHash(const ByteView& view, ElfFile& elf) {
  bool found = false;
  const std::uint64_t address = DynamicValue(view, elf, kDtHash, found);
  if (!found) return;
  elf.sysv_hash.present = true;
  auto& problems = elf.sysv_hash.problems;
  try {
    const std::uint64_t offset = AddressToOffset(elf, address, "DT_HASH");
    ByteView table = view.Sub(offset, view.size() - offset, "DT_HASH");
    const std::uint32_t nbucket = table.U32(0, "nbucket");
    const std::uint32_t nchain = table.U32(4, "nchain");
    const std::uint64_t count = elf.dynamic_symbols.size();
    if (nbucket == 0) {
      problems.push_back("DT_HASH has zero buckets");
      return;
    }
    if (nchain != count) {
      problems.push_back("DT_HASH nchain " + std::to_string(nchain) + " != .dynsym count " +
                         std::to_string(count));
    }
    const std::uint64_t chains_at = 8 + std::uint64_t{nbucket} * 4;
    for (std::uint64_t index = 0; index < count; ++index) {
      const DynamicSymbol& sym = elf.dynamic_symbols[index];
      if (!sym.IsExported()) continue;
      const std::uint32_t h = SysvHash(sym.name);
      std::uint64_t i = table.U32(8 + (h % nbucket) * 4, "bucket");
      bool located = false;
      for (std::uint64_t steps = 0; i != 0 && i < nchain && steps <= nchain; ++steps) {
        if (i < count && elf.dynamic_symbols[i].name == sym.name) {
          located = i == index;
          break;
        }
        i = table.U32(chains_at + i * 4, "chain");
      }
      if (!located) problems.push_back(sym.name + ": DT_HASH lookup does not find its index");
    }
  } catch (const ImageFormatError& e) {
    problems.push_back(std::string("DT_HASH unreadable: ") + e.what());
  }
}

}  // namespace

bool DynamicSymbol::IsExported() const {
  const bool global_or_weak = binding == 1 || binding == 2;
  const bool function_or_object = type == 1 || type == 2;
  // SHN_ABS entries are the version-definition symbols (LINUX_4.15), not entry points.
  constexpr std::uint16_t kShnAbs = 0xfff1;
  return global_or_weak && function_or_object && section_index != 0 && section_index != kShnAbs &&
         !name.empty();
}

const ElfSection* ElfFile::FindSection(std::string_view name) const {
  for (const auto& s : sections) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const DynamicSymbol* ElfFile::FindSymbol(std::string_view name) const {
  for (const auto& s : dynamic_symbols) {
    if (s.name == name && s.IsExported()) return &s;
  }
  return nullptr;
}

std::uint32_t GnuHash(std::string_view name) {
  std::uint32_t h = 5381;
  for (unsigned char c : name) h = h * 33 + c;
  return h;
}

std::uint32_t SysvHash(std::string_view name) {
  std::uint32_t h = 0;
  for (unsigned char c : name) {
    h = (h << 4) + c;
    const std::uint32_t g = h & 0xf0000000u;
    if (g != 0) h ^= g >> 24;
    h &= ~g;
  }
  return h;
}

ElfFile ParseElf(std::span<const std::uint8_t> bytes) {
  ByteView view(bytes);
  ElfFile elf;
  ReadHeaderTables(view, elf);
  // Everything below reads only inside the object, never the bytes that follow it in a kernel.
  ByteView object = view.Sub(0, elf.extent, "ELF object");
  ReadDynamicSymbols(object, elf);
  ReadNotes(object, elf);
  bool found = false;
  const std::uint64_t soname = DynamicValue(object, elf, kDtSoname, found);
  if (found) {
    for (const auto& s : elf.sections) {
      if (s.type == kShtDynsym) {
        const ElfSection& strtab = Linked(elf, s, ".dynsym");
        elf.soname = object.Sub(strtab.offset, strtab.size, ".dynstr").CString(soname, "DT_SONAME");
      }
    }
  }
  CheckGnuHash(object, elf);
  CheckSysvHash(object, elf);
  return elf;
}

}  // namespace vdsoconf::riscv
