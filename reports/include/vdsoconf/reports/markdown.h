// Markdown for a pull-request comment (GitHub/GitLab flavoured): a headline verdict, one table row
// per kernel, then each failure in a collapsible block with its evidence and reproducer, the
// kernels that did not boot with their console excerpt, and the skips with their reasons.
// Table cells are escaped (escape.h MarkdownCell); blocks are fenced so that no kernel string can
// close them.
#pragma once

#include <string>

#include "vdsoconf/reports/results.h"

namespace vdsoconf::reports {

std::string RenderMarkdown(const ResultsDocument& document);

}  // namespace vdsoconf::reports
