#pragma once
// What keeps failing in one partition, in memory only: decision failures per item, and the
// offsets whose rows the store refused. An item that failed max_tries times is dead-lettered
// `poison` (a message) or set aside (a deadline); a refused message is dead-lettered `poison`.
// A commit that includes an item forgets it. Owned by a partition worker; not thread-safe.

#include <cstdint>
#include <map>
#include <unordered_set>
#include <vector>

#include "actors/pending_item.hpp"

namespace vextrus::actors {

class FailureBook {
 public:
  explicit FailureBook(int max_tries) : max_tries_(max_tries) {}

  // Counts a failed decision of `key`; returns its tries so far.
  int decision_failed(const ItemKey& key) { return ++tries_[key]; }
  int tries(const ItemKey& key) const {
    const auto found = tries_.find(key);
    return found == tries_.end() ? 0 : found->second;
  }
  bool exhausted(const ItemKey& key) const { return tries(key) >= max_tries_; }

  void refused(std::int64_t offset) { refused_.insert(offset); }
  bool is_refused(std::int64_t offset) const { return refused_.count(offset) != 0; }

  // `items` were committed.
  void committed(const std::vector<PendingItem>& items) {
    for (const auto& item : items) {
      tries_.erase(item.key());
      if (item.message != nullptr) refused_.erase(item.message->offset);
    }
  }

 private:
  int max_tries_;
  std::map<ItemKey, int> tries_;
  std::unordered_set<std::int64_t> refused_;
};

}  // namespace vextrus::actors
