// Target job: an architecture's kernel cache, as `vdsoconf kernels` shows it (list, fetch,
// build, source), and the provisioning that check-image, exec, extract and fuzz share.
//
// Target::Provision is the door for booting (it also proves the kernel is the architecture's and
// fills ProvisionedKernel::architecture); this store is the cache itself, so a kernel comes out
// exactly as `vdsoconf kernels fetch` prints it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "vdsoconf/targets/target.h"

namespace vdsoconf::targets {

// What the commands outside the store need to know of a kernel spec's form.
struct KernelSpecForm {
  enum class Kind {
    kPackaged,  // a distribution's prebuilt kernel ("debian:latest")
    kSource,    // built from a kernel line's sources ("source:6.12+btf")
    kFile,      // a kernel file the user names ("path:FILE", "/path/Image,build=DIR")
  };
  Kind kind = Kind::kPackaged;
  std::filesystem::path file;  // kFile: the kernel file (not checked to exist)
};

struct KernelBuildOptions {
  int jobs = 0;  // make -j for source builds; 0: every online CPU
};

class KernelStore {
 public:
  virtual ~KernelStore() = default;

  // The form of `spec`. Throws InfraError quoting the spec and the accepted forms when it is
  // none of them. No I/O: whether a file exists is found out when it is provisioned.
  virtual KernelSpecForm ParseSpec(const std::string& spec) const = 0;

  // Fetches or builds `spec` into the cache (a cached kernel is returned as it is) and returns
  // it. Progress goes to stderr. Throws InfraError for a bad spec or any provisioning failure.
  virtual ProvisionedKernel Provision(const std::string& spec,
                                      const KernelBuildOptions& options) = 0;

  // Every complete kernel in the cache, sorted by origin then version.
  virtual std::vector<ProvisionedKernel> List() const = 0;

  // The unpacked source tree of kernel line `line` ("6.12"), fetched the first time: its
  // absolute root. Throws InfraError for an unknown line (naming the known ones) or a failed
  // fetch.
  virtual std::filesystem::path SourceTree(const std::string& line) = 0;
};

}  // namespace vdsoconf::targets
