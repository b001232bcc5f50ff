#pragma once
// Deadlines dated by an event's payload rather than by its occurred_at (an invoice's due date
// from invoice_date, onboarding tasks from start_date) can be due as soon as they are set. The
// pipeline decides events in segments within which no new deadline can fall due; this bounds
// how early a deadline set by one event can be, from the event alone.

#include <optional>

#include "domain/event.hpp"
#include "domain/policy.hpp"

namespace vextrus::domain {

// The earliest due time of a payload-dated deadline that deciding `event` may set: nullopt when
// it sets none; the smallest timestamp when the event alone cannot tell (a hold release or a
// correction starts deadlines dated by the entity's stored payload).
std::optional<Timestamp> earliest_dated_deadline(const Event& event, const PolicySet& policies);

// The shortest time after its event at which an approval deadline (reminder, escalation,
// expiry) falls due under any of `policies`: within that much event time after the watermark, a
// decision cannot set an approval deadline that is already due. At least a microsecond.
Duration shortest_approval_deadline(const PolicySet& policies);

}  // namespace vextrus::domain
