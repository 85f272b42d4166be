#!/usr/bin/env python3
# Copyright (c) OpenKV authors.
"""OpenKV from Python through ctypes (standard library only).

Usage: openkv_ctypes.py PATH/TO/libopenkv_c.so

Binds the C API of include/openkv/openkv_c.h (docs/C_API.md) and uses it:
set/get with JSON notation, list with a cursor, an atomic counter guarded by
a versionstamp check, a watch, and a queue listener with a Python callback.
Exits non-zero when something does not behave as the comments say.
"""
import ctypes
import json
import sys
import threading

OK = 0
NO_EXPIRY = -1


class Error(Exception):
    """An OpenKV failure: `status` is the openkv_status, str() its message."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


class CommitResult(ctypes.Structure):
    _fields_ = [("ok", ctypes.c_int), ("versionstamp", ctypes.c_char * 21)]


def load(path):
    lib = ctypes.CDLL(path)
    p = ctypes.c_void_p
    pp = ctypes.POINTER(ctypes.c_void_p)
    s = ctypes.c_char_p
    i64 = ctypes.c_int64
    status_fns = {
        "openkv_open": [s, p, pp, pp],
        "openkv_close": [p, pp],
        "openkv_get": [p, s, pp, pp],
        "openkv_set": [p, s, s, i64, ctypes.POINTER(CommitResult), pp],
        "openkv_delete": [p, s, pp],
        "openkv_list": [p, s, s, s, i64, ctypes.c_int, s, pp, pp],
        "openkv_list_next": [p, pp, pp],
        "openkv_list_cursor": [p, ctypes.POINTER(s), pp],
        "openkv_atomic_new": [p, pp, pp],
        "openkv_atomic_check": [p, s, s, pp],
        "openkv_atomic_sum": [p, s, ctypes.c_uint64, pp],
        "openkv_atomic_commit": [p, ctypes.POINTER(CommitResult), pp],
        "openkv_watch_new": [p, ctypes.POINTER(s), ctypes.c_size_t, ctypes.c_int, pp, pp],
        "openkv_watch_next": [p, i64, pp, ctypes.POINTER(ctypes.c_int), pp],
        "openkv_enqueue": [p, s, i64, ctypes.POINTER(s), ctypes.c_size_t,
                           ctypes.POINTER(i64), ctypes.c_size_t,
                           ctypes.POINTER(CommitResult), pp],
        "openkv_listen": [p, p, p, ctypes.c_int, ctypes.c_uint64, pp],
        "openkv_value_json": [p, ctypes.POINTER(s), pp],
    }
    for name, args in status_fns.items():
        fn = getattr(lib, name)
        fn.argtypes = args
        fn.restype = ctypes.c_int
    for name, restype in [("openkv_entry_key", s), ("openkv_entry_versionstamp", s),
                          ("openkv_entry_value", p), ("openkv_error_message", s),
                          ("openkv_error_code", ctypes.c_int), ("openkv_status_name", s)]:
        getattr(lib, name).restype = restype
        getattr(lib, name).argtypes = [ctypes.c_int if name == "openkv_status_name" else p]
    for name in ["openkv_entry_free", "openkv_error_free", "openkv_list_free",
                 "openkv_atomic_free", "openkv_watch_free", "openkv_watch_cancel",
                 "openkv_db_free"]:
        getattr(lib, name).argtypes = [p]
        getattr(lib, name).restype = None
    return lib


HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


class Kv:
    """A thin Pythonic wrapper: keys are lists of str/int/float, values go as
    @deno/kv-utils JSON notation."""

    def __init__(self, lib, path):
        self.lib = lib
        self.db = ctypes.c_void_p()
        self.call("openkv_open", path.encode(), None, ctypes.byref(self.db))

    def call(self, name, *args):
        err = ctypes.c_void_p()
        status = getattr(self.lib, name)(*args, ctypes.byref(err))
        if status != OK:
            message = self.lib.openkv_error_message(err).decode()
            self.lib.openkv_error_free(err)
            raise Error(status, message)

    @staticmethod
    def key(parts):
        def node(p):
            if isinstance(p, str):
                return {"type": "string", "value": p}
            if isinstance(p, bool):
                return {"type": "boolean", "value": p}
            return {"type": "number", "value": p}
        return json.dumps([node(p) for p in parts], separators=(",", ":")).encode()

    def value_of(self, value_handle):
        text = ctypes.c_char_p()
        self.call("openkv_value_json", value_handle, ctypes.byref(text))
        return json.loads(text.value)

    def entry(self, handle):
        """(key JSON, value notation or None, versionstamp or None); frees handle."""
        value = self.lib.openkv_entry_value(handle)
        out = (json.loads(self.lib.openkv_entry_key(handle)),
               self.value_of(value) if value else None,
               (self.lib.openkv_entry_versionstamp(handle) or b"").decode() or None)
        self.lib.openkv_entry_free(handle)
        return out

    def set(self, key, value_notation):
        result = CommitResult()
        self.call("openkv_set", self.db, self.key(key), json.dumps(value_notation).encode(),
                  NO_EXPIRY, ctypes.byref(result))
        return result.versionstamp.decode()

    def get(self, key):
        handle = ctypes.c_void_p()
        self.call("openkv_get", self.db, self.key(key), ctypes.byref(handle))
        return self.entry(handle)

    def list(self, prefix, limit=0, cursor=None):
        """The entries below prefix and the cursor to resume after them."""
        it = ctypes.c_void_p()
        self.call("openkv_list", self.db, self.key(prefix), None, None, limit, 0,
                  cursor.encode() if cursor else None, ctypes.byref(it))
        try:
            entries = []
            while True:
                handle = ctypes.c_void_p()
                self.call("openkv_list_next", it, ctypes.byref(handle))
                if not handle:
                    break
                entries.append(self.entry(handle))
            text = ctypes.c_char_p()
            self.call("openkv_list_cursor", it, ctypes.byref(text))
            return entries, text.value.decode()
        finally:
            self.lib.openkv_list_free(it)

    def close(self):
        self.call("openkv_close", self.db)

    def free(self):
        self.lib.openkv_db_free(self.db)


def expect(cond, what):
    if not cond:
        print("FAILED:", what, file=sys.stderr)
        sys.exit(1)


def main():
    lib = load(sys.argv[1])
    kv = Kv(lib, ":memory:")
    db = kv.db

    # set / get in JSON notation.
    stamp = kv.set(["users", "alice"], {"type": "object", "value": {
        "name": {"type": "string", "value": "Alice"}, "age": {"type": "number", "value": 31}}})
    key, value, vs = kv.get(["users", "alice"])
    expect(vs == stamp and value["value"]["age"]["value"] == 31, "get returns what set stored")
    expect(kv.get(["users", "bob"])[1] is None, "a missing key has no value")

    # list, two pages through the cursor.
    for n in range(5):
        kv.set(["items", n], {"type": "number", "value": n * 10})
    page1, cursor = kv.list(["items"], limit=3)
    page2, _ = kv.list(["items"], cursor=cursor)
    values = [v["value"] for _, v, _ in page1 + page2]
    expect(values == [0, 10, 20, 30, 40], "two list pages give every item once: %s" % values)

    # An atomic counter: sum guarded by the versionstamp read before.
    def bump():
        _, _, seen = kv.get(["counter"])
        op = ctypes.c_void_p()
        kv.call("openkv_atomic_new", db, ctypes.byref(op))
        try:
            kv.call("openkv_atomic_check", op, kv.key(["counter"]),
                    seen.encode() if seen else None)
            kv.call("openkv_atomic_sum", op, kv.key(["counter"]), 1)
            result = CommitResult()
            kv.call("openkv_atomic_commit", op, ctypes.byref(result))
            return result.ok == 1
        finally:
            lib.openkv_atomic_free(op)
    expect(bump() and bump(), "unconflicted bumps commit")
    expect(kv.get(["counter"])[1] == {"type": "KvU64", "value": "2"}, "the counter is 2")

    # A watch: the current state, then the state after a write from another thread.
    keys = (ctypes.c_char_p * 1)(kv.key(["config"]))
    watch = ctypes.c_void_p()
    kv.call("openkv_watch_new", db, keys, 1, 0, ctypes.byref(watch))
    entries = (ctypes.c_void_p * 1)()
    got = ctypes.c_int()
    kv.call("openkv_watch_next", watch, 5000, entries, ctypes.byref(got))
    expect(got.value == 1 and kv.entry(entries[0])[1] is None, "first state: config missing")
    writer = threading.Thread(target=kv.set, args=(["config"], {"type": "string", "value": "on"}))
    writer.start()
    kv.call("openkv_watch_next", watch, 5000, entries, ctypes.byref(got))
    writer.join()
    expect(got.value == 1 and kv.entry(entries[0])[1]["value"] == "on", "watch sees the write")
    lib.openkv_watch_free(watch)

    # The queue: a Python callback receives the message.
    received = []

    @HANDLER
    def on_message(message, _user_data):
        received.append(kv.value_of(message))
        return 0
    kv.call("openkv_enqueue", db, json.dumps({"type": "string", "value": "hi"}).encode(), 0,
            None, 0, None, 0, None)
    kv.call("openkv_listen", db, ctypes.cast(on_message, ctypes.c_void_p), None, 1, 1)
    expect(received == [{"type": "string", "value": "hi"}], "listener got %s" % received)

    # Errors carry a code and Deno's message.
    try:
        kv.call("openkv_get", db, b"[not json", ctypes.byref(ctypes.c_void_p()))
        expect(False, "bad JSON is an error")
    except Error as e:
        expect(lib.openkv_status_name(e.status) == b"InvalidArgument", "bad JSON: InvalidArgument")
    kv.close()
    try:
        kv.get(["users", "alice"])
        expect(False, "a closed database refuses reads")
    except Error as e:
        expect(lib.openkv_status_name(e.status) == b"Closed" and "closed" in str(e),
               "closed: %s" % e)
    kv.free()
    print("python ctypes example: all checks passed")


if __name__ == "__main__":
    main()
