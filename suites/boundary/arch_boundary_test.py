#!/usr/bin/env python3
"""scripts/arch_boundary.py on small trees: it passes a clean one and fails on each crossing."""
import pathlib
import subprocess
import sys
import tempfile
import unittest

CHECKER = sys.argv.pop(1) if len(sys.argv) > 1 else str(
    pathlib.Path(__file__).resolve().parents[2] / "scripts" / "arch_boundary.py")


class ArchBoundary(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.root = pathlib.Path(self.dir.name)
        self.write("targets/include/vdsoconf/targets/target.h", "struct Target;\n")
        self.write("targets/src/all_targets.cc", '#include "vdsoconf/toyarch/toyarch_target.h"\n')
        self.write("targets/toyarch/src/toyarch_target.cc", "namespace vdsoconf::toyarch {}\n")
        self.write("tools/run.cc", '#include "vdsoconf/targets/target.h"\n'
                   "// The default target is toyarch64: a comment may say so.\n"
                   "/* so may a block comment about TOYARCH */\n")
        self.write("scripts/arch_boundary_debt.txt", "# nothing crosses\n")

    def tearDown(self):
        self.dir.cleanup()

    def write(self, name, text):
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    def check(self):
        return subprocess.run([sys.executable, CHECKER, "--root", str(self.root)],
                              capture_output=True, text=True)

    def test_a_clean_tree_passes(self):
        result = self.check()
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("0 new, 0 stale", result.stdout)

    def test_an_architecture_header_included_from_outside_fails(self):
        self.write("tools/extract.cc", '#include "vdsoconf/toyarch/image/kernel_scan.h"\n')
        result = self.check()
        self.assertEqual(result.returncode, 1)
        self.assertIn("tools/extract.cc: includes an architecture's headers", result.stdout)

    def test_the_generated_targets_header_path_and_the_namespace_fail(self):
        self.write("live/a.cc", '#include "vdsoconf/targets/toyarch/agent_path.h"\n')
        self.write("fuzz/b.cc", "int x = toyarch::kThing;\n")
        result = self.check()
        self.assertEqual(result.returncode, 1)
        self.assertIn("live/a.cc: includes", result.stdout)
        self.assertIn("fuzz/b.cc: includes", result.stdout)

    def test_naming_the_architecture_in_code_or_cmake_fails(self):
        self.write("reports/kcidb.cc", 'const char* kArch = "toyarch";\n')
        self.write("fuzz/CMakeLists.txt", "target_link_libraries(f vdsoconf_toyarch_image)\n")
        result = self.check()
        self.assertEqual(result.returncode, 1)
        self.assertIn("reports/kcidb.cc: names an architecture in code", result.stdout)
        self.assertIn("fuzz/CMakeLists.txt: names an architecture in code", result.stdout)

    def test_the_architectures_own_folders_may_name_it(self):
        self.write("reference/arch/toyarch/layout.cc", '#include "vdsoconf/toyarch/x.h"\n')
        self.write("suites/arch/toyarch/x_test.cc", "toyarch::X x;\n")
        self.assertEqual(self.check().returncode, 0)

    def test_the_shared_kernel_provisioning_is_generic_not_an_architecture(self):
        self.write("targets/kernels/src/kernel_store.cc", "namespace vdsoconf::kernels {}\n")
        self.write("tools/kernels_command.cc", '#include "vdsoconf/kernels/kernel_store.h"\n')
        self.assertEqual(self.check().returncode, 0)
        self.write("targets/kernels/src/source_build.cc", 'const char* kArch = "toyarch";\n')
        result = self.check()
        self.assertEqual(result.returncode, 1)
        self.assertIn("targets/kernels/src/source_build.cc: names an architecture", result.stdout)

    def test_a_listed_crossing_passes_and_a_stale_line_fails(self):
        self.write("tools/extract.cc", '#include "vdsoconf/toyarch/image/kernel_scan.h"\n')
        self.write("scripts/arch_boundary_debt.txt", "include tools/extract.cc\n")
        self.assertEqual(self.check().returncode, 0)
        self.write("tools/extract.cc", '#include "vdsoconf/targets/target.h"\n')
        result = self.check()
        self.assertEqual(result.returncode, 1)
        self.assertIn("'include tools/extract.cc' no longer crosses", result.stdout)

    def test_a_malformed_list_is_a_usage_error(self):
        self.write("scripts/arch_boundary_debt.txt", "tools/extract.cc\n")
        self.assertEqual(self.check().returncode, 64)


if __name__ == "__main__":
    unittest.main()
