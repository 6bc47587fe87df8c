// check-image.time: RISC-V's vDSO has no time() (lib/vdso's __cvdso_time exists only with
// VDSO_HAS_TIME, which arch/riscv never defines), so the model has none; an image exporting
// __vdso_time would answer calls nobody predicts. Passes when the image exports no time().
#include "vdsoconf/riscv/check/check_recorder.h"
#include "vdsoconf/riscv/check/export_comparison.h"
#include "vdsoconf/riscv/check/image_check.h"

namespace vdsoconf::riscv::check {
namespace {

CheckOutcome RunTime(const CheckContext& context) {
  CheckRecorder recorder("check-image.time");
  recorder.CountComparisons(1);
  if (const auto name = ExportedTime(context.image.ExportedSymbols())) {
    recorder.Fail(*name +
                      " is exported, but RISC-V defines no VDSO_HAS_TIME: the model has no "
                      "time()",
                  {{"symbol", *name}});
  }
  return recorder.Finish("no time() exported, as RISC-V's vDSO (no VDSO_HAS_TIME)");
}

const CheckRegistration kRegistration{{"check-image.time", 16, RunTime}};

}  // namespace
}  // namespace vdsoconf::riscv::check
