#pragma once
// The limits of the HTTP listener (http.* settings, docs/operations.md "HTTP limits"): what one
// client may send and hold, so that no client, slow or hostile, can exhaust the process's
// memory or threads or keep the health probes from answering. Plain data.

#include <cstddef>

namespace vextrus::http {

struct Limits {
  std::size_t max_request_line_bytes = 8 * 1024;  // method, target and version: beyond it, 414
  std::size_t max_header_bytes = 16 * 1024;       // the whole request head: beyond it, 431
  std::size_t max_header_lines = 100;             // header fields: beyond them, 431
  std::size_t max_body_bytes = 64 * 1024;         // beyond it, 413
  int head_timeout_ms = 10'000;                   // the whole request head, from its first byte: beyond it, 408
  int body_timeout_ms = 10'000;                   // the whole body, from the end of the head: beyond it, 408
  int idle_timeout_ms = 5'000;                    // a kept-alive connection waiting for its next request
  int write_timeout_ms = 10'000;                  // one whole answer
  int max_connections = 1024;                     // open at once: beyond, a fast 503 and close
  int max_connections_per_client = 256;           // per client address
  int max_concurrent_requests = 256;  // /v1 requests admitted at once, at work or waiting: beyond, a fast 503
  int worker_threads = 4;             // threads that run /v1 requests (each holds a database connection)
};

}  // namespace vextrus::http
