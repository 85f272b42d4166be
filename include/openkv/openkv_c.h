/* Copyright (c) OpenKV authors.
 *
 * The C API of OpenKV: the C++ Database (database.h) behind opaque handles,
 * for C programs and for other languages through their C foreign-function
 * interfaces (Python ctypes, ...). Pure C99; link libopenkv_c. The full
 * guide, with examples, is docs/C_API.md.
 *
 * Text. Keys are the JSON notation of @deno/kv-utils for a key array, e.g.
 *   [{"type":"string","value":"users"},{"type":"bigint","value":"7"}]
 * Values cross either as that notation's value text, e.g.
 *   {"type":"object","value":{"age":{"type":"number","value":31}}}
 * or raw, as (bytes, encoding) with the storage encodings of openkv_encoding.
 * All text is NUL-terminated UTF-8.
 *
 * Errors. Every function that can fail returns an openkv_status: OPENKV_OK,
 * or the kind of failure (the codes mirror openkv::ErrorCode, errors.h). Its
 * last parameter is `openkv_error** error`: when it is not NULL and the call
 * fails, *error receives a new error object carrying the code and the message
 * (Deno's text where there is one); the caller frees it with
 * openkv_error_free(). On success *error is left untouched; on failure the
 * other out-parameters are, unless a function says otherwise. Outcomes that
 * are not failures (a failed check, the end of a list, a timeout) are
 * reported through out-parameters, never as errors.
 *
 * Ownership. Every handle a function hands out (openkv_db, openkv_entry, ...)
 * belongs to the caller, who releases it with the matching openkv_*_free()
 * (each accepts NULL). Every `const char*` / `const uint8_t*` a function
 * returns is owned by the handle it was read from and stays valid until that
 * handle is freed (or, where a function says so, until its next call); the
 * caller never frees those. Strings passed in are copied when needed; the
 * caller keeps ownership of them.
 *
 * Thread-safety. An openkv_db may be used from any number of threads at
 * once (as the C++ Database). Every other handle is used by one thread at a
 * time unless its functions say otherwise; entries and values may be read
 * from several threads at once. A handle must not be freed while another
 * thread uses it.
 */
#ifndef OPENKV_OPENKV_C_H_
#define OPENKV_OPENKV_C_H_

#include <stddef.h>
#include <stdint.h>

#if defined(OPENKV_C_BUILDING)
#define OPENKV_C_EXPORT __attribute__((visibility("default")))
#else
#define OPENKV_C_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Errors ------------------------------------------------------------ */

typedef enum openkv_status {
  OPENKV_OK = 0,
  OPENKV_INVALID_ARGUMENT = 1,   /* malformed input or over a limit (Deno: TypeError);
                                    also bad JSON notation and NULL arguments */
  OPENKV_OUT_OF_RANGE = 2,       /* a number does not fit its type (Deno: RangeError) */
  OPENKV_TYPE_MISMATCH = 3,      /* a mutation does not fit the stored data */
  OPENKV_CORRUPTION = 4,         /* stored bytes cannot be decoded */
  OPENKV_IO_ERROR = 5,           /* the storage layer failed */
  OPENKV_READ_ONLY = 6,          /* a write on a database opened read-only */
  OPENKV_UNSUPPORTED = 7,        /* a file or protocol version this build does not handle */
  OPENKV_CLOSED = 8,             /* the database was closed */
  OPENKV_UNAVAILABLE = 9,        /* a remote server cannot be reached for now */
  OPENKV_PERMISSION_DENIED = 10, /* a remote server rejected the credentials */
  OPENKV_INTERNAL = 11           /* an unexpected failure (out of memory, a bug) */
} openkv_status;

/* A failure: its code and message. Immutable; any thread may read it. */
typedef struct openkv_error openkv_error;

/* The code of `error` (never OPENKV_OK). REQUIRES: error != NULL. */
OPENKV_C_EXPORT openkv_status openkv_error_code(const openkv_error* error);
/* The message, owned by `error`. REQUIRES: error != NULL. */
OPENKV_C_EXPORT const char* openkv_error_message(const openkv_error* error);
OPENKV_C_EXPORT void openkv_error_free(openkv_error* error);

