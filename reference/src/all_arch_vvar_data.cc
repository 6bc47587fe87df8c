// The codec's names of the architectures' vvar data (arch_vvar_data.h): an architecture-list
// file, one call per architecture member.
#include "vvar_codec_model.h"
#include "vvar_data_riscv.h"

namespace vdsoconf::ref::codec_internal {

void AppendArchTimeDataMembers(const std::string& name, ArchTimeData& data,
                               std::vector<ModelMember>& out) {
  riscv::AppendHwprobeCacheMembers(name, data.riscv, out);
}

void AppendArchPagesMembers(const std::string& name, ArchPages& pages,
                            std::vector<ModelMember>& out) {
  riscv::AppendHwprobeCacheMembers(name, pages.riscv, out);
}

}  // namespace vdsoconf::ref::codec_internal
