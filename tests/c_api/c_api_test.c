/* Copyright (c) OpenKV authors.
 *
 * Every function of include/openkv/openkv_c.h, called from C as an embedder
 * would, including the failures a C caller must be able to tell apart. Exits
 * non-zero (naming the failed check) when anything behaves otherwise. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "openkv/openkv_c.h"

static int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

/* The call must succeed; prints the error's message when it does not. */
#define OK(call)                                                                  \
  do {                                                                            \
    openkv_error* ok_error_ = NULL;                                               \
    openkv_status ok_status_ = (call);                                            \
    if (ok_status_ != OPENKV_OK) {                                                \
      fprintf(stderr, "%s:%d: %s failed: %s: %s\n", __FILE__, __LINE__, #call,    \
              openkv_status_name(ok_status_),                                     \
              ok_error_ ? openkv_error_message(ok_error_) : "(no error object)"); \
      ++failures;                                                                 \
    }                                                                             \
    openkv_error_free(ok_error_);                                                 \
  } while (0)

/* The call (which takes `&err` as its error argument) must fail with `code`
 * and a message containing `text`. */
#define FAILS(code, text, call)                                                                \
  do {                                                                                         \
    openkv_error* err = NULL;                                                                  \
    openkv_status fails_status_ = (call);                                                      \
    if (fails_status_ != (code) || err == NULL || openkv_error_code(err) != (code) ||          \
        strstr(openkv_error_message(err), (text)) == NULL) {                                   \
      fprintf(stderr, "%s:%d: %s: expected %s '%s', got %s '%s'\n", __FILE__, __LINE__, #call, \
              openkv_status_name(code), (text), openkv_status_name(fails_status_),             \
              err ? openkv_error_message(err) : "(no error object)");                          \
      ++failures;                                                                              \
    }                                                                                          \
    openkv_error_free(err);                                                                    \
  } while (0)

#define KEY_A "[{\"type\":\"string\",\"value\":\"a\"}]"
#define KEY_B "[{\"type\":\"string\",\"value\":\"b\"}]"
#define KEY_C "[{\"type\":\"string\",\"value\":\"c\"}]"
#define KEY_COUNT "[{\"type\":\"string\",\"value\":\"count\"}]"
#define PREFIX "[{\"type\":\"string\",\"value\":\"p\"}]"
#define P(n) "[{\"type\":\"string\",\"value\":\"p\"},{\"type\":\"number\",\"value\":" #n "}]"
#define HELLO "{\"type\":\"string\",\"value\":\"hello\"}"
#define NUM(n) "{\"type\":\"number\",\"value\":" #n "}"

static const char* value_json_of(const openkv_entry* entry) {
  const char* json = NULL;
  const openkv_value* value = openkv_entry_value(entry);
  if (value == NULL) return NULL;
  OK(openkv_value_json(value, &json, &ok_error_));
  return json;
}

