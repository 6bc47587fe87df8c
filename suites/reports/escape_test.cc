#include "vdsoconf/reports/escape.h"

#include <gtest/gtest.h>

namespace vdsoconf::reports {
namespace {

TEST(Escape, HtmlNeverLeavesATagOrAttributeOpen) {
  std::string raw = "<script>alert(\"x\")</script> & 'y'";
  std::string escaped = HtmlEscape(raw);
  EXPECT_EQ(escaped, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;") << raw;
}

TEST(Escape, InvalidUtf8AndControlCharactersBecomeReplacementCharacters) {
  std::string raw = std::string("a\xff") + "b\x01" + "c\xC0\xAF" + "d\xED\xA0\x80";
  EXPECT_EQ(HtmlEscape(raw),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD"
            "c\xEF\xBF\xBD\xEF\xBF\xBD"
            "d"
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD")
      << "overlong and surrogate forms are invalid too";
  EXPECT_EQ(ValidUtf8("caf\xC3\xA9 \xF0\x9F\x90\xA7"), "caf\xC3\xA9 \xF0\x9F\x90\xA7");
}

TEST(Escape, XmlAttributesKeepNewlinesAsReferences) {
  EXPECT_EQ(XmlEscape("a\nb\t\"c\"", true), "a&#10;b&#9;&quot;c&quot;");
  EXPECT_EQ(XmlEscape("a\nb \"c\" \r", false), "a\nb \"c\" &#13;");
}

TEST(Escape, OneLineAndKtapNamesCannotEndTheRecord) {
  EXPECT_EQ(OneLine("  a\n\n b\t c \r\n"), "a b c");
  EXPECT_EQ(KtapName("clock # SKIP fake\nok 1 forged"), "clock _ SKIP fake ok 1 forged");
}

TEST(Escape, MarkdownCellsCannotBreakTheTable) {
  EXPECT_EQ(MarkdownCell("a|b\n`c`*_[x](y)<i>"), "a\\|b \\`c\\`\\*\\_\\[x\\](y)&lt;i&gt;");
}

TEST(Escape, CodeBlockFenceIsLongerThanAnyBacktickRun) {
  std::string block = MarkdownCodeBlock("x ```` y", "");
  EXPECT_EQ(block, "`````\nx ```` y\n`````\n") << block;
}

TEST(Escape, TruncationCutsAtCharacterBoundaries) {
  std::string text = "\xC3\xA9\xC3\xA9\xC3\xA9";  // three 2-byte characters
  EXPECT_EQ(TruncateUtf8(text, 6), text);
  EXPECT_EQ(TruncateUtf8(text, 5), "\xC3\xA9\xE2\x80\xA6") << "é + ellipsis, not half a character";
  EXPECT_EQ(TruncateUtf8(text, 3), "");
}

TEST(Escape, SlugsAndNumbers) {
  EXPECT_EQ(Slug("source:6.12 x/y"), "source_6_12_x_y");
  EXPECT_EQ(Slug(""), "_");
  EXPECT_EQ(FormatNumber(12), "12");
  EXPECT_EQ(FormatNumber(0.5), "0.5");
  EXPECT_EQ(FormatNumber(1.23456), "1.235");
  EXPECT_EQ(FormatNumber(-0.0001), "0");
}

}  // namespace
}  // namespace vdsoconf::reports