/* A short stable name of a status, e.g. "InvalidArgument" (as the CLI
 * prints), "OK", or "Unknown" for a number outside the enum. Static storage:
 * never freed. */
OPENKV_C_EXPORT const char* openkv_status_name(openkv_status status);

/* ---- Values and entries ------------------------------------------------ */

/* The storage encodings of a raw value. */
typedef enum openkv_encoding {
  OPENKV_ENCODING_V8 = 1,   /* a V8 structured-clone serialization */
  OPENKV_ENCODING_LE64 = 2, /* a KvU64: 8 little-endian bytes */
  OPENKV_ENCODING_BYTES = 3 /* a top-level Uint8Array: the bytes themselves */
} openkv_encoding;

/* A read-only value, always borrowed: from an entry (openkv_entry_value) or
 * for the duration of a queue handler call. Its accessors may be called from
 * several threads at once. */
typedef struct openkv_value openkv_value;

/* Sets *json to the value in JSON notation, owned by `value` (computed on the
 * first call). Fails with OPENKV_INVALID_ARGUMENT for the values the notation
 * cannot hold (cycles, Float16Array). */
OPENKV_C_EXPORT openkv_status openkv_value_json(const openkv_value* value, const char** json,
                                                openkv_error** error);
/* Sets *data / *size / *encoding to the value's storage encoding; the bytes
 * are owned by `value` (computed on the first call). Fails only for a value
 * V8 cannot serialize. */
OPENKV_C_EXPORT openkv_status openkv_value_raw(const openkv_value* value, const uint8_t** data,
                                               size_t* size, openkv_encoding* encoding,
                                               openkv_error** error);

/* One key's state as a read returned it: the key and, when the key exists,
 * its value and versionstamp. */
typedef struct openkv_entry openkv_entry;

/* The stored key (or the key asked for, when missing) in JSON notation,
 * owned by `entry`. Never NULL. */
OPENKV_C_EXPORT const char* openkv_entry_key(const openkv_entry* entry);
/* The versionstamp as 20 lowercase hex characters, owned by `entry`; NULL
 * when the key does not exist. */
OPENKV_C_EXPORT const char* openkv_entry_versionstamp(const openkv_entry* entry);
/* The value, owned by `entry`; NULL when the key does not exist. */
OPENKV_C_EXPORT const openkv_value* openkv_entry_value(const openkv_entry* entry);
OPENKV_C_EXPORT void openkv_entry_free(openkv_entry* entry);

/* ---- Opening and closing ----------------------------------------------- */

/* Options for openkv_open; defaults as in Deno (durable, read-write). */
typedef struct openkv_options openkv_options;

/* A new options object with the defaults; NULL only when out of memory.
 * Free with openkv_options_free (openkv_open does not take it over). */
OPENKV_C_EXPORT openkv_options* openkv_options_new(void);
OPENKV_C_EXPORT void openkv_options_free(openkv_options* options);
/* Nonzero: every write fails with OPENKV_READ_ONLY. Default 0. */
OPENKV_C_EXPORT void openkv_options_set_read_only(openkv_options* options, int read_only);
/* 0: commits are not fsynced before they are acknowledged. Default 1. */
OPENKV_C_EXPORT void openkv_options_set_durable(openkv_options* options, int durable);
/* For a KV Connect URL: the access token (copied). NULL (the default) reads
 * the environment variable DENO_KV_ACCESS_TOKEN, as Deno does. */
OPENKV_C_EXPORT void openkv_options_set_access_token(openkv_options* options, const char* token);
/* For an https:// URL: a PEM file of extra trusted CA certificates (copied).
 * NULL or "" (the default) reads the environment variable DENO_CERT. */
OPENKV_C_EXPORT void openkv_options_set_tls_ca_file(openkv_options* options, const char* path);

/* An open database. */
typedef struct openkv_db openkv_db;

/* Opens `path`: a file (created if missing), ":memory:", the http(s)://
 * URL of a KV Connect server, or a postgresql:// (postgres://) connection
 * URL of a PostgreSQL 15 database (docs/DISTRIBUTED.md). options may be NULL for the defaults. On
 * success *db is a new handle; on failure *db is set to NULL. "" and paths
 * starting with ':' (other than ":memory:") fail with
 * OPENKV_INVALID_ARGUMENT, as in Deno. */
