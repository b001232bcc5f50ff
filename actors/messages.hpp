#pragma once
// Messages between the consumer loop, partition workers and entity actors. All are local to one
// process and never serialised, hence CAF_ALLOW_UNSAFE_MESSAGE_TYPE instead of inspect().

#include <caf/all.hpp>
#include <memory>
#include <optional>
#include <vector>

#include "actors/outcome.hpp"
#include "ports/input_message.hpp"

namespace vextrus::actors {

// A poll batch of one partition, in offset order.
struct Batch {
  std::vector<ports::InputMessage> messages;
  bool caught_up = false;  // the partition had nothing more to read after these
  std::size_t bytes() const {
    std::size_t total = 0;
    for (const auto& message : messages) total += message.value.size();
    return total;
  }
};
using BatchPtr = std::shared_ptr<const Batch>;

using batch_atom = caf::atom_constant<caf::atom("batch")>;
using decide_atom = caf::atom_constant<caf::atom("decide")>;
using deadline_atom = caf::atom_constant<caf::atom("deadline")>;
// The consumer loop tells a worker that its partition is read to the end: its watermark may
// follow the wall clock.
using caught_up_atom = caf::atom_constant<caf::atom("caughtup")>;
// A worker reminds itself that more timers are due than one commit takes.
using tick_atom = caf::atom_constant<caf::atom("tick")>;
// The consumer loop stops a worker (after the batches queued before it).
using stop_atom = caf::atom_constant<caf::atom("stop")>;

}  // namespace vextrus::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vextrus::actors::BatchPtr)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vextrus::actors::EventPtr)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vextrus::actors::LookupsPtr)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vextrus::actors::Outcome)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vextrus::domain::Deadline)
