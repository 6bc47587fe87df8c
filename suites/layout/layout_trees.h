// The linux-source trees the layout tests compile against, from the linux_sources fixture
// (cmake/VdsoconfFixtures.cmake): VDSOCONF_LINUX_SOURCE_6_1, _6_12 and _7_2.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "vdsoconf/reference/generation.h"

namespace vdsoconf::layout_check::testing {

// The tree for `generation`, or "" after a test failure saying how to provide it.
inline std::string TreeFor(ref::Generation generation) {
  std::string variable = "VDSOCONF_LINUX_SOURCE_" + std::string(ref::GenerationName(generation));
  for (char& c : variable) c = c == '.' ? '_' : c;
  const char* path = std::getenv(variable.c_str());
  if (path == nullptr || *path == '\0') {
    ADD_FAILURE() << variable << " is not set: point it at an unpacked linux-source-"
                  << ref::GenerationName(generation) << " tree (`vdsoconf kernels source "
                  << ref::GenerationName(generation) << "` prints one)";
    return "";
  }
  return path;
}

}  // namespace vdsoconf::layout_check::testing
