#include "child_report.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "guest_io.h"

namespace vdsoconf::agent {

std::string ReportFromChild(const std::function<std::string()>& body, std::string& error) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    error = std::string("pipe2: ") + std::strerror(errno);
    return "";
  }
  const pid_t pid = fork();
  if (pid < 0) {
    error = std::string("fork: ") + std::strerror(errno);
    close(fds[0]);
    close(fds[1]);
    return "";
  }
  if (pid == 0) {
    close(fds[0]);
    WriteAll(fds[1], body());
    _exit(0);
  }
  close(fds[1]);
  std::string text = ReadWholeFdUntilEof(fds[0]);
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || text.empty()) {
    error = "child ended with wait status " + std::to_string(status) + " after writing " +
            std::to_string(text.size()) + " bytes";
    return "";
  }
  return text;
}

}  // namespace vdsoconf::agent
