#include "vdsoconf/runner/console_classifier.h"

#include <cctype>
#include <optional>
#include <vector>

#include "vdsoconf/runner/framing.h"

namespace vdsoconf::runner {
namespace {

using targets::BootStatus;

constexpr std::size_t kLinesBeforeEvent = 5;
constexpr std::size_t kLinesAfterEvent = 40;
constexpr std::size_t kTailLines = 25;

// Console lines without line ends; with `strip_frames`, also without agent frames (for matching:
// excerpts keep them, since the last heartbeat tells where a hang happened).
std::vector<std::string> ConsoleLines(std::string_view console, bool strip_frames) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < console.size()) {
    std::size_t end = console.find('\n', start);
    if (end == std::string_view::npos) end = console.size();
    std::string line(console.substr(start, end - start));
    while (!line.empty() && line.back() == '\r') line.pop_back();
    std::size_t frame;
    while (strip_frames && (frame = line.find(kFrameMarker)) != std::string::npos) {
      std::size_t close = line.find("@@", frame + kFrameMarker.size());
      line.erase(frame, close == std::string::npos ? std::string::npos : close + 2 - frame);
    }
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

// The message part of a printk line: without the "[    1.234567] " timestamp.
std::string_view Message(std::string_view line) {
  std::size_t open = line.find('[');
  if (open != std::string_view::npos) {
    std::size_t close = line.find("] ", open);
    bool stamp = close != std::string_view::npos && close > open + 1;
    for (std::size_t i = open + 1; stamp && i < close; ++i) {
      char c = line[i];
      stamp = c == ' ' || c == '.' || std::isdigit(static_cast<unsigned char>(c));
    }
    if (stamp) return line.substr(close + 2);
  }
  return line;
}

// Replaces addresses (0x..., or 8+ hex digits) so titles of one failure compare equal.
std::string Normalize(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  auto is_hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  while (i < text.size()) {
    std::size_t j = i;
    if (text.substr(i, 2) == "0x") j += 2;
    std::size_t digits_start = j;
    while (j < text.size() && is_hex(text[j])) ++j;
    bool boundary = i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1]));
    if (boundary && (j - digits_start >= 8 || (digits_start == i + 2 && j > digits_start))) {
      out += "ADDR";
      i = j;
    } else {
      out += text[i++];
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  return out;
}

struct Event {
  BootStatus status;
  std::string title;
};

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::optional<Event> MatchLine(std::string_view line) {
  std::string_view message = Message(line);
  constexpr std::string_view kPanic = "Kernel panic - not syncing: ";
  if (auto at = line.find(kPanic); at != std::string_view::npos) {
    std::string_view reason = line.substr(at + kPanic.size());
    for (std::string_view no_init :
         {"No working init found", "VFS: Unable to mount root fs", "Requested init"}) {
      if (StartsWith(reason, no_init))
        return Event{BootStatus::kNoInit, "no init: " + Normalize(reason)};
    }
    return Event{BootStatus::kPanic, "panic: " + Normalize(reason)};
  }
  if (auto at = message.find("kernel BUG at "); at != std::string_view::npos) {
    return Event{BootStatus::kBug, Normalize(message.substr(at))};
  }
  if (StartsWith(message, "BUG: ")) return Event{BootStatus::kBug, Normalize(message)};
  if (StartsWith(message, "Unable to handle kernel ")) {
    return Event{BootStatus::kOops, Normalize(message)};
  }
  if (StartsWith(message, "Oops")) {
    std::string_view title = message;
    if (auto counter = title.find(" [#"); counter != std::string_view::npos) {
      title = title.substr(0, counter);
    }
    return Event{BootStatus::kOops, Normalize(title)};
  }
  return std::nullopt;
}

std::string Join(const std::vector<std::string>& lines, std::size_t from, std::size_t to) {
  std::string text;
  for (std::size_t i = from; i < to && i < lines.size(); ++i) text += lines[i] + "\n";
  return text;
}

}  // namespace

bool ConsoleReachedInit(std::string_view console) {
  if (console.find(kFrameMarker) != std::string_view::npos) return true;
  std::size_t run = console.find("Run /");
  return run != std::string_view::npos &&
         console.find(" as init process", run) != std::string_view::npos;
}

ConsoleVerdict ClassifyConsole(std::string_view console, ConsoleEnd end) {
  std::vector<std::string> kernel_lines = ConsoleLines(console, true);
  std::vector<std::string> lines = ConsoleLines(console, false);
  for (std::size_t i = 0; i < kernel_lines.size(); ++i) {
    if (auto event = MatchLine(kernel_lines[i])) {
      std::size_t from = i >= kLinesBeforeEvent ? i - kLinesBeforeEvent : 0;
      return {event->status, event->title, Join(lines, from, i + kLinesAfterEvent)};
    }
  }
  std::size_t tail_from = lines.size() > kTailLines ? lines.size() - kTailLines : 0;
  std::string tail = Join(lines, tail_from, lines.size());
  bool reached = ConsoleReachedInit(console);
  switch (end) {
    case ConsoleEnd::kBootTimedOut:
      return {BootStatus::kBootTimeout,
              reached ? "boot timeout: /init started but the boot deadline passed"
                      : "boot timeout: /init never reached",
              tail};
    case ConsoleEnd::kRunTimedOut:
      return {BootStatus::kRunTimeout, "run timeout: the guest did not power off in time", tail};
    case ConsoleEnd::kExited:
      break;
  }
  if (reached) return {BootStatus::kCompleted, "completed", ""};
  return {BootStatus::kQemuError, "qemu ended before the kernel reached /init", tail};
}

}  // namespace vdsoconf::runner
