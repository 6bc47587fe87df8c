#include "sparse_bytes.h"

#include "vdsoconf/protocol/base64.h"

namespace vdsoconf::agent {

void WriteSparseBytes(JsonWriter& json, std::string_view bytes) {
  json.BeginObject();
  json.Field("size", static_cast<std::uint64_t>(bytes.size()));
  json.Key("runs");
  json.BeginArray();
  std::size_t i = 0;
  while (i < bytes.size()) {
    if (bytes[i] == 0) {
      ++i;
      continue;
    }
    const std::size_t begin = i;
    std::size_t end = i;  // one past the last non-zero byte of the run
    while (i < bytes.size()) {
      if (bytes[i] != 0) {
        end = ++i;
      } else if (i - end >= kSparseMinGap) {
        break;
      } else {
        ++i;
      }
    }
    json.BeginArray();
    json.Uint(begin);
    json.String(protocol::Base64Encode(bytes.substr(begin, end - begin)));
    json.EndArray();
  }
  json.EndArray();
  json.EndObject();
}

}  // namespace vdsoconf::agent
