// The JSON description of an extracted vDSO image (what `vdsoconf extract` writes next to the
// .so). Keys are stable; tools and reports read them.
//
//   {"file": "vdso-0.so", "source_offset": 33574912, "size": 5864, "sha256": "...",
//    "soname": "linux-vdso.so.1", "image_pages": 2, "vvar_pages": 4,
//    "lowest_data_reference": -16384, "linux_version_code": 459277,
//    "cfi": {"cfi_build": false, "riscv_feature_1_and": 0, "landing_pads": 0,
//            "shadow_stack_ops": 0},
//    "generation": "7.2" | null, "generation_reason": "...",
//    "hash_tables": {"gnu_hash": {"present": true, "problems": []}, "sysv_hash": {...}},
//    "symbols": [{"name": "__vdso_clock_gettime", "version": "LINUX_4.15", "hidden": false,
//                 "value": 1488, "size": 634, "type": "FUNC"}],
//    "patch_sites": {"counter-read": 6, "ecall": 9, "pause": 4, ...}}
#pragma once

#include <nlohmann/json.hpp>

#include "vdsoconf/riscv/image/vdso_image.h"

namespace vdsoconf::riscv {

nlohmann::json SummarizeImage(const VdsoImage& image, const std::string& file_name);

}  // namespace vdsoconf::riscv
