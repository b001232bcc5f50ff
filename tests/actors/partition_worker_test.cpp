// The partition worker with an in-memory store: batches commit chained audit records,
// projections and offsets; a failed commit is retried without applying anything twice, from
// entity state reloaded from the store.

#include "actors/partition_worker.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "adapters/json/audit_codec.hpp"

namespace vextrus::actors {
namespace {

domain::PolicySet default_policy() {
  domain::Policy policy;
  policy.policy_id = "test-policy";
  policy.effective_from = *domain::parse_date("2025-07-01");
  policy.purchase_order.tiers = {{domain::Role::department_head, domain::Money::from_taka(0)},
                                 {domain::Role::finance_manager, domain::Money::from_taka(100000)}};
  // The contract's defaults: 48 h, 96 h, 168 h.
  return domain::PolicySet({policy});
}

// Committed state as PostgreSQL would hold it; the worker's thread is the only writer.
class FakeStore final : public ports::PartitionStore {
 public:
  struct State {
    std::mutex mutex;
    std::optional<std::int64_t> offset;
    std::vector<domain::AuditRecord> audit;
    std::map<std::string, domain::PurchaseOrder> orders;
    std::vector<domain::DeadLetter> dead_letters;
    std::map<std::string, std::vector<domain::Deadline>> timers;  // by entity
    std::vector<ports::NotificationRow> notifications;
    int failures_left = 0;
    bool throw_other = false;   // the next failure is a plain std::exception
    std::string refuse_entity;  // rows of this entity are refused as bad data
    int commits = 0;
    // While held, a commit waits (after counting itself in commits_started) until released.
    bool held = false;
    int commits_started = 0;
    std::condition_variable released;
    std::int64_t epoch = 0;  // the latest claim
  };
  explicit FakeStore(std::shared_ptr<State> state) : state_(std::move(state)) {}

  std::int64_t claim(const std::string&) override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    epoch_ = ++state_->epoch;
    return epoch_;
  }
  std::optional<std::int64_t> committed_offset() override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->offset;
  }
  ports::ChainHead chain_head() override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    ports::ChainHead head;
    if (!state_->audit.empty()) head = {state_->audit.back().seq, state_->audit.back().hash};
    return head;
  }
  std::unordered_map<std::string, ports::StoredEntity> load_entities(domain::Workflow,
                                                                     const std::vector<std::string>& ids) override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    std::unordered_map<std::string, ports::StoredEntity> out;
    for (const auto& id : ids) {
      if (auto it = state_->orders.find(id); it != state_->orders.end()) out[id].state = it->second;
      for (const auto& record : state_->audit) {
        if (record.entity_id == id && record.event_id) out[id].accepted_event_ids.push_back(*record.event_id);
      }
    }
    return out;
  }
  ports::InvoiceFacts invoice_facts(const std::vector<ports::InvoiceKey>&, const std::vector<std::string>&) override {
    return {};  // purchase orders only
  }
  ports::TimerPage load_timers(std::optional<domain::Timestamp> after, std::size_t limit) override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    std::vector<ports::StoredTimer> all;
    for (const auto& [entity, deadlines] : state_->timers) {
      for (const auto& d : deadlines) {
        if (!after || after->micros < d.due_at.micros) all.push_back({entity, d});
      }
    }
    std::sort(all.begin(), all.end(),
              [](const auto& a, const auto& b) { return a.deadline.due_at < b.deadline.due_at; });
    ports::TimerPage page;
    page.complete = all.size() < limit;
    for (const auto& t : all) {
      if (page.timers.size() >= limit && page.timers.back().deadline.due_at < t.deadline.due_at) break;
      page.timers.push_back(t);
    }
    return page;
  }
  std::int64_t count_timers() override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    std::int64_t count = 0;
    for (const auto& entry : state_->timers) count += static_cast<std::int64_t>(entry.second.size());
    return count;
  }
  ports::CommitResult commit(const ports::BatchCommit& batch) override {
    std::unique_lock<std::mutex> lock(state_->mutex);
    ++state_->commits_started;
    state_->released.wait(lock, [this] { return !state_->held; });
    if (state_->failures_left > 0) {
      --state_->failures_left;
      if (state_->throw_other) throw std::runtime_error("injected unexpected failure");
      throw ports::StoreError("injected commit failure");
    }
    for (const auto& record : batch.audit) {
      if (record.entity_id == state_->refuse_entity) throw ports::StoreError("invalid byte sequence", true);
    }
    if (epoch_ != state_->epoch) throw ports::Fenced("claimed by another worker");
    if (batch.expected_offset != state_->offset) throw ports::StoreError("offset moved");
    state_->offset = batch.next_offset;
    state_->audit.insert(state_->audit.end(), batch.audit.begin(), batch.audit.end());
    for (const auto& entity : batch.entities) {
      const auto& order = std::get<domain::PurchaseOrder>(entity);
      state_->orders[order.po_id] = order;
    }
    state_->dead_letters.insert(state_->dead_letters.end(), batch.dead_letters.begin(), batch.dead_letters.end());
    ports::CommitResult result;
    for (const auto& t : batch.timers) {
      auto& stored = state_->timers[t.entity_id];
      const auto before = static_cast<std::int64_t>(stored.size());
      stored.erase(std::remove_if(stored.begin(), stored.end(),
                                  [&](const domain::Deadline& d) { return !t.up_to || !(*t.up_to < d.due_at); }),
                   stored.end());
      stored.insert(stored.end(), t.deadlines.begin(), t.deadlines.end());
      result.timers_delta += static_cast<std::int64_t>(stored.size()) - before;
      if (stored.empty()) state_->timers.erase(t.entity_id);
    }
    state_->notifications.insert(state_->notifications.end(), batch.notifications.begin(), batch.notifications.end());
    ++state_->commits;
    return result;
  }

 private:
  std::shared_ptr<State> state_;
  std::int64_t epoch_ = 0;
};

