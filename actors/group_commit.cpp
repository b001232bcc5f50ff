#include "actors/group_commit.hpp"

#include <chrono>

namespace vextrus::actors {

QueuedBatches take_queued_batches(caf::blocking_actor* self, const BatchPtr& first, std::size_t max_events,
                                  bool& running) {
  QueuedBatches queued{{first}, first->caught_up};
  std::size_t events = first->messages.size();
  for (bool more = true; more && running && events < max_events;) {
    self->receive(
        [&](batch_atom, const BatchPtr& batch) {
          queued.batches.push_back(batch);
          events += batch->messages.size();
          queued.caught_up = batch->caught_up;
        },
        [&](caught_up_atom) { queued.caught_up = true; }, [&](tick_atom) {}, [&](stop_atom) { running = false; },
        caf::after(std::chrono::seconds(0)) >> [&] { more = false; });
  }
  return queued;
}

}  // namespace vextrus::actors
