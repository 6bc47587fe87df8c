// The field sensitivity map of check-image.field_sensitivity: which vvar bytes change what a call
// returns, for the image and for the model, and where the two maps differ.
//
// Method. For one representative state and one call (an entry point with its clock id), every
// byte of the vvar mapping is perturbed (all its bits flipped, so any bit the reader uses
// changes; and every non-zero field byte also set to zero, because some values matter only at
// zero: clock_mode 1 flipped is 0xfe, still a readable clock, while 0 is VDSO_CLOCKMODE_NONE)
// and the call is run on the image and on the model. A perturbation "matters" to a side
// when that side's answer (path, return value, output bytes, counter reads) differs from its
// answer on the unperturbed state. The model's map is the set of bytes the kernel's C code reads
// in a way that matters for this state; it comes from the reader itself (clock_reader.h run on the
// decoded perturbed bytes), so it follows the generation's layout (layout.h) and the code path.
// Comparing maps:
//   unexpected read  the byte matters to the image but not to the model (the image reads a byte
//                    the kernel's reader does not, e.g. a wrong basetime index or offset)
//   missing read     the byte matters to the model but not to the image (the image ignores a
//                    byte it must read, e.g. the mask not applied)
//   wrong value      both change, to different answers
// A byte whose flip does not change the model's answer is never reported missing: reading it
// cannot be seen (e.g. the high bytes of shift, which RISC-V's srl ignores).
//
// Cost. Bytes that belong to a layout field are flipped one at a time. Padding (bytes of no
// field, which the model never reads) is flipped in runs of up to kPaddingRun bytes, and a run
// that matters to the image is split into single bytes, so every byte is still covered.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/reference/layout.h"
#include "vdsoconf/riscv/check/expected_call.h"
#include "vdsoconf/riscv/executor/executor.h"

namespace vdsoconf::riscv::check {

inline constexpr std::uint32_t kPaddingRun = 64;

// One call of the map.
struct SensitivityCall {
  enum class Entry { kClockGettime, kClockGetres, kGettimeofday };
  Entry entry = Entry::kClockGettime;
  std::int32_t clock_id = 0;  // ignored for gettimeofday

  std::string Label() const;   // "clock_gettime(CLOCK_MONOTONIC)"
  const char* Symbol() const;  // "__vdso_clock_gettime"
};

// clock_gettime of every clock the vDSO reads itself (REALTIME, MONOTONIC, MONOTONIC_RAW, both
// coarse, BOOTTIME, TAI), clock_getres of MONOTONIC and MONOTONIC_COARSE, gettimeofday(tv, tz).
std::vector<SensitivityCall> SensitivityCalls();

// The model's answer for `call` on `state` at `counter`; nullopt when the model cannot say
// (kOutsideModel) or the call would run for ages (more than kMaxDivisionIterations rounds of
// the kernel's division loop: the image then hangs at the watchdog while the model finishes).
inline constexpr std::uint64_t kMaxDivisionIterations = 1'000'000;
// `describe` false leaves expected.model empty: the model's text is only needed for
// reproducers, and formatting it for every perturbation cost more than the prediction.
std::optional<ExpectedCall> PredictSensitivityCall(const SensitivityCall& call,
                                                   const ref::VvarState& state,
                                                   std::uint64_t counter,
                                                   const ref::ReaderPolicy& policy,
                                                   bool describe = true);

// The request for `call` at entry offset `entry` (vvar set by the caller).
CallRequest SensitivityRequest(const SensitivityCall& call, std::uint64_t entry,
                               std::uint64_t counter);

// A run of vvar bytes changed together (offset from the start of the mapping).
struct Perturbation {
  std::uint32_t offset = 0;
  std::uint32_t length = 1;
  bool padding = false;  // no byte of the run belongs to a layout field
  bool zero = false;     // set to zero instead of flipped

  std::string Describe() const;  // "xor 0xff" or "set to 0"
};

// Field bytes one by one (flipped, and also zeroed where `bytes` holds a non-zero value), padding
// in flipped runs of at most kPaddingRun that never cross a page or a field. The flips cover
// [0, layout.page_count * 4096) exactly once, in order; each zeroing follows its byte's flip.
std::vector<Perturbation> PlanPerturbations(const ref::Layout& layout,
                                            const std::vector<std::uint8_t>& bytes);

// The executor's form of the perturbation (protocol::VvarPatch): flip is and 0xff, xor 0xff;
// zero is and 0, xor 0.
protocol::VvarPatch PatchOf(const Perturbation& p);

// `bytes` with the run flipped or zeroed. Requires the run inside `bytes`.
std::vector<std::uint8_t> Perturbed(const std::vector<std::uint8_t>& bytes, const Perturbation& p);

// `state` (decoded from `bytes`) as DecodeVvar would decode `bytes` with the field byte
// perturbation `p` applied: the one field holding the byte gets its new value. nullopt for a
// padding perturbation or one that covers no field byte.
std::optional<ref::VvarState> PerturbedState(const ref::Layout& layout, const ref::VvarState& state,
                                             const std::vector<std::uint8_t>& bytes,
                                             const Perturbation& p);

// Same answer, in every compared respect (path, return value, ecall numbers, buffers, counter
// reads): what "did not change" means for the image.
bool SameObservation(const CallResult& a, const CallResult& b);
// The same for two model answers.
bool SameExpectation(const ExpectedCall& a, const ExpectedCall& b);

// The answers for one perturbation of one call.
struct PerturbationOutcome {
  Perturbation perturbation;
  // nullopt: the image's answer equals `model` exactly (the executor compared it in a checked
  // sweep and sent nothing back).
  std::optional<CallResult> image;
  std::optional<ExpectedCall> model;  // nullopt: the model cannot say; not judged
};

enum class SensitivityFinding { kUnexpectedRead, kMissingRead, kWrongValue };
std::string_view SensitivityFindingName(SensitivityFinding finding);

struct SensitivityDivergence {
  SensitivityFinding finding = SensitivityFinding::kWrongValue;
  Perturbation perturbation;
  std::string field;   // layout field name, or "padding page P +0xOFF"
  std::string detail;  // CompareCall's line
};

struct SensitivityMap {
  // Layout fields (names) whose flipped bytes change the answer, image and model agreeing.
  std::vector<std::string> fields_read;
  std::vector<SensitivityDivergence> divergences;
  std::uint64_t judged = 0;    // perturbations compared
  std::uint64_t unjudged = 0;  // the model could not say
};

// Judges every outcome against the two unperturbed answers. Requires `baseline_model` to be the
// model's answer on the unperturbed state and `baseline_image` the image's.
SensitivityMap JudgeSensitivity(const ref::Layout& layout, const ExpectedCall& baseline_model,
                                const CallResult& baseline_image,
                                const std::vector<PerturbationOutcome>& outcomes);

// "vdso_time_data.clock_data[0].mult" for a byte of a field, else "padding page 1 +0x7c0".
std::string ByteName(const ref::Layout& layout, std::uint32_t offset);

}  // namespace vdsoconf::riscv::check
