"""Benchmark of ``querylang records``: is the fetch's wall time the rate-limit bound?

The example strategy's final line is counted in all four databases against
the loopback fakes (started here, in-process), which serve records from
the shared pool (tests/fakes/pool.py) with 20 ms latency and refuse clients
faster than their limits; then every record is fetched. Limits, in the fakes
and in the client alike: PubMed 3 requests/s, Web of Science and IEEE Xplore
2/s, arXiv one request every 0.5 s (its real 3 s only stretch the wait;
``--real-arxiv`` uses it). Page sizes are querylang's own (PubMed 500, Web
of Science 50, arXiv 2,000, IEEE Xplore 200); the pool is large enough for
many pages each.

The bound per database is its pages over its rate: requests x interval.
The fetch runs the databases at once, so the figure is wall / the slowest
database's bound; the target is <= 1.15. The bound with querylang's jitter
margin (requests x spacing, ``querylang.runner.spacing``) is printed too.

    python bench/records.py [--works 6000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from querylang import analyze  # noqa: E402
from querylang.records.fetch import fetch_records, plan_fetch, sources_from_run  # noqa: E402
from querylang.runner import RunSettings, build_plans, run_strategy, spacing  # noqa: E402
from querylang.store import SearchLog  # noqa: E402
from tests.fakes import FakeArxiv, FakeIEEE, FakePubMed, FakeServer, FakeWoS  # noqa: E402
from tests.fakes.pool import make_pool  # noqa: E402

LATENCY = 0.02
RATES = {"pubmed": 3.0, "wos": 2.0, "arxiv": 2.0, "ieee": 2.0}
TARGET_RATIO = 1.15
DATABASES = ["pubmed", "wos", "arxiv", "ieee"]
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "llm-medical-imaging.qry"


def start_fakes(works: int, arxiv_interval: float) -> list[tuple[str, FakeServer]]:
    pool = make_pool(works)
    fakes: list[tuple[str, FakeServer]] = [
        ("QUERYLANG_PUBMED_URL", FakePubMed(latency=LATENCY, rate_limit=3, pool=pool,
                                            rate_limit_with_key=3)),
        ("QUERYLANG_WOS_URL", FakeWoS(latency=LATENCY, rate_limit=2, pool=pool)),
        ("QUERYLANG_ARXIV_URL", FakeArxiv(latency=LATENCY, min_interval=arxiv_interval,
                                          pool=pool)),
        ("QUERYLANG_IEEE_URL", FakeIEEE(latency=LATENCY, rate_limit=2, pool=pool)),
    ]
    for variable, fake in fakes:
        fake.start()
        os.environ[variable] = fake.url
    os.environ["WOS_API_KEY"] = "fake-wos-key"
    os.environ["IEEE_API_KEY"] = "fake-ieee-key"
    os.environ.pop("NCBI_API_KEY", None)
    return fakes


def one_fetch(log_path: Path, settings: RunSettings) -> tuple[float, dict[str, int], bool]:
    """Count, then fetch every record; wall time of the fetch, requests, all fetched."""
    text = EXAMPLE.read_text(encoding="utf-8")
    strategy = analyze(text).strategy
    assert strategy is not None
    plans = build_plans(strategy, DATABASES)
    run = run_strategy(plans, source_text=text, source_name=EXAMPLE.name, settings=settings)
    with SearchLog(log_path, secrets=frozenset()) as log:
        run_id = log.save_run(run)
        line, sources, skipped = sources_from_run(log.load_run(run_id))
        assert not skipped, skipped
        plan = plan_fetch(run_id, line, sources, {}, max_records=10**6, settings=settings,
                          quotas={})
        started = time.perf_counter()
        outcomes = asyncio.run(fetch_records(plan, sources, log, settings=settings))
        wall = time.perf_counter() - started
        complete = all(o.state.complete and not o.error for o in outcomes.values())
        return wall, {name: o.requests for name, o in outcomes.items()}, complete


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--works", type=int, default=6000, help="works in the pool")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--real-arxiv", action="store_true", help="arXiv at 1 request / 3 s")
    args = parser.parse_args()
    rates = dict(RATES)
    if args.real_arxiv:
        rates["arxiv"] = 1 / 3
    fakes = start_fakes(args.works, 1 / rates["arxiv"])
    for name, rate in rates.items():
        os.environ[f"QUERYLANG_{name.upper()}_RATE"] = f"{rate:g}"
    settings = RunSettings.from_env(os.environ)
    pool = fakes[0][1].pool
    assert pool is not None
    print(f"pool: {args.works} works; records per database: "
          + ", ".join(f"{name} {pool.size(name)}" for name in DATABASES))
    try:
        ratios = []
        for attempt in range(args.repeat):
            with tempfile.TemporaryDirectory() as folder:
                wall, requests, complete = one_fetch(Path(folder) / "log.sqlite3", settings)
            bound = max(requests[name] / rates[name] for name in DATABASES)
            paced = max(requests[name] * spacing(1 / rates[name]) for name in DATABASES)
            ratio = wall / bound
            ratios.append(ratio)
            print(f"run {attempt + 1}: requests "
                  + ", ".join(f"{name} {requests[name]}" for name in DATABASES)
                  + f"; wall {wall:.2f} s; bound (pages / rate) {bound:.2f} s; "
                  f"with the jitter margin {paced:.2f} s; wall / bound {ratio:.3f}"
                  + ("" if complete else "; NOT COMPLETE"))
        worst = max(ratios)
        verdict = "ok" if worst <= TARGET_RATIO else "ABOVE TARGET"
        print(f"worst wall / bound: {worst:.3f} (target <= {TARGET_RATIO}): {verdict}")
        return 0 if worst <= TARGET_RATIO else 1
    finally:
        for _, fake in fakes:
            fake.stop()


if __name__ == "__main__":
    sys.exit(main())