// 2025-09-17T04:15:00Z, the business time of the events below unless said otherwise.
constexpr std::int64_t t0_us = 1'758'082'500'000'000;
constexpr std::int64_t hour_us = 3'600'000'000;

std::string event(const std::string& id, const std::string& type, const std::string& po, const std::string& actor,
                  const std::string& role, const std::string& payload, std::int64_t at_us = t0_us) {
  return R"({"event_id":")" + id + R"(","type":")" + type + R"(","entity_id":")" + po + R"(","occurred_at":")" +
         domain::format_utc(domain::Timestamp{at_us}) + R"(","actor":{"id":")" + actor + R"(","role":")" + role +
         R"("},"payload":)" + payload + "}";
}

std::string submitted(const std::string& id, const std::string& po, const std::string& total,
                      std::int64_t at_us = t0_us) {
  return event(
      id, "purchase_order.submitted", po, "u-1", "requester",
      R"({"requester_id":"u-1","department":"d","vendor_id":"v","budget_code":"b","lines":[{"item":"i","quantity":1,"unit_price":")" +
          total + R"("}],"total":")" + total + R"("})",
      at_us);
}

std::string approved(const std::string& id, const std::string& po, const std::string& role,
                     std::int64_t at_us = t0_us) {
  return event(id, "purchase_order.approved", po, "u-" + role, role, "{}", at_us);
}

class WorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.set("scheduler.max-threads", 2);
    system_ = std::make_unique<caf::actor_system>(config_);
    worker_ = system_->spawn<caf::detached>(partition_worker, make_context());
  }

  // A worker's context over the shared committed state; every worker reports to done_.
  std::shared_ptr<WorkerContext> make_context() {
    auto context = std::make_shared<WorkerContext>();
    context->id = {"g", "erp.purchase-orders", 0};
    context->store = std::make_unique<FakeStore>(state_);
    context->policies = policies_;
    context->metrics = &metrics_;
    context->retry_backoff_ms = 1;
    context->max_live_actors = 2;         // small, so that passivation happens within a test
    context->max_deadlines_per_tick = 4;  // likewise for bursts of due timers
    context->max_timers_in_memory = timer_window_;
    context->clock = clock_;
    context->on_fenced = [this] { ++fenced_; };
    context->on_entity_spawned = [this](const std::string& id, const caf::actor& actor) {
      std::lock_guard<std::mutex> lock(spawned_mutex_);
      spawned_[id].push_back(actor);
      if (id == kill_when_spawned_) {
        kill_when_spawned_.clear();  // the first time only
        caf::anon_send_exit(actor, caf::exit_reason::kill);
      }
    };
    context->on_batch_done = [this](std::size_t messages, std::size_t) {
      std::lock_guard<std::mutex> lock(done_mutex_);
      done_ += messages;
      done_changed_.notify_all();
    };
    return context;
  }

  void TearDown() override {
    caf::anon_send(worker_, stop_atom::value);
    caf::scoped_actor self{*system_};
    self->wait_for(worker_);
  }

  // Sets the wall clock, tells the worker its partition is read to the end, and waits until the
  // audit trail has `records` records (or, when it should not grow, a moment to be sure).
  void advance_to(std::int64_t wall_us, std::size_t records) {
    clock_->set(wall_us);
    caf::anon_send(worker_, caught_up_atom::value);
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(records ? 5000 : 400);
    while (std::chrono::steady_clock::now() < until) {
      {
        std::lock_guard<std::mutex> lock(state_->mutex);
        if (records && state_->audit.size() >= records) return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  std::vector<std::string> actions() {
    std::lock_guard<std::mutex> lock(state_->mutex);
    std::vector<std::string> out;
    for (const auto& record : state_->audit) out.push_back(record.action);
    return out;
  }

  // Sends one batch and waits until the worker is done with it.
  void send(const std::vector<std::pair<std::string, std::string>>& keyed_values) {
    const std::size_t target = done_ + keyed_values.size();
    send_without_waiting(keyed_values);
    std::unique_lock<std::mutex> lock(done_mutex_);
    ASSERT_TRUE(done_changed_.wait_for(lock, std::chrono::seconds(10), [&] { return done_ >= target; }));
  }

  void send_without_waiting(const std::vector<std::pair<std::string, std::string>>& keyed_values) {
    send_to(worker_, keyed_values);
  }

  void send_to(const caf::actor& worker, const std::vector<std::pair<std::string, std::string>>& keyed_values) {
    auto batch = std::make_shared<Batch>();
    for (const auto& [key, value] : keyed_values) {
      ports::InputMessage message;
      message.source = {"erp.purchase-orders", 0};
      message.offset = next_offset_++;
      message.key = key;
      message.value = value;
      batch->messages.push_back(std::move(message));
    }
    caf::anon_send(worker, batch_atom::value, BatchPtr(batch));
  }

  void wait_done(std::size_t target) {
    std::unique_lock<std::mutex> lock(done_mutex_);
    ASSERT_TRUE(done_changed_.wait_for(lock, std::chrono::seconds(10), [&] { return done_ >= target; }));
  }

  std::size_t timer_window_ = 200'000;  // timers kept in memory: all of them, unless a test says
  std::shared_ptr<FakeStore::State> state_ = std::make_shared<FakeStore::State>();
  // The manual wall clock the worker reads (µs since the epoch).
  std::shared_ptr<ports::ManualClock> clock_ = std::make_shared<ports::ManualClock>(1'758'000'000'000'000);
  std::shared_ptr<const domain::PolicySet> policies_ = std::make_shared<const domain::PolicySet>(default_policy());
  metrics::Metrics metrics_;
  caf::actor_system_config config_;  // the system keeps a reference: it must outlive it
  std::unique_ptr<caf::actor_system> system_;
  caf::actor worker_;
  std::int64_t next_offset_ = 0;
  std::mutex done_mutex_;
  std::condition_variable done_changed_;
  std::size_t done_ = 0;
  std::atomic<int> fenced_{0};  // on_fenced calls, every worker of the test
  // The entity actors the worker spawned, by entity; one entity's first actor may be killed as
  // soon as it is spawned, before it decides anything.
  std::mutex spawned_mutex_;
  std::map<std::string, std::vector<caf::actor>> spawned_;
  std::string kill_when_spawned_;

  std::size_t spawned(const std::string& id) {
    std::lock_guard<std::mutex> lock(spawned_mutex_);
    return spawned_[id].size();
  }
  caf::actor last_spawned(const std::string& id) {
    std::lock_guard<std::mutex> lock(spawned_mutex_);
    return spawned_[id].back();
  }
  // Waits until the metrics say `text` (a Prometheus sample line).
  bool metrics_show(const std::string& text) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < until) {
      if (metrics_.serialize().find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  }
};

TEST_F(WorkerTest, ABatchCommitsChainedAuditRecordsProjectionsDeadLettersAndTheOffset) {
  send({{"PO-1", submitted("e1", "PO-1", "150000")},
        {"PO-1", approved("e2", "PO-1", "department_head")},
        {"PO-2", "not json"},
        {"PO-1", approved("e2", "PO-1", "department_head")},  // a repeat: no effect
        {"PO-1", approved("e3", "PO-1", "cfo")}});            // wrong role: refused
  ASSERT_EQ(state_->commits, 1);
  EXPECT_EQ(state_->offset, 5);
  ASSERT_EQ(state_->audit.size(), 3u);
  EXPECT_EQ(state_->audit[0].action, "submitted");
  EXPECT_EQ(state_->audit[1].action, "approved");
  EXPECT_EQ(state_->audit[2].action, "refused");
  for (std::size_t i = 0; i < state_->audit.size(); ++i) {
    const auto& record = state_->audit[i];
    EXPECT_EQ(record.chain, "erp.purchase-orders/0");
    EXPECT_EQ(record.seq, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(record.prev_hash, i == 0 ? domain::genesis_hash : state_->audit[i - 1].hash);
    EXPECT_EQ(record.hash, adapters::sha256_hex(record.prev_hash + adapters::canonical_record(record)));
  }
  ASSERT_EQ(state_->orders.count("PO-1"), 1u);
  EXPECT_EQ(state_->orders["PO-1"].tiers_approved, 1);
  EXPECT_EQ(state_->orders["PO-1"].pending_role(), domain::Role::finance_manager);
  ASSERT_EQ(state_->dead_letters.size(), 1u);
  EXPECT_EQ(state_->dead_letters[0].reason, "invalid_json");
  EXPECT_EQ(state_->dead_letters[0].offset, 2);
}

// Group commit: batches that arrive while a transaction runs are committed together by the next.
TEST_F(WorkerTest, BatchesQueuedDuringACommitShareTheNextTransaction) {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->held = true;
  }
  send_without_waiting({{"PO-1", submitted("e1", "PO-1", "150000")}});
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < until) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (state_->commits_started == 1) break;
  }
  send_without_waiting({{"PO-2", submitted("e2", "PO-2", "20000")}});
  send_without_waiting({{"PO-1", approved("e3", "PO-1", "department_head")}});
  send_without_waiting({{"PO-3", "not json"}, {"PO-2", approved("e4", "PO-2", "department_head")}});
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // all three are in the mailbox
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->held = false;
  }
  state_->released.notify_all();
  {
    std::unique_lock<std::mutex> lock(done_mutex_);
    ASSERT_TRUE(done_changed_.wait_for(lock, std::chrono::seconds(10), [&] { return done_ >= 5; }));
  }
  std::lock_guard<std::mutex> lock(state_->mutex);
  EXPECT_EQ(state_->commits, 2) << "the first batch, then the three queued behind it";
  EXPECT_EQ(state_->offset, 5);
  ASSERT_EQ(state_->audit.size(), 4u);
  for (std::size_t i = 0; i < state_->audit.size(); ++i)
    EXPECT_EQ(state_->audit[i].seq, static_cast<std::int64_t>(i + 1));
  EXPECT_EQ(state_->audit[1].entity_id, "PO-2");
  EXPECT_EQ(state_->audit[2].action, "approved");
  EXPECT_EQ(state_->audit[2].entity_id, "PO-1");
  ASSERT_EQ(state_->dead_letters.size(), 1u);
  EXPECT_EQ(state_->dead_letters[0].offset, 3);
}

