#!/usr/bin/env python3
"""Drives the admin data API of a running `openkv serve --data-dir`.

Usage: data_api_test.py SERVER_URL ADMIN_TOKEN. The server has an empty
database "app" (and "other"). Exits 1 on the first failed check, printing
it; every check prints PASS.
"""
import json
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

URL, ADMIN = sys.argv[1], sys.argv[2]
API = f"{URL}/admin/v1/databases/app"


def s(v):
    return {"type": "string", "value": v}


def n(v):
    return {"type": "number", "value": v}


def call(method, path, body=None, token=ADMIN, raw=None, **params):
    query = urllib.parse.urlencode(
        {k: json.dumps(v) if isinstance(v, (list, dict)) else v for k, v in params.items()})
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(f"{API}{path}?{query}", data=data, method=method)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def check(ok, what, detail=""):
    if not ok:
        print(f"FAIL {what}: {detail}")
        sys.exit(1)
    print(f"PASS {what}")


def ok_json(method, path, body=None, **params):
    status, text = call(method, path, body, **params)
    if status != 200:  # a success is part of a check that follows
        check(False, f"{method} {path} {params or ''}", f"{status} {text}")
    return json.loads(text)


def bad(what, method, path, body=None, raw=None, status=400, **params):
    got, text = call(method, path, body, raw=raw, **params)
    try:
        err = json.loads(text).get("error")
    except ValueError:
        err = None
    check(got == status and isinstance(err, str) and err, what, f"{got} {text}")


# --- writes of every interesting type ---
values = {
    1: {"type": "bigint", "value": "12345678901234567890"},
    2: {"type": "Map", "value": [[s("a"), n(1)], [s("b"), {"type": "undefined"}]]},
    3: {"type": "KvU64", "value": "18446744073709551615"},
    4: {"type": "Date", "value": "2024-01-02T03:04:05.678Z"},
    5: {"type": "Set", "value": [n(1), {"type": "null", "value": None}]},
    6: {"type": "RegExp", "value": "/a+b/gi"},
    7: {"type": "Uint8Array", "value": "AQID", "byteLength": 3},
}
stamps = {}
for i, v in values.items():
    stamps[i] = ok_json("PUT", "/entry", {"key": [s("users"), n(i)], "value": v})["versionstamp"]
for i, v in values.items():
    got = ok_json("GET", "/entry", key=[s("users"), n(i)])
    check(got["value"] == v and got["versionstamp"] == stamps[i], f"users/{i} reads back", got)
missing = ok_json("GET", "/entry", key=[s("nobody")])
check(missing["value"] is None and missing["versionstamp"] is None, "a missing key is null", missing)

# --- list: selectors, reverse, limit and cursor paging ---
page = ok_json("GET", "/entries", prefix=[s("users")], limit=3)
keys = [e["key"][1]["value"] for e in page["entries"]]
check(keys == [1, 2, 3] and page["cursor"], "first page of 3 with a cursor", page)
seen = keys
while page["cursor"]:
    page = ok_json("GET", "/entries", prefix=[s("users")], limit=3, cursor=page["cursor"])
    seen += [e["key"][1]["value"] for e in page["entries"]]
check(seen == [1, 2, 3, 4, 5, 6, 7], "cursor paging visits every entry once", seen)
page = ok_json("GET", "/entries", prefix=[s("users")], reverse="true", limit=2)
check([e["key"][1]["value"] for e in page["entries"]] == [7, 6], "reverse", page)
page = ok_json("GET", "/entries", start=[s("users"), n(2)], end=[s("users"), n(4)])
check([e["key"][1]["value"] for e in page["entries"]] == [2, 3] and page["cursor"] is None,
      "start/end range", page)
everything = ok_json("GET", "/entries")
check(len(everything["entries"]) == 7, "no selector lists the whole database", everything)

# --- optimistic edit: the versionstamp check ---
edit = {"key": [s("users"), n(1)], "value": {"type": "bigint", "value": "-12345678901234567890"}}
status, text = call("PUT", "/entry", dict(edit, versionstamp="00000000000000000001"))
check(status == 409, "an edit from a stale versionstamp is refused", f"{status} {text}")
ok_json("PUT", "/entry", dict(edit, versionstamp=stamps[1]))
status, text = call("PUT", "/entry", {"key": [s("users"), n(1)], "value": n(0), "versionstamp": None})
check(status == 409, "versionstamp null requires the key to be absent", f"{status} {text}")

