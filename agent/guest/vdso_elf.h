// The vDSO's ELF dynamic tables read the way a dynamic loader reads them: through PT_DYNAMIC, the
// string/symbol tables it names, the version tables, and a lookup through the image's own hash
// tables (DT_GNU_HASH, else DT_HASH). Every read is bounds-checked against the mapping, so a
// malformed image gives an error rather than a crash. Header-only: the agent is one static
// program and the probes that call into the vDSO share this with vdso.symbols.
#pragma once

#include <elf.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace vdsoconf::agent {

class MappedImage {
 public:
  MappedImage(std::uint64_t base, std::uint64_t size) : base_(base), size_(size) {}

  // A pointer to `count` objects of T at image offset `offset`, or nullptr if out of range.
  template <typename T>
  const T* At(std::uint64_t offset, std::uint64_t count = 1) const {
    if (offset > size_ || count > (size_ - offset) / sizeof(T)) return nullptr;
    return reinterpret_cast<const T*>(base_ + offset);
  }
  // The NUL-terminated string at `offset`, or nullopt if it runs off the image.
  std::optional<std::string> StringAt(std::uint64_t offset) const {
    if (offset >= size_) return std::nullopt;
    const char* begin = reinterpret_cast<const char*>(base_ + offset);
    const void* nul = std::memchr(begin, 0, size_ - offset);
    if (nul == nullptr) return std::nullopt;
    return std::string(begin, static_cast<const char*>(nul));
  }

 private:
  std::uint64_t base_;
  std::uint64_t size_;
};

struct DynamicTables {
  std::uint64_t bias = 0;  // image offset = vaddr - bias
  std::uint64_t strtab = 0, symtab = 0, strsz = 0;
  std::optional<std::uint64_t> gnu_hash, sysv_hash, versym, verdef;
  std::uint64_t verdefnum = 0;
};

struct VersionDef {
  std::uint16_t index = 0;
  std::uint16_t flags = 0;
  std::string name;
};

struct Symbol {
  std::uint32_t index = 0;
  std::string name;
  std::optional<std::string> version;
  bool hidden = false;
  const Elf64_Sym* sym = nullptr;
};

class SymbolReader {
 public:
  SymbolReader(const MappedImage& image, std::string& error) : image_(image), error_(error) {}

  bool ReadDynamic() {
    const auto* ehdr = image_.At<Elf64_Ehdr>(0);
    if (ehdr == nullptr || std::memcmp(ehdr->e_ident, ELFMAG, SELFMAG) != 0 ||
        ehdr->e_ident[EI_CLASS] != ELFCLASS64) {
      return Fail("not a 64-bit ELF image");
    }
    const auto* phdrs = image_.At<Elf64_Phdr>(ehdr->e_phoff, ehdr->e_phnum);
    if (phdrs == nullptr) return Fail("program headers outside the image");
    const Elf64_Phdr* dynamic = nullptr;
    bool have_load = false;
    for (int i = 0; i < ehdr->e_phnum; ++i) {
      if (phdrs[i].p_type == PT_LOAD && !have_load) {
        tables_.bias = phdrs[i].p_vaddr - phdrs[i].p_offset;
        have_load = true;
      }
      if (phdrs[i].p_type == PT_DYNAMIC) dynamic = &phdrs[i];
    }
    if (!have_load || dynamic == nullptr) return Fail("no PT_LOAD or no PT_DYNAMIC");
    const auto* dyn =
        image_.At<Elf64_Dyn>(dynamic->p_offset, dynamic->p_filesz / sizeof(Elf64_Dyn));
    if (dyn == nullptr) return Fail("PT_DYNAMIC outside the image");
    for (std::uint64_t i = 0; i < dynamic->p_filesz / sizeof(Elf64_Dyn) && dyn[i].d_tag != DT_NULL;
         ++i) {
      const std::uint64_t value = dyn[i].d_un.d_val;
      switch (dyn[i].d_tag) {
        case DT_STRTAB:
          tables_.strtab = value - tables_.bias;
          break;
        case DT_SYMTAB:
          tables_.symtab = value - tables_.bias;
          break;
        case DT_STRSZ:
          tables_.strsz = value;
          break;
        case DT_GNU_HASH:
          tables_.gnu_hash = value - tables_.bias;
          break;
        case DT_HASH:
          tables_.sysv_hash = value - tables_.bias;
          break;
        case DT_VERSYM:
          tables_.versym = value - tables_.bias;
          break;
        case DT_VERDEF:
          tables_.verdef = value - tables_.bias;
          break;
        case DT_VERDEFNUM:
          tables_.verdefnum = value;
          break;
        default:
          break;
      }
    }
    if (tables_.strtab == 0 || tables_.symtab == 0) return Fail("no DT_STRTAB or DT_SYMTAB");
    return ReadVersions() && CountSymbols();
  }