TEST_F(WorkerTest, AFailedCommitIsRetriedWithoutApplyingAnythingTwice) {
  send({{"PO-1", submitted("e1", "PO-1", "150000")}});
  state_->failures_left = 2;  // the next batch fails twice, then commits
  send({{"PO-1", approved("e2", "PO-1", "department_head")}, {"PO-1", approved("e3", "PO-1", "finance_manager")}});
  EXPECT_EQ(state_->commits, 2);
  EXPECT_EQ(state_->offset, 3);
  ASSERT_EQ(state_->audit.size(), 3u);
  EXPECT_EQ(state_->audit[1].seq, 2);
  EXPECT_EQ(state_->audit[2].seq, 3);
  EXPECT_EQ(state_->orders["PO-1"].status, domain::PurchaseOrderStatus::approved);
  EXPECT_EQ(state_->orders["PO-1"].tiers_approved, 2);

  // State came back from the store: a later approval is refused as the order is final.
  send({{"PO-1", approved("e4", "PO-1", "finance_manager")}});
  ASSERT_EQ(state_->audit.size(), 4u);
  EXPECT_EQ(state_->audit[3].action, "refused");
}

TEST_F(WorkerTest, RowsTheDatabaseKeepsRefusingAreDeadLetteredAndTheRestCommits) {
  state_->refuse_entity = "PO-BAD";
  send({{"PO-1", submitted("e1", "PO-1", "10")},
        {"PO-BAD", submitted("e2", "PO-BAD", "10")},
        {"PO-2", submitted("e3", "PO-2", "10")}});
  EXPECT_EQ(state_->offset, 3);
  EXPECT_EQ(state_->orders.count("PO-1"), 1u);
  EXPECT_EQ(state_->orders.count("PO-2"), 1u);
  EXPECT_EQ(state_->orders.count("PO-BAD"), 0u);
  ASSERT_EQ(state_->dead_letters.size(), 1u);
  EXPECT_EQ(state_->dead_letters[0].reason, "poison");
  EXPECT_EQ(state_->dead_letters[0].offset, 1);
  ASSERT_EQ(state_->audit.size(), 2u);
  EXPECT_EQ(state_->audit[1].seq, 2);
  EXPECT_EQ(state_->audit[1].prev_hash, state_->audit[0].hash);
}

