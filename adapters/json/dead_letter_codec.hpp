#pragma once
// The value published on vextrus.dead-letter (docs/schemas/dead-letter.json). Stateless, thread-safe.

#include <string>

#include "domain/dead_letter.hpp"

namespace vextrus::adapters {

inline constexpr std::size_t max_dead_letter_payload = 64 * 1024;

// `row.payload` may already be cut to max_dead_letter_payload + 1 bytes: anything longer than
// the limit is marked truncated.
// {"reason","detail","topic","partition","offset","received_at","payload"}; the payload as a
// string when it is UTF-8, else base64 with "payload_encoding": "base64"; cut to 64 KiB with
// "truncated": true.
std::string dead_letter_message(const domain::DeadLetter& row);

}  // namespace vextrus::adapters
