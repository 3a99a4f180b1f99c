#!/usr/bin/python3
"""Summarises the RESULT lines of run-train-throughput.sh: per threads and batch size the median
images/s of each side, the median over rounds of the Java / PyTorch ratio (each round's pair ran
back to back), the CPU-time ratio, and the peak RSS (largest over rounds). Exits non-zero if the
two sides' parameter counts differ (then the networks are not the same and nothing is compared)."""
import collections
import statistics
import sys


def parse(path):
    rows = []
    with open(path) as f:
        for line in f:
            if line.startswith("RESULT "):
                rows.append(dict(kv.split("=", 1) for kv in line.split()[1:]))
    return rows


def main(path):
    rows = parse(path)
    params = {(r["side"], r["params"]) for r in rows}
    counts = {side: {p for s, p in params if s == side} for side in ("java", "torch")}
    print(f"parameters (floats incl. batch-norm statistics): java {sorted(counts['java'])}, "
          f"PyTorch {sorted(counts['torch'])}")
    if counts["java"] != counts["torch"] or len(counts["java"]) != 1:
        sys.exit("parameter counts differ: the networks are not the same, refusing to compare")
    runs = collections.defaultdict(lambda: {"java": [], "torch": []})
    for r in rows:
        runs[(int(r["threads"]), int(r["batch"]))][r["side"]].append(r)
    print()
    print("| threads | batch | Java img/s | PyTorch img/s | Java/PyTorch (median of rounds) "
          "| CPU-time ratio | peak RSS Java MiB | peak RSS PyTorch MiB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for (threads, batch) in sorted(runs, key=lambda k: (-k[0], k[1])):
        j, t = runs[(threads, batch)]["java"], runs[(threads, batch)]["torch"]
        pairs = list(zip(j, t))
        ratio = statistics.median(float(a["img_s"]) / float(b["img_s"]) for a, b in pairs)
        cpu = statistics.median(float(b["cpu_ms"]) / float(a["cpu_ms"]) for a, b in pairs)
        print(f"| {threads} | {batch} | {statistics.median(float(a['img_s']) for a in j):.1f} "
              f"| {statistics.median(float(b['img_s']) for b in t):.1f} | {ratio:.2f} "
              f"| {cpu:.2f} | {max(int(a['peak_rss_kb']) for a in j) / 1024:.0f} "
              f"| {max(int(b['peak_rss_kb']) for b in t) / 1024:.0f} |")
    print()
    print("CPU-time ratio: PyTorch mean CPU ms per step / Java CPU ms per step (process CPU time, "
          "all threads); above 1 means Java used less CPU per step.")


if __name__ == "__main__":
    main(sys.argv[1])
