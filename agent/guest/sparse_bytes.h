// A compact form for memory that is mostly zero (vvar pages, the vDSO image's padding).
//
// The console is the agent's only channel and it is slow (about 13 KB/s through the emulated
// UART), while a 7.2 time page holds ~80 non-zero bytes in 4096. So byte dumps are sent as
//   {"size": N, "runs": [[offset, "<base64>"], ...]}
// listing the non-zero stretches (zero gaps shorter than kSparseMinGap stay inside a run);
// every byte not covered by a run is zero. The encoding is exact: the host rebuilds the bytes.
#pragma once

#include <cstddef>
#include <string_view>

#include "json_writer.h"

namespace vdsoconf::agent {

inline constexpr std::size_t kSparseMinGap = 16;

// Writes `bytes` in the form above as one JSON value.
void WriteSparseBytes(JsonWriter& json, std::string_view bytes);

}  // namespace vdsoconf::agent
