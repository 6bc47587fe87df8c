// The machine table is data, and the data keeps the promises: 2+ harts, OpenSBI, no network, no
// host share, a panic that ends QEMU.
#include "vdsoconf/targets/riscv/machine.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/targets/riscv/riscv64_target.h"

namespace vdsoconf::targets::riscv {
namespace {

bool HasPair(const std::vector<std::string>& args, const std::string& a, const std::string& b) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == a && args[i + 1] == b) return true;
  }
  return false;
}

std::string Joined(const std::vector<std::string>& args) {
  std::string text;
  for (const auto& arg : args) text += arg + " ";
  return text;
}

TEST(BuiltinMachine, VirtKeepsTheSuitesPromises) {
  QemuMachine machine = BuiltinMachine();
  EXPECT_EQ(machine.name, "virt");
  EXPECT_EQ(machine.qemu, "qemu-system-riscv64");
  EXPECT_TRUE(HasPair(machine.args, "-M", "virt")) << Joined(machine.args);
  EXPECT_TRUE(HasPair(machine.args, "-bios", "default")) << Joined(machine.args);
  EXPECT_TRUE(HasPair(machine.args, "-nic", "none")) << Joined(machine.args);
  auto smp = std::find(machine.args.begin(), machine.args.end(), "-smp");
  ASSERT_NE(smp, machine.args.end()) << Joined(machine.args);
  EXPECT_GE(std::stoi(*(smp + 1)), 2) << Joined(machine.args);
  EXPECT_NE(std::find(machine.args.begin(), machine.args.end(), "-no-reboot"), machine.args.end());
  EXPECT_NE(machine.cmdline.find("panic=-1"), std::string::npos) << machine.cmdline;
  EXPECT_NE(machine.cmdline.find("console=ttyS0"), std::string::npos) << machine.cmdline;
}

nlohmann::json Table(nlohmann::json args) {
  return {{"default", "m"},
          {"machines", {{"m", {{"qemu", "q"}, {"args", args}, {"cmdline", "c"}}}}}};
}

TEST(ParseMachine, RefusesNetworksAndHostShares) {
  for (auto args :
       {nlohmann::json{"-nic", "user"}, nlohmann::json{"-netdev", "user,id=n"},
        nlohmann::json{"-virtfs", "local,path=/"}, nlohmann::json{"-drive", "file=x"}}) {
    EXPECT_THROW(ParseMachine(Table(args)), InfraError) << args.dump();
  }
  EXPECT_NO_THROW(ParseMachine(Table({"-nic", "none"})));
}

nlohmann::json TableWithDocumentChannel(nlohmann::json channel) {
  nlohmann::json table = Table({"-nic", "none"});
  table["machines"]["m"]["document_channel"] = std::move(channel);
  return table;
}

// The documents' channel is QEMU arguments too: it may not smuggle in a network or a host share,
// and it must name the file the host reads ({document_log}), or the documents would go nowhere.
TEST(ParseMachine, DocumentChannelIsCheckedLikeTheArguments) {
  const nlohmann::json good = {"-chardev", "file,id=d,path={document_log}", "-device",
                               "virtconsole,chardev=d"};
  QemuMachine machine;
  ASSERT_NO_THROW(machine = ParseMachine(TableWithDocumentChannel(good)));
  EXPECT_EQ(machine.document_channel.size(), 4u) << Joined(machine.document_channel);
  EXPECT_TRUE(ParseMachine(Table({"-nic", "none"})).document_channel.empty());
  auto ErrorOf = [](const nlohmann::json& channel) -> std::string {
    try {
      ParseMachine(TableWithDocumentChannel(channel));
    } catch (const InfraError& error) {
      return error.what();
    }
    return "accepted";
  };
  const std::string no_log = ErrorOf({"-chardev", "file,id=d,path=/tmp/x"});
  EXPECT_NE(no_log.find("machines.m.document_channel never names {document_log}"),
            std::string::npos)
      << no_log;
  const std::string network =
      ErrorOf({"-netdev", "user,id=n", "-chardev", "file,path={document_log}"});
  EXPECT_NE(network.find("machines.m.document_channel uses -netdev"), std::string::npos) << network;
  EXPECT_NE(ErrorOf({"-virtfs", "local,path=/,path2={document_log}"}), "accepted");
  EXPECT_NE(ErrorOf("-chardev"), "accepted");  // not an array of strings
}

TEST(BuiltinMachine, VirtCarriesTheDocumentsOnAVirtioConsole) {
  QemuMachine machine = BuiltinMachine();
  EXPECT_TRUE(
      HasPair(machine.document_channel, "-device", "virtconsole,chardev=vdsoconf-documents"))
      << Joined(machine.document_channel);
}

TEST(ParseMachine, NamesTheBrokenField) {
  try {
    ParseMachine({{"default", "m"}, {"machines", {{"m", {{"qemu", "q"}, {"args", {"-M"}}}}}}});
    FAIL() << "a machine without cmdline was accepted";
  } catch (const InfraError& error) {
    EXPECT_NE(std::string(error.what()).find("machines.m.cmdline"), std::string::npos)
        << error.what();
  }
  EXPECT_THROW(ParseMachine(Table({"-M"}), "absent"), InfraError);
  EXPECT_THROW(ParseMachine(nlohmann::json::array()), InfraError);
}

TEST(KernelCommandLine, AddsProbesTimeoutAndExtraInOrder) {
  BootRequest request;
  request.probes = {"vdso.locate", "vvar.dump"};
  request.probe_timeout = std::chrono::milliseconds(1500);
  request.extra_cmdline = "rdinit=/x";
  EXPECT_EQ(KernelCommandLine("console=ttyS0", request),
            "console=ttyS0 vdsoconf.probes=vdso.locate,vvar.dump "
            "vdsoconf.probe_timeout_ms=1500 rdinit=/x");
  request.probes.clear();
  request.extra_cmdline.clear();
  EXPECT_EQ(KernelCommandLine("b", request), "b vdsoconf.probe_timeout_ms=1500");
}

}  // namespace
}  // namespace vdsoconf::targets::riscv
