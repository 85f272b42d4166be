// Copyright (c) OpenKV authors.

#include "storage/sqlite/queue_store.h"

#include <string>

#include "storage/sqlite/queue_rows.h"

namespace openkv::storage::sqlite {
namespace {

constexpr const char* kReady = "SELECT ts, id FROM queue WHERE ts <= ?1 ORDER BY ts LIMIT ?2";
constexpr const char* kStartRunning =
    "INSERT INTO queue_running (deadline, id, data, backoff_schedule, keys_if_undelivered) "
    "SELECT ?1, id, data, backoff_schedule, keys_if_undelivered FROM queue "
    "WHERE ts = ?2 AND id = ?3 RETURNING data";
constexpr const char* kDeleteQueued = "DELETE FROM queue WHERE ts = ?1 AND id = ?2";
constexpr const char* kRunningRow =
    "SELECT data, backoff_schedule, keys_if_undelivered FROM queue_running "
    "WHERE deadline = ?1 AND id = ?2";
constexpr const char* kRetry =
    "INSERT INTO queue (ts, id, data, backoff_schedule, keys_if_undelivered) "
    "SELECT ?1, id, data, ?2, keys_if_undelivered FROM queue_running "
    "WHERE deadline = ?3 AND id = ?4";
constexpr const char* kDeleteRunning = "DELETE FROM queue_running WHERE deadline = ?1 AND id = ?2";
constexpr const char* kExtend =
    "UPDATE queue_running SET deadline = ?1 WHERE deadline = ?2 AND id = ?3";
constexpr const char* kOverdue =
    "SELECT deadline, id FROM queue_running WHERE deadline <= ?1 ORDER BY deadline LIMIT 100";
constexpr const char* kNextTs = "SELECT ts FROM queue ORDER BY ts LIMIT 1";

void delete_running(Connection& c, const RunningLease& lease) {
  auto s = c.prepare(kDeleteRunning);
  s->bind_int64(1, lease.deadline_ms);
  s->bind_text(2, lease.id);
  s->step();
}

// Spec 02 §9.4 step 5: retry while the schedule lasts, then dead-letter.
void settle_failure(Connection& c, const RunningLease& lease, const core::Bytes& data,
                    const std::string& schedule_json, const std::string& keys_json_text,
                    int64_t now_ms, WriterRandom& random, QueueSettlement& out) {
  std::vector<uint32_t> schedule = parse_backoff_schedule_json(schedule_json);
  if (!schedule.empty()) {
    std::vector<uint32_t> rest(schedule.begin() + 1, schedule.end());
    auto s = c.prepare(kRetry);
    s->bind_int64(1, now_ms + schedule.front());
    s->bind_text(2, backoff_schedule_json(rest));
    s->bind_int64(3, lease.deadline_ms);
    s->bind_text(4, lease.id);
    s->step();
    ++out.requeued;
    delete_running(c, lease);
    return;
  }
  ++out.given_up;
  if (std::vector<core::Bytes> keys = parse_keys_json(keys_json_text); !keys.empty()) {
    // An ordinary commit of sets: one versionstamp for all keys (D8).
    core::AtomicWrite dead_letter;
    for (const core::Bytes& key : keys) {
      core::Mutation m;
      m.key = key;
      m.type = core::MutationType::kSet;
      m.value = core::RawValue{data, core::Encoding::kV8};
      dead_letter.mutations.push_back(std::move(m));
    }
    apply_atomic_write(c, dead_letter, now_ms, random);
    out.dead_letter_keys.insert(out.dead_letter_keys.end(), keys.begin(), keys.end());
  }
  delete_running(c, lease);
}

}  // namespace

std::vector<DequeuedMessage> dequeue_ready_rows(Connection& c, int64_t now_ms, int64_t deadline_ms,
                                                size_t limit) {
  // Collect first: the rows are moved below, which must not happen under a
  // statement still stepping over the same table.
  std::vector<std::pair<int64_t, std::string>> ready;
  {
    auto s = c.prepare(kReady);
    s->bind_int64(1, now_ms);
    s->bind_int64(2, static_cast<int64_t>(limit));
    while (s->step()) ready.emplace_back(s->column_int64(0), s->column_text(1));
  }
  std::vector<DequeuedMessage> messages;
  messages.reserve(ready.size());
  for (auto& [ts, id] : ready) {
    DequeuedMessage m;
    {
      auto s = c.prepare(kStartRunning);
      s->bind_int64(1, deadline_ms);
      s->bind_int64(2, ts);
      s->bind_text(3, id);
      if (!s->step()) continue;
      m.payload = s->column_blob(0);
      while (s->step()) {
      }
    }
    auto s = c.prepare(kDeleteQueued);
    s->bind_int64(1, ts);
    s->bind_text(2, id);
    s->step();
    m.lease = RunningLease{std::move(id), deadline_ms};
    messages.push_back(std::move(m));
  }
  return messages;
}

QueueSettlement finish_running_row(Connection& c, const RunningLease& lease,
                                   DeliveryOutcome outcome, int64_t now_ms, WriterRandom& random) {
  QueueSettlement out;
  core::Bytes data;
  std::string schedule;
  std::string keys;
  {
    auto s = c.prepare(kRunningRow);
    s->bind_int64(1, lease.deadline_ms);
    s->bind_text(2, lease.id);
    if (!s->step()) return out;  // recovered by someone else meanwhile
    data = s->column_blob(0);
    schedule = s->column_text(1);
    keys = s->column_text(2);
  }
  if (outcome == DeliveryOutcome::kSuccess) {
    delete_running(c, lease);
  } else {
    settle_failure(c, lease, data, schedule, keys, now_ms, random, out);
  }
  return out;
}

void extend_running_deadlines(Connection& c, const std::vector<RunningLease>& leases,
                              int64_t deadline_ms) {
  for (const RunningLease& lease : leases) {
    auto s = c.prepare(kExtend);
    s->bind_int64(1, deadline_ms);
    s->bind_int64(2, lease.deadline_ms);
    s->bind_text(3, lease.id);
    s->step();
  }
}

QueueSettlement requeue_overdue_rows(Connection& c, int64_t now_ms, WriterRandom& random) {
  QueueSettlement out;
  // Batches of 100 until none is left: each settled row leaves the table.
  for (;;) {
    std::vector<RunningLease> overdue;
    {
      auto s = c.prepare(kOverdue);
      s->bind_int64(1, now_ms);
      while (s->step()) overdue.push_back(RunningLease{s->column_text(1), s->column_int64(0)});
    }
    if (overdue.empty()) return out;
    for (const RunningLease& lease : overdue) {
      QueueSettlement one = finish_running_row(c, lease, DeliveryOutcome::kFailure, now_ms, random);
      out.requeued += one.requeued;
      out.given_up += one.given_up;
      out.dead_letter_keys.insert(out.dead_letter_keys.end(), one.dead_letter_keys.begin(),
                                  one.dead_letter_keys.end());
    }
  }
}

QueueDepth read_queue_depth(Connection& c) {
  auto s = c.prepare(
      "SELECT (SELECT count(*) FROM queue), (SELECT count(*) FROM queue_running)");
  s->step();
  return QueueDepth{s->column_int64(0), s->column_int64(1)};
}

std::optional<int64_t> read_next_queue_ts(Connection& c) {
  auto s = c.prepare(kNextTs);
  if (!s->step()) return std::nullopt;
  return s->column_int64(0);
}

}  // namespace openkv::storage::sqlite
