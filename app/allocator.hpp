#pragma once
// The process's heap allocator, tuned in one place. The service links jemalloc: in a backlog it
// spent a third less CPU than with glibc's malloc, whose arena locks and free-list walks were a
// quarter of the service's profile (bench/results/history-2026-11.md). The sanitizer builds bring their own
// allocator and keep glibc's, tuned as before.

namespace vextrus::app {

// Called first thing in main, before any thread starts.
void tune_allocator();

// Hands pages the allocator keeps after a peak back to the kernel. Called every 10 s by the
// service's health thread; safe from any thread.
void release_free_memory();

}  // namespace vextrus::app