OPENKV_C_EXPORT openkv_status openkv_open(const char* path, const openkv_options* options,
                                          openkv_db** db, openkv_error** error);
/* Closes the database: waits for commits in flight, ends every watch and
 * makes every running openkv_listen return. Every later call on `db` fails
 * with OPENKV_CLOSED. Idempotent; may be called from any thread, also while
 * other threads use `db`. */
OPENKV_C_EXPORT openkv_status openkv_close(openkv_db* db, openkv_error** error);
/* Closes (if still open) and releases the handle. REQUIRES: no other thread
 * uses `db`. List iterators, atomic operations and watches made from it may
 * be freed before or after it (their calls fail with OPENKV_CLOSED). */
OPENKV_C_EXPORT void openkv_db_free(openkv_db* db);

/* ---- Reads and writes -------------------------------------------------- */

/* What a commit produced. */
typedef struct openkv_commit_result {
  int ok; /* 1 when written; 0 only when a check of an atomic operation failed */
  /* The commit's versionstamp (20 hex characters) when ok, else "". */
  char versionstamp[21];
} openkv_commit_result;

/* Pass as expire_in_ms for an entry that never expires. */
#define OPENKV_NO_EXPIRY ((int64_t)-1)

/* Reads one key (a strong read). On success *entry is a new entry, also when
 * the key does not exist (then it has no value and no versionstamp). */
OPENKV_C_EXPORT openkv_status openkv_get(openkv_db* db, const char* key_json, openkv_entry** entry,
                                         openkv_error** error);
/* How a read may be served (openkv/options.h, Consistency). */
typedef enum openkv_consistency {
  OPENKV_STRONG = 0,  /* sees every commit acknowledged before the read */
  /* may come from a replica and lag (a PostgreSQL hot standby, a server's
   * eventual endpoint); never goes back in time for one open database */
  OPENKV_EVENTUAL = 1
} openkv_consistency;

/* Reads up to 10 keys (each in JSON notation) in one consistent read. On
 * success stores key_count new entries into entries[0..key_count-1], in the
 * order of the keys, each freed by the caller with openkv_entry_free (a key
 * that does not exist gets an entry without value). On failure (more than
 * 10 keys, a bad key) `entries` is left untouched. */
OPENKV_C_EXPORT openkv_status openkv_get_many(openkv_db* db, const char* const* keys_json,
                                              size_t key_count, openkv_consistency consistency,
                                              openkv_entry** entries, openkv_error** error);
/* Stores a value given in JSON notation. expire_in_ms >= 0: the entry
 * disappears that long after the commit; OPENKV_NO_EXPIRY: never. result may
 * be NULL. */
OPENKV_C_EXPORT openkv_status openkv_set(openkv_db* db, const char* key_json,
                                         const char* value_json, int64_t expire_in_ms,
                                         openkv_commit_result* result, openkv_error** error);
/* As openkv_set with a raw value: `size` bytes at `data` in `encoding`. The
 * bytes are decoded (so a malformed V8 serialization fails with
 * OPENKV_CORRUPTION and nothing is written) and stored re-encoded. data may
 * be NULL when size is 0. */
OPENKV_C_EXPORT openkv_status openkv_set_raw(openkv_db* db, const char* key_json,
                                             const uint8_t* data, size_t size,
                                             openkv_encoding encoding, int64_t expire_in_ms,
                                             openkv_commit_result* result, openkv_error** error);
/* Deletes a key; deleting a missing key is not an error. */
OPENKV_C_EXPORT openkv_status openkv_delete(openkv_db* db, const char* key_json,
                                            openkv_error** error);

/* ---- Lists ------------------------------------------------------------- */

/* A single pass over a range of entries, in batches. One thread at a time. */
typedef struct openkv_list_iterator openkv_list_iterator;

/* Lists the entries selected as in Deno's kv.list: prefix_json alone (keys
 * strictly below the prefix), prefix with start or end, or start with end
 * (start inclusive, end exclusive); pass NULL for a selector part not used.
 * limit > 0 yields at most that many entries, 0 means no limit; reverse
 * nonzero lists in descending key order; cursor (NULL or "" for none)
 * resumes after the entry whose cursor it is. On success *iterator is a new
 * handle. Bad JSON notation and an invalid selector shape fail here; a
 * bad limit or cursor fails the first openkv_list_next, as in Deno. */
