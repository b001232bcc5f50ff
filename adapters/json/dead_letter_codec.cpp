#include "adapters/json/dead_letter_codec.hpp"

#include <openssl/evp.h>
#include <simdjson.h>

#include <nlohmann/json.hpp>

namespace vextrus::adapters {
namespace {

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(bytes.data()),
                                      static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

// Cuts at most `limit` bytes without splitting a UTF-8 sequence at the end.
std::string_view cut_utf8(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t end = limit;
  while (end > 0 && end > limit - 4 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

std::string dead_letter_message(const domain::DeadLetter& row) {
  nlohmann::json message;
  message["reason"] = row.reason;
  message["detail"] = row.detail;
  message["topic"] = row.topic;
  message["partition"] = row.partition;
  message["offset"] = row.offset;
  message["received_at"] = domain::format_utc(row.received_at);
  const bool truncated = row.payload.size() > max_dead_letter_payload;
  std::string_view payload = row.payload;
  if (simdjson::validate_utf8(row.payload.data(), row.payload.size())) {
    payload = cut_utf8(payload, max_dead_letter_payload);
    message["payload"] = std::string(payload);
  } else {
    payload = payload.substr(0, max_dead_letter_payload);
    message["payload"] = base64(payload);
    message["payload_encoding"] = "base64";
  }
  if (truncated) message["truncated"] = true;
  return message.dump();
}

}  // namespace vextrus::adapters
