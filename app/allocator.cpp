#include "app/allocator.hpp"

#if VEXTRUS_JEMALLOC
#include <jemalloc/jemalloc.h>

#include <string>
#else
#include <malloc.h>

#include <cstdlib>
#endif

namespace vextrus::app {

#if VEXTRUS_JEMALLOC

// jemalloc's defaults fit: four arenas per CPU, threads spread over them, and freed pages handed
// back to the kernel over 10 s.
void tune_allocator() {}

void release_free_memory() {
  // Without background threads an arena purges only when it allocates again, so an arena that
  // went quiet after a backlog would keep its pages.
  static const std::string purge_all = "arena." + std::to_string(MALLCTL_ARENAS_ALL) + ".purge";
  mallctl(purge_all.c_str(), nullptr, nullptr, nullptr, 0);
}

#else

void tune_allocator() {
  // glibc gives each busy thread its own heap arena and keeps what they free: with a dozen
  // threads (partition workers, CAF, librdkafka) resident memory crept up ~40 MiB over a million
  // orders with the heap itself flat (heaptrack). Two arenas keep it flat (bench/results/history-2026-11.md).
  // MALLOC_ARENA_MAX, when set, wins.
  if (std::getenv("MALLOC_ARENA_MAX") == nullptr) ::mallopt(M_ARENA_MAX, 2);
}

void release_free_memory() {
  // Hands the pages freed in the middle of the heap back to the kernel (glibc keeps them
  // otherwise): without it resident memory crept ~7 MiB per 500,000 events at a flat heap.
  ::malloc_trim(0);
}

#endif

}  // namespace vextrus::app
