// Escaping for every output format. Strings in results.json come from kernels and guests (console
// excerpts, kernel releases, messages a probe printed): they are untrusted text, so every writer
// passes each one through exactly one of these functions before it reaches an output.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vdsoconf::reports {

// `text` with every byte sequence that is not valid UTF-8 replaced by U+FFFD, so a console that
// printed garbage cannot make a JSON or XML writer throw or emit an invalid document.
std::string ValidUtf8(std::string_view text);

// For HTML text and double-quoted attribute values: & < > " ' become entities; invalid UTF-8 is
// replaced (ValidUtf8); control characters other than tab, newline and carriage return become
// U+FFFD (they are not allowed in HTML). The result can never open a tag or leave an attribute.
std::string HtmlEscape(std::string_view text);

// For XML 1.0 text and attribute values (JUnit): & < > always become entities; with `attribute`
// true also " and ', and tab and newline become character references so that attribute
// normalisation keeps them. Carriage returns are always written as &#13;. Characters XML 1.0
// forbids (C0 controls but tab/LF/CR) become U+FFFD.
std::string XmlEscape(std::string_view text, bool attribute = false);

// One line of plain text: newlines, carriage returns and tabs become single spaces, other control
// characters become U+FFFD, runs of spaces collapse, leading/trailing spaces go. For KTAP result
// lines and Markdown table cells, where a newline would end the record.
std::string OneLine(std::string_view text);

// For a KTAP test description: OneLine, and '#' (which starts the directive) becomes '_'.
std::string KtapName(std::string_view text);

// For a Markdown table cell: OneLine, then HTML-escaped (GitHub renders inline HTML) and '|',
// '`', '*', '_', '[' and ']' backslash-escaped so the cell cannot break the table or form links.
std::string MarkdownCell(std::string_view text);

// A fenced code block holding `text` verbatim: the fence is longer than any run of backticks in
// `text`, so the content cannot close it. `language` may be empty.
std::string MarkdownCodeBlock(std::string_view text, std::string_view language);

// At most `max_bytes` bytes of `text`, cut at a UTF-8 character boundary, with "…" appended when
// something was cut (the marker counts toward the limit). max_bytes < 4 returns "".
std::string TruncateUtf8(std::string_view text, std::size_t max_bytes);

// [A-Za-z0-9_-] kept, every other byte becomes '_'. Empty input gives "_". For identifiers in
// formats with a restricted alphabet (KCIDB test paths, HTML ids, file names).
std::string Slug(std::string_view text);

// A short decimal for people: integers without a fraction, others with up to `digits` significant
// decimals, trailing zeros dropped ("12", "0.5", "1.234"). NaN and infinities print as "nan"/"inf".
std::string FormatNumber(double value, int digits = 3);

}  // namespace vdsoconf::reports
