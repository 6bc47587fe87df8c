#include "vdsoconf/reports/html_page.h"

#include "vdsoconf/reports/escape.h"

namespace vdsoconf::reports {
namespace {

constexpr std::string_view kStyle = R"css(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1f24;background:#fff}
main{max-width:1200px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0}h2{font-size:18px;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:32px}
h3{font-size:15px;margin:16px 0 4px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
pre{background:#f6f8fa;border:1px solid #d0d7de;padding:8px;overflow:auto;max-height:360px;font-size:12px;white-space:pre-wrap;word-break:break-all}
code{font-size:12px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;font-size:12px}
.pass{background:#dafbe1;color:#116329}.fail,.hang,.error{background:#ffebe9;color:#a40e26}
.skip{background:#eaeef2;color:#57606a}.infra,.notrun,.inconclusive{background:#fff8c5;color:#7d4e00}
.xfail{background:#fbefff;color:#6e40c9}.absent{color:#8c959f}
.matrix td{text-align:center;font-size:12px}.matrix td a{color:inherit}
.matrix th.check{text-align:left;font-weight:normal;font-family:ui-monospace,monospace;font-size:12px}
tr.differs td{background:#fff1d6}tr.differs td.missing{background:#ffd8b5;color:#7d4e00}
tr.differs td.moved{font-weight:700;color:#953800}.scroll{overflow-x:auto}
.layout td{font-family:ui-monospace,monospace;font-size:12px}
article.failure{border-left:4px solid #cf222e;padding:2px 12px;margin:12px 0}
article.notbooted{border-left:4px solid #bf8700;padding:2px 12px;margin:12px 0}
.meta{color:#57606a}
svg.chart{display:block;margin:12px 0;background:#fff;border:1px solid #d0d7de}
svg .chart-title{font-weight:600;font-size:13px}svg text{font-size:11px;fill:#1b1f24}
svg .grid{stroke:#eaeef2}svg .frame{fill:none;stroke:#8c959f}svg .axis-label{fill:#57606a}
header{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 16px}header h1{flex:1 1 auto}
header label{font-size:13px;white-space:nowrap;cursor:pointer;user-select:none}
#only-failures{position:absolute;opacity:0}header label::before{content:"\2610  "}
#only-failures:checked~header label::before{content:"\2611  "}
#only-failures:focus-visible~header label{outline:2px solid #0969da}
#failing h2{margin-top:8px}table.failing td:nth-child(4){max-width:640px}td ul{margin:0;padding-left:18px}
#only-failures:checked~section tr.passing,#only-failures:checked~#skips,#only-failures:checked~#layouts{display:none}
)css";

}  // namespace

std::string HtmlPageStart(std::string_view title) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; img-src data:\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         HtmlEscape(title) + "</title>\n<style>" + std::string(kStyle) +
         "</style></head>\n<body><main>\n";
}

std::string_view HtmlPageEnd() {
  return "</main></body></html>\n";
}

}  // namespace vdsoconf::reports
