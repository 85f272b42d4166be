#!/usr/bin/env python3
"""Runs one benchmark process and prints its JSON result line with the
process's peak resident set size added ("peak_rss_mb"), measured by the
kernel (getrusage of the waited-for child), so every contender is measured
the same way. Usage: measure.py TIMEOUT_S COMMAND [ARG...]"""
import json
import resource
import subprocess
import sys

timeout, command = float(sys.argv[1]), sys.argv[2:]
out = subprocess.run(command, stdout=subprocess.PIPE, check=True, timeout=timeout, text=True).stdout
result = json.loads(out.strip().splitlines()[-1])
# ru_maxrss is in KiB on Linux, the maximum over waited-for children: this
# script starts exactly one.
result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps(result))
