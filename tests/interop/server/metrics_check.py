#!/usr/bin/python3
"""Parses two scrapes of `openkv serve`'s /metrics with the Prometheus
project's own text-format parser (Debian's python3-prometheus-client) and
checks that they are well formed and that the counters moved as the requests
between them should have moved them (multi_db.sh).

  metrics_check.py BEFORE AFTER

Prints PASS/FAIL lines; exits 1 on any failure.
"""
import sys

from prometheus_client.parser import text_string_to_metric_families

failures = 0


def check(ok, what):
    global failures
    print(("PASS " if ok else "FAIL ") + what)
    if not ok:
        failures += 1


def parse(path):
    """{(sample name, sorted labels): value}, and {family name: type}."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    samples, types = {}, {}
    for family in text_string_to_metric_families(text):
        types[family.name] = family.type
        for s in family.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return samples, types


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


before, _ = parse(sys.argv[1])
after, types = parse(sys.argv[2])

expected_types = {
    "openkv_http_requests": "counter",
    "openkv_http_request_duration_seconds": "histogram",
    "openkv_open_connections": "gauge",
    "openkv_databases": "gauge",
    "openkv_commits": "counter",
    "openkv_commit_group_size": "histogram",
    "openkv_commit_sync_seconds": "histogram",
    "openkv_watch_streams": "gauge",
    "openkv_queue_messages": "gauge",
    "openkv_queue_dead_letters": "counter",
    "openkv_database_size_bytes": "gauge",
}
for name, kind in expected_types.items():
    check(types.get(name) == kind, f"{name} is a {kind} (got {types.get(name)})")


def moved(name, at_least, **labels):
    delta = value(after, name, **labels) - value(before, name, **labels)
    check(delta >= at_least, f"{name}{labels} moved by {delta:g} (at least {at_least})")


moved("openkv_http_requests_total", 20, endpoint="atomic_write", database="app", status="200")
moved("openkv_http_requests_total", 1, endpoint="atomic_write", database="shop", status="403")
moved("openkv_http_requests_total", 1, endpoint="snapshot_read", database="app", status="403")
moved("openkv_http_requests_total", 1, endpoint="metadata", database="shop", status="200")
moved("openkv_http_requests_total", 1, endpoint="watch", database="app", status="200")
moved("openkv_commits_total", 20, database="app")
moved("openkv_commits_total", 20, database="shop")
moved("openkv_http_request_duration_seconds_count", 20, endpoint="atomic_write", database="app")
moved("openkv_commit_group_size_count", 1, database="app")
moved("openkv_commit_sync_seconds_count", 1, database="app")

# Histogram buckets are cumulative and end in +Inf = _count.
buckets = {}
for (name, labels), v in after.items():
    if name.endswith("_bucket"):
        rest = tuple(kv for kv in labels if kv[0] != "le")
        le = dict(labels)["le"]
        buckets.setdefault((name[:-len("_bucket")], rest), []).append(
            (float("inf") if le == "+Inf" else float(le), v))
monotonic = True
for (base, rest), series in buckets.items():
    series.sort()
    counts = [v for _, v in series]
    if counts != sorted(counts) or counts[-1] != after.get((base + "_count", rest)):
        monotonic = False
        print(f"  not cumulative: {base} {rest}: {series}")
check(bool(buckets) and monotonic, f"{len(buckets)} histograms are cumulative and end at _count")

for db in ("app", "shop"):
    waiting = value(after, "openkv_queue_messages", database=db, state="waiting")
    check(waiting == 1, f"{db}'s queue holds the one message @deno/kv enqueued ({waiting:g})")
check(value(after, "openkv_databases") == 2, "openkv_databases is 2")
check(value(after, "openkv_database_size_bytes", database="app") > 0, "app's size is reported")
sys.exit(1 if failures else 0)
