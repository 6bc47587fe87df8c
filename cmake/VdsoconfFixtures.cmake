# Kernel material for tests, provisioned once per ctest run by fixture tests (suites/fixtures) and
# handed to the tests that need it through an environment file.
#
#   vdsoconf_use_kernel_fixture(<test-target> <fixture>...)
#
# makes every test of <test-target> (registered with gtest_discover_tests afterwards) run through
# suites/fixtures/with-env.sh, which sources the env files the fixtures wrote. Fixtures:
#   linux_sources   VDSOCONF_LINUX_SOURCE_6_1, _6_12, _7_2: unpacked linux-source trees
#   debian_kernel   VDSOCONF_TEST_KERNEL: Debian's newest riscv64 kernel image
# A test run without the fixture (e.g. the binary started by hand) sees the variables unset and
# must fail saying so: a missing kernel is never a silent skip.
set(VDSOCONF_FIXTURE_DIR ${PROJECT_BINARY_DIR}/fixtures)

function(vdsoconf_use_kernel_fixture target)
  set(env_files "")
  foreach(fixture ${ARGN})
    list(APPEND env_files ${VDSOCONF_FIXTURE_DIR}/${fixture}.env)
  endforeach()
  string(REPLACE ";" ":" env_path "${env_files}")
  set_target_properties(${target} PROPERTIES CROSSCOMPILING_EMULATOR
    "${PROJECT_SOURCE_DIR}/suites/fixtures/with-env.sh;${env_path}")
endfunction()
