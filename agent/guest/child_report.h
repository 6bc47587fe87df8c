// A piece of work done in a forked child, its text brought back through a pipe: how a probe runs
// code that must not change the agent's own state (a time namespace entered, a mapping moved,
// a context the agent cannot leave again).
#pragma once

#include <functional>
#include <string>

namespace vdsoconf::agent {

// Runs `body` in a forked child and returns what it wrote, or "" with `error` set. The child's
// exit status must be 0 and its text non-empty; a child that dies leaves its wait status in
// `error`.
std::string ReportFromChild(const std::function<std::string()>& body, std::string& error);

}  // namespace vdsoconf::agent
