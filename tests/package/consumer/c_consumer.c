/* Copyright (c) OpenKV authors.
 *
 * A C program on libopenkv_c.so (tests/package/install_test.sh): opens FILE,
 * sets a string in JSON notation, reads it back. Prints "ok" and exits 0
 * only when the value read back is the one written. */
#include <openkv/openkv_c.h>
#include <stdio.h>
#include <string.h>

#define KEY "[{\"type\":\"string\",\"value\":\"c\"}]"
#define VALUE "{\"type\":\"string\",\"value\":\"from C\"}"

static int fail(const char* what, openkv_error* error) {
  fprintf(stderr, "%s: %s\n", what, error != NULL ? openkv_error_message(error) : "wrong result");
  openkv_error_free(error);
  return 1;
}

int main(int argc, char** argv) {
  openkv_db* db = NULL;
  openkv_entry* entry = NULL;
  openkv_error* error = NULL;
  const char* json = NULL;
  int same;
  if (argc != 2) {
    fprintf(stderr, "usage: c_consumer FILE\n");
    return 2;
  }
  if (openkv_open(argv[1], NULL, &db, &error) != OPENKV_OK) return fail("open", error);
  if (openkv_set(db, KEY, VALUE, OPENKV_NO_EXPIRY, NULL, &error) != OPENKV_OK) {
    return fail("set", error);
  }
  if (openkv_get(db, KEY, &entry, &error) != OPENKV_OK) return fail("get", error);
  if (openkv_entry_value(entry) == NULL) return fail("get: no value", NULL);
  if (openkv_value_json(openkv_entry_value(entry), &json, &error) != OPENKV_OK) {
    return fail("value_json", error);
  }
  same = strcmp(json, VALUE) == 0;
  openkv_entry_free(entry);
  openkv_db_free(db);
  if (!same) return fail("get: another value", NULL);
  printf("ok\n");
  return 0;
}