TEST_F(WorkerTest, AnUnexpectedFailureIsRetriedAndTheWorkerSurvives) {
  state_->throw_other = true;
  state_->failures_left = 1;
  send({{"PO-1", submitted("e1", "PO-1", "10")}});
  EXPECT_EQ(state_->offset, 1);
  send({{"PO-1", approved("e2", "PO-1", "department_head")}});
  EXPECT_EQ(state_->offset, 2);
  EXPECT_EQ(state_->orders["PO-1"].status, domain::PurchaseOrderStatus::approved);
}

TEST_F(WorkerTest, ReminderEscalationAndExpiryFireAtTheirMomentsOnTheWallClockOnce) {
  send({{"PO-1", submitted("e1", "PO-1", "150000")}});  // two tiers; department_head pending
  ASSERT_EQ(state_->timers["PO-1"].size(), 3u);
  ASSERT_EQ(state_->notifications.size(), 1u);
  EXPECT_EQ(state_->notifications[0].type, "approval.requested");
  EXPECT_EQ(state_->notifications[0].to_role, "department_head");

  advance_to(t0_us + 48 * hour_us - 1, 0);
  EXPECT_EQ(actions(), (std::vector<std::string>{"submitted"})) << "nothing is due a microsecond early";
  advance_to(t0_us + 48 * hour_us, 2);
  EXPECT_EQ(actions(), (std::vector<std::string>{"submitted", "reminder_sent"}));
  advance_to(t0_us + 96 * hour_us, 3);
  advance_to(t0_us + 200 * hour_us, 4);
  advance_to(t0_us + 300 * hour_us, 0);
  EXPECT_EQ(actions(), (std::vector<std::string>{"submitted", "reminder_sent", "escalated", "expired"}))
      << "each fires once";
  EXPECT_EQ(state_->orders["PO-1"].status, domain::PurchaseOrderStatus::expired);
  EXPECT_EQ(state_->orders["PO-1"].decided_at->micros, t0_us + 168 * hour_us);
  EXPECT_TRUE(state_->timers.empty());
  const auto& expired = state_->audit[3];
  EXPECT_EQ(expired.actor_role, "system");
  EXPECT_EQ(expired.occurred_at.micros, t0_us + 168 * hour_us);
  ASSERT_EQ(state_->notifications.size(), 3u);
  EXPECT_EQ(state_->notifications[1].type, "approval.reminder");
  EXPECT_EQ(state_->notifications[2].type, "approval.escalated");
  EXPECT_EQ(state_->notifications[2].to_role, "finance_manager");
  EXPECT_EQ(state_->offset, 1) << "timers move no offset";
}

TEST_F(WorkerTest, ABurstOfDueTimersIsCommittedInBoundedChunks) {
  std::vector<std::pair<std::string, std::string>> orders;
  for (int i = 0; i < 10; ++i) {
    const auto po = "PO-" + std::to_string(i);
    orders.emplace_back(po, submitted("s" + std::to_string(i), po, "10"));
  }
  send(orders);
  const int commits_before = state_->commits;
  advance_to(t0_us + 500 * hour_us, 10 + 30);  // every reminder, escalation and expiry
  EXPECT_EQ(state_->audit.size(), 40u);
  EXPECT_EQ(state_->commits - commits_before, 8) << "30 deadlines, at most 4 per commit";
  EXPECT_TRUE(state_->timers.empty());
}