static void test_errors_and_names(void) {
  CHECK(strcmp(openkv_status_name(OPENKV_OK), "OK") == 0);
  CHECK(strcmp(openkv_status_name(OPENKV_INVALID_ARGUMENT), "InvalidArgument") == 0);
  CHECK(strcmp(openkv_status_name(OPENKV_PERMISSION_DENIED), "PermissionDenied") == 0);
  CHECK(strcmp(openkv_status_name(OPENKV_INTERNAL), "Internal") == 0);
  CHECK(strcmp(openkv_status_name((openkv_status)99), "Unknown") == 0);
  /* The error object is optional. */
  openkv_db* db = (openkv_db*)1;
  CHECK(openkv_open("", NULL, &db, NULL) == OPENKV_INVALID_ARGUMENT);
  CHECK(db == NULL);
  FAILS(OPENKV_INVALID_ARGUMENT, "Filename cannot be empty", openkv_open("", NULL, &db, &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "Filename cannot start with ':'",
        openkv_open(":x", NULL, &db, &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "path is NULL", openkv_open(NULL, NULL, &db, &err));
}

static void test_get_set_delete(openkv_db* db) {
  openkv_commit_result result;
  OK(openkv_set(db, KEY_A, HELLO, OPENKV_NO_EXPIRY, &result, &ok_error_));
  CHECK(result.ok == 1 && strlen(result.versionstamp) == 20);

  openkv_entry* entry = NULL;
  OK(openkv_get(db, KEY_A, &entry, &ok_error_));
  CHECK(strcmp(openkv_entry_key(entry), KEY_A) == 0);
  CHECK(strcmp(openkv_entry_versionstamp(entry), result.versionstamp) == 0);
  CHECK(strcmp(value_json_of(entry), HELLO) == 0);
  /* The raw form: a V8 string. */
  const uint8_t* data = NULL;
  size_t size = 0;
  openkv_encoding encoding = OPENKV_ENCODING_BYTES;
  OK(openkv_value_raw(openkv_entry_value(entry), &data, &size, &encoding, &ok_error_));
  CHECK(encoding == OPENKV_ENCODING_V8 && size > 0);
  /* Raw bytes written back read the same. */
  OK(openkv_set_raw(db, KEY_B, data, size, encoding, OPENKV_NO_EXPIRY, NULL, &ok_error_));
  openkv_entry_free(entry);
  OK(openkv_get(db, KEY_B, &entry, &ok_error_));
  CHECK(strcmp(value_json_of(entry), HELLO) == 0);
  openkv_entry_free(entry);

  /* A top-level byte string and a KvU64 keep their own encodings. */
  const uint8_t bytes[3] = {1, 2, 3};
  OK(openkv_set_raw(db, KEY_C, bytes, 3, OPENKV_ENCODING_BYTES, OPENKV_NO_EXPIRY, NULL,
                    &ok_error_));
  OK(openkv_get(db, KEY_C, &entry, &ok_error_));
  OK(openkv_value_raw(openkv_entry_value(entry), &data, &size, &encoding, &ok_error_));
  CHECK(encoding == OPENKV_ENCODING_BYTES && size == 3 && memcmp(data, bytes, 3) == 0);
  CHECK(strstr(value_json_of(entry), "Uint8Array") != NULL);
  openkv_entry_free(entry);

  /* A cyclic object (V8 for `o = {}; o.self = o`) is stored and read raw,
   * but has no JSON notation. */
  const uint8_t cyclic[] = {0xFF, 0x0F, 0x6F, 0x22, 0x04, 's', 'e',
                            'l',  'f',  0x5E, 0x00, 0x7B, 0x01};
  OK(openkv_set_raw(db, KEY_C, cyclic, sizeof cyclic, OPENKV_ENCODING_V8, OPENKV_NO_EXPIRY, NULL,
                    &ok_error_));
  OK(openkv_get(db, KEY_C, &entry, &ok_error_));
  const char* json = NULL;
  FAILS(OPENKV_INVALID_ARGUMENT, "Unable to serialize a cyclic value",
        openkv_value_json(openkv_entry_value(entry), &json, &err));
  OK(openkv_value_raw(openkv_entry_value(entry), &data, &size, &encoding, &ok_error_));
  CHECK(encoding == OPENKV_ENCODING_V8 && size > 0);
  openkv_entry_free(entry);

  /* A missing key is an entry without value or versionstamp. */
  OK(openkv_delete(db, KEY_A, &ok_error_));
  OK(openkv_delete(db, KEY_A, &ok_error_)); /* deleting a missing key is fine */
  OK(openkv_get(db, KEY_A, &entry, &ok_error_));
  CHECK(strcmp(openkv_entry_key(entry), KEY_A) == 0);
  CHECK(openkv_entry_versionstamp(entry) == NULL);
  CHECK(openkv_entry_value(entry) == NULL);
  openkv_entry_free(entry);

  /* An entry that expires at once is gone. */
  OK(openkv_set(db, KEY_A, HELLO, 0, NULL, &ok_error_));
  struct timespec pause = {0, 20000000};
  nanosleep(&pause, NULL);
  OK(openkv_get(db, KEY_A, &entry, &ok_error_));
  CHECK(openkv_entry_value(entry) == NULL);
  openkv_entry_free(entry);

  /* Bad input is a clear error and writes nothing. */
  FAILS(OPENKV_INVALID_ARGUMENT, "", openkv_get(db, "[1,", &entry, &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "key_json is NULL", openkv_get(db, NULL, &entry, &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "",
        openkv_set(db, KEY_A, "{\"type\":\"nope\"}", OPENKV_NO_EXPIRY, NULL, &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "value_json is NULL",
        openkv_set(db, KEY_A, NULL, OPENKV_NO_EXPIRY, NULL, &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "expire_in_ms", openkv_set(db, KEY_A, HELLO, -5, NULL, &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "The value encoding 7 is unknown",
        openkv_set_raw(db, KEY_A, bytes, 3, (openkv_encoding)7, OPENKV_NO_EXPIRY, NULL, &err));
  FAILS(OPENKV_CORRUPTION, "",
        openkv_set_raw(db, KEY_A, bytes, 3, OPENKV_ENCODING_V8, OPENKV_NO_EXPIRY, NULL, &err));
  FAILS(OPENKV_CORRUPTION, "Invalid LE64 value",
        openkv_set_raw(db, KEY_A, bytes, 3, OPENKV_ENCODING_LE64, OPENKV_NO_EXPIRY, NULL, &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "data is NULL",
        openkv_set_raw(db, KEY_A, NULL, 3, OPENKV_ENCODING_BYTES, OPENKV_NO_EXPIRY, NULL, &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "", openkv_delete(db, "{}", &err));
  OK(openkv_get(db, KEY_A, &entry, &ok_error_));
  CHECK(openkv_entry_value(entry) == NULL);
  openkv_entry_free(entry);
}

/* Lists the iterator to its end; returns how many entries it gave. */
static int drain(openkv_list_iterator* it, const char** first_key_out) {
  int n = 0;
  openkv_entry* entry = NULL;
  for (;;) {
    OK(openkv_list_next(it, &entry, &ok_error_));
    if (entry == NULL) return n;
    if (n == 0 && first_key_out != NULL) *first_key_out = strdup(openkv_entry_key(entry));
    ++n;
    openkv_entry_free(entry);
  }
}

static void test_list(openkv_db* db) {
  OK(openkv_set(db, P(1), NUM(1), OPENKV_NO_EXPIRY, NULL, &ok_error_));
  OK(openkv_set(db, P(2), NUM(2), OPENKV_NO_EXPIRY, NULL, &ok_error_));
  OK(openkv_set(db, P(3), NUM(3), OPENKV_NO_EXPIRY, NULL, &ok_error_));
  OK(openkv_set(db, PREFIX, NUM(0), OPENKV_NO_EXPIRY, NULL, &ok_error_)); /* not below itself */

  openkv_list_iterator* it = NULL;
  const char* first = NULL;
  OK(openkv_list(db, PREFIX, NULL, NULL, 0, 0, NULL, &it, &ok_error_));
  CHECK(drain(it, &first) == 3);
  CHECK(strcmp(first, P(1)) == 0);
  free((void*)first);
  const char* cursor = NULL;
  OK(openkv_list_cursor(it, &cursor, &ok_error_));
  CHECK(strcmp(cursor, "") == 0); /* exhausted */
  openkv_list_free(it);

  /* reverse + limit, then resume from the cursor. */
  OK(openkv_list(db, PREFIX, NULL, NULL, 1, 1, NULL, &it, &ok_error_));
  FAILS(OPENKV_INVALID_ARGUMENT, "Cannot get cursor before first iteration",
        openkv_list_cursor(it, &cursor, &err));
  CHECK(drain(it, &first) == 1);
  CHECK(strcmp(first, P(3)) == 0);
  free((void*)first);
  OK(openkv_list_cursor(it, &cursor, &ok_error_));
  char* saved = strdup(cursor);
  openkv_list_free(it);
  OK(openkv_list(db, PREFIX, NULL, NULL, 0, 1, saved, &it, &ok_error_));
  CHECK(drain(it, &first) == 2);
  CHECK(strcmp(first, P(2)) == 0);
  free((void*)first);
  free(saved);
  openkv_list_free(it);

  /* start (inclusive) and end (exclusive); prefix with start. */
  OK(openkv_list(db, NULL, P(2), P(3), 0, 0, "", &it, &ok_error_));
  CHECK(drain(it, &first) == 1);
  CHECK(strcmp(first, P(2)) == 0);
  free((void*)first);
  openkv_list_free(it);
  OK(openkv_list(db, PREFIX, P(2), NULL, 0, 0, NULL, &it, &ok_error_));
  CHECK(drain(it, NULL) == 2);
  openkv_list_free(it);

  /* Bad notation and a bad selector shape fail at once; a bad cursor at the first next. */
  FAILS(OPENKV_INVALID_ARGUMENT, "", openkv_list(db, "nope", NULL, NULL, 0, 0, NULL, &it, &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "Selector must specify either 'prefix' or both",
        openkv_list(db, NULL, P(1), NULL, 0, 0, NULL, &it, &err));
  openkv_entry* entry = NULL;
  OK(openkv_list(db, PREFIX, NULL, NULL, 0, 0, "!!", &it, &ok_error_));
  FAILS(OPENKV_INVALID_ARGUMENT, "", openkv_list_next(it, &entry, &err));
  openkv_list_free(it);
}

static void test_atomic(openkv_db* db) {
  openkv_commit_result result;
  openkv_atomic* op = NULL;
  openkv_entry* entry = NULL;

  /* A check that the key is absent, then sum/min/max on KvU64s. */
  OK(openkv_atomic_new(db, &op, &ok_error_));
  OK(openkv_atomic_check(op, KEY_COUNT, NULL, &ok_error_));
  OK(openkv_atomic_sum(op, KEY_COUNT, 5, &ok_error_));
  OK(openkv_atomic_set(op, KEY_A, HELLO, OPENKV_NO_EXPIRY, &ok_error_));
  OK(openkv_atomic_commit(op, &result, &ok_error_));
  CHECK(result.ok == 1 && strlen(result.versionstamp) == 20);
  /* Committing again re-runs the check, which now fails: not an error. */
  OK(openkv_atomic_commit(op, &result, &ok_error_));
  CHECK(result.ok == 0 && strcmp(result.versionstamp, "") == 0);
  openkv_atomic_free(op);

  OK(openkv_get(db, KEY_COUNT, &entry, &ok_error_));
  char* stamp = strdup(openkv_entry_versionstamp(entry));
  CHECK(strcmp(value_json_of(entry), "{\"type\":\"KvU64\",\"value\":\"5\"}") == 0);
  openkv_entry_free(entry);

  OK(openkv_atomic_new(db, &op, &ok_error_));
  OK(openkv_atomic_check(op, KEY_COUNT, stamp, &ok_error_));
  OK(openkv_atomic_sum(op, KEY_COUNT, 10, &ok_error_)); /* 15 */
  OK(openkv_atomic_max(op, KEY_COUNT, 20, &ok_error_)); /* 20 */
  OK(openkv_atomic_min(op, KEY_COUNT, 7, &ok_error_));  /* 7 */
  OK(openkv_atomic_delete(op, KEY_A, &ok_error_));
  const uint8_t le64[8] = {9, 0, 0, 0, 0, 0, 0, 0};
  OK(openkv_atomic_set_raw(op, KEY_B, le64, 8, OPENKV_ENCODING_LE64, OPENKV_NO_EXPIRY, &ok_error_));
  OK(openkv_atomic_commit(op, NULL, &ok_error_));
  openkv_atomic_free(op);
  OK(openkv_get(db, KEY_COUNT, &entry, &ok_error_));
  CHECK(strcmp(value_json_of(entry), "{\"type\":\"KvU64\",\"value\":\"7\"}") == 0);
  openkv_entry_free(entry);
  OK(openkv_get(db, KEY_B, &entry, &ok_error_));
  CHECK(strcmp(value_json_of(entry), "{\"type\":\"KvU64\",\"value\":\"9\"}") == 0);
  openkv_entry_free(entry);
  OK(openkv_get(db, KEY_A, &entry, &ok_error_));
  CHECK(openkv_entry_value(entry) == NULL);
  openkv_entry_free(entry);

  /* A stale versionstamp fails the check and writes nothing. */
  OK(openkv_atomic_new(db, &op, &ok_error_));
  OK(openkv_atomic_check(op, KEY_COUNT, stamp, &ok_error_));
  OK(openkv_atomic_set(op, KEY_A, HELLO, OPENKV_NO_EXPIRY, &ok_error_));
  OK(openkv_atomic_commit(op, &result, &ok_error_));
  CHECK(result.ok == 0);
  openkv_atomic_free(op);
  free(stamp);
  OK(openkv_get(db, KEY_A, &entry, &ok_error_));
  CHECK(openkv_entry_value(entry) == NULL);
  openkv_entry_free(entry);

  /* Failed builder calls add nothing; a type mismatch fails the commit. */
  OK(openkv_atomic_new(db, &op, &ok_error_));
  FAILS(OPENKV_INVALID_ARGUMENT, "invalid versionstamp",
        openkv_atomic_check(op, KEY_A, "xyz", &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "", openkv_atomic_check(op, "[", NULL, &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "", openkv_atomic_set(op, KEY_A, "1", OPENKV_NO_EXPIRY, &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "",
        openkv_atomic_set_raw(op, KEY_A, le64, 8, (openkv_encoding)0, OPENKV_NO_EXPIRY, &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "", openkv_atomic_delete(op, NULL, &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "", openkv_atomic_sum(op, "x", 1, &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "", openkv_atomic_min(op, "x", 1, &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "", openkv_atomic_max(op, "x", 1, &err));
  OK(openkv_atomic_sum(op, KEY_C, 1, &ok_error_)); /* KEY_C holds bytes, not a KvU64 */
  FAILS(OPENKV_TYPE_MISMATCH, "", openkv_atomic_commit(op, &result, &err));
  openkv_atomic_free(op);
}

static void test_watch(openkv_db* db, int local) {
  const char* keys[2] = {KEY_A, KEY_COUNT};
  openkv_watch* watch = NULL;
  openkv_entry* entries[2] = {NULL, NULL};
  int got = -1;
  OK(openkv_watch_new(db, keys, 2, 0, &watch, &ok_error_));
  OK(openkv_watch_next(watch, 5000, entries, &got, &ok_error_));
  CHECK(got == 1);
  if (got == 1) {
    CHECK(strcmp(openkv_entry_key(entries[0]), KEY_A) == 0 && !openkv_entry_value(entries[0]));
    CHECK(strcmp(openkv_entry_key(entries[1]), KEY_COUNT) == 0 && openkv_entry_value(entries[1]));
    openkv_entry_free(entries[0]);
    openkv_entry_free(entries[1]);
  }
  /* Nothing changed: a timeout, not the end. */
  OK(openkv_watch_next(watch, 50, entries, &got, &ok_error_));
  CHECK(got == 0 && openkv_watch_done(watch) == 0);
  OK(openkv_set(db, KEY_A, HELLO, OPENKV_NO_EXPIRY, NULL, &ok_error_));
  OK(openkv_watch_next(watch, -1, entries, &got, &ok_error_));
  CHECK(got == 1);
  if (got == 1) {
    CHECK(strcmp(value_json_of(entries[0]), HELLO) == 0);
    openkv_entry_free(entries[0]);
    openkv_entry_free(entries[1]);
  }
  openkv_watch_cancel(watch);
  openkv_watch_cancel(watch); /* idempotent */
  OK(openkv_watch_next(watch, 1000, entries, &got, &ok_error_));
  CHECK(got == 0 && openkv_watch_done(watch) == 1);
  openkv_watch_free(watch);

  /* raw: a state after a write that changed nothing visible too (locally:
   * a KV Connect server reports only changes of the watched keys). */
  if (local) {
    OK(openkv_watch_new(db, keys, 1, 1, &watch, &ok_error_));
    OK(openkv_watch_next(watch, 5000, entries, &got, &ok_error_));
    if (got == 1) openkv_entry_free(entries[0]);
    OK(openkv_delete(db, KEY_B, &ok_error_));
    OK(openkv_watch_next(watch, 5000, entries, &got, &ok_error_));
    CHECK(got == 1);
    if (got == 1) openkv_entry_free(entries[0]);
    openkv_watch_free(watch);
  }

  const char* too_many[11];
  for (int i = 0; i < 11; ++i) too_many[i] = KEY_A;
  FAILS(OPENKV_INVALID_ARGUMENT, "", openkv_watch_new(db, too_many, 11, 0, &watch, &err));
  keys[1] = "[x]";
  FAILS(OPENKV_INVALID_ARGUMENT, "", openkv_watch_new(db, keys, 2, 0, &watch, &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "keys_json is NULL",
        openkv_watch_new(db, NULL, 1, 0, &watch, &err));
}

struct received {
  int calls;
  char last[256];
  int fail;
  openkv_db* close_on_message; /* closed by the handler when not NULL */
};

static int handler(const openkv_value* message, void* user_data) {
  struct received* r = (struct received*)user_data;
  const char* json = NULL;
  ++r->calls;
  if (openkv_value_json(message, &json, NULL) == OPENKV_OK) {
    snprintf(r->last, sizeof r->last, "%s", json);
  }
  if (r->close_on_message != NULL) OK(openkv_close(r->close_on_message, &ok_error_));
  return r->fail;
}

static void test_queue(openkv_db* db) {
  struct received r = {0, "", 0, NULL};
  openkv_commit_result result;
  OK(openkv_enqueue(db, HELLO, 0, NULL, 0, NULL, 0, &result, &ok_error_));
  CHECK(result.ok == 1);
  OK(openkv_listen(db, handler, &r, 1, 1, &ok_error_));
  CHECK(r.calls == 1 && strcmp(r.last, HELLO) == 0);

  /* A handler that fails, without retries: the message lands in its
   * keys_if_undelivered. */
  const char* undelivered[1] = {KEY_C};
  const int64_t no_retries[1] = {0};
  r.fail = 1;
  OK(openkv_enqueue(db, NUM(42), 0, undelivered, 1, no_retries, 0, NULL, &ok_error_));
  OK(openkv_listen(db, handler, &r, 2, 1, &ok_error_));
  CHECK(r.calls == 2 && strcmp(r.last, NUM(42)) == 0);
  openkv_entry* entry = NULL;
  OK(openkv_get(db, KEY_C, &entry, &ok_error_));
  CHECK(openkv_entry_value(entry) && strcmp(value_json_of(entry), NUM(42)) == 0);
  openkv_entry_free(entry);

  /* Without max_messages, listening ends when the database closes (here
   * from the handler itself, so the engine reports on stderr that it could
   * not record that message's outcome: delivery is at-least-once). */
  openkv_db* other = NULL;
  OK(openkv_open(":memory:", NULL, &other, &ok_error_));
  struct received closing = {0, "", 0, other};
  OK(openkv_enqueue(other, HELLO, 0, NULL, 0, NULL, 0, NULL, &ok_error_));
  OK(openkv_listen(other, handler, &closing, 1, 0, &ok_error_));
  CHECK(closing.calls == 1);
  openkv_db_free(other);

  FAILS(OPENKV_INVALID_ARGUMENT, "", openkv_enqueue(db, "[", 0, NULL, 0, NULL, 0, NULL, &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "keys_if_undelivered is NULL",
        openkv_enqueue(db, HELLO, 0, NULL, 1, NULL, 0, NULL, &err));
  const int64_t six[6] = {1, 2, 3, 4, 5, 6};
  FAILS(OPENKV_INVALID_ARGUMENT, "max 5 intervals",
        openkv_enqueue(db, HELLO, 0, NULL, 0, six, 6, NULL, &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "handler is NULL", openkv_listen(db, NULL, &r, 1, 1, &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "concurrency must be at least 1",
        openkv_listen(db, handler, &r, 0, 1, &err));
}

/* Several keys in one read, in the order asked; an absent key gets an entry
 * without value. Eventual reads of a local database are strong. */
static void test_get_many(openkv_db* db) {
  OK(openkv_set(db, KEY_A, NUM(1), OPENKV_NO_EXPIRY, NULL, &ok_error_));
  OK(openkv_set(db, KEY_B, NUM(2), OPENKV_NO_EXPIRY, NULL, &ok_error_));
  OK(openkv_delete(db, KEY_C, &ok_error_));
  const char* keys[3] = {KEY_B, KEY_C, KEY_A};
  for (int consistency = OPENKV_STRONG; consistency <= OPENKV_EVENTUAL; ++consistency) {
    openkv_entry* entries[3] = {NULL, NULL, NULL};
    OK(openkv_get_many(db, keys, 3, (openkv_consistency)consistency, entries, &ok_error_));
    CHECK(entries[0] && strcmp(value_json_of(entries[0]), NUM(2)) == 0);
    CHECK(entries[1] && openkv_entry_value(entries[1]) == NULL &&
          openkv_entry_versionstamp(entries[1]) == NULL);
    CHECK(entries[2] && strcmp(value_json_of(entries[2]), NUM(1)) == 0);
    for (int i = 0; i < 3; ++i) openkv_entry_free(entries[i]);
  }
  const char* eleven[11];
  for (int i = 0; i < 11; ++i) eleven[i] = KEY_A;
  openkv_entry* untouched[11] = {NULL};
  FAILS(OPENKV_INVALID_ARGUMENT, "Too many ranges",
        openkv_get_many(db, eleven, 11, OPENKV_STRONG, untouched, &err));
  CHECK(untouched[0] == NULL);
  const char* bad[2] = {KEY_A, "[1"};
  FAILS(OPENKV_INVALID_ARGUMENT, "", openkv_get_many(db, bad, 2, OPENKV_STRONG, untouched, &err));
  FAILS(OPENKV_INVALID_ARGUMENT, "is NULL", openkv_get_many(db, NULL, 1, OPENKV_STRONG, untouched, &err));
}

/* An enqueue inside an atomic operation is committed with it, or not at
 * all when its check fails. */
static void test_atomic_enqueue(openkv_db* db) {
  openkv_commit_result result;
  openkv_atomic* op = NULL;
  OK(openkv_atomic_new(db, &op, &ok_error_));
  OK(openkv_atomic_check(op, KEY_C, NULL, &ok_error_));
  OK(openkv_atomic_set(op, KEY_C, HELLO, OPENKV_NO_EXPIRY, &ok_error_));
  OK(openkv_atomic_enqueue(op, NUM(7), 0, NULL, 0, NULL, 0, &ok_error_));
  FAILS(OPENKV_INVALID_ARGUMENT, "keys_if_undelivered is NULL",
        openkv_atomic_enqueue(op, NUM(8), 0, NULL, 1, NULL, 0, &err));
  OK(openkv_atomic_commit(op, &result, &ok_error_));
  CHECK(result.ok == 1);
  /* The check fails now: nothing is enqueued a second time. */
  OK(openkv_atomic_commit(op, &result, &ok_error_));
  CHECK(result.ok == 0);
  openkv_atomic_free(op);
  struct received r = {0, "", 0, NULL};
  OK(openkv_listen(db, handler, &r, 1, 1, &ok_error_));
  CHECK(r.calls == 1 && strcmp(r.last, NUM(7)) == 0);
  /* Exactly one message was committed: a second listen finds only the
   * marker enqueued now. */
  OK(openkv_enqueue(db, NUM(9), 0, NULL, 0, NULL, 0, NULL, &ok_error_));
  OK(openkv_listen(db, handler, &r, 1, 1, &ok_error_));
  CHECK(r.calls == 2 && strcmp(r.last, NUM(9)) == 0);
}

/* After close every call fails with OPENKV_CLOSED, also on handles made
 * before; freeing them afterwards is fine. */
static void test_closed(openkv_db* db) {
  openkv_list_iterator* it = NULL;
  openkv_atomic* op = NULL;
  OK(openkv_list(db, PREFIX, NULL, NULL, 0, 0, NULL, &it, &ok_error_));
  OK(openkv_atomic_new(db, &op, &ok_error_));
  OK(openkv_close(db, &ok_error_));
  OK(openkv_close(db, &ok_error_)); /* idempotent */
  openkv_entry* entry = NULL;
  const char* keys[1] = {KEY_A};
  openkv_watch* watch = NULL;
  struct received r = {0, "", 0, NULL};
  FAILS(OPENKV_CLOSED, "Database is closed", openkv_get(db, KEY_A, &entry, &err));
  FAILS(OPENKV_CLOSED, "", openkv_set(db, KEY_A, HELLO, OPENKV_NO_EXPIRY, NULL, &err));
  FAILS(OPENKV_CLOSED, "", openkv_delete(db, KEY_A, &err));
  FAILS(OPENKV_CLOSED, "", openkv_list_next(it, &entry, &err));
  FAILS(OPENKV_CLOSED, "", openkv_atomic_commit(op, NULL, &err));
  FAILS(OPENKV_CLOSED, "", openkv_watch_new(db, keys, 1, 0, &watch, &err));
  FAILS(OPENKV_CLOSED, "", openkv_enqueue(db, HELLO, 0, NULL, 0, NULL, 0, NULL, &err));
  FAILS(OPENKV_CLOSED, "", openkv_listen(db, handler, &r, 1, 0, &err));
  openkv_list_free(it);
  openkv_atomic_free(op);
}

static void test_options(void) {
  char dir[] = "/tmp/openkv_c_api_test_XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char path[128];
  snprintf(path, sizeof path, "%s/db.sqlite", dir);

  openkv_options* options = openkv_options_new();
  openkv_options_set_durable(options, 0);
  openkv_options_set_access_token(options, "ignored for files");
  openkv_options_set_access_token(options, NULL);
  openkv_options_set_tls_ca_file(options, NULL);
  openkv_db* db = NULL;
  OK(openkv_open(path, options, &db, &ok_error_));
  OK(openkv_set(db, KEY_A, HELLO, OPENKV_NO_EXPIRY, NULL, &ok_error_));
  openkv_db_free(db); /* closes */

  openkv_options_set_read_only(options, 1);
  OK(openkv_open(path, options, &db, &ok_error_));
  openkv_entry* entry = NULL;
  OK(openkv_get(db, KEY_A, &entry, &ok_error_));
  CHECK(entry && strcmp(value_json_of(entry), HELLO) == 0);
  openkv_entry_free(entry);
  FAILS(OPENKV_READ_ONLY, "read-only", openkv_set(db, KEY_A, HELLO, OPENKV_NO_EXPIRY, NULL, &err));
  openkv_db_free(db);
  openkv_options_free(options);

  /* A server that is not there. */
  options = openkv_options_new();
  openkv_options_set_access_token(options, "token");
  openkv_options_set_tls_ca_file(options, "/nonexistent.pem");
  openkv_status status = openkv_open("http://127.0.0.1:1", options, &db, NULL);
  CHECK(status != OPENKV_OK && db == NULL);
  openkv_options_free(options);

  unlink(path);
  snprintf(path, sizeof path, "%s/db.sqlite-wal", dir);
  unlink(path);
  snprintf(path, sizeof path, "%s/db.sqlite-shm", dir);
  unlink(path);
  rmdir(dir);
}

/* The same calls through a KV Connect server (remote_test.sh starts one),
 * the token given as an option, not through the environment. */
static void test_remote(const char* url, const char* token) {
  openkv_options* options = openkv_options_new();
  openkv_db* db = NULL;
  openkv_options_set_access_token(options, "wrong-token-0123456789");
  FAILS(OPENKV_PERMISSION_DENIED, "", openkv_open(url, options, &db, &err));
  openkv_options_set_access_token(options, token);
  OK(openkv_open(url, options, &db, &ok_error_));
  openkv_options_free(options);
  if (db == NULL) return;
  test_get_set_delete(db);
  test_list(db);
  test_atomic(db);
  test_watch(db, 0);
  test_closed(db);
  openkv_db_free(db);
}

/* No arguments: a local database. URL TOKEN: a KV Connect server. */
int main(int argc, char** argv) {
  if (argc == 3) {
    test_remote(argv[1], argv[2]);
  } else {
    test_errors_and_names();
    openkv_db* db = NULL;
    OK(openkv_open(":memory:", NULL, &db, &ok_error_));
    if (db == NULL) return 1;
    test_get_set_delete(db);
    test_list(db);
    test_atomic(db);
    test_watch(db, 1);
    test_queue(db);
    test_get_many(db);
    test_atomic_enqueue(db);
    test_closed(db);
    openkv_db_free(db);
    openkv_db_free(NULL);
    test_options();
  }
  if (failures > 0) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("all C API checks passed\n");
  return 0;
}
