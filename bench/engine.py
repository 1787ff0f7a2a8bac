"""Benchmark: scoring engine time per agency, and `openita --help` start-up.

Goals (issue 3): < 5 ms per agency; `openita --help` < 0.5 s; issue 12: < 1 ms per agency with
the deepest OIT item tree. Each figure is printed beside a baseline measured in the same run on
the same machine, so the ratio is comparable across machines: json.loads of the agency's own
result document for the engine, and a bare `python -c pass` for start-up.

The engine is timed with the shipped FY2568 file (indicator 9 three levels deep) and with the
deepest tree a framework file may declare: FY2568 with every OIT item at the bottom of a chain
of groups, :data:`~openita.frameworks.schema.MAX_TREE_DEPTH` nodes below its indicator.

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

from openita.frameworks import Framework, load_framework
from openita.frameworks.schema import MAX_TREE_DEPTH, FrameworkSpec, reference_problems
from openita.scoring import AgencyResult, score


def deepest_framework() -> Framework:
    """FY2568 with each OIT item under its own chain of groups, as deep as the schema allows."""
    shipped = load_framework(2568)
    spec = shipped.spec
    groups: list[dict[str, object]] = []
    items: list[dict[str, object]] = []
    for item in spec.oit_items:
        sub = shipped.sub_indicator_of(item.id)
        node = sub
        for level in range(MAX_TREE_DEPTH - 1):  # the sub-indicator is the first level
            child = f"{sub}.{item.id[1:]}{'.1' * level}"
            groups.append({"id": child, "parent": node})
            node = child
        items.append(item.model_dump() | {"sub_indicator": node})
    data = spec.model_dump() | {"groups": groups, "oit_items": items}
    deep = FrameworkSpec.model_validate(data)
    problems = reference_problems(deep)
    assert not problems, problems
    framework = Framework(spec=deep, source="<deepest>")
    assert max(len(p) for p in framework.path_of_item.values()) == MAX_TREE_DEPTH
    return framework


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


def per_call_ms(fn, items) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """Mean, median and 95th percentile of one call, in ms. On a loaded machine the mean
    carries the time the process was not scheduled; the median is the engine's own cost."""
    times = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.mean(times), statistics.median(times), statistics.quantiles(times, n=20)[18]


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
    results = synthetic_results(args.agencies)
    documents = [json.dumps({"questions": dict(r.questions)}) for r in results]
    _, base_ms, _ = per_call_ms(json.loads, documents)
    for label, framework, goal in (
        ("FY2568 tree", load_framework(2568), "5 ms"),
        (f"deepest tree ({MAX_TREE_DEPTH} levels)", deepest_framework(), "1 ms"),
    ):
        per_call_ms(lambda r, fw=framework: score(fw, r), results[:50])  # warm-up
        mean_ms, median_ms, p95_ms = per_call_ms(lambda r, fw=framework: score(fw, r), results)
        print(f"engine, {label}: {args.agencies} agencies, median {median_ms:.3f} ms "
              f"(mean {mean_ms:.3f}, p95 {p95_ms:.3f}) per agency (goal < {goal}) — "
              f"{median_ms / base_ms:.1f}× json.loads of its document "
              f"(median {base_ms:.3f} ms)")  # fmt: skip

    exe = Path(sys.executable).with_name("openita")
    cli = startup_seconds([str(exe), "--help"])
    bare = startup_seconds([sys.executable, "-c", "pass"])
    print(f"start-up: openita --help {cli:.3f} s (goal < 0.5 s) — {cli / bare:.1f}× a bare "
          f"python start ({bare:.3f} s)")  # fmt: skip


if __name__ == "__main__":
    main()