TEST_F(WorkerTest, ManyDeadlinesDueInsideABacklogFireBeforeTheEventInBoundedChunks) {
  clock_->set(t0_us + 1000 * hour_us);
  std::vector<std::pair<std::string, std::string>> batch;
  for (int i = 0; i < 10; ++i) {
    const auto po = "PO-" + std::to_string(i);
    batch.emplace_back(po, submitted("s" + std::to_string(i), po, "10"));
  }
  send(batch);
  const int commits_before = state_->commits;
  send({{"PO-L", submitted("late", "PO-L", "10", t0_us + 500 * hour_us)}});
  ASSERT_EQ(state_->audit.size(), 41u);
  EXPECT_EQ(state_->audit.back().entity_id, "PO-L") << "every deadline before it came first";
  EXPECT_EQ(state_->commits - commits_before, 8) << "30 deadlines at most 4 per transaction, the event with the last";
  EXPECT_EQ(state_->offset, 11);
  EXPECT_EQ(state_->timers.size(), 1u) << "only PO-L's remain";
}

// Only the earliest timers in memory: the rest are read from the store as those fire.
class SmallTimerWindowTest : public WorkerTest {
 protected:
  SmallTimerWindowTest() { timer_window_ = 4; }

  // Ten orders submitted a minute apart, so that their 30 deadlines are all due at different
  // times; most are beyond the window.
  void submit_ten() {
    std::vector<std::pair<std::string, std::string>> batch;
    for (int i = 0; i < 10; ++i) {
      const auto po = "PO-" + std::to_string(i);
      batch.emplace_back(po, submitted("s" + std::to_string(i), po, "10", t0_us + i * 60'000'000LL));
    }
    send(batch);
  }
};

TEST_F(SmallTimerWindowTest, EveryTimerFiresOnceInDueOrderAndThoseBeyondTheWindowStayStored) {
  submit_ten();
  advance_to(t0_us + 48 * hour_us + 10 * 60'000'000LL, 20);  // every reminder, nothing else
  EXPECT_EQ(state_->audit.size(), 20u);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(state_->timers["PO-" + std::to_string(i)].size(), 2u)
        << "firing a reminder keeps the order's escalation and expiry, stored beyond the window";
  }
  advance_to(t0_us + 500 * hour_us, 40);
  ASSERT_EQ(state_->audit.size(), 40u);
  for (std::size_t i = 11; i < state_->audit.size(); ++i) {
    EXPECT_LE(state_->audit[i - 1].occurred_at.micros, state_->audit[i].occurred_at.micros) << "in due order";
  }
  const auto all = actions();
  EXPECT_EQ(std::count(all.begin(), all.end(), "expired"), 10) << "each order expires once";
  EXPECT_TRUE(state_->timers.empty());
}

TEST_F(SmallTimerWindowTest, DeadlinesBeyondTheWindowStillFireBeforeALaterEventOfABacklog) {
  clock_->set(t0_us + 1000 * hour_us);
  submit_ten();
  send({{"PO-L", submitted("late", "PO-L", "10", t0_us + 500 * hour_us)}});
  ASSERT_EQ(state_->audit.size(), 41u);
  EXPECT_EQ(state_->audit.back().entity_id, "PO-L") << "every deadline before it came first";
  EXPECT_EQ(state_->offset, 11);
  EXPECT_EQ(state_->timers.size(), 1u) << "only PO-L's remain";
}

TEST_F(WorkerTest, AnApprovalInTimeCancelsThePendingTimers) {
  send({{"PO-1", submitted("e1", "PO-1", "10")}});  // one tier
  send({{"PO-1", approved("e2", "PO-1", "department_head", t0_us + hour_us)}});
  EXPECT_TRUE(state_->timers.empty());
  advance_to(t0_us + 500 * hour_us, 0);
  EXPECT_EQ(actions(), (std::vector<std::string>{"submitted", "approved"}));
  ASSERT_EQ(state_->notifications.size(), 2u);
  EXPECT_EQ(state_->notifications[1].type, "workflow.completed");
  EXPECT_EQ(state_->notifications[1].to_role, "requester");
}