# --- expireIn ---
ok_json("PUT", "/entry", {"key": [s("ttl")], "value": s("soon"), "expireIn": 300})
check(ok_json("GET", "/entry", key=[s("ttl")])["value"] == s("soon"), "an expiring entry is there")
time.sleep(1.2)
check(ok_json("GET", "/entry", key=[s("ttl")])["value"] is None, "and gone after expireIn")

# --- children counts for the tree ---
ok_json("PUT", "/entry", {"key": [s("users")], "value": s("root")})
ok_json("PUT", "/entry", {"key": [s("users"), n(9), s("deep")], "value": n(1)})
tree = ok_json("GET", "/children")
check(tree["children"] == [{"part": s("users"), "count": 9, "hasValue": True}] and not tree["truncated"],
      "top-level children with counts", tree)
tree = ok_json("GET", "/children", prefix=[s("users")])
check([(c["part"]["value"], c["count"], c["hasValue"]) for c in tree["children"]] ==
      [(i, 1, True) for i in range(1, 8)] + [(9, 1, False)], "children below a prefix", tree)

# --- delete many, atomically ---
doomed = [[s("users"), n(i)] for i in (2, 4, 5, 6, 7)] + [[s("users")], [s("users"), n(9), s("deep")]]
got = ok_json("POST", "/delete", {"keys": doomed})
check(got["deleted"] == 7, "delete many", got)
left = [e["key"] for e in ok_json("GET", "/entries")["entries"]]
check(left == [[s("users"), n(1)], [s("users"), n(3)]], "only the others are left", left)
bad("a bad key in a delete deletes nothing", "POST", "/delete",
    {"keys": [[s("users"), n(1)], [{"type": "nope", "value": 1}]]})
check(len(ok_json("GET", "/entries")["entries"]) == 2, "…and nothing was deleted")

# --- export and import (the `openkv export` line format) ---
status, text = call("GET", "/export", prefix=[s("users")])
lines = [json.loads(line) for line in text.splitlines()]
check(status == 200 and [l["key"] for l in lines] == left and lines[1]["value"] == values[3],
      "export writes NDJSON lines", text)
ndjson = "\n".join([
    json.dumps({"key": [s("a")], "value": {"type": "Set", "value": [s("x")]}}),
    "not json",
    json.dumps({"key": [s("users"), n(3)], "value": s("must not overwrite")}),
    "",
]).encode()
status, text = call("POST", "/import", raw=ndjson, prefix=[s("imported")])
got = json.loads(text)
check(status == 200 and (got["count"], got["skipped"], got["errors"]) == (3, 0, 1)
      and got["failures"][0]["line"] == 2, "import with a prefix counts lines and names failures", text)
status, text = call("POST", "/import", raw=ndjson[ndjson.index(b"\n", ndjson.index(b"not json")) + 1:])
got = json.loads(text)
check((got["count"], got["skipped"]) == (1, 1), "import skips existing keys without overwrite", text)
check(ok_json("GET", "/entry", key=[s("users"), n(3)])["value"] == values[3], "…and kept the value")
imported = ok_json("GET", "/entry", key=[s("imported"), s("a")])
check(imported["value"] == {"type": "Set", "value": [s("x")]}, "the imported entry is there", imported)

# --- watch: server-sent events while another client writes ---
events = []
ready = threading.Event()


def watch():
    req = urllib.request.Request(
        f"{API}/watch?" + urllib.parse.urlencode({"keys": json.dumps([[s("w")], [s("users"), n(1)]])}))
    req.add_header("Authorization", f"Bearer {ADMIN}")
    with urllib.request.urlopen(req, timeout=10) as r:
        check(r.headers.get("content-type") == "text/event-stream", "watch is an event stream")
        for raw in r:
            line = raw.decode().rstrip("\n")
            if line.startswith("data: "):
                events.append(json.loads(line[6:]))
                ready.set()
                if len(events) == 2:
                    return


