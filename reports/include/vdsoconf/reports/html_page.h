// The frame every HTML page vdsoconf writes shares (the report and the diff): one self-contained
// file, inline CSS, no script and no external resource (a Content-Security-Policy meta tag
// forbids any), so it opens offline and cannot run anything a kernel string smuggled in.
#pragma once

#include <string>
#include <string_view>

namespace vdsoconf::reports {

// From <!DOCTYPE html> to the opening <main>; `title` is escaped here.
std::string HtmlPageStart(std::string_view title);
// Closes what HtmlPageStart opened.
std::string_view HtmlPageEnd();

}  // namespace vdsoconf::reports
