// Property: none. The empty target is the yardstick for exec/s figures: every other target's
// throughput is reported as a ratio to this one, measured in the same run.
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t*, std::size_t) { return 0; }
