// Emits framed documents exactly as protocol/FRAMING.md specifies, with kernel
// messages written to /dev/kmsg between frames, then powers off. It exercises the whole
// host path (console capture, framing decoder, results) before and independently of the agent:
// an agent-start, an "ok" probe result long enough to need several chunks, a "hang" result
// (which the host must report as a hang of that probe, not as an infrastructure failure) and
// agent-done.
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>

#include "init_common.h"

static uint32_t Crc32(const unsigned char* bytes, size_t size) {  // zlib's crc32
  uint32_t crc = 0xffffffffu;
  for (size_t i = 0; i < size; ++i) {
    crc ^= bytes[i];
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

static size_t Base64(const unsigned char* in, size_t size, char* out) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t o = 0;
  for (size_t i = 0; i < size; i += 3) {
    uint32_t v = (uint32_t)in[i] << 16;
    if (i + 1 < size) v |= (uint32_t)in[i + 1] << 8;
    if (i + 2 < size) v |= in[i + 2];
    out[o++] = kAlphabet[(v >> 18) & 63];
    out[o++] = kAlphabet[(v >> 12) & 63];
    out[o++] = i + 1 < size ? kAlphabet[(v >> 6) & 63] : '=';
    out[o++] = i + 2 < size ? kAlphabet[v & 63] : '=';
  }
  out[o] = 0;
  return o;
}

static void Kmsg(const char* text) {
  int fd = open("/dev/kmsg", O_WRONLY);
  if (fd < 0) return;
  (void)!write(fd, text, strlen(text));
  close(fd);
}

// 48 payload bytes per chunk encode to exactly 64 base64 characters, the protocol's maximum.
static void EmitDocument(int id, const char* payload) {
  size_t size = strlen(payload);
  char line[256];
  snprintf(line, sizeof line, "@@VDSOCONF1 B %d %zu %08x@@", id, size,
           Crc32((const unsigned char*)payload, size));
  WriteLine(line);
  int chunks = 0;
  for (size_t at = 0; at < size; at += 48, ++chunks) {
    size_t n = size - at < 48 ? size - at : 48;
    char encoded[80];
    Base64((const unsigned char*)payload + at, n, encoded);
    snprintf(line, sizeof line, "@@VDSOCONF1 D %d %d %s %08x@@", id, chunks, encoded,
             Crc32((const unsigned char*)payload + at, n));
    WriteLine(line);
    if (chunks == 1) Kmsg("<2>vdsoconf-test: a kernel message between two chunks\n");
  }
  snprintf(line, sizeof line, "@@VDSOCONF1 E %d %d@@", id, chunks);
  WriteLine(line);
}

int main(void) {
  mount("devtmpfs", "/dev", "devtmpfs", 0, 0);
  EmitDocument(1,
               "{\"type\":\"agent-start\",\"agent_version\":\"framed-test-init\","
               "\"uname\":{\"machine\":\"riscv64\"},\"probes\":[\"steady\",\"stuck\"]}");
  WriteLine("@@VDSOCONF1 H probe steady start@@");
  EmitDocument(2,
               "{\"type\":\"probe-result\",\"probe\":\"steady\",\"status\":\"ok\","
               "\"elapsed_ms\":5,\"data\":{\"note\":\"a payload long enough to span several "
               "chunks of forty-eight bytes each, with \\\"escapes\\\" and unicode \\u00e9\"}}");
  WriteLine("@@VDSOCONF1 H probe steady done@@");
  EmitDocument(3,
               "{\"type\":\"probe-result\",\"probe\":\"stuck\",\"status\":\"hang\","
               "\"elapsed_ms\":1000,\"data\":{}}");
  EmitDocument(4, "{\"type\":\"agent-done\",\"probes_run\":2}");
  WriteLine("@@VDSOCONF1 H powering off@@");
  PowerOff();
  return 0;
}