  bool ReadVersions() {
    if (!tables_.verdef) return true;
    std::uint64_t offset = *tables_.verdef;
    for (std::uint64_t n = 0; n < tables_.verdefnum; ++n) {
      const auto* def = image_.At<Elf64_Verdef>(offset);
      if (def == nullptr) return Fail("Elf64_Verdef outside the image");
      const auto* aux = image_.At<Elf64_Verdaux>(offset + def->vd_aux);
      if (aux == nullptr) return Fail("Elf64_Verdaux outside the image");
      const auto name = image_.StringAt(tables_.strtab + aux->vda_name);
      if (!name) return Fail("version name outside the image");
      versions_.push_back({def->vd_ndx, def->vd_flags, *name});
      if (def->vd_next == 0) break;
      offset += def->vd_next;
    }
    return true;
  }

  // The dynamic symbol count is not stored anywhere a loader reads; it follows from the hash
  // tables (DT_HASH: nchain; DT_GNU_HASH: the end of the last chain).
  bool CountSymbols() {
    if (tables_.sysv_hash) {
      const auto* header = image_.At<std::uint32_t>(*tables_.sysv_hash, 2);
      if (header == nullptr) return Fail("DT_HASH outside the image");
      symbol_count_ = header[1];
      return true;
    }
    if (!tables_.gnu_hash) return Fail("neither DT_HASH nor DT_GNU_HASH");
    const auto* header = image_.At<std::uint32_t>(*tables_.gnu_hash, 4);
    if (header == nullptr) return Fail("DT_GNU_HASH outside the image");
    const std::uint32_t nbuckets = header[0], symoffset = header[1], bloom_size = header[2];
    const std::uint64_t buckets_at = *tables_.gnu_hash + 16 + std::uint64_t{bloom_size} * 8;
    const auto* buckets = image_.At<std::uint32_t>(buckets_at, nbuckets);
    if (buckets == nullptr) return Fail("DT_GNU_HASH buckets outside the image");
    std::uint32_t last = 0;
    for (std::uint32_t b = 0; b < nbuckets; ++b) last = std::max(last, buckets[b]);
    if (last < symoffset) {
      symbol_count_ = symoffset;
      return true;
    }
    const std::uint64_t chains_at = buckets_at + std::uint64_t{nbuckets} * 4;
    for (;; ++last) {
      const auto* chain = image_.At<std::uint32_t>(chains_at + std::uint64_t{last - symoffset} * 4);
      if (chain == nullptr) return Fail("DT_GNU_HASH chain runs off the image");
      if (*chain & 1u) break;
    }
    symbol_count_ = last + 1;
    return true;
  }

  std::optional<Symbol> ReadSymbol(std::uint32_t index) const {
    const auto* sym =
        image_.At<Elf64_Sym>(tables_.symtab + std::uint64_t{index} * sizeof(Elf64_Sym));
    if (sym == nullptr) return std::nullopt;
    Symbol symbol;
    symbol.index = index;
    symbol.sym = sym;
    symbol.name = image_.StringAt(tables_.strtab + sym->st_name).value_or("");
    if (tables_.versym) {
      const auto* versym = image_.At<std::uint16_t>(*tables_.versym + std::uint64_t{index} * 2);
      if (versym != nullptr) {
        symbol.hidden = (*versym & 0x8000u) != 0;
        for (const VersionDef& def : versions_) {
          if (def.index == (*versym & 0x7fffu) && !(def.flags & VER_FLG_BASE))
            symbol.version = def.name;
        }
      }
    }
    return symbol;
  }