OPENKV_C_EXPORT openkv_status openkv_list(openkv_db* db, const char* prefix_json,
                                          const char* start_json, const char* end_json,
                                          int64_t limit, int reverse, const char* cursor,
                                          openkv_list_iterator** iterator, openkv_error** error);
/* Sets *entry to a new entry, or to NULL once the range is exhausted or the
 * limit reached. */
OPENKV_C_EXPORT openkv_status openkv_list_next(openkv_list_iterator* iterator, openkv_entry** entry,
                                               openkv_error** error);
/* Sets *cursor to where a new list would resume: the cursor of the last
 * entry returned, "" once the range is exhausted. Before the first entry:
 * the cursor given to openkv_list, else fails with OPENKV_INVALID_ARGUMENT
 * ("Cannot get cursor before first iteration"). *cursor is owned by the
 * iterator and valid until its next openkv_list_next / openkv_list_cursor
 * call or openkv_list_free. */
OPENKV_C_EXPORT openkv_status openkv_list_cursor(openkv_list_iterator* iterator,
                                                 const char** cursor, openkv_error** error);
OPENKV_C_EXPORT void openkv_list_free(openkv_list_iterator* iterator);

/* ---- Atomic operations ------------------------------------------------- */

/* An atomic write being built: checks, then mutations in order, committed
 * all-or-nothing by openkv_atomic_commit. One thread at a time. A call that
 * fails adds nothing: the operation stays as it was and usable. */
typedef struct openkv_atomic openkv_atomic;

/* Starts an empty operation on `db`; *op is a new handle. */
OPENKV_C_EXPORT openkv_status openkv_atomic_new(openkv_db* db, openkv_atomic** op,
                                                openkv_error** error);
/* The commit succeeds only if the key holds exactly this versionstamp (20
 * hex characters), or, with versionstamp NULL, does not exist. */
OPENKV_C_EXPORT openkv_status openkv_atomic_check(openkv_atomic* op, const char* key_json,
                                                  const char* versionstamp, openkv_error** error);
/* Adds a set with the value in JSON notation (expiry as for openkv_set). */
OPENKV_C_EXPORT openkv_status openkv_atomic_set(openkv_atomic* op, const char* key_json,
                                                const char* value_json, int64_t expire_in_ms,
                                                openkv_error** error);
/* Adds a set with a raw value (decoded at once, as for openkv_set_raw). */
OPENKV_C_EXPORT openkv_status openkv_atomic_set_raw(openkv_atomic* op, const char* key_json,
                                                    const uint8_t* data, size_t size,
                                                    openkv_encoding encoding, int64_t expire_in_ms,
                                                    openkv_error** error);
OPENKV_C_EXPORT openkv_status openkv_atomic_delete(openkv_atomic* op, const char* key_json,
                                                   openkv_error** error);
/* KvU64 arithmetic on the stored value (a missing key counts as the operand
 * itself): sum wraps modulo 2^64, min and max are unsigned. A stored value
 * that is not a KvU64 fails the commit with OPENKV_TYPE_MISMATCH. */
OPENKV_C_EXPORT openkv_status openkv_atomic_sum(openkv_atomic* op, const char* key_json, uint64_t n,
                                                openkv_error** error);
OPENKV_C_EXPORT openkv_status openkv_atomic_min(openkv_atomic* op, const char* key_json, uint64_t n,
                                                openkv_error** error);
OPENKV_C_EXPORT openkv_status openkv_atomic_max(openkv_atomic* op, const char* key_json, uint64_t n,
                                                openkv_error** error);
/* Adds an enqueue, committed with the rest of the operation (or not at
 * all): the arguments are those of openkv_enqueue. */
OPENKV_C_EXPORT openkv_status openkv_atomic_enqueue(openkv_atomic* op, const char* value_json,
                                                    int64_t delay_ms,
                                                    const char* const* keys_if_undelivered,
                                                    size_t undelivered_count,
                                                    const int64_t* backoff_ms, size_t backoff_count,
                                                    openkv_error** error);
