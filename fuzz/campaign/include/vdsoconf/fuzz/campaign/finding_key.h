// What a fuzz target's failing run says, reduced to a stable key and a class.
//
// Like syzkaller's report titles: the constant part of a failure identifies it, the varying part
// (addresses, values, sizes, line offsets) is dropped, so the same bug found a thousand times is
// one finding. Keys, by the first rule that matches the output:
//   "invariant: RULE"        the model fuzzer's "vdsoconf-model-invariant: RULE: values"
//   "finding: KIND: WHAT"    a target's own "vdsoconf-finding: KIND: WHAT: values" (differential)
//   "ubsan: FILE: MESSAGE"   "FILE:LINE:COL: runtime error: MESSAGE", numbers in MESSAGE as N
//   "asan: KIND in F1 < F2 < F3"  "ERROR: AddressSanitizer: KIND", the top three frames' functions
//   "timeout in F1 < ..."    libFuzzer's "ALARM: working on the last Unit for N seconds"
//   "oom"                    "out-of-memory (malloc(N))" or "out-of-memory (used: ...)"
//   "crash in F1 < ..."      any other deadly signal with a stack
// Frames of libFuzzer, the sanitizer runtimes and libc are skipped.
#pragma once

#include <string>
#include <string_view>

namespace vdsoconf::fuzz {

// The stable key of a failing run's output; "" when the output shows no failure.
std::string FindingKey(std::string_view output);

// Removes what varies between reports of one bug: hexadecimal and decimal numbers become N.
std::string StripVaryingValues(std::string_view text);

enum class FindingClass {
  kModelBug,             // the reference model broke its own invariant, crashed or hit UB
  kImageDivergence,      // a real vDSO image disagrees with its generation's model
  kDocumentedBehaviour,  // a divergence the kernel documents (e.g. the 64-bit wrap beyond the
                         // overflow horizon without max_cycles): reported, not a failure
  kParserBug,            // a parser of untrusted input crashed, hit UB or hung
  kInfrastructure,       // the harness itself (executor died, out of memory)
};

// The class of a finding of target `target` with key `key`: the model target's findings are
// model bugs; parser targets' (vvar_codec, results_json, kernel_image, elf) are parser bugs;
// the differential target's are divergences unless its key says "finding: documented: ..."
// (documented behaviour), "finding: model-bug: ..." or "finding: infra: ...";
// "oom" is infrastructure.
FindingClass ClassifyFinding(std::string_view target, std::string_view key);

// "model-bug", "image-divergence", "documented-behaviour", "parser-bug", "infrastructure".
std::string_view FindingClassName(FindingClass finding_class);

}  // namespace vdsoconf::fuzz