t = threading.Thread(target=watch, daemon=True)
t.start()
check(ready.wait(5), "the watch sends the current state first")
check(events[0][0]["value"] is None and events[0][1]["value"]["type"] == "bigint", "first event", events)
ok_json("PUT", "/entry", {"key": [s("w")], "value": n(42)})
t.join(5)
check(len(events) == 2 and events[1][0]["value"] == n(42), "a write shows up on the watch", events)

# --- bad input: 400 with an error, other failures with their status ---
bad("unknown key part type", "GET", "/entry", key=[{"type": "bogus", "value": 1}])
bad("key parameter missing", "GET", "/entry")
bad("body not JSON", "PUT", "/entry", raw=b"{nope")
bad("value missing", "PUT", "/entry", {"key": [s("k")]})
bad("bad value node", "PUT", "/entry", {"key": [s("k")], "value": {"type": "bigint", "value": "x"}})
bad("bad expireIn", "PUT", "/entry", {"key": [s("k")], "value": n(1), "expireIn": -5})
bad("bad versionstamp", "PUT", "/entry", {"key": [s("k")], "value": n(1), "versionstamp": "xyz"})
bad("limit out of range", "GET", "/entries", limit=0)
bad("reverse not a boolean", "GET", "/entries", reverse="maybe")
bad("bad cursor", "GET", "/entries", cursor="!!!")
bad("start after end", "GET", "/entries", start=[s("b")], end=[s("a")])
try:
    urllib.request.urlopen(urllib.request.Request(
        f"{API}/entries?prefix=%zz", headers={"Authorization": f"Bearer {ADMIN}"}), timeout=10)
    check(False, "a bad percent escape is 400")
except urllib.error.HTTPError as e:
    check(e.code == 400 and "error" in json.loads(e.read()), "a bad percent escape is 400", e.code)
bad("too many watched keys", "GET", "/watch", keys=[[n(i)] for i in range(11)])
bad("empty delete", "POST", "/delete", {"keys": []})
bad("wrong method", "DELETE", "/entries", status=405)
check(call("PUT", "/entry", {"key": [s("k")], "value": n(1)}, token="wrong")[0] == 401,
      "a wrong token is refused")
check(call("PUT", "/entry", {"key": [s("k")], "value": n(1)}, token=None)[0] == 401,
      "no token is refused")
status, text = call("GET", "/entries")
check(status == 200 and not any(e["key"] == [s("k")] for e in json.loads(text)["entries"]),
      "no bad request wrote anything")
req = urllib.request.Request(f"{URL}/admin/v1/databases/nosuch/entries")
req.add_header("Authorization", f"Bearer {ADMIN}")
try:
    urllib.request.urlopen(req, timeout=10)
    check(False, "an unknown database is 404")
except urllib.error.HTTPError as e:
    check(e.code == 404, "an unknown database is 404", e.code)
# A watch on a database that is dropped ends with an error event (the
# keep-alive, every 15 s, notices it).
ended = {}


def watch_other():
    req = urllib.request.Request(
        f"{URL}/admin/v1/databases/gone/watch?" + urllib.parse.urlencode({"keys": json.dumps([[s("x")]])}),
        headers={"Authorization": f"Bearer {ADMIN}"})
    with urllib.request.urlopen(req, timeout=30) as r:
        lines = [raw.decode().rstrip("\n") for raw in r]
    ended["lines"] = lines


created = urllib.request.urlopen(urllib.request.Request(
    f"{URL}/admin/v1/databases", data=json.dumps({"name": "gone"}).encode(), method="POST",
    headers={"Authorization": f"Bearer {ADMIN}"}), timeout=10)
check(created.status == 201, "a database to drop is made")
t = threading.Thread(target=watch_other, daemon=True)
t.start()
time.sleep(0.5)
urllib.request.urlopen(urllib.request.Request(
    f"{URL}/admin/v1/databases/gone", method="DELETE", headers={"Authorization": f"Bearer {ADMIN}"}), timeout=10)
t.join(25)
lines = ended.get("lines", [])
check("event: error" in lines and any("no longer served" in l for l in lines),
      "a watch of a dropped database ends with an error event", lines)

other = json.loads(urllib.request.urlopen(urllib.request.Request(
    f"{URL}/admin/v1/databases/other/entries", headers={"Authorization": f"Bearer {ADMIN}"})).read())
check(other["entries"] == [], "the other database is untouched", other)