/* Commits. A failed check is not an error: the call returns OPENKV_OK with
 * result->ok == 0 and nothing written. The operation is not consumed: a
 * later commit writes the same checks and mutations again. result may be
 * NULL. */
OPENKV_C_EXPORT openkv_status openkv_atomic_commit(openkv_atomic* op, openkv_commit_result* result,
                                                   openkv_error** error);
OPENKV_C_EXPORT void openkv_atomic_free(openkv_atomic* op);

/* ---- Watch ------------------------------------------------------------- */

/* A watch of up to 10 keys. openkv_watch_next is for one thread at a time;
 * openkv_watch_cancel may be called from any thread. */
typedef struct openkv_watch openkv_watch;

/* Follows `key_count` keys (each in JSON notation). raw nonzero returns a
 * state after every wake-up even when no versionstamp changed (Deno's
 * raw: true). Too many keys and key errors fail here. */
OPENKV_C_EXPORT openkv_status openkv_watch_new(openkv_db* db, const char* const* keys_json,
                                               size_t key_count, int raw, openkv_watch** watch,
                                               openkv_error** error);
/* Waits up to timeout_ms (negative: without limit) for the next state. When
 * one arrives, stores key_count new entries into entries[0..key_count-1] (one
 * per watched key, in order; each freed by the caller with
 * openkv_entry_free) and sets *got_state to 1. On a timeout, or once the
 * watch has ended (cancelled, database closed), sets *got_state to 0 and
 * leaves `entries` untouched; openkv_watch_done tells the two apart. The
 * first state is the keys' current one. A failure to read the keys is
 * returned as an error on this and every later call. */
OPENKV_C_EXPORT openkv_status openkv_watch_next(openkv_watch* watch, int64_t timeout_ms,
                                                openkv_entry** entries, int* got_state,
                                                openkv_error** error);
/* 1 once the watch has ended (next would not block any more), else 0. */
OPENKV_C_EXPORT int openkv_watch_done(const openkv_watch* watch);
/* Ends the watch; a thread blocked in openkv_watch_next returns with
 * *got_state 0. Idempotent; any thread. */
OPENKV_C_EXPORT void openkv_watch_cancel(openkv_watch* watch);
/* Cancels and releases. REQUIRES: no thread is inside openkv_watch_next. */
OPENKV_C_EXPORT void openkv_watch_free(openkv_watch* watch);

/* ---- Queue ------------------------------------------------------------- */

/* Enqueues a message (value in JSON notation), delivered after delay_ms
 * (>= 0) to a listener of this database. keys_if_undelivered (an array of
 * undelivered_count keys in JSON notation; NULL when the count is 0) receive
 * the message as their value if delivery finally fails. backoff_ms: the
 * milliseconds between retries, backoff_count of them; NULL for Deno's
 * default schedule, a non-NULL pointer with count 0 for no retries. result
 * may be NULL. */
OPENKV_C_EXPORT openkv_status openkv_enqueue(openkv_db* db, const char* value_json,
                                             int64_t delay_ms,
                                             const char* const* keys_if_undelivered,
                                             size_t undelivered_count, const int64_t* backoff_ms,
                                             size_t backoff_count, openkv_commit_result* result,
                                             openkv_error** error);

/* Handles one message: return 0 when it was handled (delivered), nonzero to
 * fail this attempt (it is retried per its backoff schedule, then written to
 * its keys_if_undelivered). `message` is valid only during the call. Runs on
 * a thread of the listener; with concurrency > 1, on several at once. */
typedef int (*openkv_queue_handler)(const openkv_value* message, void* user_data);

/* Runs `handler` (with `user_data`) for every message of the database's
 * queue, on the calling thread plus concurrency - 1 more (concurrency >= 1),
 * delivering at least once. Returns when the database is closed (from
 * another thread or a handler), or, with max_messages > 0, once this
 * listener has handled that many messages; then OPENKV_OK. On a database
 * already closed fails with OPENKV_CLOSED. */
OPENKV_C_EXPORT openkv_status openkv_listen(openkv_db* db, openkv_queue_handler handler,
                                            void* user_data, int concurrency, uint64_t max_messages,
                                            openkv_error** error);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* OPENKV_OPENKV_C_H_ */
