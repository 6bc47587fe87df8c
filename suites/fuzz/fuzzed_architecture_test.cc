// Which architecture the fuzzers work on: the model's default and the targets' default agree,
// and $VDSOCONF_FUZZ_ARCH picks another or is refused with the known names.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/fuzz/fuzzed_arch_model.h"
#include "vdsoconf/fuzz/fuzzed_target.h"

namespace vdsoconf::fuzz {
namespace {

class FuzzedArchitecture : public ::testing::Test {
 protected:
  void TearDown() override { unsetenv("VDSOCONF_FUZZ_ARCH"); }
};

TEST_F(FuzzedArchitecture, TheModelsDefaultIsTheDefaultTargets) {
  EXPECT_EQ(ref::DefaultArchModel().Name(), targets::DefaultTarget().Name());
  unsetenv("VDSOCONF_FUZZ_ARCH");
  EXPECT_EQ(&FuzzedArchModel(), &ref::DefaultArchModel());
  EXPECT_EQ(FuzzedTarget().Name(), targets::DefaultTarget().Name());
}

TEST_F(FuzzedArchitecture, TheVariableNamesEveryModelArchitecture) {
  for (const ref::ArchModel* model : ref::AllArchModels()) {
    setenv("VDSOCONF_FUZZ_ARCH", std::string(model->Name()).c_str(), 1);
    EXPECT_EQ(&FuzzedArchModel(), model);
  }
}

TEST_F(FuzzedArchitecture, AnUnknownNameIsRefusedWithTheKnownOnes) {
  setenv("VDSOCONF_FUZZ_ARCH", "no-such-arch", 1);
  try {
    FuzzedArchModel();
    FAIL() << "no-such-arch was accepted";
  } catch (const InfraError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("VDSOCONF_FUZZ_ARCH=no-such-arch"), std::string::npos) << what;
    EXPECT_NE(what.find(std::string(ref::DefaultArchModel().Name())), std::string::npos) << what;
  }
  EXPECT_THROW(FuzzedTarget(), InfraError);
}

}  // namespace
}  // namespace vdsoconf::fuzz