TEST_F(WorkerTest, ABacklogIsDecidedInBusinessTimeOrder) {
  clock_->set(t0_us + 1000 * hour_us);  // the wall clock is far ahead: the backlog is late
  // PO-1's approval occurred before its reminder was due; PO-2's after its expiry.
  send({{"PO-1", submitted("a1", "PO-1", "10")},
        {"PO-2", submitted("b1", "PO-2", "10")},
        {"PO-1", approved("a2", "PO-1", "department_head", t0_us + 47 * hour_us)},
        {"PO-3", submitted("c1", "PO-3", "10", t0_us + 170 * hour_us)},
        {"PO-2", approved("b2", "PO-2", "department_head", t0_us + 171 * hour_us)}});
  std::vector<std::string> trail;
  for (const auto& r : state_->audit) trail.push_back(r.entity_id + ":" + r.action);
  EXPECT_EQ(trail, (std::vector<std::string>{"PO-1:submitted", "PO-2:submitted", "PO-1:approved", "PO-2:reminder_sent",
                                             "PO-2:escalated", "PO-2:expired", "PO-3:submitted", "PO-2:refused"}));
  EXPECT_EQ(state_->orders["PO-1"].status, domain::PurchaseOrderStatus::approved);
  EXPECT_EQ(state_->orders["PO-2"].status, domain::PurchaseOrderStatus::expired);
}

TEST_F(WorkerTest, PassivatedEntitiesComeBackWithTheirCommittedStateAndHistory) {
  send({{"PO-1", submitted("e1", "PO-1", "10")}});
  send({{"PO-2", submitted("e2", "PO-2", "10")}, {"PO-3", submitted("e3", "PO-3", "10")}});  // PO-1 passivated
  send({{"PO-1", submitted("e1", "PO-1", "10")},                                             // a repeat
        {"PO-1", approved("e4", "PO-1", "department_head", t0_us + hour_us)}});
  EXPECT_EQ(actions(), (std::vector<std::string>{"submitted", "submitted", "submitted", "approved"}));
  EXPECT_EQ(state_->orders["PO-1"].status, domain::PurchaseOrderStatus::approved);
  const auto metrics = metrics_.serialize();
  EXPECT_NE(metrics.find("vextrus_passivations_total 2"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("vextrus_duplicate_events_total 1"), std::string::npos);
}

// Supervision: an entity actor killed while its batch commits is forgotten when its down message
// arrives, and comes back from the committed state; nothing is lost or applied twice.
TEST_F(WorkerTest, AnEntityKilledWhileItsBatchCommitsComesBackFromTheCommittedState) {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->held = true;
  }
  send_without_waiting(
      {{"PO-1", submitted("e1", "PO-1", "150000")}, {"PO-1", approved("e2", "PO-1", "department_head")}});
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (bool started = false; !started && std::chrono::steady_clock::now() < until;) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    started = state_->commits_started == 1;
  }
  ASSERT_EQ(spawned("PO-1"), 1u);
  caf::anon_send_exit(last_spawned("PO-1"), caf::exit_reason::kill);  // decided, not yet committed
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->held = false;
  }
  state_->released.notify_all();
  wait_done(2);
  ASSERT_TRUE(metrics_show("vextrus_actor_restarts_total 1")) << metrics_.serialize();

  send({{"PO-1", approved("e2", "PO-1", "department_head")},  // a repeat: no effect
        {"PO-1", approved("e3", "PO-1", "finance_manager")}});
  EXPECT_EQ(spawned("PO-1"), 2u) << "spawned again from the store";
  EXPECT_EQ(actions(), (std::vector<std::string>{"submitted", "approved", "approved"}));
  EXPECT_EQ(state_->offset, 4);
  EXPECT_EQ(state_->orders["PO-1"].status, domain::PurchaseOrderStatus::approved);
  EXPECT_EQ(state_->orders["PO-1"].tiers_approved, 2);
  EXPECT_NE(metrics_.serialize().find("vextrus_duplicate_events_total 1"), std::string::npos);
}

