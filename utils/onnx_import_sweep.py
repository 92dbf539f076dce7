#!/usr/bin/env python3
"""Imports every ONNX model of a test-data tree with rt-translate and sorts
the outcomes.

Outcomes:
  ok           imported, IR verified (rt-translate exit 0)
  unsupported  clear error saying an operator, type or feature is not
               supported (exit 1, message contains "not supported" or
               "unsupported")
  error        other clear error (exit 1): the message is listed
  crash        killed by a signal, timed out, or exit code other than 0/1

Usage:
  utils/onnx_import_sweep.py --rt-translate build/bin/rt-translate \\
      /usr/share/libonnx-testdata/data/{node,simple,pytorch-converted,pytorch-operator} \\
      [--json out.json] [--max-crash 0] [--min-ok N]

Exits non-zero if there are more crashes than --max-crash or fewer imports
than --min-ok, so CI can hold the line.
"""

import argparse
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor


def classify(tool, model, timeout):
    try:
        p = subprocess.run([tool, "--import-onnx", model, "-o", os.devnull],
                           capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "crash", f"timeout after {timeout}s"
    msg = (p.stderr.strip().splitlines() or [""])[0]
    if p.returncode == 0:
        return "ok", ""
    if p.returncode == 1:
        if "not supported" in msg or "unsupported" in msg:
            return "unsupported", msg
        return "error", msg
    return "crash", f"exit code {p.returncode}: {msg}"


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--rt-translate", required=True)
    ap.add_argument("--json")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--max-crash", type=int, default=0)
    ap.add_argument("--min-ok", type=int, default=0)
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    models = []
    for d in args.dirs:
        for name in sorted(os.listdir(d)):
            m = os.path.join(d, name, "model.onnx")
            if os.path.isfile(m):
                models.append((os.path.basename(d), name, m))

    with ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(
            lambda t: (t[0], t[1]) + classify(args.rt_translate, t[2], args.timeout),
            models))

    totals = defaultdict(Counter)
    reasons = Counter()
    for suite, name, outcome, msg in results:
        totals[suite][outcome] += 1
        totals["all"][outcome] += 1
        if outcome != "ok":
            # Strip the path and node name to group reasons.
            reason = msg.split(": error: ", 1)[-1]
            if reason.startswith("node '"):
                reason = reason.split("): ", 1)[0].split("(", 1)[-1] + "): " + \
                    reason.split("): ", 1)[-1]
            reasons[(outcome, reason)] += 1
        if args.verbose and outcome != "ok":
            print(f"{outcome:12} {suite}/{name}: {msg}")

    print(f"{'suite':20} {'ok':>6} {'unsupported':>12} {'error':>6} {'crash':>6} {'total':>6}")
    for suite in list(sorted(k for k in totals if k != "all")) + ["all"]:
        c = totals[suite]
        print(f"{suite:20} {c['ok']:6} {c['unsupported']:12} {c['error']:6} "
              f"{c['crash']:6} {sum(c.values()):6}")
    print("\nreasons (count, outcome, op/opset: reason):")
    for (outcome, reason), n in reasons.most_common():
        print(f"{n:5} {outcome:12} {reason}")

    if args.json:
        with open(args.json, "w") as f:
            json.dump({"totals": {k: dict(v) for k, v in totals.items()},
                       "results": [dict(zip(("suite", "test", "outcome", "message"), r))
                                   for r in results]}, f, indent=1)

    c = totals["all"]
    if c["crash"] > args.max_crash:
        print(f"FAIL: {c['crash']} crashes (allowed {args.max_crash})", file=sys.stderr)
        return 1
    if c["ok"] < args.min_ok:
        print(f"FAIL: {c['ok']} models imported, floor is {args.min_ok}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
