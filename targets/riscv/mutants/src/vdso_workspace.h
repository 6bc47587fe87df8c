// A private, configured kernel build of one linux-source tree in which the vDSO can be rebuilt
// after each patch (the steps 2-5 of mutant_build.h).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace vdsoconf::riscv::mutants {

class VdsoWorkspace {
 public:
  // Removes anything at `dir`, then makes dir/src (a hard-link copy of `shared_tree`) and
  // configures dir/build (tinyconfig + `fragment` + olddefconfig, verified). `name` labels
  // progress and errors ("mutants-linux-7.2"). Throws InfraError (see Fail).
  VdsoWorkspace(std::filesystem::path shared_tree, std::filesystem::path dir, std::string name,
                std::string_view fragment, int jobs, std::chrono::minutes step_timeout);
  // Removes the whole directory: nothing built here is trusted by a later run.
  ~VdsoWorkspace();
  VdsoWorkspace(const VdsoWorkspace&) = delete;
  VdsoWorkspace& operator=(const VdsoWorkspace&) = delete;

  // Rebuilds the vDSO incrementally and returns the path of the stripped vdso.so in the build
  // directory (overwritten by the next build).
  std::filesystem::path BuildVdso(const std::string& step);

  // Applies `patch_text` to the copy (dry run first) and checks the shared tree kept its files.
  void Apply(std::string_view patch_text, std::string_view what);
  // Takes it back out.
  void Reverse(std::string_view patch_text, std::string_view what);

  // Saves the build log under CacheRoot()/logs/<name>.log and throws InfraError with `what`, the
  // saved log's path and `tail`.
  [[noreturn]] void Fail(const std::string& what, const std::string& tail) const;

 private:
  void Configure(std::string_view fragment);
  void Make(const std::string& step, const std::vector<std::string>& targets);
  void Run(const std::string& step, const std::vector<std::string>& argv);
  std::filesystem::path Log() const { return dir_ / "build.log"; }

  std::filesystem::path shared_tree_;
  std::filesystem::path dir_;
  std::filesystem::path farm_;
  std::filesystem::path build_;
  std::string name_;
  int jobs_;
  std::chrono::minutes step_timeout_;
};

}  // namespace vdsoconf::riscv::mutants