// An entity actor that dies before answering fails the attempt; it is retried from the committed
// state and every event of the batch is decided once.
TEST_F(WorkerTest, AnEntityKilledBeforeItDecidesFailsTheAttemptWhichIsRetriedOnce) {
  send({{"PO-1", submitted("e1", "PO-1", "150000")}});
  kill_when_spawned_ = "PO-2";
  send({{"PO-2", submitted("e2", "PO-2", "20000")},
        {"PO-1", approved("e3", "PO-1", "department_head")},
        {"PO-2", approved("e4", "PO-2", "department_head")}});
  EXPECT_EQ(spawned("PO-2"), 2u);
  EXPECT_EQ(state_->commits, 2);
  EXPECT_EQ(state_->offset, 4);
  EXPECT_EQ(actions(), (std::vector<std::string>{"submitted", "submitted", "approved", "approved"}));
  for (std::size_t i = 0; i < state_->audit.size(); ++i)
    EXPECT_EQ(state_->audit[i].seq, static_cast<std::int64_t>(i + 1));
  EXPECT_EQ(state_->orders["PO-2"].status, domain::PurchaseOrderStatus::approved);
  EXPECT_EQ(state_->orders["PO-1"].tiers_approved, 1);
  EXPECT_TRUE(metrics_show("vextrus_actor_restarts_total 1"));
}

TEST_F(WorkerTest, AnEventWhoseDecisionKeepsThrowingIsDeadLetteredAndThePartitionFlows) {
  // An order whose policy file was removed: every decision about it throws.
  domain::PurchaseOrder broken;
  broken.po_id = "PO-X";
  broken.tiers = {domain::Role::department_head};
  broken.policy_id = "removed-policy";
  state_->orders["PO-X"] = broken;
  send({{"PO-1", submitted("e1", "PO-1", "10")},
        {"PO-X", approved("x1", "PO-X", "department_head")},
        {"PO-2", submitted("e2", "PO-2", "10")}});
  EXPECT_EQ(state_->offset, 3);
  ASSERT_EQ(state_->dead_letters.size(), 1u);
  EXPECT_EQ(state_->dead_letters[0].reason, "poison");
  EXPECT_EQ(state_->dead_letters[0].offset, 1);
  EXPECT_EQ(actions(), (std::vector<std::string>{"submitted", "submitted"}));
  const auto metrics = metrics_.serialize();
  EXPECT_NE(metrics.find("vextrus_actor_restarts_total 3"), std::string::npos) << metrics;
}

// Fencing (issue 7): another worker claims the partition, as its new owner does after a
// rebalance this process has not heard of yet (it was paused). The old worker's next commit is
// dropped with its in-memory state; it writes nothing more, deadlines included, while the new
// owner carries on from the committed offset.
TEST_F(WorkerTest, AWorkerWhosePartitionWasClaimedElsewhereCommitsNothingMore) {
  send({{"PO-1", submitted("e1", "PO-1", "150000")}});
  ASSERT_EQ(state_->commits, 1);
  auto new_owner = system_->spawn<caf::detached>(partition_worker, make_context());
  for (int i = 0; i < 1000; ++i) {
    {
      std::lock_guard<std::mutex> lock(state_->mutex);
      if (state_->epoch == 2) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(state_->epoch, 2);

  send({{"PO-1", approved("e2", "PO-1", "department_head")}});  // the old worker: dropped
  advance_to(clock_->wall_now().micros + 50 * hour_us, 0);      // its reminder is due: not fired
  EXPECT_EQ(state_->commits, 1);
  EXPECT_EQ(actions(), (std::vector<std::string>{"submitted"}));
  EXPECT_NE(metrics_.serialize().find("vextrus_partition_fenced_total 1"), std::string::npos);
  EXPECT_EQ(fenced_.load(), 1);  // the consumer loop hears of it (to take a stale claim back)

  next_offset_ = 1;  // the new owner reads the same message again from the committed offset
  const std::size_t target = done_ + 1;
  send_to(new_owner, {{"PO-1", approved("e2", "PO-1", "department_head")}});
  wait_done(target);
  EXPECT_EQ(state_->commits, 2);
  EXPECT_EQ(state_->offset, 2);
  EXPECT_EQ(actions(), (std::vector<std::string>{"submitted", "approved"}));
  caf::anon_send(new_owner, stop_atom::value);
  caf::scoped_actor self{*system_};
  self->wait_for(new_owner);
}

TEST_F(WorkerTest, MessagesBelowTheCommittedOffsetAreSkipped) {
  send({{"PO-1", submitted("e1", "PO-1", "10")}});
  next_offset_ = 0;  // Kafka re-delivers what was already committed
  send({{"PO-1", submitted("e1", "PO-1", "10")}, {"PO-1", approved("e2", "PO-1", "department_head")}});
  EXPECT_EQ(state_->offset, 2);
  ASSERT_EQ(state_->audit.size(), 2u);
  EXPECT_EQ(state_->audit[1].action, "approved");
}

}  // namespace
}  // namespace vextrus::actors