  // What a loader finds for `name`@`version` (nullopt: not found). Uses DT_GNU_HASH when present
  // (glibc prefers it), else DT_HASH.
  std::optional<std::uint64_t> Resolve(const std::string& name,
                                       const std::optional<std::string>& version) const {
    if (tables_.gnu_hash) return ResolveGnu(name, version);
    if (tables_.sysv_hash) return ResolveSysv(name, version);
    return std::nullopt;
  }

  const DynamicTables& tables() const { return tables_; }
  const std::vector<VersionDef>& versions() const { return versions_; }
  std::uint32_t symbol_count() const { return symbol_count_; }

 private:
  bool Fail(const char* message) {
    error_ = message;
    return false;
  }

  bool Matches(std::uint32_t index, const std::string& name,
               const std::optional<std::string>& version) const {
    const auto symbol = ReadSymbol(index);
    if (!symbol || symbol->name != name || symbol->sym->st_shndx == SHN_UNDEF) return false;
    return !version || symbol->version == version;
  }

  std::optional<std::uint64_t> ResolveGnu(const std::string& name,
                                          const std::optional<std::string>& version) const {
    std::uint32_t hash = 5381;
    for (unsigned char c : name) hash = hash * 33 + c;
    const auto* header = image_.At<std::uint32_t>(*tables_.gnu_hash, 4);
    if (header == nullptr || header[0] == 0) return std::nullopt;
    const std::uint32_t nbuckets = header[0], symoffset = header[1], bloom_size = header[2];
    const std::uint64_t buckets_at = *tables_.gnu_hash + 16 + std::uint64_t{bloom_size} * 8;
    const auto* bucket = image_.At<std::uint32_t>(buckets_at + std::uint64_t{hash % nbuckets} * 4);
    if (bucket == nullptr || *bucket < symoffset) return std::nullopt;
    const std::uint64_t chains_at = buckets_at + std::uint64_t{nbuckets} * 4;
    for (std::uint32_t index = *bucket;; ++index) {
      const auto* chain =
          image_.At<std::uint32_t>(chains_at + std::uint64_t{index - symoffset} * 4);
      if (chain == nullptr) return std::nullopt;
      if ((*chain | 1u) == (hash | 1u) && Matches(index, name, version)) {
        return ReadSymbol(index)->sym->st_value;
      }
      if (*chain & 1u) return std::nullopt;
    }
  }

  std::optional<std::uint64_t> ResolveSysv(const std::string& name,
                                           const std::optional<std::string>& version) const {
    std::uint32_t hash = 0;
    for (unsigned char c : name) {
      hash = (hash << 4) + c;
      const std::uint32_t high = hash & 0xf0000000u;
      if (high) hash ^= high >> 24;
      hash &= ~high;
    }
    const auto* header = image_.At<std::uint32_t>(*tables_.sysv_hash, 2);
    if (header == nullptr || header[0] == 0) return std::nullopt;
    const std::uint32_t nbucket = header[0], nchain = header[1];
    const auto* buckets = image_.At<std::uint32_t>(*tables_.sysv_hash + 8, nbucket);
    const auto* chains =
        image_.At<std::uint32_t>(*tables_.sysv_hash + 8 + std::uint64_t{nbucket} * 4, nchain);
    if (buckets == nullptr || chains == nullptr) return std::nullopt;
    std::uint32_t steps = 0;
    for (std::uint32_t index = buckets[hash % nbucket];
         index != 0 && index < nchain && steps <= nchain; index = chains[index], ++steps) {
      if (Matches(index, name, version)) return ReadSymbol(index)->sym->st_value;
    }
    return std::nullopt;
  }

  const MappedImage& image_;
  std::string& error_;
  DynamicTables tables_;
  std::vector<VersionDef> versions_;
  std::uint32_t symbol_count_ = 0;
};

}  // namespace vdsoconf::agent
