#pragma once
// The value published on vextrus.dead-letter (docs/schemas/dead-letter.json). Stateless, thread-safe.

#include <string>

#include "domain/dead_letter.hpp"

namespace vextrus::adapters {

inline constexpr std::size_t max_dead_letter_payload = 64 * 1024;

// {"reason","detail","topic","partition","offset","received_at","payload"}; the payload as a
// string when it is UTF-8, else base64 with "payload_encoding": "base64"; cut to `max_payload`
// bytes with "truncated": true. `row.payload` may already be cut to max_payload + 1 bytes:
// anything longer than the limit is marked truncated. The API's detail of one dead letter shows
// it whole (an event is at most 1 MiB).
std::string dead_letter_message(const domain::DeadLetter& row, std::size_t max_payload = max_dead_letter_payload);

}  // namespace vextrus::adapters
