// The web console at /ui/ (docs/console.md): the embedded files of console_assets.hpp, and for
// every other path under /ui/ the console's page, whose script routes by the path (a bookmarked
// /ui/invoices?status=on_hold opens that view). Public like the health routes: the page holds no
// data; the script asks /v1 with the token the user signs in with, and /v1 checks it.

#include <string>

#include "adapters/http/console_assets.hpp"
#include "adapters/http/http_routes.hpp"

namespace vextrus::http {
namespace {

// The page runs only its own script and style and talks only to its own origin; it may not be
// framed (clickjacking) or leak its URL (filters, ids) as a referrer. (Every answer of the server
// already says nosniff: request_reader.cpp's serialize.)
const char* const content_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

Response with_console_headers(Response response) {
  response.headers.emplace_back("Content-Security-Policy", content_security_policy);
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
  // The files change with the binary and carry no version in their names: revalidate each time.
  response.headers.emplace_back("Cache-Control", "no-cache");
  return response;
}

const ConsoleAsset* asset(std::string_view name) {
  for (const auto& a : console_assets()) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

Response file(const ConsoleAsset& a) {
  Response response;
  response.content_type = std::string(a.content_type);
  response.body = std::string(a.body);
  return with_console_headers(std::move(response));
}

Response console_path(const RouteContext& c) {
  const std::string& rest = c.params.at(0);  // "{*}": the path after /ui/, "" for /ui/ itself
  if (const auto* a = asset(rest)) return file(*a);
  // The files are all at the top: a name with a dot there that is not one of ours is a missing
  // file, not a page (a page's path has no dot at the top; an id further down may).
  if (rest.find('/') == std::string::npos && rest.find('.') != std::string::npos) {
    return with_console_headers(json_answer(404, dump({{"error", "no console file " + rest}})));
  }
  return file(*asset("index.html"));
}

}  // namespace

std::vector<Route> console_routes() {
  return {
      {"GET", "/ui", std::nullopt, false,
       [](const RouteContext&) {
         Response moved = json_answer(308, dump({{"error", "the console is at /ui/"}}));
         moved.headers.emplace_back("Location", "/ui/");
         return moved;
       }},
      {"GET", "/ui/{*}", std::nullopt, false, console_path},
  };
}

}  // namespace vextrus::http
