// A streaming JSON writer for the guest agent.
//
// The agent runs as /init in kernels that may be broken, so it avoids every dependency it does
// not need: this writer produces RFC 8259 text into a std::string and nothing else. Commas are
// inserted automatically; the caller is responsible for balancing Begin/End and for calling Key
// before each value inside an object (a misuse produces invalid JSON, which the host rejects).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vdsoconf::agent {

class JsonWriter {
 public:
  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  // The member name of the next value; only inside an object.
  void Key(std::string_view key);
  // Strings are escaped; bytes >= 0x80 are passed through (callers only emit ASCII or UTF-8),
  // control characters become \u00XX.
  void String(std::string_view value);
  void Uint(std::uint64_t value);
  void Int(std::int64_t value);
  void Bool(bool value);
  void Null();
  // Inserts `json` verbatim as one value: it must already be valid JSON.
  void Raw(std::string_view json);

  // Shorthands for "key": value.
  void Field(std::string_view key, std::string_view value) { Key(key), String(value); }
  void Field(std::string_view key, const char* value) { Key(key), String(value); }
  void Field(std::string_view key, std::uint64_t value) { Key(key), Uint(value); }
  void Field(std::string_view key, std::int64_t value) { Key(key), Int(value); }
  void Field(std::string_view key, std::uint32_t value) { Key(key), Uint(value); }
  void Field(std::string_view key, std::int32_t value) { Key(key), Int(value); }
  void Field(std::string_view key, bool value) { Key(key), Bool(value); }

  const std::string& text() const { return text_; }
  std::string Take() { return std::move(text_); }

 private:
  void BeforeValue();
  void AppendEscaped(std::string_view text);
  std::string text_;
  // One entry per open container: true once it holds a value (the next one needs a comma).
  std::vector<bool> has_value_;
  bool after_key_ = false;
};

}  // namespace vdsoconf::agent
