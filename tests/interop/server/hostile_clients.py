#!/usr/bin/python3
"""Hostile and careless clients against a running `openkv serve` (hostile.sh).

While every attack runs, a well-behaved client (the canary) asks for the
metadata on a fresh HTTP/1.1 connection every 50 ms. Each attack asserts the
server's answer; at the end the server must still run, every canary request
must have been answered 200 within a bound, and the server's memory and file
descriptors must be back near where they started.

    hostile_clients.py PORT TOKEN SERVER_PID

Only the standard library: HTTP/2 frames are built by hand (RFC 9113 §4,
HPACK literals of RFC 7541 §6.2), so each attack sends exactly the bytes it
means to. Prints PASS/FAIL/INFO lines; exits 1 on any failure.
"""
import http.client
import json
import os
import socket
import struct
import sys
import threading
import time

PORT, TOKEN, PID = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
HOST = "127.0.0.1"
PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
CANARY_BOUND_S = 2.0
failures = 0


def check(ok, what):
    global failures
    print(("PASS " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures += 1


def rss_kib():
    with open(f"/proc/{PID}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def fds():
    return len(os.listdir(f"/proc/{PID}/fd"))


def alive():
    try:
        os.kill(PID, 0)
        return True
    except OSError:
        return False


def metadata(token=TOKEN, timeout=10):
    conn = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    try:
        headers = {"content-type": "application/json"}
        if token is not None:
            headers["authorization"] = f"Bearer {token}"
        conn.request("POST", "/", body=json.dumps({"supportedVersions": [2, 3]}), headers=headers)
        res = conn.getresponse()
        return res.status, res.read()
    finally:
        conn.close()


class Canary(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.latencies, self.errors, self.stop = [], [], False

    def run(self):
        while not self.stop:
            t0 = time.monotonic()
            try:
                status, _ = metadata()
                if status != 200:
                    self.errors.append(f"status {status}")
            except Exception as e:  # noqa: BLE001 - every failure counts
                self.errors.append(repr(e))
            self.latencies.append(time.monotonic() - t0)
            time.sleep(0.05)


def raw(data, read=True, timeout=5):
    """Sends bytes on a fresh connection; returns what came back until close/timeout."""
    s = socket.create_connection((HOST, PORT))
    s.settimeout(timeout)
    try:
        s.sendall(data)
        out = b""
        while read:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
        return out
    except (socket.timeout, ConnectionResetError, BrokenPipeError):
        return out if read else b""
    finally:
        s.close()


def status_of(reply):
    parts = reply.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


# --- HTTP/2 by hand ---------------------------------------------------------
def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


DATA, HEADERS, RST_STREAM, SETTINGS, GOAWAY, CONTINUATION = 0, 1, 3, 4, 7, 9
END_STREAM, END_HEADERS, ACK = 0x1, 0x4, 0x1


def literal(name, value):
    """HPACK literal header field without indexing, new name (RFC 7541 §6.2.2)."""
    def s(b):
        assert len(b) < 127
        return bytes([len(b)]) + b
    return b"\x00" + s(name) + s(value)


def request_block(path=b"/v2/snapshot_read"):
    # :method POST (static index 3), :scheme http (6), then literals.
    return (b"\x83\x86" + literal(b":path", path) + literal(b":authority", b"127.0.0.1") +
            literal(b"authorization", b"Bearer " + TOKEN.encode()))


def h2_connection(settings=b""):
    s = socket.create_connection((HOST, PORT))
    s.sendall(PREFACE + frame(SETTINGS, 0, 0, settings))
    return s


def read_frames(s, seconds):
    """Frame types received until the peer closes or `seconds` pass."""
    s.settimeout(0.2)
    buf, kinds, deadline = b"", [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            continue
        except (ConnectionResetError, BrokenPipeError):
            kinds.append("closed")
            break
        if not chunk:
            kinds.append("closed")
            break
        buf += chunk
        while len(buf) >= 9:
            length = int.from_bytes(buf[:3], "big")
            if len(buf) < 9 + length:
                break
            kinds.append(buf[3])
            buf = buf[9 + length:]
    return kinds


def send_quietly(s, data):
    try:
        s.sendall(data)
        return True
    except (ConnectionResetError, BrokenPipeError):
        return False


# --- the attacks --------------------------------------------------------------
def tokens():
    check(metadata(token=None)[0] == 401, "no Authorization header: 401")
    check(metadata(token="wrong-token-0123456789")[0] == 401, "a wrong token: 401")
    check(metadata(token=TOKEN[:-1])[0] == 401, "the token less its last character: 401")
    status = status_of(raw(b"POST / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + b"a" * 65536 +
                           b"\r\nContent-Length: 0\r\n\r\n"))
    check(status == 431, f"a 64 KiB token: {status} (431, header fields too large)")


def oversized():
    status = status_of(raw(b"POST / HTTP/1.1\r\nHost: x\r\n" +
                           b"".join(b"X-Junk-%d: %s\r\n" % (i, b"v" * 100) for i in range(5000)) + b"\r\n"))
    check(status == 431, f"5,000 header lines: {status} (431)")
    status = status_of(raw(b"POST /v2/atomic_write HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                           TOKEN.encode() + b"\r\nContent-Length: 1000000000\r\n\r\n" + b"x" * 65536))
    check(status == 413, f"a body announced as 1 GB: {status} (413, without reading it)")
    status = status_of(raw(b"POST /v2/snapshot_read HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                           TOKEN.encode() + b"\r\nx-denokv-version: 2\r\nContent-Length: 7\r\n\r\n\xff\xff\xff\x01\x02\x03\x04"))
    check(status is not None and 400 <= status < 500, f"a malformed protobuf body: {status} (4xx)")
    status = status_of(raw(b"GARBAGE\x00\x01\x02 /// HTTP/9.9\r\n\r\n"))
    check(status == 400, f"a request line that is not HTTP: {status} (400)")


def slowloris(n=300, seconds=4):
    socks = []
    for _ in range(n):
        s = socket.create_connection((HOST, PORT))
        s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n")
        socks.append(s)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for s in socks:
            send_quietly(s, b"X-a: b\r\n")
        time.sleep(0.5)
    for s in socks:
        s.close()
    check(alive(), f"{n} slowloris connections trickling headers for {seconds} s: the server runs")


def idle_connections(n=2000):
    socks = [socket.create_connection((HOST, PORT)) for _ in range(n)]
    time.sleep(1)
    during = fds()
    status, _ = metadata()
    check(status == 200, f"{n} idle connections open ({during} server fds): a new client is served")
    for s in socks:
        s.close()


def chunked_forever(seconds=3):
    s = socket.create_connection((HOST, PORT))
    s.sendall(b"POST /v2/atomic_write HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN.encode() +
              b"\r\nx-denokv-version: 2\r\nTransfer-Encoding: chunked\r\n\r\n")
    deadline, sent = time.monotonic() + seconds, 0
    while time.monotonic() < deadline and send_quietly(s, b"400\r\n" + b"z" * 1024 + b"\r\n"):
        sent += 1024
    s.settimeout(5)
    try:
        reply = s.recv(4096)
    except (socket.timeout, ConnectionResetError):
        reply = b""
    s.close()
    status = status_of(reply)
    check(status == 413, f"a chunked body that never ends ({sent // 1024} KiB sent): {status} (413 at the body limit)")


def rapid_reset(n=20000):
    s = h2_connection()
    block = request_block()
    batch = b"".join(frame(HEADERS, END_HEADERS, 2 * i + 1, block) + frame(RST_STREAM, 0, 2 * i + 1, b"\x00\x00\x00\x08")
                     for i in range(n))
    send_quietly(s, batch)
    kinds = read_frames(s, 2)
    s.close()
    check(alive(), f"HTTP/2 rapid reset, {n} streams opened and cancelled on one connection: the server runs "
                   f"({'GOAWAY' if GOAWAY in kinds else 'no GOAWAY'}, {'closed' if 'closed' in kinds else 'open'})")


def continuation_flood(n=20000):
    # Header fields that never end, then frames that carry nothing at all
    # (which no header size limit catches).
    for junk in (literal(b"x-flood", b"y" * 100), b""):
        continuation_frames(n, junk)


def continuation_frames(n, junk):
    s = h2_connection()
    send_quietly(s, frame(HEADERS, 0, 1, request_block()))
    sent = 0
    for _ in range(n // 100):
        if not send_quietly(s, b"".join(frame(CONTINUATION, 0, 1, junk) for _ in range(100))):
            break
        sent += 100
    kinds = read_frames(s, 2)
    s.close()
    ended = GOAWAY in kinds or "closed" in kinds
    check(ended and alive(), f"CONTINUATION flood ({sent} frames of {len(junk)} bytes sent, never END_HEADERS): "
                             f"the connection is ended, the server runs")


def zero_window(streams=50):
    # SETTINGS_INITIAL_WINDOW_SIZE = 0: the server may send no DATA at all.
    s = h2_connection(struct.pack(">HI", 0x4, 0))
    body = b""  # an empty SnapshotRead: a valid request with an empty answer
    frames = b""
    for i in range(streams):
        frames += frame(HEADERS, END_HEADERS, 2 * i + 1,
                        request_block() + literal(b"x-denokv-version", b"2") +
                        literal(b"content-type", b"application/x-protobuf"))
        frames += frame(DATA, END_STREAM, 2 * i + 1, body)
    send_quietly(s, frames)
    time.sleep(2)
    status, _ = metadata()
    check(status == 200, f"{streams} HTTP/2 streams whose client grants no window: others are served")
    s.close()


def abandoned_watches(n=200):
    socks = []
    for _ in range(n):
        s = socket.create_connection((HOST, PORT))
        # An empty Watch body is refused (4xx) or starts a stream; either way
        # the client hangs up without reading.
        s.sendall(b"POST /v2/watch HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN.encode() +
                  b"\r\nx-denokv-version: 2\r\nContent-Length: 0\r\n\r\n")
        socks.append(s)
    for s in socks:
        s.close()
    check(alive(), f"{n} watch requests abandoned at once: the server runs")


def settle(baseline, seconds=15):
    """Waits until the server's fds are back near the baseline."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and fds() > baseline + 10:
        time.sleep(0.2)
    return fds()


def main():
    fd0, rss0 = fds(), rss_kib()
    print(f"INFO server {PID}: {fd0} fds, {rss0} KiB RSS before", flush=True)
    canary = Canary()
    canary.start()
    attacks = [tokens, oversized, slowloris, idle_connections, chunked_forever, rapid_reset,
               continuation_flood, zero_window, abandoned_watches]
    for attack in attacks:
        t0 = time.monotonic()
        try:
            attack()
        except Exception as e:  # noqa: BLE001 - an attack that breaks is a failure
            check(False, f"{attack.__name__} raised {e!r}")
        print(f"INFO {attack.__name__}: {time.monotonic() - t0:.1f} s, {fds()} fds, {rss_kib()} KiB RSS", flush=True)
    canary.stop = True
    canary.join()
    fd1 = settle(fd0)
    rss1 = rss_kib()
    worst = max(canary.latencies) if canary.latencies else float("inf")
    check(alive(), "the server is still running")
    check(not canary.errors, f"the canary's {len(canary.latencies)} requests were all answered 200"
                             f"{'' if not canary.errors else ': ' + '; '.join(canary.errors[:5])}")
    check(worst < CANARY_BOUND_S, f"the canary's slowest answer took {worst * 1000:.0f} ms (bound {CANARY_BOUND_S * 1000:.0f} ms)")
    check(fd1 <= fd0 + 10, f"file descriptors back to {fd1} (started at {fd0})")
    check(rss1 < rss0 + 200 * 1024, f"RSS {rss1} KiB after the attacks (started at {rss0} KiB; bound +200 MiB)")
    sys.exit(1 if failures else 0)


main()
