"""Benchmark of ``querylang run --lines``: is the wall time the slowest database's bound?

A 10-line strategy, every line counted in all four databases, against the
loopback fakes (started here, in-process) with 50 ms latency and limits
scaled down: arXiv one request every 0.3 s, the others 20 requests/s, both
in the fakes (which refuse faster clients) and in the client (through the
QUERYLANG_*_RATE / _INTERVAL variables). The bound is the slowest
database's requests times its spacing (the interval plus the share of the
jitter margin that keeps every sliding window under the database's limit,
``querylang.runner.spacing``); the target is wall <= 1.15 x bound. The
bound of the bare interval (no margin) is printed too.

    /work/venv/bin/python bench/run.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from querylang import analyze  # noqa: E402
from querylang.results import Status  # noqa: E402
from querylang.runner import RunSettings, build_plans, run_strategy, spacing  # noqa: E402
from tests.fakes import FakeArxiv, FakeIEEE, FakePubMed, FakeServer, FakeWoS  # noqa: E402

LATENCY = 0.05
ARXIV_INTERVAL = 0.3
OTHERS_RATE = 20
TARGET_RATIO = 1.15
DATABASES = ["pubmed", "wos", "arxiv", "ieee"]

STRATEGY = """\
1. "large language model*" OR LLM OR GPT* OR ChatGPT
2. "foundation model*" OR "generative pre-trained transformer*"
3. #1 OR #2
4. "medical imag*" OR radiolog* OR "diagnostic imag*"
5. segmentation OR "image analysis"
6. #4 OR #5
7. #3 AND #6
8. #7 AND year:2013-2023
9. review OR survey
10. #8 NOT #9
"""


def start_fakes() -> list[tuple[str, FakeServer]]:
    fakes: list[tuple[str, FakeServer]] = [
        ("QUERYLANG_PUBMED_URL", FakePubMed(latency=LATENCY, rate_limit=OTHERS_RATE,
                                            rate_limit_with_key=OTHERS_RATE)),
        ("QUERYLANG_WOS_URL", FakeWoS(latency=LATENCY, rate_limit=OTHERS_RATE)),
        ("QUERYLANG_ARXIV_URL", FakeArxiv(latency=LATENCY, min_interval=ARXIV_INTERVAL)),
        ("QUERYLANG_IEEE_URL", FakeIEEE(latency=LATENCY, rate_limit=OTHERS_RATE)),
    ]
    for variable, fake in fakes:
        fake.start()
        os.environ[variable] = fake.url
    os.environ["WOS_API_KEY"] = FakeWoS().api_key
    os.environ["IEEE_API_KEY"] = FakeIEEE().api_key
    os.environ.pop("NCBI_API_KEY", None)
    for name in ("PUBMED", "WOS", "IEEE"):
        os.environ[f"QUERYLANG_{name}_RATE"] = str(OTHERS_RATE)
    os.environ["QUERYLANG_ARXIV_INTERVAL"] = str(ARXIV_INTERVAL)
    return fakes


def once(fakes: list[tuple[str, FakeServer]]) -> tuple[float, float, float, int]:
    """(wall seconds, bound, bound without the margin, throttled answers) of one run."""
    for _, fake in fakes:
        fake.reset()
    analysis = analyze(STRATEGY)
    assert analysis.strategy is not None and analysis.ok, analysis.diagnostics
    settings = RunSettings.from_env(os.environ)
    plans = build_plans(analysis.strategy, DATABASES, all_lines=True)
    started = time.perf_counter()
    result = run_strategy(plans, source_text=STRATEGY, source_name="bench", settings=settings)
    wall = time.perf_counter() - started
    bad = {n: t.error for n, t in result.targets.items() if t.status is not Status.OK}
    if bad:
        raise SystemExit(f"bench run failed: {bad}")
    bound = max(len(p.lines) * spacing(settings.interval(p.target)) for p in plans)
    bare = max(len(p.lines) * settings.interval(p.target) for p in plans)
    throttled = sum(
        1 for _, fake in fakes for req in fake.requests
        if req.status in (403, 429)
    )
    if throttled and os.environ.get("BENCH_DEBUG"):
        for variable, fake in fakes:
            for req in fake.requests:
                print(variable, f"{req.arrived:.4f}", req.status, file=sys.stderr)
    return wall, bound, bare, throttled


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    fakes = start_fakes()
    try:
        once(fakes)  # warm-up: imports, compiler caches
        for _ in range(args.repeat):
            wall, bound, bare, throttled = once(fakes)
            ratio = wall / bound
            verdict = "ok" if ratio <= TARGET_RATIO else "SLOW"
            paced = spacing(ARXIV_INTERVAL)
            print(f"wall {wall:.3f} s  bound {bound:.3f} s (slowest: arXiv 10 x {paced:.3f} s; "
                  f"without the jitter margin {bare:.3f} s)  "
                  f"ratio {ratio:.3f} (target <= {TARGET_RATIO}) {verdict}  "
                  f"throttled answers: {throttled}")
    finally:
        for _, fake in fakes:
            fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
