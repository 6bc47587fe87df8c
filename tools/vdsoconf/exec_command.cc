// `vdsoconf exec`: run one entry point of a real vDSO image under the default target's executor
// (a user-mode emulator) with vvar bytes and counter values chosen on the command line, and print
// what it did.
//
//   vdsoconf exec --kernel SPEC|FILE [--image 0] --vvar vvar.bin --entry __vdso_clock_gettime
//                 --clock 1 --counter 0x123456 [--counter ...] [--watchdog-ms 200]
//
// The call's outcome (returned, fault, hang) is the output, not the exit code: exit 0 when the
// call ran, 2 when it could not be run (bad kernel, no such symbol, missing qemu).
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>

#include "cli_support.h"
#include "command_registry.h"
#include "kernel_argument.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/targets/image_executor.h"
#include "vdsoconf/targets/image_extractor.h"
#include "vdsoconf/targets/target.h"

namespace {

struct ExecFlags {
  std::string kernel;
  std::size_t image = 0;
  std::string vvar;
  std::string entry = "__vdso_clock_gettime";
  std::int64_t clock = 1;
  std::vector<std::uint64_t> counters;
  std::int64_t syscall_return = 0;
  int watchdog_ms = 200;
};

std::vector<std::uint8_t> ReadVvar(const std::string& path, std::size_t size) {
  std::vector<std::uint8_t> bytes(size, 0);
  if (path.empty()) return bytes;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw vdsoconf::InfraError("cannot read vvar file " + path);
  std::vector<char> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (file.size() > size) {
    throw vdsoconf::InfraError("vvar file " + path + " has " + std::to_string(file.size()) +
                               " bytes; the image maps only " + std::to_string(size));
  }
  std::copy(file.begin(), file.end(), bytes.begin());  // shorter files are zero-padded
  return bytes;
}

void PrintTimespec(const std::vector<std::uint8_t>& buffer, const char* name) {
  std::int64_t sec = 0, sub = 0;
  std::memcpy(&sec, buffer.data(), 8);
  std::memcpy(&sub, buffer.data() + 8, 8);
  std::cout << name << " = {" << sec << ", " << sub << "}\n";
}

void RunExec(const ExecFlags& flags) {
  using vdsoconf::targets::CallArgument;
  auto& target = vdsoconf::targets::DefaultTarget();
  const auto extracted =
      target.Images().Extract(vdsoconf::cli::ResolveKernelArgument(flags.kernel));
  if (flags.image >= extracted.images.size()) {
    throw vdsoconf::InfraError("--image " + std::to_string(flags.image) + ": the kernel has " +
                               std::to_string(extracted.images.size()) + " vDSO image(s)");
  }
  const auto session = target.Executor().Start(*extracted.images[flags.image]);
  vdsoconf::targets::EntryCall call;
  call.entry_offset = session->EntryOffset(flags.entry);
  call.vvar = ReadVvar(flags.vvar, session->VvarBytes());
  call.counter_values = flags.counters;
  call.syscall_return = flags.syscall_return;
  call.watchdog = std::chrono::milliseconds(flags.watchdog_ms);
  const bool gettimeofday = flags.entry == "__vdso_gettimeofday";
  if (gettimeofday) {
    call.args = {CallArgument::OutputBuffer(16), CallArgument::OutputBuffer(8)};
  } else {
    call.args = {CallArgument::Value(static_cast<std::uint64_t>(flags.clock)),
                 CallArgument::OutputBuffer(16)};
  }
  const auto result = session->Call(call);
  std::cout << flags.entry << ": " << result.description << "\n";
  // After a caught system call nothing wrote the buffer (the kernel would have): do not print
  // filler.
  if (result.outcome == vdsoconf::targets::CallOutcome::kReturned && result.syscalls.empty() &&
      !result.buffers.empty()) {
    PrintTimespec(result.buffers[0], gettimeofday ? "tv" : "ts");
  }
  for (const auto& syscall : result.syscalls) std::cout << syscall.description << "\n";
  vdsoconf::cli::SetExitCode(vdsoconf::kExitPass);
}

const vdsoconf::cli::Registration kRegistration{
    "exec", [](CLI::App& root) {
      auto flags = std::make_shared<ExecFlags>();
      auto* command = root.add_subcommand(
          "exec", "Run a vDSO entry point under " +
                      std::string(vdsoconf::targets::DefaultTarget().Executor().Runner()) +
                      " with a controlled counter");
      command
          ->add_option("--kernel", flags->kernel,
                       std::string(vdsoconf::cli::kKernelArgumentHelp) + " (a vdso.so too)")
          ->required();
      command->add_option("--image", flags->image, "Which image of the kernel (extract order)");
      command->add_option("--vvar", flags->vvar,
                          "Raw vvar bytes (zero-padded to the image's vvar size)");
      command->add_option("--entry", flags->entry, "Exported symbol to call");
      command->add_option("--clock", flags->clock,
                          "Clock id (first argument) for clock_gettime/getres");
      command->add_option("--counter", flags->counters, "Value of each successive counter read");
      command->add_option("--syscall-return", flags->syscall_return,
                          "a0 returned by caught ecalls");
      command->add_option("--watchdog-ms", flags->watchdog_ms, "Per-call watchdog")
          ->check(vdsoconf::cli::WholeNumber(1, 60000));
      vdsoconf::cli::SetExamples(
          *command, {"vdsoconf exec --kernel debian:latest --entry __vdso_clock_gettime --clock 1 "
                     "--counter 0x123456",
                     "vdsoconf exec --kernel vdso.so --vvar vvar.bin --entry __vdso_gettimeofday "
                     "--counter 1000 --counter 2000"});
      command->callback([flags] { RunExec(*flags); });
    }};

}  // namespace
