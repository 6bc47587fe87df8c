// vdsoconf-agent: /init of the guest. Runs the requested probes, each in its own child under a
// watchdog, sends every result as a framed JSON document on the console, and powers off.
#include <signal.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "agent_options.h"
#include "console_frames.h"
#include "document_channel.h"
#include "guest_io.h"
#include "json_writer.h"
#include "probe.h"
#include "probe_lanes.h"
#include "probe_runner.h"
#include "system_setup.h"

namespace vdsoconf::agent {
namespace {

// project(VERSION), passed by vdsoconf_add_guest_agent (agent/CMakeLists.txt): one version for
// the program and its agents.
constexpr std::string_view kAgentVersion = VDSOCONF_VERSION;

struct PlannedProbe {
  std::string name;
  const ProbeInfo* info = nullptr;  // nullptr: unknown name, reported as an error document
};

std::vector<PlannedProbe> PlanProbes(const AgentOptions& options) {
  std::vector<PlannedProbe> plan;
  if (options.probes.empty()) {
    for (const ProbeInfo& probe : AllProbes()) {
      if (probe.in_default_set) plan.push_back({std::string(probe.name), &probe});
    }
  } else {
    for (const std::string& name : options.probes) plan.push_back({name, FindProbe(name)});
  }
  return plan;
}

void WriteUname(JsonWriter& json) {
  struct utsname names {};
  json.Key("uname");
  if (uname(&names) != 0) {
    json.Null();
    return;
  }
  json.BeginObject();
  json.Field("sysname", names.sysname);
  json.Field("nodename", names.nodename);
  json.Field("release", names.release);
  json.Field("version", names.version);
  json.Field("machine", names.machine);
  json.EndObject();
}

std::string AgentStartDocument(const AgentOptions& options, const SystemSetup& setup,
                               const DocumentChannel& channel,
                               const std::vector<PlannedProbe>& plan, const std::string& cmdline) {
  JsonWriter json;
  json.BeginObject();
  json.Field("type", "agent-start");
  json.Field("agent_version", kAgentVersion);
  WriteUname(json);
  json.Key("probes");
  json.BeginArray();
  for (const PlannedProbe& probe : plan) json.String(probe.name);
  json.EndArray();
  json.Field("probe_timeout_ms", options.probe_timeout_ms);
  json.Field("cmdline", cmdline);
  json.Field("pid", static_cast<std::int64_t>(getpid()));
  json.Field("boottime_ns", BoottimeNowNs());
  json.Field("document_channel", channel.name);
  json.Key("problems");
  json.BeginArray();
  for (const std::string& problem : options.problems) json.String(problem);
  for (const std::string& note : setup.notes) json.String(note);
  json.EndArray();
  json.EndObject();
  return json.Take();
}

std::string ProbeResultDocument(const std::string& name, const ProbeOutcome& outcome) {
  JsonWriter json;
  json.BeginObject();
  json.Field("type", "probe-result");
  json.Field("probe", name);
  json.Field("status", outcome.status);
  json.Field("elapsed_ms", outcome.elapsed_ms);
  json.Key("data");
  json.Raw(outcome.data_json);
  json.EndObject();
  return json.Take();
}

// The progress line for a probe that ended. A probe that ran to its end has only collected
// evidence: the host's checks decide, and they may still fail, so this never says "ok".
std::string ProbeEndHeartbeat(const std::string& name, const ProbeOutcome& outcome) {
  if (outcome.status == "ok") return "probe " + name + " finished, evidence collected";
  return "probe " + name + " ended: " + outcome.status;
}

ProbeOutcome UnknownProbe(const std::string& name) {
  JsonWriter data;
  data.BeginObject();
  data.Field("error", "no probe named '" + name + "' in this agent");
  data.EndObject();
  return {"error", 0, data.Take()};
}

// The order the foreground probes start in (documents follow completion, the agent-start
// document keeps the plan): those that run alone first, so the rest form one stretch that two
// harts share; in it the long-running ones first, so the other hart has the short ones to run
// meanwhile. Otherwise plan order.
std::vector<const PlannedProbe*> DispatchOrder(const std::vector<PlannedProbe>& plan) {
  auto rank = [](const PlannedProbe& probe) {
    if (probe.info == nullptr) return 2;
    return probe.info->runs_alone ? 0 : probe.info->long_running ? 1 : 2;
  };
  std::vector<const PlannedProbe*> order;
  for (int wanted = 0; wanted <= 2; ++wanted) {
    for (const PlannedProbe& probe : plan) {
      const bool background = probe.info != nullptr && probe.info->background;
      if (!background && rank(probe) == wanted) order.push_back(&probe);
    }
  }
  return order;
}

// Every probe child inherits the stop signal blocked, so a background probe can wait for it and
// no probe dies of it.
void BlockStopSignal() {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, StopBackgroundSignal());
  sigprocmask(SIG_BLOCK, &stop, nullptr);
}

// The kernel command line; outside a VM (the agent's own tests run it under qemu user
// mode) the host's command line means nothing, so the arguments stand in for it.
std::string AgentCommandLine(int argc, char** argv) {
  std::string cmdline;
  if (getpid() == 1) {
    cmdline = ReadWholeFile("/proc/cmdline").value_or("");
  } else {
    for (int i = 1; i < argc; ++i) cmdline += std::string(i > 1 ? " " : "") + argv[i];
  }
  while (!cmdline.empty() && cmdline.back() == '\n') cmdline.pop_back();
  return cmdline;
}

int RunAgent(int argc, char** argv) {
  SystemSetup setup = PrepareSystem();
  const DocumentChannel channel = OpenDocumentChannel(setup.console_fd, setup.notes);
  FrameWriter frames(channel.fd, setup.console_fd);
  const std::string cmdline = AgentCommandLine(argc, argv);
  const AgentOptions options = ParseKernelCommandLine(cmdline);
  const std::vector<PlannedProbe> plan = PlanProbes(options);

  frames.SendDocument(AgentStartDocument(options, setup, channel, plan, cmdline));
  BlockStopSignal();
  std::vector<std::pair<const PlannedProbe*, StartedProbe>> background;
  for (const PlannedProbe& probe : plan) {
    if (probe.info == nullptr || !probe.info->background) continue;
    frames.Heartbeat("probe " + probe.name + " start (background)");
    background.emplace_back(&probe, StartProbe(*probe.info));
  }
  const std::vector<const PlannedProbe*> foreground = DispatchOrder(plan);
  std::mutex sending;  // the frame writer numbers documents; lanes finish in any order
  std::uint64_t probes_run = 0;
  RunInLanes(
      foreground.size(),
      [&](std::size_t i, std::size_t j) {
        // An unknown name runs nothing: it shares with anything.
        return foreground[i]->info == nullptr || foreground[j]->info == nullptr ||
               MaySideBySide(*foreground[i]->info, *foreground[j]->info);
      },
      [&](std::size_t i) {
        const PlannedProbe& probe = *foreground[i];
        frames.Heartbeat("probe " + probe.name + " start");
        const ProbeOutcome outcome = probe.info != nullptr
                                         ? RunProbeIsolated(*probe.info, options.probe_timeout_ms)
                                         : UnknownProbe(probe.name);
        const std::string document = ProbeResultDocument(probe.name, outcome);
        std::lock_guard lock(sending);
        frames.SendDocument(document);
        frames.Heartbeat(ProbeEndHeartbeat(probe.name, outcome));
        ++probes_run;
      });
  for (auto& [probe, started] : background) {
    const ProbeOutcome outcome = StopBackgroundProbe(started, options.probe_timeout_ms);
    frames.SendDocument(ProbeResultDocument(probe->name, outcome));
    frames.Heartbeat(ProbeEndHeartbeat(probe->name, outcome));
    ++probes_run;
  }
  JsonWriter done;
  done.BeginObject();
  done.Field("type", "agent-done");
  done.Field("probes_run", probes_run);
  done.Field("boottime_ns", BoottimeNowNs());
  done.EndObject();
  frames.SendDocument(done.text());
  frames.Heartbeat("powering off");
  PowerOff();
  return 0;
}

}  // namespace
}  // namespace vdsoconf::agent

int main(int argc, char** argv) {
  return vdsoconf::agent::RunAgent(argc, argv);
}
