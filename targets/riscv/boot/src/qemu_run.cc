#include "vdsoconf/targets/riscv/qemu_run.h"

#include <signal.h>

#include <algorithm>
#include <condition_variable>
#include <fstream>
#include <memory>
#include <mutex>
#include <thread>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/subprocess.h"
#include "vdsoconf/runner/child_groups.h"
#include "vdsoconf/runner/framing.h"

namespace vdsoconf::targets::riscv {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
constexpr auto kWatchdogTick = milliseconds(50);
constexpr auto kKillGrace = std::chrono::seconds(2);
constexpr std::size_t kMaxDocumentLog = std::size_t{256} << 20;

// State shared by the output callback (RunSubprocess's thread) and the boot watchdog.
struct Watch {
  std::mutex mutex;
  std::condition_variable changed;
  std::string console;
  std::size_t heartbeat_scan = 0;  // console offset up to which heartbeats were reported
  Clock::time_point start = Clock::now();
  milliseconds time_to_init{-1};
  bool finished = false;
  bool boot_timed_out = false;
};

// Reports the H frames of complete lines added since the last call.
void ReportHeartbeats(Watch& watch, const std::function<void(std::string_view)>& on_heartbeat) {
  std::size_t line_end;
  while ((line_end = watch.console.find('\n', watch.heartbeat_scan)) != std::string::npos) {
    std::string_view line(watch.console.data() + watch.heartbeat_scan,
                          line_end - watch.heartbeat_scan);
    watch.heartbeat_scan = line_end + 1;
    auto decoded = runner::DecodeConsole(line);
    if (on_heartbeat) {
      for (const auto& heartbeat : decoded.heartbeats) on_heartbeat(heartbeat);
    }
  }
}

std::optional<pid_t> ReadPid(const std::filesystem::path& pidfile) {
  std::ifstream in(pidfile);
  long pid = 0;
  if (in >> pid && pid > 0) return static_cast<pid_t>(pid);
  return std::nullopt;
}

// Registers QEMU's process group once its pid file appears, and stops QEMU if /init is not seen
// by the boot deadline (the overall deadline is RunSubprocess's own).
void Watchdog(Watch& watch, const std::filesystem::path& pidfile, milliseconds boot_timeout) {
  std::unique_ptr<runner::ScopedChildGroup> registration;
  std::optional<pid_t> pid;
  std::optional<Clock::time_point> kill_sent;
  std::unique_lock lock(watch.mutex);
  while (!watch.finished) {
    watch.changed.wait_for(lock, kWatchdogTick);
    if (watch.finished) break;
    if (!pid && (pid = ReadPid(pidfile))) {
      registration = std::make_unique<runner::ScopedChildGroup>(*pid);
    }
    bool late = watch.time_to_init < milliseconds(0) && Clock::now() - watch.start >= boot_timeout;
    if (late && pid && !kill_sent) {
      watch.boot_timed_out = true;
      kill(-*pid, SIGTERM);
      kill_sent = Clock::now();
    } else if (kill_sent && Clock::now() - *kill_sent > kKillGrace) {
      kill(-*pid, SIGKILL);
    }
  }
}

// QEMU's option syntax ends a value at a comma; a literal one is written twice.
std::string QemuOptionValue(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    escaped += c;
    if (c == ',') escaped += ',';
  }
  return escaped;
}

std::vector<std::string> QemuArgv(const QemuRunRequest& r, const std::filesystem::path& pidfile,
                                  const std::filesystem::path& document_log) {
  std::vector<std::string> argv{r.machine.qemu};
  argv.insert(argv.end(), r.machine.args.begin(), r.machine.args.end());
  for (std::string arg : r.machine.document_channel) {
    if (auto at = arg.find(kDocumentLogPlaceholder); at != std::string::npos) {
      arg.replace(at, kDocumentLogPlaceholder.size(), QemuOptionValue(document_log.string()));
    }
    argv.push_back(std::move(arg));
  }
  for (const std::string& arg :
       {std::string("-kernel"), r.kernel.string(), std::string("-initrd"), r.initramfs.string(),
        std::string("-append"), r.cmdline, std::string("-pidfile"), pidfile.string()}) {
    argv.push_back(arg);
  }
  return argv;
}

// What the guest wrote to the document channel, at most kMaxDocumentLog bytes (a runaway guest
// cannot fill the host's memory; the cut shows as an incomplete document).
std::string ReadDocumentLog(const std::filesystem::path& path) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) return "";
  std::ifstream in(path, std::ios::binary);
  std::string text(static_cast<std::size_t>(std::min<std::uintmax_t>(size, kMaxDocumentLog)), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

}  // namespace

std::filesystem::path DocumentLogPath(const std::filesystem::path& console_log) {
  std::filesystem::path path = console_log;
  path += ".documents";
  return path;
}

QemuRun RunQemu(const QemuRunRequest& request) {
  std::filesystem::path pidfile = request.console_log;
  pidfile += ".qemu.pid";
  std::error_code ignored;
  std::filesystem::remove(pidfile, ignored);
  std::filesystem::remove(request.console_log, ignored);
  const std::filesystem::path document_log = DocumentLogPath(request.console_log);
  std::filesystem::remove(document_log, ignored);

  Watch watch;
  SubprocessOptions options;
  options.timeout = request.overall_timeout;
  options.log_file = request.console_log.string();
  options.on_output = [&](std::string_view chunk) {
    std::lock_guard lock(watch.mutex);
    std::size_t scan_from = watch.console.size() > 64 ? watch.console.size() - 64 : 0;
    watch.console.append(chunk);
    if (watch.time_to_init < milliseconds(0) &&
        runner::ConsoleReachedInit(std::string_view(watch.console).substr(scan_from))) {
      watch.time_to_init = std::chrono::duration_cast<milliseconds>(Clock::now() - watch.start);
    }
    ReportHeartbeats(watch, request.on_heartbeat);
    return true;
  };
  std::thread watchdog(Watchdog, std::ref(watch), pidfile, request.boot_timeout);
  SubprocessResult result;
  try {
    result = RunSubprocess(QemuArgv(request, pidfile, document_log), options);
  } catch (...) {
    {
      std::lock_guard lock(watch.mutex);
      watch.finished = true;
    }
    watch.changed.notify_all();
    watchdog.join();
    throw;
  }
  {
    std::lock_guard lock(watch.mutex);
    watch.finished = true;
  }
  watch.changed.notify_all();
  watchdog.join();
  std::filesystem::remove(pidfile, ignored);

  QemuRun run;
  run.console = std::move(watch.console);
  if (!request.machine.document_channel.empty()) {
    run.documents = ReadDocumentLog(document_log);
    std::filesystem::remove(document_log, ignored);
    // One file keeps the whole run: the serial console, then the document channel.
    std::ofstream(request.console_log, std::ios::app | std::ios::binary)
        << "\n"
        << kDocumentChannelHeader << "\n"
        << run.documents;
  }
  run.wall = result.elapsed;
  run.time_to_init = watch.time_to_init;
  run.qemu_status = result.Describe();
  if (watch.boot_timed_out) {
    run.end = runner::ConsoleEnd::kBootTimedOut;
  } else if (result.timed_out) {
    run.end = run.time_to_init < milliseconds(0) ? runner::ConsoleEnd::kBootTimedOut
                                                 : runner::ConsoleEnd::kRunTimedOut;
  } else {
    run.end = runner::ConsoleEnd::kExited;
  }
  return run;
}

}  // namespace vdsoconf::targets::riscv
