#!/usr/bin/env python3
"""Summarises compare.sh's runs: per workload the median, min and max of
every contender and the ratio OpenKV / Deno (median, and min..max over the
runs paired by round). Prints the table, and with an output directory also
writes table.md, summary.json, chart.dat and (when gnuplot is installed)
chart.png there. Usage: report.py RESULTS_JSONL [OUT_DIR]"""
import json
import os
import shutil
import statistics
import subprocess
import sys

PHASES = ["set", "get", "list", "check_set", "sum", "writers_1", "writers_8", "writers_64",
          "peak_rss_mb"]
CONTENDERS = ["deno", "nodekv", "openkv"]
LABELS = {"deno": "Deno 2.9.6", "nodekv": "@deno/kv 0.14.0", "openkv": "OpenKV"}

runs = {c: [] for c in CONTENDERS}
for line in open(sys.argv[1]):
    row = json.loads(line)
    runs[row.pop("contender")].append(row)
present = [c for c in CONTENDERS if runs[c]]


def fmt(x):
    return f"{x:,.1f}" if x < 100 else f"{x:,.0f}"


header = ["workload"] + [f"{LABELS[c]} median (min–max)" for c in present]
header += ["OpenKV/Deno median (min–max)"]
rows, summary = [], {}
for phase in PHASES:
    cells, summary[phase] = [phase + (" (MB)" if phase == "peak_rss_mb" else " (ops/s)")], {}
    for c in present:
        xs = [r[phase] for r in runs[c]]
        summary[phase][c] = {"median": statistics.median(xs), "min": min(xs), "max": max(xs)}
        cells.append(f"{fmt(statistics.median(xs))} ({fmt(min(xs))}–{fmt(max(xs))})")
    ratios = [o[phase] / d[phase] for o, d in zip(runs["openkv"], runs["deno"])]
    summary[phase]["ratio"] = {"median": statistics.median(ratios), "min": min(ratios),
                               "max": max(ratios)}
    cells.append(f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}–{max(ratios):.2f})")
    rows.append(cells)

lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
lines += ["| " + " | ".join(r) + " |" for r in rows]
table = "\n".join(lines) + f"\n\n{len(runs['openkv'])} alternating runs per contender.\n"
print(table)

if len(sys.argv) > 2:
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "table.md"), "w") as f:
        f.write(table)
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    # Chart: median throughput of each contender relative to Deno (log scale),
    # so workloads of very different magnitudes share one axis.
    with open(os.path.join(out, "chart.dat"), "w") as f:
        f.write("workload " + " ".join(f'"{LABELS[c]}"' for c in present) + "\n")
        for phase in PHASES[:-1]:
            deno = summary[phase]["deno"]["median"]
            f.write(phase + " " + " ".join(f"{summary[phase][c]['median'] / deno:.4f}"
                                           for c in present) + "\n")
    if shutil.which("gnuplot"):
        columns = ", ".join(f"'chart.dat' using {i + 2}:xtic(1) title columnheader({i + 2})"
                            for i in range(len(present)))
        script = f"""set terminal pngcairo size 1000,500
set output 'chart.png'
set style data histogram
set style histogram clustered gap 1
set style fill solid border -1
set logscale y 2
set ylabel 'throughput relative to Deno 2.9.6 (median, log scale)'
set key top left
set grid ytics
set xtics rotate by -30
plot {columns}
"""
        subprocess.run(["gnuplot"], input=script, text=True, cwd=out, check=True)
    else:
        print("gnuplot not installed: no chart.png (scripts/install-deps.sh --bench)",
              file=sys.stderr)
