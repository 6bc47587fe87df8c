// The initramfs the guest boots: a gzip'd newc cpio holding one program as /init.
#pragma once

#include <filesystem>

namespace vdsoconf::targets::riscv {

// Writes to `output` a gzip-compressed newc cpio archive with the directories /dev, /proc, /sys
// and /tmp, the console node /dev/console (character device 5:1, so /init has stdout even on a
// kernel without a built-in initramfs) and `init_program`'s bytes as /init with mode
// `init_mode` (0755; tests pass 0644 to get a kernel that finds no working init).
// Throws InfraError when `init_program` cannot be read or the archive cannot be written; nothing
// is left at `output` then.
void WriteInitramfs(const std::filesystem::path& init_program, const std::filesystem::path& output,
                    unsigned init_mode = 0755);

}  // namespace vdsoconf::targets::riscv
