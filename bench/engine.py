"""Benchmark: scoring engine time per agency, and `openita --help` start-up.

Goals (issue 3): < 5 ms per agency; `openita --help` < 0.5 s. Each figure is printed beside
a baseline measured in the same run on the same machine, so the ratio is comparable across
machines: json.loads of the agency's own result document for the engine, and a bare
`python -c pass` for start-up.

    uv run python bench/engine.py [--agencies 2000]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from openita.frameworks import load_framework
from openita.scoring import AgencyResult, score


def synthetic_results(n: int, seed: int = 2568) -> list[AgencyResult]:
    """Agencies with every question and OIT item given, so the engine derives everything."""
    rng = random.Random(seed)
    framework = load_framework(2568)
    results = []
    for i in range(n):
        questions = {q: round(rng.uniform(60, 100), 2) for q in framework.questions}
        questions |= {o: rng.choice((0.0, 50.0, 100.0, 100.0)) for o in framework.oit_items}
        parts = {q: {1: questions[q], 2: round(rng.uniform(80, 100), 2)}
                 for q in framework.questions if q.startswith("e")}  # fmt: skip
        results.append(AgencyResult.build(2568, f"agency {i}", questions=questions,
                                          question_parts=parts))  # fmt: skip
    return results


def per_call_ms(fn, items) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    times = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.mean(times), statistics.quantiles(times, n=20)[18]


def startup_seconds(cmd: list[str], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=2000)
    args = parser.parse_args()
    framework = load_framework(2568)
    results = synthetic_results(args.agencies)
    documents = [json.dumps({"questions": dict(r.questions)}) for r in results]
    per_call_ms(lambda r: score(framework, r), results[:50])  # warm-up
    mean_ms, p95_ms = per_call_ms(lambda r: score(framework, r), results)
    base_ms, _ = per_call_ms(json.loads, documents)
    print(f"engine: {args.agencies} agencies, mean {mean_ms:.3f} ms, p95 {p95_ms:.3f} ms "
          f"per agency (goal < 5 ms) — {mean_ms / base_ms:.1f}× json.loads of its document "
          f"({base_ms:.3f} ms)")  # fmt: skip

    exe = Path(sys.executable).with_name("openita")
    cli = startup_seconds([str(exe), "--help"])
    bare = startup_seconds([sys.executable, "-c", "pass"])
    print(f"start-up: openita --help {cli:.3f} s (goal < 0.5 s) — {cli / bare:.1f}× a bare "
          f"python start ({bare:.3f} s)")  # fmt: skip


if __name__ == "__main__":
    main()
