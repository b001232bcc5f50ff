#include "adapters/json/dead_letter_codec.hpp"

#include <simdjson.h>

#include <nlohmann/json.hpp>

#include "adapters/json/base64.hpp"
#include "adapters/json/utf8.hpp"

namespace vextrus::adapters {

std::string dead_letter_message(const domain::DeadLetter& row, std::size_t max_payload) {
  nlohmann::json message;
  message["reason"] = row.reason;
  message["detail"] = row.detail;
  message["topic"] = row.topic;
  message["partition"] = row.partition;
  message["offset"] = row.offset;
  message["received_at"] = domain::format_utc(row.received_at);
  const bool truncated = row.payload.size() > max_payload;
  std::string_view payload = row.payload;
  if (simdjson::validate_utf8(row.payload.data(), row.payload.size())) {
    payload = cut_utf8(payload, max_payload);
    message["payload"] = std::string(payload);
  } else {
    payload = payload.substr(0, max_payload);
    message["payload"] = base64(payload);
    message["payload_encoding"] = "base64";
  }
  if (truncated) message["truncated"] = true;
  // Replace rather than throw: reason and detail are ours, but a detail may quote input.
  return message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace vextrus::adapters
